"""Who sees which request (SPEC §3), decided once in people.selectors.position_list
from django-guardian grants kept in step by people.grants; and which requests
await whom, in SQL (``awaiting``) as in Python (``Approvers.awaiting``)."""

import contextlib
from datetime import date, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from guardian.core import ObjectPermissionChecker
from guardian.models import GroupObjectPermission, UserObjectPermission
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
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
    PositionUserObjectPermission,
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
from people.tests.factories import DepartmentFactory, UserFactory
from people.tests.positions import approve, department, host, reject, reloaded, secondment, submit, team, today
from people.workflow import Approvers, awaiting, positions_misrouted

PERSONAS = [p.username for p in DEMO_PERSONAS]


def seers(position: Position) -> set[str]:
    return {username for username in PERSONAS if sees(username, position)}


def sees(username: str, position: Position, day: date | None = None) -> bool:
    user = User.objects.get(username=username)
    return position_list(user=user, today=day).filter(pk=position.pk).exists()


def granted(position: Position) -> set[str]:
    return set(
        PositionUserObjectPermission.objects.filter(content_object=position).values_list("user__username", flat=True)
    )


def delegate(delegator: str, to: str, start: int = 0, end: int = 7) -> Delegation:
    by = User.objects.get(username=delegator)
    return delegation_create(
        delegator=by,
        delegate=User.objects.get(username=to),
        starts_on=today() + timedelta(days=start),
        ends_on=today() + timedelta(days=end),
        by=by,
    )


# Visibility ------------------------------------------------------------------


def test_a_draft_is_seen_by_its_applicant_direction_and_operations_only(personas):
    position = host(personas["clinician"], "NEUROLEARN")
    assert seers(position) == {"clinician", "director", "ops"}
    assert not PositionUserObjectPermission.objects.exists()


