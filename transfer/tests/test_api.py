"""The transfer API (SPEC §3, §6): the permission matrix of every endpoint and
action for every persona, on the four innovations of ``scenario`` (public,
hidden, secret, orphan), their agreements, deployments and partner companies;
what each persona lists; stage moves; filters; bad input; query counts and the
schema.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from core.audit import audit_history
from core.testing import Check, Lookup, check_case, filled, matrix, world_fixture
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import Company, Department, Hospital, User
from projects.models import Project
from transfer import services
from transfer.api import urls as api_urls
from transfer.models import Agreement, Deployment, Innovation
from transfer.tests.matrix import API_ACCESS, API_LISTS, API_OBJECTS, NEW_AGREEMENT, NEW_DEPLOYMENT
from transfer.tests.scenario import SEES, SEES_AGREEMENT, SEES_PARTNER, build

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
ANONYMOUS = "anonymous"
KEYS = list(SEES)
COMPANIES = list(SEES_PARTNER)

API_URL_NAMES = frozenset(
    f"api:{name}"
    for name in (
        "innovation-list",
        "innovation-detail",
        "innovation-move",
        "partner-list",
        "partner-detail",
        "agreement-list",
        "agreement-detail",
        "deployment-list",
        "deployment-detail",
        *(
            f"{noun}-{action}"
            for noun in ("innovation", "agreement", "deployment")
            for action in ("access-me", "access")
        ),
    )
)


def today() -> date:
    return timezone.localdate()


def send(client: Client, url: str, body: object = None, method: str = "POST") -> Any:
    return client.generic(method, url, json.dumps(body if body is not None else {}), content_type="application/json")


# The module's records, made once through the services ------------------------------------


@dataclass
class Fixture:
    innovations: dict[str, int]
    agreements: dict[str, int]
    deployments: dict[str, int]
    companies: dict[str, int]
    projects: dict[str, int]
    hospital: int


def build_api_world() -> Fixture:
    """The personas and ``scenario``, with a deployment of every innovation."""
    scenario = build(seed())
    deployments = {"secret": scenario.deployment.pk}
    hospital = scenario.deployment.hospital
    for key in ("public", "hidden", "orphan"):
        deployments[key] = services.deployment_create(
            by=scenario.users["transfer"],
            innovation=scenario.innovations[key],
            hospital=hospital,
            system_name=f"SYS-{key}",
        ).pk
    return Fixture(
        innovations={key: innovation.pk for key, innovation in scenario.innovations.items()},
        agreements={key: agreement.pk for key, agreement in scenario.agreements.items()},
        deployments=deployments,
        companies={key: company.pk for key, company in scenario.companies.items()},
        projects={key: project.pk for key, project in scenario.projects.items()},
        hospital=hospital.pk,
    )


fixture_once = world_fixture(build_api_world)


@dataclass
class World:
    users: dict[str, User]
    fixture: Fixture

    def client(self, client: Client, persona: str) -> Client:
        if persona != ANONYMOUS:
            client.force_login(self.users[persona])
        return client

    def innovation(self, key: str) -> Innovation:
        return Innovation.objects.get(pk=self.fixture.innovations[key])


@pytest.fixture
def world(fixture_once: Fixture, db: None) -> World:
    users = {user.username: user for user in User.objects.filter(username__in=PERSONAS)}
    return World(users=users, fixture=fixture_once)


def listed(client: Client, name: str, **params: str) -> set[int]:
    response = client.get(reverse(f"api:{name}"), {"page_size": 200} | params)
    assert response.status_code == 200, response.content[:500]
    return {row["id"] for row in response.json()["results"]}


def test_api_url_names_are_the_routed_ones() -> None:
    assert {f"api:{pattern.name}" for pattern in api_urls.urlpatterns} == API_URL_NAMES


# The permission matrices: ``API_OBJECTS`` and ``API_LISTS`` (transfer/tests/matrix.py) ----


def lookup(world: World) -> Lookup:
    fixture = world.fixture
    records = {
        "innovation": fixture.innovations,
        "agreement": fixture.agreements,
        "deployment": fixture.deployments,
        "company": fixture.companies,
    }

    def find(name: str) -> Any:
        kind, _sep, key = name.partition(":")
        return fixture.hospital if kind == "hospital" else records[kind][key]

    return find


def record_state(name: str, pk: int) -> tuple:
    if name == "api:agreement-detail":
        return (Agreement.objects.get(pk=pk).reference,)
    if name == "api:deployment-detail":
        return tuple(Deployment.objects.filter(pk=pk).values_list("system_name", "status").get())
    if name == "api:partner-detail":
        return (Company.objects.get(pk=pk).name,)
    return tuple(Innovation.objects.filter(pk=pk).values_list("title", "readiness_level", "stage").get())


@pytest.mark.parametrize("case", matrix(API_OBJECTS))
def test_object_matrix(client: Client, world: World, case: Check) -> None:
    pk = filled(case.args[0], lookup(world))
    before = record_state(case.name, pk)
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    after = record_state(case.name, pk)
    if case.method == "GET" or case.expected != 200:
        assert after == before
    else:
        assert after != before
        assert response.json()["id"] == pk
    if case.expected == 200 and case.method == "GET":
        assert response.json()["id"] == pk
    if case.expected == 404:
        # Not a hint that it exists.
        assert set(response.json()) == {"detail"}


def counted(name: str) -> int:
    models = {"api:innovation-list": Innovation, "api:partner-list": Company, "api:agreement-list": Agreement}
    return models.get(name, Deployment).objects.count()


@pytest.mark.parametrize("case", matrix(API_LISTS))
def test_list_matrix(client: Client, world: World, case: Check) -> None:
    """Anyone signed in lists (what they see); only transfer officers create."""
    before = counted(case.name)
    check_case(client, case, world.users.get(case.persona), lookup(world))
    assert counted(case.name) == before + (case.expected == 201)


# Why one sees a record, by the codes of its clauses (transfer.access): the roles that
# see everything, a partner account through its company's agreement, staff through
# the innovation's project.
ACCESS_CODES = {
    "director": ["direction"],
    "ops": ["operations"],
    "transfer": ["transfer_officer"],
    "partner": ["partner"],
}


@pytest.mark.parametrize("case", matrix(API_ACCESS))
def test_access_matrix(client: Client, world: World, case: Check) -> None:
    """Whoever sees a record asks why; the transfer office, direction and
    operations ask who sees it, and are told each one's reasons and rights."""
    response = check_case(client, case, world.users.get(case.persona), lookup(world))
    if case.expected != 200:
        return
    key = case.args[0].strip("<>").partition(":")[2]
    if case.name.endswith("-access-me"):
        codes = [reason["code"] for reason in response.json()["reasons"]]
        assert codes == ACCESS_CODES.get(case.persona, ["project"])
        assert all(reason["text"] for reason in response.json()["reasons"])
        return
    rows = {row["user"]: row for row in response.json()["results"]}
    assert set(rows) & set(PERSONAS) == SEES[key]
    for username in SEES[key]:
        assert rows[username]["may"] == (["view", "edit"] if username == "transfer" else ["view"])
        assert [reason["code"] for reason in rows[username]["reasons"]] == ACCESS_CODES.get(username, ["project"])
    if "teamlead" in rows:
        assert rows["teamlead"]["role"] == "lead"


