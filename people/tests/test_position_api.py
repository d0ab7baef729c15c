"""The host-position and secondment API (SPEC §3, §4, §6): the permission
matrix of every action for every persona and every state, the workflow
walked through the API, filters, bad input, query counts and the schema.

The demo units: CARDIOSIM (led by teamlead; researcher), NEUROLEARN
(teamlead2), PULSAR (no leader; director, ops, transfer); Cardiologie (headed
by depthead; clinician), Neuroradiologie (depthead2; clinician2).
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from core.testing import Check, check_case, filled, matrix
from core.tests.attachments import PDF_BYTES, upload
from people import services
from people.demo import PERSONAS as DEMO_PERSONAS
from people.grants import positions_grants_sync
from people.models import (
    Call,
    Decision,
    Department,
    Position,
    PositionAttachment,
    PositionKind,
    PositionStatus,
    Step,
    Team,
    User,
)
from people.tests.matrix import POSITION_ACCESS_API, POSITION_API, POSITION_API_LISTS, POSITION_ATTACHMENT_API

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
ANONYMOUS = "anonymous"
KINDS = {"hostposition": PositionKind.HOST, "secondment": PositionKind.SECONDMENT}
ACTIONS = ["submit", "approve", "reject", "request-changes", "withdraw"]
STATES = ["draft", "submitted", "endorsed", "approved", "rejected", "withdrawn", "changes_requested"]


# Who plays which part in each kind's requests (the mirror of SPEC §4).
CAST = {
    "hostposition": {"applicant": "clinician", "leader": "teamlead", "head": "depthead"},
    "secondment": {"applicant": "researcher", "leader": "teamlead", "head": "depthead2"},
}
HOST_UNIT = {"hostposition": ("host_team", "CARDIOSIM"), "secondment": ("host_department", "Neuroradiologie")}


def today() -> date:
    return timezone.localdate()


def post(client: Client, url: str, body: object = None, method: str = "POST", **extra: Any) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json", **extra)


def host_unit_id(basename: str) -> int:
    field, name = HOST_UNIT[basename]
    if field == "host_team":
        return Team.objects.get(acronym=name).pk
    return Department.objects.get(name=name).pk


def request_body(basename: str, **fields: Any) -> dict[str, Any]:
    start = today() + timedelta(days=30)
    field, _name = HOST_UNIT[basename]
    return {
        field: host_unit_id(basename),
        "time_share": 10,
        "start_date": str(start),
        "end_date": str(start + timedelta(days=365)),
        "topic": "Deep learning for echocardiography",
        "justification": "The team has the data.",
    } | fields


# Requests in every state, made through the services -------------------------------


def make_request(basename: str, state: str, users: dict[str, User]) -> int:
    """A request of ``basename``'s applicant in ``state``, reached the way users reach it."""
    cast = {part: users[username] for part, username in CAST[basename].items()}
    field, name = HOST_UNIT[basename]
    unit = (
        {"team": Team.objects.get(acronym=name)}
        if field == "host_team"
        else {"department": Department.objects.get(name=name)}
    )
    start = today() + timedelta(days=30)
    position = services.position_create(
        kind=KINDS[basename],
        applicant=cast["applicant"],
        time_share=10,
        start_date=start,
        end_date=start + timedelta(days=365),
        topic=f"A request left {state}",
        **unit,
    )
    if state != "draft":
        services.position_submit(position=position, by=cast["applicant"])
    if state == "withdrawn":
        services.position_withdraw(position=position, by=cast["applicant"])
    elif state == "rejected":
        services.position_decide(position=position, by=cast["head"], approve=False, comment="No room.")
    elif state == "changes_requested":
        services.position_decide(position=position, by=cast["leader"], approve=True)
        services.position_request_changes(position=position, by=cast["head"], comment="Add the funding.")
    elif state in ("endorsed", "approved"):
        services.position_decide(position=position, by=cast["leader"], approve=True)
        services.position_decide(position=position, by=cast["head"], approve=True)
    if state == "approved":
        services.position_decide(position=position, by=users["director"], approve=True)
    return position.pk


@pytest.fixture(scope="module")
def requests_once(seeded_once: None, django_db_blocker) -> Iterator[dict[tuple[str, str], int]]:
    """One request per kind and state, for the whole module, inside
    ``seeded_once``'s transaction (rolled back at the module's end). Every
    test of the module runs among them, each in its own savepoint."""
    with django_db_blocker.unblock():
        users = {user.username: user for user in User.objects.filter(username__in=PERSONAS)}
        requests = {(basename, state): make_request(basename, state, users) for basename in KINDS for state in STATES}
        for basename in KINDS:
            position = Position.objects.get(pk=requests[basename, "submitted"])
            uploader = users[CAST[basename]["applicant"]]
            attachment = services.position_attachment_add(
                position=position, by=uploader, file=upload("cv.pdf", PDF_BYTES)
            )
            requests["attachment", basename] = attachment.pk
        yield requests


