"""SPEC §3, decided: the head of the applicant's department sees a host-position
request only once it is submitted, on every surface (pages, export, API);
before that, it answers them as if it did not exist."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from people.models import User
from people.tests.positions import host, submit

TOPIC = "Arrhythmia forecasting from telemetry"


def exported(client: Client, pk: int) -> bool:
    """Whether the CSV export of every request they see has a row with id ``pk``."""
    csv = client.get(reverse("people:hostposition-export"), {"format": "csv", "view": "all"}).content.decode()
    return any(line.lstrip("\ufeff").split(",")[0] == str(pk) for line in csv.splitlines())


def surfaces(client: Client, pk: int) -> dict[str, object]:
    """What the department head gets of the request on each surface."""
    api_list = client.get(reverse("api:hostposition-list")).json()["results"]
    return {
        "page list": TOPIC in client.get(reverse("people:hostposition-list"), {"view": "all"}).content.decode(),
        "export": exported(client, pk),
        "api list": any(row["id"] == pk for row in api_list),
        "page": client.get(reverse("people:hostposition-detail", args=[pk])).status_code,
        "api": client.get(reverse("api:hostposition-detail", args=[pk])).status_code,
    }


def test_the_department_head_sees_a_request_only_once_submitted(
    personas: dict[str, User], sign_in: Callable[[str], Client]
) -> None:
    position = host(personas["clinician"], "NEUROLEARN", topic=TOPIC)
    client = sign_in("depthead")  # heads Cardiologie, the clinician's department
    assert surfaces(client, position.pk) == {
        "page list": False,
        "export": False,
        "api list": False,
        "page": 404,
        "api": 404,
    }
    submit(position)
    assert surfaces(client, position.pk) == {
        "page list": True,
        "export": True,
        "api list": True,
        "page": 200,
        "api": 200,
    }
