"""What a reminder or a digest says to one person.

Everything that depends on the recipient is chosen by the visibility selectors
of each app, evaluated as that recipient, so an email never names an object its
reader could not open. What does not depend on the recipient (who decides what
today, what changed in the period) is read once per run (``RunContext``).

The number of SQL queries per recipient is bounded (about ten at most, fewer
for people with no role), whatever the amount of content: each section is one
query, and a section that cannot apply to the person is not asked.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent
from people.models import Position, PositionKind, PositionStatus, User
from people.roles import sees_everything
from people.selectors import position_list, position_visible
from people.workflow import Approvers, awaiting_filter
from projects.models import DataAccessRequest, Membership, Project
from projects.selectors import data_request_list, milestones_due, project_visible
from transfer.models import Innovation
from transfer.selectors import agreement_list, innovation_visible, is_transfer_officer

POSITIONS_ENDING_WITHIN = 60
MILESTONES_DUE_WITHIN = 14
EXPIRING_WITHIN = 90
# A digest lists this many items per section, then says how many more there are.
SECTION_LIMIT = 25

TRACKED = {"position": Position, "project": Project, "innovation": Innovation}


@dataclass(frozen=True)
class Item:
    """One line of an email: what, a link to it, and why it is there."""

    kind: str
    title: str
    path: str
    note: str = ""

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


@dataclass
class Section:
    items: list[Item] = field(default_factory=list)
    more: int = 0

    def add(self, item: Item) -> None:
        if len(self.items) < SECTION_LIMIT:
            self.items.append(item)
        else:
            self.more += 1

    def full(self) -> bool:
        """No room for another item: count it (``more``) without building it."""
        if len(self.items) < SECTION_LIMIT:
            return False
        self.more += 1
        return True

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class Digest:
    waiting: Section = field(default_factory=Section)
    changed: Section = field(default_factory=Section)
    deadlines: Section = field(default_factory=Section)

    def __bool__(self) -> bool:
        return bool(self.waiting or self.changed or self.deadlines)

    def titles(self) -> list[str]:
        return [item.title for section in (self.waiting, self.changed, self.deadlines) for item in section.items]


@dataclass
class RunContext:
    """What every recipient of a run shares, read once."""

    today: date
    now: datetime
    approvers: Approvers
    # label → {object id → (new in the period, its creator, ids of the people who changed it)}
    changes: dict[str, dict[int, tuple[bool, int | None, frozenset[int]]]] = field(default_factory=dict)
    # person id → the people who delegate to them today
    delegators: dict[int, set[int]] = field(default_factory=dict)
    sql: "CompiledQueries" = field(default_factory=lambda: CompiledQueries())
    _changed: dict[tuple[str, int], dict[int, bool]] = field(default_factory=dict)

    @classmethod
    def build(cls, *, today: date, changes: dict[str, Any] | None = None) -> "RunContext":
        approvers = Approvers(today)
        delegators: dict[int, set[int]] = defaultdict(set)
        for delegator_id, delegates in approvers.delegates.items():
            for delegate in delegates:
                delegators[delegate.pk].add(delegator_id)
        parsed = {
            label: {
                int(pk): (bool(info["new"]), info.get("by"), frozenset(info["actors"])) for pk, info in objects.items()
            }
            for label, objects in (changes or {}).items()
        }
        return cls(
            today=today,
            now=_noon(today),
            approvers=approvers,
            changes=parsed,
            delegators=dict(delegators),
        )

    def rows(self, name: str, user: User) -> list[tuple[Any, ...]]:
        """The rows of section ``name`` for ``user`` (read with the chunk's, or now)."""
        build = SECTIONS[name][1]
        return self.sql.rows(name, user, lambda person: build(person, self))

    def all_changed(self, label: str) -> list[int]:
        """Every object of ``label`` changed in the period (the same list for everyone: one SQL form)."""
        return sorted(self.changes.get(label, {}))

    def changed_ids(self, label: str, user: User) -> dict[int, bool]:
        """Objects changed in the period by someone other than ``user``: id → new
        (new to them: what they created themselves is only changed)."""
        key = (label, user.pk)
        if key not in self._changed:
            self._changed[key] = self._changed_for(label, user)
        return self._changed[key]

    def _changed_for(self, label: str, user: User) -> dict[int, bool]:
        me = user.pk
        return {
            pk: new and by != me
            for pk, (new, by, actors) in self.changes.get(label, {}).items()
            if len(actors) > 1 or me not in actors
        }


def _noon(day: date) -> datetime:
    """The moment a run for ``day`` is taken to happen (ages and periods are in whole days)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def period_changes(*, since: datetime, until: datetime) -> dict[str, dict[str, dict[str, Any]]]:
    """What changed between ``since`` and ``until``, from the audit trail: for
    each tracked model, each object's id, whether it was created then, and who
    changed it. Read once per run; stored on the run as JSON."""
    types = ContentType.objects.get_for_models(*TRACKED.values())
    labels = {types[model].pk: label for label, model in TRACKED.items()}
    events = AuditEvent.objects.filter(at__gte=since, at__lt=until, content_type_id__in=labels).values_list(
        "content_type_id", "object_id", "action", "actor_id"
    )
    result: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in TRACKED}
    for type_id, object_id, action, actor_id in events.iterator():
        entry = result[labels[type_id]].setdefault(object_id, {"new": False, "by": None, "actors": []})
        if action == "created":
            entry["new"], entry["by"] = True, actor_id or 0
        actor = actor_id or 0
        if actor not in entry["actors"]:
            entry["actors"].append(actor)
    return result


def prepare_users(ids: Iterable[int]) -> list[User]:
    """The recipients of a chunk with what the rules ask of them, in four
    queries for the whole chunk: groups, units headed, project roles."""
    users = list(
        User.objects.filter(pk__in=list(ids), is_active=True)
        .exclude(email="")
        .select_related("company")
        .prefetch_related("groups", "led_teams", "headed_departments")
        .order_by("pk")
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in Membership.objects.filter(user__in=users).values_list("user_id", "role"):
        roles[user_id].add(role)
    for user in users:
        user._labsite_groups = frozenset(group.name for group in user.groups.all())
        user._labsite_project_roles = frozenset(roles[user.pk])
        user._labsite_heads_unit = bool(user.led_teams.all() or user.headed_departments.all())
    return users


def _heads_a_unit(user: User) -> bool:
    heads = getattr(user, "_labsite_heads_unit", None)
    if heads is None:
        heads = user._labsite_heads_unit = bool(user.led_teams.exists() or user.headed_departments.exists())
    return heads


def _leads_a_project(user: User) -> bool:
    roles = getattr(user, "_labsite_project_roles", None)
    if roles is None:
        roles = user._labsite_project_roles = frozenset(
            Membership.objects.filter(user_id=user.pk).values_list("role", flat=True)
        )
    return Membership.Role.LEAD in roles


# Queries compiled once per kind of person -------------------------------------------
#
# Composing thousands of emails, compiling each person's queries through the ORM
# costs more than running them. So each section's query is built by the
# selector once per chunk and per *shape* of person (roles, institution, units
# headed, project roles: what decides the query's form), for a stand-in with
# that shape and an id no row has; each person's query is that SQL with the
# stand-in's id replaced by theirs. The rule is the selector's, evaluated as the
# recipient: only the id bound to it differs.

STAND_IN_USER = -7_391_235
STAND_IN_COMPANY = -7_391_236


@dataclass(frozen=True)
class Shape:
    groups: frozenset[str]
    institution: str
    has_company: bool
    is_active: bool
    is_superuser: bool
    heads_unit: bool
    project_roles: frozenset[str]


def shape_of(user: User) -> Shape:
    from people.roles import group_names

    _leads_a_project(user)
    return Shape(
        groups=group_names(user),
        institution=user.institution,
        has_company=user.company_id is not None,
        is_active=user.is_active,
        is_superuser=user.is_superuser,
        heads_unit=_heads_a_unit(user),
        project_roles=user._labsite_project_roles,
    )


def stand_in(shape: Shape) -> User:
    person = User(
        pk=STAND_IN_USER,
        institution=shape.institution,
        company_id=STAND_IN_COMPANY if shape.has_company else None,
        is_active=shape.is_active,
        is_superuser=shape.is_superuser,
    )
    person._labsite_groups = shape.groups
    person._labsite_heads_unit = shape.heads_unit
    person._labsite_project_roles = shape.project_roles
    return person


class CompiledQueries:
    """Each section's SQL, compiled once per shape of person, and the rows of a
    whole chunk of people read in one query per section and shape."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, Shape], tuple[str, tuple[Any, ...]] | None] = {}
        self._rows: dict[tuple[str, int], list[tuple[Any, ...]]] = {}

    def _compile(self, name: str, shape: Shape, build: Any) -> tuple[str, tuple[Any, ...]] | None:
        key = (name, shape)
        if key not in self._compiled:
            sql, params = build(stand_in(shape)).query.sql_with_params()
            inlined = str(STAND_IN_USER) in sql or str(STAND_IN_COMPANY) in sql
            self._compiled[key] = None if inlined else (sql, tuple(params))
        return self._compiled[key]

    def rows(self, name: str, user: User, build: Any) -> list[tuple[Any, ...]]:
        """``build(person)`` → a values_list queryset; its rows for ``user``."""
        if (name, user.pk) in self._rows:
            return self._rows[(name, user.pk)]
        compiled = self._compile(name, shape_of(user), build)
        if compiled is None:  # the stand-in's id went into the SQL text: no template
            return list(build(user))
        sql, params = compiled
        bound = [
            user.pk if _is(value, STAND_IN_USER) else user.company_id if _is(value, STAND_IN_COMPANY) else value
            for value in params
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            return cursor.fetchall()

    def prefetch(self, name: str, users: list[User], build: Any) -> None:
        """Read the rows of ``users`` at once: per shape, the compiled query
        joined laterally to the list of their ids, in one statement. (On
        PostgreSQL; elsewhere, the SQLite demo, ``rows`` asks person by person.)"""
        if connection.vendor != "postgresql":
            return
        by_shape: dict[Shape, list[User]] = defaultdict(list)
        for user in users:
            by_shape[shape_of(user)].append(user)
        for shape, people in by_shape.items():
            compiled = self._compile(name, shape, build)
            if compiled is None:
                continue  # ``rows`` will ask person by person
            inner, params = _bind_to_columns(*compiled)
            # ``inner`` is SQL the ORM compiled; every value in it is a parameter.
            sql = LATERAL.format(inner=inner)
            found: dict[int, list[tuple[Any, ...]]] = {person.pk: [] for person in people}
            with connection.cursor() as cursor:
                cursor.execute(sql, [[p.pk for p in people], [p.company_id for p in people], *params])
                for row in cursor.fetchall():
                    found[row[0]].append(tuple(row[1:-1]))
            for user_id, rows in found.items():
                self._rows[(name, user_id)] = rows


LATERAL = (
    "SELECT u.id, t.* FROM unnest(%s::integer[], %s::integer[]) AS u(id, company_id) "
    "CROSS JOIN LATERAL (SELECT s.*, row_number() OVER () AS labsite_n FROM ({inner}) AS s) AS t "
    "ORDER BY u.id, t.labsite_n"
)
_PLACEHOLDER = re.compile(r"(%%|%s)")


def _bind_to_columns(sql: str, params: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """The stand-in's ids in ``sql`` become the lateral join's columns ``u.id``
    and ``u.company_id``; the other parameters stay parameters."""
    values = iter(params)
    parts, bound = [], []
    for part in _PLACEHOLDER.split(sql):
        if part == "%s":
            value = next(values)
            if _is(value, STAND_IN_USER):
                part = "u.id"
            elif _is(value, STAND_IN_COMPANY):
                part = "u.company_id"
            else:
                bound.append(value)
        parts.append(part)
    return "".join(parts), bound


def _is(value: Any, sentinel: int) -> bool:
    return type(value) is int and value == sentinel


def _position_title(kind: str, topic: str, applicant: str) -> str:
    label = _("Host position") if kind == PositionKind.HOST else _("Secondment")
    return f"{label} — {applicant}: {topic}"


@functools.cache
def _path_pattern(name: str) -> str:
    return reverse(name, args=[_PATH_MARK]).replace(str(_PATH_MARK), "{}")


_PATH_MARK = 987_654_321


def path_of(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])``, worked out once per name (thousands of links per run)."""
    return _path_pattern(name).format(int(pk))


def _position_path(pk: int, kind: str) -> str:
    name = "hostposition-detail" if kind == PositionKind.HOST else "secondment-detail"
    return path_of(f"people:{name}", pk)


def _applicant_name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


POSITION_FIELDS = ("pk", "kind", "topic", "applicant__first_name", "applicant__last_name", "applicant__username")


def _days(n: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


# Waiting for the person ---------------------------------------------------------


def awaited_positions(user: User, ctx: RunContext, *, for_reminders: bool = False) -> list[tuple[Any, ...]]:
    """(pk, kind, topic, applicant names…, waiting_since) of the requests awaiting
    ``user``'s decision, oldest first. For reminders, a person with an active
    delegate is not reminded: the delegate is."""
    delegators = ctx.delegators.get(user.pk, set())
    principals = {user.pk} | delegators
    if for_reminders and ctx.approvers.delegates.get(user.pk):
        principals.discard(user.pk)
    if not principals or not (_heads_a_unit(user) or user.pk in ctx.approvers.final_ids or delegators):
        return []
    condition = awaiting_filter(
        user_id=user.pk,
        principal_ids=principals,
        direction_ids=ctx.approvers.direction_ids,
        final_ids=ctx.approvers.final_ids,
    )
    return list(
        position_list(user=user)
        .filter(condition)
        .order_by("waiting_since", "pk")
        .values_list(*POSITION_FIELDS, "waiting_since")
    )


def _waiting_section(user: User, ctx: RunContext, section: Section) -> None:
    for pk, kind, topic, first, last, username, since in awaited_positions(user, ctx):
        age = max((ctx.today - timezone.localdate(since)).days, 0) if since else 0
        section.add(
            Item(
                kind="position",
                title=_position_title(kind, topic, _applicant_name(first, last, username)),
                path=_position_path(pk, kind),
                note=str(_("waiting for %(age)s") % {"age": _days(age)}),
            )
        )
    if sees_everything(user):
        requests = (
            data_request_list(user=user, status=DataAccessRequest.Status.SUBMITTED)
            .order_by("created_at", "pk")
            .values_list("pk", "project_id", "project__acronym", "created_at")
        )
        for _pk, project_id, acronym, created in requests:
            age = max((ctx.today - timezone.localdate(created)).days, 0)
            section.add(
                Item(
                    kind="data_request",
                    title=str(_("Data-access request of %(project)s") % {"project": acronym}),
                    path=path_of("projects:project-detail", project_id),
                    note=str(_("waiting for %(age)s") % {"age": _days(age)}),
                )
            )


# New and changed ------------------------------------------------------------------


def _changed_positions(person: User, ctx: RunContext) -> Any:
    return (
        Position.objects.filter(position_visible(person))
        .filter(pk__in=ctx.all_changed("position"))
        .order_by("pk")
        .values_list(*POSITION_FIELDS)
    )


def _changed_projects(person: User, ctx: RunContext) -> Any:
    return (
        Project.objects.filter(project_visible(person))
        .filter(pk__in=ctx.all_changed("project"))
        .order_by("acronym")
        .values_list("pk", "acronym", "title")
    )


def _changed_innovations(person: User, ctx: RunContext) -> Any:
    return (
        Innovation.objects.filter(innovation_visible(person))
        .filter(pk__in=ctx.all_changed("innovation"))
        .order_by("title")
        .values_list("pk", "title")
    )


def _changed_section(user: User, ctx: RunContext, section: Section) -> None:
    def note(new: bool) -> str:
        return str(_("new") if new else _("changed"))

    changed = ctx.changed_ids("position", user)
    if changed:
        for pk, kind, topic, first, last, username in ctx.rows("changed-positions", user):
            if pk in changed and not section.full():
                title = _position_title(kind, topic, _applicant_name(first, last, username))
                section.add(Item("position", title, _position_path(pk, kind), note(changed[pk])))
    changed = ctx.changed_ids("project", user)
    if changed:
        for pk, acronym, title in ctx.rows("changed-projects", user):
            if pk in changed and not section.full():
                path = path_of("projects:project-detail", pk)
                section.add(Item("project", f"{acronym} — {title}", path, note(changed[pk])))
    changed = ctx.changed_ids("innovation", user)
    if changed:
        for pk, title in ctx.rows("changed-innovations", user):
            if pk in changed and not section.full():
                path = path_of("transfer:innovation-detail", pk)
                section.add(Item("innovation", title, path, note(changed[pk])))


# Deadlines --------------------------------------------------------------------------


def _positions_ending(person: User, ctx: RunContext) -> Any:
    mine = Q(applicant_id=person.pk)
    if _heads_a_unit(person):
        mine |= Q(team__leader_id=person.pk) | Q(department__head_id=person.pk)
    return (
        Position.objects.filter(position_visible(person))
        .filter(
            mine,
            status=PositionStatus.APPROVED,
            end_date__gte=ctx.today,
            end_date__lte=ctx.today + timedelta(days=POSITIONS_ENDING_WITHIN),
        )
        .order_by("end_date", "pk")
        .values_list(*POSITION_FIELDS, "end_date")
    )


def positions_ending(user: User, ctx: RunContext) -> list[tuple[Any, ...]]:
    """Approved requests ending within 60 days, for the person and the heads of its units."""
    return ctx.rows("positions-ending", user)


def _milestones_soon(person: User, ctx: RunContext) -> Any:
    return (
        milestones_due(user=person, today=ctx.today, within_days=MILESTONES_DUE_WITHIN)
        .filter(
            due_date__gte=ctx.today,
            project__memberships__user_id=person.pk,
            project__memberships__role=Membership.Role.LEAD,
        )
        .values_list("pk", "title", "due_date", "project_id", "project__acronym")
    )


def milestones_soon(user: User, ctx: RunContext) -> list[tuple[Any, ...]]:
    """Milestones due within 14 days in the projects ``user`` leads."""
    return ctx.rows("milestones-due", user) if _leads_a_project(user) else []


def _agreements_expiring(person: User, ctx: RunContext) -> Any:
    agreements = agreement_list(user=person).filter(
        expires_on__gte=ctx.today, expires_on__lte=ctx.today + timedelta(days=EXPIRING_WITHIN)
    )
    if not is_transfer_officer(person):
        agreements = agreements.filter(
            innovation__project__memberships__user_id=person.pk,
            innovation__project__memberships__role=Membership.Role.LEAD,
        )
    return agreements.order_by("expires_on", "pk").values_list(
        "pk", "reference", "expires_on", "partner__name", "innovation__title"
    )


def _concerned_by_agreements(user: User, ctx: RunContext) -> bool:
    return is_transfer_officer(user) or _leads_a_project(user)


def agreements_expiring_for(user: User, ctx: RunContext) -> list[tuple[Any, ...]]:
    """Agreements expiring within 90 days: every one for transfer officers; those
    of the innovations of their projects for project leads."""
    return ctx.rows("agreements-expiring", user) if _concerned_by_agreements(user, ctx) else []


def _data_approvals_expiring(person: User, ctx: RunContext) -> Any:
    return (
        data_request_list(user=person, status=DataAccessRequest.Status.APPROVED)
        .filter(
            expires_on__gte=ctx.today,
            expires_on__lte=ctx.today + timedelta(days=EXPIRING_WITHIN),
            project__memberships__user_id=person.pk,
            project__memberships__role=Membership.Role.LEAD,
        )
        .order_by("expires_on", "pk")
        .values_list("pk", "project_id", "project__acronym", "expires_on", "committee_reference")
    )


def data_approvals_expiring(user: User, ctx: RunContext) -> list[tuple[Any, ...]]:
    """Approved data-access requests expiring within 90 days, for the project's leads."""
    return ctx.rows("data-approvals-expiring", user) if _leads_a_project(user) else []


# Each section's query: (who it concerns, how the selectors build it for a person).
SECTIONS: dict[str, tuple[Any, Any]] = {
    "changed-positions": (lambda user, ctx: bool(ctx.changed_ids("position", user)), _changed_positions),
    "changed-projects": (lambda user, ctx: bool(ctx.changed_ids("project", user)), _changed_projects),
    "changed-innovations": (lambda user, ctx: bool(ctx.changed_ids("innovation", user)), _changed_innovations),
    "positions-ending": (lambda user, ctx: True, _positions_ending),
    "milestones-due": (lambda user, ctx: _leads_a_project(user), _milestones_soon),
    "agreements-expiring": (_concerned_by_agreements, _agreements_expiring),
    "data-approvals-expiring": (lambda user, ctx: _leads_a_project(user), _data_approvals_expiring),
}


REMINDER_SECTIONS = ("positions-ending", "milestones-due", "agreements-expiring", "data-approvals-expiring")


def prefetch_sections(users: list[User], ctx: RunContext, names: Iterable[str] = SECTIONS) -> None:
    """Read every section of every person of a chunk: one query per section and
    shape of person, whatever the number of people and of rows."""
    for name in names:
        concerns, build = SECTIONS[name]
        concerned = [user for user in users if concerns(user, ctx)]
        if concerned:
            ctx.sql.prefetch(name, concerned, lambda person, build=build: build(person, ctx))


def _on(day: date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


@dataclass(frozen=True)
class Deadline:
    """A coming deadline: the line that names it, and what the reminder says."""

    rule: str
    key: str  # the object and the date: a reminder's key, with the recipient
    item: Item
    message: str


def deadlines_for(user: User, ctx: RunContext) -> list[Deadline]:
    """Positions ending, milestones due, agreements and data-access approvals
    expiring: the same for a digest's section and for the reminders."""
    found: list[Deadline] = []
    for pk, kind, topic, first, last, username, end in positions_ending(user, ctx):
        day = {"day": _on(end), "n": POSITIONS_ENDING_WITHIN}
        title = _position_title(kind, topic, _applicant_name(first, last, username))
        item = Item("position", title, _position_path(pk, kind), str(_("ends on %(day)s") % day))
        message = _("This position ends on %(day)s, within %(n)d days.")
        if kind == PositionKind.SECONDMENT:
            message = _("This secondment ends on %(day)s, within %(n)d days.")
        found.append(Deadline("ending", f"ending:{pk}:{end.isoformat()}", item, str(message % day)))
    for pk, title, due, project_id, acronym in milestones_soon(user, ctx):
        day = {"day": _on(due)}
        path = path_of("projects:project-detail", project_id)
        item = Item("milestone", f"{acronym} — {title}", path, str(_("due on %(day)s") % day))
        message = str(_("A milestone of a project you lead is due on %(day)s.") % day)
        found.append(Deadline("milestone", f"milestone:{pk}:{due.isoformat()}", item, message))
    for pk, reference, expires, partner, innovation in agreements_expiring_for(user, ctx):
        day = {"day": _on(expires)}
        path = path_of("transfer:agreement-detail", pk)
        item = Item("agreement", f"{reference} — {partner} — {innovation}", path, str(_("expires on %(day)s") % day))
        message = str(_("This agreement expires on %(day)s.") % day)
        found.append(Deadline("agreement", f"agreement:{pk}:{expires.isoformat()}", item, message))
    for pk, project_id, acronym, expires, reference in data_approvals_expiring(user, ctx):
        day = {"day": _on(expires)}
        title = str(_("Data-access approval of %(project)s") % {"project": acronym})
        if reference:
            title = f"{title} ({reference})"
        path = path_of("projects:project-detail", project_id)
        item = Item("data_request", title, path, str(_("expires on %(day)s") % day))
        message = str(_("The approval of this data-access request expires on %(day)s.") % day)
        found.append(Deadline("data_approval", f"data-approval:{pk}:{expires.isoformat()}", item, message))
    return found


def _deadlines_section(user: User, ctx: RunContext, section: Section) -> None:
    for deadline in deadlines_for(user, ctx):
        section.add(deadline.item)


def digest_for(user: User, ctx: RunContext) -> Digest:
    """The three sections of ``user``'s digest (in the active language)."""
    digest = Digest()
    _waiting_section(user, ctx, digest.waiting)
    _changed_section(user, ctx, digest.changed)
    _deadlines_section(user, ctx, digest.deadlines)
    return digest


# Reminders --------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One reminder email: its outbox key names the rule, the object, the
    recipient and the period, so that no run sends it twice."""

    key: str
    rule: str
    item: Item
    message: str


def reminders_for(user: User, ctx: RunContext) -> list[Reminder]:
    after = settings.REMINDER_AFTER_DAYS
    every = max(settings.REMINDER_EVERY_DAYS, 1)
    reminders: list[Reminder] = []
    for pk, kind, topic, first, last, username, since in awaited_positions(user, ctx, for_reminders=True):
        if since is None:
            continue
        waited = (ctx.today - timezone.localdate(since)).days
        if waited <= after:
            continue
        period = (waited - after - 1) // every  # one reminder per ``every`` days past the first
        item = Item(
            "position",
            _position_title(kind, topic, _applicant_name(first, last, username)),
            _position_path(pk, kind),
            str(_("waiting for %(age)s") % {"age": _days(waited)}),
        )
        reminders.append(
            Reminder(
                key=f"reminder:approval:{pk}:{since:%Y%m%dT%H%M%S}:{user.pk}:{period}",
                rule="approval",
                item=item,
                message=str(_("A request has been waiting for your decision for %(age)s.") % {"age": _days(waited)}),
            )
        )
    for deadline in deadlines_for(user, ctx):
        key = f"reminder:{deadline.key}:{user.pk}"
        reminders.append(Reminder(key=key, rule=deadline.rule, item=deadline.item, message=deadline.message))
    return reminders
