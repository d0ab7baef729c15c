"""Transfer officers moving the same card at once (SPEC §7): real threads, each
with its own PostgreSQL connection, released together by a barrier. The
innovation row is locked, so exactly one move wins; every other one is a
Conflict (409) and writes nothing."""

from collections.abc import Callable
from typing import Any

import pytest

from core.api.exceptions import exception_handler
from core.audit import audit_history
from core.errors import Conflict
from core.testing import race
from people.models import User
from transfer import services
from transfer.models import Innovation, Stage

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 12


def mover(innovation_id: int, to: str, expected: str | None) -> Callable[[], Innovation]:
    def call() -> Innovation:
        # Everything read in the thread, on the thread's own connection.
        return services.innovation_move(
            innovation=Innovation.objects.get(pk=innovation_id),
            by=User.objects.get(username="transfer"),
            to=to,
            reason="Reopened by the race." if to == Stage.IDENTIFIED else "",
            expected=expected,
        )

    return call


def assert_one_winner(results: list[Any]) -> Innovation:
    winners = [r for r in results if isinstance(r, Innovation)]
    failures = [r for r in results if not isinstance(r, Innovation)]
    assert len(winners) == 1, results
    assert all(isinstance(r, Conflict) for r in failures), failures
    assert {exception_handler(r, {}).status_code for r in failures} == {409}
    return winners[0]


def moves(innovation: Innovation) -> list[Any]:
    return list(audit_history(innovation).exclude(action="created").order_by("pk"))


@pytest.fixture
def innovation(personas: dict[str, User]) -> Innovation:
    return services.innovation_create(by=personas["transfer"], title="Sepsis early-warning score")


def test_officers_moving_the_same_card_from_the_same_stage_move_it_once(innovation):
    results = race([mover(innovation.pk, Stage.EVALUATING, expected=Stage.IDENTIFIED) for _ in range(THREADS)])
    assert_one_winner(results)
    assert Innovation.objects.get(pk=innovation.pk).stage == Stage.EVALUATING
    [event] = moves(innovation)
    assert event.changes == {"stage": ["identified", "evaluating"]}


def test_officers_moving_the_same_card_to_different_stages_move_it_once(innovation):
    targets = [Stage.EVALUATING, Stage.PROTECTING, Stage.TRANSFERRING, Stage.TRANSFERRED] * (THREADS // 4)
    results = race([mover(innovation.pk, to, expected=Stage.IDENTIFIED) for to in targets])
    winner = assert_one_winner(results)
    current = Innovation.objects.get(pk=innovation.pk)
    assert current.stage == winner.stage
    assert (current.transferred_on is not None) == (current.stage == Stage.TRANSFERRED)
    [event] = moves(innovation)
    assert event.changes["stage"] == ["identified", winner.stage]


def test_officers_moving_without_saying_what_they_saw_still_move_it_once(innovation):
    """The second one finds the card already there: a Conflict, not a second event."""
    results = race([mover(innovation.pk, Stage.TRANSFERRED, expected=None) for _ in range(THREADS)])
    assert_one_winner(results)
    [event] = moves(innovation)
    assert event.changes["stage"] == ["identified", "transferred"]
