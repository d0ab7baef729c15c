"""The permission matrix of the shell (labsite/tests/matrix.py): the operators'
probes give the same answer to every visitor, signed in or not, with a worker
and beat alive; the header's search answers every signed-in person."""

import pytest
from django.test import Client

from core.health import Migrations
from core.testing import Check, check_case, matrix
from labsite.tests.matrix import FROM_OUTSIDE, PROBES, SEARCH

OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Migrations, "applied", False)


@pytest.mark.parametrize("case", matrix(PROBES))
def test_every_visitor_is_answered_alike(client: Client, personas, alive, case: Check) -> None:
    check_case(client, case, personas.get(case.persona))


@pytest.mark.parametrize("case", matrix(FROM_OUTSIDE))
def test_every_visitor_from_outside_is_answered_alike(client: Client, personas, alive, case: Check) -> None:
    check_case(client, case, personas.get(case.persona), **OUTSIDE)


@pytest.mark.parametrize("case", matrix(SEARCH))
def test_the_search_answers_everyone_signed_in(client: Client, personas, case: Check) -> None:
    check_case(client, case, personas.get(case.persona))