# What each persona lists -----------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_what_they_see(client: Client, world: World, persona: str) -> None:
    client = world.client(client, persona)
    fixture = world.fixture
    for name, records, who in (
        ("innovation-list", fixture.innovations, SEES),
        ("agreement-list", fixture.agreements, SEES_AGREEMENT),
        ("deployment-list", fixture.deployments, SEES),
        ("partner-list", fixture.companies, SEES_PARTNER),
    ):
        expected = {records[key] for key in who if persona in who[key]}
        assert listed(client, name) & set(records.values()) == expected, name


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_innovation_names_only_the_agreements_its_viewer_sees(client: Client, world: World, persona: str) -> None:
    client = world.client(client, persona)
    rows = client.get(reverse("api:innovation-list"), {"page_size": 200}).json()["results"]
    shown = {agreement["id"] for row in rows for agreement in row["agreements"]}
    assert shown == listed(client, "agreement-list")


def test_a_partner_sees_only_its_own_company_s_agreements(client: Client, world: World) -> None:
    """A competitor's licence on the public innovation stays out of every answer."""
    officer = world.users["transfer"]
    public = world.innovation("public")
    other = Company.objects.get(pk=world.fixture.companies["other"])
    rival = services.agreement_create(
        by=officer, kind="licence", partner=other, innovation=public, signed_on=today(), reference="AGR-RIVAL"
    )
    client = world.client(client, "partner")
    assert rival.pk not in listed(client, "agreement-list")
    assert client.get(reverse("api:agreement-detail", args=[rival.pk])).status_code == 404
    detail = client.get(reverse("api:innovation-detail", args=[public.pk])).json()
    assert [agreement["reference"] for agreement in detail["agreements"]] == ["AGR-PUBLIC"]
    assert "AGR-RIVAL" not in json.dumps(detail["history"])
    # Filtering by the competitor tells nothing either.
    assert listed(client, "innovation-list", partner=str(other.pk)) == set()
    assert listed(client, "agreement-list", partner=str(other.pk)) == set()
    assert client.get(reverse("api:partner-detail", args=[other.pk])).status_code == 404
    # The transfer office sees both.
    assert {"AGR-PUBLIC", "AGR-RIVAL"} <= {
        agreement["reference"]
        for agreement in world.client(Client(), "transfer")
        .get(reverse("api:innovation-detail", args=[public.pk]))
        .json()["agreements"]
    }


