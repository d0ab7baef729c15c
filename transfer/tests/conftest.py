"""Fixtures of transfer/ tests."""

import pytest

from people.models import Company, Institution, User
from people.tests.factories import UserFactory
from transfer.tests.scenario import Scenario, build


@pytest.fixture
def scenario(personas: dict[str, User]) -> Scenario:
    return build(personas)


@pytest.fixture
def cast(personas: dict[str, User]) -> dict[str, User]:
    """The personas, a second partner account of another company, and a staff member with no role."""
    other = Company.objects.create(name="Second Partner SA")
    partner2 = UserFactory(username="partner2", institution=Institution.PARTNER, company=other)
    return {**personas, "partner2": partner2, "member": UserFactory(username="member")}
