"""Who sees which request (SPEC §3), decided once in people.selectors.position_list
from django-guardian grants kept in step by people.grants; and which requests
await whom, in SQL (``awaiting``) as in Python (``Approvers.awaiting``)."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from guardian.core import ObjectPermissionChecker
from guardian.models import GroupObjectPermission, UserObjectPermission
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

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
from people.roles import GROUPS, Role
from people.selectors import position_list
from people.services import (
    delegation_create,
    delegations_grants_sync,
    department_save,
    position_withdraw,
    team_save,
)
from people.tests.factories import DepartmentFactory, UserFactory
from people.tests.positions import approve, department, host, reject, secondment, submit, team, today
from people.tests.simulation import PERSONAS, Simulation, operations
from people.workflow import Approvers, awaiting


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
