"""The host-position and secondment workflow (SPEC §4), through its services:
every transition and every refused one, who decides which step, validation,
the 100 % cap, delegations, history and emails."""

import random
from datetime import date, timedelta

import pytest
from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from core.audit import audit_history
from core.errors import Conflict
from core.models import AuditEvent, Email
from core.outbox import email_render
from people.models import (
    Call,
    Decision,
    Delegation,
    Institution,
    Position,
    PositionKind,
    PositionStatus,
    Step,
    Team,
    User,
)
from people.selectors import position_list
from people.services import (
    delegation_create,
    delegation_end,
    delegations_grants_sync,
    position_create,
    position_decide,
    position_submit,
    position_update,
    position_withdraw,
    positions_overlapping,
)
from people.tasks import sync_delegation_grants
from people.tests.factories import UserFactory
from people.tests.positions import (
    approve,
    department,
    host,
    reject,
    reloaded,
    secondment,
    submit,
    team,
    today,
)
from people.workflow import Approvers, peak_time_share

TEAM, DEPARTMENT, FINAL = Step.TEAM, Step.DEPARTMENT, Step.FINAL


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Service messages are read in English here; emails are in their recipient's language whatever is active."""
    with translation.override("en"):
        yield


def awaited(position: Position, day: date | None = None) -> set[str]:
    return {user.username for user in Approvers(day or today()).awaiting(reloaded(position))}


def decisions(position: Position) -> list[tuple[str, str, str, str | None]]:
    return [
        (d.step, d.outcome, d.decided_by.username, d.on_behalf_of.username if d.on_behalf_of else None)
        for d in Decision.objects.filter(position=position).select_related("decided_by", "on_behalf_of")
    ]


def in_state(personas: dict[str, User], state: str) -> Position:
    """clinician's host position into NEUROLEARN, brought to ``state``."""
    position = host(personas["clinician"], "NEUROLEARN")
    if state == "draft":
        return position
    if state == "withdrawn":
        return position_withdraw(position=submit(position), by=personas["clinician"])
    position = submit(position)
    if state == "submitted":
        return position
    if state == "rejected":
        return reject(position, personas["teamlead2"])
    position = approve(position, personas["teamlead2"], personas["depthead"])
    if state == "endorsed":
        return position
    return approve(position, personas["director"])


# Creating --------------------------------------------------------------------


def test_a_clinician_creates_a_draft_host_position_from_their_department(personas):
    position = host(personas["clinician"], "NEUROLEARN")
    assert position.status == PositionStatus.DRAFT
    assert position.kind == PositionKind.HOST
    assert position.team == team("NEUROLEARN")
    assert position.department == personas["clinician"].department
    assert [e.action for e in audit_history(position)] == ["created"]


def test_a_host_position_records_the_applicants_department_whatever_is_passed(personas):
    position = host(personas["clinician"], department=department("Neuroradiologie"))
    assert position.department == department("Cardiologie")


@pytest.mark.parametrize("username", ["researcher", "teamlead", "director", "partner"])
def test_only_aphp_staff_request_a_host_position(personas, username):
    with pytest.raises(ValidationError, match="AP-HP"):
        host(personas[username])
    assert not Position.objects.exists()


def test_an_aphp_professional_without_a_department_cannot_request_a_host_position(personas):
    with pytest.raises(ValidationError, match="department"):
        host(UserFactory(institution=Institution.APHP))


def test_a_host_position_needs_a_host_team(personas):
    with pytest.raises(ValidationError) as error:
        position_create(
            kind=PositionKind.HOST,
            applicant=personas["clinician"],
            time_share=50,
            start_date=today(),
            end_date=today() + timedelta(days=10),
            topic="Topic",
        )
    assert "team" in error.value.message_dict


def test_a_researcher_creates_a_secondment_from_their_team(personas):
    position = secondment(personas["researcher"], "Neuroradiologie")
    assert position.kind == PositionKind.SECONDMENT
    assert position.team == team("CARDIOSIM")
    assert position.department == department("Neuroradiologie")


def test_academic_staff_with_a_team_may_be_seconded(personas):
    academic = UserFactory(institution=Institution.ACADEMIC, team=team("NEUROLEARN"))
    assert secondment(academic).team == team("NEUROLEARN")


@pytest.mark.parametrize("username", ["clinician", "depthead", "partner"])
def test_a_secondment_needs_staff_attached_to_a_team(personas, username):
    with pytest.raises(ValidationError, match="project-team"):
        secondment(personas[username])


def test_a_secondment_needs_a_host_department(personas):
    with pytest.raises(ValidationError) as error:
        position_create(
            kind=PositionKind.SECONDMENT,
            applicant=personas["researcher"],
            time_share=50,
            start_date=today(),
            end_date=today() + timedelta(days=10),
            topic="Topic",
        )
    assert "department" in error.value.message_dict


# Validation ------------------------------------------------------------------


@pytest.mark.parametrize("share", [0, 5, 15, 95, 110, 200])
def test_a_time_share_outside_10_to_100_in_tens_is_refused(personas, share):
    with pytest.raises(ValidationError) as error:
        host(personas["clinician"], share=share)
    assert error.value.message_dict["time_share"] == ["The time share is a multiple of 10, from 10 to 100 %."]


@pytest.mark.parametrize("share", [10, 40, 100])
def test_every_time_share_in_tens_is_accepted(personas, share):
    assert host(personas["clinician"], share=share).time_share == share


@pytest.mark.parametrize("days", [0, -1, -30])
def test_the_end_comes_after_the_start(personas, days):
    with pytest.raises(ValidationError) as error:
        host(personas["clinician"], days=days)
    assert error.value.message_dict["end_date"] == ["The end date must come after the start date."]


def test_a_position_lasts_at_most_three_years(personas):
    start = date(2030, 1, 15)
    ok = position_create(
        kind=PositionKind.HOST,
        applicant=personas["clinician"],
        team=team("NEUROLEARN"),
        time_share=50,
        start_date=start,
        end_date=date(2033, 1, 15),
        topic="Three years exactly",
    )
    assert ok.end_date == date(2033, 1, 15)
    with pytest.raises(ValidationError) as error:
        position_update(position=ok, by=personas["clinician"], end_date=date(2033, 1, 16))
    assert error.value.message_dict["end_date"] == ["A position lasts at most 3 years."]


