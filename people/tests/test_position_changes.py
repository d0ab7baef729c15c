"""Requests sent back for changes (SPEC §4): who may send one back, what it
resets, who is told, and how submitting it again starts its endorsements over
while the earlier decisions stay in its history; the page's form too."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.audit import audit_history
from core.errors import Conflict
from core.history import WHO
from core.models import Email
from people.history import POSITION_HISTORY, PositionAction
from people.models import Decision, Position, PositionStatus, Step, User
from people.selectors import position_history, position_list
from people.services import (
    delegation_create,
    position_decide,
    position_request_changes,
    position_submit,
    position_update,
    position_withdraw,
)
from people.tests.positions import approve, host, reloaded, submit, today
from people.workflow import Approvers

CHANGES = "Say which clinical days you keep."


def send_back(position: Position, by: User, comment: str = CHANGES) -> Position:
    return position_request_changes(position=position, by=by, comment=comment)


def emails_since(position: Position, before: set[int]) -> dict[str, list[Email]]:
    found: dict[str, list[Email]] = {}
    for email in Email.objects.filter(key__startswith=f"position:{position.pk}:").exclude(pk__in=before):
        found.setdefault(email.recipient.username, []).append(email)
    return found


def sent_ids() -> set[int]:
    return set(Email.objects.values_list("pk", flat=True))


def said(email: Email, english: str) -> bool:
    with translation.override(email.language):
        return gettext(english) in email.body_text


# Who may send a request back ------------------------------------------------------


@pytest.mark.parametrize("persona", ["teamlead2", "depthead"])
def test_an_endorser_whose_step_is_awaited_sends_a_request_back(personas, persona):
    position = send_back(submit(host(personas["clinician"], "NEUROLEARN")), personas[persona])
    assert position.status == PositionStatus.CHANGES_REQUESTED
    [decision] = Decision.objects.filter(position=position)
    assert (decision.round, decision.outcome, decision.decided_by.username, decision.comment) == (
        1,
        Decision.Outcome.CHANGES_REQUESTED,
        persona,
        CHANGES,
    )
    assert decision.step == (Step.TEAM if persona == "teamlead2" else Step.DEPARTMENT)


@pytest.mark.parametrize("persona", ["director", "ops"])
def test_direction_or_operations_send_an_endorsed_request_back(personas, persona):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"], personas["depthead"])
    position = send_back(position, personas[persona])
    assert position.status == PositionStatus.CHANGES_REQUESTED
    assert Decision.objects.get(position=position, step=Step.FINAL).outcome == Decision.Outcome.CHANGES_REQUESTED


@pytest.mark.parametrize(("persona", "refusal"), [("clinician", PermissionDenied), ("clinician2", PermissionDenied)])
def test_who_decides_no_step_may_not_send_it_back(personas, persona, refusal):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    with pytest.raises(refusal):
        send_back(position, personas[persona])
    assert reloaded(position).status == PositionStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_whose_step_is_not_awaited_is_told_409(personas):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"])
    # Direction decides the final step, not yet open; the team leader has decided theirs.
    for persona in ("director", "teamlead2"):
        with pytest.raises(Conflict):
            send_back(position, personas[persona])
    assert reloaded(position).status == PositionStatus.SUBMITTED


@pytest.mark.parametrize("state", ["draft", "approved", "rejected", "withdrawn", "changes_requested"])
def test_only_a_pending_request_is_sent_back(personas, state):
    position = host(personas["clinician"], "NEUROLEARN")
    if state != "draft":
        position = submit(position)
    if state == "approved":
        position = approve(position, personas["teamlead2"], personas["depthead"], personas["director"])
    elif state == "rejected":
        position = position_decide(position=position, by=personas["depthead"], approve=False, comment="No.")
    elif state == "withdrawn":
        position = position_withdraw(position=position, by=personas["clinician"])
    elif state == "changes_requested":
        position = send_back(position, personas["depthead"])
    with pytest.raises(Conflict):
        send_back(position, personas["director"])
    with pytest.raises(Conflict):
        position_decide(position=position, by=personas["director"], approve=True)


def test_a_delegate_sends_back_on_behalf_of_the_head(personas):
    delegation_create(
        delegator=personas["teamlead2"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today(),
        by=personas["teamlead2"],
    )
    position = send_back(submit(host(personas["clinician"], "NEUROLEARN")), personas["researcher"])
    decision = Decision.objects.get(position=position)
    assert (decision.decided_by.username, decision.on_behalf_of.username) == ("researcher", "teamlead2")
    event = audit_history(position).get(action=PositionAction.CHANGES_REQUESTED)
    assert (event.actor.username, event.on_behalf_of.username) == ("researcher", "teamlead2")


@pytest.mark.parametrize("comment", ["", "   "])
def test_a_request_is_not_sent_back_without_saying_what_should_change(personas, comment):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    before = sent_ids()
    with pytest.raises(ValidationError) as raised:
        send_back(position, personas["depthead"], comment)
    assert "comment" in raised.value.message_dict
    assert reloaded(position).status == PositionStatus.SUBMITTED
    assert not Decision.objects.exists()
    assert sent_ids() == before


# What sending back resets -------------------------------------------------------------


def test_sending_back_resets_the_endorsements_and_starts_a_new_round(personas):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"])
    assert reloaded(position).team_decided
    position = send_back(position, personas["depthead"])
    stored = reloaded(position)
    assert (stored.status, stored.team_decided, stored.department_decided, stored.round) == (
        PositionStatus.CHANGES_REQUESTED,
        False,
        False,
        2,
    )
    assert stored.waiting_since is None
    assert stored.closed_at is None
    # It awaits nobody: not in anyone's queue, in Python or in SQL.
    assert Approvers(today()).awaiting(stored) == []
    for user in personas.values():
        assert not position_list(user=user, awaiting_me=True).filter(pk=position.pk).exists(), user.username
    event = audit_history(position).get(action=PositionAction.CHANGES_REQUESTED)
    assert event.actor == personas["depthead"]
    assert event.comment == CHANGES
    assert event.changes == {
        "status": ["submitted", "changes_requested"],
        "step": "department",
        "round": [1, 2],
    }


def test_the_approvers_still_see_a_request_sent_back(personas):
    position = send_back(submit(host(personas["clinician"], "NEUROLEARN")), personas["depthead"])
    for persona in ("clinician", "teamlead2", "depthead", "director", "ops"):
        assert position_list(user=personas[persona]).filter(pk=position.pk).exists(), persona
    assert not position_list(user=personas["clinician2"]).filter(pk=position.pk).exists()


# Who is told --------------------------------------------------------------------------


def test_the_applicant_and_everyone_else_awaited_are_told_after_commit(
    personas, django_capture_on_commit_callbacks, monkeypatch
):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    before = sent_ids()
    published: list[int] = []
    monkeypatch.setattr("core.publish.publish", lambda task, *args: published.append(args[0]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_back(position, personas["teamlead2"])
        assert not published  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    queued = emails_since(position, before)
    # The department head was awaited too; the team leader sent it back.
    assert set(queued) == {"clinician", "depthead"}
    assert sorted(published) == sorted(e.pk for found in queued.values() for e in found)
    for [email] in queued.values():
        assert CHANGES in email.body_text
        assert not said(email, "A request awaits your decision.")
    assert said(queued["clinician"][0], "Edit it and submit it again: its endorsements then start over.")
    assert said(queued["depthead"][0], "It awaits nobody until its applicant submits it again.")


def test_an_endorsed_request_sent_back_tells_the_other_final_approvers(personas):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"], personas["depthead"])
    before = sent_ids()
    send_back(position, personas["director"])
    assert set(emails_since(position, before)) == {"clinician", "ops"}


# Submitting again ----------------------------------------------------------------------


def test_the_applicant_edits_and_resubmits_and_the_endorsements_start_over(personas):
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"])
    position = send_back(position, personas["depthead"])
    position = position_update(position=position, by=personas["clinician"], topic="EEG, two clinical days a week")
    before = sent_ids()
    position = position_submit(position=position, by=personas["clinician"])
    stored = reloaded(position)
    assert (stored.status, stored.round, stored.team_decided, stored.department_decided) == (
        PositionStatus.SUBMITTED,
        2,
        False,
        False,
    )
    assert stored.topic == "EEG, two clinical days a week"
    assert stored.waiting_since is not None
    # Both endorsers are asked again, the team leader who had approved too.
    assert [u.username for u in Approvers(today()).awaiting(stored)] == ["teamlead2", "depthead"]
    queued = emails_since(position, before)
    assert set(queued) == {"teamlead2", "depthead"}
    assert all(said(email, "A request awaits your decision.") for [email] in queued.values())
    assert audit_history(position).filter(action=PositionAction.RESUBMITTED).count() == 1

    # The new round goes through; the first round's decisions stay beside it.
    position = approve(position, personas["teamlead2"], personas["depthead"], personas["ops"])
    assert reloaded(position).status == PositionStatus.APPROVED
    rounds = list(
        Decision.objects.filter(position=position)
        .order_by("round", "decided_at", "id")
        .values_list("round", "step", "outcome")
    )
    assert rounds == [
        (1, Step.TEAM, Decision.Outcome.APPROVED),
        (1, Step.DEPARTMENT, Decision.Outcome.CHANGES_REQUESTED),
        (2, Step.TEAM, Decision.Outcome.APPROVED),
        (2, Step.DEPARTMENT, Decision.Outcome.APPROVED),
        (2, Step.FINAL, Decision.Outcome.APPROVED),
    ]


def test_the_history_keeps_the_request_for_changes_and_its_comment(personas):
    position = send_back(submit(host(personas["clinician"], "NEUROLEARN")), personas["depthead"])
    position_submit(position=position, by=personas["clinician"])
    with translation.override("en"):
        entries = POSITION_HISTORY.entries(position_history(user=personas["clinician"], position=position))
        lines = [(entry.action, entry.sentence, entry.event.comment) for entry in entries]
    assert ("sent the request back for changes", f"Sent back for changes by {WHO}, department head", CHANGES) in lines
    assert ("submitted the request again", "", "") in lines


def test_the_applicant_may_withdraw_a_request_sent_back(personas):
    position = send_back(submit(host(personas["clinician"], "NEUROLEARN")), personas["depthead"])
    before = sent_ids()
    position = position_withdraw(position=position, by=personas["clinician"])
    assert position.status == PositionStatus.WITHDRAWN
    assert emails_since(position, before) == {}  # nobody awaited it


def test_only_the_applicant_edits_or_resubmits(personas):
    position = send_back(submit(host(personas["clinician"], "NEUROLEARN")), personas["depthead"])
    with pytest.raises(PermissionDenied):
        position_update(position=position, by=personas["depthead"], topic="Mine")
    with pytest.raises(PermissionDenied):
        position_submit(position=position, by=personas["depthead"])


def test_a_stale_decision_after_a_send_back_is_refused(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    stale = Position.objects.get(pk=position.pk)
    send_back(position, personas["depthead"])
    # The other endorser's click, made on the page read before: the row is read again, locked.
    with pytest.raises(Conflict):
        position_decide(position=stale, by=personas["teamlead2"], approve=True)
    with pytest.raises(Conflict):
        send_back(stale, personas["teamlead2"])
    assert Decision.objects.filter(position=position).count() == 1


# The page ----------------------------------------------------------------------------------


def url(name: str, position: Position) -> str:
    return reverse(f"people:hostposition-{name}", args=[position.pk])


@pytest.fixture
def english(personas):
    User.objects.filter(username__in=personas).update(language="en")


def test_the_decision_form_offers_to_send_back(sign_in, english, personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    page = sign_in("depthead").get(url("detail", position)).content.decode()
    assert f'action="{url("request-changes", position)}"' in page
    assert "Send back for changes" in page
    assert "Send back for changes" not in sign_in("clinician").get(url("detail", position)).content.decode()


def test_sending_back_from_the_page(sign_in, english, personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    response = sign_in("depthead").post(url("request-changes", position), {"comment": CHANGES})
    assert response.status_code == 302
    assert reloaded(position).status == PositionStatus.CHANGES_REQUESTED
    page = sign_in("clinician").get(url("detail", position)).content.decode()
    assert "Changes requested" in page
    # The step's decision and the history's line each carry the comment.
    assert "Sent back for changes by" in page
    assert page.count(CHANGES) == 2
    assert f'action="{url("submit", position)}"' in page
    assert f'href="{url("update", position)}"' in page
    assert sign_in("clinician").get(url("update", position)).status_code == 200


def test_sending_back_without_saying_what_keeps_the_request_and_says_why(sign_in, english, personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    response = sign_in("depthead").post(url("request-changes", position), {"comment": "  "})
    assert response.status_code == 400
    assert "Say what should change." in response.content.decode()
    assert reloaded(position).status == PositionStatus.SUBMITTED


def test_the_applicant_may_not_send_their_own_request_back(sign_in, personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    assert sign_in("clinician").post(url("request-changes", position), {"comment": "x"}).status_code == 403
    assert sign_in("clinician2").post(url("request-changes", position), {"comment": "x"}).status_code == 404
    assert reloaded(position).status == PositionStatus.SUBMITTED
