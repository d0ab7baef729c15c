"""The queries of each section of a reminder or a digest.

Everything that depends on the recipient is chosen by the visibility selectors
of each app, evaluated as that recipient, so an email never names an object its
reader could not open. Each section is one query, compiled once per shape of
person and read for a whole chunk at once (``compiled``); a section that cannot
apply to the person is not asked.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import BooleanField, Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent
from notifications.content.compiled import Row, Viewer
from notifications.content.context import RunContext, content_type_ids
from notifications.content.items import POSITION_FIELDS, Item, on, path_of, position_path, position_title
from people.models import Position, PositionKind, PositionStatus, User
from people.selectors import position_list, position_visible
from people.workflow import awaiting
from projects.models import DataAccessRequest, Membership, Project
from projects.selectors import data_request_list, milestones_due, project_visible
from transfer.models import Innovation
from transfer.selectors import agreement_list, innovation_visible, is_transfer_officer

POSITIONS_ENDING_WITHIN = 60
MILESTONES_DUE_WITHIN = 14
EXPIRING_WITHIN = 90


# Waiting for the person ---------------------------------------------------------


def awaited_positions(user: User, ctx: RunContext, *, for_reminders: bool = False) -> list[Row]:
    """(pk, kind, topic, applicant names…, waiting_since) of the requests awaiting
    ``user``'s decision, oldest first. For reminders, a person with an active
    delegate is not reminded: the delegate is."""
    delegators = ctx.delegators.get(user.pk, set())
    principals = {user.pk} | delegators
    if for_reminders and ctx.approvers.delegates.get(user.pk):
        principals.discard(user.pk)
    if not principals or not (ctx.viewer(user).heads_unit or user.pk in ctx.approvers.final_ids or delegators):
        return []
    return list(
        awaiting(
            position_list(user=user),
            user_id=user.pk,
            principal_ids=principals,
            direction_ids=ctx.approvers.direction_ids,
            final_ids=ctx.approvers.final_ids,
            heading_none=ctx.approvers.heading_none,
        )
        .order_by("waiting_since", "pk")
        .values_list(*POSITION_FIELDS, "waiting_since")
    )


# New and changed ------------------------------------------------------------------

# A person is told of at most this many objects of each kind changed in the
# period, newest first (a digest then shows SECTION_LIMIT of them in all).
CHANGED_LIMIT = 100


class Changed(NamedTuple):
    """A kind of object whose changes a digest reports: its section, how its
    selector chooses what a person sees, and the columns its line names."""

    section: str
    model: type[Any]
    visible: Callable[[User], Q]
    columns: tuple[str, ...]


CHANGED: dict[str, Changed] = {
    # With its status: a request sent back for changes says so.
    "position": Changed("changed-positions", Position, position_visible, (*POSITION_FIELDS, "status")),
    "project": Changed("changed-projects", Project, project_visible, ("pk", "acronym", "title")),
    "innovation": Changed("changed-innovations", Innovation, innovation_visible, ("pk", "title")),
}


def _changed(label: str) -> Callable[[Viewer, RunContext], QuerySet[Any]]:
    """(id, new to the viewer) of the objects of ``label`` changed in the period
    that the viewer sees and someone else changed, newest change first, at most
    CHANGED_LIMIT + 1 (the last one only says that there are more).

    Read from the period's audit events, newest first, each object at its latest
    event: what it costs follows what changed in the period and what the viewer
    sees of it, never the number of objects on the site. The object is chosen by
    its app's visibility selector, evaluated as the viewer."""
    kind = CHANGED[label]

    def build(viewer: Viewer, ctx: RunContext) -> QuerySet[Any]:
        in_period = AuditEvent.objects.filter(
            content_type_id=content_type_ids()[label], at__gte=ctx.since, at__lt=ctx.until
        )
        same = in_period.filter(_probe("object_id", OuterRef("object_id")))
        later = same.filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk")))
        by_others = same.exclude(actor_id=viewer.id)
        visible = kind.model.objects.filter(kind.visible(viewer.as_user())).filter(_probe("pk", OuterRef("object_pk")))
        # One CASE, so that PostgreSQL asks each question event by event, newest
        # first, each by an index (a few probes), and stops at the limit, rather
        # than turning them into joins over every event and every project.
        # Whether the reader sees it first: for one who sees little of what
        # changed, most events stop there, at one probe.
        listed = Case(
            When(~Exists(visible), then=Value(False)),
            When(Exists(later), then=Value(False)),
            default=Exists(by_others),
            output_field=BooleanField(),
        )
        return (
            in_period.annotate(object_pk=Cast("object_id", IntegerField()))
            .alias(listed=listed)
            .filter(listed=True)
            .annotate(new=Exists(by_others.filter(action="created")))
            .order_by("-at", "-pk")
            .values_list("object_pk", "new")[: CHANGED_LIMIT + 1]
        )

    return build


def _probe(field: str, value: OuterRef) -> Q:
    """``field = value`` written as a range of one value: the same rows, but
    PostgreSQL then probes the index for each event instead of hashing, for each
    reader, every row of the table the subquery reads (which is what it does
    with an ``=`` it can turn into a hashed ``IN``)."""
    return Q(**{f"{field}__gte": value, f"{field}__lte": value})


