"""The digests of SPEC §5: what each persona is told, in which language and
parts, how often, and never twice."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import resolve
from django.utils import timezone, translation

from core.models import AuditEvent
from core.outbox import email_bodies_to_send
from notifications.content.context import RunContext, prepare_users
from notifications.content.digests import Digest, digest_for
from notifications.content.items import Item
from notifications.jobs import window_of
from notifications.models import Chunk, Job, Run
from notifications.tests.helpers import (
    digest_of,
    item_target,
    job_emails,
    next_monday,
    recipients,
    seed_demo,
    send_digests,
    today,
    unsubscribe_path,
    visible_ids,
)
from people.models import DigestFrequency, Position, User
from people.selectors import position_list
from people.services import position_request_changes
from people.tests.positions import host, submit
from projects import services as project_services
from projects.models import Project

LINK = re.compile(re.escape(settings.SITE_URL) + r"(/[^\s\"<]*)")


@pytest.fixture
def demo(personas: dict[str, User]) -> dict[str, User]:
    return seed_demo()


@pytest.fixture
def monday() -> date:
    """The next Monday: its weekly digest covers the demo, written today."""
    return next_monday(today())


def digest_as_run(user: User, day: date, job: str = Job.WEEKLY_DIGEST) -> Digest:
    """The digest ``user`` gets from the run of ``job`` on ``day`` (already run)."""
    run = Run.objects.get(job=job, today=day)
    [prepared] = prepare_users([user.pk])
    with translation.override(prepared.language):
        return digest_for(prepared, RunContext.build(today=day, changes=run.changes))


def topics(items: list[Item]) -> set[str]:
    """The topics of the requests among ``items``."""
    return {item.title.rsplit(": ", 1)[-1] for item in items if item.kind == "position"}


def set_frequencies(**frequencies: str) -> None:
    """These personas receive the digest so often; everyone else none."""
    User.objects.update(digest=DigestFrequency.OFF)
    for username, frequency in frequencies.items():
        User.objects.filter(username=username).update(digest=frequency)


# On the demo -------------------------------------------------------------------------------


def test_every_link_of_every_digest_opens_something_its_reader_sees(demo, monday):
    assert send_digests(monday) > 0
    for email in job_emails("digest:"):
        seen = visible_ids(email.recipient)
        for path in LINK.findall(email.body_text):
            match = resolve(path)
            if "pk" in match.kwargs:
                assert int(match.kwargs["pk"]) in seen[match.view_name], (email.recipient.username, path)


def test_every_item_of_every_persona_is_among_what_they_see(demo, monday):
    send_digests(monday)
    for username, user in demo.items():
        digest = digest_as_run(user, monday)
        seen = visible_ids(user)
        for section in (digest.waiting, digest.changed, digest.deadlines):
            for item in section.items:
                view_name, pk = item_target(item)
                assert pk in seen[view_name], (username, item)


def test_waiting_lists_the_requests_awaiting_each_persona(demo, monday):
    send_digests(monday)
    for username, user in demo.items():
        expected = set(position_list(user=user, awaiting_me=True, today=monday).values_list("topic", flat=True))
        assert topics(digest_as_run(user, monday).waiting.items) == expected, username
    teamlead = digest_as_run(demo["teamlead"], monday)
    assert topics(teamlead.waiting.items) == {
        "Digital twins of the failing heart",
        "Arrhythmia detection from wearables",
        "Bedside validation of ECG models",
    }


def test_direction_is_told_of_the_data_requests_waiting(demo, monday):
    send_digests(monday)
    titles = [item.title for item in digest_as_run(demo["director"], monday).waiting.items]
    assert "Demande d’accès aux données de ICU-PULSE" in titles
    assert any("HEARTWATCH" in title for title in titles)
    assert digest_as_run(demo["clinician"], monday).waiting.items == []
    assert digest_as_run(demo["partner"], monday).waiting.items == []


def test_deadlines_are_the_readers_own(demo, monday):
    send_digests(monday)
    researcher = [item.title for item in digest_as_run(demo["researcher"], monday).deadlines.items]
    assert "CARDIO-ML — Model validated on the HEGP cohort" in researcher  # researcher leads CARDIO-ML
    transfer = [item.title for item in digest_as_run(demo["transfer"], monday).deadlines.items]
    assert any(title.startswith("NDA-0179 — Respira Medical") for title in transfer)
    # clinician is a plain member of CARDIO-ML: its milestone is not hers to meet.
    clinician = [item.title for item in digest_as_run(demo["clinician"], monday).deadlines.items]
    assert not any(title.startswith("CARDIO-ML") for title in clinician)


def test_the_partner_hears_only_of_its_project_and_its_companys_innovation(demo, monday):
    send_digests(monday)
    digest = digest_as_run(demo["partner"], monday)
    kinds = {(item.kind, item.title.split(" — ")[0]) for item in digest.changed.items}
    assert kinds == {("project", "CARDIO-ML"), ("innovation", "RythmoScan")}
    text = digest_of(demo["partner"]).body_text
    for secret in ("HEARTWATCH", "NEUROFED", "VENTILO", "Host position", "Secondment"):
        assert secret not in text


def test_a_digest_has_a_text_part_with_the_urls_and_an_html_part_with_the_links(demo, monday):
    # A deadline of teamlead's in the week after the digest, whatever the day
    # the demo was written (on a Monday, the next one is a week away).
    project = project_services.project_create(by=demo["teamlead"], acronym="PACE-ML", title="Pacing learned")
    project_services.milestone_create(
        project=project, by=demo["teamlead"], title="Cohort frozen", due_date=monday + timedelta(days=3)
    )
    send_digests(monday)
    email = digest_of(demo["teamlead"])
    digest = digest_as_run(demo["teamlead"], monday)
    assert digest.waiting and digest.changed and digest.deadlines
    for section in (digest.waiting, digest.changed, digest.deadlines):
        for item in section.items:
            assert item.url in email.body_text
            assert f'href="{item.url}"' in email.body_html
    unsubscribe = settings.SITE_URL + unsubscribe_path(email)
    sent_text, sent_html = email_bodies_to_send(email)
    assert unsubscribe in sent_text
    assert f'href="{unsubscribe}"' in sent_html
    assert unsubscribe not in email.body_text + email.body_html  # its token is made when sent, never stored
    assert f"{settings.SITE_URL}/me/" in email.body_text
    assert email.body_html.startswith("<!DOCTYPE html>")
    assert "<" not in email.body_text


def test_french_readers_get_french_and_english_readers_english(demo, monday):
    User.objects.filter(username="clinician").update(language="en")
    send_digests(monday)
    french, english, switched = (digest_of(demo[name]) for name in ("teamlead", "teamlead2", "clinician"))
    assert (french.language, english.language, switched.language) == ("fr", "en", "en")
    assert french.subject.startswith("Votre récapitulatif hebdomadaire labsite")
    assert french.body_text.startswith("Bonjour Théo,")
    assert "CE QUI VOUS ATTEND" in french.body_text
    assert "Poste d’accueil — Camille Clinicienne: Digital twins of the failing heart" in french.body_text
    assert '<html lang="fr">' in french.body_html
    for email in (english, switched):
        assert email.subject.startswith("Your weekly labsite digest")
        assert email.body_text.startswith("Hello ")
        assert "Here is what happened on labsite since" in email.body_text
        assert '<html lang="en">' in email.body_html
    assert "Host position — Camille Clinicienne: Stroke lesion segmentation" in switched.body_text


def test_the_subject_counts_what_waits(demo, monday):
    send_digests(monday)
    assert digest_of(demo["teamlead2"]).subject == "Your weekly labsite digest"
    User.objects.filter(username="teamlead").update(language="en")
    Run.objects.all().delete()
    digest_of(demo["teamlead"]).delete()
    send_digests(monday)
    assert digest_of(demo["teamlead"]).subject == "Your weekly labsite digest — 3 items waiting for you"


# Frequencies, repeats, nothing to say ----------------------------------------------------


@pytest.fixture
def waiting(personas: dict[str, User]) -> Position:
    """Awaits teamlead2 and depthead, whatever the day."""
    return submit(host(personas["clinician"], "NEUROLEARN", topic="Strain imaging"))


def test_daily_readers_get_one_every_day_weekly_ones_on_mondays_and_off_none(waiting, personas, monday):
    set_frequencies(teamlead2=DigestFrequency.DAILY, depthead=DigestFrequency.WEEKLY)
    for offset in range(7):
        send_digests(monday + timedelta(days=offset))
    daily = [email.key for email in job_emails("digest:daily:")]
    assert daily == [
        f"digest:daily:{(monday + timedelta(days=n)).isoformat()}:{personas['teamlead2'].pk}" for n in range(7)
    ]
    year, week, _day = monday.isocalendar()
    assert [email.key for email in job_emails("digest:weekly:")] == [
        f"digest:weekly:{year}-W{week:02d}:{personas['depthead'].pk}"
    ]
    assert recipients("digest:") == ["depthead", *["teamlead2"] * 7]


def test_nothing_to_say_sends_nothing(personas, monday):
    assert send_digests(monday) == 0
    assert job_emails() == []
    run = Run.objects.get(job=Job.WEEKLY_DIGEST)
    assert run.finished_at is not None and run.user_count == len(personas)
    assert list(run.chunks.values_list("status", "emails")) == [(Chunk.Status.DONE, 0)]


def test_who_has_nothing_to_say_gets_nothing(waiting, personas, monday):
    send_digests(monday)
    told = set(recipients("digest:"))
    # partner sees no request; researcher sees no request of CARDIOSIM's… and none of NEUROLEARN's.
    assert "partner" not in told and "researcher" not in told
    assert {"teamlead2", "depthead", "director", "ops"} <= told


def test_running_again_for_the_same_period_sends_nothing_new(waiting, monday):
    first = send_digests(monday)
    assert first > 0
    assert send_digests(monday) == 0
    Run.objects.all().delete()  # a run started afresh still meets the outbox's keys
    assert send_digests(monday) == 0
    assert len(job_emails()) == first


# What changed, and when ------------------------------------------------------------------


def backdate(obj: Project | Position, at: datetime) -> None:
    """The audit trail is append-only (core.0005_append_only_logs): the test
    database's role, a superuser, moves its rows back with the triggers off, for
    this transaction only. The site's role cannot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        AuditEvent.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name).update(at=at)
        # Inside the test's transaction, SET LOCAL outlives this block: undone here.
        cursor.execute("SET LOCAL session_replication_role = origin")


