"""Text is clean at the door (core.text): what every form and API field of
labsite refuses, the server errors a NUL byte caused, and the proof that no
form or serializer is left out, a new one included."""

import importlib
import inspect
import json
import pkgutil
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.db.models import QuerySet
from django.test import Client
from django.urls import get_resolver, reverse
from rest_framework import serializers

from core.api.serializers import CleanTextMixin as CleanSerializerMixin
from core.api.serializers import ModelSerializer, Serializer
from core.forms import CleanTextMixin as CleanFormMixin
from core.text import BIDI_MESSAGE, CONTROL_MESSAGE, NULL_MESSAGE, SINGLE_LINE_MESSAGE
from people.models import Hospital, Team, User
from projects.models import Membership, Project

LABSITE_APPS = ("core", "people", "projects", "transfer", "notifications", "labsite")
NUL = "a\x00b"


def post_json(client: Client, url: str, body: object, method: str = "POST") -> Any:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


@pytest.fixture
def led_project(personas: dict[str, User]) -> Project:
    project = Project.objects.create(acronym="DOORWAY", title="Doorway")
    Membership.objects.create(project=project, user=personas["teamlead"], role=Membership.Role.LEAD)
    return project


# The server errors of a NUL byte ------------------------------------------------


def test_adding_a_member_by_a_username_with_a_nul_is_a_400_naming_the_field(client, personas, led_project):
    client.force_login(personas["teamlead"])
    response = post_json(client, reverse("api:project-members", args=[led_project.pk]), {"user": NUL})
    assert response.status_code == 400
    assert response.json() == {"user": [str(NULL_MESSAGE)]}


