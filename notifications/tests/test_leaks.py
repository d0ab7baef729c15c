"""A reminder or a digest never names an object its recipient cannot see
(SPEC §5), whatever the data: random projects, members, innovations,
agreements, requests and delegations, each named by a distinctive token; in
every email the jobs queue, no token of an object hidden from its recipient
(per the selectors, evaluated as that recipient)."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from notifications.content.context import RunContext
from notifications.content.digests import Digest, digest_for
from notifications.content.items import Item
from notifications.tests.helpers import job_emails, send_digests, send_reminders, today
from notifications.tests.worlds import EXAMPLE, Names, build, world
from people.models import DigestFrequency, User
from projects.models import Project


def leaks(names: Names) -> list[tuple[str, str, str]]:
    """(recipient, email key, token) for every hidden object named in an email of the jobs."""
    found = []
    for email in job_emails():
        user = User.objects.get(pk=email.recipient_id)
        everything = "\n".join((email.subject, email.body_text, email.body_html))
        found += [(user.username, email.key, token) for token in names.hidden_from(user) if token in everything]
    return found


def run_jobs(users: dict[str, User], data: dict[str, Any]) -> Names:
    """Build the world, then run today's reminders and tomorrow's daily digests for everyone."""
    names = build(users, data)
    User.objects.update(digest=DigestFrequency.DAILY)
    send_reminders(today())
    send_digests(today() + timedelta(days=1))
    return names


@hypothesis_settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=world)
def test_no_email_names_what_its_recipient_cannot_see(personas, data):
    with transaction.atomic():
        names = run_jobs(personas, data)
        assert leaks(names) == []
        transaction.set_rollback(True)


def secret_project(names: Names) -> list[str]:
    return names.projects[min(names.projects)]


def test_the_emails_do_name_objects_by_their_tokens(personas):
    """The property above is not vacuous: what a reader sees is named."""
    names = run_jobs(personas, EXAMPLE)
    told = " ".join(email.body_text for email in job_emails() if email.recipient_id == personas["teamlead"].pk)
    assert [token for token in secret_project(names) if token in told] == secret_project(names)
    assert leaks(names) == []


def test_the_check_finds_a_digest_that_names_too_much(personas, monkeypatch):
    """Were a digest to list every project, whoever it hides were told: the check says so."""
    from notifications import jobs

    def careless(user: User, ctx: RunContext) -> Digest:
        digest = digest_for(user, ctx)
        for project in Project.objects.all():
            digest.changed.add(Item("project", f"{project.acronym} — {project.title}", project.get_absolute_url()))
        return digest

    monkeypatch.setattr(jobs, "digest_for", careless)
    names = run_jobs(personas, EXAMPLE)
    found = {(username, token) for username, _key, token in leaks(names)}
    assert {("partner", secret_project(names)[0]), ("clinician2", secret_project(names)[1])} <= found


@pytest.mark.parametrize("username", ["partner", "clinician2", "researcher"])
def test_a_reader_outside_a_confidential_project_hears_nothing_of_it(personas, username):
    names = run_jobs(personas, EXAMPLE)
    emails = [email for email in job_emails() if email.recipient_id == personas[username].pk]
    assert emails  # each hears of the open project
    for email in emails:
        assert not any(token in email.body_text + email.body_html + email.subject for token in secret_project(names))
