"""Fixtures shared by every app's tests: the demo personas of SPEC §6."""

import pytest
from django.core.cache import cache

from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import User

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


@pytest.fixture
def personas(db) -> dict[str, User]:
    """The demo accounts, with their units and roles, by username."""
    seed()
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
