"""Approvers clicking at once (SPEC §4, §7): real threads, each with its own
PostgreSQL connection, released together by a barrier. Exactly one decision
per step wins; every other click is a Conflict (409), and nothing is written
or emailed twice."""

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from core.api.exceptions import exception_handler
from core.errors import Conflict
from core.models import AuditEvent, Email
from core.testing import race
from people.models import Decision, Position, PositionStatus, Step, User
from people.services import delegation_create, position_decide, position_submit
from people.tests.positions import approve, host, reloaded, submit, today

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16


@pytest.fixture(autouse=True)
def published(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Emails handed to Celery after commit (recorded, not sent: no broker needed)."""
    ids: list[int] = []
    monkeypatch.setattr("core.publish.publish", lambda task, *args: ids.append(args[0]) or True)
    return ids


def decide(position_id: int, username: str, approve_it: bool = True) -> Callable[[], Position]:
    def call() -> Position:
        # Everything read in the thread, on the thread's own connection.
        return position_decide(
            position=Position.objects.get(pk=position_id),
            by=User.objects.get(username=username),
            approve=approve_it,
            comment="" if approve_it else "Not now.",
        )

    return call


def successes(results: list[Any]) -> list[Position]:
    return [r for r in results if isinstance(r, Position)]


def assert_the_others_are_conflicts(results: list[Any]) -> None:
    failures = [r for r in results if not isinstance(r, Position)]
    assert all(isinstance(r, Conflict) for r in failures), failures
    assert {exception_handler(r, {}).status_code for r in failures} <= {409}


def events(position: Position, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Position), object_id=str(position.pk), action=action
        )
    )


def keys_per_recipient(position: Position) -> Counter:
    return Counter(
        (key.split(":event:")[1].split(":")[0], key.split(":to:")[1])
        for key in Email.objects.filter(key__startswith=f"position:{position.pk}:").values_list("key", flat=True)
    )


def test_one_approver_clicking_sixteen_times_at_once_decides_once(personas, published):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    emails_before = Email.objects.count()
    published.clear()
    results = race([decide(position.pk, "teamlead2") for _ in range(THREADS)])
    assert len(successes(results)) == 1
    assert_the_others_are_conflicts(results)
    assert Decision.objects.filter(position=position, step=Step.TEAM).count() == 1
    assert len(events(position, "approved")) == 1
    # One email each for the applicant and the department head, still awaited.
    new = Email.objects.filter(key__startswith=f"position:{position.pk}:").order_by("pk")[emails_before:]
    assert sorted(e.recipient.username for e in new) == ["clinician", "depthead"]
    assert sorted(published) == sorted(e.pk for e in new)
    assert reloaded(position).status == PositionStatus.SUBMITTED


def test_one_rejection_among_sixteen_at_once(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    results = race([decide(position.pk, "depthead", approve_it=False) for _ in range(THREADS)])
    assert len(successes(results)) == 1
    assert_the_others_are_conflicts(results)
    assert reloaded(position).status == PositionStatus.REJECTED
    assert Decision.objects.filter(position=position).count() == 1
    assert len(events(position, "rejected")) == 1


def test_endorsers_and_their_delegates_racing_decide_each_step_once(personas):
    """The team leader, the department head and a delegate of each, four
    threads apiece: each step is decided once, by one of those who may."""
    delegation_create(
        delegator=personas["teamlead2"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today() + timedelta(days=5),
        by=personas["teamlead2"],
    )
    delegation_create(
        delegator=personas["depthead"],
        delegate=personas["clinician2"],
        starts_on=today(),
        ends_on=today() + timedelta(days=5),
        by=personas["depthead"],
    )
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    racers = ["teamlead2", "researcher", "depthead", "clinician2"] * 4
    results = race([decide(position.pk, username) for username in racers])
    assert len(successes(results)) == 2
    assert_the_others_are_conflicts(results)
    position = reloaded(position)
    assert position.status == PositionStatus.ENDORSED
    by_step = {d.step: d for d in Decision.objects.filter(position=position)}
    assert set(by_step) == {Step.TEAM, Step.DEPARTMENT}
    assert by_step[Step.TEAM].decided_by.username in {"teamlead2", "researcher"}
    assert by_step[Step.DEPARTMENT].decided_by.username in {"depthead", "clinician2"}
    approved = events(position, "approved")
    assert sorted(e.changes["step"] for e in approved) == ["department", "team"]
    assert [e.changes["status"][1] for e in approved] == ["submitted", "endorsed"]
    # Direction and operations are asked once, the applicant told once per decision.
    assert all(count == 1 for count in keys_per_recipient(position).values())
    asked = Email.objects.filter(key__startswith=f"position:{position.pk}:event:{approved[1].pk}:")
    assert sorted(e.recipient.username for e in asked) == ["clinician", "director", "ops"]


def test_the_team_leader_and_the_department_head_racing_both_endorse(personas):
    position = submit(host(personas["clinician"], "NEUROLEARN"))
    results = race([decide(position.pk, username) for username in ["teamlead2", "depthead"] * (THREADS // 2)])
    assert len(successes(results)) == 2
    assert_the_others_are_conflicts(results)
    assert reloaded(position).status == PositionStatus.ENDORSED
    assert Decision.objects.filter(position=position).count() == 2


def test_direction_operations_and_a_delegate_racing_take_one_final_decision(personas):
    delegation_create(
        delegator=personas["director"],
        delegate=personas["transfer"],
        starts_on=today(),
        ends_on=today() + timedelta(days=5),
        by=personas["director"],
    )
    position = approve(submit(host(personas["clinician"], "NEUROLEARN")), personas["teamlead2"], personas["depthead"])
    emails_before = Email.objects.count()
    results = race([decide(position.pk, u, n % 2 == 0) for n, u in enumerate(["director", "ops", "transfer"] * 5)])
    [winner] = successes(results)
    assert_the_others_are_conflicts(results)
    assert reloaded(position).status == winner.status
    assert Decision.objects.filter(position=position, step=Step.FINAL).count() == 1
    assert len(events(position, "approved")) + len(events(position, "rejected")) == 3
    new = Email.objects.filter(key__startswith=f"position:{position.pk}:").order_by("pk")[emails_before:]
    assert "clinician" in [e.recipient.username for e in new]
    assert all(count == 1 for count in keys_per_recipient(position).values())


def test_two_requests_submitted_at_once_cannot_together_pass_100_percent(personas):
    """The applicant's row is locked first: the second submission sees the first."""
    clinician = personas["clinician"]
    start = today() + timedelta(days=10)
    first = host(clinician, share=60, start=start)
    second = host(clinician, "CARDIOSIM", share=60, start=start + timedelta(days=100))

    def submitter(position_id: int) -> Callable[[], Position]:
        return lambda: position_submit(
            position=Position.objects.get(pk=position_id), by=User.objects.get(username="clinician")
        )

    results = race([submitter(first.pk), submitter(second.pk)] * (THREADS // 2))
    [winner] = successes(results)
    loser = second if winner.pk == first.pk else first
    refusals = [r for r in results if not isinstance(r, Position)]
    # The same request again is a conflict; the other one a refusal naming the winner.
    assert {type(r) for r in refusals} <= {Conflict, ValidationError}
    assert any(isinstance(r, ValidationError) and f"#{winner.pk}" in str(r) for r in refusals)
    assert reloaded(loser).status == PositionStatus.DRAFT
    assert Position.objects.filter(applicant=clinician, status=PositionStatus.SUBMITTED).count() == 1
    assert len(events(winner, "submitted")) == 1
