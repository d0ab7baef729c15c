"""The permission matrix of people/ and of the site's accounts (SPEC §3): every
URL and API action in ``SITE`` (people/tests/matrix.py), for every persona and
for an anonymous visitor."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from core.testing import ANONYMOUS, Check, check_case, matrix
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Department, Team, User
from people.tests.matrix import SITE

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


@pytest.fixture
def users(seeded_once: None, db: None) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


@pytest.mark.parametrize("case", matrix(SITE))
def test_permission_matrix(client: Client, users: dict[str, User], case: Check) -> None:
    def lookup(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        if kind == "persona":
            return case.persona
        if kind == "password":
            return settings.DEMO_PASSWORD if case.persona != ANONYMOUS else "wrong"
        if kind == "team":
            return Team.objects.get(acronym=key).pk
        if kind == "department":
            return Department.objects.get(name=key).pk
        return users[key].pk

    check_case(client, case, users.get(case.persona), lookup)
