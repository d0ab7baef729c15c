"""Who sees whom (SPEC §3, directory): staff see all staff, and the partners
they share a project with; partners see only the people they share a project
with; direction and operations see everyone. Everyone sees themselves."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.audit import audit_history
from core.history import HistoryEvent, actor_ids, readable
from core.lookups import AmongIds
from core.pagination import SEARCH_LIMIT
from core.search import search
from people.access import person_rule
from people.models import (
    Call,
    Chair,
    Decision,
    Delegation,
    Department,
    Position,
    PositionUserObjectPermission,
    Team,
    User,
)
from people.roles import GROUPS, Role, is_partner, sees_everything
from people.workflow import Approvers, awaiting, overlapping, peak_time_share

# What ``q`` is looked for in, where the stored documents are not (SQLite: ``core.search``).
PERSON_SEARCH_FIELDS = (
    "first_name",
    "last_name",
    "username",
    "email",
    "team__acronym",
    "team__name",
    "department__name",
    "department__hospital__short_name",
    "company__name",
)


def person_list(*, user: User, q: str = "", search_limit: int | None = SEARCH_LIMIT + 1) -> QuerySet[User]:
    """The active people ``user`` sees: the ``OR`` of the directory's clauses
    (``people.access``), which also say why and who sees a person; searched for
    ``q`` (their names and username, email and unit: best first, among the first
    ``search_limit`` matches, ``core.search``)."""
    people = User.objects.filter(is_active=True).filter(person_rule(user))
    if q:
        people = search(people, q, fields=PERSON_SEARCH_FIELDS, limit=search_limit)
    return people.defer("search_document").select_related("team", "department__hospital", "company")


def pending_accounts() -> QuerySet[User]:
    """Accounts a first single sign-on made, awaiting operations' activation
    (operations' page; nobody else sees them, the directory lists active people)."""
    return (
        User.objects.filter(pending_since__isnull=False, is_active=False)
        .prefetch_related("socialaccount_set")
        .order_by("pending_since", "pk")
    )


def actors_seen(*, user: User, ids: Collection[int]) -> set[int]:
    """Of the people ``ids`` (who acted in a history, or for whom), those
    ``user`` sees in the directory: the others read "someone" (SPEC §3). One
    query; none for direction and operations, who see everyone."""
    if not ids or sees_everything(user):
        return set(ids)
    return set(person_list(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def full_names(people: QuerySet[User], usernames: Collection[str]) -> dict[str, str]:
    """The full names (``User.full_name``) of those of ``usernames`` among
    ``people``: how a history names the people its changes name (the audit row
    keeps them by username). One query for the whole history; none for no one."""
    if not usernames:
        return {}
    rows = people.filter(username__in=usernames).values_list("username", "first_name", "last_name")
    return {username: f"{first} {last}".strip() or username for username, first, last in rows}


def team_list(*, user: User) -> QuerySet[Team]:
    """Staff see every project-team. A partner is part of none: they see none
    (the team of a person they see is named in that person's record)."""
    teams = Team.objects.select_related("leader")
    if is_partner(user) and not sees_everything(user):
        return teams.none()
    return teams


def department_list(*, user: User) -> QuerySet[Department]:
    """Like project-teams: every department for staff, none for partners."""
    departments = Department.objects.select_related("hospital", "head")
    if is_partner(user) and not sees_everything(user):
        return departments.none()
    return departments


def team_choices(*, user: User) -> QuerySet[Team]:
    """The rows of ``team_list`` with only what a filter's choice shows (its acronym)."""
    return team_list(user=user).select_related(None).only("pk", "acronym")


def department_choices(*, user: User) -> QuerySet[Department]:
    """The rows of ``department_list`` with only what a filter's choice shows
    (its name and its hospital's short name)."""
    return (
        department_list(user=user)
        .select_related(None)
        .select_related("hospital")
        .only("pk", "name", "hospital__short_name")
    )


# Host positions and secondments (SPEC §3) ------------------------------------


def position_visible(user: User) -> Q:
    """The rule of ``position_list`` as a filter (empty: every request), for
    callers that need only a few columns of what ``user`` sees."""
    if sees_everything(user):
        return Q()
    granted = PositionUserObjectPermission.objects.filter(user_id=user.pk, permission__codename="view_position").values(
        "content_object_id"
    )
    # One set of ids, the union of two index reads (their own, their grants), that
    # the page reads by primary key: "own OR granted" made PostgreSQL walk every
    # request in list order, testing each.
    own = Position.objects.filter(applicant_id=user.pk).values("pk").order_by()
    return Q(AmongIds("pk", granted.order_by().union(own)))


# What ``q`` is looked for in, where the stored documents are not (SQLite:
# ``core.search``). Never the justification, which may be sensitive.
POSITION_SEARCH_FIELDS = (
    "applicant__first_name",
    "applicant__last_name",
    "applicant__username",
    "topic",
    "team__acronym",
    "team__name",
    "department__name",
)


DOCUMENTS_JOINED = (
    "search_document",
    "applicant__search_document",
    "team__leader__search_document",
    "department__head__search_document",
)


def position_list(
    *,
    user: User,
    kind: str | None = None,
    status: str | None = None,
    awaiting_me: bool = False,
    today: date | None = None,
    approvers: Approvers | None = None,
    filters: dict[str, Any] | None = None,
    q: str = "",
    search_limit: int | None = SEARCH_LIMIT + 1,
) -> QuerySet[Position]:
    """The requests ``user`` sees: their own; those they hold a grant on (the
    leader of the team, the head of the department, an approver's active
    delegate); all of them for direction and operations. ``approvers``: the
    caller's, if it has read them already for ``today``. ``filters``: a list's
    (``status``, ``team``, ``department``, ``year`` running, ``mine``: the
    user's own). Searched for ``q`` (the applicant's names, the topic, the
    units: best first, among the first ``search_limit`` matches,
    ``core.search``), after every filter, so that the matches are those of the
    filtered list."""
    positions = Position.objects.all()
    if kind:
        positions = positions.filter(kind=kind)
    if status:
        positions = positions.filter(status=status)
    positions = _positions_filtered(positions, user=user, filters=filters or {})
    positions = positions.filter(position_visible(user))
    if awaiting_me:
        approvers = approvers or Approvers(today or timezone.localdate())
        positions = awaiting(
            positions,
            user_id=user.pk,
            principal_ids=approvers.principal_ids_of(user),
            direction_ids=approvers.direction_ids,
            final_ids=approvers.final_ids,
            heading_none=approvers.heading_none,
        )
    if q:
        positions = search(positions, q, fields=POSITION_SEARCH_FIELDS, limit=search_limit)
    # Not the call: no list shows more of it than its id, and an eighth joined table
    # multiplies the time PostgreSQL takes to plan the page (more than its run);
    # the detail page and the export join it themselves. No search document is read
    # (the people joined have theirs too): what ``q`` searches, no page shows.
    return (
        positions.defer(*DOCUMENTS_JOINED)
        .select_related("applicant", "team__leader", "department__hospital", "department__head")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.select_related("decided_by", "on_behalf_of")))
    )


def _positions_filtered(positions: QuerySet[Position], *, user: User, filters: dict[str, Any]) -> QuerySet[Position]:
    if filters.get("status"):
        positions = positions.filter(status=filters["status"])
    if filters.get("team"):
        positions = positions.filter(team=filters["team"])
    if filters.get("department"):
        positions = positions.filter(department=filters["department"])
    if filters.get("year"):
        year = filters["year"]
        positions = positions.filter(start_date__lte=date(year, 12, 31), end_date__gte=date(year, 1, 1))
    if filters.get("mine"):
        positions = positions.filter(applicant_id=user.pk)
    return positions


@dataclass(frozen=True)
class Overlaps:
    """The applicant's other requests that the 100 % rule counts with a request,
    as one reader sees them. ``total``: the highest total time share on any
    day of the request, the request included; ``complete``: whether the reader
    sees every such request (otherwise the total counts only those listed)."""

    positions: list[Position]
    total: int
    complete: bool

    @property
    def full(self) -> bool:
        return self.total >= 100


def position_overlaps(*, user: User, position: Position) -> Overlaps:
    """What the approver of ``position`` needs of its applicant's time: the
    other requests overlapping it that count against 100 % (the service's rule,
    ``people.workflow.overlapping``) and that ``user`` sees, and the peak total
    over those alone, so that nothing tells of a request ``user`` does not see.
    The applicant, direction and operations see them all. One query (and the
    reader's groups, if not read yet for this user object), however many."""
    others = list(
        position_list(user=user)
        .filter(overlapping(position))
        .prefetch_related(None)
        .select_related(None)
        .select_related("team", "department__hospital")
        .order_by("start_date", "pk")
    )
    return Overlaps(
        positions=others,
        total=peak_time_share(position, others),
        complete=user.pk == position.applicant_id or sees_everything(user),
    )


def approver_list() -> QuerySet[User]:
    """Active people who decide requests: a project-team's leader, a
    department's head, direction and operations (``people.roles.is_approver``)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(led_teams__isnull=False)
            | Q(headed_departments__isnull=False)
            | Q(groups__name__in=[GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]])
        )
        .distinct()
    )


def delegation_list(*, user: User) -> QuerySet[Delegation]:
    """Delegations given or received by ``user``; all of them for direction and operations."""
    delegations = Delegation.objects.select_related("delegator", "delegate")
    if sees_everything(user):
        return delegations
    return delegations.filter(Q(delegator_id=user.pk) | Q(delegate_id=user.pk))


# What ``q`` is looked for in, where the stored documents are not (SQLite: ``core.search``).
CALL_SEARCH_FIELDS = CHAIR_SEARCH_FIELDS = ("title", "description")


def call_list(*, user: User, q: str = "", search_limit: int | None = SEARCH_LIMIT + 1) -> QuerySet[Call]:
    """Calls for applications are public to staff; partners have none. Searched
    for ``q`` (title, description: best first, ``core.search``)."""
    if is_partner(user) and not sees_everything(user):
        return Call.objects.none()
    calls = Call.objects.all()
    if q:
        calls = search(calls, q, fields=CALL_SEARCH_FIELDS, limit=search_limit)
    return calls.defer("search_document")


def chair_list(*, user: User, q: str = "", search_limit: int | None = SEARCH_LIMIT + 1) -> QuerySet[Chair]:
    """Research chairs: every staff member sees them; a partner only their own.
    Searched for ``q`` (title, description: best first, ``core.search``)."""
    chairs = Chair.objects.all()
    if is_partner(user) and not sees_everything(user):
        chairs = chairs.filter(holders=user)
    if q:
        chairs = search(chairs, q, fields=CHAIR_SEARCH_FIELDS, limit=search_limit)
    return chairs.defer("search_document").prefetch_related("holders")


def position_history(*, user: User, position: Position) -> list[HistoryEvent]:
    """A request's history for ``user``, who sees the request: it names its
    states, steps and changed fields, which every reader of the request may
    know, and as actors its applicant and the people whose decision it awaited
    or who acted for them, each as "someone" to a reader who does not see them
    in the directory."""
    events = list(audit_history(position))
    return readable(events, {}, actors=actors_seen(user=user, ids=actor_ids(events)))
