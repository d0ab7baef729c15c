"""The project search: the stored document PostgreSQL keeps (acronym and title,
summary, methods), French and English stemming without accents, prefixes, the
best first, a count capped past 1,000 matches, and never a trace of a project
the reader may not see."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import User
from projects import services
from projects.models import Method, Project
from projects.selectors import project_list

LIST = reverse("projects:project-list")
API = reverse("api:project-list")


@pytest.fixture
def lead(personas: dict[str, User]) -> User:
    return personas["teamlead"]


def _project(lead: User, acronym: str, title: str, summary: str = "", **fields) -> Project:
    return services.project_create(by=lead, acronym=acronym, title=title, summary=summary, **fields)


def found(user: User, q: str) -> list[str]:
    return list(project_list(user=user, q=q).values_list("acronym", flat=True))


def test_title_words_rank_before_summary_words_before_method_names(lead):
    _project(lead, "METH", "Cohort follow-up", methods=["sepsis scoring"])
    _project(lead, "SUMM", "Cohort follow-up", summary="Early sepsis detection.")
    _project(lead, "TITL", "Sepsis in intensive care")
    assert found(lead, "sepsis") == ["TITL", "SUMM", "METH"]


def test_a_french_word_is_found_by_its_stem(lead):
    _project(lead, "HOSP", "Données hospitalières de réanimation")
    assert found(lead, "hospitalier") == ["HOSP"]
    assert found(lead, "réanimations") == ["HOSP"]


def test_an_english_word_is_found_by_its_stem(lead):
    _project(lead, "RUN", "Running studies of wearable signals")
    assert found(lead, "study") == ["RUN"]
    assert found(lead, "run") == ["RUN"]


def test_accents_are_ignored_both_ways(lead):
    _project(lead, "HOP", "Hôpital de jour")
    _project(lead, "ECHO", "Echographie cardiaque")
    assert found(lead, "hopital") == ["HOP"]
    assert found(lead, "HÔPITAL") == ["HOP"]
    assert found(lead, "échographie") == ["ECHO"]


def test_the_last_word_is_also_a_prefix(lead):
    _project(lead, "SEPS", "Sepsis in intensive care")
    assert found(lead, "seps") == ["SEPS"]
    assert found(lead, "intensive sep") == ["SEPS"]
    # Shorter than three letters: no prefix, too many words would match.
    assert found(lead, "se") == []


def test_web_search_syntax_keeps_its_meaning(lead):
    _project(lead, "KIDS", "Sepsis in children")
    _project(lead, "ADUL", "Sepsis in adults")
    assert found(lead, "sepsis -children") == ["ADUL"]
    assert sorted(found(lead, "children or adults")) == ["ADUL", "KIDS"]
    assert found(lead, '"sepsis in adults"') == ["ADUL"]


@pytest.mark.parametrize("q", ["!!! & |", "a:* | b", "'; drop table", "(", "*"])
def test_odd_input_finds_nothing_or_words_never_an_error(sign_in, lead, q):
    _project(lead, "ODD", "Odd words")
    assert sign_in("researcher").get(LIST, {"q": q}).status_code == 200
    assert sign_in("researcher").get(API, {"q": q}).status_code == 200


def test_the_acronym_is_searched(lead):
    _project(lead, "ZORRO", "Heart failure")
    assert found(lead, "zorro") == ["ZORRO"]


# The document follows every change ------------------------------------------------


def test_the_document_follows_a_new_title(lead):
    project = _project(lead, "NEW", "Sepsis in intensive care")
    services.project_update(project=project, by=lead, title="Stroke imaging")
    assert found(lead, "sepsis") == []
    assert found(lead, "stroke") == ["NEW"]


def test_the_document_follows_the_project_s_methods(lead):
    project = _project(lead, "MET", "Heart failure", methods=["simulation"])
    assert found(lead, "simulation") == ["MET"]
    services.project_update(project=project, by=lead, methods=["federated learning"])
    assert found(lead, "simulation") == []
    assert found(lead, "federated") == ["MET"]


def test_the_document_follows_a_renamed_method(lead):
    _project(lead, "REN", "Heart failure", methods=["simulation"])
    Method.objects.filter(name="simulation").update(name="digital twin")  # the admin renames it
    method = Method.objects.get(name="digital twin")
    method.name = "agent-based models"
    method.save()
    assert found(lead, "simulation") == []
    assert found(lead, "agent") == ["REN"]


# Who sees what ---------------------------------------------------------------------


def test_a_confidential_project_is_neither_found_nor_counted_by_who_may_not_see_it(sign_in, personas, lead):
    _project(lead, "OPEN", "Sepsis in intensive care")
    _project(personas["researcher"], "HUSH", "Sepsis confidential cohort", confidential=True)
    outsider = sign_in("clinician")
    page = outsider.get(LIST, {"q": "sepsis"}).context["page"]
    assert [project.acronym for project in page] == ["OPEN"]
    assert page.paginator.count == 1
    assert outsider.get(API, {"q": "confidential"}).json()["count"] == 0
    assert sorted(found(personas["director"], "sepsis")) == ["HUSH", "OPEN"]
    assert found(personas["researcher"], "confidential") == ["HUSH"]


# A count capped past 1,000 -------------------------------------------------------------


def _many(count: int, title: str) -> None:
    Project.objects.bulk_create(Project(acronym=f"M{n}", title=title) for n in range(count))


def test_a_search_matching_more_than_1000_projects_says_so(sign_in, lead):
    _many(1001, "Sepsis registry")
    response = sign_in("researcher").get(LIST, {"q": "sepsis"})
    page = response.context["page"]
    assert page.paginator.capped
    assert page.paginator.count == 1000
    assert page.paginator.num_pages == 40
    content = response.content.decode()
    assert "Plus de 1000 projets correspondent" in content or "More than 1000 projects match" in content
    assert "of the first 40" in content or "sur les 40 premières" in content


def test_the_api_says_when_a_search_s_count_is_capped(sign_in, lead):
    _many(1001, "Sepsis registry")
    client: Client = sign_in("researcher")
    body = client.get(API, {"q": "sepsis"}).json()
    assert body["count"] == 1000
    assert body["count_capped"] is True
    assert client.get(API, {"q": "sepsis", "page": 21}).status_code == 404  # 20 pages of 50


def test_a_search_matching_1000_projects_or_fewer_counts_them_exactly(sign_in, personas, lead):
    _many(1000, "Sepsis registry")
    _project(personas["researcher"], "HUSH", "Sepsis confidential cohort", confidential=True)
    client = sign_in("clinician")
    page = client.get(LIST, {"q": "sepsis"}).context["page"]
    assert not page.paginator.capped
    assert page.paginator.count == 1000
    body = client.get(API, {"q": "sepsis"}).json()
    assert body["count"] == 1000
    assert "count_capped" not in body


def test_a_capped_count_never_counts_what_the_reader_may_not_see(sign_in, personas, lead):
    # 1,000 visible matches and a confidential one: not "more than 1,000" for an outsider.
    _many(1000, "Sepsis registry")
    _project(personas["researcher"], "HUSH", "Sepsis confidential cohort", confidential=True)
    assert not sign_in("clinician").get(LIST, {"q": "sepsis"}).context["page"].paginator.capped
    assert sign_in("director").get(LIST, {"q": "sepsis"}).context["page"].paginator.capped


def test_a_search_counts_its_matches_in_the_query_of_its_page(sign_in, lead):
    """The first matches a search chooses are read once, for the page and its count."""
    _many(60, "Sepsis registry")
    client = sign_in("researcher")
    client.get(LIST, {"q": "sepsis"})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(LIST, {"q": "sepsis", "page": 2}).context["page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 60, 25)
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert counts == []


@pytest.mark.parametrize("asked", ["9", "last", "x", "-1"])  # as Django's pages: "last" is not a number
def test_a_search_page_past_the_end_or_not_a_number_still_answers(sign_in, lead, asked):
    _many(30, "Sepsis registry")
    response = sign_in("researcher").get(LIST, {"q": "sepsis", "page": asked})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 30
    assert page.number == (2 if asked == "9" else 1)
    assert len(page.object_list) == (5 if asked == "9" else 25)


# A list without a search: counted up to LIST_LIMIT -------------------------------------


def test_a_list_longer_than_its_limit_says_more_than_and_pages_the_first_rows(sign_in, lead, monkeypatch):
    monkeypatch.setattr("core.pagination.LIST_LIMIT", 30)
    _many(31, "Registry")
    response = sign_in("researcher").get(LIST)
    page = response.context["page"]
    assert page.paginator.capped and not page.paginator.searched
    assert page.paginator.count == 30
    assert page.paginator.num_pages == 2  # 25 a page
    content = response.content.decode()
    said = ("Plus de 30 projets\xa0: cherchez ou filtrez", "More than 30 projects: search or filter")
    assert any(words in content for words in said)
    assert "refine the search" not in content and "affinez la recherche" not in content


def test_a_list_at_its_limit_counts_exactly_and_never_counts_what_the_reader_may_not_see(
    sign_in, personas, lead, monkeypatch
):
    monkeypatch.setattr("core.pagination.LIST_LIMIT", 30)
    _many(30, "Registry")
    _project(personas["researcher"], "HUSH", "Confidential cohort", confidential=True)
    outsider = sign_in("clinician").get(LIST).context["page"].paginator
    assert not outsider.capped and outsider.count == 30
    assert sign_in("director").get(LIST).context["page"].paginator.capped


def test_the_api_counts_a_list_exactly(sign_in, personas, lead, monkeypatch):
    monkeypatch.setattr("core.pagination.LIST_LIMIT", 30)
    _many(31, "Registry")
    body = sign_in("researcher").get(API).json()
    assert body["count"] == project_list(user=personas["researcher"]).count() > 30
    assert "count_capped" not in body


def test_the_schema_documents_count_capped(sign_in):
    schema = sign_in("researcher").get(reverse("api:schema"), {"format": "json"}).json()
    listed = schema["components"]["schemas"]["PaginatedProjectList"]
    assert listed["properties"]["count_capped"]["type"] == "boolean"