@dataclass
class World:
    users: dict[str, User]
    requests: dict[tuple[str, str], int]

    def client(self, client: Client, persona: str) -> Client:
        if persona != ANONYMOUS:
            client.force_login(self.users[persona])
        return client


@pytest.fixture
def world(requests_once: dict[tuple[str, str], int], db: None) -> World:
    users = {user.username: user for user in User.objects.filter(username__in=PERSONAS)}
    return World(users=users, requests=requests_once)


# The permission matrix ----------------------------------------------------------------
# Every action on a request in each state, and the lists: ``POSITION_API`` and
# ``POSITION_API_LISTS`` (people/tests/matrix.py).

# The state a request is left in by a successful action (retrieving leaves it as it was).
AFTER = {
    ("partial_update", "draft"): "draft",
    ("submit", "draft"): "submitted",
    ("approve", "submitted"): "submitted",
    ("approve", "endorsed"): "approved",
    ("reject", "submitted"): "rejected",
    ("reject", "endorsed"): "rejected",
    ("withdraw", "draft"): "withdrawn",
    ("withdraw", "submitted"): "withdrawn",
    ("withdraw", "endorsed"): "withdrawn",
    ("request-changes", "submitted"): "changes_requested",
    ("request-changes", "endorsed"): "changes_requested",
    ("partial_update", "changes_requested"): "changes_requested",
    ("submit", "changes_requested"): "submitted",
    ("withdraw", "changes_requested"): "withdrawn",
}


