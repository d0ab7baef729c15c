"""The projects API (SPEC §3, §6): the permission matrix of every action for
every persona, on confidential and open projects, as a member or not; what
each persona lists and finds; membership changes; bad input; query counts and
the schema.

Two casts of members, each on an open and a confidential project:
``A`` led by teamlead with researcher, clinician and partner as members; ``B``
led by teamlead2 with depthead, clinician2, ops and transfer.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from core.testing import Check, Lookup, check_case, filled, matrix, world_fixture
from core.tests.attachments import PDF_BYTES, upload
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import Department, Team, User
from projects import services
from projects.models import DataAccessAttachment, DataAccessRequest, Membership, Method, Milestone, Project
from projects.tests.matrix import API_DATA_ATTACHMENTS, API_DATA_REQUESTS, API_LISTS, API_PROJECTS
from projects.tests.worlds import build_projects

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
ANONYMOUS = "anonymous"
EVERYTHING = ("director", "ops")

API_URL_NAMES = frozenset(
    f"api:{name}"
    for name in (
        "project-list",
        "project-detail",
        "project-members",
        "project-member",
        "project-milestones",
        "project-milestone",
        "datarequest-list",
        "datarequest-detail",
        "datarequest-submit",
        "datarequest-approve",
        "datarequest-reject",
        "datarequest-attachments",
        "datarequest-attachment",
    )
)

CASTS = {
    "A": {"teamlead": "lead", "researcher": "member", "clinician": "member", "partner": "member"},
    "B": {"teamlead2": "lead", "depthead": "member", "clinician2": "member", "ops": "member", "transfer": "member"},
}
# A member each manager may remove, and someone in neither cast to add.
REMOVABLE = {"A": "clinician", "B": "clinician2"}
OUTSIDER = "depthead2"
PROJECTS = [(cast, confidential) for cast in CASTS for confidential in (False, True)]
DR_STATES = ["draft", "submitted", "approved"]


def today() -> date:
    return timezone.localdate()


def send(client: Client, url: str, body: object = None, method: str = "POST", **extra: Any) -> Any:
    return client.generic(
        method, url, json.dumps(body if body is not None else {}), content_type="application/json", **extra
    )


def acronym(cast: str, confidential: bool) -> str:
    return f"API-{cast}-{'SECRET' if confidential else 'OPEN'}"


def dr_body(project: int, **fields: Any) -> dict[str, Any]:
    return {
        "project": project,
        "route": "committee",
        "perimeter": "Adults admitted for heart failure, 2020-2024.",
        "categories": ["demographics", "biology"],
    } | fields


# The module's projects, made through the services --------------------------------


@dataclass
class Fixture:
    projects: dict[tuple[str, bool], int]
    milestones: dict[tuple[str, bool], int]
    requests: dict[tuple[str, bool, str], int]
    # The file attached to each project's submitted request, by its lead.
    attachments: dict[tuple[str, bool], int]


def make_projects(users: dict[str, User]) -> Fixture:
    fixture = Fixture({}, {}, {}, {})
    for cast, confidential in PROJECTS:
        members = CASTS[cast]
        lead = users[next(name for name, role in members.items() if role == "lead")]
        project = services.project_create(
            by=lead,
            acronym=acronym(cast, confidential),
            title=f"Echocardiography {cast} {'secret' if confidential else 'open'}",
            summary="Deep learning on cardiac ultrasound.",
            clinical_domain="cardiology",
            confidential=confidential,
            methods=["machine learning"],
        )
        for name, role in members.items():
            if users[name] != lead:
                services.member_add(project=project, by=lead, user=users[name], role=role)
        key = (cast, confidential)
        fixture.projects[key] = project.pk
        fixture.milestones[key] = services.milestone_create(
            project=project, by=lead, title="Dataset frozen", due_date=today() + timedelta(days=30)
        ).pk
        for state in DR_STATES:
            request = services.data_request_create(
                project=project, by=lead, route="committee", perimeter=f"Request left {state}", categories=["imaging"]
            )
            if state != "draft":
                services.data_request_submit(request=request, by=lead)
            if state == "approved":
                services.data_request_decide(
                    request=request,
                    by=users["director"],
                    approve=True,
                    committee_reference="CSE-24-001",
                    expires_on=today() + timedelta(days=365),
                )
            fixture.requests[cast, confidential, state] = request.pk
            if state == "submitted":
                attachment = services.data_request_attachment_add(
                    request=request, by=lead, file=upload("protocol.pdf", PDF_BYTES)
                )
                fixture.attachments[key] = attachment.pk
    return fixture


def build_api_world() -> Fixture:
    """The personas and the four projects."""
    users = seed()
    return make_projects(users)


fixture_once = world_fixture(build_api_world)


@dataclass
class World:
    users: dict[str, User]
    fixture: Fixture

    def client(self, client: Client, persona: str) -> Client:
        if persona != ANONYMOUS:
            client.force_login(self.users[persona])
        return client

    def project(self, cast: str, confidential: bool) -> int:
        return self.fixture.projects[cast, confidential]


@pytest.fixture
def world(fixture_once: Fixture, db: None) -> World:
    users = {user.username: user for user in User.objects.filter(username__in=PERSONAS)}
    return World(users=users, fixture=fixture_once)


# Who sees what (SPEC §3) -----------------------------------------------------------


def sees(persona: str, cast: str, confidential: bool) -> bool:
    if persona in EVERYTHING or persona in CASTS[cast]:
        return True
    return not confidential and persona != "partner"


def project_of(placeholder: str) -> tuple[str, bool]:
    """The cast and confidentiality a ``<kind:A-secret...>`` names."""
    cast, kind, *_state = placeholder.strip("<>").partition(":")[2].split("-")
    return cast, kind == "secret"


def lookup(world: World) -> Lookup:
    """``<project:A-open>``, its ``<milestone:A-open>`` and its
    ``<datarequest:A-open-draft>`` (``-submitted``, ``-approved``)."""

    def find(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        project = project_of(name)
        if kind == "milestone":
            return world.fixture.milestones[project]
        if kind == "datarequest":
            return world.fixture.requests[(*project, key.rpartition("-")[2])]
        if kind == "attachment":
            return world.fixture.attachments[project]
        return world.fixture.projects[project]

    return find


# The permission matrix of a project's actions: ``API_PROJECTS`` (projects/tests/matrix.py) ----


@pytest.mark.parametrize("case", matrix(API_PROJECTS))
def test_project_matrix(client: Client, world: World, case: Check) -> None:
    cast, confidential = project_of(case.args[0])
    pk = world.project(cast, confidential)
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    action = (case.name, case.method)
    if action == ("api:project-detail", "GET") and case.expected == 200:
        data = response.json()
        assert (data["id"], data["acronym"], data["confidential"]) == (pk, acronym(cast, confidential), confidential)
        assert data["is_member"] == (case.persona in CASTS[cast])
        assert data["is_lead"] == (CASTS[cast].get(case.persona) == "lead")
        assert {m["user"] for m in data["members"]} == set(CASTS[cast])
    if action == ("api:project-detail", "PATCH"):
        assert Project.objects.get(pk=pk).title == (
            case.data["title"] if case.expected == 200 else acronym_title(cast, confidential)
        )
    if action == ("api:project-members", "POST"):
        added = Membership.objects.filter(project_id=pk, user__username=case.data["user"]).exists()
        assert added == (case.expected == 201)
    if action == ("api:project-member", "DELETE"):
        kept = Membership.objects.filter(project_id=pk, user__username=case.args[1]).exists()
        assert kept == (case.expected != 204)
    if action == ("api:project-milestone", "PATCH"):
        done_on = Milestone.objects.get(pk=world.fixture.milestones[cast, confidential]).done_on
        assert done_on == (today() if case.expected == 200 else None)
    if action == ("api:project-access-me", "GET") and case.expected == 200:
        codes = {reason["code"] for reason in response.json()["reasons"]}
        assert ("member" in codes) == (case.persona in CASTS[cast])
        assert ("direction" in codes) == (case.persona == "director")
        assert ("operations" in codes) == (case.persona == "ops")
        assert ("not_confidential" in codes) == (not confidential and case.persona != "partner")
    if action == ("api:project-access", "GET") and case.expected == 200:
        rows = response.json()["results"]
        listed = {row["user"]: row for row in rows}
        assert set(CASTS[cast]) <= set(listed)
        for username, role in CASTS[cast].items():
            assert listed[username]["role"] == role
            assert ("edit" in listed[username]["may"]) == (role == "lead" or username in ("director", "ops"))
        if confidential:
            assert set(listed) == set(CASTS[cast]) | {"director", "ops"}
    if (
        case.method == "GET"
        and case.expected == 200
        and case.name
        not in (
            "api:project-detail",
            "api:project-access-me",
            "api:project-access",
        )
    ):
        assert response.json()["count"] == (len(CASTS[cast]) if case.name == "api:project-members" else 1)


def acronym_title(cast: str, confidential: bool) -> str:
    return f"Echocardiography {cast} {'secret' if confidential else 'open'}"


# The permission matrix of data-access requests: ``API_DATA_REQUESTS`` -------------------------

DR_AFTER = {"submit": "submitted", "approve": "approved", "reject": "rejected"}


@pytest.mark.parametrize("case", matrix(API_DATA_ATTACHMENTS))
def test_data_request_attachment_matrix(client: Client, world: World, case: Check) -> None:
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected == 200:
        attached = ["protocol.pdf"] if case.args[0].endswith("-submitted>") else []
        assert [row["name"] for row in response.json()] == attached
    if case.expected == 204:
        assert not DataAccessAttachment.objects.filter(pk=filled(case.args[1], lookup(world))).exists()


@pytest.mark.parametrize("case", matrix(API_DATA_REQUESTS))
def test_data_request_matrix(client: Client, world: World, case: Check) -> None:
    request = DataAccessRequest.objects.get(pk=filled(case.args[0], lookup(world)))
    state = request.status
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    action = case.name.removeprefix("api:datarequest-")
    status = DataAccessRequest.objects.get(pk=request.pk).status
    if case.expected == 200:
        data = response.json()
        assert (data["id"], data["status"]) == (request.pk, DR_AFTER.get(action, state))
        assert data["project"]["id"] == request.project_id
        if action != "detail":
            assert status == DR_AFTER[action]
    else:
        assert status == state


# Lists and creation, for every persona: ``API_LISTS`` ---------------------------------------


@pytest.mark.parametrize("case", matrix(API_LISTS))
def test_list_matrix(client: Client, world: World, case: Check) -> None:
    """Anyone signed in lists; staff create projects (partners do not, 403);
    a data-access request is drafted for a project one leads."""
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected == 201 and case.name == "api:project-list":
        data = response.json()
        assert data["leads"] == [case.persona]
        assert data["is_lead"] is True
        assert [(m["user"], m["role"]) for m in data["members"]] == [(case.persona, "lead")]
    if case.expected == 201 and case.name == "api:datarequest-list":
        assert (response.json()["status"], response.json()["requested_by"]) == ("draft", case.persona)


# What each persona lists and finds -----------------------------------------------------------


def listed(client: Client, name: str = "project-list", **params: str) -> set[int]:
    response = client.get(reverse(f"api:{name}"), {"page_size": 200} | params)
    assert response.status_code == 200, response.content[:500]
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_the_projects_they_see(client: Client, world: World, persona: str) -> None:
    client = world.client(client, persona)
    mine = set(world.fixture.projects.values())
    expected = {pk for (cast, conf), pk in world.fixture.projects.items() if sees(persona, cast, conf)}
    assert listed(client) & mine == expected
    requests = {pk for (cast, conf, _s), pk in world.fixture.requests.items() if sees(persona, cast, conf)}
    assert listed(client, "datarequest-list") & set(world.fixture.requests.values()) == requests


def test_clinician2_finds_no_trace_of_a_confidential_project(client: Client, world: World) -> None:
    """A confidential project with researcher and clinician among its members."""
    pk = world.project("A", True)
    secret = Project.objects.get(pk=pk)
    client = world.client(client, "clinician2")
    assert pk not in listed(client)
    for q in (secret.acronym, "Echocardiography secret", "secret"):
        assert pk not in listed(client, q=q)
    assert pk not in listed(client, confidential="true")
    for name in ("project-detail", "project-members", "project-milestones"):
        assert client.get(reverse(f"api:{name}", args=[pk])).status_code == 404, name
    assert send(client, reverse("api:project-members", args=[pk]), {"user": "clinician2"}).status_code == 404
    requests = {world.fixture.requests["A", True, state] for state in DR_STATES}
    assert not listed(client, "datarequest-list") & requests
    assert listed(client, "datarequest-list", project=str(pk)) == set()
    for request in requests:
        assert client.get(reverse("api:datarequest-detail", args=[request])).status_code == 404
    response = send(client, reverse("api:datarequest-list"), dr_body(pk))
    assert response.status_code == 400
    assert "does not exist" in response.json()["project"][0]
    # Its members, for whom it is there.
    for persona in ("researcher", "clinician"):
        assert pk in listed(world.client(client, persona), q=secret.acronym)


def test_the_partner_sees_only_their_projects(client: Client, world: World) -> None:
    client = world.client(client, "partner")
    partner = world.users["partner"]
    response = client.get(reverse("api:project-list"), {"page_size": 200})
    rows = response.json()["results"]
    assert {world.project("A", False), world.project("A", True)} <= {row["id"] for row in rows}
    assert all(Membership.objects.filter(project_id=row["id"], user=partner).exists() for row in rows)
    assert all(row["is_member"] for row in rows)
    assert client.get(reverse("api:project-detail", args=[world.project("B", False)])).status_code == 404


def test_membership_takes_effect_at_once(client: Client, world: World) -> None:
    pk = world.project("A", True)
    lead = Client()
    lead.force_login(world.users["teamlead"])
    outsider = world.client(client, "clinician2")
    detail = reverse("api:project-detail", args=[pk])
    assert outsider.get(detail).status_code == 404

    response = send(lead, reverse("api:project-members", args=[pk]), {"user": "clinician2"})
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "member"
    assert outsider.get(detail).status_code == 200
    assert pk in listed(outsider)
    assert pk in listed(outsider, mine="true")
    assert world.fixture.requests["A", True, "draft"] in listed(outsider, "datarequest-list")

    assert send(lead, reverse("api:project-member", args=[pk, "clinician2"]), method="DELETE").status_code == 204
    assert outsider.get(detail).status_code == 404
    assert pk not in listed(outsider)


def test_a_new_lead_may_manage_at_once(client: Client, world: World) -> None:
    pk = world.project("A", False)
    lead = world.client(Client(), "teamlead")
    researcher = world.client(client, "researcher")
    url = reverse("api:project-detail", args=[pk])
    assert send(researcher, url, {"summary": "More."}, method="PATCH").status_code == 403
    assert (
        send(lead, reverse("api:project-members", args=[pk]), {"user": "depthead2", "role": "lead"}).status_code == 201
    )
    newcomer = world.client(Client(), "depthead2")
    assert send(newcomer, url, {"summary": "More."}, method="PATCH").status_code == 200


def test_the_last_lead_cannot_be_removed(client: Client, world: World) -> None:
    pk = world.project("A", False)
    url = reverse("api:project-member", args=[pk, "teamlead"])
    for persona in ("teamlead", "ops"):
        response = send(world.client(client, persona), url, method="DELETE")
        assert response.status_code == 400
        # In the persona's language (French by default).
        assert response.json()["user"] == ["Un projet garde toujours au moins un responsable."]
    assert Membership.objects.filter(project_id=pk, user__username="teamlead", role="lead").exists()
    # With a second lead, the first may go.
    send(client, reverse("api:project-members", args=[pk]), {"user": "depthead2", "role": "lead"})
    assert send(client, url, method="DELETE").status_code == 204


@pytest.mark.parametrize("username", ["depthead2", "nobody", "x" * 300])
def test_removing_someone_who_is_no_member_is_a_404(client: Client, world: World, username: str) -> None:
    url = reverse("api:project-member", args=[world.project("A", False), username])
    assert send(world.client(client, "teamlead"), url, method="DELETE").status_code == 404


# Filters --------------------------------------------------------------------------------


def test_the_filters_keep_what_they_name(client: Client, world: World) -> None:
    client = world.client(client, "ops")
    a_open, a_secret = world.project("A", False), world.project("A", True)
    b_open, b_secret = world.project("B", False), world.project("B", True)
    mine = {a_open, a_secret, b_open, b_secret}
    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    cardiologie = Department.objects.get(name="Cardiologie")
    services.project_update(
        project=Project.objects.get(pk=a_open),
        by=world.users["ops"],
        status="active",
        clinical_domain="neurology",
        teams=[cardiosim],
        departments=[cardiologie],
    )
    assert listed(client, confidential="true") & mine == {a_secret, b_secret}
    assert listed(client, confidential="false") & mine == {a_open, b_open}
    assert listed(client, status="active") & mine == {a_open}
    assert listed(client, clinical_domain="neurology") & mine == {a_open}
    assert listed(client, team=str(cardiosim.pk)) & mine == {a_open}
    assert listed(client, department=str(cardiologie.pk)) & mine == {a_open}
    assert listed(client, mine="true") & mine == {b_open, b_secret}
    assert listed(client, q="machine learning") & mine == mine
    assert listed(client, q="API-B-OPEN") & mine == {b_open}
    requests = world.fixture.requests
    assert listed(client, "datarequest-list", status="approved") & set(requests.values()) == {
        pk for (_c, _s, state), pk in requests.items() if state == "approved"
    }
    assert listed(client, "datarequest-list", project=str(b_open)) == {
        requests["B", False, state] for state in DR_STATES
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("project-list", {"status": "dormant"}),
        ("project-list", {"clinical_domain": "astrology"}),
        ("project-list", {"team": "CARDIOSIM"}),
        ("project-list", {"department": "99999999999999999999"}),
        ("project-list", {"mine": "perhaps"}),
        ("project-list", {"confidential": "maybe"}),
        ("project-list", {"q": "null\x00byte"}),
        ("datarequest-list", {"status": "pending"}),
        ("datarequest-list", {"project": "-1"}),
    ],
)
def test_a_bad_filter_is_a_400(client: Client, world: World, name: str, params: dict[str, str]) -> None:
    response = world.client(client, "ops").get(reverse(f"api:{name}"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


# Creating and editing, and bad input -------------------------------------------------------


def project_body(**fields: Any) -> dict[str, Any]:
    return {
        "acronym": "HEPATO-SIM",
        "title": "Simulation of liver resection",
        "summary": "Patient-specific models.",
        "clinical_domain": "hepatobiliary_surgery",
        "confidential": True,
        "start_date": "2026-01-01",
        "end_date": "2028-12-31",
    } | fields


def test_a_project_is_created_with_its_tags_and_units(client: Client, world: World) -> None:
    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    cardiologie = Department.objects.get(name="Cardiologie")
    body = project_body(
        methods=["simulation", " machine learning "], teams=[cardiosim.pk], departments=[cardiologie.pk]
    )
    response = send(world.client(client, "researcher"), reverse("api:project-list"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["methods"] == ["machine learning", "simulation"]
    assert data["teams"] == [{"id": cardiosim.pk, "name": "CARDIOSIM"}]
    assert data["departments"] == [{"id": cardiologie.pk, "name": "Cardiologie (HEGP)"}]
    assert (data["status"], data["confidential"], data["start_date"]) == ("proposed", True, "2026-01-01")
    assert [entry["action"] for entry in data["history"]] == ["created", "member_added"]
    assert Method.objects.filter(name="simulation").exists()
    # Confidential: the creator's colleagues do not see it.
    assert world.client(Client(), "teamlead").get(reverse("api:project-detail", args=[data["id"]])).status_code == 404


def test_an_edit_is_recorded_in_the_history(client: Client, world: World) -> None:
    pk = world.project("B", True)
    url = reverse("api:project-detail", args=[pk])
    data = send(world.client(client, "teamlead2"), url, {"end_date": "2030-06-30", "methods": []}, "PATCH").json()
    assert data["end_date"] == "2030-06-30"
    assert data["methods"] == []
    assert data["history"][-1]["action"] == "updated"
    assert data["history"][-1]["actor"] == "teamlead2"


BAD_PROJECTS = [
    ({"start_date": "2027-02-30"}, "start_date"),
    ({"end_date": "soon"}, "end_date"),
    ({"end_date": "2025-12-31"}, "end_date"),
    ({"end_date": "2026-01-01"}, "end_date"),
    ({"acronym": "API-B-OPEN"}, "acronym"),
    ({"acronym": ""}, "acronym"),
    ({"acronym": "x" * 31}, "acronym"),
    ({"acronym": "null\x00byte"}, "acronym"),
    ({"title": "   "}, "title"),
    ({"clinical_domain": "astrology"}, "clinical_domain"),
    ({"confidential": "perhaps"}, "confidential"),
    ({"methods": "machine learning"}, "methods"),
    ({"methods": ["x" * 81]}, "methods"),
    ({"teams": [999_999]}, "teams"),
    ({"teams": ["CARDIOSIM"]}, "teams"),
    ({"departments": [10**30]}, "departments"),
    ({"status": "dormant"}, "status"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_PROJECTS, ids=[repr(f)[:60] for f, _ in BAD_PROJECTS])
def test_a_bad_project_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    before = Project.objects.count()
    response = send(world.client(client, "researcher"), reverse("api:project-list"), project_body(**fields))
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]
    assert Project.objects.count() == before


@pytest.mark.parametrize(("fields", "field"), BAD_PROJECTS[:5], ids=[repr(f)[:60] for f, _ in BAD_PROJECTS[:5]])
def test_a_bad_edit_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    pk = world.project("A", False)
    services.project_update(project=Project.objects.get(pk=pk), by=world.users["teamlead"], start_date=date(2026, 1, 1))
    url = reverse("api:project-detail", args=[pk])
    response = send(world.client(client, "teamlead"), url, fields, method="PATCH")
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": "nobody"}, "user"),
        ({"user": ""}, "user"),
        ({}, "user"),
        ({"user": ["a", "list"]}, "user"),
        ({"user": "clinician"}, "user"),  # already a member
        ({"user": "depthead2", "role": "owner"}, "role"),
    ],
)
def test_a_bad_member_is_refused_with_a_message(client: Client, world: World, body: dict, field: str) -> None:
    pk = world.project("A", False)
    response = send(world.client(client, "teamlead"), reverse("api:project-members", args=[pk]), body)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


def test_a_deactivated_account_cannot_join(client: Client, world: World) -> None:
    User.objects.filter(username="depthead2").update(is_active=False)
    pk = world.project("A", False)
    response = send(world.client(client, "teamlead"), reverse("api:project-members", args=[pk]), {"user": "depthead2"})
    assert response.status_code == 400
    assert list(response.json()) == ["user"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Paper", "due_date": "2027-02-30"}, "due_date"),
        ({"title": "", "due_date": "2027-02-01"}, "title"),
        ({"title": "Paper"}, "due_date"),
        ({"title": "Paper", "due_date": "2027-02-01", "evidence_url": "not a url"}, "evidence_url"),
    ],
)
def test_a_bad_milestone_is_refused_with_a_message(client: Client, world: World, body: dict, field: str) -> None:
    pk = world.project("A", False)
    response = send(world.client(client, "teamlead"), reverse("api:project-milestones", args=[pk]), body)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


def test_a_milestone_is_done_then_undone(client: Client, world: World) -> None:
    key = ("A", True)
    url = reverse("api:project-milestone", args=[world.project(*key), world.fixture.milestones[key]])
    client = world.client(client, "teamlead")
    body = {"done": True, "evidence_url": "https://example.org/dataset"}
    data = send(client, url, body, "PATCH").json()
    assert (data["done"], data["done_on"], data["evidence_url"]) == (True, str(today()), body["evidence_url"])
    data = send(client, url, {"done": False}, "PATCH").json()
    assert (data["done"], data["done_on"]) == (False, None)
    assert send(client, url, {"done": "perhaps"}, "PATCH").status_code == 400
    assert send(client, url, {}, "PATCH").status_code == 400
    history = client.get(reverse("api:project-detail", args=[world.project(*key)])).json()["history"]
    assert [e["action"] for e in history][-2:] == ["milestone_done", "milestone_undone"]


@pytest.mark.parametrize("milestone", ["other", "999999", "99999999999999999999"])
def test_a_milestone_of_another_project_is_a_404(client: Client, world: World, milestone: str) -> None:
    pk = world.project("A", False)
    if milestone == "other":
        milestone = str(world.fixture.milestones["B", False])
    url = f"/api/projects/{pk}/milestones/{milestone}/"
    assert send(world.client(client, "ops"), url, {"done": True}, "PATCH").status_code == 404


BAD_DATA_REQUESTS = [
    ({"route": "internal"}, "department"),
    ({"route": "backdoor"}, "route"),
    ({"categories": []}, "categories"),
    ({"categories": ["genome"]}, "categories"),
    ({"categories": "imaging"}, "categories"),
    ({"perimeter": "  "}, "perimeter"),
    ({"department": 999_999}, "department"),
    ({"project": 999_999}, "project"),
    ({"project": "API-A-OPEN"}, "project"),
    ({"project": 10**30}, "project"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_DATA_REQUESTS, ids=[repr(f)[:60] for f, _ in BAD_DATA_REQUESTS])
def test_a_bad_data_request_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    before = DataAccessRequest.objects.count()
    body = dr_body(world.project("A", False)) | fields
    response = send(world.client(client, "teamlead"), reverse("api:datarequest-list"), body)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]
    assert DataAccessRequest.objects.count() == before


def test_an_internal_study_names_its_department(client: Client, world: World) -> None:
    cardiologie = Department.objects.get(name="Cardiologie")
    body = dr_body(world.project("A", False), route="internal", department=cardiologie.pk)
    data = send(world.client(client, "teamlead"), reverse("api:datarequest-list"), body).json()
    assert data["department"] == {"id": cardiologie.pk, "name": "Cardiologie (HEGP)"}
    assert data["categories"] == ["biology", "demographics"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"committee_reference", "expires_on"}),
        ({"committee_reference": "CSE-1", "expires_on": str(date(2020, 1, 1))}, {"expires_on"}),
        ({"committee_reference": "CSE-1", "expires_on": "2027-02-30"}, {"expires_on"}),
        ({"committee_reference": "x" * 101, "expires_on": "2099-01-01"}, {"committee_reference"}),
    ],
)
def test_an_approval_needs_a_reference_and_a_future_expiry(
    client: Client, world: World, body: dict, fields: set[str]
) -> None:
    pk = world.fixture.requests["A", False, "submitted"]
    response = send(world.client(client, "ops"), reverse("api:datarequest-approve", args=[pk]), body)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert DataAccessRequest.objects.get(pk=pk).status == "submitted"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_a_rejection_needs_a_reason(client: Client, world: World, body: dict) -> None:
    pk = world.fixture.requests["A", False, "submitted"]
    response = send(world.client(client, "director"), reverse("api:datarequest-reject", args=[pk]), body)
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]


def test_a_decision_is_recorded(client: Client, world: World) -> None:
    pk = world.fixture.requests["B", True, "submitted"]
    body = {"committee_reference": " CSE-24-077 ", "expires_on": str(today() + timedelta(days=90))}
    data = send(world.client(client, "ops"), reverse("api:datarequest-approve", args=[pk]), body).json()
    assert (data["status"], data["committee_reference"], data["decided_by"]) == ("approved", "CSE-24-077", "ops")
    assert data["expires_on"] == body["expires_on"]
    assert data["decided_at"]


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", '"a string"', "null", "\x00"])
def test_a_body_that_is_not_a_json_object_is_a_400(client: Client, world: World, payload: str) -> None:
    pk = world.project("A", False)
    client = world.client(client, "ops")
    targets = [
        ("POST", reverse("api:project-list")),
        ("PATCH", reverse("api:project-detail", args=[pk])),
        ("POST", reverse("api:project-members", args=[pk])),
        ("POST", reverse("api:project-milestones", args=[pk])),
        ("PATCH", reverse("api:project-milestone", args=[pk, world.fixture.milestones["A", False]])),
        ("POST", reverse("api:datarequest-list")),
        ("POST", reverse("api:datarequest-approve", args=[world.fixture.requests["A", False, "submitted"]])),
        ("POST", reverse("api:datarequest-reject", args=[world.fixture.requests["A", False, "submitted"]])),
    ]
    for method, url in targets:
        response = client.generic(method, url, payload, content_type="application/json")
        assert response.status_code == 400, (method, url, response.content[:300])


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999", "abc", "-1"])
def test_a_missing_object_is_a_404(client: Client, world: World, pk: str) -> None:
    client = world.client(client, "ops")
    assert client.get(f"/api/projects/{pk}/").status_code == 404
    assert client.get(f"/api/projects/{pk}/members/").status_code == 404
    assert send(client, f"/api/projects/{pk}/", {"title": "x"}, "PATCH").status_code == 404
    assert client.get(f"/api/data-requests/{pk}/").status_code == 404
    assert send(client, f"/api/data-requests/{pk}/submit/").status_code == 404


def test_there_is_no_put_nor_delete_of_a_project(client: Client, world: World) -> None:
    url = reverse("api:project-detail", args=[world.project("A", False)])
    client = world.client(client, "ops")
    assert send(client, url, project_body(), method="PUT").status_code == 405
    assert send(client, url, method="DELETE").status_code == 405
    assert Project.objects.filter(pk=world.project("A", False)).exists()


# Query counts -----------------------------------------------------------------------------


def add_projects(count: int, users: dict[str, User]) -> None:
    """``count`` projects with methods, units, members and data-access requests."""
    lead, member = users["researcher"], users["clinician"]
    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    cardiologie = Department.objects.get(name="Cardiologie")
    method, _ = Method.objects.get_or_create(name="statistics")
    projects = Project.objects.bulk_create(
        Project(acronym=f"BULK-{n}", title=f"Bulk {n}", confidential=n % 2 == 0) for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(project=project, user=user, role=role)
        for project in projects
        for user, role in ((lead, "lead"), (member, "member"))
    )
    for project in projects:
        project.methods.add(method)
        project.teams.add(cardiosim)
        project.departments.add(cardiologie)
    DataAccessRequest.objects.bulk_create(
        DataAccessRequest(
            project=project,
            requested_by=lead,
            route="internal",
            department=cardiologie,
            perimeter="All",
            categories=["imaging"],
            status="approved",
            committee_reference="CSE",
            expires_on=today() + timedelta(days=30),
            decided_by=users["ops"],
            project_confidential=project.confidential,
        )
        for project in projects
    )


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("persona", ["ops", "researcher", "partner"])
def test_the_project_list_costs_the_same_for_any_length(
    client: Client, world: World, django_assert_num_queries, size: int, persona: str
) -> None:
    """The bulk projects are researcher's."""
    add_projects(size, world.users)
    client = world.client(client, persona)
    with django_assert_num_queries(8):
        # 1. the session; 2. the signed-in user with their roles and model permissions
        # 3. the number of projects they see, for the pager
        # 4. one page of projects, with their leads' usernames (a sub-query)
        # 5-7. the page's methods, teams, and departments with their hospitals
        # 8. the session saved again, in one UPDATE
        response = client.get(reverse("api:project-list"), {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= (size if persona != "partner" else 2)


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("persona", ["ops", "researcher", "partner"])
def test_the_data_request_list_costs_the_same_for_any_length(
    client: Client, world: World, django_assert_num_queries, size: int, persona: str
) -> None:
    add_projects(size, world.users)
    client = world.client(client, persona)
    with django_assert_num_queries(5):
        # 1. the session; 2. the signed-in user with their roles and model permissions
        # 3. the number of requests they see, for the pager
        # 4. one page of requests with project, requester, decider and department
        # 5. the session saved again, in one UPDATE
        response = client.get(reverse("api:datarequest-list"), {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= (size if persona != "partner" else 6)


@pytest.mark.parametrize("name", ["project-members", "project-milestones"])
def test_a_project_s_members_and_milestones_cost_the_same_for_any_length(
    client: Client, world: World, name: str
) -> None:
    pk = world.project("B", False)
    project = Project.objects.get(pk=pk)
    client = world.client(client, "ops")
    counts = []
    for size in (0, 30):
        others = User.objects.exclude(project_memberships__project=project)[:size]
        Membership.objects.bulk_create(Membership(project=project, user=user) for user in others)
        Milestone.objects.bulk_create(Milestone(project=project, title=f"M{n}", due_date=today()) for n in range(size))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"api:{name}", args=[pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The schema -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3(schema: dict) -> None:
    validate_schema(schema)


def test_the_schema_documents_every_endpoint_and_its_refusals(schema: dict) -> None:
    paths = schema["paths"]
    assert set(paths["/api/projects/"]) == {"get", "post"}
    assert set(paths["/api/projects/{id}/"]) == {"get", "patch"}
    assert set(paths["/api/projects/{id}/members/"]) == {"get", "post"}
    assert set(paths["/api/projects/{id}/members/{username}/"]) == {"delete"}
    assert set(paths["/api/projects/{id}/milestones/"]) == {"get", "post"}
    assert set(paths["/api/projects/{id}/milestones/{milestone_id}/"]) == {"patch"}
    assert set(paths["/api/data-requests/"]) == {"get", "post"}
    assert set(paths["/api/data-requests/{id}/"]) == {"get"}
    listing = {p["name"] for p in paths["/api/projects/"]["get"]["parameters"]}
    assert {
        "q",
        "clinical_domain",
        "status",
        "team",
        "department",
        "mine",
        "confidential",
        "page",
        "page_size",
    } <= listing
    assert {"status", "project", "page"} <= {p["name"] for p in paths["/api/data-requests/"]["get"]["parameters"]}
    assert set(paths["/api/projects/"]["post"]["responses"]) >= {"201", "400", "403"}
    assert set(paths["/api/projects/{id}/"]["patch"]["responses"]) >= {"200", "400", "403", "404"}
    assert set(paths["/api/projects/{id}/members/{username}/"]["delete"]["responses"]) >= {"204", "400", "403", "404"}
    for name in ("submit", "approve", "reject"):
        operation = paths[f"/api/data-requests/{{id}}/{name}/"]["post"]
        assert set(operation["responses"]) >= {"200", "403", "404", "409"}, name
    members = paths["/api/projects/{id}/members/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert members["schema"]["$ref"].endswith("PaginatedMemberList")


def test_the_schema_names_the_fields(schema: dict) -> None:
    components = schema["components"]["schemas"]
    assert {"members", "milestones", "history", "leads", "is_member", "is_lead"} <= set(
        components["ProjectDetail"]["properties"]
    )
    assert set(components["ProjectWriteRequest"]["required"]) == {"acronym", "title"}
    assert set(components["MemberWriteRequest"]["required"]) == {"user"}
    assert set(components["DataRequestWriteRequest"]["required"]) == {"project", "route", "perimeter", "categories"}


def test_the_schema_is_served(client: Client, world: World) -> None:
    response = world.client(client, "partner").get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert "/api/projects/{id}/members/{username}/" in response.json()["paths"]


def test_api_member_add_cannot_name_a_person_the_lead_does_not_see(client, personas):
    """teamlead2 shares no project with ``partner``: the directory hides them
    (SPEC §3), the HTML form does not offer them, and the API must not take
    them either (adding them would confirm the account exists)."""
    projects = build_projects(personas)
    client.force_login(personas["teamlead2"])
    url = reverse("api:project-members", args=[projects["other"].pk])
    response = client.post(url, {"user": "partner"}, content_type="application/json")
    assert response.status_code == 400
    assert not Membership.objects.filter(project=projects["other"], user=personas["partner"]).exists()
    # The same answer as for a username that does not exist.
    missing = client.post(url, {"user": "nobody-at-all"}, content_type="application/json")
    assert missing.status_code == 400
    assert response.json() == {
        **missing.json(),
        "user": [m.replace("nobody-at-all", "partner") for m in missing.json()["user"]],
    }