def test_an_innovation_names_its_project_only_to_who_sees_it(client: Client, world: World) -> None:
    """A non-confidential innovation of the confidential project, licensed to
    ``partner``'s company: the partner sees it, not its project."""
    officer = world.users["transfer"]
    secret_project = Project.objects.get(pk=world.fixture.projects["secret"])
    innovation = services.innovation_create(
        by=officer, title="Tumour segmentation", project=secret_project, confidential=False
    )
    services.agreement_create(
        by=officer,
        kind="nda",
        partner=world.users["partner"].company,
        innovation=innovation,
        signed_on=today(),
        reference="AGR-TUMOUR",
    )
    url = reverse("api:innovation-detail", args=[innovation.pk])
    partner = world.client(client, "partner").get(url).json()
    assert partner["project"] is None
    assert all("project" not in entry["changes"] for entry in partner["history"])
    assert "SECRET" not in json.dumps(partner)
    # A transfer officer sees the innovation, not the confidential project they are not in (§3).
    officer_view = world.client(Client(), "transfer").get(url).json()
    assert officer_view["project"] is None
    assert "SECRET" not in json.dumps(officer_view)
    assert (
        world.client(Client(), "transfer")
        .get(reverse("api:innovation-list"), {"project": secret_project.pk})
        .json()["count"]
        == 0
    )
    for persona in ("researcher", "director"):
        data = world.client(Client(), persona).get(url).json()
        assert data["project"] == {"id": secret_project.pk, "name": "SECRET"}, persona


def test_a_detail_names_its_owners_deployments_and_history(client: Client, world: World) -> None:
    innovation = world.innovation("secret")
    services.innovation_update(innovation=innovation, by=world.users["transfer"], owners=[world.users["researcher"]])
    data = world.client(client, "researcher").get(reverse("api:innovation-detail", args=[innovation.pk])).json()
    assert data["owners"] == ["researcher"]
    assert [(d["system_name"], d["status"]) for d in data["deployments"]] == [("ORBIS", "live")]
    assert [entry["action"] for entry in data["history"]][:2] == ["created", "agreement_added"]
    assert data["url"].endswith(f"/api/innovations/{innovation.pk}/")
    assert data["project"] == {"id": world.fixture.projects["secret"], "name": "SECRET"}


# Writing -----------------------------------------------------------------------------------


