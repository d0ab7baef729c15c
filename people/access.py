"""Who sees a host position, a secondment or a person, and why (SPEC §3): the
rules as named clauses (``core.explain``), like ``projects.access``.

Requests. The list (``people.selectors.position_visible``) reads a request's
viewers from the grants ``people.grants`` writes (and the applicant's own, and
every request for direction and operations): its fast path at a million rows.
The clauses below are the rule those grants materialise, stated again on the
request's row: who leads its team or heads its department (once it has been
submitted), who stands in for such a head today, who stands in for direction
or operations while the request awaits their decision. ``position_grants_sync``
writes their ``people(position)`` side minus direction and operations (who see
everything by role); the property test of ``people/tests/test_access.py`` holds
the two to each other, on random worlds: a reason ⇔ listed ⇔ among who sees it.

People. The directory's rule (``person_list``) is the ``OR`` of its clauses.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.explain import Clause, Reason, Viewer, explain, in_name_order, reasons_of, viewers, visible_filter
from core.lookups import AmongIds
from people.models import STAFF_INSTITUTIONS, Delegation, Institution, Position, PositionKind, PositionStatus, User
from people.models.positions import EDITABLE_STATUSES
from people.roles import GROUPS, Role, group_names, is_operations, is_partner
from people.workflow import Approvers, pending_steps

# Shared by both rules ---------------------------------------------------------


def in_group(role: Role) -> tuple[Callable[[User], Q | None], Callable[[Any], Q]]:
    """A role that sees every record (direction, operations, the transfer office),
    as a clause's two sides: everything for its members, while their account is
    active; its active members, whatever the record. Shared by every app's rule."""
    name = GROUPS[role]

    def objects(user: User) -> Q | None:
        return Q() if user.is_active and name in group_names(user) else None

    def people(obj: Any) -> Q:
        return Q(is_active=True, groups__name=name)

    return objects, people


def administrator(user: User) -> Q | None:
    """An active superuser sees everything."""
    return Q() if user.is_active and user.is_superuser else None


def administrators(obj: Any) -> Q:
    return Q(is_active=True, is_superuser=True)


def _day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "?"


# Host positions and secondments -------------------------------------------------

# A draft, or a request withdrawn before it was ever submitted, stays its applicant's
# (``people.grants.position_viewer_ids``).
SUBMITTED_ONCE = ~Q(status=PositionStatus.DRAFT) & ~Q(status=PositionStatus.WITHDRAWN, submitted_at__isnull=True)


def _submitted_once(position: Position) -> bool:
    return not (
        position.status == PositionStatus.DRAFT
        or (position.status == PositionStatus.WITHDRAWN and position.submitted_at is None)
    )


def _running(today: date) -> Q:
    return Q(starts_on__lte=today, ends_on__gte=today)


def _delegations_to(user: User) -> QuerySet[Delegation]:
    """The delegations ``user`` receives that run today."""
    return Delegation.objects.filter(_running(timezone.localdate()), delegate_id=user.pk)


def _applicant(user: User) -> Q:
    return Q(applicant_id=user.pk)


def _the_applicant(position: Position) -> Q:
    return Q(pk=position.applicant_id)


def _heads(field: str) -> tuple[Any, Any]:
    """The leader of the request's team (``field`` "team__leader_id") or the head
    of its department ("department__head_id"), once it has been submitted."""

    def objects(user: User) -> Q:
        return SUBMITTED_ONCE & Q(**{field: user.pk})

    def people(position: Position) -> Q | None:
        head_id = _head_id(position, field)
        return Q(pk=head_id) if head_id is not None and _submitted_once(position) else None

    return objects, people


def _head_id(position: Position, field: str) -> int | None:
    return position.team.leader_id if field == "team__leader_id" else position.department.head_id


def _head_delegates(field: str) -> tuple[Any, Any]:
    """Who stands in today for the unit's head (never for a head who is the
    applicant: a delegate stands in for an approver), once it has been submitted."""

    def objects(user: User) -> Q:
        delegators = _delegations_to(user).values("delegator_id")
        return SUBMITTED_ONCE & Q(**{f"{field}__in": delegators}) & ~Q(**{field: F("applicant_id")})

    def people(position: Position) -> Q | None:
        head_id = _head_id(position, field)
        if head_id is None or head_id == position.applicant_id or not _submitted_once(position):
            return None
        running = Delegation.objects.filter(_running(timezone.localdate()), delegator_id=head_id)
        return Q(pk__in=running.values("delegate_id"))

    return objects, people


def _deciders() -> tuple[QuerySet[User], QuerySet[User]]:
    """The active members of direction, and of direction or operations."""
    active = User.objects.filter(is_active=True)
    direction = active.filter(groups__name=GROUPS[Role.DIRECTION])
    final = active.filter(groups__name__in=[GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]])
    return direction, final


