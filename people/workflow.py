"""Who decides what, for host positions and secondments (SPEC §4).

A submitted request waits on two endorsements, in either order: the leader of
its team and the head of its department. A step whose unit is headed by the
applicant, or by nobody, goes to direction (to operations, should direction be
the applicant alone). An endorsed request waits on
direction or operations. Nobody decides on their own request. A delegate acts
for their delegator while the delegation runs.

An approver whose step is awaited may instead send the request back for
changes: it then awaits nobody until its applicant submits it again, and its
endorsements start over, in a new round (``Position.round``; the earlier
rounds' decisions stay, as its history).

Which endorsements a request has (in its current round) is kept on its row (``team_decided``,
``department_decided``, set with each decision), so that neither a request's
steps nor a list of those awaiting someone reads its decisions.

``Approvers`` reads, once and in one query, what these rules need (direction
and operations members with their accounts, today's delegates with whom they
stand in for), so that a list of requests costs a constant
number of queries however long it is.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils.translation import gettext as _

from people.models import Delegation, Department, Position, PositionStatus, Step, Team, User
from people.models.positions import (
    COMMITTED_STATUSES,
    DECIDED_FIELDS,
    DIRECTION,
    ROUTED_FIELDS,
    awaiting_direction,
    routed,
)
from people.roles import GROUPS, Role


@dataclass(frozen=True)
class Actor:
    """Someone who may decide a step: ``user`` acting for ``principal``
    (the same person unless ``user`` is a delegate)."""

    user: User
    principal: User

    @property
    def on_behalf_of(self) -> User | None:
        return None if self.user.pk == self.principal.pk else self.principal


def pending_steps(position: Position) -> list[Step]:
    """The steps awaiting a decision (an endorsed request's final step is
    decided by the decision that closes it)."""
    if position.status == PositionStatus.SUBMITTED:
        return [step for step, field in DECIDED_FIELDS.items() if not getattr(position, field)]
    if position.status == PositionStatus.ENDORSED:
        return [Step.FINAL]
    return []


def unit_head(position: Position, step: Step) -> User | None:
    if step == Step.TEAM:
        return position.team.leader
    if step == Step.DEPARTMENT:
        return position.department.head
    return None


class Approvers:
    """Answers who may decide which step of which request, as of ``today``."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.users: dict[int, User] = {}
        self.delegates: dict[int, list[User]] = defaultdict(list)
        by_group: dict[str, set[int]] = defaultdict(set)
        delegations: list[tuple[date, int, int, User]] = []
        heading: set[int] = set()
        for row in _approver_rows(today):
            if row.group_name is not None:
                by_group[row.group_name].add(row.pk)
                self.users.setdefault(row.pk, row)
                if row.heads_unit:
                    heading.add(row.pk)
            else:
                delegations.append((row.delegation_starts_on, row.delegation_id, row.delegator_id, row))
        self.direction_ids = by_group[GROUPS[Role.DIRECTION]]
        self.final_ids = self.direction_ids | by_group[GROUPS[Role.OPERATIONS]]
        # Members of direction and operations who head no unit: no unit's step is theirs.
        self.heading_none = self.final_ids - heading
        # The delegations' own order: the latest first.
        for _starts_on, _id, delegator_id, delegate in sorted(delegations, key=lambda d: (d[0], d[1]), reverse=True):
            self.delegates[delegator_id].append(delegate)

    def principals(self, position: Position, step: Step) -> list[User]:
        """Who decides ``step`` in their own right (never the applicant)."""
        head = unit_head(position, step)
        if step != Step.FINAL and head is not None and head.pk != position.applicant_id and head.is_active:
            return [head]
        ids = self.final_ids if step == Step.FINAL else self.routed_ids(position.applicant_id)
        return [self.users[pk] for pk in sorted(ids) if pk != position.applicant_id]

    def routed_ids(self, applicant_id: int) -> set[int]:
        """Who takes a step its unit's head may not decide: direction; operations
        too when direction is the applicant alone (the step would wait on nobody)."""
        return self.direction_ids - {applicant_id} or self.final_ids

    def routing_reason(self, position: Position, step: Step) -> str:
        """Why direction (or operations) decides a unit's step, in words; empty
        when the unit's head decides it, and for the final step."""
        if step == Step.FINAL:
            return ""
        head = unit_head(position, step)
        team = step == Step.TEAM
        if head is None:
            why = _("The project-team has no leader.") if team else _("The department has no head.")
        elif head.pk == position.applicant_id:
            why = _("The applicant leads this project-team.") if team else _("The applicant heads this department.")
        elif not head.is_active:
            why = (
                _("The project-team’s leader no longer has an active account.")
                if team
                else _("The department’s head no longer has an active account.")
            )
        else:
            return ""
        if self.direction_ids - {position.applicant_id}:
            return _("%(why)s The lab’s direction decides this step.") % {"why": why}
        return _("%(why)s The applicant is the lab’s direction: operations decide this step.") % {"why": why}

    def actors(self, position: Position, step: Step) -> list[Actor]:
        """Principals, then their active delegates (never the applicant)."""
        result = [Actor(user=p, principal=p) for p in self.principals(position, step)]
        for principal in list(result):
            for delegate in self.delegates.get(principal.user.pk, []):
                if delegate.pk != position.applicant_id and delegate.is_active:
                    result.append(Actor(user=delegate, principal=principal.user))
        return result

    def awaiting(self, position: Position) -> list[User]:
        """Everyone whose decision is awaited, principals first, without repeats."""
        seen: dict[int, User] = {}
        for step in pending_steps(position):
            for actor in self.actors(position, step):
                seen.setdefault(actor.user.pk, actor.user)
        return list(seen.values())

    def actor_for(self, position: Position, user: User, steps: list[Step]) -> tuple[Step, Actor] | None:
        """The first of ``steps`` that ``user`` may decide, and as whom."""
        for step in steps:
            for actor in self.actors(position, step):
                if actor.user.pk == user.pk:
                    return step, actor
        return None

    def principal_ids_of(self, user: User) -> set[int]:
        """``user`` and everyone who delegates to them today."""
        ids = {user.pk}
        ids |= {pk for pk, delegates in self.delegates.items() if any(d.pk == user.pk for d in delegates)}
        return ids


