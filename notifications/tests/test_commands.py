"""``manage.py send_reminders`` and ``send_digests`` (SPEC §5): as on a given
day, as a dry run, once only."""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.models import Email
from notifications.models import Chunk, Job, Run
from notifications.tests.helpers import job_emails
from people.models import Position, User
from people.tests.positions import host, submit
from projects import services as project_services

DAY = date(2026, 12, 7)  # a Monday
WEEK = "2026-W50"
# The data is made two weeks before DAY, so that none of it is news in DAY's
# weekly digest (the seven days before it), whatever the day the suite runs.
MADE_AT = datetime.combine(DAY - timedelta(days=14), time(10), tzinfo=timezone.get_default_timezone())


@pytest.fixture(autouse=True)
def _made_before_the_week() -> Iterator[None]:
    with time_machine.travel(MADE_AT, tick=True):
        yield


@pytest.fixture
def content(personas: dict[str, User]) -> None:
    """A milestone of researcher's project due five days after DAY (a reminder
    and a deadline for him); a request waiting on teamlead2 and depthead for
    five days on DAY (a reminder each, and an item of their digests)."""
    project = project_services.project_create(by=personas["researcher"], acronym="ECHO-AI", title="Echo AI")
    project_services.milestone_create(
        project=project, by=personas["researcher"], title="Validation cohort frozen", due_date=DAY + timedelta(days=5)
    )
    position = submit(host(personas["clinician"], "NEUROLEARN", topic="Strain imaging"))
    since = timezone.make_aware(datetime.combine(DAY - timedelta(days=5), time(9)))
    Position.objects.filter(pk=position.pk).update(waiting_since=since)


def run_of(job: str) -> Run:
    return Run.objects.get(job=job)


def command(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_send_reminders_dry_run_shows_who_would_get_what_and_writes_nothing(content):
    emails = Email.objects.count()
    out = command("send_reminders", "--today", DAY.isoformat(), "--dry-run")
    assert "researcher <researcher@labsite.example>: Rappel : ECHO-AI — Validation cohort frozen" in out
    assert "    - ECHO-AI — Validation cohort frozen" in out
    assert "teamlead2 <teamlead2@labsite.example>: Reminder: Host position — Camille Clinicienne: Strain imaging" in out
    assert "depthead <depthead@labsite.example>: Rappel : Poste d’accueil — Camille Clinicienne: Strain imaging" in out
    assert f"{Job.REMINDERS.label} {DAY.isoformat()}: 3 emails would be queued (dry run)." in out
    assert (Email.objects.count(), Run.objects.count(), Chunk.objects.count()) == (emails, 0, 0)


def test_send_reminders_queues_once(content):
    out = command("send_reminders", "--today", DAY.isoformat())
    assert f"{run_of(Job.REMINDERS)}: 3 emails queued (11 recipients considered)." in out
    assert sorted((email.recipient.username, email.key.split(":")[1]) for email in job_emails()) == [
        ("depthead", "approval"),
        ("researcher", "milestone"),
        ("teamlead2", "approval"),
    ]
    assert f"{run_of(Job.REMINDERS)}: 0 emails queued" in command("send_reminders", "--today", DAY.isoformat())
    assert len(job_emails()) == 3


def test_send_digests_dry_run_shows_both_digests_of_a_monday_and_writes_nothing(content):
    emails = Email.objects.count()
    out = command("send_digests", "--today", DAY.isoformat(), "--dry-run")
    assert (
        f"{Job.DAILY_DIGEST.label} {DAY.isoformat()}: 0 emails would be queued (dry run)." in out
    )  # nobody takes it daily
    assert f"{Job.WEEKLY_DIGEST.label} {WEEK}: 3 emails would be queued (dry run)." in out
    assert "teamlead2 <teamlead2@labsite.example>: Your weekly labsite digest — 1 item waiting for you" in out
    assert "    - Host position — Camille Clinicienne: Strain imaging" in out
    assert "researcher <researcher@labsite.example>: " in out
    assert (Email.objects.count(), Run.objects.count(), Chunk.objects.count()) == (emails, 0, 0)


def test_send_digests_queues_once(content):
    out = command("send_digests", "--today", DAY.isoformat())
    assert f"{run_of(Job.WEEKLY_DIGEST)}: 3 emails queued" in out
    assert sorted(email.recipient.username for email in job_emails()) == ["depthead", "researcher", "teamlead2"]
    again = command("send_digests", "--today", DAY.isoformat())
    assert f"{run_of(Job.WEEKLY_DIGEST)}: 0 emails queued" in again
    assert f"{run_of(Job.DAILY_DIGEST)}: 0 emails queued" in again
    assert len(job_emails()) == 3


def test_send_digests_on_a_tuesday_runs_the_daily_digest_only(content):
    command("send_digests", "--today", (DAY + timedelta(days=1)).isoformat())
    assert list(Run.objects.values_list("job", "period")) == [(Job.DAILY_DIGEST, "2026-12-08")]


@pytest.mark.parametrize("name", ["send_reminders", "send_digests"])
@pytest.mark.parametrize("value", ["notadate", "2026-13-01", "07/12/2026"])
def test_a_day_that_is_not_a_date_is_refused(db, name, value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        command(name, "--today", value)
    assert not Run.objects.exists()


def test_with_workers_the_command_hands_the_chunks_out_and_composes_nothing(content, published):
    out = command("send_reminders", "--today", DAY.isoformat(), "--workers")
    run = run_of(Job.REMINDERS)
    assert f"{run}: {run.user_count} recipients in 1 chunks handed to the workers." in out
    assert published == [("labsite.run_notification_chunk", (run.chunks.get().pk,))]
    assert job_emails() == []


@pytest.mark.parametrize("command", ["send_digests", "send_reminders"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_day_at_the_calendars_ends_is_refused_not_a_traceback(
    personas: dict[str, User], command: str, day: str, dry_run: bool
) -> None:
    """The jobs look a week back and ninety days ahead: such a ``--today``
    overflowed the date arithmetic (OverflowError) instead of a usage error."""
    with pytest.raises(CommandError, match="out of range"):
        call_command(command, "--today", day, *(["--dry-run"] if dry_run else []))
