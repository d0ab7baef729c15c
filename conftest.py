"""Fixtures shared by every app's tests: the demo personas of SPEC §6, and the
clock of ``LABSITE_TEST_NOW`` (core/tests/clock.py)."""

from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache

from core.tests.clock import moved_to
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import User

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


def pytest_report_header() -> str | None:
    instant = moved_to()
    return f"labsite: every test starts at {instant.isoformat()} (LABSITE_TEST_NOW)" if instant else None


@pytest.fixture(autouse=True)
def _test_clock() -> Iterator[None]:
    """Every test starts at ``LABSITE_TEST_NOW`` when it is set; at the real time otherwise."""
    instant = moved_to()
    if instant is None:
        yield
        return
    with time_machine.travel(instant, tick=True):
        yield


@pytest.fixture
def personas(db) -> dict[str, User]:
    """The demo accounts, with their units and roles, by username."""
    seed()
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
