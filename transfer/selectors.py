"""Who sees which transfer record (SPEC §3), in one place.

- Transfer officers, direction and operations see every innovation, agreement,
  deployment and partner company.
- A non-confidential innovation: also the members of its project (staff), and
  partner accounts whose company is party to one of its agreements.
- A confidential innovation (the default): also the leads of its project.
- Agreements and deployments follow their innovation; a partner account sees
  only its own company's agreements.
- A partner company: also whoever sees one of its agreements, and its own
  accounts.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from core.audit import audit_history
from core.history import HistoryEvent, actor_ids, readable, values_of
from core.pagination import SEARCH_LIMIT
from core.search import search
from people.models import Company, User
from people.roles import Role, has_role, is_partner, sees_everything
from people.selectors import actors_seen, full_names, person_list
from projects.models import Project
from projects.selectors import project_visible
from transfer.access import agreement_rule, deployment_rule, innovation_rule
from transfer.history import TransferAction

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from transfer.models import PIPELINE, Agreement, Deployment, Innovation, Route, Stage


def is_transfer_officer(user: User) -> bool:
    return bool(user.is_active and has_role(user, Role.TRANSFER_OFFICER))


def sees_all_transfer(user: User) -> bool:
    """Transfer officers, direction and operations see every transfer record."""
    return bool(sees_everything(user) or is_transfer_officer(user))


def can_edit_transfer(user: User) -> bool:
    """Only transfer officers change transfer records (SPEC §3)."""
    return is_transfer_officer(user)


def innovation_visible(user: User) -> Q:
    """The rule of ``innovation_list`` as a filter (empty: every innovation): the
    ``OR`` of the clauses of ``transfer.access``, which also say why a person sees
    an innovation and who sees it."""
    return innovation_rule(user)


def innovation_list(
    *, user: User, q: str = "", filters: dict[str, Any] | None = None, search_limit: int | None = SEARCH_LIMIT + 1
) -> QuerySet[Innovation]:
    """The innovations ``user`` sees, filtered; searched for ``q`` (best first,
    among the first ``search_limit`` matches: ``core.search``)."""
    innovations = Innovation.objects.all()
    innovations = innovations.filter(innovation_visible(user))
    innovations = _filtered(innovations, filters or {}, user=user)
    if q:
        innovations = search(innovations, q, fields=("title", "description"), limit=search_limit)
    return innovations.defer("search_document").select_related("project")


def _filtered(innovations: QuerySet[Innovation], filters: dict[str, Any], *, user: User) -> QuerySet[Innovation]:
    for name in ("stage", "kind", "route"):
        if filters.get(name):
            innovations = innovations.filter(**{name: filters[name]})
    if filters.get("project"):
        innovations = innovations.filter(project=filters["project"])
    if filters.get("readiness_level"):
        innovations = innovations.filter(readiness_level=filters["readiness_level"])
    if filters.get("confidential") is not None and filters.get("confidential") != "":
        innovations = innovations.filter(confidential=filters["confidential"])
    if filters.get("partner"):
        # Through the agreements the user sees: filtering by a company must not
        # tell a partner account about its competitors' agreements.
        seen = agreement_list(user=user).filter(innovation=OuterRef("pk"), partner=filters["partner"])
        innovations = innovations.filter(Exists(seen))
    return innovations


# What ``q`` is looked for in, where the stored documents are not (SQLite: ``core.search``).
AGREEMENT_SEARCH_FIELDS = ("reference", "innovation__title", "partner__name")


def agreement_list(
    *, user: User, filters: dict[str, Any] | None = None, q: str = "", search_limit: int | None = SEARCH_LIMIT + 1
) -> QuerySet[Agreement]:
    """The agreements ``user`` sees, filtered; searched for ``q`` (the reference
    and the innovation's title, the partner's name: best first, among the first
    ``search_limit`` matches, ``core.search``)."""
    # Those of the innovations the user sees; a partner's, its own company's only
    # (transfer.access).
    agreements = Agreement.objects.filter(agreement_rule(user))
    filters = filters or {}
    for name in ("kind", "partner", "innovation"):
        if filters.get(name):
            agreements = agreements.filter(**{name: filters[name]})
    if filters.get("expires_before"):
        agreements = agreements.filter(expires_on__lte=filters["expires_before"])
    if filters.get("expires_after"):
        agreements = agreements.filter(expires_on__gte=filters["expires_after"])
    if q:
        agreements = search(agreements, q, fields=AGREEMENT_SEARCH_FIELDS, limit=search_limit)
    # No search document read, the innovation's neither: what ``q`` searches, no page shows.
    return agreements.defer("search_document", "innovation__search_document").select_related("partner", "innovation")


def agreements_expiring(*, user: User, today: date, within_days: int = 90) -> QuerySet[Agreement]:
    return (
        agreement_list(user=user)
        .filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=within_days))
        .order_by("expires_on", "id")
    )


def deployment_list(*, user: User) -> QuerySet[Deployment]:
    deployments = Deployment.objects.filter(deployment_rule(user))
    return deployments.select_related("innovation", "hospital", "department")


def partner_list(*, user: User, q: str = "") -> QuerySet[Company]:
    companies = Company.objects.all()
    seen_agreements = agreement_list(user=user).order_by()
    if not sees_all_transfer(user):
        seen = Q(pk__in=seen_agreements.values("partner_id"))
        if is_partner(user) and user.is_active and user.company_id:
            seen |= Q(pk=user.company_id)
        companies = companies.filter(seen)
    if q:
        companies = companies.filter(name__icontains=q)
    # Counted for the companies shown only (a subquery on the agreements' partner
    # index), not grouped over every agreement; left out of ``count()``.
    counted = seen_agreements.filter(partner=OuterRef("pk")).values("partner").annotate(n=Count("pk")).values("n")
    return companies.annotate(
        agreement_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    ).order_by("name", "pk")


# The agreements expiring in the next 90 days, by how soon: (first day, last day) from today.
EXPIRING_WINDOWS = ((0, 30), (31, 60), (61, 90))


@dataclass
class KeyFigures:
    """The transfer key figures, over what the viewer sees. Labels stay lazy
    (translated when shown): the figures may be kept and shown in any language."""

    by_stage: "list[tuple[str, StrOrPromise, int]]" = field(default_factory=list)  # (stage, label, count)
    transfers: "list[tuple[int, str, StrOrPromise, int]]" = field(default_factory=list)  # (year, route, label, count)
    expiring: list[Agreement] = field(default_factory=list)  # every one, or the first (``expiring_rows``)
    expiring_count: int = 0
    expiring_windows: list[int] = field(default_factory=list)  # how many in each of EXPIRING_WINDOWS
    deployments: list[tuple[str, str, int, int]] = field(default_factory=list)  # (hospital, name, total, live)

    @property
    def expiring_more(self) -> int:
        """Expiring agreements not listed (the export lists them all)."""
        return self.expiring_count - len(self.expiring)

    @property
    def total(self) -> int:
        return sum(count for _stage, _label, count in self.by_stage)

    @property
    def transfer_years(self) -> list[int]:
        return sorted({year for year, *_rest in self.transfers})


def key_figures(*, user: User, today: date, expiring_rows: int | None = None) -> KeyFigures:
    """Four aggregate queries and one list, whatever the number of innovations;
    with ``expiring_rows``, the list of expiring agreements stops there and one
    more aggregate counts them (a page), else it lists them all (an export)."""
    visible = innovation_list(user=user)
    counts = Counter(dict(visible.order_by().values_list("stage").annotate(n=Count("pk", distinct=True))))
    figures = KeyFigures()
    figures.by_stage = [
        (stage.value, stage.label, counts.get(stage.value, 0)) for stage in (*PIPELINE, Stage.ABANDONED)
    ]
    transfers = (
        Innovation.objects.filter(pk__in=visible.values("pk"), stage=Stage.TRANSFERRED)
        .annotate(year=ExtractYear("transferred_on"))
        .order_by()
        .values_list("year", "route")
        .annotate(n=Count("pk"))
    )
    labels = dict(Route.choices)
    figures.transfers = [(year, route, labels[route], n) for year, route, n in sorted(transfers)]
    expiring = agreements_expiring(user=user, today=today, within_days=EXPIRING_WINDOWS[-1][1])
    if expiring_rows is None:
        figures.expiring = list(expiring)
        days = [(a.expires_on - today).days for a in figures.expiring if a.expires_on is not None]
        figures.expiring_count = len(figures.expiring)
        figures.expiring_windows = [sum(1 for d in days if start <= d <= end) for start, end in EXPIRING_WINDOWS]
    else:
        figures.expiring = list(expiring[:expiring_rows])
        spans = [(today + timedelta(days=start), today + timedelta(days=end)) for start, end in EXPIRING_WINDOWS]
        windows = {f"w{n}": Count("pk", filter=Q(expires_on__range=span)) for n, span in enumerate(spans)}
        counted = expiring.order_by().aggregate(total=Count("pk"), **windows)
        figures.expiring_count = counted["total"]
        figures.expiring_windows = [counted[f"w{n}"] for n in range(len(EXPIRING_WINDOWS))]
    per_hospital = (
        deployment_list(user=user)
        .order_by()
        .values_list("hospital__short_name", "hospital__name")
        .annotate(total=Count("pk"), live=Count("pk", filter=Q(status=Deployment.Status.LIVE)))
    )
    figures.deployments = sorted(per_hospital)
    return figures


def innovation_detail_queryset(*, user: User) -> QuerySet[Innovation]:
    return innovation_list(user=user).prefetch_related("owners")


def project_innovations(*, user: User, project: Any) -> QuerySet[Innovation]:
    """The innovations of a project the user sees (for the project page)."""
    return innovation_list(user=user).filter(project=project).order_by("title")


# Histories (SPEC §3: the audit history of an object is seen by whoever sees the
# object, and names nothing else the reader may not see) ---------------------------


def innovation_history(*, user: User, innovation: Innovation) -> list[HistoryEvent]:
    """An innovation's history for ``user``: no other company's agreement (not
    even its reference), and no project or person (owner, or who acted) they do not see."""
    events = list(audit_history(innovation))
    if not sees_all_transfer(user):
        references = set(agreement_list(user=user).filter(innovation=innovation).values_list("reference", flat=True))
        events = [
            e for e in events if e.action != TransferAction.AGREEMENT_ADDED or e.changes.get("agreement") in references
        ]
    seen: dict[str, set[str]] = {}
    owners = values_of(events, "owners")
    if sees_everything(user):
        names = full_names(User.objects.all(), owners)
    else:
        acronyms = values_of(events, "project")
        seen["project"] = set(
            Project.objects.filter(project_visible(user), acronym__in=acronyms).values_list("acronym", flat=True)
        )
        names = full_names(person_list(user=user), owners)
        seen["owners"] = set(names)
    return readable(events, seen, actors=actors_seen(user=user, ids=actor_ids(events)), names=names)


def agreement_history(*, user: User, agreement: Agreement) -> list[HistoryEvent]:
    """An agreement's history for ``user``, naming no innovation or company they
    do not see (an agreement may have moved from one to another), nor who acted
    if they do not see them."""
    events = list(audit_history(agreement))
    seen: dict[str, set[str]] = {}
    if not sees_all_transfer(user):
        titles = values_of(events, "innovation")
        seen["innovation"] = set(innovation_list(user=user).filter(title__in=titles).values_list("title", flat=True))
        names = values_of(events, "partner")
        seen["partner"] = set(partner_list(user=user).filter(name__in=names).values_list("name", flat=True))
    return readable(events, seen, actors=actors_seen(user=user, ids=actor_ids(events)))


def partner_history(*, user: User, partner: Company) -> list[HistoryEvent]:
    """A partner's history (its name as it changed), for whoever sees the
    partner, naming who acted only to a reader who sees them."""
    events = list(audit_history(partner))
    return readable(events, {}, actors=actors_seen(user=user, ids=actor_ids(events)))