def active_delegations(today: date) -> QuerySet[Delegation]:
    return Delegation.objects.filter(starts_on__lte=today, ends_on__gte=today)


def _approver_rows(today: date) -> QuerySet[Any]:
    """In one query, the users ``Approvers`` needs: each active member of
    direction and operations once per group, with ``group_name``; and the
    delegate of each of today's delegations, with ``delegator_id``,
    ``delegation_id`` and ``delegation_starts_on`` (and no ``group_name``)."""
    nothing = {
        "delegator_id": Value(None, output_field=IntegerField()),
        "delegation_id": Value(None, output_field=IntegerField()),
        "delegation_starts_on": Value(None, output_field=DateField()),
    }
    heads_unit = Exists(Team.objects.filter(leader_id=OuterRef("pk"))) | Exists(
        Department.objects.filter(head_id=OuterRef("pk"))
    )
    members = (
        User.objects.filter(is_active=True, groups__name__in=[GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]])
        .annotate(group_name=F("groups__name"), **nothing)
        .annotate(heads_unit=ExpressionWrapper(heads_unit, output_field=BooleanField()))
        .order_by()
    )
    delegates = (
        User.objects.filter(delegations_received__starts_on__lte=today, delegations_received__ends_on__gte=today)
        .annotate(
            group_name=Value(None, output_field=CharField()),
            delegator_id=F("delegations_received__delegator_id"),
            delegation_id=F("delegations_received__id"),
            delegation_starts_on=F("delegations_received__starts_on"),
        )
        .annotate(heads_unit=Value(None, output_field=BooleanField()))
        .order_by()
    )
    return members.union(delegates, all=True).order_by()


def awaiting(
    positions: QuerySet[Position],
    *,
    user_id: int,
    principal_ids: set[int],
    direction_ids: set[int],
    final_ids: set[int],
    heading_none: set[int] | frozenset[int] = frozenset(),
) -> QuerySet[Position]:
    """Of ``positions``, the requests awaiting ``user_id`` as one of
    ``principal_ids`` (themselves and those they stand in for): the rules of
    ``Approvers.awaiting``, in SQL, on the routing kept on each row
    (``Position.team_routed``, ``awaits_direction``). ``heading_none``: those
    of them known to head no unit (``Approvers.heading_none``), whose
    condition is then direction's alone: one partial index read."""
    # Operations take a routed step only when direction is the applicant alone (``Approvers.routed_ids``).
    if not direction_ids:
        direction_is_the_applicant = Q()
    elif len(direction_ids) == 1:
        direction_is_the_applicant = Q(applicant_id=next(iter(direction_ids)))
    else:
        direction_is_the_applicant = Q(pk__in=[])
    submitted = Q(status=PositionStatus.SUBMITTED)
    condition = Q(pk__in=[])
    for principal in principal_ids:
        not_own = ~Q(applicant_id=principal)
        heads = (
            ()
            if principal in heading_none
            else (("team__leader_id", Step.TEAM), ("department__head_id", Step.DEPARTMENT))
        )
        for head, step in heads:
            # The unit's head decides the step unless it is routed to direction.
            step_open = {DECIDED_FIELDS[step]: False, ROUTED_FIELDS[step]: False}
            condition |= submitted & Q(**{head: principal}, **step_open) & not_own
        if principal in direction_ids:
            condition |= DIRECTION & not_own
        elif principal in final_ids:
            condition |= Q(status=PositionStatus.ENDORSED) & not_own
            condition |= DIRECTION & submitted & direction_is_the_applicant & not_own
    # Nobody decides on their own request, not even standing in for someone else.
    return positions.filter(condition & ~Q(applicant_id=user_id))