def changed_titles(user: User, day: date, job: str = Job.DAILY_DIGEST) -> list[str]:
    return [item.title for item in digest_as_run(user, day, job).changed.items]


def test_the_readers_own_changes_are_not_news_to_them(personas):
    set_frequencies(teamlead=DigestFrequency.DAILY, researcher=DigestFrequency.DAILY)
    project_services.project_create(by=personas["teamlead"], acronym="OWNWORK", title="Own work")
    tomorrow = today() + timedelta(days=1)
    send_digests(tomorrow)
    assert recipients("digest:") == ["researcher"]
    assert changed_titles(personas["researcher"], tomorrow) == ["OWNWORK — Own work"]
    assert changed_titles(personas["teamlead"], tomorrow) == []


def test_a_change_by_someone_else_to_the_readers_own_project_is_news(personas):
    set_frequencies(teamlead=DigestFrequency.DAILY)
    project = project_services.project_create(by=personas["teamlead"], acronym="OWNWORK", title="Own work")
    backdate(project, timezone.now() - timedelta(days=3))
    project_services.project_update(project=project, by=personas["director"], title="Own work, revised")
    tomorrow = today() + timedelta(days=1)
    send_digests(tomorrow)
    assert recipients("digest:") == ["teamlead"]
    [item] = digest_as_run(personas["teamlead"], tomorrow, Job.DAILY_DIGEST).changed.items
    assert (item.title, item.note) == ("OWNWORK — Own work, revised", "modifié")


