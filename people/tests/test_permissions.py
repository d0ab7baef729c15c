"""The permission matrix of people/ (SPEC §3): every URL and API action of the
app and of the site's shell, for every persona and for an anonymous visitor.

Each row reads: method, URL name, target object, body, and the status each
persona gets. labsite/tests/test_urls.py fails when a URL name is in no app's
``COVERED`` (people/tests/routes.py).
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.testing import ANONYMOUS, Row, check, rows
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Department, Team, User

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
STAFF = [p for p in PERSONAS if p != "partner"]
EVERYONE_SEES_EVERYONE = ("director", "ops")

# An anonymous visitor is sent to the sign-in page (HTML) or asked to authenticate (API).
SIGN_IN = 302
AUTHENTICATE = 401

# The persona's own password, in bodies that sign in.
OWN_PASSWORD = object()


def statuses(default: int, *, anonymous: int, **exceptions: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default) | exceptions
    table[ANONYMOUS] = anonymous
    return table


def only(allowed: tuple[str, ...], yes: int, no: int, *, anonymous: int) -> dict[str, int]:
    return statuses(no, anonymous=anonymous, **dict.fromkeys(allowed, yes))


ROWS: list[tuple[str, str, str | None, dict[str, Any] | None, dict[str, int]]] = [
    # Pages.
    ("GET", "home", None, None, statuses(200, anonymous=SIGN_IN)),
    ("GET", "people:person-list", None, None, statuses(200, anonymous=SIGN_IN)),
    ("GET", "people:person-list", "?q=Clinicien", None, statuses(200, anonymous=SIGN_IN)),
    ("GET", "people:person-detail", "researcher", None, statuses(200, anonymous=SIGN_IN)),
    ("GET", "people:person-detail", "clinician2", None, statuses(200, anonymous=SIGN_IN, partner=404)),
    (
        "GET",
        "people:person-detail",
        "partner",
        None,
        only((*EVERYONE_SEES_EVERYONE, "researcher", "partner"), 200, 404, anonymous=SIGN_IN),
    ),
    ("GET", "people:person-detail", "nobody", None, statuses(404, anonymous=SIGN_IN)),
    ("GET", "people:me", None, None, statuses(200, anonymous=SIGN_IN)),
    (
        "POST",
        "people:me",
        None,
        {"first_name": "Ada", "last_name": "Lovelace", "language": "en", "digest": "daily"},
        statuses(302, anonymous=SIGN_IN),
    ),
    ("POST", "set-language", None, {"language": "en", "next": "/people/"}, statuses(302, anonymous=302)),
    ("GET", "set-language", None, None, statuses(405, anonymous=405)),
    # Accounts: a signed-in visitor of the sign-in page is sent on to the dashboard.
    ("GET", "login", None, None, statuses(302, anonymous=200)),
    ("POST", "login", None, {"username": "<persona>", "password": OWN_PASSWORD}, statuses(302, anonymous=200)),
    ("POST", "logout", None, None, statuses(302, anonymous=302)),
    ("GET", "logout", None, None, statuses(405, anonymous=405)),
    ("GET", "password_change", None, None, statuses(200, anonymous=SIGN_IN)),
    ("POST", "password_change", None, {}, statuses(200, anonymous=SIGN_IN)),
    ("GET", "password_change_done", None, None, statuses(200, anonymous=SIGN_IN)),
    ("GET", "password_reset", None, None, statuses(200, anonymous=200)),
    ("POST", "password_reset", None, {"email": "clinician@labsite.example"}, statuses(302, anonymous=302)),
    ("GET", "password_reset_done", None, None, statuses(200, anonymous=200)),
    ("GET", "password_reset_confirm", "bogus-link", None, statuses(200, anonymous=200)),
    ("POST", "password_reset_confirm", "bogus-link", {}, statuses(200, anonymous=200)),
    ("GET", "password_reset_complete", None, None, statuses(200, anonymous=200)),
    # API: signing in.
    ("POST", "api:token", None, {"username": "<persona>", "password": OWN_PASSWORD}, statuses(200, anonymous=400)),
    ("GET", "api:token", None, None, statuses(405, anonymous=405)),
    # API: oneself.
    ("GET", "api:me", None, None, statuses(200, anonymous=AUTHENTICATE)),
    ("GET", "api:me-preferences", None, None, statuses(200, anonymous=AUTHENTICATE)),
    ("PATCH", "api:me-preferences", None, {"digest": "daily"}, statuses(200, anonymous=AUTHENTICATE)),
    # API: the directory.
    ("GET", "api:person-list", None, None, statuses(200, anonymous=AUTHENTICATE)),
    ("GET", "api:person-detail", "researcher", None, statuses(200, anonymous=AUTHENTICATE)),
    ("GET", "api:person-detail", "clinician2", None, statuses(200, anonymous=AUTHENTICATE, partner=404)),
    (
        "GET",
        "api:person-detail",
        "partner",
        None,
        only((*EVERYONE_SEES_EVERYONE, "researcher", "partner"), 200, 404, anonymous=AUTHENTICATE),
    ),
    ("GET", "api:person-detail", "nobody", None, statuses(404, anonymous=AUTHENTICATE)),
    # API: reference data, written by operations only; partners see none of it.
    ("GET", "api:team-list", None, None, statuses(200, anonymous=AUTHENTICATE)),
    ("GET", "api:team-detail", "CARDIOSIM", None, statuses(200, anonymous=AUTHENTICATE, partner=404)),
    (
        "POST",
        "api:team-list",
        None,
        {"acronym": "NEWTEAM", "name": "A new project-team", "leader": "researcher"},
        only(("ops",), 201, 403, anonymous=AUTHENTICATE),
    ),
    (
        "PATCH",
        "api:team-detail",
        "CARDIOSIM",
        {"name": "Cardiac simulation"},
        statuses(403, anonymous=AUTHENTICATE, ops=200, partner=404),
    ),
    ("PATCH", "api:team-detail", "nowhere", {"name": "Ghost"}, statuses(404, anonymous=AUTHENTICATE)),
    (
        "PUT",
        "api:team-detail",
        "CARDIOSIM",
        {"acronym": "CARDIOSIM", "name": "Cardiac simulation", "leader": "teamlead"},
        statuses(403, anonymous=AUTHENTICATE, ops=200, partner=404),
    ),
    ("GET", "api:department-list", None, None, statuses(200, anonymous=AUTHENTICATE)),
    ("GET", "api:department-detail", "Cardiologie", None, statuses(200, anonymous=AUTHENTICATE, partner=404)),
    (
        "POST",
        "api:department-list",
        None,
        {"name": "Radiologie", "hospital": "HEGP", "head": "clinician"},
        only(("ops",), 201, 403, anonymous=AUTHENTICATE),
    ),
    (
        "PATCH",
        "api:department-detail",
        "Cardiologie",
        {"name": "Cardiologie adulte"},
        statuses(403, anonymous=AUTHENTICATE, ops=200, partner=404),
    ),
    ("PATCH", "api:department-detail", "nowhere", {"name": "Ghost"}, statuses(404, anonymous=AUTHENTICATE)),
    (
        "PUT",
        "api:department-detail",
        "Cardiologie",
        {"name": "Cardiologie adulte", "hospital": "HEGP", "head": "depthead"},
        statuses(403, anonymous=AUTHENTICATE, ops=200, partner=404),
    ),
    # API: its description.
    ("GET", "api:schema", None, None, statuses(200, anonymous=AUTHENTICATE)),
    ("GET", "api:docs", None, None, statuses(200, anonymous=AUTHENTICATE)),
    # The admin: operations only; everyone else is sent to its sign-in page.
    ("GET", "admin:index", None, None, only(("ops",), 200, 302, anonymous=302)),
]

MATRIX = rows(
    *(
        (method, persona, f"{name} {target}" if target else name, expected, body)
        for method, name, target, body, table in ROWS
        for persona, expected in table.items()
    )
)


@dataclass
class World:
    users: dict[str, User]

    def url(self, name: str, target: str | None) -> str:
        if target is None:
            return reverse(name)
        if target.startswith("?"):
            return reverse(name) + target
        if name == "password_reset_confirm":
            return reverse(name, kwargs={"uidb64": "MTIzNDU2", "token": target})
        if name.endswith("team-detail"):
            pk = Team.objects.filter(acronym=target).values_list("pk", flat=True).first() or 999_999
        elif name.endswith("department-detail"):
            pk = Department.objects.filter(name=target).values_list("pk", flat=True).first() or 999_999
        else:
            pk = self.users[target].pk if target in self.users else 999_999
        return reverse(name, kwargs={"pk": pk})


@pytest.fixture
def world(seeded_once: None, db: None) -> World:
    return World(users={user.username: user for user in User.objects.filter(username__in=PERSONAS)})


def _body(body: dict[str, Any] | None, persona: str) -> dict[str, Any]:
    replace = {"<persona>": persona, OWN_PASSWORD: settings.DEMO_PASSWORD if persona != ANONYMOUS else "wrong"}
    return {key: replace.get(value, value) for key, value in (body or {}).items()}


@pytest.mark.parametrize("row", MATRIX)
def test_permission_matrix(client: Client, world: World, row: Row) -> None:
    name, _sep, target = row.url.partition(" ")
    url = world.url(name, target or None)
    body = _body(row.body, row.persona)
    check(client, world.users.get(row.persona), row.method, url, row.expected, body, as_json=name.startswith("api:"))