def positions_reroute(where: Q) -> int:
    """Routes again the endorsements of the submitted requests matching
    ``where``, in one statement: after a unit's head changes, or a head's
    account is deactivated or reactivated (``Position.save`` routes a request
    as it is written)."""
    outer = {"applicant_id": OuterRef("applicant_id")}
    routing = {
        "team_routed": routed(Step.TEAM, team_id=OuterRef("team_id"), **outer),
        "department_routed": routed(Step.DEPARTMENT, department_id=OuterRef("department_id"), **outer),
    }
    decided = {field: F(field) for field in DECIDED_FIELDS.values()}
    return (
        Position.objects.filter(where, status=PositionStatus.SUBMITTED)
        .order_by()
        .update(**routing, awaits_direction=awaiting_direction(routing, **decided))
    )


def positions_misrouted() -> QuerySet[Position]:
    """The submitted requests whose kept routing is not what their units say
    (none, unless a head changed behind the services' and models' backs)."""
    outer = {"applicant_id": OuterRef("applicant_id")}
    return Position.objects.filter(status=PositionStatus.SUBMITTED).exclude(
        team_routed=routed(Step.TEAM, team_id=OuterRef("team_id"), **outer),
        department_routed=routed(Step.DEPARTMENT, department_id=OuterRef("department_id"), **outer),
    )


def waiting_age(position: Position, now: datetime) -> timedelta | None:
    """How long the request has waited on its current step(s)."""
    if position.waiting_since is None or position.status not in (PositionStatus.SUBMITTED, PositionStatus.ENDORSED):
        return None
    return now - position.waiting_since


# A request takes and loses files while someone may still act on it (a request
# sent back for changes, should that state exist, is open too).
ATTACHMENT_OPEN_STATUSES = frozenset({"draft", "submitted", "endorsed", "changes_requested"})


def may_attach(position: Position, user: User, approvers: Approvers) -> bool:
    """Whether ``user``, who sees ``position``, may attach a file to it: its
    applicant while it is open; once submitted, anyone who decides (or stands
    in for who decides) one of its steps, too. A draft is its applicant's."""
    if position.status not in ATTACHMENT_OPEN_STATUSES:
        return False
    if position.applicant_id == user.pk:
        return True
    if position.status == "draft":
        return False
    return any(actor.user.pk == user.pk for step in Step for actor in approvers.actors(position, step))


def may_remove_attachment(position: Position, uploaded_by_id: int | None, user: User) -> bool:
    """Its uploader removes a file, while the request is open (a former
    member's file stays with the request)."""
    return position.status in ATTACHMENT_OPEN_STATUSES and uploaded_by_id == user.pk


# The 100 % rule (SPEC §4) ----------------------------------------------------


def overlapping(position: Position) -> Q:
    """The requests the 100 % rule counts with ``position``: its applicant's
    other approved or pending host positions and secondments whose dates meet
    its own (a shared first or last day counts)."""
    return Q(
        applicant_id=position.applicant_id,
        status__in=COMMITTED_STATUSES,
        start_date__lte=position.end_date,
        end_date__gte=position.start_date,
    ) & ~Q(pk=position.pk)


def peak_time_share(position: Position, others: Iterable[Position]) -> int:
    """The highest total time share on any day of ``position``, ``others``
    (requests that overlap it) included: what may not exceed 100 %. A total
    only rises on a day a request starts, so those days are the ones to count."""
    others = list(others)
    days = sorted({position.start_date, *(o.start_date for o in others if o.start_date > position.start_date)})
    return max(
        position.time_share + sum(o.time_share for o in others if o.start_date <= day <= o.end_date) for day in days
    )