def test_a_request_sent_back_for_changes_says_so(personas):
    set_frequencies(clinician=DigestFrequency.DAILY, teamlead2=DigestFrequency.DAILY)
    position = submit(host(personas["clinician"], "NEUROLEARN", topic="EEG at night"))
    position_request_changes(position=position, by=personas["depthead"], comment="Name the clinical days.")
    tomorrow = today() + timedelta(days=1)
    send_digests(tomorrow)
    for username in ("clinician", "teamlead2"):
        [item] = digest_as_run(personas[username], tomorrow, Job.DAILY_DIGEST).changed.items
        assert item.title.endswith("EEG at night")
        with translation.override(User.objects.get(username=username).language):
            assert item.note == translation.gettext("sent back for changes"), username
    # It awaits nobody: in no one's waiting section.
    assert not digest_as_run(personas["teamlead2"], tomorrow, Job.DAILY_DIGEST).waiting


def test_a_weekly_digest_reports_the_seven_days_before_its_monday(personas, monday):
    set_frequencies(researcher=DigestFrequency.WEEKLY)
    since, until = window_of(Job.WEEKLY_DIGEST, monday)
    assert (since, until) == (
        timezone.make_aware(datetime.combine(monday - timedelta(days=7), time.min)),
        timezone.make_aware(datetime.combine(monday, time.min)),
    )
    for acronym, at in (
        ("TOOEARLY", since - timedelta(seconds=1)),
        ("FIRSTDAY", since),
        ("LASTDAY", until - timedelta(seconds=1)),
        ("TOOLATE", until),
    ):
        backdate(project_services.project_create(by=personas["teamlead"], acronym=acronym, title=acronym), at)
    send_digests(monday)
    assert changed_titles(personas["researcher"], monday, Job.WEEKLY_DIGEST) == [
        "LASTDAY — LASTDAY",  # newest change first
        "FIRSTDAY — FIRSTDAY",
    ]


def test_a_weekly_window_runs_from_local_midnight_to_local_midnight_across_a_clock_change():
    since, until = window_of(Job.WEEKLY_DIGEST, date(2026, 10, 26))  # clocks went back on Sunday 25
    assert (since.isoformat(), until.isoformat()) == ("2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00")
