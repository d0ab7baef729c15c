"""The permission matrix of projects/ (SPEC §3): every page, export, search and
action, for every persona and an anonymous visitor, on a project that is
confidential or not, and for people who are its members or not.

The projects are ``build_projects``' (projects/tests/worlds.py): ``open``,
``secret`` and ``other``. Each row of ``MATRIX`` is ``(method, persona, URL
name and target, expected status)``: 404 for who cannot see the project, 403
for who sees it but may not do this.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing import ANONYMOUS, Row, check, matrix_pairs, rows, world_fixture
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import User
from projects.models import DataAccessRequest, Milestone, Project
from projects.tests.worlds import build_projects

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
SIGN_IN = 302
DONE = 302  # a change that worked sends back to a page
STAFF = [p for p in PERSONAS if p != "partner"]
EVERYTHING = ("director", "ops")

SEES = {
    "open": set(PERSONAS),
    "secret": {"researcher", "clinician", *EVERYTHING},
    "other": set(STAFF),
}
MANAGES = {
    "open": {"teamlead", *EVERYTHING},
    "secret": {"researcher", *EVERYTHING},
    "other": {"teamlead2", *EVERYTHING},
}


def statuses(default: int, **exceptions: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | exceptions | {ANONYMOUS: SIGN_IN}


def on(project: str, ok: int, *, managers: set[str] | None = None) -> dict[str, int]:
    """``ok`` for who manages the project, 403 for who only sees it, 404 for the rest."""
    managers = MANAGES[project] if managers is None else managers
    table = {p: ok if p in managers else 403 if p in SEES[project] else 404 for p in PERSONAS}
    return table | {ANONYMOUS: SIGN_IN}


def seen(project: str, ok: int = 200) -> dict[str, int]:
    return {p: ok if p in SEES[project] else 404 for p in PERSONAS} | {ANONYMOUS: SIGN_IN}


def project_body(acronym: str, confidential: bool = False) -> dict[str, Any]:
    return {
        "acronym": acronym,
        "title": "A new project",
        "clinical_domain": "neurology",
        "methods": "simulation, imaging",
        "status": "proposed",
        **({"confidential": "on"} if confidential else {}),
    }


NEXT_WEEK = (timezone.localdate() + timedelta(days=7)).isoformat()
NEXT_YEAR = (timezone.localdate() + timedelta(days=365)).isoformat()

ROWS: list[tuple[str, str, str | None, dict[str, Any] | None, dict[str, int]]] = [
    # The list, its search and its export: everyone signed in; what they hold is in test_views.
    ("GET", "projects:project-list", None, None, statuses(200)),
    ("GET", "projects:project-list", "?q=SECRET", None, statuses(200)),
    ("GET", "projects:project-list", "?mine=on&confidential=yes", None, statuses(200)),
    ("GET", "projects:project-export", "?format=csv", None, statuses(200)),
    ("GET", "projects:project-export", "?format=xlsx&q=heart", None, statuses(200)),
    ("GET", "projects:project-export", "?format=pdf", None, statuses(400)),
    # Creating: staff only.
    ("GET", "projects:project-create", None, None, statuses(200, partner=403)),
    ("POST", "projects:project-create", None, project_body("NEWPROJ"), statuses(DONE, partner=403)),
    ("POST", "projects:project-create", None, {"acronym": "X"}, statuses(400, partner=403)),
    # A project.
    *(("GET", "projects:project-detail", key, None, seen(key)) for key in SEES),
    ("GET", "projects:project-detail", "missing", None, statuses(404)),
    *(("GET", "projects:project-update", key, None, on(key, 200)) for key in SEES),
    ("POST", "projects:project-update", "secret", project_body("SECRET", confidential=True), on("secret", DONE)),
    ("POST", "projects:project-update", "open", project_body("OPEN"), on("open", DONE)),
    # Members.
    *(("GET", "projects:project-members", key, None, on(key, 200)) for key in SEES),
    ("POST", "projects:project-member-add", "secret", {"user": "<transfer>", "role": "member"}, on("secret", DONE)),
    ("POST", "projects:project-member-add", "open", {"user": "<clinician2>", "role": "lead"}, on("open", DONE)),
    ("GET", "projects:project-member-add", "secret", None, statuses(405)),
    ("POST", "projects:project-member-remove", "secret", {"user": "<clinician>"}, on("secret", DONE)),
    ("POST", "projects:project-member-remove", "open", {"user": "<partner>"}, on("open", DONE)),
    ("POST", "projects:project-member-role", "secret", {"user": "<clinician>", "role": "lead"}, on("secret", DONE)),
    ("POST", "projects:project-member-role", "other", {"user": "<teamlead2>", "role": "member"}, on("other", 400)),
    # Milestones.
    *(
        ("POST", "projects:milestone-create", key, {"title": "Data freeze", "due_date": NEXT_WEEK}, on(key, DONE))
        for key in SEES
    ),
    *(("POST", "projects:milestone-done", f"{key}-milestone", None, on(key, DONE)) for key in SEES),
    ("POST", "projects:milestone-undone", "secret-milestone", None, on("secret", DONE)),
    ("GET", "projects:milestone-done", "secret-milestone", None, statuses(405)),
    # Data-access requests.
    *(("GET", "projects:datarequest-create", key, None, on(key, 200)) for key in SEES),
    (
        "POST",
        "projects:datarequest-create",
        "secret",
        {"route": "committee", "perimeter": "Adults since 2020", "categories": ["imaging", "notes"]},
        on("secret", DONE),
    ),
    *(("POST", "projects:datarequest-submit", f"{key}-draft", None, on(key, DONE)) for key in SEES),
    ("POST", "projects:datarequest-submit", "secret-submitted", None, on("secret", 409)),
    *(
        (
            "POST",
            "projects:datarequest-decide",
            f"{key}-submitted",
            {"decision": "approve", "committee_reference": "CSE-24-001", "expires_on": NEXT_YEAR},
            on(key, DONE, managers=set(EVERYTHING)),
        )
        for key in SEES
    ),
    (
        "POST",
        "projects:datarequest-decide",
        "secret-submitted",
        {"decision": "reject", "reason": ""},
        on("secret", 400, managers=set(EVERYTHING)),
    ),
    (
        "POST",
        "projects:datarequest-decide",
        "secret-draft",
        {"decision": "reject", "reason": "Too broad"},
        on("secret", 409, managers=set(EVERYTHING)),
    ),
]

MATRIX = rows(
    *(
        (method, persona, f"{name} {target}" if target else name, expected, body)
        for method, name, target, body, table in ROWS
        for persona, expected in table.items()
    )
)
PAIRS = matrix_pairs((method, None, name) for method, name, *_rest in ROWS)


@dataclass
class World:
    users: dict[str, User]
    projects: dict[str, Project]

    def url(self, name: str, target: str | None) -> str:
        if target is None or target.startswith("?"):
            return reverse(name) + (target or "")
        key, _sep, part = target.partition("-")
        project = self.projects.get(key)
        if project is None:
            pk = 999_999
        elif part == "milestone":
            pk = Milestone.objects.get(project=project).pk
        elif part:
            status = DataAccessRequest.Status.DRAFT if part == "draft" else DataAccessRequest.Status.SUBMITTED
            pk = project.data_requests.get(status=status).pk
        else:
            pk = project.pk
        return reverse(name, args=[pk])

    def body(self, body: dict[str, Any] | None) -> dict[str, Any]:
        def value(v: Any) -> Any:
            if isinstance(v, str) and v.startswith("<") and v.endswith(">"):
                return self.users[v[1:-1]].pk
            return v

        return {key: value(v) for key, v in (body or {}).items()}


projects_world = world_fixture(lambda: build_projects(seed()))


@pytest.fixture
def world(projects_world: dict[str, Project], db: None) -> World:
    return World(
        users={user.username: user for user in User.objects.filter(username__in=PERSONAS)},
        projects={p.acronym.lower(): p for p in Project.objects.filter(acronym__in=["OPEN", "SECRET", "OTHER"])},
    )


@pytest.mark.parametrize("row", MATRIX)
def test_permission_matrix(client: Client, world: World, row: Row) -> None:
    name, _sep, target = row.url.partition(" ")
    url = world.url(name, target or None)
    check(client, world.users.get(row.persona), row.method, url, row.expected, world.body(row.body))
