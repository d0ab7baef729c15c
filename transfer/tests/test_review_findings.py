"""Findings of a hostile review of transfer/: each test failed before its fix."""

import pytest
from django.test import Client
from django.urls import reverse

from people.models import User
from transfer import services
from transfer.models import Innovation
from transfer.tests.scenario import Scenario

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize("target", ["abc", "transfer:board", "people:home"])
def test_a_move_back_to_a_bare_word_goes_to_the_board_not_500(
    client: Client, personas: dict[str, User], scenario: Scenario, target: str
) -> None:
    """``next`` that is not a path was handed to ``redirect``, which took it for a
    URL pattern's name: NoReverseMatch, a 500 (or a redirect the form never meant)."""
    innovation = scenario.innovations["public"]
    url = reverse("transfer:innovation-move", args=[innovation.pk])
    response = signed_in(client, personas["transfer"]).post(
        url, {"to": "evaluating", "expected": "identified", "reason": "", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:board")
    # A conflict takes the same way back.
    response = client.post(url, {"to": "protecting", "expected": "identified", "reason": "", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:board")


def test_filtering_the_api_by_a_project_one_does_not_see_tells_nothing(
    client: Client, personas: dict[str, User], scenario: Scenario
) -> None:
    """A partner sees a non-confidential innovation of the confidential project
    (through its agreement) but not the project: ``?project=<its id>`` must not
    tell which project the innovation belongs to."""
    officer, partner = personas["transfer"], personas["partner"]
    secret_project = scenario.projects["secret"]
    innovation = services.innovation_create(
        by=officer, title="Tumour segmentation", project=secret_project, confidential=False
    )
    services.agreement_create(
        by=officer,
        kind="nda",
        partner=partner.company,
        innovation=innovation,
        signed_on=scenario.agreements["public"].signed_on,
        reference="AGR-TUMOUR",
    )
    api = signed_in(client, partner)
    everything = {row["title"] for row in api.get(reverse("api:innovation-list")).json()["results"]}
    assert "Tumour segmentation" in everything
    filtered = api.get(reverse("api:innovation-list"), {"project": secret_project.pk}).json()
    assert filtered["count"] == 0
    # The project it sees still filters.
    open_project = scenario.projects["open"]
    rows = api.get(reverse("api:innovation-list"), {"project": open_project.pk}).json()["results"]
    assert [row["title"] for row in rows] == ["Innovation public"]


def test_an_agreements_history_names_no_innovation_the_viewer_does_not_see(
    client: Client, personas: dict[str, User], scenario: Scenario
) -> None:
    """An agreement moved (through the API) from the confidential innovation
    ``hidden`` to ``public``: the partner now sees it, but its history must not
    name the innovation it was on."""
    officer = personas["transfer"]
    agreement = scenario.agreements["hidden"]
    services.agreement_update(agreement=agreement, by=officer, innovation=scenario.innovations["public"])
    url = reverse("transfer:agreement-detail", args=[agreement.pk])
    html = signed_in(client, personas["partner"]).get(url).content.decode()
    assert "Innovation public" in html
    assert "Innovation hidden" not in html
    # The transfer office still reads the whole story.
    assert "Innovation hidden" in signed_in(Client(), officer).get(url).content.decode()


def test_an_agreements_history_names_no_company_the_viewer_does_not_see(
    client: Client, personas: dict[str, User], scenario: Scenario
) -> None:
    """An agreement handed over from another company to the partner's: the
    partner does not learn the name of the company it was with."""
    officer = personas["transfer"]
    agreement = scenario.agreements["orphan"]  # the other company's, on a non-confidential innovation
    assert agreement.partner.name == "Other Medical"
    services.agreement_update(agreement=agreement, by=officer, partner=personas["partner"].company)
    url = reverse("transfer:agreement-detail", args=[agreement.pk])
    response = signed_in(client, personas["partner"]).get(url)
    assert response.status_code == 200
    assert "Other Medical" not in response.content.decode()
    assert Innovation.objects.filter(pk=agreement.innovation_id, confidential=False).exists()
