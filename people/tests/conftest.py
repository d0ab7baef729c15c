"""Fixtures of people/ tests."""

from collections.abc import Iterator

import pytest
from django.db import transaction

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


@pytest.fixture(scope="module")
def seeded_once(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """The personas and the shared project, written once for a whole module in
    a transaction rolled back at its end (each test runs in a savepoint inside
    it): the permission matrix has hundreds of cases."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = seed()
        _share_a_project(users["researcher"], users["partner"])
        yield
        transaction.set_rollback(True)
