"""A partner sees no project-team, department or call (SPEC §3): proposing the
id of one in a host-position or secondment request answers exactly as an id
that exists nowhere."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Call, Department, Team, User
from people.tests.positions import today

BODY = {"time_share": 50, "topic": "A probe", "justification": ""}


def answer(client: Client, route: str, field: str, pk: int) -> tuple[int, object]:
    start = today() + timedelta(days=30)
    body = {**BODY, field: pk, "start_date": str(start), "end_date": str(start.replace(year=start.year + 1))}
    response = client.post(reverse(route), body, content_type="application/json")
    errors = response.json()
    # The id is quoted in the message: compared without it.
    return response.status_code, {key: [str(text).replace(str(pk), "<id>") for text in errors[key]] for key in errors}


@pytest.mark.parametrize(
    ("route", "field", "model"),
    [
        ("api:hostposition-list", "host_team", Team),
        ("api:secondment-list", "host_department", Department),
        ("api:hostposition-list", "call", Call),
    ],
)
def test_a_partner_cannot_tell_a_unit_or_call_from_a_missing_one(
    personas: dict[str, User], sign_in: Callable[[str], Client], route: str, field: str, model: type
) -> None:
    existing = model.objects.order_by("pk").first() or Call.objects.create(
        title="Spring call", opens_on=today(), closes_on=today() + timedelta(days=30)
    )
    client = sign_in("partner")
    assert answer(client, route, field, existing.pk) == answer(client, route, field, 999_999)