def test_an_innovation_is_created_confidential_by_default(client: Client, world: World) -> None:
    body = {
        "title": "  Sepsis early warning  ",
        "project": world.fixture.projects["open"],
        "owners": ["researcher", "clinician"],
    }
    response = send(world.client(client, "transfer"), reverse("api:innovation-list"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["title"], data["confidential"], data["stage"]) == ("Sepsis early warning", True, "identified")
    assert data["owners"] == ["clinician", "researcher"]
    assert [entry["action"] for entry in data["history"]] == ["created"]
    # Confidential: the project's members do not see it, its leads do.
    url = reverse("api:innovation-detail", args=[data["id"]])
    assert world.client(Client(), "clinician2").get(url).status_code == 404
    assert world.client(Client(), "teamlead").get(url).status_code == 200


def test_an_innovation_recorded_late_starts_at_its_stage(client: Client, world: World) -> None:
    body = {"title": "Dose calculator", "stage": "transferred", "route": "startup", "confidential": False}
    data = send(world.client(client, "transfer"), reverse("api:innovation-list"), body).json()
    assert (data["stage"], data["transferred_on"], data["confidential"]) == ("transferred", str(today()), False)


def test_a_stage_change_by_patch_is_a_move_with_history(client: Client, world: World) -> None:
    pk = world.fixture.innovations["orphan"]
    url = reverse("api:innovation-detail", args=[pk])
    client = world.client(client, "transfer")
    data = send(client, url, {"stage": "protecting", "readiness_level": 5}, "PATCH").json()
    assert (data["stage"], data["readiness_level"]) == ("protecting", 5)
    assert [entry["action"] for entry in data["history"]][-2:] == ["updated", "stage_changed"]

    response = send(client, url, {"stage": "evaluating", "title": "Going back"}, "PATCH")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    # Nothing of the edit is kept.
    assert Innovation.objects.get(pk=pk).title == "Innovation orphan"

    assert send(client, url, {"stage": "protecting"}, "PATCH").status_code == 409
    data = send(client, url, {"stage": "evaluating", "reason": "The patent was refused."}, "PATCH").json()
    assert data["stage"] == "evaluating"
    assert (data["history"][-1]["action"], data["history"][-1]["comment"]) == ("reopened", "The patent was refused.")


def test_a_move_made_meanwhile_is_a_conflict(client: Client, world: World) -> None:
    pk = world.fixture.innovations["public"]
    url = reverse("api:innovation-move", args=[pk])
    client = world.client(client, "transfer")
    assert send(client, url, {"stage": "evaluating", "expected": "identified"}).status_code == 200
    response = send(client, url, {"stage": "protecting", "expected": "identified"})
    assert response.status_code == 409
    assert "detail" in response.json()
    assert Innovation.objects.get(pk=pk).stage == "evaluating"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"stage": "abandoned"}, 400, "reason"),
        ({"stage": "abandoned", "reason": "   "}, 400, "reason"),
        ({"stage": "identified"}, 409, None),
        ({"stage": "sold"}, 400, "stage"),
        ({}, 400, "stage"),
        ({"stage": "evaluating", "expected": "nowhere"}, 400, "expected"),
        ({"stage": "evaluating", "reason": "x" * 1001}, 400, "reason"),
    ],
)
def test_a_bad_move_is_refused(client: Client, world: World, body: dict, status: int, field: str | None) -> None:
    pk = world.fixture.innovations["hidden"]
    response = send(world.client(client, "transfer"), reverse("api:innovation-move", args=[pk]), body)
    assert response.status_code == status, response.content[:300]
    if field:
        assert list(response.json()) == [field]
    assert Innovation.objects.get(pk=pk).stage == "identified"


def test_an_agreement_is_recorded_on_its_innovation(client: Client, world: World) -> None:
    body = filled(NEW_AGREEMENT, lookup(world)) | {"reference": " AGR-2026-01 "}
    data = send(world.client(client, "transfer"), reverse("api:agreement-list"), body).json()
    assert data["reference"] == "AGR-2026-01"
    assert data["partner"] == {"id": world.fixture.companies["other"], "name": "Other Medical"}
    assert data["innovation"] == {"id": world.fixture.innovations["orphan"], "name": "Innovation orphan"}
    history = client.get(reverse("api:innovation-detail", args=[world.fixture.innovations["orphan"]])).json()
    assert history["history"][-1]["action"] == "agreement_added"


def test_a_partner_company_is_created_and_renamed(client: Client, world: World) -> None:
    client = world.client(client, "transfer")
    data = send(client, reverse("api:partner-list"), {"name": " Cardio Devices "}).json()
    assert (data["name"], data["agreement_count"]) == ("Cardio Devices", 0)
    url = reverse("api:partner-detail", args=[data["id"]])
    assert send(client, url, {"name": "Cardio Devices SAS"}, "PATCH").json()["name"] == "Cardio Devices SAS"
    assert send(client, url, {}, "PATCH").status_code == 400
    actions = [event.action for event in audit_history(Company.objects.get(pk=data["id"]))]
    assert actions == ["created", "updated"]


def test_a_partner_counts_the_agreements_its_viewer_sees(client: Client, world: World) -> None:
    pk = world.fixture.companies["other"]
    counts = {
        persona: world.client(Client(), persona).get(reverse("api:partner-detail", args=[pk])).json()["agreement_count"]
        for persona in ("transfer", "researcher")
    }
    assert counts == {"transfer": 2, "researcher": 1}


