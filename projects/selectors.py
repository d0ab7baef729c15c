"""Who sees which project (SPEC §3): non-confidential projects, all staff;
confidential ones, their members; partners, only the projects they are members
of; direction and operations, all. Members, milestones, data-access requests
and history follow the project."""

from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce

from core.audit import audit_history
from core.history import HistoryEvent, actor_ids, readable, usernames_of
from core.lookups import AmongIds
from core.pagination import SEARCH_LIMIT
from core.search import search
from people.models import Department, User
from people.roles import is_partner, sees_everything
from people.selectors import actors_seen, full_names
from projects.access import member_of, project_rule
from projects.models import DataAccessRequest, Membership, Milestone, Project


def project_visible(user: User) -> Q:
    """The rule of ``project_list`` as a filter (empty: every project), for
    callers that need only a few columns of what ``user`` sees: the ``OR`` of the
    clauses of ``projects.access``, which also say why a person sees a project and
    who sees it."""
    return project_rule(user)


def project_list(
    *, user: User, q: str = "", filters: dict[str, Any] | None = None, search_limit: int | None = SEARCH_LIMIT + 1
) -> QuerySet[Project]:
    """The projects ``user`` sees, filtered; searched for ``q`` (best first, among
    the first ``search_limit`` matches: ``core.search``)."""
    projects = Project.objects.all()
    projects = projects.filter(project_visible(user))
    projects = _filtered(projects, user=user, filters=filters or {})
    if q:
        projects = search(projects, q, fields=("acronym", "title", "summary"), limit=search_limit)
    return (
        projects.defer("search_document")
        .annotate(
            listed_for=Value(user.pk, output_field=IntegerField()),
            is_member=Exists(Membership.objects.filter(project=OuterRef("pk"), user_id=user.pk)),
            is_lead=Exists(
                Membership.objects.filter(project=OuterRef("pk"), user_id=user.pk, role=Membership.Role.LEAD)
            ),
        )
        .prefetch_related(
            "methods", "teams", Prefetch("departments", queryset=Department.objects.select_related("hospital"))
        )
    )


# Usernames hold no line break (``\w``, ``.``, ``@``, ``+``, ``-``).
LEADS_SEPARATOR = "\n"


