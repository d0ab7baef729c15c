"""Fixtures of people/ tests."""

import pytest

from core.testing import world_fixture
from people.demo import seed
from people.models import User
from projects.models import Membership, Project


def _share_a_project(researcher: User, partner: User) -> Project:
    project = Project.objects.create(acronym="CARDIO-AI", title="Heart failure prediction")
    Membership.objects.create(project=project, user=researcher, role=Membership.Role.LEAD)
    Membership.objects.create(project=project, user=partner)
    return project


@pytest.fixture
def shared_project(personas: dict[str, User]) -> Project:
    """A project with ``partner`` and ``researcher`` as members (the demo seeds
    none yet): the only people the partner may see in the directory."""
    return _share_a_project(personas["researcher"], personas["partner"])


def _seed_and_share() -> None:
    users = seed()
    _share_a_project(users["researcher"], users["partner"])


# The personas and the shared project, written once for a whole module (the
# permission matrix has hundreds of cases); see ``core.testing.world_fixture``.
seeded_once = world_fixture(_seed_and_share)
