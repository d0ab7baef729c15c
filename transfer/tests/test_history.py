"""The history of a project, a host-position request and an innovation names
nothing its reader cannot see (SPEC §3), on the page and in the API."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people import services as people_services
from people.models import Team, User
from projects import services as project_services
from transfer import services
from transfer.tests.scenario import Scenario

pytestmark = pytest.mark.django_db

HISTORY = re.compile(r'<section class="card detail-layout__timeline".*?</section>', re.S)


def _history_page(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return "".join(HISTORY.findall(response.content.decode()))


def _history_api(user: User, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return json.dumps(response.json()["history"])


def test_an_innovations_history_names_no_project_or_agreement_its_reader_does_not_see(
    personas: dict[str, User], scenario: Scenario
) -> None:
    """The partner sees the public innovation through its company's agreement; the
    innovation then moves to the confidential project and gets another company's
    agreement. The partner's history names neither; direction's both."""
    officer, partner = personas["transfer"], personas["partner"]
    innovation = scenario.innovations["public"]
    services.innovation_update(innovation=innovation, by=officer, project=scenario.projects["secret"])
    services.agreement_create(
        by=officer,
        kind="nda",
        partner=scenario.companies["other"],
        innovation=innovation,
        signed_on=timezone.localdate() - timedelta(days=10),
        reference="AGR-OTHER-ON-PUBLIC",
    )
    page = reverse("transfer:innovation-detail", args=[innovation.pk])
    api = reverse("api:innovation-detail", args=[innovation.pk])
    for text in (_history_page(partner, page), _history_api(partner, api)):
        assert "OPEN" in text  # the project it left, which the partner sees
        assert "SECRET" not in text
        assert "AGR-OTHER-ON-PUBLIC" not in text
        assert "AGR-PUBLIC" in text
    for text in (_history_page(personas["director"], page), _history_api(personas["director"], api)):
        assert "SECRET" in text
        assert "AGR-OTHER-ON-PUBLIC" in text


def test_a_projects_history_names_only_its_own_members_and_is_hidden_with_it(
    personas: dict[str, User], scenario: Scenario
) -> None:
    """A project's history names its members (shown by name to whoever sees the
    project, SPEC §3) and nothing of the confidential project next door, whose
    history answers 404 to those who do not see it."""
    open_project, secret = scenario.projects["open"], scenario.projects["secret"]
    project_services.member_remove(project=open_project, by=personas["teamlead"], user=personas["clinician2"])
    page = reverse("projects:project-detail", args=[open_project.pk])
    api = reverse("api:project-detail", args=[open_project.pk])
    for text in (_history_page(personas["partner"], page), _history_api(personas["partner"], api)):
        assert "clinician2" in text  # a former member, by name
        for name in ("SECRET", "Secret oncology", "researcher", "Clinicienne"):
            assert name not in text
    client = Client()
    client.force_login(personas["partner"])
    assert client.get(reverse("projects:project-detail", args=[secret.pk])).status_code == 404
    assert client.get(reverse("api:project-detail", args=[secret.pk])).status_code == 404


def test_a_host_position_requests_history_names_no_team_it_left(personas: dict[str, User]) -> None:
    """A draft first addressed to another team, then to CARDIOSIM and submitted:
    CARDIOSIM's leader reads that the host team changed, not which team it was."""
    applicant, teams = personas["clinician"], {team.acronym: team for team in Team.objects.all()}
    today = timezone.localdate()
    position = people_services.position_create(
        kind="host",
        applicant=applicant,
        team=teams["NEUROLEARN"],
        time_share=20,
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=395),
        topic="Cardiac imaging",
    )
    people_services.position_update(position=position, by=applicant, team=teams["CARDIOSIM"])
    people_services.position_submit(position=position, by=applicant)
    page = position.get_absolute_url()
    api = reverse("api:hostposition-detail", args=[position.pk])
    for text in (_history_page(personas["teamlead"], page), _history_api(personas["teamlead"], api)):
        assert "NEUROLEARN" not in text
        assert "Machine learning for neuroimaging" not in text
    assert "submitted" in _history_api(personas["teamlead"], api)
