"""Each request's endorsements are routed to their unit's head or to direction
as the request is written, and again whenever what decides it changes through
the services: a unit's head, a head's account deactivated or reactivated;
nightly, whatever changed behind them. What awaits direction is read on the
row (``awaits_direction``), and agrees with ``Approvers.awaiting``."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q

from people.models import Position, PositionStatus, User
from people.selectors import position_list
from people.services import department_save, team_save, user_account_update, user_deactivate
from people.tasks import sync_delegation_grants
from people.tests.positions import approve, host, reloaded, secondment, submit, team, today
from people.workflow import Approvers, positions_misrouted, positions_reroute


def routing(position: Position) -> tuple[bool, bool, bool]:
    position = reloaded(position)
    return position.team_routed, position.department_routed, position.awaits_direction


def awaits_everyone_as_approvers_say(users: list[User]) -> None:
    """``position_list(awaiting_me=True)`` lists, for each of ``users``, what
    ``Approvers.awaiting`` (Python, read from the units now) says awaits them."""
    approvers = Approvers(today())
    positions = list(Position.objects.select_related("team__leader", "department__head"))
    for user in users:
        expected = {p.pk for p in positions if user.pk in {u.pk for u in approvers.awaiting(p)}}
        listed = set(position_list(user=user, awaiting_me=True).values_list("pk", flat=True))
        assert listed == expected, user.username
    assert not positions_misrouted().exists()


def test_a_request_is_routed_as_it_is_submitted(personas):
    # NEUROLEARN is led by teamlead2, Cardiologie headed by depthead: both heads decide.
    own_heads = submit(host(personas["clinician"], "NEUROLEARN"))
    assert routing(own_heads) == (False, False, False)
    # PULSAR has no leader: its step goes to direction.
    no_leader = submit(host(personas["clinician"], "PULSAR"))
    assert routing(no_leader) == (True, False, True)
    # depthead heads the department of their own request: direction decides that step.
    own_department = submit(host(personas["depthead"], "NEUROLEARN"))
    assert routing(own_department) == (False, True, True)
    # An endorsed request awaits direction whatever its routing.
    endorsed = approve(submit(host(personas["clinician2"], "NEUROLEARN")), personas["teamlead2"], personas["depthead2"])
    assert endorsed.status == PositionStatus.ENDORSED
    assert routing(endorsed)[2] is True
    assert position_list(user=personas["director"], awaiting_me=True).filter(pk=endorsed.pk).exists()
    awaits_everyone_as_approvers_say(list(User.objects.all()))


def test_a_draft_awaits_nobody_and_is_routed_once_submitted(personas):
    draft = host(personas["clinician"], "PULSAR")
    assert routing(draft)[2] is False
    submit(draft)
    assert routing(draft) == (True, False, True)


def test_a_new_leader_takes_the_step_from_direction_and_back(personas):
    position = submit(host(personas["clinician"], "PULSAR"))
    assert position_list(user=personas["director"], awaiting_me=True).filter(pk=position.pk).exists()
    team_save(team=team("PULSAR"), by=personas["ops"], leader=personas["teamlead"])
    assert routing(position) == (False, False, False)
    assert position_list(user=personas["teamlead"], awaiting_me=True).filter(pk=position.pk).exists()
    assert not position_list(user=personas["director"], awaiting_me=True).filter(pk=position.pk).exists()
    team_save(team=team("PULSAR"), by=personas["ops"], leader=None)
    assert routing(position) == (True, False, True)
    awaits_everyone_as_approvers_say(list(User.objects.all()))


def test_a_new_department_head_takes_the_step_from_direction(personas):
    position = submit(secondment(personas["researcher"], "Réanimation médicale"))
    assert routing(position) == (False, True, True)
    department_save(department=position.department, by=personas["ops"], head=personas["depthead2"])
    assert routing(position) == (False, False, False)
    awaits_everyone_as_approvers_say([personas["depthead2"], personas["director"]])


def test_a_head_deactivated_hands_the_step_to_direction_until_reactivated(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    leader = personas["teamlead2"]
    user_deactivate(user=leader, by=personas["ops"])
    assert routing(position) == (True, False, True)
    awaits_everyone_as_approvers_say([personas["director"], personas["depthead"]])
    # Reactivated (the admin's checkbox): the step is theirs again.
    user_account_update(user=leader, by=personas["ops"], fields={"is_active": True})
    assert routing(position) == (False, False, False)
    awaits_everyone_as_approvers_say([leader, personas["director"]])


def test_misrouted_requests_are_found_and_rerouted(personas):
    position = submit(host(personas["clinician"], "PULSAR"))
    # Behind the services' back: a bulk update.
    Position.objects.filter(pk=position.pk).update(team_routed=False, awaits_direction=False)
    assert list(positions_misrouted()) == [reloaded(position)]
    assert positions_reroute(Q(pk=position.pk)) == 1
    assert not positions_misrouted().exists()


@pytest.mark.parametrize("status", [PositionStatus.DRAFT, PositionStatus.CHANGES_REQUESTED])
def test_rerouting_touches_only_submitted_requests(personas, status):
    position = host(personas["clinician"], "PULSAR")
    Position.objects.filter(pk=position.pk).update(status=status)
    assert positions_reroute(Q()) == 0


def test_what_awaits_direction_cannot_disagree_with_its_row(personas):
    position = submit(host(personas["clinician"], "PULSAR"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(awaits_direction=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(status=PositionStatus.WITHDRAWN)


def test_the_nightly_job_routes_again_what_changed_behind_the_apps_back(personas, caplog):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    # A bulk update (a restore, a fix in the database) goes round the services.
    User.objects.filter(pk=personas["teamlead2"].pk).update(is_active=False)
    assert list(positions_misrouted()) == [reloaded(position)]
    sync_delegation_grants()
    assert routing(position) == (True, False, True)
    assert not positions_misrouted().exists()
    assert "1 submitted requests were misrouted" in caplog.text
