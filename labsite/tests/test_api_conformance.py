"""The API answers as its OpenAPI schema says (schemathesis against
``/api/schema/``), for a staff member (``researcher``) and a partner
(``partner``), on the demo world plus records SPEC §3 hides from both.

Every operation of the schema is one test per persona, sent ``EXAMPLES`` cases
drawn by schemathesis (valid and invalid input, half each), and
``HIDDEN_EXAMPLES`` more aimed at the records hidden from the persona. A case
fails on a 5xx, on a status, content type, header or body the schema does not
declare for the operation, on invalid input accepted, and on any 2xx (or a 403,
which would tell it exists) on a hidden record.

The examples are drawn from a fixed seed (``derandomize``), so a run is the
same from one machine to the next.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.testing import world_fixture
from notifications.tests.helpers import seed_demo
from people.models import Department, PositionKind, Team, User
from people.services import position_create, position_submit, token_issue
from projects import services as project_services
from projects.models import DataAccessRequest, DataCategory
from transfer import services as transfer_services
from transfer.models import Agreement

# Cases drawn by schemathesis for each operation and persona, valid and invalid
# input half each: enough that every field of every body and query is sent,
# alone and with the others, valid and not.
EXAMPLES = 16
# Cases more for each operation on a record: its path names a hidden record.
HIDDEN_EXAMPLES = 4

PERSONAS = ("researcher", "partner")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def operation_labels() -> list[str]:
    """Every operation of the schema, ``GET /api/projects/{id}/``, read when the tests are collected."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods]


@dataclass
class World:
    tokens: dict[str, str]
    # Path parameters naming a record hidden from both personas, by the path's first segment.
    hidden: dict[str, list[dict[str, Any]]]
    # Records hidden from one persona only, likewise.
    hidden_from: dict[str, dict[str, list[dict[str, Any]]]]


def build() -> World:
    """The demo, and beside it records of ``teamlead2``'s, ``clinician2``'s
    and the transfer office's that neither ``researcher`` nor ``partner`` is
    party to: a confidential project with a milestone and a data request, its
    innovation with an agreement with a company of its own and a deployment, a
    submitted host position and a secondment. Plus a person who shares no
    project with ``partner``."""
    users = seed_demo()
    today = timezone.localdate()
    lead, officer = users["teamlead2"], users["transfer"]
    department = Department.objects.get(name="Neuroradiologie")
    project = project_services.project_create(by=lead, acronym="HIDDEN", title="Hidden study", confidential=True)
    milestone = project_services.milestone_create(
        project=project, by=lead, title="Hidden milestone", due_date=today + timedelta(days=30)
    )
    data_request = project_services.data_request_create(
        project=project,
        by=lead,
        route=DataAccessRequest.Route.INTERNAL,
        perimeter="Hidden perimeter",
        categories=[DataCategory.DIAGNOSES],
        department=department,
    )
    innovation = transfer_services.innovation_create(by=officer, title="Hidden innovation", project=project)
    company = transfer_services.partner_create(by=officer, name="Hidden Medical")
    agreement = transfer_services.agreement_create(
        by=officer,
        kind=Agreement.Kind.NDA,
        partner=company,
        innovation=innovation,
        signed_on=today - timedelta(days=10),
        reference="AGR-HIDDEN",
    )
    deployment = transfer_services.deployment_create(
        by=officer, innovation=innovation, department=department, system_name="HIDDEN"
    )
    start = today + timedelta(days=30)
    host = position_create(
        kind=PositionKind.HOST,
        applicant=users["clinician2"],
        team=Team.objects.get(acronym="NEUROLEARN"),
        time_share=20,
        start_date=start,
        end_date=start + timedelta(days=200),
        topic="Hidden topic",
    )
    position_submit(position=host, by=users["clinician2"])
    secondment = position_create(
        kind=PositionKind.SECONDMENT,
        applicant=lead,
        department=department,
        time_share=20,
        start_date=start,
        end_date=start + timedelta(days=200),
        topic="Hidden secondment",
    )
    stranger = User.objects.create_user(username="stranger", institution="inria", team=lead.team)
    on_project = [
        {"id": project.pk},
        {"id": project.pk, "milestone_id": milestone.pk},
        {"id": project.pk, "username": lead.username},
    ]
    hidden = {
        "projects": on_project,
        "data-requests": [{"id": data_request.pk}],
        "innovations": [{"id": innovation.pk}],
        "partners": [{"id": company.pk}],
        "agreements": [{"id": agreement.pk}],
        "deployments": [{"id": deployment.pk}],
        "host-positions": [{"id": host.pk}],
        "secondments": [{"id": secondment.pk}],
    }
    return World(
        tokens={username: token_issue(user=users[username]).key for username in PERSONAS},
        hidden=hidden,
        hidden_from={"partner": {"people": [{"id": stranger.pk}]}, "researcher": {}},
    )


world = world_fixture(build)


@pytest.fixture(scope="module")
def app() -> Iterator[Any]:
    """The site's WSGI application, answering on the test's connection: like
    Django's test client, the requests do not close it when they end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def schemas(world: World, app: Any, django_db_blocker: Any) -> dict[str, Any]:
    """The schema as ``/api/schema/`` serves it to each persona."""
    with django_db_blocker.unblock():
        return {
            persona: schemathesis.openapi.from_wsgi("/api/schema/", app, headers={"Authorization": f"Token {token}"})
            for persona, token in world.tokens.items()
        }


def hidden_parameters(world: World, persona: str, operation: Any) -> list[dict[str, Any]]:
    """Path parameters naming records hidden from ``persona`` that fit ``operation``'s path."""
    names = {parameter.name for parameter in operation.path_parameters}
    if not names:
        return []
    resource = operation.path.removeprefix("/api/").split("/")[0]
    candidates = [*world.hidden.get(resource, []), *world.hidden_from[persona].get(resource, [])]
    return [parameters for parameters in candidates if set(parameters) == names]


@pytest.mark.parametrize("label", operation_labels())
@pytest.mark.parametrize("persona", PERSONAS)
def test_operation_answers_as_the_schema_says(
    persona: str, label: str, world: World, schemas: dict[str, Any], db: None
) -> None:
    token = world.tokens[persona]
    method, path = label.split(" ", 1)
    operation = schemas[persona][path][method]
    hidden = hidden_parameters(world, persona, operation)
    drawn = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))
    aimed = st.one_of(*[operation.as_strategy(path_parameters=parameters) for parameters in hidden]) if hidden else None
    headers = {"Authorization": f"Token {token}"}

    def send(case: Any) -> Any:
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        return response

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=drawn)
    def draw(case: Any) -> None:
        send(case)

    draw()
    if aimed is None:
        return

    @settings(
        max_examples=HIDDEN_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=aimed)
    def aim(case: Any) -> None:
        response = send(case)
        assert response.status_code not in (200, 201, 204, 403), (
            f"{case.method} {case.formatted_path} answers {response.status_code} to {persona}: SPEC §3 hides it"
        )

    aim()
