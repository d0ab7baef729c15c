"""Lists remember their filters per person and list (core.filters): opened again
from the navigation, a list comes back as it was left, its address holding the
filters; "Reset filters" forgets them; the page, exports and partial requests
are not remembered; an address sent to a colleague shows them only what they may."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.filters import saved_filter, saved_filter_save
from core.models import SavedFilter
from core.personal_data import personal_data_export
from people import services as people_services
from people.models import User
from projects.models import Project
from projects.tests.worlds import build_projects

PROJECTS = reverse("projects:project-list")
PROJECT_EXPORT = reverse("projects:project-export")
PARTNERS = reverse("transfer:partner-list")
HOST_POSITIONS = reverse("people:hostposition-list")
SECONDMENTS = reverse("people:secondment-list")
REVIEW = reverse("notifications:access-review")

# Every list that remembers its filters, with a valid filter for it.
LISTS = [
    (reverse("people:person-list"), "q=lab"),
    (HOST_POSITIONS, "view=all&status=submitted"),
    (SECONDMENTS, "view=all&q=topic"),
    (PROJECTS, "status=active&q=heart"),
    (reverse("transfer:board"), "kind=software"),
    (reverse("transfer:innovation-list"), "stage=evaluating"),
    (reverse("transfer:agreement-list"), "expiring=on"),
    (PARTNERS, "q=acme"),
    (REVIEW, "tab=projects&q=heart&recent=on"),
]


@pytest.fixture
def projects(personas: dict[str, User]) -> dict[str, Project]:
    return build_projects(personas)


def listed(response) -> list[str]:
    return [project.acronym for project in response.context["page"]]


def saved(user: User, list_name: str) -> str | None:
    return saved_filter(user=user, list_name=list_name)


def query_of(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query)


# The round trip -----------------------------------------------------------------------


def test_a_list_opened_again_from_the_navigation_comes_back_filtered(sign_in, personas, projects):
    client = sign_in("teamlead")
    filtered = client.get(PROJECTS, {"q": "heart", "status": "active", "team": ""})
    assert filtered.status_code == 200
    assert client.get(reverse("home")).status_code == 200  # elsewhere
    again = client.get(PROJECTS)
    assert again.status_code == 302
    # The same list, its filters in the address (empty fields left out).
    assert again["Location"] == f"{PROJECTS}?q=heart&status=active"
    followed = client.get(again["Location"])
    assert followed.status_code == 200
    assert listed(followed) == listed(filtered)
    assert followed.context["form"]["q"].value() == "heart"
    assert saved(personas["teamlead"], "projects") == "q=heart&status=active"


@pytest.mark.parametrize(("url", "query"), LISTS)
def test_every_list_remembers_its_filters(sign_in, url, query):
    client = sign_in("ops")
    assert client.get(f"{url}?{query}").status_code == 200
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{query}"
    # "Reset filters" is offered on the list shown with them.
    assert f'href="{url}?reset=1' in client.get(response["Location"]).content.decode()


def test_the_page_is_not_remembered(sign_in, personas, projects):
    client = sign_in("director")
    assert client.get(PROJECTS, {"status": "active", "page": "2"}).status_code == 200
    assert client.get(PROJECTS)["Location"] == f"{PROJECTS}?status=active"
    # A page alone neither saves nor redirects.
    assert client.get(PROJECTS, {"page": "1"}).status_code == 200
    assert saved(personas["director"], "projects") == "status=active"


def test_the_same_filters_again_write_nothing(sign_in, personas, projects):
    client = sign_in("teamlead")
    client.get(PROJECTS, {"status": "active"})
    first = SavedFilter.objects.get(user=personas["teamlead"], list_name="projects").updated_at
    client.get(PROJECTS, {"status": "active"})
    assert SavedFilter.objects.get(user=personas["teamlead"], list_name="projects").updated_at == first
    client.get(PROJECTS, {"status": "completed"})
    assert saved(personas["teamlead"], "projects") == "status=completed"
    assert SavedFilter.objects.filter(user=personas["teamlead"]).count() == 1


def test_a_form_sent_empty_forgets_the_filters(sign_in, personas, projects):
    client = sign_in("teamlead")
    client.get(PROJECTS, {"status": "active"})
    assert client.get(PROJECTS, {"q": "", "status": ""}).status_code == 200
    assert saved(personas["teamlead"], "projects") is None
    assert client.get(PROJECTS).status_code == 200


# Reset --------------------------------------------------------------------------------


def test_reset_forgets_the_filters_and_shows_the_whole_list(sign_in, personas, projects):
    client = sign_in("teamlead")
    client.get(PROJECTS, {"q": "open"})
    response = client.get(PROJECTS, {"reset": "1"})
    assert response.status_code == 302
    assert response["Location"] == PROJECTS
    assert saved(personas["teamlead"], "projects") is None
    bare = client.get(PROJECTS)  # does not send them back to the filters
    assert bare.status_code == 200
    assert set(listed(bare)) == {"OPEN", "OTHER"}
    assert "?reset=1" not in bare.content.decode()  # nothing applied nor saved: nothing to reset


def test_reset_keeps_the_tab_of_a_list_with_tabs(sign_in, personas):
    client = sign_in("teamlead")
    client.get(HOST_POSITIONS, {"view": "all", "status": "submitted"})
    response = client.get(HOST_POSITIONS, {"reset": "1", "view": "all"})
    assert response["Location"] == f"{HOST_POSITIONS}?view=all"
    assert saved(personas["teamlead"], "positions-host") is None


def test_the_empty_list_clears_its_filters_the_same_way(sign_in, projects):
    client = sign_in("teamlead")
    html = client.get(PROJECTS, {"q": "nothing-matches-this"}).content.decode()
    assert html.count(f'href="{PROJECTS}?reset=1"') == 2  # beside the filters, and under "no match"


# Per person, per list -----------------------------------------------------------------


def test_another_persons_filters_are_not_applied_to_you(client: Client, personas, projects):
    client.force_login(personas["teamlead"])
    client.get(PROJECTS, {"status": "completed"})
    client.force_login(personas["teamlead2"])
    response = client.get(PROJECTS)
    assert response.status_code == 200
    assert "OTHER" in listed(response)


def test_each_list_keeps_its_own(sign_in, personas, projects):
    client = sign_in("ops")
    client.get(PROJECTS, {"status": "active"})
    assert client.get(PARTNERS).status_code == 200
    client.get(HOST_POSITIONS, {"view": "all"})
    assert client.get(SECONDMENTS).status_code == 200  # the other kind: a list of its own
    assert client.get(HOST_POSITIONS)["Location"] == f"{HOST_POSITIONS}?view=all"
    assert client.get(PROJECTS)["Location"] == f"{PROJECTS}?status=active"


# Invalid filters ----------------------------------------------------------------------


def test_an_invalid_query_is_shown_with_its_errors_and_not_saved(sign_in, personas, projects):
    client = sign_in("teamlead")
    response = client.get(PROJECTS, {"team": "999999"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert saved(personas["teamlead"], "projects") is None


def test_filters_saved_then_invalid_show_their_errors_and_reset_clears_them(sign_in, personas, projects):
    # Saved when valid; the project-team has gone since.
    saved_filter_save(user=personas["teamlead"], list_name="projects", query="team=999999&status=active")
    client = sign_in("teamlead")
    response = client.get(PROJECTS)
    assert response["Location"] == f"{PROJECTS}?team=999999&status=active"
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    assert "team" in shown.context["form"].errors
    assert f'href="{PROJECTS}?reset=1"' in shown.content.decode()
    assert client.get(f"{PROJECTS}?reset=1")["Location"] == PROJECTS
    assert client.get(PROJECTS).status_code == 200


# What is not remembered ---------------------------------------------------------------


def test_exports_are_not_affected(sign_in, personas, projects):
    client = sign_in("teamlead")
    client.get(PROJECTS, {"status": "active"})
    assert client.get(PROJECT_EXPORT, {"format": "csv", "status": "completed"}).status_code == 200
    assert client.get(PROJECT_EXPORT, {"format": "csv"}).status_code == 200  # never redirected
    assert saved(personas["teamlead"], "projects") == "status=active"
    # The access review writes its files from its own address.
    ops = sign_in("ops")
    ops.get(REVIEW, {"tab": "projects", "q": "heart"})
    export = ops.get(REVIEW, {"tab": "innovations", "format": "csv"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    assert saved(personas["ops"], "access-review") == "tab=projects&q=heart"


def test_partial_requests_are_not_affected(sign_in, personas, projects):
    client = sign_in("teamlead")
    client.get(PROJECTS, {"status": "active"})
    assert client.get(PROJECTS, headers={"HX-Request": "true"}).status_code == 200
    assert client.get(PROJECTS, {"status": "completed"}, headers={"HX-Request": "true"}).status_code == 200
    assert saved(personas["teamlead"], "projects") == "status=active"


def test_the_api_list_is_not_affected(sign_in, projects):
    client = sign_in("teamlead")
    client.get(PROJECTS, {"status": "completed"})
    response = client.get(reverse("api:project-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 2


# A shared address ---------------------------------------------------------------------


def test_a_colleague_opening_a_shared_address_sees_only_what_they_may(sign_in, personas, projects):
    lead = sign_in("researcher")
    shared = f"{PROJECTS}?q=heart&confidential=yes"
    assert listed(lead.get(shared)) == ["SECRET"]
    colleague = sign_in("clinician2")
    response = colleague.get(shared)
    assert response.status_code == 200
    assert listed(response) == []
    assert projects["secret"].get_absolute_url() not in response.content.decode()
    # The address is theirs now too, and still shows them nothing more.
    assert colleague.get(PROJECTS)["Location"] == shared


# Cost ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "query"), LISTS)
def test_remembering_costs_one_query_per_list_view(sign_in, url, query):
    client = sign_in("ops")
    assert client.get(url).status_code == 200  # nothing saved yet; the access review's figures cached
    counts = []
    for address in (f"{url}?{query}", f"{url}?{query}"):  # saved, then the same again (nothing written)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts.append(len(queries))
        remembered = [q["sql"] for q in queries.captured_queries if "core_savedfilter" in q["sql"]]
        assert len(remembered) == 1, remembered
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 302
    # The session, the user, the saved filters read; the session saved again.
    assert len(queries) == 4, [q["sql"][:80] for q in queries.captured_queries]


# Personal data ------------------------------------------------------------------------


def test_saved_filters_are_in_the_personal_data_export(sign_in, personas, projects):
    sign_in("clinician").get(reverse("people:person-list"), {"q": "Dupont"})
    clinician = personas["clinician"]
    export = personal_data_export(user=clinician, by=clinician)
    assert [(row["list_name"], row["query"]) for row in export["data"]["saved_filters"]] == [("people", "q=Dupont")]


def test_a_deactivated_account_loses_its_saved_filters(sign_in, personas, projects):
    sign_in("clinician").get(PROJECTS, {"q": "heart"})
    sign_in("teamlead").get(PROJECTS, {"q": "open"})
    people_services.user_deactivate(user=personas["clinician"], by=personas["ops"])
    assert not SavedFilter.objects.filter(user=personas["clinician"]).exists()
    assert SavedFilter.objects.filter(user=personas["teamlead"]).exists()