def lookup(world: World) -> Callable[[str], Any]:
    def find(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        if kind == "team":
            return Team.objects.get(acronym=key).pk
        if kind == "department":
            return Department.objects.get(name=key).pk
        return world.requests[kind, key]

    return find


@pytest.mark.parametrize("case", matrix(POSITION_API))
def test_object_matrix(client: Client, world: World, case: Check) -> None:
    pk = filled(case.args[0], lookup(world))
    state = Position.objects.get(pk=pk).status
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected == 200:
        action = case.name.partition("-")[2]
        if action == "detail":
            action = "retrieve" if case.method == "GET" else "partial_update"
        data = response.json()
        assert data["id"] == pk
        assert data["status"] == AFTER.get((action, state), state)
        if action == "partial_update":
            assert data["topic"] == case.data["topic"]


@pytest.mark.parametrize("case", matrix(POSITION_ATTACHMENT_API))
def test_attachment_matrix(client: Client, world: World, case: Check) -> None:
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected == 200:
        assert [row["name"] for row in response.json()] == (["cv.pdf"] if "submitted" in case.args[0] else [])
    if case.expected == 204:
        assert not PositionAttachment.objects.filter(pk=filled(case.args[1], lookup(world))).exists()


@pytest.mark.parametrize("case", matrix(POSITION_API_LISTS))
def test_list_matrix(client: Client, world: World, case: Check) -> None:
    """Anyone signed in lists what they see and may ask; whoever cannot hold
    this kind of request (an Inria researcher a host position, a clinician a
    secondment, a partner either) is told why (400)."""
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected == 201:
        assert response.json()["status"] == "draft"
        assert response.json()["applicant"] == case.persona
    if case.method == "POST" and case.expected == 400:
        assert response.json()["non_field_errors"]


# What each persona lists ----------------------------------------------------------------

SEE_ALL = ("applicant", "leader", "head", "director", "ops")
SEE_DRAFT = ("applicant", "director", "ops")


def listed(client: Client, basename: str, **params: str) -> set[int]:
    response = client.get(reverse(f"api:{basename}-list"), params)
    assert response.status_code == 200, response.content[:500]
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("basename", KINDS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_exactly_what_they_see(client: Client, world: World, basename: str, persona: str) -> None:
    parts = {username: part for part, username in CAST[basename].items()} | {"director": "director", "ops": "ops"}
    part = parts.get(persona)
    states = [s for s in STATES if part in (SEE_DRAFT if s == "draft" else SEE_ALL)]
    expected = {world.requests[basename, state] for state in states}
    assert listed(world.client(client, persona), basename) == expected


AWAITING = {
    "hostposition": {"teamlead": "submitted", "depthead": "submitted", "director": "endorsed", "ops": "endorsed"},
    "secondment": {"teamlead": "submitted", "depthead2": "submitted", "director": "endorsed", "ops": "endorsed"},
}


@pytest.mark.parametrize("basename", KINDS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_awaiting_me_lists_what_waits_on_the_persona(client: Client, world: World, basename: str, persona: str) -> None:
    state = AWAITING[basename].get(persona)
    expected = {world.requests[basename, state]} if state else set()
    assert listed(world.client(client, persona), basename, awaiting_me="true") == expected


@pytest.mark.parametrize("basename", KINDS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("persona", ["ops", "teamlead", "depthead", "partner"])
def test_status_filter_keeps_only_that_status(
    client: Client, world: World, basename: str, state: str, persona: str
) -> None:
    everything = listed(world.client(client, persona), basename)
    pk = world.requests[basename, state]
    assert listed(client, basename, status=state) == ({pk} & everything)


@pytest.mark.parametrize("params", [{"status": "pending"}, {"awaiting_me": "maybe"}])
def test_a_bad_filter_is_a_400(client: Client, world: World, params: dict[str, str]) -> None:
    response = world.client(client, "ops").get(reverse("api:hostposition-list"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


# The workflow through the API ---------------------------------------------------------


def decide(client: Client, basename: str, pk: int, persona: str, users: dict[str, User], **body: str) -> dict:
    client.force_login(users[persona])
    response = post(client, reverse(f"api:{basename}-approve", args=[pk]), body)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def steps(data: dict) -> list[tuple[str, str, str, str | None]]:
    return [(d["step"], d["outcome"], d["decided_by"], d["on_behalf_of"]) for d in data["decisions"]]


def transitions(data: dict) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    return [(h["action"], h["actor"], h["on_behalf_of"], h["from"], h["to"]) for h in data["history"]]


@pytest.mark.parametrize(
    ("basename", "endorsers", "final"),
    [
        ("hostposition", ("depthead", "teamlead"), "director"),
        ("hostposition", ("teamlead", "depthead"), "ops"),
        ("secondment", ("depthead2", "teamlead"), "ops"),
        ("secondment", ("teamlead", "depthead2"), "director"),
    ],
)
def test_a_request_goes_from_draft_to_approved(
    client: Client, world: World, basename: str, endorsers: tuple[str, str], final: str
) -> None:
    personas = world.users
    applicant = CAST[basename]["applicant"]
    step_of = {CAST[basename]["leader"]: Step.TEAM.value, CAST[basename]["head"]: Step.DEPARTMENT.value}
    client.force_login(personas[applicant])
    created = post(client, reverse(f"api:{basename}-list"), request_body(basename))
    assert created.status_code == 201, created.content
    data = created.json()
    pk = data["id"]
    assert (data["status"], data["awaiting"], data["decisions"], data["phase"]) == ("draft", [], [], "")
    assert transitions(data) == [("created", applicant, None, None, "draft")]

    data = post(client, reverse(f"api:{basename}-submit", args=[pk])).json()
    assert data["status"] == "submitted"
    assert data["submitted_at"] is not None
    assert data["awaiting"] == [CAST[basename]["leader"], CAST[basename]["head"]]

    first, second = endorsers
    data = decide(client, basename, pk, first, personas)
    assert data["status"] == "submitted"
    assert data["awaiting"] == [second]
    assert steps(data) == [(step_of[first], "approved", first, None)]

    data = decide(client, basename, pk, second, personas)
    assert data["status"] == "endorsed"
    assert data["awaiting"] == ["director", "ops"]
    assert steps(data)[1] == (step_of[second], "approved", second, None)

    data = decide(client, basename, pk, final, personas, comment="Welcome aboard.")
    assert (data["status"], data["awaiting"], data["phase"]) == ("approved", [], "upcoming")
    assert steps(data)[2] == ("final", "approved", final, None)
    assert data["decisions"][2]["comment"] == "Welcome aboard."
    assert transitions(data) == [
        ("created", applicant, None, None, "draft"),
        ("submitted", applicant, None, "draft", "submitted"),
        ("approved", first, None, "submitted", "submitted"),
        ("approved", second, None, "submitted", "endorsed"),
        ("approved", final, None, "endorsed", "approved"),
    ]
    assert data["history"][-1]["comment"] == "Welcome aboard."

    # Everyone with a part in it reads the same outcome.
    for persona in (applicant, first, second, final):
        client.force_login(personas[persona])
        assert client.get(reverse(f"api:{basename}-detail", args=[pk])).json() == data


def test_the_representation_names_the_units_and_the_host_unit(client: Client, world: World) -> None:
    client = world.client(client, "ops")
    host = client.get(reverse("api:hostposition-detail", args=[world.requests["hostposition", "approved"]])).json()
    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    cardiologie = Department.objects.get(name="Cardiologie")
    assert host["kind"] == "host"
    assert host["applicant"] == "clinician"
    assert host["host_team"] == cardiosim.pk
    assert host["team"] == {"id": cardiosim.pk, "name": "CARDIOSIM"}
    assert host["department"] == {"id": cardiologie.pk, "name": "Cardiologie (HEGP)"}
    assert "host_department" not in host
    secondment = client.get(reverse("api:secondment-detail", args=[world.requests["secondment", "approved"]])).json()
    neuroradiologie = Department.objects.get(name="Neuroradiologie")
    assert secondment["kind"] == "secondment"
    assert secondment["host_department"] == neuroradiologie.pk
    assert secondment["department"] == {"id": neuroradiologie.pk, "name": "Neuroradiologie (PSL)"}
    assert secondment["team"] == {"id": cardiosim.pk, "name": "CARDIOSIM"}
    assert "host_team" not in secondment


def test_the_list_leaves_the_history_and_the_time_shares_to_the_detail(client: Client, world: World) -> None:
    client = world.client(client, "ops")
    row = client.get(reverse("api:hostposition-list")).json()["results"][0]
    detail = client.get(reverse("api:hostposition-detail", args=[row["id"]])).json()
    only_detail = {"history", "overlapping", "time_share_total"}
    assert not only_detail & set(row)
    assert {key: value for key, value in detail.items() if key not in only_detail} == row
    assert detail["history"]
    assert detail["time_share_total"] >= detail["time_share"]


def test_a_rejection_records_its_reason(client: Client, world: World) -> None:
    pk = world.requests["hostposition", "submitted"]
    client = world.client(client, "depthead")
    data = post(client, reverse("api:hostposition-reject", args=[pk]), {"reason": "  No room this year. "}).json()
    assert data["status"] == "rejected"
    assert data["awaiting"] == []
    assert steps(data)[-1] == ("department", "rejected", "depthead", None)
    assert data["decisions"][-1]["comment"] == "No room this year."
    assert transitions(data)[-1] == ("rejected", "depthead", None, "submitted", "rejected")
    assert data["history"][-1]["comment"] == "No room this year."


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_a_rejection_needs_a_reason(client: Client, world: World, body: dict) -> None:
    pk = world.requests["hostposition", "submitted"]
    response = post(world.client(client, "depthead"), reverse("api:hostposition-reject", args=[pk]), body)
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert Position.objects.get(pk=pk).status == PositionStatus.SUBMITTED


@pytest.mark.parametrize(("persona", "expected"), [("clinician", 403), ("director", 409)])
def test_who_may_not_reject_is_told_so_before_being_asked_a_reason(
    client: Client, world: World, persona: str, expected: int
) -> None:
    pk = world.requests["hostposition", "submitted"]
    response = post(world.client(client, persona), reverse("api:hostposition-reject", args=[pk]), {})
    assert response.status_code == expected


def test_a_request_sent_back_and_submitted_again_is_endorsed_anew(client: Client, world: World) -> None:
    pk = world.requests["hostposition", "submitted"]
    approved = decide(client, "hostposition", pk, "teamlead", world.users)
    assert steps(approved) == [("team", "approved", "teamlead", None)]
    client = world.client(client, "depthead")
    body = {"comment": "  Name the clinical days. "}
    data = post(client, reverse("api:hostposition-request-changes", args=[pk]), body).json()
    assert (data["status"], data["awaiting"]) == ("changes_requested", [])
    assert [(d["round"], d["step"], d["outcome"]) for d in data["decisions"]] == [
        (1, "team", "approved"),
        (1, "department", "changes_requested"),
    ]
    assert data["decisions"][-1]["comment"] == "Name the clinical days."
    assert transitions(data)[-1] == ("changes_requested", "depthead", None, "submitted", "changes_requested")
    assert data["history"][-1]["comment"] == "Name the clinical days."

    client = world.client(client, "clinician")
    patched = post(client, reverse("api:hostposition-detail", args=[pk]), {"topic": "Two days"}, method="PATCH")
    assert patched.status_code == 200, patched.content[:500]
    data = post(client, reverse("api:hostposition-submit", args=[pk])).json()
    assert (data["status"], data["awaiting"]) == ("submitted", ["teamlead", "depthead"])
    assert transitions(data)[-1] == ("resubmitted", "clinician", None, "changes_requested", "submitted")
    data = decide(client, "hostposition", pk, "teamlead", world.users)
    assert [(d["round"], d["step"]) for d in data["decisions"]][-1] == (2, "team")
    assert data["awaiting"] == ["depthead"]


@pytest.mark.parametrize("body", [{}, {"comment": ""}, {"comment": "   "}])
def test_sending_back_needs_a_comment(client: Client, world: World, body: dict) -> None:
    pk = world.requests["secondment", "submitted"]
    response = post(world.client(client, "depthead2"), reverse("api:secondment-request-changes", args=[pk]), body)
    assert response.status_code == 400
    assert list(response.json()) == ["comment"]
    assert Position.objects.get(pk=pk).status == PositionStatus.SUBMITTED


@pytest.mark.parametrize(("persona", "expected"), [("researcher", 403), ("director", 409), ("clinician", 404)])
def test_who_may_not_send_back_is_told_so_before_being_asked_a_comment(
    client: Client, world: World, persona: str, expected: int
) -> None:
    pk = world.requests["secondment", "submitted"]
    response = post(world.client(client, persona), reverse("api:secondment-request-changes", args=[pk]), {})
    assert response.status_code == expected


def test_a_team_leader_cannot_approve_twice(client: Client, world: World) -> None:
    pk = world.requests["hostposition", "submitted"]
    url = reverse("api:hostposition-approve", args=[pk])
    assert post(world.client(client, "teamlead"), url).status_code == 200
    response = post(client, url)
    assert response.status_code == 409
    assert response.json()["detail"]
    assert Decision.objects.filter(position_id=pk).count() == 1


def test_a_delegate_decides_on_behalf_of_the_head(client: Client, world: World) -> None:
    users = world.users
    services.delegation_create(
        delegator=users["depthead"],
        delegate=users["clinician2"],
        starts_on=today(),
        ends_on=today() + timedelta(days=7),
        by=users["depthead"],
    )
    pk = world.requests["hostposition", "submitted"]
    client = world.client(client, "clinician2")
    detail = client.get(reverse("api:hostposition-detail", args=[pk])).json()
    assert detail["awaiting"] == ["teamlead", "depthead", "clinician2"]
    assert listed(client, "hostposition", awaiting_me="true") == {pk}
    data = post(client, reverse("api:hostposition-approve", args=[pk])).json()
    assert data["awaiting"] == ["teamlead"]
    assert steps(data) == [("department", "approved", "clinician2", "depthead")]
    assert transitions(data)[-1] == ("approved", "clinician2", "depthead", "submitted", "submitted")


def test_submitting_past_100_percent_names_the_overlapping_requests(client: Client, world: World) -> None:
    """The module's requests hold 30 % of clinician's time already."""
    client = world.client(client, "clinician")
    url = reverse("api:hostposition-list")
    first = post(client, url, request_body("hostposition", time_share=60)).json()["id"]
    post(client, reverse("api:hostposition-submit", args=[first]))
    second = post(client, url, request_body("hostposition", time_share=50)).json()["id"]
    response = post(client, reverse("api:hostposition-submit", args=[second]))
    assert response.status_code == 400
    assert f"#{first}" in response.json()["time_share"][0]
    assert Position.objects.get(pk=second).status == PositionStatus.DRAFT


def test_the_applicant_edits_a_draft_and_the_edit_is_in_the_history(client: Client, world: World) -> None:
    pk = world.requests["hostposition", "draft"]
    neurolearn = Team.objects.get(acronym="NEUROLEARN")
    body = {"host_team": neurolearn.pk, "time_share": 30, "call": None}
    data = post(world.client(client, "clinician"), reverse("api:hostposition-detail", args=[pk]), body, "PATCH").json()
    assert (data["host_team"], data["team"]["name"], data["time_share"]) == (neurolearn.pk, "NEUROLEARN", 30)
    assert transitions(data)[-1] == ("updated", "clinician", None, None, None)


def test_there_is_no_put(client: Client, world: World) -> None:
    pk = world.requests["hostposition", "draft"]
    url = reverse("api:hostposition-detail", args=[pk])
    response = post(world.client(client, "clinician"), url, request_body("hostposition"), method="PUT")
    assert response.status_code == 405


# Token authentication ------------------------------------------------------------------


def listed_with(api: Client, headers: dict[str, str], **params: str) -> set[int]:
    response = api.get(reverse("api:hostposition-list"), params, headers=headers)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_token_authentication_works_for_reading_and_deciding(world: World) -> None:
    """No session, no CSRF token: the API token alone."""
    api = Client(enforce_csrf_checks=True)
    token = Token.objects.create(user=world.users["depthead"])
    headers = {"Authorization": f"Token {token.key}"}
    pk = world.requests["hostposition", "submitted"]
    assert listed_with(api, headers, awaiting_me="true") == {pk}
    response = api.post(
        reverse("api:hostposition-approve", args=[pk]),
        json.dumps({"comment": "Released."}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["decisions"][0]["decided_by"] == "depthead"


def test_a_bad_token_is_a_401(world: World) -> None:
    response = Client().get(reverse("api:hostposition-list"), headers={"Authorization": "Token nope"})
    assert response.status_code == 401


# Bad input: 400 with a message, never 500 ------------------------------------------------


def end_in(days: int) -> str:
    return str(today() + timedelta(days=30 + days))


BAD_CREATES = [
    ({"start_date": "2027-02-30"}, "start_date"),
    ({"end_date": "soon"}, "end_date"),
    ({"time_share": 15}, "time_share"),
    ({"time_share": 110}, "time_share"),
    ({"time_share": 0}, "time_share"),
    ({"time_share": -10}, "time_share"),
    ({"time_share": 10**30}, "time_share"),
    ({"time_share": "half"}, "time_share"),
    ({"time_share": 12.5}, "time_share"),
    ({"end_date": end_in(-60)}, "end_date"),
    ({"end_date": end_in(0)}, "end_date"),
    ({"end_date": end_in(3 * 366)}, "end_date"),
    ({"host_team": 999_999}, "host_team"),
    ({"host_team": "CARDIOSIM"}, "host_team"),
    ({"host_team": None}, "host_team"),
    ({"topic": ""}, "topic"),
    ({"topic": "   "}, "topic"),
    ({"topic": "x" * 301}, "topic"),
    ({"topic": "null\x00byte"}, "topic"),
    ({"call": 999_999}, "call"),
    ({"justification": ["a", "list"]}, "justification"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_CREATES, ids=[repr(f)[:60] for f, _ in BAD_CREATES])
def test_a_bad_request_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    before = Position.objects.count()
    client = world.client(client, "clinician")
    response = post(client, reverse("api:hostposition-list"), request_body("hostposition", **fields))
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]
    assert response.json()[field][0]
    assert Position.objects.count() == before


def test_a_closed_call_is_refused(client: Client, world: World) -> None:
    call = Call.objects.create(title="2020", opens_on=date(2020, 1, 1), closes_on=date(2020, 3, 1))
    client = world.client(client, "clinician")
    response = post(client, reverse("api:hostposition-list"), request_body("hostposition", call=call.pk))
    assert response.status_code == 400
    assert list(response.json()) == ["call"]


def test_an_open_call_is_recorded(client: Client, world: World) -> None:
    call = Call.objects.create(title="Now", opens_on=today(), closes_on=today() + timedelta(days=30))
    client = world.client(client, "clinician")
    response = post(client, reverse("api:hostposition-list"), request_body("hostposition", call=call.pk))
    assert response.status_code == 201
    assert response.json()["call"] == call.pk


def test_dates_at_the_end_of_the_calendar_are_no_error(client: Client, world: World) -> None:
    """Three years after 9999-06-01 is past the calendar's end, not a crash."""
    body = request_body("hostposition", start_date="9999-06-01", end_date="9999-12-31")
    response = post(world.client(client, "clinician"), reverse("api:hostposition-list"), body)
    assert response.status_code == 201


@pytest.mark.parametrize("missing", ["host_team", "time_share", "start_date", "end_date", "topic"])
def test_a_required_field_is_required(client: Client, world: World, missing: str) -> None:
    body = request_body("hostposition")
    del body[missing]
    client = world.client(client, "clinician")
    response = post(client, reverse("api:hostposition-list"), body)
    assert response.status_code == 400
    assert list(response.json()) == [missing]


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", '"a string"', "null", "\x00"])
def test_a_body_that_is_not_a_json_object_is_a_400(client: Client, world: World, payload: str) -> None:
    client = world.client(client, "clinician")
    urls = [
        reverse("api:hostposition-list"),
        reverse("api:hostposition-reject", args=[world.requests["hostposition", "submitted"]]),
    ]
    for url in urls:
        response = client.generic("POST", url, payload, content_type="application/json")
        assert response.status_code == 400, (url, response.content[:300])
    response = client.generic(
        "PATCH",
        reverse("api:hostposition-detail", args=[world.requests["hostposition", "draft"]]),
        payload,
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(("fields", "field"), BAD_CREATES[:12], ids=[repr(f)[:60] for f, _ in BAD_CREATES[:12]])
def test_a_bad_edit_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    pk = world.requests["hostposition", "draft"]
    url = reverse("api:hostposition-detail", args=[pk])
    response = post(world.client(client, "clinician"), url, request_body("hostposition", **fields), method="PATCH")
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    ("basename", "persona"),
    [("hostposition", "partner"), ("hostposition", "researcher"), ("secondment", "clinician")],
)
def test_someone_who_cannot_hold_the_request_is_told_why(
    client: Client, world: World, basename: str, persona: str
) -> None:
    client = world.client(client, persona)
    response = post(client, reverse(f"api:{basename}-list"), request_body(basename))
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0]


@pytest.mark.parametrize(
    ("basename", "persona"),
    [("hostposition", "partner"), ("hostposition", "researcher"), ("secondment", "clinician")],
)
def test_someone_who_cannot_hold_the_request_learns_nothing_of_the_units_it_names(
    client: Client, world: World, basename: str, persona: str
) -> None:
    """The refusal comes before the body is read: an existing unit and call get the
    same answer as ids that exist nowhere."""
    client = world.client(client, persona)
    field, _name = HOST_UNIT[basename]
    existing = {"call": Call.objects.values_list("pk", flat=True).first()}
    missing = {field: 999999, "call": 999999}
    answers = [
        post(client, reverse(f"api:{basename}-list"), request_body(basename, **body)) for body in (existing, missing)
    ]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999", "abc", "-1"])
def test_a_missing_request_is_a_404(client: Client, world: World, pk: str) -> None:
    client = world.client(client, "ops")
    assert client.get(f"/api/host-positions/{pk}/").status_code == 404
    assert post(client, f"/api/host-positions/{pk}/approve/").status_code == 404


def test_a_secondment_is_not_found_among_host_positions(client: Client, world: World) -> None:
    pk = world.requests["secondment", "submitted"]
    assert world.client(client, "ops").get(reverse("api:hostposition-detail", args=[pk])).status_code == 404


# Query counts ---------------------------------------------------------------------------


def add_requests(count: int, users: dict[str, User]) -> None:
    """``count`` requests of each kind in the pending and decided states, with
    their decisions, as the applicants' and heads' grants require."""
    cardiosim = Team.objects.get(acronym="CARDIOSIM")
    cardiologie = Department.objects.get(name="Cardiologie")
    start = today() + timedelta(days=30)
    plan = [(PositionStatus.SUBMITTED, 1), (PositionStatus.ENDORSED, 2), (PositionStatus.APPROVED, 3)]
    for kind, applicant in ((PositionKind.HOST, users["clinician"]), (PositionKind.SECONDMENT, users["researcher"])):
        positions = Position.objects.bulk_create(
            Position(
                kind=kind,
                applicant=applicant,
                team=cardiosim,
                department=cardiologie,
                time_share=10,
                start_date=start,
                end_date=start + timedelta(days=365),
                topic=f"Request {n}",
                status=plan[n % 3][0],
                # The endorsements given below, as position_decide marks them.
                team_decided=plan[n % 3][1] >= 1,
                department_decided=plan[n % 3][1] >= 2,
                # CARDIOSIM and Cardiologie have heads: only the endorsed await direction.
                awaits_direction=plan[n % 3][0] == PositionStatus.ENDORSED,
            )
            for n in range(count)
        )
        deciders = [(Step.TEAM, users["teamlead"]), (Step.DEPARTMENT, users["depthead"]), (Step.FINAL, users["ops"])]
        Decision.objects.bulk_create(
            Decision(position=position, step=step, outcome=Decision.Outcome.APPROVED, decided_by=by)
            for n, position in enumerate(positions)
            for step, by in deciders[: plan[n % 3][1]]
        )
    positions_grants_sync(today=today())


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("basename", KINDS)
@pytest.mark.parametrize("persona", ["ops", "teamlead"])
def test_a_list_costs_the_same_for_any_length(
    client: Client, world: World, django_assert_num_queries, size: int, basename: str, persona: str
) -> None:
    add_requests(size, world.users)
    client = world.client(client, persona)
    # ops see every request by role; teamlead through their grants.
    with django_assert_num_queries(7):
        # 1. the session
        # 2. the signed-in user with their roles and model permissions
        # 3. the number of requests they see, for the pager
        # 4. one page of requests with applicant, units, heads and call
        # 5. the page's decisions, with who decided and for whom
        # 6. the approvers: direction and operations, today's delegates (one UNION)
        # 7. the session saved again, in one UPDATE
        response = client.get(reverse(f"api:{basename}-list"), {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) > size


@pytest.mark.parametrize("size", [5, 50])
def test_awaiting_me_costs_the_same_for_any_length(
    client: Client, world: World, django_assert_num_queries, size: int
) -> None:
    add_requests(size, world.users)
    client = world.client(client, "depthead")
    with django_assert_num_queries(7):
        # The queries of the plain list: the approvers (read before the
        # permissions, now) serve the filter and the rows alike.
        response = client.get(reverse("api:hostposition-list"), {"awaiting_me": "true", "page_size": 200})
    assert response.status_code == 200
    # A third of them are submitted, with the team's endorsement given; and the module's submitted one.
    assert response.json()["count"] == len(range(0, size, 3)) + 1


# The schema -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3(schema: dict) -> None:
    validate_schema(schema)


@pytest.mark.parametrize("prefix", ["/api/host-positions/", "/api/secondments/"])
def test_the_schema_documents_every_endpoint_and_its_refusals(schema: dict, prefix: str) -> None:
    paths = schema["paths"]
    assert set(paths[prefix]) == {"get", "post"}
    assert set(paths[f"{prefix}{{id}}/"]) == {"get", "patch"}
    listing = paths[prefix]["get"]
    assert {"status", "awaiting_me", "page", "page_size"} <= {p["name"] for p in listing["parameters"]}
    assert set(paths[prefix]["post"]["responses"]) >= {"201", "400"}
    assert set(paths[f"{prefix}{{id}}/"]["patch"]["responses"]) >= {"200", "400", "403", "404", "409"}
    for name in ACTIONS:
        operation = paths[f"{prefix}{{id}}/{name}/"]["post"]
        assert set(operation["responses"]) >= {"200", "400", "403", "404", "409"}, name


def test_the_schema_names_the_fields_of_a_request(schema: dict) -> None:
    components = schema["components"]["schemas"]
    detail = components["HostPositionDetail"]["properties"]
    assert {"id", "kind", "status", "applicant", "host_team", "team", "department", "time_share"} <= set(detail)
    assert {"awaiting", "decisions", "history", "phase", "created_at", "submitted_at", "call"} <= set(detail)
    assert "host_department" in components["SecondmentDetail"]["properties"]
    assert "history" not in components["HostPosition"]["properties"]
    assert set(components["HistoryEntry"]["properties"]) == {
        "at",
        "actor",
        "on_behalf_of",
        "action",
        "from",
        "to",
        "comment",
    }
    assert components["RejectRequest"]["required"] == ["reason"]
    assert components["ChangesRequest"]["required"] == ["comment"]
    assert "round" in components["Decision"]["properties"]
    assert "changes_requested" in components["PositionStatusEnum"]["enum"]
    assert set(components["HostPositionWriteRequest"]["required"]) == {
        "host_team",
        "time_share",
        "start_date",
        "end_date",
        "topic",
    }


def test_the_schema_is_served(client: Client, world: World) -> None:
    response = world.client(client, "researcher").get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert "/api/host-positions/{id}/approve/" in response.json()["paths"]


@pytest.mark.parametrize("case", matrix(POSITION_ACCESS_API))
def test_access_matrix(client: Client, world: World, case: Check) -> None:
    """Why one sees a request, and who can see it (people.access): each reason
    by its rule's code, each person with what they may do."""
    kind = case.name.split(":")[1].partition("-")[0]
    cast = CAST[kind]
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected != 200:
        return
    if case.name.endswith("-access-me"):
        codes = {reason["code"] for reason in response.json()["reasons"]}
        assert ("applicant" in codes) == (case.persona == cast["applicant"])
        assert ("direction" in codes) == (case.persona == "director")
        assert ("operations" in codes) == (case.persona == "ops")
        assert ("team_leader" in codes) == (case.persona == cast["leader"] and "draft" not in case.args[0])
        assert all(reason["text"] for reason in response.json()["reasons"])
    else:
        listed = {row["user"]: row for row in response.json()["results"]}
        draft = "draft" in case.args[0]
        expected = {cast["applicant"], "director", "ops"} | (set() if draft else {cast["leader"], cast["head"]})
        assert set(listed) == expected
        assert ("edit" in listed[cast["applicant"]]["may"]) == draft
        assert [reason["code"] for reason in listed["ops"]["reasons"]] == ["operations"]