def changed_objects(label: str, ids: Iterable[int], ctx: RunContext) -> dict[int, tuple[Any, ...]]:
    """The columns the lines of these changed objects name (ids a section query
    chose as its reader), by id: what the chunk has not read yet, in one query."""
    ids = list(ids)
    missing = sorted({pk for pk in ids if (label, pk) not in ctx.objects})
    if missing:
        kind = CHANGED[label]
        for row in kind.model.objects.filter(pk__in=missing).values_list(*kind.columns):
            ctx.objects[(label, row[0])] = row
    return {pk: ctx.objects[(label, pk)] for pk in ids if (label, pk) in ctx.objects}


def _changes_in(label: str) -> Callable[[User, RunContext], bool]:
    return lambda user, ctx: ctx.changed(label)


# Deadlines --------------------------------------------------------------------------


def my_positions(viewer: Viewer) -> Q:
    """The requests that are the person's own: theirs, and those of the units they head."""
    mine = Q(applicant_id=viewer.id)
    if viewer.heads_unit:
        mine |= Q(team__leader_id=viewer.id) | Q(department__head_id=viewer.id)
    return mine


def window(ctx: RunContext, within: int) -> tuple[date, date]:
    """The first and last days a deadline section reads: from today to
    ``within`` days ahead, or the run's ``horizon`` when it has one."""
    return ctx.horizon or (ctx.today, ctx.today + timedelta(days=within))


def _positions_ending(viewer: Viewer, ctx: RunContext) -> QuerySet[Any]:
    first, last = window(ctx, POSITIONS_ENDING_WITHIN)
    return (
        Position.objects.filter(position_visible(viewer.as_user()))
        .filter(my_positions(viewer), status=PositionStatus.APPROVED, end_date__gte=first, end_date__lte=last)
        .order_by("end_date", "pk")
        .values_list(*POSITION_FIELDS, "end_date")
    )


def _milestones_soon(viewer: Viewer, ctx: RunContext) -> QuerySet[Any]:
    first, last = window(ctx, MILESTONES_DUE_WITHIN)
    return (
        milestones_due(user=viewer.as_user(), today=ctx.today, within_days=(last - ctx.today).days)
        .filter(
            due_date__gte=first,
            project__memberships__user_id=viewer.id,
            project__memberships__role=Membership.Role.LEAD,
        )
        .values_list("pk", "title", "due_date", "project_id", "project__acronym")
    )


def _agreements_expiring(viewer: Viewer, ctx: RunContext) -> QuerySet[Any]:
    person = viewer.as_user()
    first, last = window(ctx, EXPIRING_WITHIN)
    agreements = agreement_list(user=person).filter(expires_on__gte=first, expires_on__lte=last)
    if not is_transfer_officer(person):
        agreements = agreements.filter(
            innovation__project__memberships__user_id=viewer.id,
            innovation__project__memberships__role=Membership.Role.LEAD,
        )
    return agreements.order_by("expires_on", "pk").values_list(
        "pk", "reference", "expires_on", "partner__name", "innovation__title"
    )


def _data_approvals_expiring(viewer: Viewer, ctx: RunContext) -> QuerySet[Any]:
    first, last = window(ctx, EXPIRING_WITHIN)
    return (
        data_request_list(user=viewer.as_user(), status=DataAccessRequest.Status.APPROVED)
        .filter(
            expires_on__gte=first,
            expires_on__lte=last,
            project__memberships__user_id=viewer.id,
            project__memberships__role=Membership.Role.LEAD,
        )
        .order_by("expires_on", "pk")
        .values_list("pk", "project_id", "project__acronym", "expires_on", "committee_reference")
    )


def _leads_a_project(user: User, ctx: RunContext) -> bool:
    return ctx.viewer(user).leads_a_project


def _concerned_by_agreements(user: User, ctx: RunContext) -> bool:
    return is_transfer_officer(user) or _leads_a_project(user, ctx)


class SectionQuery(NamedTuple):
    """Whom a section concerns, and how the selectors build its query for a viewer."""

    concerns: Callable[[User, RunContext], bool]
    build: Callable[[Viewer, RunContext], QuerySet[Any]]


SECTIONS: dict[str, SectionQuery] = {
    **{kind.section: SectionQuery(_changes_in(label), _changed(label)) for label, kind in CHANGED.items()},
    "positions-ending": SectionQuery(lambda user, ctx: True, _positions_ending),
    "milestones-due": SectionQuery(_leads_a_project, _milestones_soon),
    "agreements-expiring": SectionQuery(_concerned_by_agreements, _agreements_expiring),
    "data-approvals-expiring": SectionQuery(_leads_a_project, _data_approvals_expiring),
}

REMINDER_SECTIONS = ("positions-ending", "milestones-due", "agreements-expiring", "data-approvals-expiring")


