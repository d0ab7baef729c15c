"""Fixtures shared by every app's tests: the demo personas of SPEC §6."""

import pytest
from django.core.cache import cache

from people.demo import seed
from people.models import User

PERSONAS = [
    "director",
    "ops",
    "teamlead",
    "teamlead2",
    "researcher",
    "depthead",
    "depthead2",
    "clinician",
    "clinician2",
    "transfer",
    "partner",
]


@pytest.fixture
def personas(db) -> dict[str, User]:
    """The demo accounts, with their units and roles, by username."""
    seed()
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
