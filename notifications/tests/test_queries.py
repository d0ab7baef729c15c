"""Composing a chunk of recipients costs the same number of SQL queries
whatever there is to tell them (SPEC §7): the same ten people, with 5 and then
50 of everything they see, waiting, changed and due."""

from collections.abc import Iterator
from datetime import timedelta
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Email
from notifications.jobs import run_chunk, run_start
from notifications.models import Chunk, Job, Run
from notifications.tests.helpers import JOB_KEYS, today
from people.models import DigestFrequency, Institution, Position, User
from people.tests.factories import UserFactory
from people.tests.positions import approve, department, host, submit
from projects import services as project_services
from transfer import services as transfer_services

# Ten recipients of every shape: direction, each kind of unit head, a delegate,
# plain staff, a transfer officer, a partner.
RECIPIENTS = [
    "director",
    "teamlead",
    "teamlead2",
    "researcher",
    "depthead",
    "depthead2",
    "clinician",
    "clinician2",
    "transfer",
    "partner",
]
# The most queries composing one recipient's emails may cost.
PER_RECIPIENT = 12


class Content:
    """Projects, innovations and requests, ``add(n)`` of each at a time, spread
    over the recipients: led, joined, confidential or not, waiting, ending, due."""

    def __init__(self, users: dict[str, User]) -> None:
        self.users = users
        self.count = 0
        self.leads = cycle(["teamlead", "researcher", "teamlead2", "depthead2", "director"])
        self.applicants = self._applicants()

    def _applicants(self) -> Iterator[tuple[User, str, tuple[str, str]]]:
        """AP-HP staff of both heads' departments, each in few enough requests to stay under 100 %."""
        while True:
            for unit, team, approvers in (
                ("Cardiologie", "CARDIOSIM", ("teamlead", "depthead")),
                ("Neuroradiologie", "NEUROLEARN", ("teamlead2", "depthead2")),
            ):
                applicant = UserFactory(institution=Institution.APHP, department=department(unit))
                for _ in range(4):
                    yield applicant, team, approvers

    def add(self, n: int) -> None:
        for _ in range(n):
            self.count += 1
            self._project(self.count)
            self._position(self.count)
        Position.objects.exclude(waiting_since=None).update(waiting_since=timezone.now() - timedelta(days=5))

    def _project(self, k: int) -> None:
        users, lead = self.users, self.users[next(self.leads)]
        project = project_services.project_create(
            by=lead, acronym=f"PRJ{k}", title=f"Project {k}", confidential=k % 3 == 0
        )
        for username in ("clinician", "clinician2", "partner", "researcher"):
            if username != lead.username:
                project_services.member_add(project=project, by=lead, user=users[username])
        project_services.milestone_create(
            project=project, by=lead, title=f"Milestone {k}", due_date=today() + timedelta(days=k % 14)
        )
        request = project_services.data_request_create(
            project=project, by=lead, route="committee", perimeter="Adults.", categories=["imaging"]
        )
        project_services.data_request_submit(request=request, by=lead)
        if k % 2:
            project_services.data_request_decide(
                request=request,
                by=users["director"],
                approve=True,
                committee_reference=f"CSE-{k}",
                expires_on=today() + timedelta(days=30 + k % 60),
            )
        innovation = transfer_services.innovation_create(
            by=users["transfer"], title=f"Innovation {k}", project=project, confidential=k % 2 == 0
        )
        transfer_services.agreement_create(
            by=users["transfer"],
            kind="nda",
            partner=users["partner"].company,
            innovation=innovation,
            signed_on=today() - timedelta(days=10),
            expires_on=today() + timedelta(days=20 + k % 70),
            reference=f"NDA-{k}",
        )

    def _position(self, k: int) -> None:
        applicant, team, (leader, head) = next(self.applicants)
        if k % 2:  # waiting on its team's leader and its department's head
            submit(host(applicant, team, share=20, topic=f"Topic {k}"))
            return
        start = today() - timedelta(days=200)
        position = submit(host(applicant, team, share=20, start=start, days=200 + k % 60, topic=f"Topic {k}"))
        approve(position, self.users[leader], self.users[head], self.users["director"])


@pytest.fixture
def content(personas: dict[str, User]) -> Content:
    User.objects.update(digest=DigestFrequency.OFF)
    User.objects.filter(username__in=RECIPIENTS).update(digest=DigestFrequency.DAILY)
    return Content(personas)


def queries_to_compose(job: str) -> tuple[int, int]:
    """(SQL queries, emails) of composing the recipients' chunk of ``job``,
    afresh (the previous runs and their emails forgotten)."""
    Run.objects.all().delete()
    Email.objects.filter(key__regex=JOB_KEYS).delete()
    day = today() if job == Job.REMINDERS else today() + timedelta(days=1)
    run, _created = run_start(job=job, today=day)
    # Everyone is reminded (the applicants too): the chunk measured is the ten recipients'.
    run.chunks.all().delete()
    ids = sorted(User.objects.filter(username__in=RECIPIENTS).values_list("pk", flat=True))
    chunk = Chunk.objects.create(run=run, index=0, user_ids=ids)
    with CaptureQueriesContext(connection) as captured:
        emails = run_chunk(chunk.pk)
    return len(captured.captured_queries), emails


@pytest.mark.parametrize("job", [Job.REMINDERS, Job.DAILY_DIGEST])
def test_composing_a_chunk_costs_the_same_whatever_the_content(content, job):
    content.add(5)
    little, emails_little = queries_to_compose(job)
    content.add(45)
    a_lot, emails_a_lot = queries_to_compose(job)
    assert emails_little > 0 and emails_a_lot >= emails_little
    assert a_lot == little, f"{job}: {little} queries with 5 of each, {a_lot} with 50"
    per_recipient = a_lot / len(RECIPIENTS)
    assert per_recipient <= PER_RECIPIENT, (
        f"{job}: {a_lot} queries for {len(RECIPIENTS)} people ({per_recipient:.1f} each)"
    )
