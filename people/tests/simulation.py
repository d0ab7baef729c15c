"""Random histories of host-position requests (hypothesis), and a plain-Python
reading of who sees each: what the property tests of test_position_selectors
and test_access run."""

import contextlib
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from hypothesis import strategies as st

from core.errors import Conflict
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import (
    Decision,
    Delegation,
    Institution,
    Position,
    PositionKind,
    PositionStatus,
    Step,
    User,
)
from people.models.positions import DECIDED_FIELDS
from people.roles import GROUPS, Role
from people.selectors import position_list
from people.services import (
    delegation_create,
    delegation_end,
    delegations_grants_sync,
    department_save,
    position_create,
    position_decide,
    position_request_changes,
    position_submit,
    position_withdraw,
    team_save,
)
from people.tests.positions import department, reloaded, team, today
from people.workflow import positions_misrouted

PERSONAS = [p.username for p in DEMO_PERSONAS]


class Lab:
    """Direct reading of SPEC §3 and §4, independent of people.workflow and people.grants."""

    def __init__(self, day: date) -> None:
        self.day = day
        members = User.objects.filter(
            is_active=True, groups__name__in=[GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]]
        )
        self.direction = set(members.filter(groups__name=GROUPS[Role.DIRECTION]).values_list("pk", flat=True))
        self.final = set(members.values_list("pk", flat=True))
        self.delegates: dict[int, set[int]] = {}
        for d in Delegation.objects.filter(starts_on__lte=day, ends_on__gte=day).select_related("delegate"):
            if d.delegate.is_active:
                self.delegates.setdefault(d.delegator_id, set()).add(d.delegate_id)

    def principals(self, position: Position) -> set[int]:
        # A request sent back for changes awaits nobody; submitted again, its new round's endorsements.
        decided = {d.step for d in position.decisions.all() if d.round == position.round}
        applicant = position.applicant_id
        if position.status == PositionStatus.ENDORSED:
            return self.final - {applicant}
        if position.status != PositionStatus.SUBMITTED:
            return set()
        result: set[int] = set()
        for step, head in ((Step.TEAM, position.team.leader), (Step.DEPARTMENT, position.department.head)):
            if step in decided:
                continue
            if head is not None and head.is_active and head.pk != applicant:
                result.add(head.pk)
            else:
                result |= (self.direction - {applicant}) or (self.final - {applicant})
        return result

    def awaited(self, position: Position) -> set[int]:
        principals = self.principals(position)
        stand_ins = {d for p in principals for d in self.delegates.get(p, set())}
        return (principals | stand_ins) - {position.applicant_id}

    def sees(self, user: User, position: Position) -> bool:
        if user.is_active and user.pk in self.final:
            return True
        if position.applicant_id == user.pk:
            return True
        if position.submitted_at is None:  # a draft, or withdrawn before it was ever sent
            return False
        heads = {pk for pk in (position.team.leader_id, position.department.head_id) if pk}
        # A head's delegate stands in for an approver, never for the applicant heading a unit.
        approving_heads = heads - {position.applicant_id}
        if user.pk in heads or any(user.pk in self.delegates.get(head, set()) for head in approving_heads):
            return True
        return user.pk in self.awaited(position)


APPLICANTS = ["clinician", "clinician2", "depthead", "researcher", "teamlead", "director", "transfer"]
HEADS = ["teamlead", "teamlead2", "depthead", "depthead2", "researcher", "clinician", "director", None]
UNITS = [("team", "CARDIOSIM"), ("team", "NEUROLEARN"), ("team", "PULSAR")] + [
    ("department", name) for name in ("Cardiologie", "Neuroradiologie", "Réanimation médicale")
]
STAFF = [p for p in PERSONAS if p != "partner"]

