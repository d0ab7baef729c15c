"""The lab's key figures with charts on the dashboard of direction and
operations (SPEC §6), counted through each app's selector."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import User
from transfer import services
from transfer.tests.scenario import Scenario

HOME = reverse("home")


def home(client: Client, user: User) -> str:
    User.objects.filter(pk=user.pk).update(language="en")
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["director", "ops"])
def test_direction_and_operations_see_the_labs_key_figures_drawn(client, scenario: Scenario, persona):
    html = home(client, scenario.users[persona])
    assert "The lab&#x27;s key figures" in html or "The lab's key figures" in html
    for chart in ("dashboard-requests", "dashboard-projects", "dashboard-innovations"):
        assert f'id="{chart}-title"' in html
    assert "4 innovations" in html
    assert reverse("transfer:figures") in html
    assert "style=" not in html.split('class="card dashboard-figures"', 1)[1].split("</section>", 1)[0]
    geometry = re.findall(r'\b(?:x|width)="([^"]*)"', html)
    assert geometry and all(re.fullmatch(r"\d+(\.\d+)?", value) for value in geometry)


@pytest.mark.parametrize("persona", ["transfer", "teamlead", "researcher", "clinician2", "partner"])
def test_nobody_else_sees_them(client, scenario: Scenario, persona):
    assert "dashboard-figures" not in home(client, scenario.users[persona])


def test_the_dashboard_costs_the_same_for_5_or_50_innovations(client, scenario: Scenario):
    director = scenario.users["director"]
    counts = []
    for total in (5, 50):
        while len(scenario.innovations) < total:
            key = f"more{len(scenario.innovations)}"
            scenario.innovations[key] = services.innovation_create(by=scenario.users["transfer"], title=key)
        home(client, director)
        with CaptureQueriesContext(connection) as queries:
            client.get(HOME)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