def test_three_years_from_the_29th_of_february_end_on_the_28th(personas):
    with pytest.raises(ValidationError, match="3 years"):
        host(personas["clinician"], start=date(2028, 2, 29), days=(date(2031, 3, 1) - date(2028, 2, 29)).days)
    assert host(personas["clinician"], start=date(2028, 2, 29), days=(date(2031, 2, 28) - date(2028, 2, 29)).days)


def test_a_research_topic_is_required(personas):
    with pytest.raises(ValidationError) as error:
        host(personas["clinician"], topic="   ")
    assert error.value.message_dict["topic"] == ["Say what the research is about."]


def test_errors_are_all_reported_at_once(personas):
    with pytest.raises(ValidationError) as error:
        host(personas["clinician"], share=15, days=0, topic="")
    assert set(error.value.message_dict) == {"time_share", "end_date", "topic"}


def test_a_request_may_answer_an_open_call(personas):
    call = Call.objects.create(title="2026", opens_on=today() - timedelta(days=1), closes_on=today())
    assert host(personas["clinician"], call=call).call == call


@pytest.mark.parametrize(("opens", "closes"), [(1, 10), (-10, -1)])
def test_a_call_that_is_not_open_is_refused(personas, opens, closes):
    call = Call.objects.create(
        title="Closed", opens_on=today() + timedelta(days=opens), closes_on=today() + timedelta(days=closes)
    )
    with pytest.raises(ValidationError) as error:
        host(personas["clinician"], call=call)
    assert error.value.message_dict["call"] == ["This call for applications is not open."]


def test_a_call_closed_since_the_draft_was_written_refuses_the_submission(personas):
    call = Call.objects.create(title="2026", opens_on=today() - timedelta(days=10), closes_on=today())
    position = host(personas["clinician"], call=call)
    with pytest.raises(ValidationError, match="not open"):
        submit(position, today=today() + timedelta(days=1))
    assert reloaded(position).status == PositionStatus.DRAFT


# Updating a draft ------------------------------------------------------------


def test_the_applicant_changes_their_draft_and_it_is_audited(personas):
    position = host(personas["clinician"], "NEUROLEARN", share=50)
    position = position_update(position=position, by=personas["clinician"], team=team("CARDIOSIM"), time_share=30)
    assert (reloaded(position).team.acronym, reloaded(position).time_share) == ("CARDIOSIM", 30)
    event = audit_history(position).last()
    assert event.action == "updated"
    assert event.changes == {"team": ["NEUROLEARN", "CARDIOSIM"], "time_share": ["50", "30"]}


def test_an_update_that_changes_nothing_writes_no_history(personas):
    position = host(personas["clinician"], share=50)
    position_update(position=position, by=personas["clinician"], time_share=50)
    assert [e.action for e in audit_history(position)] == ["created"]


def test_the_applicants_own_unit_cannot_be_changed(personas):
    position = host(personas["clinician"])
    position_update(position=position, by=personas["clinician"], department=department("Neuroradiologie"))
    assert reloaded(position).department == department("Cardiologie")
    seconded = secondment(personas["researcher"])
    position_update(position=seconded, by=personas["researcher"], team=team("NEUROLEARN"))
    assert reloaded(seconded).team == team("CARDIOSIM")


def test_an_update_is_validated_and_leaves_the_draft_unchanged(personas):
    position = host(personas["clinician"], share=50)
    with pytest.raises(ValidationError):
        position_update(position=position, by=personas["clinician"], time_share=55)
    assert reloaded(position).time_share == 50


def test_only_known_fields_can_be_changed(personas):
    position = host(personas["clinician"])
    with pytest.raises(ValueError, match="status"):
        position_update(position=position, by=personas["clinician"], status=PositionStatus.APPROVED)


@pytest.mark.parametrize("username", ["teamlead2", "depthead", "director", "ops", "clinician2"])
def test_nobody_but_the_applicant_changes_a_draft(personas, username):
    position = host(personas["clinician"])
    with pytest.raises(PermissionDenied):
        position_update(position=position, by=personas[username], time_share=20)


@pytest.mark.parametrize("state", ["submitted", "endorsed", "approved", "rejected", "withdrawn"])
def test_only_a_draft_can_be_changed(personas, state):
    position = in_state(personas, state)
    with pytest.raises(Conflict):
        position_update(position=position, by=personas["clinician"], time_share=20)


# Submitting ------------------------------------------------------------------


def test_the_applicant_submits_their_draft(personas):
    position = submit(host(personas["clinician"]))
    assert position.status == PositionStatus.SUBMITTED
    assert position.submitted_at is not None
    assert position.waiting_since == position.submitted_at
    event = audit_history(position).last()
    assert (event.action, event.actor, event.changes) == (
        "submitted",
        personas["clinician"],
        {"status": ["draft", "submitted"]},
    )


@pytest.mark.parametrize("username", ["teamlead2", "depthead", "director", "ops"])
def test_nobody_but_the_applicant_submits(personas, username):
    position = host(personas["clinician"])
    with pytest.raises(PermissionDenied):
        position_submit(position=position, by=personas[username])
    assert reloaded(position).status == PositionStatus.DRAFT


@pytest.mark.parametrize("state", ["submitted", "endorsed", "approved", "rejected", "withdrawn"])
def test_only_a_draft_can_be_submitted(personas, state):
    position = in_state(personas, state)
    with pytest.raises(Conflict):
        submit(position)
    assert reloaded(position).status == state


# Endorsing and deciding ------------------------------------------------------