def with_leads(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` annotated with ``lead_usernames``: their leads' usernames,
    one a line (empty: no lead), read by a sub-query of the projects' own query
    rather than by one more query for the page's memberships."""
    usernames = (
        Membership.objects.filter(project=OuterRef("pk"), role=Membership.Role.LEAD)
        .order_by()
        .values("project")
        .annotate(usernames=StringAgg("user__username", delimiter=Value(LEADS_SEPARATOR)))
        .values("usernames")
    )
    return projects.annotate(lead_usernames=Coalesce(Subquery(usernames), Value(""), output_field=TextField()))


def leads_of(project: Project) -> list[str]:
    """The usernames of ``project``'s leads, sorted, as ``with_leads`` read them."""
    usernames: str = project.lead_usernames  # type: ignore[attr-defined]
    return sorted(name for name in usernames.split(LEADS_SEPARATOR) if name)


def project_choices(*, user: User) -> QuerySet[Project]:
    """The rows of ``project_list`` without its annotations and prefetches: what
    ``user`` may pick in a project field, and what its suggestions search."""
    return Project.objects.filter(project_visible(user))


def _filtered(projects: QuerySet[Project], *, user: User, filters: dict[str, Any]) -> QuerySet[Project]:
    if filters.get("clinical_domain"):
        projects = projects.filter(clinical_domain=filters["clinical_domain"])
    if filters.get("status"):
        projects = projects.filter(status=filters["status"])
    if filters.get("team"):
        projects = projects.filter(teams=filters["team"])
    if filters.get("department"):
        projects = projects.filter(departments=filters["department"])
    if filters.get("mine"):
        projects = projects.filter(member_of(user))
    if filters.get("confidential") is not None and filters.get("confidential") != "":
        projects = projects.filter(confidential=filters["confidential"])
    return projects


# Leads first ("lead" sorts before "member"; the model's ``-role`` put them last).
MEMBER_ORDER = ("role", "user__last_name", "user__username")


def member_list(*, project: Project) -> QuerySet[Membership]:
    return project.memberships.select_related("user__team", "user__department__hospital", "user__company").order_by(
        *MEMBER_ORDER
    )


def follows_project(user: User, field: str = "project") -> Q:
    """``project_visible`` for the rows that follow their project (milestones,
    data-access requests), as a filter on them: the same rule, written so that
    the database reads it from indexes. Nothing to check for direction and
    operations; a partner's (or an inactive account's) few memberships, read
    first (``AmongIds``); for staff, "not in a confidential project they are not a
    member of" (an anti-join on the confidential projects, a fifth of the
    table) rather than "in a visible project" (a join on all the others)."""
    if sees_everything(user):
        return Q()
    if is_partner(user) or not user.is_active:
        return Q(AmongIds(f"{field}_id", Membership.objects.filter(user_id=user.pk).values("project_id").order_by()))
    hidden = Project.objects.filter(pk=OuterRef(f"{field}_id"), confidential=True).exclude(
        Exists(Membership.objects.filter(project=OuterRef("pk"), user_id=user.pk))
    )
    return Q(~Exists(hidden))


def milestone_list(*, user: User) -> QuerySet[Milestone]:
    return Milestone.objects.filter(follows_project(user)).select_related("project")


def milestones_due(*, user: User, today: date, within_days: int = 14) -> QuerySet[Milestone]:
    """Milestones not done, due within ``within_days``, in projects the user is a member of."""
    return (
        Milestone.objects.filter(
            done_on__isnull=True,
            due_date__lte=today + timedelta(days=within_days),
            project__in=Membership.objects.filter(user_id=user.pk).values("project_id"),
        )
        .select_related("project")
        .order_by("due_date")
    )


def _data_request_visible(user: User) -> Q:
    """``project_visible`` for data-access requests, on their own rows: their
    project's confidentiality is copied on each (``project_confidential``), so
    that staff's "not confidential, or a member" reads no project (at a million
    projects, the anti-join of ``follows_project`` read the 200,000
    confidential ones for every count)."""
    if not _sees_open_projects(user):
        return follows_project(user)
    return Q(project_confidential=False) | _in_my_projects(user)


def _sees_open_projects(user: User) -> bool:
    """Whether ``user`` sees what belongs to every project that is not confidential
    (staff), rather than to every project (direction) or to their own (partners)."""
    return not (sees_everything(user) or is_partner(user) or not user.is_active)


def _in_my_projects(user: User) -> Q:
    return Q(AmongIds("project_id", Membership.objects.filter(user_id=user.pk).values("project_id").order_by()))


def data_request_list(*, user: User, status: str = "") -> QuerySet[DataAccessRequest]:
    requests = DataAccessRequest.objects.filter(_data_request_visible(user))
    if _sees_open_projects(user):
        # Staff's "not confidential, or mine" counted as its two disjoint halves: the
        # first an index-only scan (datarequest_open_idx), the second the few requests
        # of their confidential projects (core.querysets). The rows are still chosen by
        # the rule itself.
        requests = requests.counted_by_parts(
            Q(project_confidential=False), Q(project_confidential=True) & _in_my_projects(user)
        )
    if status:
        requests = requests.filter(status=status)
    return requests.select_related("project", "requested_by", "decided_by", "department__hospital")


def project_detail_queryset(*, user: User) -> QuerySet[Project]:
    return project_list(user=user).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by(*MEMBER_ORDER)),
        "milestones",
    )


def can_manage(user: User, project: Project) -> bool:
    """Leads of the project, direction and operations change it (SPEC §3)."""
    if sees_everything(user):
        return True
    # The ``is_lead`` annotation of project_list holds for the user it listed for only.
    lead = getattr(project, "is_lead", None) if getattr(project, "listed_for", None) == user.pk else None
    if lead is None:
        lead = project.memberships.filter(user_id=user.pk, role=Membership.Role.LEAD).exists()
    return bool(lead)


def project_history(*, user: User, project: Project) -> list[HistoryEvent]:
    """A project's history for ``user``, who sees the project: it names its
    members, units, milestones and data requests, which whoever sees the project
    sees (SPEC §3: a partner member is shown by name), so nothing of them is left
    out; who acted reads "someone" to a reader who does not see them in the
    directory. The members are named by full name, asked once."""
    events = list(audit_history(project))
    names = full_names(User.objects.all(), usernames_of(events, ["user"]))
    return readable(events, {}, actors=actors_seen(user=user, ids=actor_ids(events)), names=names)