def test_the_project_form_refuses_a_method_with_a_nul(client, personas):
    client.force_login(personas["teamlead"])
    data = {"acronym": "NULTAG", "title": "Tags", "clinical_domain": "other", "status": "proposed", "methods": NUL}
    response = client.post(reverse("projects:project-create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["methods"] == [str(NULL_MESSAGE)]
    assert not Project.objects.filter(acronym="NULTAG").exists()


@pytest.mark.parametrize("field", ["leader"])
def test_a_team_whose_leader_has_a_nul_is_a_400_naming_the_field(client, personas, field):
    client.force_login(personas["ops"])
    response = post_json(client, reverse("api:team-list"), {"acronym": "NULTEAM", "name": "Nul", field: NUL})
    assert response.status_code == 400
    assert response.json() == {field: [str(NULL_MESSAGE)]}


@pytest.mark.parametrize("field", ["head", "hospital"])
def test_a_department_with_a_nul_in_a_person_or_hospital_is_a_400_naming_the_field(client, personas, field):
    client.force_login(personas["ops"])
    body = {"name": "Nul", "hospital": Hospital.objects.first().short_name, field: NUL}
    response = post_json(client, reverse("api:department-list"), body)
    assert response.status_code == 400
    assert response.json() == {field: [str(NULL_MESSAGE)]}


def test_changing_a_team_leader_to_a_username_with_a_nul_is_a_400(client, personas):
    client.force_login(personas["ops"])
    team = Team.objects.first()
    response = post_json(client, reverse("api:team-detail", args=[team.pk]), {"leader": NUL}, method="PATCH")
    assert response.status_code == 400
    assert response.json() == {"leader": [str(NULL_MESSAGE)]}


# Control and text-direction characters, stored unchanged before ------------------


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Red \x1b[31malert\x1b[0m", CONTROL_MESSAGE),
        ("Bell\x07", CONTROL_MESSAGE),
        ("C1 \x85 next line", CONTROL_MESSAGE),
        ("exe.\u202etxt", BIDI_MESSAGE),
        ("isolated \u2066text\u2069", BIDI_MESSAGE),
        ("two\nlines", SINGLE_LINE_MESSAGE),
    ],
)
def test_the_api_refuses_control_and_direction_characters_in_a_title(client, personas, title, message):
    client.force_login(personas["teamlead"])
    body = {"acronym": "CTRL", "title": title, "clinical_domain": "other"}
    response = post_json(client, reverse("api:project-list"), body)
    assert response.status_code == 400
    assert response.json() == {"title": [str(message)]}
    assert not Project.objects.filter(acronym="CTRL").exists()


def test_the_form_refuses_an_ansi_escape_and_a_right_to_left_override(client, personas):
    client.force_login(personas["teamlead"])
    data = {"acronym": "RLO\u202e", "title": "\x1b[2J", "clinical_domain": "other", "status": "proposed"}
    response = client.post(reverse("projects:project-create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["acronym"] == [str(BIDI_MESSAGE)]
    assert errors["title"] == [str(CONTROL_MESSAGE)]


def test_a_multi_line_field_keeps_its_tabs_and_line_breaks(client, personas):
    client.force_login(personas["teamlead"])
    summary = "First line\r\n\tindented\nlast"
    body = {"acronym": "LINES", "title": "Lines", "clinical_domain": "other", "summary": summary}
    response = post_json(client, reverse("api:project-list"), body)
    assert response.status_code == 201, response.json()
    assert Project.objects.get(acronym="LINES").summary == summary


def test_a_multi_line_field_still_refuses_a_nul_and_an_escape(client, personas):
    client.force_login(personas["teamlead"])
    body = {"acronym": "LINES", "title": "Lines", "clinical_domain": "other", "summary": "a\x00\x1b"}
    response = post_json(client, reverse("api:project-list"), body)
    assert response.json() == {"summary": [str(NULL_MESSAGE)]}


# Query strings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["projects:project-list", "transfer:innovation-list", "people:person-list", "api:project-list"]
)
@pytest.mark.parametrize("q", [NUL, "\x1b[31m", "\u202e"])
def test_a_search_with_a_refused_character_is_not_a_server_error(client, personas, url, q):
    client.force_login(personas["director"])
    response = client.get(reverse(url), {"q": q})
    # An HTML list shows the invalid filter and ignores it; the API refuses it.
    assert response.status_code == (400 if url.startswith("api:") else 200)
    if url.startswith("api:"):
        assert list(response.json()) == ["q"]


def test_a_nul_in_a_query_string_of_the_api_is_refused_whatever_the_filter(client, personas):
    client.force_login(personas["director"])
    response = client.get(reverse("api:innovation-list"), {"stage": NUL})
    assert response.status_code == 400
    assert response.json() == {"stage": [str(NULL_MESSAGE)]}


# Every form and every serializer -----------------------------------------------


def _import_labsite() -> None:
    """Imports every view of the site (through its URLs) and every forms and
    serializers module, so that each form and serializer class is defined."""
    get_resolver().url_patterns  # noqa: B018 (importing the URL modules imports every view)
    for package in LABSITE_APPS:
        for module in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}."):
            last = module.name.rsplit(".", 1)[-1]
            if ".tests" not in module.name and (last == "forms" or last.endswith("serializers")):
                importlib.import_module(module.name)


def _subclasses(base: type) -> Iterator[type]:
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def _ours(cls: type) -> bool:
    module = cls.__module__
    return module.split(".")[0] in LABSITE_APPS and ".tests" not in module


def labsite_forms() -> list[type[forms.BaseForm]]:
    _import_labsite()
    return sorted({cls for cls in _subclasses(forms.BaseForm) if _ours(cls)}, key=lambda cls: cls.__qualname__)


def labsite_serializers() -> list[type[serializers.BaseSerializer]]:
    _import_labsite()
    # The bases every serializer derives from are not serializers of a record.
    found = {cls for cls in _subclasses(serializers.BaseSerializer) if _ours(cls)} - {Serializer, ModelSerializer}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_there_are_forms_and_serializers_to_walk():
    assert len(labsite_forms()) >= 25
    assert len(labsite_serializers()) >= 55


@pytest.mark.parametrize("form_class", labsite_forms(), ids=lambda cls: cls.__qualname__)
def test_every_form_refuses_a_nul_in_every_text_it_receives(form_class, personas):
    assert issubclass(form_class, CleanFormMixin)
    form = form_class(data={}, **_form_arguments(form_class, personas["ops"]))
    names = [name for name, field in form.fields.items() if _takes_text(field) and not field.disabled]
    if not names:  # a base that declares no field of its own (its subclasses are walked too)
        return
    form = form_class(data=dict.fromkeys(names, NUL), **_form_arguments(form_class, personas["ops"]))
    assert not form.is_valid()
    for name in names:
        assert str(NULL_MESSAGE) in form.errors.get(name, []), name


def _takes_text(field: forms.Field) -> bool:
    """Whether the field's widget hands what was posted on as text (a checkbox reads a boolean)."""
    return not isinstance(field.widget, forms.CheckboxInput | forms.FileInput)


def _form_arguments(form_class: type[forms.BaseForm], user: User) -> dict[str, Any]:
    """Each keyword the ``__init__`` methods of the form require, given a value of its type."""
    arguments: dict[str, Any] = {}
    for cls in form_class.__mro__:
        if "__init__" not in vars(cls) or not _ours(cls):
            continue
        hints = typing.get_type_hints(cls.__init__)
        for name, parameter in inspect.signature(cls.__init__).parameters.items():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                arguments[name] = _a_value_of(hints[name], user)
    return arguments


def _a_value_of(hint: Any, user: User) -> Any:
    if typing.get_origin(hint) is QuerySet:
        return typing.get_args(hint)[0].objects.none()
    if hint is User:
        return user
    return hint()


@pytest.mark.parametrize("serializer_class", labsite_serializers(), ids=lambda cls: cls.__qualname__)
def test_every_serializer_refuses_a_nul_in_every_writable_field(serializer_class, db):
    assert issubclass(serializer_class, CleanSerializerMixin)
    names = [
        name
        for name, field in serializer_class().fields.items()
        if not field.read_only and not isinstance(field, serializers.HiddenField)
    ]
    if not names:
        return
    serializer = serializer_class(data=dict.fromkeys(names, NUL))
    assert not serializer.is_valid()
    assert serializer.errors == {name: [str(NULL_MESSAGE)] for name in names}