def test_a_submitted_host_position_awaits_the_host_team_leader_and_the_department_head(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert awaited(position) == {"teamlead2", "depthead"}


def test_the_team_leader_then_the_department_head_endorse_it(personas):
    position = submit(host(personas["clinician"]))
    position = approve(position, personas["teamlead2"])
    assert position.status == PositionStatus.SUBMITTED
    assert awaited(position) == {"depthead"}
    position = approve(position, personas["depthead"])
    assert position.status == PositionStatus.ENDORSED
    assert decisions(position) == [(TEAM, "approved", "teamlead2", None), (DEPARTMENT, "approved", "depthead", None)]


def test_the_department_head_then_the_team_leader_endorse_it(personas):
    position = submit(host(personas["clinician"]))
    position = approve(position, personas["depthead"])
    assert position.status == PositionStatus.SUBMITTED
    assert awaited(position) == {"teamlead2"}
    position = approve(position, personas["teamlead2"])
    assert position.status == PositionStatus.ENDORSED
    assert decisions(position) == [(DEPARTMENT, "approved", "depthead", None), (TEAM, "approved", "teamlead2", None)]


def test_each_endorsement_is_marked_on_the_request_with_its_decision(personas):
    position = submit(host(personas["clinician"]))
    assert (reloaded(position).team_decided, reloaded(position).department_decided) == (False, False)
    approve(position, personas["depthead"])
    assert (reloaded(position).team_decided, reloaded(position).department_decided) == (False, True)
    reject(position, personas["teamlead2"])
    assert (reloaded(position).team_decided, reloaded(position).department_decided) == (True, True)


def test_a_request_cannot_be_endorsed_without_both_endorsements_marked(personas):
    position = submit(host(personas["clinician"]))
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(status=PositionStatus.ENDORSED, team_decided=True)


def test_an_endorsed_request_awaits_direction_and_operations(personas):
    position = in_state(personas, "endorsed")
    assert awaited(position) == {"director", "ops"}
    assert reloaded(position).waiting_since > reloaded(position).submitted_at


@pytest.mark.parametrize("final_approver", ["director", "ops"])
def test_direction_or_operations_approve_an_endorsed_request(personas, final_approver):
    position = approve(in_state(personas, "endorsed"), personas[final_approver], comment="Welcome aboard")
    assert position.status == PositionStatus.APPROVED
    assert reloaded(position).closed_at is not None
    assert decisions(position)[-1] == (FINAL, "approved", final_approver, None)
    assert awaited(position) == set()
    event = audit_history(position).last()
    assert (event.action, event.actor.username, event.comment) == ("approved", final_approver, "Welcome aboard")
    assert event.changes == {"status": ["endorsed", "approved"], "step": "final"}


def test_each_decision_writes_one_history_entry_with_from_and_to(personas):
    position = in_state(personas, "approved")
    history = [(e.action, e.actor.username, e.changes.get("status")) for e in audit_history(position)]
    assert history == [
        ("created", "clinician", [None, "draft"]),
        ("submitted", "clinician", ["draft", "submitted"]),
        ("approved", "teamlead2", ["submitted", "submitted"]),
        ("approved", "depthead", ["submitted", "endorsed"]),
        ("approved", "director", ["endorsed", "approved"]),
    ]


def test_an_approved_position_is_upcoming_active_then_ended_by_its_dates(personas):
    position = reloaded(in_state(personas, "approved"))
    assert position.phase(position.start_date - timedelta(days=1)) == "upcoming"
    assert position.phase(position.start_date) == "active"
    assert position.phase(position.end_date) == "active"
    assert position.phase(position.end_date + timedelta(days=1)) == "ended"
    assert in_state(personas, "endorsed").phase(today()) == ""


@pytest.mark.parametrize("username", ["teamlead", "depthead2", "researcher", "clinician2", "transfer", "partner"])
def test_someone_who_is_not_an_approver_cannot_decide(personas, username):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    for approve_it in (True, False):
        with pytest.raises(PermissionDenied):
            position_decide(position=position, by=personas[username], approve=approve_it, comment="No")
    assert not Decision.objects.exists()


@pytest.mark.parametrize("username", ["teamlead", "depthead2", "researcher", "partner"])
def test_someone_who_is_not_an_approver_cannot_decide_an_endorsed_request(personas, username):
    position = in_state(personas, "endorsed")
    with pytest.raises(PermissionDenied):
        approve(position, personas[username])


def test_the_applicant_cannot_decide_their_own_request(personas):
    position = submit(host(personas["clinician"]))
    with pytest.raises(PermissionDenied):
        approve(position, personas["clinician"])


def test_approving_the_same_step_twice_is_a_conflict(personas):
    position = approve(submit(host(personas["clinician"])), personas["teamlead2"])
    with pytest.raises(Conflict):
        approve(position, personas["teamlead2"])
    with pytest.raises(Conflict):
        reject(position, personas["teamlead2"])
    assert len(decisions(position)) == 1


def test_an_endorser_deciding_again_once_the_request_is_endorsed_is_a_conflict(personas):
    """Whatever the order of the clicks: the endorser's step is decided (409), not theirs to act (403)."""
    position = in_state(personas, "endorsed")
    for username in ("teamlead2", "depthead"):
        with pytest.raises(Conflict):
            approve(position, personas[username])


def test_direction_deciding_before_the_endorsements_is_a_conflict(personas):
    position = submit(host(personas["clinician"]))
    with pytest.raises(Conflict):
        approve(position, personas["director"])
    assert reloaded(position).status == PositionStatus.SUBMITTED


def test_approving_the_final_step_twice_is_a_conflict(personas):
    position = in_state(personas, "approved")
    for username in ("director", "ops"):
        with pytest.raises(Conflict):
            approve(position, personas[username])


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn", "draft"])
@pytest.mark.parametrize("username", ["teamlead2", "depthead", "director", "ops"])
def test_deciding_a_request_that_awaits_no_decision_is_a_conflict(personas, state, username):
    position = in_state(personas, state)
    for approve_it in (True, False):
        with pytest.raises(Conflict):
            position_decide(position=position, by=personas[username], approve=approve_it, comment="No")
    assert reloaded(position).status == state


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn", "draft"])
def test_an_outsider_deciding_a_closed_request_is_refused_before_anything(personas, state):
    with pytest.raises(PermissionDenied):
        approve(in_state(personas, state), personas["researcher"])


# Rejecting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "username", "step"),
    [
        ("submitted", "teamlead2", TEAM),
        ("submitted", "depthead", DEPARTMENT),
        ("endorsed", "director", FINAL),
        ("endorsed", "ops", FINAL),
    ],
)
def test_a_rejection_at_any_stage_needs_a_reason(personas, state, username, step):
    position = in_state(personas, state)
    for reason in ("", "   \n"):
        with pytest.raises(ValidationError) as error:
            position_decide(position=position, by=personas[username], approve=False, comment=reason)
        assert error.value.message_dict == {"reason": ["Say why the request is rejected."]}
    assert reloaded(position).status == state
    position = reject(position, personas[username], reason="  No budget left.  ")
    assert position.status == PositionStatus.REJECTED
    assert reloaded(position).closed_at is not None
    assert decisions(position)[-1] == (step, "rejected", username, None)
    assert Decision.objects.get(position=position, step=step).comment == "No budget left."
    event = audit_history(position).last()
    assert (event.action, event.comment, event.changes["status"]) == (
        "rejected",
        "No budget left.",
        [state, "rejected"],
    )
    assert awaited(position) == set()


