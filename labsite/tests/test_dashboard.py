"""The lab's key figures with charts on the dashboard of direction and
operations (SPEC §6), counted through each app's selector, once for all of
them; the viewer's own cards, bounded; the page in ten queries at most."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labsite.templatetags import labsite_dashboard
from people.models import User
from projects import services as project_services
from projects.models import Project
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
    assert geometry and all(re.fullmatch(r"\d+(\.\d+)?%?", value) for value in geometry)


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


EVERY_PERSONA = ["director", "ops", "transfer", "teamlead", "depthead", "researcher", "clinician2", "partner"]


def add_projects(members: list[User], total: int) -> None:
    """Projects until there are ``total``, every persona a member of each."""
    lead = members[0]
    while Project.objects.count() < total:
        project = project_services.project_create(
            by=lead, acronym=f"MORE{Project.objects.count()}", title="Counted on the dashboard"
        )
        for member in members[1:]:
            project_services.member_add(project=project, by=lead, user=member)


@pytest.mark.parametrize("persona", EVERY_PERSONA)
def test_the_dashboard_answers_in_ten_queries_whatever_the_rows(client, scenario: Scenario, persona):
    # Session, the user (with roles, permissions, units); Approvers (3), the request
    # cards (one query); my projects with their capped count, my milestones; the lab's
    # figures from the cache (one query with the database cache of production, none
    # here); the session saved again.
    user = scenario.users[persona]
    members = [scenario.users["teamlead"], *(scenario.users[name] for name in EVERY_PERSONA if name != "teamlead")]
    counts = []
    for total in (5, 50):
        add_projects(members, total)
        home(client, user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10, counts


def test_my_projects_are_counted_up_to_a_limit(client, scenario: Scenario, monkeypatch):
    monkeypatch.setattr(labsite_dashboard, "DASHBOARD_COUNT_LIMIT", 3)
    researcher = scenario.users["researcher"]
    add_projects([scenario.users["teamlead"], researcher], Project.objects.count() + 4)
    html = home(client, researcher)
    card = html.split('id="my-projects"', 1)[1].split("</section>", 1)[0]
    assert "more than 3" in card
    assert card.count('class="dashboard-list__meta"') == labsite_dashboard.DASHBOARD_ROWS


def test_the_lab_figures_are_counted_once_for_all_who_see_everything(client, scenario: Scenario):
    director, ops = scenario.users["director"], scenario.users["ops"]
    assert "4 innovations" in home(client, director)
    services.innovation_create(by=scenario.users["transfer"], title="Counted later")
    html = home(client, ops)
    assert "4 innovations" in html  # the figures of a moment ago, and when they were counted
    assert "As of " in html.split('class="card dashboard-figures"', 1)[1]
    cache.delete(labsite_dashboard.LAB_FIGURES_KEY)
    assert "5 innovations" in home(client, director)


@pytest.mark.parametrize("persona", ["transfer", "teamlead", "researcher", "partner"])
def test_nobody_else_reads_or_fills_the_shared_figures(client, scenario: Scenario, persona):
    home(client, scenario.users[persona])
    assert cache.get(labsite_dashboard.LAB_FIGURES_KEY) is None
    assert labsite_dashboard.lab_figures(scenario.users[persona]) is None
    assert cache.get(labsite_dashboard.LAB_FIGURES_KEY) is None


def test_beat_counts_the_shared_figures_before_their_entries_expire(settings):
    from labsite import views

    entry = settings.CELERY_BEAT_SCHEDULE["count-figures"]
    assert entry["task"] == "labsite.count_figures"
    assert entry["schedule"] < min(labsite_dashboard.LAB_FIGURES_SECONDS, views.KEY_FIGURES_SECONDS)


def test_the_figures_counted_ahead_are_what_direction_reads_without_counting(client, scenario: Scenario):
    from labsite.tasks import count_figures

    cache.clear()
    assert count_figures() is True
    assert cache.get(labsite_dashboard.LAB_FIGURES_KEY)["stages"]
    services.innovation_create(by=scenario.users["transfer"], title="Counted at the next run")
    director = scenario.users["director"]
    assert "4 innovations" in home(client, director)  # read, not counted again
    count_figures()
    assert "5 innovations" in home(client, director)
    with CaptureQueriesContext(connection) as read:
        figures = client.get(reverse("transfer:figures"))
    assert figures.status_code == 200
    # The page reads the figures counted ahead: no count of the innovations.
    assert not [q for q in read.captured_queries if "transfer_innovation" in q["sql"]]


def test_with_nobody_to_read_them_nothing_is_counted(db):
    from labsite.tasks import count_figures

    cache.clear()
    assert count_figures() is False
    assert cache.get(labsite_dashboard.LAB_FIGURES_KEY) is None


# Screens that fit the person ----------------------------------------------------------


def test_who_never_decides_gets_no_empty_awaiting_card_nor_tab(client, scenario: Scenario):
    researcher = scenario.users["researcher"]
    assert 'id="awaiting-me"' not in home(client, researcher)
    tabs = client.get(reverse("people:hostposition-list")).content.decode().split('class="tabs"', 1)[-1]
    assert "view=awaiting" not in tabs.split("</nav>", 1)[0]


def test_who_decides_keeps_the_awaiting_card_and_tab(client, scenario: Scenario):
    teamlead = scenario.users["teamlead"]
    assert 'id="awaiting-me"' in home(client, teamlead)
    tabs = client.get(reverse("people:hostposition-list")).content.decode().split('class="tabs"', 1)[-1]
    assert "view=awaiting" in tabs.split("</nav>", 1)[0]


def test_a_partner_s_navigation_has_no_chairs_they_could_never_see(client, scenario: Scenario):
    chairs = f'href="{reverse("people:chair-list")}"'
    assert chairs not in home(client, scenario.users["partner"])
    assert chairs in home(client, scenario.users["researcher"])


def test_the_dashboard_and_the_board_answer_where_a_union_takes_no_limits(client, scenario: Scenario, monkeypatch):
    # SQLite (make run's database) refuses a LIMIT inside UNION ALL: one query per part there.
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    for persona in ("director", "teamlead", "researcher"):
        assert "Awaiting my decision" in home(client, scenario.users[persona]) or persona == "researcher"
    assert client.get(reverse("transfer:board")).status_code == 200
