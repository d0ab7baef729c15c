"""Helpers of the notification tests: the demo content, the jobs run in this
process, and the emails they queued.

The jobs run inline (``run_inline``): each chunk is composed in the test's
transaction, and the sending task, published on commit, is never published
(the test's transaction never commits), so no test here needs Redis.
"""

import re
from datetime import date, timedelta

from django.urls import resolve
from django.utils import timezone

from core.models import Email
from core.outbox import email_bodies_to_send
from notifications.content.items import Item
from notifications.jobs import digest_jobs, run_inline
from notifications.models import Job
from people import demo as people_demo
from people.models import User
from people.selectors import position_list
from projects import demo as projects_demo
from projects.selectors import project_list
from transfer import demo as transfer_demo
from transfer.selectors import agreement_list, innovation_list

# The keys of the emails of the two jobs (the services queue others, "position:…").
JOB_KEYS = r"^(reminder|digest):"
UNSUBSCRIBE_PATH = re.compile(r"/unsubscribe/[^/\s\"]+/")


def today() -> date:
    return timezone.localdate()


def next_monday(day: date) -> date:
    """The first Monday after ``day``: its week's digest covers ``day``."""
    return day + timedelta(days=7 - day.weekday())


def seed_demo() -> dict[str, User]:
    """What ``seed_demo`` writes (it refuses to run with DEBUG off): each app's
    demo, accounts and reference data first, then the content."""
    modules = (people_demo, projects_demo, transfer_demo)
    for module in modules:
        module.seed()
    for module in modules:
        module.seed_content()
    return {
        user.username: user for user in User.objects.filter(username__in=[p.username for p in people_demo.PERSONAS])
    }


def send_reminders(day: date) -> int:
    """Run the reminder job for ``day`` here; how many emails it queued."""
    return sum(queued for _run, queued in run_inline(jobs=[Job.REMINDERS], today=day))


def send_digests(day: date) -> int:
    """Run the digest jobs of ``day`` (daily, and weekly on Mondays) here."""
    return sum(queued for _run, queued in run_inline(jobs=digest_jobs(day), today=day))


def job_emails(prefix: str = "") -> list[Email]:
    """The emails the jobs queued, by key; ``prefix`` (``"reminder:approval:"``)
    keeps those whose key starts so."""
    emails = Email.objects.filter(key__regex=JOB_KEYS).select_related("recipient").order_by("key")
    return [email for email in emails if email.key.startswith(prefix)]


def recipients(prefix: str = "") -> list[str]:
    """Usernames of the recipients of the jobs' emails whose key starts with ``prefix``, sorted."""
    return sorted(email.recipient.username for email in job_emails(prefix))


def digest_of(user: User) -> Email:
    [email] = [email for email in job_emails("digest:") if email.recipient_id == user.pk]
    return email


def unsubscribe_path(email: Email) -> str:
    """The unsubscribe link of a digest (its path), as its text part gives it
    when sent (the outbox keeps a placeholder for the token)."""
    text, _html = email_bodies_to_send(email)
    match = UNSUBSCRIBE_PATH.search(text)
    assert match, text
    return match.group(0)


def item_target(item: Item) -> tuple[str, int]:
    """The URL name and object id an item of an email links to."""
    match = resolve(item.path)
    return match.view_name, int(match.kwargs["pk"])


def visible_ids(user: User) -> dict[str, set[int]]:
    """What ``user`` sees, per detail URL name, through each app's selectors."""
    positions = set(position_list(user=user).values_list("pk", flat=True))
    return {
        "people:hostposition-detail": positions,
        "people:secondment-detail": positions,
        "projects:project-detail": set(project_list(user=user).values_list("pk", flat=True)),
        "transfer:innovation-detail": set(innovation_list(user=user).values_list("pk", flat=True)),
        "transfer:agreement-detail": set(agreement_list(user=user).values_list("pk", flat=True)),
    }