def test_after_a_rejection_the_other_endorser_can_no_longer_decide(personas):
    position = reject(submit(host(personas["clinician"])), personas["depthead"])
    with pytest.raises(Conflict):
        approve(position, personas["teamlead2"])


# Withdrawing -----------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted", "endorsed"])
def test_the_applicant_withdraws_a_request_not_yet_decided(personas, state):
    position = position_withdraw(position=in_state(personas, state), by=personas["clinician"], comment="Changed plans")
    assert position.status == PositionStatus.WITHDRAWN
    assert reloaded(position).closed_at is not None
    event = audit_history(position).last()
    assert (event.action, event.changes, event.comment) == (
        "withdrawn",
        {"status": [state, "withdrawn"]},
        "Changed plans",
    )
    assert awaited(position) == set()


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn"])
def test_a_closed_request_cannot_be_withdrawn(personas, state):
    position = in_state(personas, state)
    with pytest.raises(Conflict):
        position_withdraw(position=position, by=personas["clinician"])
    assert reloaded(position).status == state


@pytest.mark.parametrize("username", ["teamlead2", "depthead", "director", "ops", "clinician2"])
def test_nobody_but_the_applicant_withdraws(personas, username):
    position = in_state(personas, "submitted")
    with pytest.raises(PermissionDenied):
        position_withdraw(position=position, by=personas[username])
    assert reloaded(position).status == PositionStatus.SUBMITTED


# Secondments: the mirror ------------------------------------------------------


def test_a_secondment_awaits_the_host_department_head_and_the_home_team_leader(personas):
    position = submit(secondment(personas["researcher"], "Neuroradiologie"))
    assert awaited(position) == {"depthead2", "teamlead"}


@pytest.mark.parametrize("order", [("teamlead", "depthead2"), ("depthead2", "teamlead")])
def test_a_secondment_is_endorsed_in_either_order_then_decided_by_direction(personas, order):
    position = submit(secondment(personas["researcher"], "Neuroradiologie"))
    position = approve(position, personas[order[0]])
    assert position.status == PositionStatus.SUBMITTED
    position = approve(position, personas[order[1]])
    assert position.status == PositionStatus.ENDORSED
    assert {d[:3] for d in decisions(position)} == {
        (TEAM, "approved", "teamlead"),
        (DEPARTMENT, "approved", "depthead2"),
    }
    assert approve(position, personas["ops"]).status == PositionStatus.APPROVED


@pytest.mark.parametrize("username", ["teamlead2", "depthead", "clinician2"])
def test_the_leader_and_head_of_other_units_cannot_decide_a_secondment(personas, username):
    position = submit(secondment(personas["researcher"], "Neuroradiologie"))
    with pytest.raises(PermissionDenied):
        approve(position, personas[username])


def test_a_secondment_can_be_rejected_and_withdrawn_like_a_host_position(personas):
    position = approve(submit(secondment(personas["researcher"])), personas["teamlead"])
    with pytest.raises(ValidationError):
        reject(position, personas["depthead2"], reason="")
    assert reject(position, personas["depthead2"]).status == PositionStatus.REJECTED
    other = submit(secondment(personas["researcher"]))
    assert position_withdraw(position=other, by=personas["researcher"]).status == PositionStatus.WITHDRAWN


# Nobody decides on their own request -----------------------------------------


def test_a_department_head_applying_sees_their_step_go_to_direction(personas):
    position = submit(host(personas["depthead"], "NEUROLEARN"))
    assert awaited(position) == {"teamlead2", "director"}
    with pytest.raises(PermissionDenied):
        approve(position, personas["depthead"])
    position = approve(position, personas["director"])
    assert decisions(position) == [(DEPARTMENT, "approved", "director", None)]
    position = approve(position, personas["teamlead2"])
    assert position.status == PositionStatus.ENDORSED
    assert awaited(position) == {"director", "ops"}


def test_a_team_leader_applying_for_a_secondment_sees_their_step_go_to_direction(personas):
    position = submit(secondment(personas["teamlead"], "Neuroradiologie"))
    assert awaited(position) == {"depthead2", "director"}
    with pytest.raises(PermissionDenied):
        approve(position, personas["teamlead"])


def test_a_clinician_leading_the_host_team_sees_the_team_step_go_to_direction(personas):
    clinician = personas["clinician"]
    Team.objects.filter(acronym="NEUROLEARN").update(leader=clinician)
    position = submit(host(clinician, "NEUROLEARN"))
    assert awaited(position) == {"depthead", "director"}


def test_a_team_without_a_leader_routes_its_step_to_direction(personas):
    position = submit(host(personas["clinician"], "PULSAR"))
    assert awaited(position) == {"director", "depthead"}
    assert approve(position, personas["director"]).status == PositionStatus.SUBMITTED
    assert decisions(position) == [(TEAM, "approved", "director", None)]


def test_a_department_without_a_head_routes_its_step_to_direction(personas):
    position = submit(secondment(personas["researcher"], "Réanimation médicale"))
    assert awaited(position) == {"teamlead", "director"}


def test_operations_do_not_take_a_routed_endorsement(personas):
    position = submit(host(personas["clinician"], "PULSAR"))
    with pytest.raises(Conflict):
        approve(position, personas["ops"])


def test_a_deactivated_head_is_replaced_by_direction(personas):
    User.objects.filter(username="teamlead2").update(is_active=False)
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert awaited(position) == {"director", "depthead"}


