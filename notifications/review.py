"""The access review (issue 16): who can see the lab's confidential work, for
operations, on a page, in files and in a quarterly email.

For each confidential project and innovation: how many people can see it,
by reason (the clauses of ``projects.access`` and of the transfer rule), and
how many gained access in the last 90 days; the active accounts unused for six
months that can still see confidential work; the delegations running or ended
lately. Every figure is read in a fixed number of queries, whatever the size
of the lab: the people who see every object (direction, operations,
administrators, the transfer office) once, and each listed object's members
as counts in the page's own query."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.explain import viewers
from core.outbox import email_keys_taken, email_queue
from people.models import Delegation, User
from people.roles import GROUPS, Role
from projects import access as project_access
from projects.models import Membership, Project
from transfer import access as transfer_access
from transfer.models import Innovation

RECENT_DAYS = 90
UNUSED_DAYS = 182
# The reasons a row counts, each person once under the first that holds.
PROJECT_REASONS = ("direction", "operations", "administrator", "lead", "member")
INNOVATION_REASONS = ("direction", "operations", "administrator", "transfer_office", "lead")


def since(today: date) -> Any:
    """The start of the review's "last 90 days", as an aware datetime."""
    return timezone.make_aware(datetime.combine(today - timedelta(days=RECENT_DAYS), time.min))


@dataclass(frozen=True)
class SeeAll:
    """The active accounts that see every confidential object of a kind, by reason."""

    direction: frozenset[int]
    operations: frozenset[int]
    administrator: frozenset[int]
    transfer_office: frozenset[int]

    @property
    def projects(self) -> frozenset[int]:
        return self.direction | self.operations | self.administrator

    @property
    def innovations(self) -> frozenset[int]:
        return self.projects | self.transfer_office


# The clauses of the rules that let a role see every record, whatever it is
# (their ``people`` side does not read the record), by the name ``SeeAll`` gives them.
SEE_ALL_CLAUSES = {
    "direction": project_access.DIRECTION,
    "operations": project_access.OPERATIONS,
    "administrator": project_access.ADMINISTRATOR,
    "transfer_office": transfer_access.TRANSFER_OFFICER,
}


def see_all() -> SeeAll:
    """One query: the people each of those clauses lets in (``core.explain.viewers``)."""
    clauses: tuple[Any, ...] = tuple(SEE_ALL_CLAUSES.values())
    flags = {name: f"sees_{clause.code}" for name, clause in SEE_ALL_CLAUSES.items()}
    rows = viewers(clauses, None).values("pk", *flags.values())
    return SeeAll(**{name: frozenset(row["pk"] for row in rows if row[flag]) for name, flag in flags.items()})


def _count(members: QuerySet[Membership]) -> Any:
    counted = members.order_by().values("project").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def confidential_projects(*, today: date, everyone: SeeAll, q: str = "", recent: bool = False) -> QuerySet[Project]:
    """The confidential projects, by acronym, each annotated with its members
    by role, those of its members who see it anyway (direction, operations), and
    the members who joined in the last 90 days (counted for the rows read only)."""
    members = Membership.objects.filter(project=OuterRef("pk"))
    joined = members.filter(joined_at__gte=since(today))
    projects = Project.objects.filter(confidential=True)
    if q:
        projects = projects.filter(Q(acronym__icontains=q) | Q(title__icontains=q))
    if recent:
        projects = projects.filter(pk__in=Membership.objects.filter(joined_at__gte=since(today)).values("project"))
    return (
        projects.only("pk", "acronym", "title")
        .annotate(
            leads=_count(members.filter(role=Membership.Role.LEAD)),
            plain_members=_count(members.filter(role=Membership.Role.MEMBER)),
            leads_seeing_all=_count(members.filter(role=Membership.Role.LEAD, user_id__in=everyone.projects)),
            members_seeing_all=_count(members.filter(role=Membership.Role.MEMBER, user_id__in=everyone.projects)),
            gained=_count(joined),
        )
        .order_by("acronym_key", "pk")
    )


def confidential_innovations(
    *, today: date, everyone: SeeAll, q: str = "", recent: bool = False
) -> QuerySet[Innovation]:
    """The confidential innovations, by title: a confidential innovation is seen
    by those who see all of the transfer's records and by its project's leads."""
    # Active staff only, as the transfer rule (transfer.access) lets them in.
    leads = Membership.objects.filter(project=OuterRef("project"), role=Membership.Role.LEAD, user__is_active=True)
    innovations = Innovation.objects.filter(confidential=True)
    if q:
        innovations = innovations.filter(title__icontains=q)
    if recent:
        innovations = innovations.filter(
            project__in=Membership.objects.filter(role=Membership.Role.LEAD, joined_at__gte=since(today)).values(
                "project"
            )
        )
    return (
        innovations.only("pk", "title", "project_id")
        .annotate(
            leads=_count(leads),
            leads_seeing_all=_count(leads.filter(user_id__in=everyone.innovations)),
            gained=_count(leads.filter(joined_at__gte=since(today))),
        )
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class ObjectRow:
    """One confidential object of the review, with its counts."""

    kind: str  # "project" or "innovation"
    obj: Any
    by_reason: dict[str, int]
    gained: int

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())


