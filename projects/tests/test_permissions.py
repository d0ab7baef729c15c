"""The permission matrix of projects/ (SPEC §3): every page, export, search and
action in ``PAGES`` (projects/tests/matrix.py), for every persona and an
anonymous visitor, on a project that is confidential or not, and for people
who are its members or not."""

from typing import Any

import pytest
from django.test import Client

from core.testing import Check, Lookup, check_case, matrix, world_fixture
from core.tests.attachments import PDF_BYTES, upload
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import User
from projects import services
from projects.models import DataAccessAttachment, DataAccessRequest, Project
from projects.tests.matrix import PAGES
from projects.tests.worlds import build_projects

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


def build_world() -> dict[str, Project]:
    """The projects, and a file attached by its lead to each one's submitted request."""
    users = seed()
    projects = build_projects(users)
    for key, lead in (("secret", "researcher"), ("other", "teamlead2")):
        submitted = projects[key].data_requests.get(status=DataAccessRequest.Status.SUBMITTED)
        services.data_request_attachment_add(request=submitted, by=users[lead], file=upload("protocol.pdf", PDF_BYTES))
    return projects


projects_world = world_fixture(build_world)


@pytest.fixture
def users(projects_world: dict[str, Project], db: None) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


def lookup(users: dict[str, User], projects: dict[str, Project]) -> Lookup:
    """``<project:secret>``, its ``<milestone:secret>``, its
    ``<datarequest:secret-draft>`` and ``-submitted``; ``<user:clinician>``."""

    def find(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        if kind == "user":
            return users[key].pk
        if kind == "attachment":
            return DataAccessAttachment.objects.get(request__project=projects[key]).pk
        project, _sep, status = key.partition("-")
        if kind == "milestone":
            return projects[project].milestones.get().pk
        if kind == "datarequest":
            status = DataAccessRequest.Status.DRAFT if status == "draft" else DataAccessRequest.Status.SUBMITTED
            return projects[project].data_requests.get(status=status).pk
        return projects[project].pk

    return find


@pytest.mark.parametrize("case", matrix(PAGES))
def test_permission_matrix(
    client: Client, projects_world: dict[str, Project], users: dict[str, User], case: Check
) -> None:
    check_case(client, case, users.get(case.persona), lookup(users, projects_world))
