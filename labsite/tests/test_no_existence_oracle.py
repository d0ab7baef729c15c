"""No create or rename answers differently for the name of an object its caller
cannot see than for a name that exists nowhere (SPEC §3: no uniqueness check
hints at a hidden object).

The endpoints come from every app's permission matrix: each row that creates
or changes (POST, PUT, PATCH) with a naming field, a field some model keeps
unique (project acronyms are unique among what the caller sees: their rule is
on ``Project.acronym_key``). A new such endpoint fails
``test_every_create_and_rename_endpoint_is_replayed`` until it is in
``REPLAYS``. Each is then replayed, as every persona its matrix lets write,
with the names of the objects that persona cannot see and with a free one:
the answers must be alike."""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from itertools import count
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from people.models import Company, Department, Team, User
from people.selectors import department_list, team_list
from projects import services as project_services
from projects.models import Project
from projects.selectors import project_list
from transfer.selectors import partner_list

WRITES = ("POST", "PUT", "PATCH")
APPS = ("people", "projects", "transfer", "notifications", "labsite")
# Rows that post a naming field without creating or renaming anything, and why.
NOT_NAMING = {
    ("login", "POST"): "signing in answers alike for an unknown account (people's login tests)",
    ("account_login", "POST"): "the sign-in page under allauth's name, the same view as login",
    ("api:token", "POST"): "signing in answers alike for an unknown account (people's token tests)",
}


def naming_fields() -> set[str]:
    """The editable text fields some model keeps unique, and the project acronym."""
    names = {"acronym"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField) and field.unique and field.editable:
                names.add(field.name)
    return names


def matrix_rows() -> Iterator[tuple[str, str, dict[str, Any], dict[str, int]]]:
    """Every create or rename row of every app's matrix: (URL name, method, data, statuses)."""
    naming = naming_fields()
    for app in APPS:
        for name, method, _args, data, statuses in import_module(f"{app}.tests.matrix").ROWS:
            if method in WRITES and isinstance(data, dict) and naming & set(data):
                yield name, method, data, statuses


def writers(route: tuple[str, str]) -> set[str]:
    """The personas some row of ``route`` lets write (a 2xx, or a form's redirect)."""
    return {
        persona
        for name, method, _data, statuses in matrix_rows()
        if (name, method) == route
        for persona, status in statuses.items()
        if persona != "anonymous" and 200 <= status < 400
    }


serial = count(1)


@dataclass(frozen=True)
class Replay:
    """How to send ``route`` as a persona, with ``field`` set to a name.

    ``visible`` is the selector of what the persona sees among ``model``'s
    objects, ``name_of`` an object's name in ``field``; ``url`` gives the URL
    (creating what a rename needs), ``body`` the rest of a valid request."""

    model: type[models.Model]
    visible: Callable[..., QuerySet[Any]]
    field: str
    url: Callable[[User], str]
    body: Callable[[], dict[str, Any]]
    form: bool = False
    # Who probes when no matrix row of the route writes a naming field.
    probers: tuple[str, ...] = ("ops",)

    def send(self, client: Client, user: User, name: str, method: str) -> tuple[int, list[str]]:
        """The answer (status, fields in error) to the request with ``name``, undone
        afterwards so that no probe changes what the next one meets."""
        with transaction.atomic():
            answer = self._send(client, user, name, method)
            transaction.set_rollback(True)
        return answer

    def _send(self, client: Client, user: User, name: str, method: str) -> tuple[int, list[str]]:
        data = {**self.body(), self.field: name}
        url = self.url(user)
        if self.form:
            response = client.post(url, data)
            form = response.context["form"] if response.context and "form" in response.context else None
            return response.status_code, sorted(form.errors) if form is not None else []
        response = client.generic(method, url, data=json.dumps(data), content_type="application/json")
        errors = response.json() if response.status_code == 400 else {}
        return response.status_code, sorted(errors)


def own_project(user: User) -> Project:
    return project_services.project_create(by=user, acronym=f"OWN-{next(serial)}", title="Renamed in a probe")


def project_body() -> dict[str, Any]:
    return {"title": "A probe", "clinical_domain": "neurology", "status": "proposed"}


def team_body() -> dict[str, Any]:
    n = next(serial)
    return {"acronym": f"T{n}", "name": f"Team {n}"}


def department_body() -> dict[str, Any]:
    return {"name": f"Department {next(serial)}", "hospital": "HEGP"}


def new_team(user: User) -> Team:
    n = next(serial)
    return Team.objects.create(acronym=f"R{n}", name=f"Renamed team {n}")