operations = st.one_of(
    st.tuples(st.just("create"), st.sampled_from(APPLICANTS), st.integers(0, 2)),
    st.tuples(st.just("submit"), st.integers(0, 9)),
    st.tuples(st.just("decide"), st.integers(0, 9), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("send_back"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("withdraw"), st.integers(0, 9)),
    st.tuples(st.just("head"), st.sampled_from(UNITS), st.sampled_from(HEADS)),
    st.tuples(
        st.just("delegate"), st.sampled_from(STAFF), st.sampled_from(STAFF), st.integers(-1, 3), st.integers(0, 3)
    ),
    st.tuples(st.just("end"), st.integers(0, 9)),
    st.tuples(st.just("advance"), st.integers(1, 3)),
)


class Simulation:
    """Runs operations as the services would be called, a simulated calendar
    advancing with the daily delegation sync run each day."""

    def __init__(self) -> None:
        self.day = today()
        self.positions: list[Position] = []
        self.delegations: list[Delegation] = []
        self.users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}

    def run(self, operation: tuple) -> None:
        name, *args = operation
        getattr(self, name)(*args)

    def pick(self, items: list, index: int) -> object | None:
        return items[index % len(items)] if items else None

    def create(self, username: str, unit: int) -> None:
        applicant = self.users[username]
        common = {"applicant": applicant, "time_share": 10, "topic": "Topic", "today": self.day}
        start = self.day + timedelta(days=30)
        common |= {"start_date": start, "end_date": start + timedelta(days=100)}
        if applicant.institution == Institution.APHP:
            target = ["CARDIOSIM", "NEUROLEARN", "PULSAR"][unit]
            self.positions.append(position_create(kind=PositionKind.HOST, team=team(target), **common))
        else:
            target = ["Cardiologie", "Neuroradiologie", "Réanimation médicale"][unit]
            self.positions.append(
                position_create(kind=PositionKind.SECONDMENT, department=department(target), **common)
            )

    def submit(self, index: int) -> None:
        position = self.pick(self.positions, index)
        if position is None:
            return
        try:
            position_submit(position=position, by=position.applicant, today=self.day)
        except Conflict:
            assert reloaded(position).status not in (PositionStatus.DRAFT, PositionStatus.CHANGES_REQUESTED)

    def decide(self, index: int, who: int, approve_it: bool) -> None:
        position = self.pick(self.positions, index)
        if position is None:
            return
        position = Position.objects.select_related("team__leader", "department__head").get(pk=position.pk)
        awaited = sorted(Lab(self.day).awaited(position))
        if not awaited:
            return
        by = User.objects.get(pk=awaited[who % len(awaited)])
        position_decide(position=position, by=by, approve=approve_it, comment="Because.", today=self.day)

    def send_back(self, index: int, who: int) -> None:
        """An awaited approver sends the request back; ``submit`` then submits it again."""
        position = self.pick(self.positions, index)
        if position is None:
            return
        position = Position.objects.select_related("team__leader", "department__head").get(pk=position.pk)
        awaited = sorted(Lab(self.day).awaited(position))
        if not awaited:
            return
        by = User.objects.get(pk=awaited[who % len(awaited)])
        round_before = position.round
        position = position_request_changes(position=position, by=by, comment="Say more.", today=self.day)
        assert (position.status, position.round) == (PositionStatus.CHANGES_REQUESTED, round_before + 1)
        assert not Lab(self.day).awaited(reloaded(position))

    def withdraw(self, index: int) -> None:
        position = self.pick(self.positions, index)
        if position is None:
            return
        try:
            position_withdraw(position=position, by=position.applicant, today=self.day)
        except Conflict:
            assert reloaded(position).status in (PositionStatus.APPROVED, PositionStatus.REJECTED, "withdrawn")

    def head(self, unit: tuple[str, str], username: str | None) -> None:
        kind, name = unit
        head = self.users[username] if username else None
        if kind == "team":
            team_save(team=team(name), by=self.users["ops"], leader=head)
        else:
            department_save(department=department(name), by=self.users["ops"], head=head)

    def delegate(self, delegator: str, to: str, start: int, length: int) -> None:
        by = self.users[delegator]
        with contextlib.suppress(ValidationError):
            self.delegations.append(
                delegation_create(
                    delegator=by,
                    delegate=self.users[to],
                    starts_on=self.day + timedelta(days=start),
                    ends_on=self.day + timedelta(days=start + length),
                    by=by,
                    today=self.day,
                )
            )

    def end(self, index: int) -> None:
        delegation = self.pick(self.delegations, index)
        if delegation is None:
            return
        try:
            delegation_end(delegation=delegation, by=delegation.delegator, today=self.day)
        except Conflict:
            delegation.refresh_from_db()  # it may have been ended already, under this same object
            assert delegation.ends_on < self.day
        except Delegation.DoesNotExist:
            pass  # cancelled before it began

    def advance(self, days: int) -> None:
        for _ in range(days):
            self.day += timedelta(days=1)
            delegations_grants_sync(today=self.day)

    def check(self, *, awaiting: bool = False) -> None:
        """Everyone sees what SPEC §3 says (and, with ``awaiting``, has waiting what §4 says)."""
        lab = Lab(self.day)
        positions = list(
            Position.objects.select_related("team__leader", "department__head").prefetch_related("decisions")
        )
        for position in positions:
            # The endorsements kept on the row are those the decisions of its current round give.
            current = [d for d in position.decisions.all() if d.round == position.round]
            decided = {d.step for d in current}
            marked = {step for step, field in DECIDED_FIELDS.items() if getattr(position, field)}
            assert marked == decided - {Step.FINAL}, (position.pk, position.status, marked, decided)
            assert all(d.outcome == Decision.Outcome.APPROVED for d in current if d.step != Step.FINAL) or (
                position.status == PositionStatus.REJECTED
            )
            # Earlier rounds each ended with a request for changes, and are kept.
            for earlier in range(1, position.round):
                outcomes = [d.outcome for d in position.decisions.all() if d.round == earlier]
                assert outcomes.count(Decision.Outcome.CHANGES_REQUESTED) == 1, (position.pk, earlier, outcomes)
        # The routing kept on each request is what its units say now.
        assert not positions_misrouted().exists()
        for user in User.objects.filter(username__in=PERSONAS):
            expected = {p.pk for p in positions if lab.sees(user, p)}
            seen = set(position_list(user=user, today=self.day).values_list("pk", flat=True))
            assert seen == expected, (user.username, self.day, sorted(seen - expected), sorted(expected - seen))
            if awaiting:
                expected = {p.pk for p in positions if user.pk in lab.awaited(p)}
                listed = position_list(user=user, awaiting_me=True, today=self.day)
                assert set(listed.values_list("pk", flat=True)) == expected, (user.username, self.day, "awaiting")