def test_a_submitted_host_position_is_seen_by_the_host_team_leader_and_the_department_head(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert seers(position) == {"clinician", "teamlead2", "depthead", "director", "ops"}


def test_a_submitted_secondment_is_seen_by_the_host_department_head_and_the_home_team_leader(personas):
    position = submit(secondment(personas["researcher"], "Neuroradiologie"))
    assert seers(position) == {"researcher", "teamlead", "depthead2", "director", "ops"}


def test_the_grants_are_guardian_direct_foreign_key_rows_and_nothing_generic(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert granted(position) == {"teamlead2", "depthead"}
    assert ObjectPermissionChecker(personas["teamlead2"]).has_perm("view_position", position)
    assert not ObjectPermissionChecker(personas["teamlead"]).has_perm("view_position", position)
    approve(position, personas["teamlead2"], personas["depthead"], personas["director"])
    assert not UserObjectPermission.objects.exists()
    assert not GroupObjectPermission.objects.exists()


def test_direction_and_operations_hold_no_grant_rows(personas):
    position = submit(host(personas["depthead"], "PULSAR"))  # both steps go to direction
    assert granted(position) == {"depthead"}
    assert seers(position) == {"depthead", "director", "ops"}


@pytest.mark.parametrize("state", ["endorsed", "approved", "rejected", "withdrawn"])
def test_the_unit_heads_still_see_a_request_once_decided(personas, state):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    if state == "withdrawn":
        position = position_withdraw(position=position, by=personas["clinician"])
    elif state == "rejected":
        position = reject(position, personas["depthead"])
    else:
        position = approve(position, personas["teamlead2"], personas["depthead"])
        if state == "approved":
            position = approve(position, personas["ops"])
    assert seers(position) == {"clinician", "teamlead2", "depthead", "director", "ops"}


def test_a_draft_withdrawn_before_submission_stays_the_applicants(personas):
    position = position_withdraw(position=host(personas["clinician"]), by=personas["clinician"])
    assert seers(position) == {"clinician", "director", "ops"}


def test_a_draft_withdrawn_before_submission_stays_the_applicants_through_any_resync(personas):
    position = position_withdraw(position=host(personas["clinician"], "CARDIOSIM"), by=personas["clinician"])
    team_save(team=team("CARDIOSIM"), by=personas["ops"], leader=personas["teamlead2"])
    delegate("depthead", "clinician2")
    delegations_grants_sync(today=today())
    assert seers(position) == {"clinician", "director", "ops"}
    assert not PositionUserObjectPermission.objects.exists()


def test_the_kind_and_status_filters(personas):
    seconded = submit(secondment(personas["researcher"]))
    hosted = host(personas["clinician"])
    ops = personas["ops"]
    assert list(position_list(user=ops, kind=PositionKind.SECONDMENT)) == [seconded]
    assert list(position_list(user=ops, kind=PositionKind.HOST)) == [hosted]
    assert list(position_list(user=ops, status=PositionStatus.DRAFT)) == [hosted]
    assert list(position_list(user=personas["teamlead"], status=PositionStatus.DRAFT)) == []


def test_a_deactivated_director_sees_only_what_is_theirs(personas):
    position = submit(host(personas["clinician"]))
    director = personas["director"]
    director.is_active = False
    assert not position_list(user=director).filter(pk=position.pk).exists()


# Unit heads change --------------------------------------------------------------


def test_a_new_team_leader_sees_the_teams_requests_and_the_former_one_no_longer_does(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    team_save(team=team("NEUROLEARN"), by=personas["ops"], leader=personas["teamlead"])
    assert sees("teamlead", position)
    assert not sees("teamlead2", position)
    with pytest.raises(PermissionDenied):
        approve(position, personas["teamlead2"])
    assert approve(position, personas["teamlead"]).status == PositionStatus.SUBMITTED


def test_a_new_department_head_sees_the_departments_requests_and_the_former_one_no_longer_does(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    decided = approve(submit(host(personas["clinician"], "CARDIOSIM", share=10)), personas["depthead"])
    department_save(department=department("Cardiologie"), by=personas["ops"], head=personas["depthead2"])
    for request in (position, decided):
        assert sees("depthead2", request)
        assert not sees("depthead", request)
    assert approve(position, personas["depthead2"]).status == PositionStatus.SUBMITTED


def test_a_team_losing_its_leader_sends_its_step_to_direction(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    team_save(team=team("NEUROLEARN"), by=personas["ops"], leader=None)
    assert seers(position) == {"clinician", "depthead", "director", "ops"}
    assert position in position_list(user=personas["director"], awaiting_me=True)


def test_a_head_change_moves_their_delegates_visibility_too(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegate("teamlead2", "researcher")
    assert sees("researcher", position)
    team_save(team=team("NEUROLEARN"), by=personas["ops"], leader=personas["teamlead"])
    assert not sees("researcher", position)


def test_a_delegate_of_direction_sees_the_steps_routed_to_it(personas):
    position = submit(host(personas["clinician"], "PULSAR"))
    delegate("director", "transfer")
    assert sees("transfer", position)
    approve(position, personas["transfer"])
    assert not sees("transfer", position)


def test_changing_a_unit_name_keeps_the_grants(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    team_save(team=team("NEUROLEARN"), by=personas["ops"], name="Renamed")
    assert granted(position) == {"teamlead2", "depthead"}


# Awaiting me: SQL and Python agree ------------------------------------------------


def every_state_and_routing_case(personas: dict[str, User]) -> list[Position]:
    """Requests in every state, with steps routed every way, and delegations
    of heads and of direction (one to a delegate who applies themselves)."""
    p = personas
    reanimation = department("Réanimation médicale")
    intensivist = UserFactory(username="intensivist", institution=Institution.APHP, department=reanimation)
    retired = UserFactory(username="retired", institution=Institution.APHP, is_active=False)
    dormant = DepartmentFactory(name="Dormant", head=retired)
    sleeper = UserFactory(username="sleeper", institution=Institution.APHP, department=dormant)
    delegate("teamlead", "researcher")
    delegate("director", "transfer")
    delegate("depthead", "clinician2")
    delegate("depthead2", "clinician", start=2, end=5)  # not yet begun
    # The team step of a director's secondment (PULSAR has no leader) goes to the
    # other direction member, or operations if there is none.
    other_director = User.objects.filter(username="director2").first() or p["ops"]
    positions = []
    for state in ("draft", "submitted", "team", "department", "endorsed", "approved", "rejected", "withdrawn"):
        position = host(p["clinician"], "NEUROLEARN", share=10)
        if state != "draft":
            position = submit(position)
        if state in ("team", "endorsed", "approved"):
            position = approve(position, p["teamlead2"])
        if state in ("department", "endorsed", "approved"):
            position = approve(position, p["depthead"])
        if state == "approved":
            position = approve(position, p["director"])
        if state == "rejected":
            position = reject(position, p["teamlead2"])
        if state == "withdrawn":
            position = position_withdraw(position=position, by=p["clinician"])
        positions.append(position)
    positions += [
        submit(host(p["depthead"], "NEUROLEARN", share=10)),
        approve(submit(host(p["depthead"], "CARDIOSIM", share=10)), p["director"]),
        submit(host(p["clinician"], "PULSAR", share=10)),
        submit(host(p["clinician2"], "CARDIOSIM", share=10)),
        submit(host(intensivist, "NEUROLEARN", share=10)),
        submit(host(sleeper, "CARDIOSIM", share=10)),
        submit(secondment(p["researcher"], "Neuroradiologie", share=10)),
        submit(secondment(p["researcher"], "Réanimation médicale", share=10)),
        submit(secondment(p["teamlead"], "Cardiologie", share=10)),
        submit(secondment(p["teamlead2"], "Neuroradiologie", share=10)),
        submit(secondment(p["director"], "Cardiologie", share=10)),
        approve(submit(secondment(p["director"], "Neuroradiologie", share=10)), p["depthead2"], other_director),
        approve(submit(secondment(p["ops"], "Neuroradiologie", share=10)), p["depthead2"], p["director"]),
        approve(submit(secondment(p["transfer"], "Neuroradiologie", share=10)), p["depthead2"], p["director"]),
    ]
    return positions


@pytest.mark.parametrize("direction_members", [1, 2])
def test_awaiting_agrees_with_approvers_awaiting_for_every_persona(personas, direction_members):
    if direction_members == 2:
        UserFactory(username="director2").groups.add(Group.objects.get(name=GROUPS[Role.DIRECTION]))
    positions = every_state_and_routing_case(personas)
    for day in (today(), today() + timedelta(days=3), today() + timedelta(days=10)):
        approvers = Approvers(day)
        loaded = list(Position.objects.select_related("team__leader", "department__head").prefetch_related("decisions"))
        for user in User.objects.all():
            expected = {p.pk for p in loaded if user.pk in {u.pk for u in approvers.awaiting(p)}}
            in_sql = awaiting(
                Position.objects.all(),
                user_id=user.pk,
                principal_ids=approvers.principal_ids_of(user),
                direction_ids=approvers.direction_ids,
                final_ids=approvers.final_ids,
                heading_none=approvers.heading_none,
            )
            assert set(in_sql.values_list("pk", flat=True)) == expected, (user.username, day)
    assert len(positions) == 22


def test_awaiting_me_lists_exactly_what_awaits_each_persona(personas):
    every_state_and_routing_case(personas)
    approvers = Approvers(today())
    for username in [*PERSONAS, "intensivist", "sleeper"]:
        user = User.objects.get(username=username)
        listed = position_list(user=user, awaiting_me=True)
        expected = {p.pk for p in position_list(user=user) if user in approvers.awaiting(p)}
        assert set(listed.values_list("pk", flat=True)) == expected, username
    # researcher stands in for teamlead, but not on their own secondment.
    mine = position_list(user=personas["researcher"], awaiting_me=True)
    assert mine.exists()
    assert not mine.filter(applicant=personas["researcher"]).exists()


def test_an_awaiting_request_is_always_visible(personas):
    every_state_and_routing_case(personas)
    approvers = Approvers(today())
    for position in Position.objects.prefetch_related("decisions").select_related("team__leader", "department__head"):
        for user in approvers.awaiting(position):
            assert position_list(user=user).filter(pk=position.pk).exists(), (user.username, position)


# The grants follow SPEC §3 whatever happens: a property test -----------------------


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


@hypothesis_settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(operations, min_size=1, max_size=12))
def test_position_list_follows_spec_rules_whatever_happens(personas, steps):
    with transaction.atomic():
        simulation = Simulation()
        for username, unit in (("clinician", 1), ("researcher", 1), ("depthead", 0), ("teamlead", 0)):
            simulation.create(username, unit)
            simulation.submit(len(simulation.positions) - 1)
        # team_save and department_save resync as of "today": the simulated day.
        with mock.patch("django.utils.timezone.localdate", lambda: simulation.day):
            for step in steps:
                simulation.run(step)
                simulation.check()
            simulation.check(awaiting=True)
        transaction.set_rollback(True)


def test_positions_not_visible_are_not_decidable_by_outsiders(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    for username in PERSONAS:
        if not sees(username, position):
            with pytest.raises(PermissionDenied):
                approve(position, personas[username])


def test_decisions_are_listed_with_the_request(personas, django_assert_num_queries):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"])
    [listed] = position_list(user=personas["clinician"])
    with django_assert_num_queries(0):
        assert [d.step for d in listed.decisions.all()] == [Step.TEAM]
    assert listed == position
    assert Decision.objects.count() == 1
