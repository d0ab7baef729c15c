"""The innovation search: the stored document PostgreSQL keeps (title,
description), the best first, accents ignored, prefixes, a count capped past
1,000 matches, and never a trace of an innovation the reader may not see
(stemming: test_selectors.py)."""

from django.urls import reverse

from people.models import User
from transfer import services
from transfer.models import Innovation
from transfer.selectors import innovation_list
from transfer.tests.scenario import Scenario

LIST = reverse("transfer:innovation-list")
API = reverse("api:innovation-list")


def found(user: User, q: str) -> list[str]:
    return list(innovation_list(user=user, q=q).values_list("title", flat=True))


def test_title_words_rank_before_description_words(scenario: Scenario):
    officer = scenario.users["transfer"]
    services.innovation_create(by=officer, title="Bedside monitor", description="Sepsis alerts.")
    services.innovation_create(by=officer, title="Sepsis early-warning score")
    assert found(officer, "sepsis") == ["Sepsis early-warning score", "Bedside monitor"]


def test_accents_are_ignored_and_the_last_word_is_a_prefix(scenario: Scenario):
    officer = scenario.users["transfer"]
    services.innovation_create(by=officer, title="Échographie pulmonaire assistée")
    assert found(officer, "echographie") == ["Échographie pulmonaire assistée"]
    assert found(officer, "pulmonaire ÉCHO") == ["Échographie pulmonaire assistée"]


def test_the_document_follows_a_new_title_and_description(scenario: Scenario):
    officer = scenario.users["transfer"]
    created = services.innovation_create(by=officer, title="Sepsis early-warning score")
    services.innovation_update(innovation=created, by=officer, title="Stroke triage", description="Imaging.")
    assert found(officer, "sepsis") == []
    assert found(officer, "stroke imaging") == ["Stroke triage"]


def test_a_confidential_innovation_is_neither_found_nor_counted_by_who_may_not_see_it(sign_in, scenario: Scenario):
    officer = scenario.users["transfer"]
    services.innovation_create(
        by=officer, title="Sepsis open score", project=scenario.projects["open"], confidential=False
    )
    services.innovation_create(by=officer, title="Sepsis hidden score", project=scenario.projects["open"])
    client = sign_in("clinician2")
    page = client.get(LIST, {"q": "sepsis"}).context["page"]
    assert [row.title for row in page] == ["Sepsis open score"]
    assert page.paginator.count == 1
    assert client.get(API, {"q": "hidden"}).json()["count"] == 0
    assert sorted(found(officer, "sepsis")) == ["Sepsis hidden score", "Sepsis open score"]


def test_a_search_matching_more_than_1000_innovations_says_so(sign_in, scenario: Scenario):
    Innovation.objects.bulk_create(Innovation(title=f"Sepsis score {n}") for n in range(1001))
    client = sign_in("transfer")
    page = client.get(LIST, {"q": "sepsis"}).context["page"]
    assert page.paginator.capped
    assert page.paginator.count == 1000
    body = client.get(API, {"q": "sepsis"}).json()
    assert (body["count"], body["count_capped"]) == (1000, True)
    # Unless the reader sees 1,000 or fewer of them: confidential by default.
    assert client.logout() is None
    assert sign_in("clinician2").get(API, {"q": "sepsis"}).json()["count"] == 0
