"""Fixtures of people/ tests."""

import pytest
from django.db.models import Model

from core.testing import world_fixture
from people.demo import seed
from people.models import User
from people.tests.factories import project_with


@pytest.fixture
def shared_project(personas: dict[str, User]) -> Model:
    """A project with ``partner`` and ``researcher`` as members (the demo seeds
    none yet): the only people the partner may see in the directory."""
    return project_with("CARDIO-AI", "Heart failure prediction", personas["partner"], lead=personas["researcher"])


def _seed_and_share() -> None:
    users = seed()
    project_with("CARDIO-AI", "Heart failure prediction", users["partner"], lead=users["researcher"])


# The personas and the shared project, written once for a whole module (the
# permission matrix has hundreds of cases); see ``core.testing.world_fixture``.
seeded_once = world_fixture(_seed_and_share)
