"""Lists cost the same number of SQL queries whatever their length (SPEC §7)."""

import pytest
from django.urls import reverse

from people.models import Institution
from people.tests.factories import (
    CompanyFactory,
    DepartmentFactory,
    HospitalFactory,
    TeamFactory,
    UserFactory,
)

SIZES = [5, 50]


def add_people(count: int) -> None:
    """People in every kind of unit, each unit with a head, so that a missing
    ``select_related`` shows as one query per row."""
    hospital = HospitalFactory()
    for n in range(count):
        kind = n % 3
        if kind == 0:
            UserFactory(team=TeamFactory(leader=UserFactory()))
        elif kind == 1:
            UserFactory(department=DepartmentFactory(hospital=hospital, head=UserFactory()))
        else:
            UserFactory(institution=Institution.PARTNER, company=CompanyFactory())


def add_teams(count: int) -> None:
    for _ in range(count):
        TeamFactory(leader=UserFactory())


def add_departments(count: int) -> None:
    for _ in range(count):
        DepartmentFactory(head=UserFactory())


@pytest.mark.parametrize("size", SIZES)
def test_directory_page_costs_the_same_for_any_length(sign_in, django_assert_num_queries, size):
    add_people(size)
    client = sign_in("ops")
    with django_assert_num_queries(6):
        # 1. the session
        # 2. the signed-in user, with their roles and model permissions
        # 3. the filters the directory remembers for them (none: no redirect)
        # 4. the number of people they see, for the pager
        # 5. one page of people with their team, department, hospital and company
        # 6. the session saved again (its idle expiry renewed)
        response = client.get(reverse("people:person-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_directory_search_costs_the_same_for_any_length(sign_in, django_assert_num_queries, size):
    add_people(size)
    client = sign_in("ops")
    with django_assert_num_queries(5):
        # The same queries as the directory page, searched; the search remembered
        # (one statement, instead of reading what was saved); the count of the
        # matches read with the page (core.pagination: a window over the capped
        # search), not on its own.
        response = client.get(reverse("people:person-list"), {"q": "labsite"})
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_people_api_costs_the_same_for_any_length(sign_in, django_assert_num_queries, size):
    add_people(size)
    client = sign_in("ops")
    with django_assert_num_queries(5):
        # 1. the session
        # 2. the signed-in user
        # 3. their groups (roles: ops see everyone)
        # 4-5. their model permissions, direct and through groups (people.view_user)
        # 6. the number of people, for the pager
        # 7. one page of people with their team, department, hospital and company
        # 8-10. the session saved again, in a savepoint
        response = client.get(reverse("api:person-list"), {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= size


@pytest.mark.parametrize("size", SIZES)
def test_people_api_for_a_partner_costs_the_same_for_any_length(
    sign_in, django_assert_num_queries, shared_project, size
):
    add_people(size)
    client = sign_in("partner")
    with django_assert_num_queries(5):
        # As above; the shared-project rule is a subquery of queries 6 and 7.
        response = client.get(reverse("api:person-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_teams_api_costs_the_same_for_any_length(sign_in, django_assert_num_queries, size):
    add_teams(size)
    client = sign_in("clinician")
    with django_assert_num_queries(5):
        # 1. the session
        # 2. the signed-in user (staff, not a partner: every team, no role to look up)
        # 3-4. their model permissions, direct and through groups (people.view_team)
        # 5. the number of teams, for the pager
        # 6. one page of teams with their leaders
        # 7-9. the session saved again, in a savepoint
        response = client.get(reverse("api:team-list"), {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) == size + 3


@pytest.mark.parametrize("size", SIZES)
def test_departments_api_costs_the_same_for_any_length(sign_in, django_assert_num_queries, size):
    add_departments(size)
    client = sign_in("clinician")
    with django_assert_num_queries(5):
        # 1. the session
        # 2. the signed-in user (staff, not a partner: every department)
        # 3-4. their model permissions, direct and through groups (people.view_department)
        # 5. the number of departments, for the pager
        # 6. one page of departments with their hospitals and heads
        # 7-9. the session saved again, in a savepoint
        response = client.get(reverse("api:department-list"), {"page_size": 200})
    assert response.status_code == 200
    assert len(response.json()["results"]) == size + 3