def test_a_direction_member_applying_is_not_among_the_final_approvers(personas):
    director = personas["director"]
    position = approve(submit(secondment(director, "Neuroradiologie")), personas["depthead2"])
    # PULSAR has no leader: the team step goes to direction, which is the applicant
    # here; operations take it rather than leaving the request waiting on nobody.
    assert awaited(position) == {"ops"}
    position = approve(position, personas["ops"])
    assert position.status == PositionStatus.ENDORSED
    assert awaited(position) == {"ops"}
    with pytest.raises(PermissionDenied):
        approve(position, director)
    assert approve(position, personas["ops"]).status == PositionStatus.APPROVED


def test_another_direction_member_takes_the_routed_step_of_a_direction_member(personas):
    second = UserFactory(username="director2")
    second.groups.add(personas["director"].groups.get())
    position = submit(secondment(personas["director"], "Neuroradiologie"))
    assert awaited(position) == {"depthead2", "director2"}
    position = approve(position, personas["depthead2"], second)
    assert awaited(position) == {"director2", "ops"}


def test_an_operations_member_applying_is_not_among_the_final_approvers(personas):
    position = approve(submit(secondment(personas["ops"], "Neuroradiologie")), personas["depthead2"])
    position = approve(position, personas["director"])
    assert awaited(position) == {"director"}
    with pytest.raises(PermissionDenied):
        approve(position, personas["ops"])


# The 100 % cap -----------------------------------------------------------------


def in_days(n: int) -> date:
    return today() + timedelta(days=n)


def committed(applicant: User, share: int, start: int, end: int, state: str = "submitted", **kw) -> Position:
    """A request of ``applicant`` from ``in_days(start)`` to ``in_days(end)``, brought to ``state``."""
    make = host if applicant.institution == Institution.APHP else secondment
    position = make(applicant, share=share, start=in_days(start), days=end - start, **kw)
    if state == "draft":
        return position
    if state == "withdrawn":
        return position_withdraw(position=position, by=applicant)
    position = submit(position)
    team_leader = position.team.leader
    head = position.department.head
    if state == "rejected":
        return reject(position, team_leader)
    if state in ("endorsed", "approved"):
        position = approve(position, team_leader, head)
    if state == "approved":
        position = approve(position, User.objects.get(username="director"))
    return position


@pytest.mark.parametrize("state", ["submitted", "endorsed", "approved"])
def test_submitting_beyond_100_percent_with_an_overlapping_request_is_refused(personas, state):
    clinician = personas["clinician"]
    first = committed(clinician, 60, 10, 200, state)
    second = host(clinician, share=50, start=in_days(100), days=300)
    with pytest.raises(ValidationError) as error:
        submit(second)
    [message] = error.value.message_dict["time_share"]
    assert f"#{first.pk}" in message
    assert "100 %" in message
    assert "60 %" in message
    assert reloaded(second).status == PositionStatus.DRAFT


def test_up_to_exactly_100_percent_is_allowed(personas):
    clinician = personas["clinician"]
    committed(clinician, 60, 10, 200, "approved")
    assert submit(host(clinician, share=40, start=in_days(100), days=300)).status == PositionStatus.SUBMITTED


@pytest.mark.parametrize("state", ["draft", "rejected", "withdrawn"])
def test_drafts_rejected_and_withdrawn_requests_do_not_count(personas, state):
    clinician = personas["clinician"]
    committed(clinician, 100, 10, 200, state)
    assert submit(host(clinician, share=100, start=in_days(10), days=190)).status == PositionStatus.SUBMITTED


def test_requests_that_do_not_overlap_in_time_do_not_count(personas):
    clinician = personas["clinician"]
    committed(clinician, 100, 10, 99, "approved")
    committed(clinician, 100, 201, 300, "submitted")
    assert submit(host(clinician, share=100, start=in_days(100), days=100)).status == PositionStatus.SUBMITTED


def test_one_shared_day_is_an_overlap(personas):
    clinician = personas["clinician"]
    first = committed(clinician, 100, 10, 99, "approved")
    with pytest.raises(ValidationError, match=f"#{first.pk}"):
        submit(host(clinician, share=10, start=in_days(99), days=100))
    later = committed(clinician, 100, 300, 400, "submitted")
    with pytest.raises(ValidationError, match=f"#{later.pk}"):
        submit(host(clinician, share=10, start=in_days(200), days=100))


def test_other_peoples_requests_do_not_count(personas):
    committed(personas["clinician2"], 100, 10, 200, "approved")
    assert submit(host(personas["clinician"], share=100, start=in_days(10), days=190))


def test_host_positions_and_secondments_of_one_person_count_together(personas):
    """Someone seconded while at Inria, who then joined an AP-HP department."""
    person = UserFactory(institution=Institution.INRIA, team=team("PULSAR"))
    seconded = committed(person, 70, 10, 200, "submitted")
    assert seconded.kind == PositionKind.SECONDMENT
    User.objects.filter(pk=person.pk).update(
        institution=Institution.APHP, team=None, department=department("Cardiologie")
    )
    person.refresh_from_db()
    with pytest.raises(ValidationError, match=f"#{seconded.pk}"):
        submit(host(person, share=40, start=in_days(50), days=50))
    assert submit(host(person, share=30, start=in_days(50), days=50)).status == PositionStatus.SUBMITTED


def test_two_requests_overlapping_the_new_one_but_not_each_other_are_judged_by_the_peak_day(personas):
    clinician = personas["clinician"]
    committed(clinician, 60, 0, 99, "approved")
    committed(clinician, 60, 100, 199, "submitted")
    # 40 % beside either of them is 100 % at most on any day: accepted.
    assert submit(host(clinician, share=40, start=in_days(50), days=100)).status == PositionStatus.SUBMITTED


def test_the_peak_day_counts_every_request_running_on_it(personas):
    clinician = personas["clinician"]
    a = committed(clinician, 30, 0, 99, "approved")
    b = committed(clinician, 30, 100, 199, "approved")
    c = committed(clinician, 30, 150, 250, "endorsed")
    with pytest.raises(ValidationError) as error:
        submit(host(clinician, share=50, start=in_days(50), days=150))
    [message] = error.value.message_dict["time_share"]
    assert all(f"#{p.pk}" in message for p in (a, b, c))