def _final_delegations(user: User) -> QuerySet[Delegation]:
    """The delegations ``user`` receives today from direction or operations, on a
    request's row (never from its applicant): those of direction first, who take
    a routed step before operations do (``Approvers.routed_ids``)."""
    direction, final = _deciders()
    return (
        _delegations_to(user)
        .filter(delegator__in=final)
        .exclude(delegator_id=OuterRef("applicant_id"))
        .annotate(
            by_direction=Case(
                When(delegator__in=direction, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("by_direction", "-ends_on")
    )


def _final_delegate(user: User) -> Q | None:
    """A request awaiting direction (endorsed, or with a step routed to it) is seen
    by who stands in today for one of those who decide it (``Approvers.actors``):
    direction or operations once endorsed; direction for a routed step, or
    operations when direction is the applicant alone."""
    if not user.is_active:
        return None
    direction, _final = _deciders()
    delegations = _final_delegations(user)
    endorsed = Q(status=PositionStatus.ENDORSED) & Q(Exists(delegations))
    others = direction.exclude(pk=OuterRef("applicant_id"))
    routed = Q(status=PositionStatus.SUBMITTED) & (
        Q(Exists(delegations.filter(delegator__in=direction))) | (~Q(Exists(others)) & Q(Exists(delegations)))
    )
    return Q(awaits_direction=True) & ~Q(applicant_id=user.pk) & (endorsed | routed)


def _final_delegates(position: Position) -> Q | None:
    if not position.awaits_direction:
        return None
    direction, final = _deciders()
    deciders = final.exclude(pk=position.applicant_id)
    if position.status == PositionStatus.SUBMITTED:
        others = direction.exclude(pk=position.applicant_id)
        deciders = User.objects.filter(
            Q(pk__in=others.values("pk")) | Q(pk__in=deciders.values("pk")) & ~Q(Exists(others))
        )
    running = Delegation.objects.filter(_running(timezone.localdate()), delegator__in=deciders.values("pk"))
    return Q(is_active=True, pk__in=running.values("delegate_id")) & ~Q(pk=position.applicant_id)


def _hosting(position: Position, host: Any, home: Any) -> Any:
    return host if position.kind == PositionKind.HOST else home


def _team_leader_sentence(position: Position, read: dict[str, Any]) -> Any:
    said = _hosting(
        position, _("You lead %(team)s, the host project-team."), _("You lead %(team)s, the applicant’s project-team.")
    )
    return said % {"team": read["team_acronym"]}


def _department_head_sentence(position: Position, read: dict[str, Any]) -> Any:
    said = _hosting(
        position,
        _("You head %(department)s, the applicant’s department."),
        _("You head %(department)s, the host department."),
    )
    return said % {"department": read["department_name"]}


def _team_delegate_sentence(position: Position, read: dict[str, Any]) -> Any:
    return _("You act for the leader of %(team)s from %(start)s until %(end)s (delegation).") % {
        "team": read["team_acronym"],
        "start": _day(read["team_delegation_starts"]),
        "end": _day(read["team_delegation_ends"]),
    }


def _department_delegate_sentence(position: Position, read: dict[str, Any]) -> Any:
    return _("You act for the head of %(department)s from %(start)s until %(end)s (delegation).") % {
        "department": read["department_name"],
        "start": _day(read["department_delegation_starts"]),
        "end": _day(read["department_delegation_ends"]),
    }


def _final_delegate_sentence(position: Position, read: dict[str, Any]) -> Any:
    name = " ".join(part for part in (read["final_delegator_first"], read["final_delegator_last"]) if part)
    return _(
        "You act for %(name)s from %(start)s until %(end)s (delegation), and the request awaits their decision."
    ) % {"name": name, "start": _day(read["final_delegation_starts"]), "end": _day(read["final_delegation_ends"])}


POSITION_DIRECTION = Clause[Position](
    "direction",
    *in_group(Role.DIRECTION),
    lambda position, read: _("Direction sees every request, and you are in it."),
)
POSITION_OPERATIONS = Clause[Position](
    "operations",
    *in_group(Role.OPERATIONS),
    lambda position, read: _("Operations see every request, and you are in it."),
)
POSITION_ADMINISTRATOR = Clause[Position](
    "administrator",
    administrator,
    administrators,
    lambda position, read: _("You administer labsite, which sees every request."),
)
APPLICANT = Clause[Position](
    "applicant", _applicant, _the_applicant, lambda position, read: _("You made this request.")
)
TEAM_LEADER = Clause[Position]("team_leader", *_heads("team__leader_id"), _team_leader_sentence)
DEPARTMENT_HEAD = Clause[Position]("department_head", *_heads("department__head_id"), _department_head_sentence)
TEAM_DELEGATE = Clause[Position]("team_delegate", *_head_delegates("team__leader_id"), _team_delegate_sentence)
DEPARTMENT_DELEGATE = Clause[Position](
    "department_delegate", *_head_delegates("department__head_id"), _department_delegate_sentence
)
FINAL_DELEGATE = Clause[Position]("final_delegate", _final_delegate, _final_delegates, _final_delegate_sentence)

POSITION_CLAUSES = (
    POSITION_DIRECTION,
    POSITION_OPERATIONS,
    POSITION_ADMINISTRATOR,
    APPLICANT,
    TEAM_LEADER,
    DEPARTMENT_HEAD,
    TEAM_DELEGATE,
    DEPARTMENT_DELEGATE,
    FINAL_DELEGATE,
)
# Those who see a request by their office, not as its applicant: its approvers (and
# their stand-ins), direction and operations, who may read who else sees it.
POSITION_MANAGERS = frozenset(clause.code for clause in POSITION_CLAUSES) - {"applicant"}

POSITION_LISTED = {
    "direction": _("direction"),
    "operations": _("operations"),
    "administrator": _("administrator"),
    "applicant": _("applicant"),
    "team_leader": _("leader of the project-team"),
    "department_head": _("head of the department"),
    "team_delegate": _("stands in for the project-team’s leader (delegation)"),
    "department_delegate": _("stands in for the department’s head (delegation)"),
    "final_delegate": _("stands in for direction or operations (delegation)"),
}


def position_rule(user: User) -> Q:
    """The clauses' ``OR`` for ``user``: what the grants, the applicant's own and
    the roles of ``position_visible`` amount to (the property test's claim)."""
    return visible_filter(POSITION_CLAUSES, user)


def _delegation_read(prefix: str, delegations: QuerySet[Delegation]) -> dict[str, Any]:
    return {
        f"{prefix}_starts": Subquery(delegations.values("starts_on")[:1]),
        f"{prefix}_ends": Subquery(delegations.values("ends_on")[:1]),
    }


def why_position_visible(user: User, position: Position) -> list[Reason]:
    """Each reason ``user`` sees ``position`` (empty: they do not), in one query."""
    running = _delegations_to(user).order_by("-ends_on", "-pk")
    final = _final_delegations(user)
    return explain(
        POSITION_CLAUSES,
        Position.objects.all(),
        position,
        user,
        team_acronym=F("team__acronym"),
        department_name=F("department__name"),
        **_delegation_read("team_delegation", running.filter(delegator_id=OuterRef("team__leader_id"))),
        **_delegation_read("department_delegation", running.filter(delegator_id=OuterRef("department__head_id"))),
        **_delegation_read("final_delegation", final),
        final_delegator_first=Subquery(final.values("delegator__first_name")[:1]),
        final_delegator_last=Subquery(final.values("delegator__last_name")[:1]),
    )


def manages_position(reasons: list[Reason]) -> bool:
    """Whether the reader of ``reasons`` (``why_position_visible``) may read who else sees the request."""
    return any(reason.code in POSITION_MANAGERS for reason in reasons)


def who_sees_position(position: Position) -> QuerySet[User]:
    """The people who see ``position``, in name order, with the flags that
    ``position_viewer`` reads: one query, whatever their number."""
    return in_name_order(viewers(POSITION_CLAUSES, position))


def position_deciders(position: Position, approvers: Approvers) -> frozenset[int]:
    """Who may decide one of the request's steps now (or stand in for who does)."""
    return frozenset(actor.user.pk for step in pending_steps(position) for actor in approvers.actors(position, step))


def position_viewer(person: User, position: Position, deciders: frozenset[int]) -> Viewer:
    """A person of ``who_sees_position``, with their reasons and what they may do
    (``deciders``: ``position_deciders``)."""
    return Viewer(
        person=person,
        reasons=reasons_of(POSITION_CLAUSES, person, POSITION_LISTED),
        may_edit=person.pk == position.applicant_id and position.status in EDITABLE_STATUSES,
        may_decide=person.pk in deciders,
    )


# People (the directory) ---------------------------------------------------------
# The directory lists active people only: an inactive person is nobody's to see
# (``person_list`` filters on it; ``why_person_visible`` and the ``people`` sides say it).


def project_partners_of(user: User) -> QuerySet[User, Any]:
    """The ids of the people who share a project with ``user`` (not themselves:
    ``SELF`` says that): through the ORM's relation names, so that people/ need
    not import projects/."""
    return User.objects.filter(project_memberships__project__memberships__user=user).exclude(pk=user.pk).values("pk")


def _everyone(role: Role) -> tuple[Any, Any]:
    objects, people = in_group(role)
    return objects, lambda person: people(person) if person.is_active else None


def _staff(user: User) -> Q | None:
    return None if is_partner(user) else Q(institution__in=STAFF_INSTITUTIONS)


def _staff_seeing(person: User) -> Q | None:
    return (
        ~Q(institution=Institution.PARTNER) if person.is_active and person.institution in STAFF_INSTITUTIONS else None
    )


def _sharing(user: User) -> Q:
    if is_partner(user):
        # The few people of their projects, gathered first and read by their ids
        # (``AmongIds``): not the whole directory read in name order until a page
        # of them is found (20,000 rows for 3).
        return Q(AmongIds("pk", project_partners_of(user)))
    return Q(pk__in=project_partners_of(user))


def _sharing_with(person: User) -> Q | None:
    if not person.is_active:
        return None
    return Q(project_memberships__project__memberships__user=person) & ~Q(pk=person.pk)


def _shared_sentence(person: User, read: dict[str, Any]) -> Any:
    count, first = read["shared_count"] or 0, read["shared_first"] or ""
    if count <= 1:
        return _("You share the project %(project)s with them.") % {"project": first}
    return ngettext(
        "You share %(count)s projects with them, %(project)s among them.",
        "You share %(count)s projects with them, %(project)s among them.",
        count,
    ) % {"count": count, "project": first}


PERSON_DIRECTION = Clause[User](
    "direction", *_everyone(Role.DIRECTION), lambda person, read: _("Direction sees everyone, and you are in it.")
)
PERSON_OPERATIONS = Clause[User](
    "operations", *_everyone(Role.OPERATIONS), lambda person, read: _("Operations see everyone, and you are in it.")
)
PERSON_ADMINISTRATOR = Clause[User](
    "administrator",
    administrator,
    lambda person: administrators(person) if person.is_active else None,
    lambda person, read: _("You administer labsite, which sees everyone."),
)
STAFF = Clause[User]("staff", _staff, _staff_seeing, lambda person, read: _("You are lab staff, and so are they."))
SHARES_PROJECT = Clause[User]("shares_project", _sharing, _sharing_with, _shared_sentence)
SELF = Clause[User](
    "self",
    lambda user: Q(pk=user.pk),
    lambda person: Q(pk=person.pk) if person.is_active else None,
    lambda person, read: _("It is you."),
)

# The cheaper tests first in the selector's OR.
PERSON_CLAUSES = (PERSON_DIRECTION, PERSON_OPERATIONS, PERSON_ADMINISTRATOR, STAFF, SHARES_PROJECT, SELF)

PERSON_LISTED = {
    "direction": _("direction"),
    "operations": _("operations"),
    "administrator": _("administrator"),
    "staff": _("lab staff, as they are"),
    "shares_project": _("shares a project with them"),
    "self": _("themselves"),
}


def person_rule(user: User) -> Q:
    """The directory's rule for ``user``: what ``person_list`` filters the active people with."""
    return visible_filter(PERSON_CLAUSES, user)


def why_person_visible(user: User, person: User) -> list[Reason]:
    """Each reason ``user`` sees ``person`` in the directory (empty: they do not), in one query."""
    if not person.is_active:
        return []
    # The projects they share, read in the same query on any database: how many, and the first by acronym.
    shared = User.objects.filter(pk=user.pk, project_memberships__project__memberships__user=OuterRef("pk"))
    acronym = "project_memberships__project__acronym"
    counted = shared.order_by().values("pk").annotate(n=Count("project_memberships__project", distinct=True))
    return explain(
        PERSON_CLAUSES,
        User.objects.all(),
        person,
        user,
        shared_count=Subquery(counted.values("n")[:1], output_field=IntegerField()),
        shared_first=Subquery(shared.order_by(acronym).values(acronym)[:1]),
    )


def who_sees_person(person: User) -> QuerySet[User]:
    """The people who see ``person`` in the directory, in name order, each with
    the flags ``person_viewer`` reads: one query, whatever their number."""
    return in_name_order(viewers(PERSON_CLAUSES, person))


def person_viewer(person: User) -> Viewer:
    """A person of ``who_sees_person``: their reasons, and whether they may edit
    the profile (their own; operations, anyone's)."""
    flags = {code: getattr(person, f"sees_{code}", False) for code in ("self", "operations", "administrator")}
    return Viewer(
        person=person,
        reasons=reasons_of(PERSON_CLAUSES, person, PERSON_LISTED),
        may_edit=any(flags.values()),
        may_decide=False,
    )


def manages_person(user: User) -> bool:
    """Who may read who sees a person: operations (and administrators), and direction."""
    return is_operations(user) or (user.is_active and GROUPS[Role.DIRECTION] in group_names(user))
