"""The permission matrix of the transfer pages (SPEC §3): every page, export,
form and action in ``PAGES`` (transfer/tests/matrix.py), for every persona and
an anonymous visitor, on each innovation of the scenario
(transfer/tests/scenario.py) and what hangs from it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.testing import ANONYMOUS, Check, Lookup, check_case, matrix, url_patterns, world_fixture
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import Hospital, User
from transfer.models import Innovation
from transfer.tests.matrix import PAGES
from transfer.tests.scenario import SEES, Scenario, build

PERSONAS = [persona.username for persona in DEMO_PERSONAS]

transfer_world = world_fixture(lambda: build(seed()))


@pytest.fixture
def users(transfer_world: Scenario, db: None) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


def lookup(scenario: Scenario, users: dict[str, User]) -> Lookup:
    def find(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        records = {
            "innovation": scenario.innovations,
            "agreement": scenario.agreements,
            "company": scenario.companies,
            "project": scenario.projects,
            "user": users,
            "deployment": {"secret": scenario.deployment},
        }
        if kind == "hospital":
            return Hospital.objects.order_by("pk").first().pk
        return records[kind][key].pk

    return find


@pytest.mark.parametrize("case", matrix(PAGES))
def test_permission_matrix(client: Client, transfer_world: Scenario, users: dict[str, User], case: Check) -> None:
    response = check_case(client, case, users.get(case.persona), lookup(transfer_world, users))
    if case.persona == ANONYMOUS:
        assert response["Location"].startswith(reverse("login"))


def test_the_matrix_covers_every_transfer_page() -> None:
    pages = {name for name, namespace, _regex in url_patterns() if namespace == "transfer"}
    assert pages - {name for name, *_rest in PAGES} == set()


def test_the_scenario_is_as_the_matrix_assumes(users: dict[str, User]) -> None:
    """Every innovation starts identified (the moves of the matrix start from there)."""
    assert set(Innovation.objects.values_list("stage", flat=True)) == {"identified"}
    assert Innovation.objects.count() == len(SEES)