def test_positions_overlapping_lists_only_committed_overlapping_requests_of_the_same_person(personas):
    clinician = personas["clinician"]
    a = committed(clinician, 10, 0, 100, "approved")
    b = committed(clinician, 10, 50, 60, "endorsed")
    committed(clinician, 10, 0, 100, "draft")
    committed(clinician, 10, 0, 100, "rejected")
    committed(clinician, 10, 102, 200, "submitted")
    committed(personas["clinician2"], 10, 0, 100, "approved")
    new = host(clinician, share=10, start=in_days(100), days=1)
    assert positions_overlapping(new) == [a]
    new = host(clinician, share=10, start=in_days(55), days=1)
    assert positions_overlapping(new) == [a, b]


def span(share: int, start: int, end: int) -> Position:
    return Position(
        time_share=share,
        start_date=date(2030, 1, 1) + timedelta(days=start),
        end_date=date(2030, 1, 1) + timedelta(days=end),
    )


@pytest.mark.parametrize(
    ("new", "others", "peak"),
    [
        (span(50, 10, 20), [], 50),
        (span(50, 10, 20), [span(30, 0, 10)], 80),  # the first day is shared
        (span(50, 10, 20), [span(30, 20, 30)], 80),  # the last day is shared
        (span(50, 10, 20), [span(30, 0, 30)], 80),  # it covers the new one
        (span(50, 10, 20), [span(30, 12, 14)], 80),  # inside the new one
        (span(40, 0, 100), [span(60, 0, 49), span(60, 50, 100)], 100),  # one after the other
        (span(40, 0, 100), [span(60, 0, 50), span(60, 50, 100)], 160),  # they meet on day 50
        (span(10, 0, 100), [span(20, 0, 10), span(30, 5, 60), span(40, 60, 70)], 80),
        (span(10, 0, 100), [span(20, -50, 10), span(30, 10, 20), span(40, 90, 200)], 60),
    ],
)
def test_the_peak_share_is_the_busiest_day_edges_included(new, others, peak):
    assert peak_time_share(new, others) == peak


def test_the_peak_share_agrees_with_a_day_by_day_count():
    rng = random.Random(42)
    for _ in range(300):
        new = span(rng.randrange(10, 101, 10), (a := rng.randrange(0, 50)), a + rng.randrange(1, 50))
        others = []
        for _ in range(rng.randrange(0, 5)):
            start = rng.randrange(-20, 120)
            other = span(rng.randrange(10, 101, 10), start, start + rng.randrange(1, 60))
            if other.start_date <= new.end_date and other.end_date >= new.start_date:
                others.append(other)
        day_by_day = max(
            new.time_share + sum(o.time_share for o in others if o.start_date <= day <= o.end_date)
            for day in (new.start_date + timedelta(days=n) for n in range((new.end_date - new.start_date).days + 1))
        )
        assert peak_time_share(new, others) == day_by_day


# Delegations -------------------------------------------------------------------


def delegate(personas: dict[str, User], delegator: str, to: str, start: int = 0, end: int = 7) -> Delegation:
    return delegation_create(
        delegator=personas[delegator],
        delegate=personas[to],
        starts_on=in_days(start),
        ends_on=in_days(end),
        by=personas[delegator],
    )


def test_an_approver_delegates_to_a_staff_member_and_it_is_audited(personas):
    delegation = delegate(personas, "teamlead2", "researcher")
    assert (delegation.delegator.username, delegation.delegate.username) == ("teamlead2", "researcher")
    assert audit_history(delegation).get().action == "created"


