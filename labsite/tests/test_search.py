"""The header's search (labsite/search.py): every kind of record in one search,
each kind's best few through its own selector, its list filtered by the same
words, the same answer on the page, in the suggestions and in the API; a
constant number of queries; bad input a 400."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labsite.search import KINDS, PAGE_RESULTS, search_everything
from people.models import Call, Chair, Company, User
from people.tests.positions import host, secondment
from projects import services as project_services
from transfer import services as transfer_services

TOKEN = "quokka"


def today() -> Any:
    return timezone.localdate()


def world(personas: dict[str, User], copies: int = 1, first: int = 0) -> None:
    """``copies`` records of every kind whose names hold ``TOKEN`` (numbered from ``first``)."""
    officer = personas["transfer"]
    company = Company.objects.get_or_create(name="Quokka Medical")[0]
    for n in range(first, first + copies):
        User.objects.create_user(
            username=f"{TOKEN}{n}", first_name="Quentin", last_name=f"Quokka{n}", institution="inria"
        )
        project = project_services.project_create(
            by=personas["researcher"], acronym=f"QK{n}", title=f"The {TOKEN} cohort {n}", confidential=False
        )
        host(
            personas["clinician"],
            "NEUROLEARN",
            share=10,
            start=today() + timedelta(days=10 + n),
            days=30,
            topic=f"{TOKEN} imaging {n}",
        )
        secondment(
            personas["researcher"],
            "Neuroradiologie",
            share=10,
            start=today() + timedelta(days=10 + n),
            days=30,
            topic=f"{TOKEN} sleep {n}",
        )
        innovation = transfer_services.innovation_create(
            by=officer, title=f"{TOKEN} detector {n}", project=project, confidential=False
        )
        transfer_services.agreement_create(
            by=officer,
            kind="nda",
            partner=company,
            innovation=innovation,
            signed_on=today(),
            reference=f"NDA-{TOKEN}-{n}",
        )
        Call.objects.create(title=f"{TOKEN} call {n}", opens_on=today(), closes_on=today() + timedelta(days=30 + n))
        Chair.objects.create(title=f"{TOKEN} chair {n}", start_date=today(), end_date=today() + timedelta(days=365))


def kinds_of(groups: list[Any]) -> set[str]:
    return {group.kind for group in groups}


def test_one_search_finds_every_kind_for_direction(personas) -> None:
    world(personas)
    groups = search_everything(personas["director"], TOKEN)
    assert kinds_of(groups) == {kind.code for kind in KINDS}
    for group in groups:
        assert group.results, group.kind
        assert group.list_url.endswith(f"?q={TOKEN}")
        assert not group.more


def test_a_partner_finds_only_what_they_may_see(personas) -> None:
    """A partner sees neither requests nor calls, nor people they share no project with."""
    world(personas)
    groups = search_everything(personas["partner"], TOKEN)
    assert not {"host_positions", "secondments", "calls", "people"} & kinds_of(groups)


def test_a_confidential_project_is_found_only_by_those_who_see_it(personas) -> None:
    project = project_services.project_create(
        by=personas["teamlead"], acronym="WOMBAT", title="Secret wombat cohort", confidential=True
    )
    for username, found in {"teamlead": True, "director": True, "clinician2": False, "partner": False}.items():
        groups = search_everything(personas[username], "wombat")
        ids = [result.id for group in groups if group.kind == "projects" for result in group.results]
        assert (ids == [project.pk]) is found, username
        if not found:
            assert groups == [], username


def test_each_group_shows_a_few_and_says_there_are_more(personas) -> None:
    world(personas, copies=PAGE_RESULTS + 2)
    groups = {group.kind: group for group in search_everything(personas["director"], TOKEN)}
    assert len(groups["projects"].results) == PAGE_RESULTS
    assert groups["projects"].more
    # The group's first results are the list's first: the same selector, the same order.
    response = Client()
    response.force_login(personas["director"])
    listed = response.get(groups["projects"].list_url).context["page"].object_list
    assert [p.pk for p in listed[:PAGE_RESULTS]] == [r.id for r in groups["projects"].results]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranked full text is PostgreSQL's")
def test_accents_case_and_prefixes_do_not_matter(personas) -> None:
    project = project_services.project_create(
        by=personas["researcher"], acronym="HOPI", title="Réanimation à l'hôpital", confidential=False
    )
    for q in ("hopital", "HÔPITAL", "reanim", "réanimation hôp"):
        ids = [r.id for g in search_everything(personas["researcher"], q) if g.kind == "projects" for r in g.results]
        assert project.pk in ids, q


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranked full text is PostgreSQL's")
def test_the_best_match_comes_first(personas) -> None:
    summary_only = project_services.project_create(
        by=personas["researcher"],
        acronym="SUMM",
        title="A cohort study",
        summary="Numbat sightings",
        confidential=False,
    )
    titled = project_services.project_create(
        by=personas["researcher"], acronym="TITL", title="Numbat numbat cohort", confidential=False
    )
    (group,) = [g for g in search_everything(personas["researcher"], "numbat") if g.kind == "projects"]
    assert [r.id for r in group.results] == [titled.pk, summary_only.pk]


def test_no_words_no_query(personas, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert search_everything(personas["director"], "   ") == []


def queries_of_search(user: User) -> int:
    with CaptureQueriesContext(connection) as captured:
        search_everything(user, TOKEN)
    return len(captured)


def test_one_query_per_kind_whatever_the_matches(personas) -> None:
    director = User.objects.get(pk=personas["director"].pk)
    world(personas, copies=1)
    search_everything(director, TOKEN)  # the person's roles, read once and kept on them
    few = queries_of_search(director)
    world(personas, copies=PAGE_RESULTS + 3, first=1)
    many = queries_of_search(director)
    assert few == many
    assert many == len(KINDS)


def test_the_page_lists_the_groups(personas, sign_in) -> None:
    world(personas)
    response = sign_in("director").get(reverse("search"), {"q": TOKEN})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    for group in response.context["groups"]:
        assert f'id="search-group-{group.kind}"' in html
        assert group.results[0].url in html


@pytest.mark.parametrize("q", ["x" * 101, "a\x00b"])
def test_bad_words_are_a_400_everywhere(personas, sign_in, q) -> None:
    client = sign_in("clinician")
    assert client.get(reverse("search"), {"q": q}).status_code == 400
    assert client.get(reverse("search-suggest"), {"q": q}).status_code == 400
    answer = client.get(reverse("api:search"), {"q": q})
    assert answer.status_code == 400
    assert "q" in answer.json()


def test_the_suggestions_wait_for_two_characters(personas, sign_in) -> None:
    world(personas)
    client = sign_in("director")
    assert client.get(reverse("search-suggest"), {"q": "q"}).json()["groups"] == []
    answer = client.get(reverse("search-suggest"), {"q": "quo"})
    assert answer["Cache-Control"] == "private, no-store"
    body = answer.json()
    assert body["all_url"] == f"{reverse('search')}?q=quo"
    assert {group["kind"] for group in body["groups"]} == {kind.code for kind in KINDS}
    for group in body["groups"]:
        assert set(group) == {"kind", "label", "list_url", "more", "results"}
        assert {"id", "title", "detail", "url"} == set(group["results"][0])


def test_the_api_answers_the_same_groups(personas, sign_in) -> None:
    world(personas)
    answer = sign_in("teamlead").get(reverse("api:search"), {"q": TOKEN})
    assert answer.status_code == 200
    expected = search_everything(personas["teamlead"], TOKEN)
    assert [group["kind"] for group in answer.json()["groups"]] == [group.kind for group in expected]
    assert [[r["id"] for r in group["results"]] for group in answer.json()["groups"]] == [
        [r.id for r in group.results] for group in expected
    ]
    assert answer.json()["q"] == TOKEN


def test_the_header_has_the_search_box_on_every_page(personas, sign_in) -> None:
    html = sign_in("clinician").get(reverse("people:me")).content.decode()
    assert 'data-site-search="/search/suggest/"' in html
    assert 'role="combobox"' in html
    assert 'aria-controls="site-search-list"' in html
