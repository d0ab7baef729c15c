"""Fixtures of the shell's tests."""

import pytest

from people.models import User
from transfer.tests.scenario import Scenario, build


@pytest.fixture
def scenario(personas: dict[str, User]) -> Scenario:
    return build(personas)
