"""The permission matrix of the transfer pages (SPEC §3): every page, export,
form and action, for every persona and an anonymous visitor, on each
innovation of the scenario (transfer/tests/scenario.py) and what hangs from it.

Who sees what is the scenario's (``SEES``, ``SEES_AGREEMENT``, ``SEES_PARTNER``);
only transfer officers change anything: 403 for who sees the record, 404 for
who does not.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing import ANONYMOUS, Row, check, rows, url_patterns, world_fixture
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import Company, Hospital, User
from projects.models import Project
from transfer.models import Agreement, Deployment, Innovation
from transfer.tests.scenario import EVERYTHING, OFFICERS, SEES, SEES_AGREEMENT, SEES_PARTNER, Scenario, build

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
SIGN_IN = 302
DONE = 302  # a change that worked (or a move someone else made first) sends back to a page
KEYS = tuple(SEES)
COMPANIES = tuple(SEES_PARTNER)


def statuses(default: int, **exceptions: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, default) | exceptions | {ANONYMOUS: SIGN_IN}


def seen(who: set[str], ok: int = 200) -> dict[str, int]:
    return {p: ok if p in who else 404 for p in PERSONAS} | {ANONYMOUS: SIGN_IN}


def on(who: set[str], ok: int) -> dict[str, int]:
    """``ok`` for transfer officers, 403 for who only sees the record, 404 for the rest."""
    table = {p: ok if p in OFFICERS else 403 if p in who else 404 for p in PERSONAS}
    return table | {ANONYMOUS: SIGN_IN}


def officers(ok: int) -> dict[str, int]:
    return {p: ok if p in OFFICERS else 403 for p in PERSONAS} | {ANONYMOUS: SIGN_IN}


def figures(ok: int) -> dict[str, int]:
    return {p: ok if p in EVERYTHING else 403 for p in PERSONAS} | {ANONYMOUS: SIGN_IN}


TODAY = timezone.localdate()
INNOVATION = {
    "title": "Sepsis early warning",
    "description": "Predicts sepsis from vital signs.",
    "kind": "software",
    "readiness_level": "4",
    "route": "hospital",
    "project": "<project:open>",
    "owners": ["<user:researcher>"],
    "confidential": "on",
}
AGREEMENT = {
    "kind": "collaboration",
    "partner": "<company:other>",
    "reference": "AGR-NEW",
    "signed_on": (TODAY - timedelta(days=10)).isoformat(),
    "expires_on": (TODAY + timedelta(days=700)).isoformat(),
}
DEPLOYMENT = {"hospital": "<hospital>", "system_name": "EPIC", "status": "pilot"}
FORWARD = {"to": "evaluating", "expected": "identified"}

ROWS: list[tuple[str, str, str | None, dict[str, Any] | None, dict[str, int]]] = [
    # The board, the list, their search and the export: everyone signed in; what they hold is in test_views.
    ("GET", "transfer:board", None, None, statuses(200)),
    ("GET", "transfer:board", "?q=secret&kind=software&route=licence&project=abc", None, statuses(200)),
    ("GET", "transfer:innovation-list", None, None, statuses(200)),
    (
        "GET",
        "transfer:innovation-list",
        "?q=innovation&stage=identified&confidential=yes&partner=1",
        None,
        statuses(200),
    ),
    ("GET", "transfer:innovation-export", "?format=csv", None, statuses(200)),
    ("GET", "transfer:innovation-export", "?format=xlsx&q=secret", None, statuses(200)),
    ("GET", "transfer:innovation-export", "?format=pdf", None, statuses(400)),
    # Recording an innovation: the transfer office only.
    ("GET", "transfer:innovation-create", None, None, officers(200)),
    ("POST", "transfer:innovation-create", None, {**INNOVATION, "stage": "identified"}, officers(DONE)),
    ("POST", "transfer:innovation-create", None, {**INNOVATION, "readiness_level": "12"}, officers(400)),
    # An innovation.
    *(("GET", "transfer:innovation-detail", f"innovation:{key}", None, seen(SEES[key])) for key in KEYS),
    ("GET", "transfer:innovation-detail", "missing", None, statuses(404)),
    *(("GET", "transfer:innovation-update", f"innovation:{key}", None, on(SEES[key], 200)) for key in KEYS),
    *(("POST", "transfer:innovation-update", f"innovation:{key}", INNOVATION, on(SEES[key], DONE)) for key in KEYS),
    # Moving it along the pipeline.
    *(("GET", "transfer:innovation-move", f"innovation:{key}", None, on(SEES[key], 200)) for key in KEYS),
    *(("POST", "transfer:innovation-move", f"innovation:{key}", FORWARD, on(SEES[key], DONE)) for key in KEYS),
    (
        "POST",
        "transfer:innovation-move",
        "innovation:secret",
        {"to": "abandoned", "expected": "identified"},
        on(SEES["secret"], 400),
    ),
    (
        "POST",
        "transfer:innovation-move",
        "innovation:public",
        {"to": "protecting", "expected": "evaluating"},
        on(SEES["public"], DONE),
    ),
    (
        "POST",
        "transfer:innovation-move",
        "innovation:public",
        {"to": "sideways", "expected": "identified"},
        on(SEES["public"], 400),
    ),
    ("POST", "transfer:innovation-move", "missing", FORWARD, statuses(404)),
    # Agreements.
    ("GET", "transfer:agreement-list", None, None, statuses(200)),
    ("GET", "transfer:agreement-list", "?kind=nda&partner=x&expiring=on", None, statuses(200)),
    *(("GET", "transfer:agreement-detail", f"agreement:{key}", None, seen(SEES_AGREEMENT[key])) for key in KEYS),
    *(("GET", "transfer:agreement-create", f"innovation:{key}", None, on(SEES[key], 200)) for key in KEYS),
    *(("POST", "transfer:agreement-create", f"innovation:{key}", AGREEMENT, on(SEES[key], DONE)) for key in KEYS),
    (
        "POST",
        "transfer:agreement-create",
        "innovation:public",
        {**AGREEMENT, "expires_on": (TODAY - timedelta(days=30)).isoformat()},
        on(SEES["public"], 400),
    ),
    *(("GET", "transfer:agreement-update", f"agreement:{key}", None, on(SEES_AGREEMENT[key], 200)) for key in KEYS),
    *(
        ("POST", "transfer:agreement-update", f"agreement:{key}", AGREEMENT, on(SEES_AGREEMENT[key], DONE))
        for key in KEYS
    ),
    # Deployments.
    *(("GET", "transfer:deployment-create", f"innovation:{key}", None, on(SEES[key], 200)) for key in KEYS),
    *(("POST", "transfer:deployment-create", f"innovation:{key}", DEPLOYMENT, on(SEES[key], DONE)) for key in KEYS),
    ("POST", "transfer:deployment-create", "innovation:secret", {"system_name": "EPIC"}, on(SEES["secret"], 400)),
    ("GET", "transfer:deployment-update", "deployment", None, on(SEES["secret"], 200)),
    ("POST", "transfer:deployment-update", "deployment", {**DEPLOYMENT, "status": "live"}, on(SEES["secret"], DONE)),
    # Partner companies.
    ("GET", "transfer:partner-list", None, None, statuses(200)),
    ("GET", "transfer:partner-list", "?q=med", None, statuses(200)),
    *(("GET", "transfer:partner-detail", f"company:{key}", None, seen(SEES_PARTNER[key])) for key in COMPANIES),
    ("GET", "transfer:partner-create", None, None, officers(200)),
    ("POST", "transfer:partner-create", None, {"name": "Cardio Devices SA"}, officers(DONE)),
    ("POST", "transfer:partner-create", None, {"name": "Other Medical"}, officers(400)),
    *(("GET", "transfer:partner-update", f"company:{key}", None, on(SEES_PARTNER[key], 200)) for key in COMPANIES),
    *(
        ("POST", "transfer:partner-update", f"company:{key}", {"name": f"{key} renamed"}, on(SEES_PARTNER[key], DONE))
        for key in COMPANIES
    ),
    # Key figures: direction, operations and the transfer office.
    ("GET", "transfer:figures", None, None, figures(200)),
    *(("GET", "transfer:figures-export", f"?figure={name}", None, figures(200)) for name in ("stages", "transfers")),
    *(
        ("GET", "transfer:figures-export", f"?figure={name}", None, figures(200))
        for name in ("expiring", "deployments")
    ),
    ("GET", "transfer:figures-export", "?figure=salaries", None, figures(400)),
    ("GET", "transfer:figures-export", "?figure=stages&format=pdf", None, figures(400)),
]

MATRIX = rows(
    *(
        (method, persona, f"{name} {target}" if target else name, expected, body)
        for method, name, target, body, table in ROWS
        for persona, expected in table.items()
    )
)
PAGE_URL_NAMES = frozenset(name for _method, name, *_rest in ROWS)


@dataclass
class World:
    users: dict[str, User]

    def obj(self, kind: str, key: str) -> Any:
        if kind == "innovation":
            return Innovation.objects.get(title=f"Innovation {key}")
        if kind == "agreement":
            return Agreement.objects.get(reference=f"AGR-{key.upper()}")
        if kind == "company":
            return self.users["partner"].company if key == "partner" else Company.objects.get(name="Other Medical")
        if kind == "project":
            return Project.objects.get(acronym=key.upper())
        if kind == "user":
            return self.users[key]
        raise ValueError(kind)

    def url(self, name: str, target: str | None) -> str:
        if target is None or target.startswith("?"):
            return reverse(name) + (target or "")
        if target == "missing":
            return reverse(name, args=[999_999])
        if target == "deployment":
            return reverse(name, args=[Deployment.objects.get(system_name="ORBIS").pk])
        kind, _sep, key = target.partition(":")
        return reverse(name, args=[self.obj(kind, key).pk])

    def value(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if value == "<hospital>":
            return Hospital.objects.order_by("pk").first().pk
        if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
            kind, _sep, key = value[1:-1].partition(":")
            return self.obj(kind, key).pk
        return value

    def body(self, body: dict[str, Any] | None) -> dict[str, Any]:
        return {key: self.value(value) for key, value in (body or {}).items()}


transfer_world = world_fixture(lambda: build(seed()))


@pytest.fixture
def world(transfer_world: Scenario, db: None) -> World:
    return World(users={user.username: user for user in User.objects.filter(username__in=PERSONAS)})


@pytest.mark.parametrize("row", MATRIX)
def test_permission_matrix(client: Client, world: World, row: Row) -> None:
    name, _sep, target = row.url.partition(" ")
    url = world.url(name, target or None)
    response = check(client, world.users.get(row.persona), row.method, url, row.expected, world.body(row.body))
    if row.persona == ANONYMOUS:
        assert response["Location"].startswith(reverse("login"))


def test_the_matrix_covers_every_transfer_page() -> None:
    pages = {name for name, namespace, _regex in url_patterns() if namespace == "transfer"}
    assert pages - PAGE_URL_NAMES == set()


def test_the_scenario_is_as_the_matrix_assumes(world: World) -> None:
    """Every innovation starts identified (the moves above start from there)."""
    assert set(Innovation.objects.values_list("stage", flat=True)) == {"identified"}
    assert Innovation.objects.count() == len(KEYS)