def prefetch_sections(users: list[User], ctx: RunContext, names: Iterable[str] = SECTIONS) -> None:
    """Read every section of every person of a chunk: one query per section and
    shape of person, whatever the number of people and of rows."""
    ctx.meet(users)
    for name in names:
        concerns, build = SECTIONS[name]
        concerned = [ctx.viewer(user) for user in users if concerns(user, ctx)]
        if concerned:
            ctx.sql.prefetch(name, concerned, _bound(build, ctx))
    for label, kind in CHANGED.items():
        if kind.section in names and ctx.changed(label) and connection.vendor == "postgresql":
            ids = {row[0] for user in users for row in section_rows(kind.section, user, ctx)[:CHANGED_LIMIT]}
            changed_objects(label, ids, ctx)


def section_rows(name: str, user: User, ctx: RunContext) -> list[Row]:
    """The rows of section ``name`` for ``user`` (read with the chunk's, or now)."""
    build = SECTIONS[name].build
    return ctx.sql.rows(name, ctx.viewer(user), lambda viewer: build(viewer, ctx))


@dataclass(frozen=True)
class Deadline:
    """A coming deadline: the line that names it, and what the reminder says."""

    rule: str
    key: str  # the object and the date: a reminder's key, with the recipient
    item: Item
    message: str
    pk: int  # the object's
    day: date


def deadlines_for(user: User, ctx: RunContext) -> list[Deadline]:
    """Positions ending, milestones due, agreements and data-access approvals
    expiring: the same for a digest's section and for the reminders."""
    return [
        *_positions_ending_for(user, ctx),
        *_milestones_due_for(user, ctx),
        *_agreements_expiring_for(user, ctx),
        *_data_approvals_expiring_for(user, ctx),
    ]


def _positions_ending_for(user: User, ctx: RunContext) -> list[Deadline]:
    """Approved requests ending within 60 days, for the person and the heads of its units."""
    found: list[Deadline] = []
    for pk, kind, topic, first, last, username, end in section_rows("positions-ending", user, ctx):
        day = {"day": on(end), "n": POSITIONS_ENDING_WITHIN}
        title = position_title(kind, topic, first, last, username)
        item = Item("position", title, position_path(pk, kind), str(_("ends on %(day)s") % day))
        message = _("This position ends on %(day)s, within %(n)d days.")
        if kind == PositionKind.SECONDMENT:
            message = _("This secondment ends on %(day)s, within %(n)d days.")
        found.append(Deadline("ending", f"ending:{pk}:{end.isoformat()}", item, str(message % day), pk, end))
    return found


def _milestones_due_for(user: User, ctx: RunContext) -> list[Deadline]:
    """Milestones due within 14 days in the projects ``user`` leads."""
    if not _leads_a_project(user, ctx):
        return []
    found: list[Deadline] = []
    for pk, title, due, project_id, acronym in section_rows("milestones-due", user, ctx):
        day = {"day": on(due)}
        path = path_of("projects:project-detail", project_id)
        item = Item("milestone", f"{acronym} — {title}", path, str(_("due on %(day)s") % day))
        message = str(_("A milestone of a project you lead is due on %(day)s.") % day)
        found.append(Deadline("milestone", f"milestone:{pk}:{due.isoformat()}", item, message, pk, due))
    return found


def _agreements_expiring_for(user: User, ctx: RunContext) -> list[Deadline]:
    """Agreements expiring within 90 days: every one for transfer officers; those
    of the innovations of their projects for project leads."""
    if not _concerned_by_agreements(user, ctx):
        return []
    found: list[Deadline] = []
    for pk, reference, expires, partner, innovation in section_rows("agreements-expiring", user, ctx):
        day = {"day": on(expires)}
        path = path_of("transfer:agreement-detail", pk)
        item = Item("agreement", f"{reference} — {partner} — {innovation}", path, str(_("expires on %(day)s") % day))
        message = str(_("This agreement expires on %(day)s.") % day)
        found.append(Deadline("agreement", f"agreement:{pk}:{expires.isoformat()}", item, message, pk, expires))
    return found


def _data_approvals_expiring_for(user: User, ctx: RunContext) -> list[Deadline]:
    """Approved data-access requests expiring within 90 days, for the project's leads."""
    if not _leads_a_project(user, ctx):
        return []
    found: list[Deadline] = []
    for pk, project_id, acronym, expires, reference in section_rows("data-approvals-expiring", user, ctx):
        day = {"day": on(expires)}
        title = str(_("Data-access approval of %(project)s") % {"project": acronym})
        if reference:
            title = f"{title} ({reference})"
        path = path_of("projects:project-detail", project_id)
        item = Item("data_request", title, path, str(_("expires on %(day)s") % day))
        message = str(_("The approval of this data-access request expires on %(day)s.") % day)
        found.append(Deadline("data_approval", f"data-approval:{pk}:{expires.isoformat()}", item, message, pk, expires))
    return found


def _bound(build: Callable[[Viewer, RunContext], QuerySet[Any]], ctx: RunContext) -> Callable[[Viewer], QuerySet[Any]]:
    """A section's query for one viewer, in this run."""
    return lambda viewer: build(viewer, ctx)