PROJECTS = {
    "model": Project,
    "visible": project_list,
    "field": "acronym",
    "body": project_body,
    "probers": ("clinician2", "teamlead"),
}
REPLAYS: dict[tuple[str, str], Replay] = {
    ("projects:project-create", "POST"): Replay(
        **PROJECTS, url=lambda u: reverse("projects:project-create"), form=True
    ),
    ("projects:project-update", "POST"): Replay(
        **PROJECTS, url=lambda u: reverse("projects:project-update", args=[own_project(u).pk]), form=True
    ),
    ("api:project-list", "POST"): Replay(**PROJECTS, url=lambda u: reverse("api:project-list")),
    ("api:project-detail", "PATCH"): Replay(
        **PROJECTS, url=lambda u: reverse("api:project-detail", args=[own_project(u).pk])
    ),
    ("api:team-list", "POST"): Replay(Team, team_list, "acronym", lambda u: reverse("api:team-list"), team_body),
    ("api:team-detail", "PATCH"): Replay(
        Team, team_list, "name", lambda u: reverse("api:team-detail", args=[new_team(u).pk]), dict
    ),
    ("api:team-detail", "PUT"): Replay(
        Team, team_list, "acronym", lambda u: reverse("api:team-detail", args=[new_team(u).pk]), team_body
    ),
    ("api:department-list", "POST"): Replay(
        Department, department_list, "name", lambda u: reverse("api:department-list"), department_body
    ),
    ("api:department-detail", "PATCH"): Replay(
        Department,
        department_list,
        "name",
        lambda u: reverse("api:department-detail", args=[Department.objects.order_by("pk").first().pk]),
        dict,
    ),
    ("api:department-detail", "PUT"): Replay(
        Department,
        department_list,
        "name",
        lambda u: reverse("api:department-detail", args=[Department.objects.order_by("pk").first().pk]),
        department_body,
    ),
    ("api:partner-list", "POST"): Replay(Company, partner_list, "name", lambda u: reverse("api:partner-list"), dict),
    ("api:partner-detail", "PATCH"): Replay(
        Company,
        partner_list,
        "name",
        lambda u: reverse("api:partner-detail", args=[Company.objects.create(name=f"P{next(serial)}").pk]),
        dict,
    ),
    ("transfer:partner-create", "POST"): Replay(
        Company, partner_list, "name", lambda u: reverse("transfer:partner-create"), dict, form=True
    ),
    ("transfer:partner-update", "POST"): Replay(
        Company,
        partner_list,
        "name",
        lambda u: reverse("transfer:partner-update", args=[Company.objects.create(name=f"P{next(serial)}").pk]),
        dict,
        form=True,
    ),
}


def test_every_create_and_rename_endpoint_is_replayed() -> None:
    found = {(name, method) for name, method, _data, _statuses in matrix_rows()}
    assert found - set(NOT_NAMING) <= set(REPLAYS), "a new create or rename endpoint: add it to REPLAYS"
    assert found >= {("projects:project-create", "POST"), ("api:project-list", "POST")}


@pytest.fixture
def hidden_projects(personas: dict[str, User]) -> None:
    """HEARTWATCH and VENTILO, confidential, led by ``depthead2``: most staff do not see them."""
    for acronym in ("HEARTWATCH", "VENTILO"):
        project_services.project_create(by=personas["depthead2"], acronym=acronym, title="Hidden", confidential=True)


def variants(name: str) -> list[str]:
    """A name as a probe would try it: as it is, in lower case, with an accent."""
    return [name, name.lower(), name[0] + "\u0301" + name[1:]]


@pytest.mark.parametrize("route", sorted(REPLAYS), ids="{0[0]} {0[1]}".format)
def test_a_hidden_name_answers_as_a_free_one(
    client: Client, personas: dict[str, User], hidden_projects: None, route: tuple[str, str]
) -> None:
    replay = REPLAYS[route]
    probed = 0
    for username in sorted(writers(route) or set(replay.probers)):
        user = personas[username]
        client.force_login(user)
        seen = replay.visible(user=user).values("pk")
        hidden = replay.model._default_manager.exclude(pk__in=seen)
        names = [str(getattr(obj, replay.field)) for obj in hidden]
        for name in names:
            for probe in variants(name):
                free = replay.send(client, user, f"FREE{next(serial)}", route[1])
                assert free[0] in (200, 201, 302), (username, free)  # a free name is taken
                assert replay.send(client, user, probe, route[1]) == free, (username, probe)
                probed += 1
    # Where nobody who writes misses an object, there is nothing to probe: say so.
    if route[0].startswith(("projects:", "api:project")):
        assert probed, "the hidden projects were probed"
    else:
        for username in writers(route):
            seen = replay.visible(user=personas[username])
            assert seen.count() == replay.model._default_manager.count(), (username, "sees every one")