def _groups(everyone: SeeAll, *, transfer: bool) -> dict[str, int]:
    """Those who see every object of the kind, each once, under the first of
    their reasons (direction, operations, administrator, the transfer office)."""
    counted: set[int] = set()
    found = {}
    groups = [("direction", everyone.direction), ("operations", everyone.operations)]
    groups.append(("administrator", everyone.administrator))
    if transfer:
        groups.append(("transfer_office", everyone.transfer_office))
    for reason, people in groups:
        found[reason] = len(people - counted)
        counted |= people
    return found


def project_row(project: Any, everyone: SeeAll) -> ObjectRow:
    """A project's counts by reason, each person once: a member who is also in
    direction is counted under direction (the reason that does not depend on it)."""
    return ObjectRow(
        kind="project",
        obj=project,
        by_reason={
            **_groups(everyone, transfer=False),
            "lead": project.leads - project.leads_seeing_all,
            "member": project.plain_members - project.members_seeing_all,
        },
        gained=project.gained,
    )


def innovation_row(innovation: Any, everyone: SeeAll) -> ObjectRow:
    return ObjectRow(
        kind="innovation",
        obj=innovation,
        by_reason={**_groups(everyone, transfer=True), "lead": innovation.leads - innovation.leads_seeing_all},
        gained=innovation.gained,
    )


def _unused(today: date) -> QuerySet[User]:
    """Active accounts not signed in for six months (or never, and created that long ago)."""
    unused_since = since(today) - timedelta(days=UNUSED_DAYS - RECENT_DAYS)
    return User.objects.filter(is_active=True).filter(
        Q(last_login__lt=unused_since) | Q(last_login__isnull=True, date_joined__lt=unused_since)
    )


def _confidential_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(user=OuterRef("pk"), project__confidential=True)


def unused_accounts(*, today: date) -> QuerySet[User]:
    """The unused accounts that are members of confidential projects (how many,
    annotated for the rows shown), oldest sign-in first, then those who never
    signed in: read in the order of an index, each person's first confidential
    membership ending their test, a page stops after its rows."""
    return (
        _unused(today)
        .filter(Exists(_confidential_memberships()))
        .annotate(confidential_projects=_count_of_user(_confidential_memberships()))
        .order_by("last_login", "pk")
    )


def unused_with_roles(*, today: date, everyone: SeeAll) -> QuerySet[User]:
    """The unused accounts that see every confidential record through a role
    (direction, operations, the transfer office, administrators): a few."""
    return _unused(today).filter(pk__in=everyone.innovations).order_by("last_login", "pk")


def unused_with_roles_only(*, today: date, everyone: SeeAll) -> QuerySet[User]:
    """Those of ``unused_with_roles`` who are members of no confidential project
    (the others are in ``unused_accounts``)."""
    return (
        unused_with_roles(today=today, everyone=everyone)
        .exclude(Exists(_confidential_memberships()))
        .annotate(confidential_projects=Value(0, output_field=IntegerField()))
    )


def _count_of_user(members: QuerySet[Membership]) -> Any:
    counted = members.order_by().values("user").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def delegations(*, today: date) -> QuerySet[Delegation]:
    """The delegations running today, and those ended in the last 90 days."""
    return (
        Delegation.objects.filter(starts_on__lte=today, ends_on__gte=today - timedelta(days=RECENT_DAYS))
        .select_related("delegator", "delegate")
        .order_by("-ends_on", "pk")
    )


@dataclass(frozen=True)
class Summary:
    """The review's figures, for its page's head and the quarterly email."""

    confidential_projects: int
    confidential_innovations: int
    projects_gained: int  # memberships of confidential projects begun in the last 90 days
    unused_accounts: int
    delegations_running: int
    delegations_ended: int
    see_all: int  # people who see every confidential project


def summary(*, today: date, everyone: SeeAll) -> Summary:
    """A few counts, each from an index or a small table."""
    running = delegations(today=today)
    return Summary(
        confidential_projects=Project.objects.filter(confidential=True).count(),
        confidential_innovations=Innovation.objects.filter(confidential=True).count(),
        projects_gained=Membership.objects.filter(project__confidential=True, joined_at__gte=since(today)).count(),
        unused_accounts=unused_accounts(today=today).count()
        + unused_with_roles_only(today=today, everyone=everyone).count(),
        delegations_running=running.filter(ends_on__gte=today).count(),
        delegations_ended=running.filter(ends_on__lt=today).count(),
        see_all=len(everyone.projects),
    )


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def access_review_send(*, today: date) -> int:
    """Queue the quarter's summary of the review to every active member of
    operations who has not had it yet this quarter: run daily, it sends on the
    quarter's first run (a missed day sends the next), and never twice (one
    outbox key per person and quarter). Returns the number of emails queued."""
    quarter = quarter_of(today)
    recipients = list(
        User.objects.filter(is_active=True, groups__name=GROUPS[Role.OPERATIONS]).exclude(email="").order_by("pk")
    )
    keys = {person.pk: f"access-review:{quarter}:{person.pk}" for person in recipients}
    taken = email_keys_taken(list(keys.values()))
    waiting = [person for person in recipients if keys[person.pk] not in taken]
    if not waiting:
        return 0
    figures = summary(today=today, everyone=see_all())
    queued = 0
    with transaction.atomic():
        for person in waiting:
            email = email_queue(
                key=keys[person.pk],
                to=person.email,
                recipient=person,
                language=person.language,
                template="access_review",
                context={"recipient": person, "summary": figures, "quarter": quarter, "recent_days": RECENT_DAYS},
            )
            queued += email is not None
    return queued
