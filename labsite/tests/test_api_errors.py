"""The API's error answers as its schema declares them (issue 12, found by
schemathesis, ``test_api_conformance.py``): JSON 404 everywhere under
``/api/``, paging values refused with a 400, a page past the last a declared
404, an empty URL shown as null, and error texts in the caller's language."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from people.models import User
from people.services import token_issue
from projects import services as project_services


def token_client(user: User, **headers: str) -> Client:
    return Client(headers={"Authorization": f"Token {token_issue(user=user).key}", **headers})


@pytest.mark.parametrize(
    "path", ["/api/projects/1.5/", "/api/projects/1.5/members/", "/api/innovations/a.b/", "/api/no-such-thing/"]
)
def test_a_path_no_route_matches_under_api_answers_a_json_404(personas, path):
    response = token_client(personas["researcher"]).get(path)
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert set(response.json()) == {"detail"}


def test_a_path_no_route_matches_elsewhere_answers_the_404_page(sign_in):
    response = sign_in("researcher").get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": "null"},
        {"page_size": ""},
        {"page_size": "0"},
        {"page_size": "201"},
        {"page_size": "1.5"},
        {"page": "0"},
        {"page": "last"},
        {"page": "abc"},
    ],
)
def test_a_paging_value_out_of_range_answers_400_naming_it(personas, query):
    response = token_client(personas["researcher"]).get("/api/projects/", query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)


def test_paging_values_in_range_are_followed(personas):
    response = token_client(personas["researcher"]).get("/api/people/", {"page_size": "2", "page": "2"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


def test_a_page_past_the_last_answers_404(personas):
    response = token_client(personas["researcher"]).get("/api/projects/", {"page": "999"})
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_the_schema_declares_the_paging_errors_and_bounds_of_every_paginated_list():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paginated = [
        operation
        for methods in schema["paths"].values()
        for operation in methods.values()
        if any(parameter["name"] == "page" for parameter in operation.get("parameters", []))
    ]
    assert len(paginated) == 20
    for operation in paginated:
        assert {"400", "404"} <= set(operation["responses"]), operation["operationId"]
        bounds = {p["name"]: p["schema"] for p in operation["parameters"] if p["name"] in ("page", "page_size")}
        assert bounds["page"]["minimum"] == 1
        assert (bounds["page_size"]["minimum"], bounds["page_size"]["maximum"]) == (1, 200)


def test_a_milestone_without_evidence_shows_a_null_url_as_the_schema_says(personas):
    lead = personas["teamlead"]
    project = project_services.project_create(by=lead, acronym="EVID", title="Evidence")
    project_services.milestone_create(
        project=project, by=lead, title="No evidence yet", due_date=timezone.localdate() + timedelta(days=9)
    )
    data = token_client(lead).get(f"/api/projects/{project.pk}/milestones/").json()
    assert [row["evidence_url"] for row in data["results"]] == [None]
    schema = SchemaGenerator().get_schema(request=None, public=True)
    field = schema["components"]["schemas"]["Milestone"]["properties"]["evidence_url"]
    assert (field["format"], field["nullable"]) == ("uri", True)


@pytest.mark.parametrize(("language", "detail"), [("en", "Not found."), ("fr", "Non trouvé.")])
def test_an_api_error_is_in_the_language_of_the_token_owners_profile(personas, language, detail):
    user = personas["researcher"]
    user.language = language
    user.save(update_fields=["language"])
    other = "fr" if language == "en" else "en"
    response = token_client(user, accept_language=other).get("/api/projects/999999/")
    assert (response.status_code, response.json()) == (404, {"detail": detail})
    assert response["Content-Language"] == language


@pytest.mark.parametrize(("language", "detail"), [("en", "Not found."), ("fr", "Non trouvé.")])
def test_an_anonymous_api_error_follows_accept_language(language, detail, db):
    response = Client(headers={"accept-language": language}).get("/api/no-such-thing/")
    assert (response.status_code, response.json()) == (404, {"detail": detail})


@pytest.mark.parametrize("path", ["/api/projects/", "/api/innovations/"])
def test_an_empty_confidential_filter_answers_400(personas, path):
    response = token_client(personas["transfer"]).get(path, {"confidential": ""})
    assert (response.status_code, list(response.json())) == (400, ["confidential"])


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/projects/", "clinical_domain"),
        ("/api/projects/", "team"),
        ("/api/projects/", "mine"),
        ("/api/host-positions/", "status"),
        ("/api/agreements/", "expires_before"),
    ],
)
def test_an_empty_filter_value_answers_400_naming_it(personas, path, name):
    response = token_client(personas["transfer"]).get(path, {name: ""})
    assert (response.status_code, list(response.json())) == (400, [name])