def test_operations_may_delegate_on_behalf_of_an_approver(personas):
    delegation = delegation_create(
        delegator=personas["teamlead2"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=in_days(3),
        by=personas["ops"],
    )
    assert delegation.pk


@pytest.mark.parametrize("by", ["researcher", "depthead", "director"])
def test_nobody_else_delegates_an_approvers_decisions(personas, by):
    with pytest.raises(PermissionDenied):
        delegation_create(
            delegator=personas["teamlead2"],
            delegate=personas["researcher"],
            starts_on=today(),
            ends_on=in_days(3),
            by=personas[by],
        )


@pytest.mark.parametrize(
    ("delegator", "to", "start", "end", "field", "message"),
    [
        ("teamlead2", "teamlead2", 0, 3, "delegate", "Choose someone else."),
        ("teamlead2", "partner", 0, 3, "delegate", "The delegate must be an active staff member."),
        ("teamlead2", "inactive", 0, 3, "delegate", "The delegate must be an active staff member."),
        ("teamlead2", "researcher", 3, 2, "ends_on", "The delegation must end on or after its first day."),
        ("teamlead2", "researcher", -5, -1, "ends_on", "This delegation would already be over."),
        ("researcher", "clinician", 0, 3, "delegator", "Only someone who approves requests can delegate."),
    ],
)
def test_delegations_are_validated(personas, delegator, to, start, end, field, message):
    personas["inactive"] = UserFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        delegate(personas, delegator, to, start, end)
    assert message in error.value.message_dict[field]
    assert not Delegation.objects.exists()


def test_a_delegate_sees_and_decides_for_their_delegator(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert position not in position_list(user=personas["researcher"])
    delegate(personas, "teamlead2", "researcher")
    assert position in position_list(user=personas["researcher"])
    assert position in position_list(user=personas["researcher"], awaiting_me=True)
    assert awaited(position) == {"teamlead2", "depthead", "researcher"}
    approve(position, personas["researcher"], comment="Fine by me")
    assert decisions(position) == [(TEAM, "approved", "researcher", "teamlead2")]
    event = audit_history(position).last()
    assert (event.action, event.actor.username, event.on_behalf_of.username) == ("approved", "researcher", "teamlead2")
    with pytest.raises(Conflict):
        approve(position, personas["teamlead2"])


def test_the_delegator_still_decides_while_delegating(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegate(personas, "teamlead2", "researcher")
    approve(position, personas["teamlead2"])
    assert decisions(position) == [(TEAM, "approved", "teamlead2", None)]
    with pytest.raises(Conflict):
        approve(position, personas["researcher"])


def test_a_delegate_of_direction_takes_final_decisions_on_its_behalf(personas):
    position = in_state(personas, "endorsed")
    delegate(personas, "director", "researcher")
    assert position in position_list(user=personas["researcher"])
    approve(position, personas["researcher"])
    assert decisions(position)[-1] == (FINAL, "approved", "researcher", "director")


def test_a_delegate_never_decides_their_own_request(personas):
    delegate(personas, "teamlead", "researcher")
    position = submit(secondment(personas["researcher"], "Neuroradiologie"))
    assert awaited(position) == {"teamlead", "depthead2"}
    with pytest.raises(PermissionDenied):
        approve(position, personas["researcher"])


def test_an_expired_delegation_stops_by_itself_and_the_daily_sync_removes_the_grant(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegation = delegate(personas, "teamlead2", "researcher", 0, 7)
    after = delegation.ends_on + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        approve(position, personas["researcher"], today=after)
    assert awaited(position, after) == {"teamlead2", "depthead"}
    assert position in position_list(user=personas["researcher"])
    delegations_grants_sync(today=delegation.ends_on)
    assert position in position_list(user=personas["researcher"])
    delegations_grants_sync(today=after)
    assert position not in position_list(user=personas["researcher"])
    assert position not in position_list(user=personas["researcher"], awaiting_me=True, today=after)


def test_the_sync_catches_up_on_delegations_that_ended_while_it_did_not_run(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegation = delegate(personas, "teamlead2", "researcher", 0, 7)
    delegations_grants_sync(today=delegation.ends_on + timedelta(days=5))
    assert position not in position_list(user=personas["researcher"])


def test_a_future_delegation_gives_nothing_until_its_first_day(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegation = delegate(personas, "teamlead2", "researcher", 3, 10)
    assert position not in position_list(user=personas["researcher"])
    with pytest.raises(PermissionDenied):
        approve(position, personas["researcher"])
    delegations_grants_sync(today=in_days(2))
    assert position not in position_list(user=personas["researcher"])
    delegations_grants_sync(today=delegation.starts_on)
    assert position in position_list(user=personas["researcher"])
    approve(position, personas["researcher"], today=delegation.starts_on)
    assert decisions(position) == [(TEAM, "approved", "researcher", "teamlead2")]


def test_the_sync_catches_up_on_delegations_that_started_while_it_did_not_run(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegation = delegate(personas, "teamlead2", "researcher", 3, 10)
    delegations_grants_sync(today=delegation.starts_on + timedelta(days=2))
    assert position in position_list(user=personas["researcher"])


def test_the_daily_task_syncs_the_delegations_of_today(personas):
    assert current_app.tasks["labsite.sync_delegation_grants"].name == sync_delegation_grants.name
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    starting = Delegation.objects.create(
        delegator=personas["teamlead2"], delegate=personas["researcher"], starts_on=today(), ends_on=in_days(5)
    )
    assert position not in position_list(user=personas["researcher"])
    sync_delegation_grants()
    assert position in position_list(user=personas["researcher"])
    Delegation.objects.filter(pk=starting.pk).update(starts_on=in_days(-5), ends_on=in_days(-1))
    sync_delegation_grants()
    assert position not in position_list(user=personas["researcher"])


def test_ending_a_running_delegation_takes_effect_today(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegation = delegate(personas, "teamlead2", "researcher", -3, 7)
    assert position in position_list(user=personas["researcher"])
    delegation = delegation_end(delegation=delegation, by=personas["teamlead2"])
    assert Delegation.objects.get(pk=delegation.pk).ends_on == in_days(-1)
    assert position not in position_list(user=personas["researcher"])
    with pytest.raises(PermissionDenied):
        approve(position, personas["researcher"])
    assert audit_history(delegation).last().action == "ended"


@pytest.mark.parametrize("start", [0, 3])
def test_ending_a_delegation_not_yet_begun_cancels_it(personas, start):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegation = delegate(personas, "teamlead2", "researcher", start, 7)
    delegation_end(delegation=delegation, by=personas["ops"])
    assert not Delegation.objects.exists()
    assert position not in position_list(user=personas["researcher"])


def test_ending_a_delegation_that_is_over_is_a_conflict(personas):
    delegation = delegate(personas, "teamlead2", "researcher", 0, 1)
    with pytest.raises(Conflict):
        delegation_end(delegation=delegation, by=personas["teamlead2"], today=in_days(2))


@pytest.mark.parametrize("by", ["researcher", "director", "depthead"])
def test_only_the_delegator_or_operations_end_a_delegation(personas, by):
    delegation = delegate(personas, "teamlead2", "researcher")
    with pytest.raises(PermissionDenied):
        delegation_end(delegation=delegation, by=personas[by])


# Emails ------------------------------------------------------------------------


def emails(position: Position) -> dict[str, list[Email]]:
    """The emails queued about ``position``, by recipient username."""
    by_user: dict[str, list[Email]] = {}
    for email in Email.objects.filter(key__startswith=f"position:{position.pk}:").select_related("recipient"):
        by_user.setdefault(email.recipient.username, []).append(email)
    return by_user


def said(email: Email, english: str) -> bool:
    """Whether ``email`` says ``english``, in the email's own language."""
    with translation.override(email.language):
        return gettext(english) in email.body_text


def awaiting_email(email: Email) -> bool:
    return said(email, "A request awaits your decision.")


def new_emails(position: Position, before: set[int]) -> dict[str, list[Email]]:
    return {
        username: [e for e in found if e.pk not in before]
        for username, found in emails(position).items()
        if any(e.pk not in before for e in found)
    }


def sent_ids() -> set[int]:
    return set(Email.objects.values_list("pk", flat=True))


def test_on_submit_the_two_endorsers_are_asked_to_decide(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    queued = emails(position)
    assert set(queued) == {"teamlead2", "depthead"}
    for username, [email] in queued.items():
        assert awaiting_email(email), username
        assert email.to == f"{username}@labsite.example"
        # Straight to the decision, at the top of the request's page.
        assert f"{settings.SITE_URL}/host-positions/{position.pk}/#decision" in email.body_text
        assert f"{settings.SITE_URL}/host-positions/{position.pk}/#decision" in email.body_html


def test_a_secondment_email_links_to_the_secondment(personas):
    position = submit(secondment(personas["researcher"], "Neuroradiologie"))
    for [email] in emails(position).values():
        assert f"{settings.SITE_URL}/secondments/{position.pk}/" in email.body_text


def test_after_one_endorsement_the_applicant_is_told_and_the_other_endorser_reminded(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    before = sent_ids()
    approve(position, personas["teamlead2"])
    queued = new_emails(position, before)
    assert set(queued) == {"clinician", "depthead"}
    assert not awaiting_email(queued["clinician"][0])
    assert awaiting_email(queued["depthead"][0])


def test_after_both_endorsements_direction_and_operations_are_asked_to_decide(personas):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"])
    before = sent_ids()
    approve(position, personas["depthead"])
    queued = new_emails(position, before)
    assert set(queued) == {"clinician", "director", "ops"}
    assert awaiting_email(queued["director"][0]) and awaiting_email(queued["ops"][0])
    assert not awaiting_email(queued["clinician"][0])


def test_after_the_final_decision_only_the_applicant_is_told(personas):
    position = in_state(personas, "endorsed")
    before = sent_ids()
    approve(position, personas["ops"])
    queued = new_emails(position, before)
    assert set(queued) == {"clinician"}
    [email] = queued["clinician"]
    assert not awaiting_email(email)


def test_each_recipient_gets_exactly_one_email_per_event(personas):
    position = in_state(personas, "approved")
    keys = list(Email.objects.filter(key__startswith=f"position:{position.pk}:").values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    per_event: dict[str, list[str]] = {}
    for key in keys:
        event, recipient = key.split(":event:")[1].split(":to:")
        per_event.setdefault(event, []).append(recipient)
    for recipients in per_event.values():
        assert len(recipients) == len(set(recipients))
    # submit: 2; team: applicant + department head; department: applicant + direction + ops; final: applicant.
    assert len(keys) == 2 + 2 + 3 + 1


def test_emails_are_in_each_recipients_language(personas):
    position = submit(host(personas["clinician2"], "CARDIOSIM"))  # teamlead (fr), depthead2 (fr)
    other = submit(host(personas["clinician"], "NEUROLEARN"))  # teamlead2 (en), depthead (fr)
    for email in [
        *Email.objects.filter(key__startswith=f"position:{position.pk}:"),
        *Email.objects.filter(key__startswith=f"position:{other.pk}:"),
    ]:
        event = AuditEvent.objects.get(pk=int(email.key.split(":event:")[1].split(":")[0]))
        subject_in = {
            language: email_render(
                template="position_awaiting",
                context={
                    "position": reloaded(Position.objects.get(pk=event.object_id)),
                    "event": event,
                    "recipient": email.recipient,
                },
                language=language,
            ).subject
            for language in ("fr", "en")
        }
        assert email.language == email.recipient.language
        assert email.subject == subject_in[email.language]
        assert subject_in["fr"] != subject_in["en"], "the French catalogue lacks the email subjects"


def test_an_english_speaking_applicant_is_told_in_english(personas):
    position = approve(submit(host(personas["clinician2"], "CARDIOSIM")), personas["teamlead"])
    [email] = emails(position)["clinician2"]
    assert email.language == "en"
    assert email.subject.startswith("Host position of Cyril Clinicien")


def test_a_rejection_tells_the_applicant_and_the_endorser_still_awaited(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    before = sent_ids()
    reject(position, personas["teamlead2"], reason="Not a fit for the team.")
    queued = new_emails(position, before)
    assert set(queued) == {"clinician", "depthead"}
    for [email] in queued.values():
        assert not awaiting_email(email)
        assert "Not a fit for the team." in email.body_text


def test_a_final_rejection_tells_the_applicant_and_the_other_final_approvers(personas):
    position = in_state(personas, "endorsed")
    before = sent_ids()
    reject(position, personas["director"])
    assert set(new_emails(position, before)) == {"clinician", "ops"}


@pytest.mark.parametrize(
    ("state", "told"), [("submitted", {"teamlead2", "depthead"}), ("endorsed", {"director", "ops"})]
)
def test_a_withdrawal_tells_those_who_were_awaited(personas, state, told):
    position = in_state(personas, state)
    before = sent_ids()
    position_withdraw(position=position, by=personas["clinician"])
    queued = new_emails(position, before)
    assert set(queued) == told
    for [email] in queued.values():
        assert not awaiting_email(email)


def test_withdrawing_a_draft_sends_nothing(personas):
    position = host(personas["clinician"])
    position_withdraw(position=position, by=personas["clinician"])
    assert not Email.objects.exists()


def test_a_delegates_decision_is_told_as_on_behalf_of_the_delegator(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    delegate(personas, "teamlead2", "researcher")
    before = sent_ids()
    approve(position, personas["researcher"])
    [email] = new_emails(position, before)["clinician"]
    with translation.override(email.language):
        on_behalf = gettext("%(by)s on behalf of %(other)s") % {
            "by": personas["researcher"].full_name,
            "other": personas["teamlead2"].full_name,
        }
    assert on_behalf in email.body_text
    assert personas["teamlead2"].full_name in email.body_html


def test_a_delegate_is_asked_to_decide_with_their_delegator(personas):
    delegate(personas, "teamlead2", "researcher")
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert set(emails(position)) == {"teamlead2", "depthead", "researcher"}


def test_nobody_without_an_address_or_deactivated_is_emailed(personas):
    User.objects.filter(username="depthead").update(email="")
    User.objects.filter(username="teamlead2").update(is_active=False)
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    # teamlead2 is inactive: direction takes the team step.
    assert set(emails(position)) == {"director"}


def test_emails_are_queued_in_the_transaction_and_published_after_commit(
    personas, django_capture_on_commit_callbacks, monkeypatch
):
    published: list[int] = []
    monkeypatch.setattr("core.publish.publish", lambda task, *args: published.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert len(callbacks) == 2
    assert sorted(published) == sorted(
        Email.objects.filter(key__startswith=f"position:{position.pk}:").values_list("pk", flat=True)
    )


def test_a_failed_transition_queues_no_email(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    before = sent_ids()
    with pytest.raises(ValidationError):
        reject(position, personas["teamlead2"], reason="")
    with pytest.raises(Conflict):
        approve(position, personas["director"])
    assert sent_ids() == before