def test_a_deployment_takes_its_hospital_from_its_department(client: Client, world: World) -> None:
    department = Department.objects.select_related("hospital").get(name="Neuroradiologie")
    body = {"innovation": world.fixture.innovations["hidden"], "department": department.pk, "system_name": "PACS"}
    response = send(world.client(client, "transfer"), reverse("api:deployment-list"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["hospital"] == {"id": department.hospital_id, "name": department.hospital.short_name}
    assert data["department"] == {"id": department.pk, "name": "Neuroradiologie"}
    assert data["status"] == "planned"


@pytest.mark.parametrize("name", ["innovation-detail", "partner-detail", "agreement-detail", "deployment-detail"])
def test_there_is_no_put_nor_delete(client: Client, world: World, name: str) -> None:
    records = {
        "innovation": world.fixture.innovations,
        "partner": world.fixture.companies,
        "agreement": world.fixture.agreements,
        "deployment": world.fixture.deployments,
    }
    pk = records[name.split("-")[0]]["orphan" if name != "partner-detail" else "other"]
    client = world.client(client, "transfer")
    assert send(client, reverse(f"api:{name}", args=[pk]), method="DELETE").status_code == 405
    assert send(client, reverse(f"api:{name}", args=[pk]), {"name": "x"}, method="PUT").status_code == 405


# Filters -----------------------------------------------------------------------------------


def test_the_innovation_filters_keep_what_they_name(client: Client, world: World) -> None:
    fixture = world.fixture
    ids = fixture.innovations
    services.innovation_update(
        innovation=world.innovation("orphan"), by=world.users["transfer"], kind="patent", route="startup"
    )
    services.innovation_update(innovation=world.innovation("secret"), by=world.users["transfer"], readiness_level=7)
    services.innovation_move(innovation=world.innovation("public"), by=world.users["transfer"], to="evaluating")
    client = world.client(client, "ops")
    mine = set(ids.values())
    assert listed(client, "innovation-list", stage="evaluating") & mine == {ids["public"]}
    assert listed(client, "innovation-list", kind="patent") & mine == {ids["orphan"]}
    assert listed(client, "innovation-list", route="startup") & mine == {ids["orphan"]}
    assert listed(client, "innovation-list", readiness_level="7") & mine == {ids["secret"]}
    assert listed(client, "innovation-list", project=str(fixture.projects["open"])) == {ids["public"], ids["hidden"]}
    assert listed(client, "innovation-list", confidential="true") & mine == {ids["hidden"], ids["secret"]}
    assert listed(client, "innovation-list", confidential="false") & mine == {ids["public"], ids["orphan"]}
    assert listed(client, "innovation-list", partner=str(fixture.companies["other"])) & mine == {
        ids["secret"],
        ids["orphan"],
    }
    assert listed(client, "innovation-list", q="orphan") & mine == {ids["orphan"]}
    assert listed(client, "innovation-list", q="innovations") & mine == mine


def test_the_agreement_filters_keep_what_they_name(client: Client, world: World) -> None:
    ids = world.fixture.agreements
    client = world.client(client, "transfer")
    mine = set(ids.values())
    assert listed(client, "agreement-list", kind="licence") & mine == {ids["secret"]}
    assert listed(client, "agreement-list", partner=str(world.fixture.companies["partner"])) == {
        ids["public"],
        ids["hidden"],
    }
    assert listed(client, "agreement-list", innovation=str(world.fixture.innovations["orphan"])) == {ids["orphan"]}
    soon = str(today() + timedelta(days=60))
    assert listed(client, "agreement-list", expires_before=soon) & mine == {ids["public"]}
    assert listed(client, "agreement-list", expires_after=soon) & mine == mine - {ids["public"]}
    assert listed(client, "partner-list", q="other med") & set(world.fixture.companies.values()) == {
        world.fixture.companies["other"]
    }
    deployments = world.fixture.deployments
    assert listed(client, "deployment-list", status="live") & set(deployments.values()) == {deployments["secret"]}
    assert listed(client, "deployment-list", innovation=str(world.fixture.innovations["hidden"])) == {
        deployments["hidden"]
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("innovation-list", {"stage": "sold"}),
        ("innovation-list", {"kind": "poem"}),
        ("innovation-list", {"route": "ipo"}),
        ("innovation-list", {"readiness_level": "0"}),
        ("innovation-list", {"readiness_level": "10"}),
        ("innovation-list", {"project": "OPEN"}),
        ("innovation-list", {"partner": "99999999999999999999"}),
        ("innovation-list", {"confidential": "maybe"}),
        ("innovation-list", {"q": "null\x00byte"}),
        ("innovation-list", {"q": "x" * 201}),
        ("partner-list", {"q": "null\x00byte"}),
        ("agreement-list", {"kind": "marriage"}),
        ("agreement-list", {"partner": "-1"}),
        ("agreement-list", {"innovation": "abc"}),
        ("agreement-list", {"expires_before": "2027-02-30"}),
        ("agreement-list", {"expires_after": "soon"}),
        ("deployment-list", {"status": "dead"}),
        ("deployment-list", {"innovation": "1.5"}),
    ],
)
def test_a_bad_filter_is_a_400(client: Client, world: World, name: str, params: dict[str, str]) -> None:
    response = world.client(client, "transfer").get(reverse(f"api:{name}"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


# Bad input ---------------------------------------------------------------------------------

BAD_INNOVATIONS = [
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": "null\x00byte"}, "title"),
    ({"description": "x" * 10_001}, "description"),
    ({"kind": "poem"}, "kind"),
    ({"readiness_level": 0}, "readiness_level"),
    ({"readiness_level": 10}, "readiness_level"),
    ({"readiness_level": "high"}, "readiness_level"),
    ({"readiness_level": 4.5}, "readiness_level"),
    ({"stage": "sold"}, "stage"),
    ({"route": "ipo"}, "route"),
    ({"project": 999_999}, "project"),
    ({"project": "OPEN"}, "project"),
    ({"project": 10**30}, "project"),
    ({"confidential": "perhaps"}, "confidential"),
    ({"owners": "researcher"}, "owners"),
    ({"owners": ["nobody"]}, "owners"),
    ({"owners": ["null\x00byte"]}, "owners"),
    ({"owners": [["a", "list"]]}, "owners"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_INNOVATIONS, ids=[repr(f)[:60] for f, _ in BAD_INNOVATIONS])
def test_a_bad_innovation_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    before = Innovation.objects.count()
    body = {"title": "A new innovation"} | fields
    response = send(world.client(client, "transfer"), reverse("api:innovation-list"), body)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]
    assert Innovation.objects.count() == before


@pytest.mark.parametrize(("fields", "field"), BAD_INNOVATIONS, ids=[repr(f)[:60] for f, _ in BAD_INNOVATIONS])
def test_a_bad_innovation_edit_is_refused_with_a_message(
    client: Client, world: World, fields: dict, field: str
) -> None:
    url = reverse("api:innovation-detail", args=[world.fixture.innovations["public"]])
    response = send(world.client(client, "transfer"), url, fields, "PATCH")
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


BAD_AGREEMENTS = [
    ({"kind": "marriage"}, "kind"),
    ({"partner": 999_999}, "partner"),
    ({"partner": "Other Medical"}, "partner"),
    ({"innovation": 10**30}, "innovation"),
    ({"innovation": None}, "innovation"),
    ({"signed_on": "2027-02-30"}, "signed_on"),
    ({"signed_on": None}, "signed_on"),
    ({"expires_on": "soon"}, "expires_on"),
    ({"expires_on": str(date(2000, 1, 1))}, "expires_on"),
    ({"reference": ""}, "reference"),
    ({"reference": "x" * 101}, "reference"),
    ({"reference": "null\x00byte"}, "reference"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_AGREEMENTS, ids=[repr(f)[:60] for f, _ in BAD_AGREEMENTS])
def test_a_bad_agreement_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    before = Agreement.objects.count()
    body = filled(NEW_AGREEMENT, lookup(world)) | fields
    response = send(world.client(client, "transfer"), reverse("api:agreement-list"), body)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]
    assert Agreement.objects.count() == before


def test_an_agreement_edit_keeps_its_expiry_after_its_signature(client: Client, world: World) -> None:
    pk = world.fixture.agreements["public"]
    agreement = Agreement.objects.get(pk=pk)
    url = reverse("api:agreement-detail", args=[pk])
    client = world.client(client, "transfer")
    response = send(client, url, {"expires_on": str(agreement.signed_on)}, "PATCH")
    assert response.status_code == 400
    assert list(response.json()) == ["expires_on"]
    response = send(client, url, {"signed_on": str(agreement.expires_on + timedelta(days=1))}, "PATCH")
    assert response.status_code == 400
    assert list(response.json()) == ["expires_on"]
    assert Agreement.objects.get(pk=pk).signed_on == agreement.signed_on


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": ""}, "name"), ({"name": "x" * 201}, "name"), ({"name": "Other Medical"}, "name"), ({}, "name")],
)
def test_a_bad_partner_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    response = send(world.client(client, "transfer"), reverse("api:partner-list"), fields)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


BAD_DEPLOYMENTS = [
    ({"hospital": None}, "hospital"),
    ({"hospital": 999_999}, "hospital"),
    ({"department": "Cardiologie"}, "department"),
    ({"system_name": ""}, "system_name"),
    ({"system_name": "x" * 121}, "system_name"),
    ({"status": "dead"}, "status"),
    ({"go_live_on": "2027-02-30"}, "go_live_on"),
    ({"innovation": 999_999}, "innovation"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_DEPLOYMENTS, ids=[repr(f)[:60] for f, _ in BAD_DEPLOYMENTS])
def test_a_bad_deployment_is_refused_with_a_message(client: Client, world: World, fields: dict, field: str) -> None:
    body = filled(NEW_DEPLOYMENT, lookup(world)) | fields
    response = send(world.client(client, "transfer"), reverse("api:deployment-list"), body)
    assert response.status_code == 400, response.content[:500]
    assert list(response.json()) == [field]


def test_a_deployment_without_hospital_nor_department_is_refused(client: Client, world: World) -> None:
    body = {"innovation": world.fixture.innovations["public"], "system_name": "DxCare"}
    response = send(world.client(client, "transfer"), reverse("api:deployment-list"), body)
    assert response.status_code == 400
    assert list(response.json()) == ["hospital"]


def test_a_department_of_another_hospital_is_refused(client: Client, world: World) -> None:
    hegp = Hospital.objects.get(short_name="HEGP")
    psl_department = Department.objects.get(name="Neuroradiologie")
    url = reverse("api:deployment-detail", args=[world.fixture.deployments["public"]])
    body = {"hospital": hegp.pk, "department": psl_department.pk}
    response = send(world.client(client, "transfer"), url, body, "PATCH")
    assert response.status_code == 400
    assert list(response.json()) == ["department"]


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", '"a string"', "null", "\x00"])
def test_a_body_that_is_not_a_json_object_is_a_400(client: Client, world: World, payload: str) -> None:
    fixture = world.fixture
    client = world.client(client, "transfer")
    targets = [
        ("POST", reverse("api:innovation-list")),
        ("PATCH", reverse("api:innovation-detail", args=[fixture.innovations["public"]])),
        ("POST", reverse("api:innovation-move", args=[fixture.innovations["public"]])),
        ("POST", reverse("api:partner-list")),
        ("PATCH", reverse("api:partner-detail", args=[fixture.companies["other"]])),
        ("POST", reverse("api:agreement-list")),
        ("PATCH", reverse("api:agreement-detail", args=[fixture.agreements["public"]])),
        ("POST", reverse("api:deployment-list")),
        ("PATCH", reverse("api:deployment-detail", args=[fixture.deployments["public"]])),
    ]
    for method, url in targets:
        response = client.generic(method, url, payload, content_type="application/json")
        assert response.status_code == 400, (method, url, response.content[:300])


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999", "abc", "-1", "1.5"])
@pytest.mark.parametrize("prefix", ["innovations", "partners", "agreements", "deployments"])
def test_a_missing_object_is_a_404(client: Client, world: World, prefix: str, pk: str) -> None:
    client = world.client(client, "transfer")
    assert client.get(f"/api/{prefix}/{pk}/").status_code == 404
    assert send(client, f"/api/{prefix}/{pk}/", {"name": "x"}, "PATCH").status_code == 404
    if prefix == "innovations":
        assert send(client, f"/api/innovations/{pk}/move/", {"stage": "evaluating"}).status_code == 404


def test_a_refusal_does_not_depend_on_the_input(client: Client, world: World) -> None:
    """Who sees but may not write is refused before the body is read."""
    client = world.client(client, "director")
    url = reverse("api:innovation-detail", args=[world.fixture.innovations["public"]])
    assert send(client, url, {"readiness_level": 99}, "PATCH").status_code == 403
    assert send(client, reverse("api:innovation-list"), {"title": ""}).status_code == 403


# Query counts ------------------------------------------------------------------------------


def add_records(count: int, world: World) -> None:
    """``count`` innovations of the open project, each with an owner, an
    agreement with its own company and a deployment."""
    users = world.users
    open_project = world.fixture.projects["open"]
    hospital = world.fixture.hospital
    companies = Company.objects.bulk_create(Company(name=f"Bulk Co {n}") for n in range(count))
    innovations = Innovation.objects.bulk_create(
        Innovation(title=f"Bulk {n}", project_id=open_project, confidential=n % 2 == 0) for n in range(count)
    )
    Innovation.owners.through.objects.bulk_create(
        Innovation.owners.through(innovation_id=innovation.pk, user_id=users["researcher"].pk)
        for innovation in innovations
    )
    Agreement.objects.bulk_create(
        Agreement(kind="nda", partner=company, innovation=innovation, signed_on=today(), reference=f"BULK-{n}")
        for n, (company, innovation) in enumerate(zip(companies, innovations, strict=True))
    )
    Deployment.objects.bulk_create(
        Deployment(innovation=innovation, hospital_id=hospital, system_name="ORBIS") for innovation in innovations
    )


LIST_QUERIES = {
    # 1. the session; 2. the signed-in user with their roles and model permissions
    # 3. the number of records they see, for the pager; 4. one page of them
    # innovations: 5-7. the page's owners, agreements (with partner) and deployments (with hospital)
    # then the session saved again, in one UPDATE
    "innovation-list": 8,
    "agreement-list": 5,
    "deployment-list": 5,
    "partner-list": 5,
}


LIST_NAMES = ["innovation-list", "partner-list", "agreement-list", "deployment-list"]


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("persona", ["transfer", "teamlead", "partner"])
@pytest.mark.parametrize("name", LIST_NAMES)
def test_a_list_costs_the_same_for_any_length(
    client: Client, world: World, django_assert_num_queries, name: str, persona: str, size: int
) -> None:
    add_records(size, world)
    client = world.client(client, persona)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(f"api:{name}"), {"page_size": 200})
    assert response.status_code == 200
    if persona == "transfer":
        assert response.json()["count"] >= size


# The schema -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_is_valid_openapi_3(schema: dict) -> None:
    validate_schema(schema)


def test_the_schema_documents_every_endpoint_and_its_refusals(schema: dict) -> None:
    paths = schema["paths"]
    for prefix in ("innovations", "partners", "agreements", "deployments"):
        assert set(paths[f"/api/{prefix}/"]) == {"get", "post"}, prefix
        assert set(paths[f"/api/{prefix}/{{id}}/"]) == {"get", "patch"}, prefix
        assert set(paths[f"/api/{prefix}/"]["post"]["responses"]) >= {"201", "400", "403"}, prefix
        assert set(paths[f"/api/{prefix}/{{id}}/"]["patch"]["responses"]) >= {"200", "400", "403", "404"}, prefix
    for prefix in ("innovations", "agreements", "deployments"):
        assert set(paths[f"/api/{prefix}/{{id}}/access/me/"]["get"]["responses"]) == {"200", "404"}, prefix
        assert set(paths[f"/api/{prefix}/{{id}}/access/"]["get"]["responses"]) >= {"200", "403", "404"}, prefix
    assert set(paths["/api/innovations/{id}/move/"]) == {"post"}
    assert set(paths["/api/innovations/{id}/move/"]["post"]["responses"]) >= {"200", "400", "403", "404", "409"}
    parameters = {p["name"] for p in paths["/api/innovations/"]["get"]["parameters"]}
    assert {"q", "stage", "kind", "route", "project", "confidential", "partner", "readiness_level", "page"} <= (
        parameters
    )
    parameters = {p["name"] for p in paths["/api/agreements/"]["get"]["parameters"]}
    assert {"kind", "partner", "innovation", "expires_before", "expires_after", "page_size"} <= parameters


def test_the_schema_names_the_fields(schema: dict) -> None:
    components = schema["components"]["schemas"]
    assert {"history", "agreements", "deployments", "owners", "transferred_on", "url"} <= set(
        components["InnovationDetail"]["properties"]
    )
    assert set(components["InnovationWriteRequest"]["required"]) == {"title"}
    assert components["InnovationWriteRequest"]["properties"]["reason"]["writeOnly"] is True
    assert set(components["AgreementWriteRequest"]["required"]) == {
        "kind",
        "partner",
        "innovation",
        "signed_on",
        "reference",
    }
    assert set(components["PartnerWriteRequest"]["required"]) == {"name"}
    assert {"InnovationKindEnum", "AgreementKindEnum", "InnovationRouteEnum", "StageEnum"} <= set(components)


def test_filtering_the_api_by_a_project_one_does_not_see_tells_nothing(client: Client, world: World) -> None:
    """A partner sees a non-confidential innovation of the confidential project
    (through its agreement) but not the project: ``?project=<its id>`` must not
    tell which project the innovation belongs to."""
    officer, partner = world.users["transfer"], world.users["partner"]
    secret_project = Project.objects.get(pk=world.fixture.projects["secret"])
    innovation = services.innovation_create(
        by=officer, title="Tumour segmentation", project=secret_project, confidential=False
    )
    services.agreement_create(
        by=officer,
        kind="nda",
        partner=partner.company,
        innovation=innovation,
        signed_on=Agreement.objects.get(pk=world.fixture.agreements["public"]).signed_on,
        reference="AGR-TUMOUR",
    )
    api = world.client(client, "partner")
    everything = {row["title"] for row in api.get(reverse("api:innovation-list")).json()["results"]}
    assert "Tumour segmentation" in everything
    filtered = api.get(reverse("api:innovation-list"), {"project": secret_project.pk}).json()
    assert filtered["count"] == 0
    # The project it sees still filters.
    rows = api.get(reverse("api:innovation-list"), {"project": world.fixture.projects["open"]}).json()["results"]
    assert [row["title"] for row in rows] == ["Innovation public"]
