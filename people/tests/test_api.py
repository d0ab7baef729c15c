"""The people/ API (SPEC §6): oneself, preferences, tokens, the directory,
project-teams and departments, pagination, validation, and the schema."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from core.models import AuditEvent
from people.models import Department, DigestFrequency, Hospital, Institution, Team, User
from people.tests.factories import UserFactory

ME_FIELDS = {"id", "username", "full_name", "email", "institution", "unit", "roles", "language"}
PAGE_FIELDS = {"count", "next", "previous", "results"}


def as_json(client: Client, method: str, url: str, body: object) -> object:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


# /api/me/ --------------------------------------------------------------------


def test_me_returns_exactly_the_fields_of_the_spec(sign_in):
    data = sign_in("clinician").get(reverse("api:me")).json()
    assert set(data) == ME_FIELDS
    assert data["username"] == "clinician"
    assert data["full_name"] == "Camille Clinicienne"
    assert data["institution"] == "aphp"
    assert data["language"] == "fr"


@pytest.mark.parametrize(
    ("username", "kind", "name"),
    [
        ("researcher", "team", "CARDIOSIM"),
        ("clinician", "department", "Cardiologie (HEGP)"),
        ("partner", "company", "MedTech Analytics SAS"),
    ],
)
def test_me_names_the_unit_with_its_kind_id_and_name(sign_in, personas, username, kind, name):
    unit = sign_in(username).get(reverse("api:me")).json()["unit"]
    assert set(unit) == {"kind", "id", "name"}
    assert (unit["kind"], unit["name"]) == (kind, name)
    assert unit["id"] == personas[username].unit.pk


def test_me_has_a_null_unit_for_someone_without_one(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("api:me")).json()["unit"] is None


@pytest.mark.parametrize(
    ("username", "roles"),
    [
        ("director", ["direction", "staff"]),
        ("ops", ["operations", "staff"]),
        ("teamlead", ["team_leader", "staff"]),
        ("teamlead2", ["team_leader", "staff"]),
        ("researcher", ["staff"]),
        ("depthead", ["department_head", "staff"]),
        ("clinician", ["staff"]),
        ("transfer", ["transfer_officer", "staff"]),
        ("partner", ["partner"]),
    ],
)
def test_me_lists_the_roles(sign_in, username, roles):
    assert sign_in(username).get(reverse("api:me")).json()["roles"] == roles


def test_team_leader_role_moves_with_the_team(sign_in, personas):
    Team.objects.filter(acronym="CARDIOSIM").update(leader=personas["researcher"])
    client = sign_in("researcher")
    assert "team_leader" in client.get(reverse("api:me")).json()["roles"]
    client.force_login(personas["teamlead"])
    assert "team_leader" not in client.get(reverse("api:me")).json()["roles"]


def test_me_answers_401_with_a_token_challenge_to_an_anonymous_client(client, db):
    response = client.get(reverse("api:me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


# /api/me/preferences/ ----------------------------------------------------------


def test_preferences_show_digest_and_language(sign_in):
    assert sign_in("clinician2").get(reverse("api:me-preferences")).json() == {"digest": "weekly", "language": "en"}


def test_preferences_patch_persists_and_is_audited(sign_in, personas):
    client = sign_in("clinician")
    response = as_json(client, "PATCH", reverse("api:me-preferences"), {"digest": "daily", "language": "en"})
    assert response.status_code == 200
    assert response.json() == {"digest": "daily", "language": "en"}
    clinician = User.objects.get(username="clinician")
    assert (clinician.digest, clinician.language) == ("daily", "en")
    [event] = AuditEvent.objects.filter(object_id=str(clinician.pk), action="profile_updated")
    assert event.actor == clinician
    assert event.changes == {"digest": ["weekly", "daily"], "language": ["fr", "en"]}


def test_preferences_patch_of_one_field_leaves_the_other(sign_in):
    client = sign_in("clinician")
    assert as_json(client, "PATCH", reverse("api:me-preferences"), {"digest": "off"}).json() == {
        "digest": "off",
        "language": "fr",
    }


def test_preferences_patch_without_change_writes_no_audit_row(sign_in):
    as_json(sign_in("clinician"), "PATCH", reverse("api:me-preferences"), {"digest": "weekly"})
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"digest": "monthly"}, {"digest"}),
        ({"language": "de"}, {"language"}),
        ({"digest": "hourly", "language": "xx"}, {"digest", "language"}),
        ({"digest": None}, {"digest"}),
        ({"digest": ["daily"]}, {"digest"}),
        ({"language": 42}, {"language"}),
    ],
)
def test_preferences_patch_refuses_bad_values_with_field_messages(sign_in, body, fields):
    client = sign_in("clinician")
    response = as_json(client, "PATCH", reverse("api:me-preferences"), body)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert all(isinstance(message, str) for messages in response.json().values() for message in messages)
    assert User.objects.get(username="clinician").digest == DigestFrequency.WEEKLY
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("body", ['{"digest": ', "digest=daily", "[1, 2]", '"daily"', "null"])
def test_preferences_patch_refuses_a_body_that_is_not_a_json_object(sign_in, body):
    response = sign_in("clinician").generic(
        "PATCH", reverse("api:me-preferences"), body, content_type="application/json"
    )
    assert response.status_code == 400


def test_preferences_cannot_change_anything_else(sign_in):
    client = sign_in("clinician")
    as_json(client, "PATCH", reverse("api:me-preferences"), {"username": "boss", "is_superuser": True})
    clinician = User.objects.get(pk=client.get(reverse("api:me")).json()["id"])
    assert (clinician.username, clinician.is_superuser) == ("clinician", False)


# Tokens ---------------------------------------------------------------------------


def test_token_flow_gives_a_token_that_signs_in_the_api(client, personas):
    response = as_json(
        client, "POST", reverse("api:token"), {"username": "clinician", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    api = Client()
    me = api.get(reverse("api:me"), headers={"Authorization": f"Token {response.json()['token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "clinician"


def test_token_sets_no_session_cookie(client, personas):
    response = as_json(
        client, "POST", reverse("api:token"), {"username": "clinician", "password": settings.DEMO_PASSWORD}
    )
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_asking_twice_gives_the_same_token(client, personas):
    body = {"username": "clinician", "password": settings.DEMO_PASSWORD}
    first = as_json(client, "POST", reverse("api:token"), body).json()["token"]
    assert as_json(client, "POST", reverse("api:token"), body).json()["token"] == first


@pytest.mark.parametrize(
    "body",
    [
        {"username": "clinician", "password": "wrong"},
        {"username": "nobody", "password": "labsite-demo"},
        {"username": "clinician"},
        {"password": "labsite-demo"},
        {},
        {"username": ["clinician"], "password": "labsite-demo"},
        {"username": "x" * 151, "password": "labsite-demo"},
        {"username": None, "password": None},
    ],
)
def test_token_refuses_bad_credentials_with_400(client, personas, body):
    response = as_json(client, "POST", reverse("api:token"), body)
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_refuses_a_body_that_is_not_json(client, personas):
    response = client.generic("POST", reverse("api:token"), "username=clinician", content_type="application/json")
    assert response.status_code == 400


def test_token_is_refused_to_a_deactivated_account(client, personas):
    User.objects.filter(username="clinician").update(is_active=False)
    body = {"username": "clinician", "password": settings.DEMO_PASSWORD}
    assert as_json(client, "POST", reverse("api:token"), body).status_code == 400


def test_an_unknown_token_answers_401(client, db):
    response = client.get(reverse("api:me"), headers={"Authorization": "Token not-a-real-token"})
    assert response.status_code == 401


def test_a_token_of_a_deactivated_account_answers_401(client, personas):
    token = Token.objects.create(user=personas["clinician"])
    User.objects.filter(username="clinician").update(is_active=False)
    assert client.get(reverse("api:me"), headers={"Authorization": f"Token {token.key}"}).status_code == 401


# Pagination and search -------------------------------------------------------------


def test_lists_are_paginated_with_count_next_previous_results(sign_in):
    data = sign_in("clinician").get(reverse("api:person-list"), {"page_size": 3}).json()
    assert set(data) == PAGE_FIELDS
    assert data["count"] == 10
    assert len(data["results"]) == 3
    assert data["previous"] is None
    assert "page=2" in data["next"]


def test_second_page_links_back(sign_in):
    data = sign_in("clinician").get(reverse("api:person-list"), {"page_size": 3, "page": 2}).json()
    assert data["previous"] is not None
    assert len(data["results"]) == 3


def test_page_size_goes_up_to_200_and_no_further(sign_in, personas):
    User.objects.bulk_create([User(username=f"extra{n}", institution=Institution.INRIA) for n in range(200)])
    client = sign_in("clinician")
    data = client.get(reverse("api:person-list"), {"page_size": 200}).json()
    assert (data["count"], len(data["results"])) == (210, 200)
    assert client.get(reverse("api:person-list"), {"page_size": 1000}).status_code == 400


def test_default_page_size_is_50(sign_in, personas):
    User.objects.bulk_create([User(username=f"extra{n}", institution=Institution.INRIA) for n in range(60)])
    assert len(sign_in("clinician").get(reverse("api:person-list")).json()["results"]) == 50


def test_a_page_past_the_last_answers_404_not_500(sign_in):
    assert sign_in("clinician").get(reverse("api:person-list"), {"page": 99}).status_code == 404


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": -1}])
def test_a_page_that_is_not_a_whole_number_answers_400(sign_in, query):
    assert sign_in("clinician").get(reverse("api:person-list"), query).status_code == 400


@pytest.mark.parametrize("page_size", ["abc", "-5", "0", "", "null"])
def test_a_bad_page_size_answers_400(sign_in, page_size):
    response = sign_in("clinician").get(reverse("api:person-list"), {"page_size": page_size})
    assert (response.status_code, list(response.json())) == (400, ["page_size"])


def test_person_fields(sign_in, personas):
    data = sign_in("clinician").get(reverse("api:person-detail", args=[personas["researcher"].pk])).json()
    assert set(data) == {"id", "username", "full_name", "email", "institution", "unit"}
    assert data["unit"] == {"kind": "team", "id": personas["researcher"].team_id, "name": "CARDIOSIM"}


def test_an_invisible_person_and_a_missing_one_answer_the_same(sign_in, personas):
    client = sign_in("partner")
    invisible = client.get(reverse("api:person-detail", args=[personas["clinician2"].pk]))
    missing = client.get(reverse("api:person-detail", args=[999_999]))
    assert invisible.status_code == missing.status_code == 404
    assert invisible.json() == missing.json()


def test_directory_search_by_name(sign_in):
    results = sign_in("clinician").get(reverse("api:person-list"), {"q": "clinicien"}).json()["results"]
    assert {person["username"] for person in results} == {"clinician", "clinician2"}


def test_directory_search_by_unit_and_several_words(sign_in):
    client = sign_in("clinician")
    by_team = client.get(reverse("api:person-list"), {"q": "cardiosim"}).json()["results"]
    assert {person["username"] for person in by_team} == {"teamlead", "researcher"}
    both = client.get(reverse("api:person-list"), {"q": "neuroradiologie cyril"}).json()["results"]
    assert [person["username"] for person in both] == ["clinician2"]


@pytest.mark.parametrize("q", ["a\x00b", "x" * 101])
def test_directory_search_refuses_a_bad_query_with_400(sign_in, q):
    response = sign_in("clinician").get(reverse("api:person-list"), {"q": q})
    assert response.status_code == 400
    assert set(response.json()) == {"q"}


def test_directory_search_never_finds_whom_a_partner_cannot_see(sign_in, shared_project):
    client = sign_in("partner")
    assert client.get(reverse("api:person-list"), {"q": "clinicien"}).json()["results"] == []
    found = client.get(reverse("api:person-list"), {"q": "chercheur"}).json()["results"]
    assert [person["username"] for person in found] == ["researcher"]


# Teams and departments ---------------------------------------------------------------


def test_team_fields(sign_in):
    data = sign_in("clinician").get(reverse("api:team-list")).json()
    cardiosim = next(team for team in data["results"] if team["acronym"] == "CARDIOSIM")
    assert cardiosim == {
        "id": Team.objects.get(acronym="CARDIOSIM").pk,
        "acronym": "CARDIOSIM",
        "name": "Cardiac modelling and simulation",
        "leader": "teamlead",
    }


def test_department_fields(sign_in, personas):
    data = sign_in("clinician").get(reverse("api:department-list")).json()
    cardio = next(department for department in data["results"] if department["name"] == "Cardiologie")
    assert cardio == {
        "id": personas["clinician"].department_id,
        "name": "Cardiologie",
        "hospital": "HEGP",
        "head": "depthead",
    }


def test_partner_sees_no_team_or_department(sign_in, shared_project):
    client = sign_in("partner")
    assert client.get(reverse("api:team-list")).json()["count"] == 0
    assert client.get(reverse("api:department-list")).json()["count"] == 0


def test_operations_create_a_team_with_an_audit_row(sign_in):
    body = {"acronym": "NEWTEAM", "name": "A new team", "leader": "researcher"}
    response = as_json(sign_in("ops"), "POST", reverse("api:team-list"), body)
    assert response.status_code == 201
    team = Team.objects.get(acronym="NEWTEAM")
    assert response.json() == {"id": team.pk, **body}
    [event] = AuditEvent.objects.filter(object_id=str(team.pk), action="created")
    assert event.actor.username == "ops"


def test_operations_change_a_team_leader(sign_in):
    team = Team.objects.get(acronym="PULSAR")
    response = as_json(sign_in("ops"), "PATCH", reverse("api:team-detail", args=[team.pk]), {"leader": "director"})
    assert response.status_code == 200
    team.refresh_from_db()
    assert team.leader.username == "director"
    [event] = AuditEvent.objects.filter(object_id=str(team.pk), action="updated")
    assert event.changes == {"leader": [None, "director"]}


def test_operations_create_a_department(sign_in):
    body = {"name": "Radiologie", "hospital": "HEGP", "head": "clinician"}
    response = as_json(sign_in("ops"), "POST", reverse("api:department-list"), body)
    assert response.status_code == 201
    assert Department.objects.get(name="Radiologie").head.username == "clinician"


def test_operations_remove_a_department_head(sign_in, personas):
    url = reverse("api:department-detail", args=[personas["clinician"].department_id])
    assert as_json(sign_in("ops"), "PATCH", url, {"head": None}).json()["head"] is None


def test_direction_may_not_write_reference_data(sign_in):
    response = as_json(sign_in("director"), "POST", reverse("api:team-list"), {"acronym": "X", "name": "X"})
    assert response.status_code == 403
    assert not Team.objects.filter(acronym="X").exists()


TEAM_BAD_BODIES = [
    ({}, {"acronym", "name"}),
    ({"acronym": "ONLY"}, {"name"}),
    ({"acronym": "", "name": "Empty"}, {"acronym"}),
    ({"acronym": "X" * 21, "name": "Too long"}, {"acronym"}),
    ({"acronym": "CARDIOSIM", "name": "Duplicate"}, {"acronym"}),
    ({"acronym": "NEW", "name": "N", "leader": "nobody"}, {"leader"}),
    ({"acronym": "NEW", "name": "N", "leader": "partner"}, {"leader"}),
    ({"acronym": "NEW", "name": "N", "leader": 42}, {"leader"}),
    ({"acronym": "NEW", "name": "N", "leader": {"username": "researcher"}}, {"leader"}),
    ({"acronym": ["NEW"], "name": "N"}, {"acronym"}),
    ({"acronym": None, "name": "N"}, {"acronym"}),
]


@pytest.mark.parametrize(("body", "fields"), TEAM_BAD_BODIES)
def test_team_create_refuses_bad_input_with_field_messages(sign_in, body, fields):
    response = as_json(sign_in("ops"), "POST", reverse("api:team-list"), body)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert Team.objects.count() == 3


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"acronym": "NEUROLEARN"}, {"acronym"}),
        ({"acronym": ""}, {"acronym"}),
        ({"leader": "nobody"}, {"leader"}),
        ({"leader": "partner"}, {"leader"}),
        ({"name": "x" * 201}, {"name"}),
    ],
)
def test_team_patch_refuses_bad_input_with_field_messages(sign_in, body, fields):
    team = Team.objects.get(acronym="CARDIOSIM")
    response = as_json(sign_in("ops"), "PATCH", reverse("api:team-detail", args=[team.pk]), body)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert Team.objects.get(pk=team.pk).acronym == "CARDIOSIM"


def test_a_deactivated_person_cannot_be_made_leader(sign_in, personas):
    User.objects.filter(username="researcher").update(is_active=False)
    team = Team.objects.get(acronym="PULSAR")
    response = as_json(sign_in("ops"), "PATCH", reverse("api:team-detail", args=[team.pk]), {"leader": "researcher"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"name", "hospital"}),
        ({"name": "Radiologie"}, {"hospital"}),
        ({"name": "Radiologie", "hospital": "NOWHERE"}, {"hospital"}),
        ({"name": "Cardiologie", "hospital": "HEGP"}, {"non_field_errors"}),
        ({"name": "Radiologie", "hospital": "HEGP", "head": "ghost"}, {"head"}),
        ({"name": "Radiologie", "hospital": "HEGP", "head": "partner"}, {"head"}),
        ({"name": "", "hospital": "HEGP"}, {"name"}),
    ],
)
def test_department_create_refuses_bad_input_with_field_messages(sign_in, body, fields):
    response = as_json(sign_in("ops"), "POST", reverse("api:department-list"), body)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert Department.objects.count() == 3


def test_department_rename_onto_a_sibling_is_refused(sign_in, personas):
    psl = Hospital.objects.get(short_name="PSL")
    neuro = Department.objects.get(hospital=psl, name="Neuroradiologie")
    url = reverse("api:department-detail", args=[neuro.pk])
    response = as_json(sign_in("ops"), "PATCH", url, {"name": "Réanimation médicale"})
    assert response.status_code == 400


@pytest.mark.parametrize("url_name", ["api:team-list", "api:department-list"])
@pytest.mark.parametrize("body", ['{"acronym": ', "acronym=X", "[]", "42", '"text"', "null"])
def test_writes_refuse_a_body_that_is_not_a_json_object(sign_in, url_name, body):
    response = sign_in("ops").generic("POST", reverse(url_name), body, content_type="application/json")
    assert response.status_code == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
team_bodies = st.dictionaries(
    st.sampled_from(["id", "acronym", "name", "leader", "hospital", "head", "digest", "language"])
    | st.text(max_size=8),
    json_values | st.sampled_from(["researcher", "partner", "HEGP", "CARDIOSIM", "daily", "en"]),
    max_size=5,
)


@hypothesis_settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=team_bodies)
def test_no_write_answers_500_whatever_the_body(sign_in, personas, body):
    client = sign_in("ops")
    for method, url in [
        ("POST", reverse("api:team-list")),
        ("PATCH", reverse("api:team-detail", args=[personas["researcher"].team_id])),
        ("POST", reverse("api:department-list")),
        ("PATCH", reverse("api:department-detail", args=[personas["clinician"].department_id])),
        ("PATCH", reverse("api:me-preferences")),
        ("POST", reverse("api:token")),
    ]:
        assert as_json(client, method, url, body).status_code in {200, 201, 400}, (method, url, body)


# Schema and docs ------------------------------------------------------------------------


@pytest.fixture
def schema(sign_in) -> dict:
    response = sign_in("researcher").get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_schema_documents_every_endpoint(schema):
    assert {
        "/api/auth/token/",
        "/api/me/",
        "/api/me/preferences/",
        "/api/people/",
        "/api/people/{id}/",
        "/api/teams/",
        "/api/teams/{id}/",
        "/api/departments/",
        "/api/departments/{id}/",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/teams/{id}/"]) >= {"get", "patch"}
    assert set(schema["paths"]["/api/me/preferences/"]) >= {"get", "patch"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_schema_documents_the_search_parameter(schema):
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/people/"]["get"]["parameters"]}
    assert {"q", "page", "page_size"} <= parameters


def test_docs_load_nothing_from_another_host(sign_in):
    client = sign_in("researcher")
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://(?!testserver[/:])", html)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset
        if asset.startswith(settings.STATIC_URL):
            assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
        else:
            script = client.get(asset)
            assert script.status_code == 200, asset
            assert not re.search(r"https?://(?!testserver[/:])", script.content.decode()), asset


query_values = st.text(max_size=120) | st.integers().map(str) | st.sampled_from(["", "0", "-1", "200", "201", "\x00"])


@hypothesis_settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=query_values, page=query_values, page_size=query_values, pk=query_values)
def test_no_read_answers_500_whatever_the_query(sign_in, q, page, page_size, pk):
    client = sign_in("partner")
    query = {"q": q, "page": page, "page_size": page_size}
    for url in [reverse("api:person-list"), reverse("api:team-list"), reverse("people:person-list")]:
        assert client.get(url, query).status_code in {200, 400, 404}, (url, query)
    safe_pk = pk.replace("/", "").replace(".", "") or "x"
    for name in ["api:person-detail", "api:team-detail", "api:department-detail"]:
        # 200 only should the id be the partner's own or their project colleague's.
        assert client.get(reverse(name, args=[safe_pk])).status_code in {200, 404}
