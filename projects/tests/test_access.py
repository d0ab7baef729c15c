"""Why one sees a project, and who sees it (issue 16): the project rule's clauses
(projects.access) filter, explain and list, and the three always agree."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Institution, User
from people.roles import GROUPS, Role
from people.tests.factories import UserFactory
from projects import services
from projects.access import viewer, who_sees, why_visible
from projects.models import Project
from projects.selectors import project_list

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


@pytest.fixture
def owner(db) -> User:
    return UserFactory(username="owner")


def make(owner: User, acronym: str, *, confidential: bool) -> Project:
    return services.project_create(by=owner, acronym=acronym, title=acronym, confidential=confidential)


def codes(user: User, project: Project) -> list[str]:
    return [reason.code for reason in why_visible(user, project)]


def test_each_reason_is_said_in_words(personas, owner):
    secret = make(owner, "HEARTWATCH", confidential=True)
    open_ = make(owner, "CARDIOSIM", confidential=False)
    services.member_add(project=secret, by=owner, user=personas["clinician"])
    services.member_add(project=open_, by=owner, user=personas["partner"])
    assert codes(personas["clinician"], secret) == ["member"]
    assert [r.text for r in why_visible(personas["clinician"], secret)] in (
        ["You are a member of HEARTWATCH."],
        ["Vous êtes membre de HEARTWATCH."],
    )
    assert "HEARTWATCH" in why_visible(owner, secret)[0].text  # "you lead HEARTWATCH"
    assert codes(personas["director"], secret) == ["direction"]
    assert codes(personas["ops"], secret) == ["operations"]
    assert codes(personas["clinician2"], open_) == ["not_confidential"]
    assert codes(personas["partner"], open_) == ["member"]  # a partner is not lab staff
    assert codes(personas["clinician2"], secret) == []
    assert codes(personas["partner"], secret) == []


def test_explaining_costs_one_query(personas, owner, django_assert_num_queries):
    project = make(owner, "P", confidential=False)
    for username in PERSONAS:
        user = personas[username]
        codes(user, project)  # the user's groups, read once per user object
        with django_assert_num_queries(1):
            why_visible(user, project)


@pytest.mark.parametrize("members", [3, 60])
def test_who_sees_costs_the_same_whatever_the_number_of_people(personas, owner, members, django_assert_num_queries):
    project = make(owner, "BIG", confidential=True)
    for n in range(members):
        services.member_add(project=project, by=owner, user=UserFactory(username=f"m{n}"))
    with django_assert_num_queries(1):
        listed = [viewer(person) for person in who_sees(project)]
    assert len(listed) == members + 3  # the owner, direction and operations


def test_who_sees_says_what_each_may_do(personas, owner):
    project = make(owner, "P", confidential=True)
    services.member_add(project=project, by=owner, user=personas["clinician"])
    listed = {v.person.username: v for v in map(viewer, who_sees(project))}
    assert set(listed) == {"owner", "clinician", "director", "ops"}
    assert listed["owner"].may == ["view", "edit"] and listed["owner"].role == "lead"
    assert listed["clinician"].may == ["view"] and listed["clinician"].role == "member"
    assert listed["director"].may == ["view", "edit", "decide"]
    assert [r.code for r in listed["ops"].reasons] == ["operations"]


# The page, its file and the panel ---------------------------------------------------


def test_the_project_page_says_why_and_links_its_managers_to_who_sees_it(sign_in, personas, owner):
    project = make(owner, "HEARTWATCH", confidential=True)
    services.member_add(project=project, by=owner, user=personas["clinician"])
    html = sign_in("clinician").get(project.get_absolute_url()).content.decode()
    assert "HEARTWATCH" in html and ("You are a member of HEARTWATCH." in html or "membre de HEARTWATCH" in html)
    access = reverse("projects:project-access", args=[project.pk])
    assert access not in html
    html = sign_in("director").get(project.get_absolute_url()).content.decode()
    assert access in html


def test_who_sees_as_a_page_and_a_file(client, personas, owner):
    project = make(owner, "HEARTWATCH", confidential=True)
    services.member_add(project=project, by=owner, user=personas["clinician"])
    client.force_login(owner)
    url = reverse("projects:project-access", args=[project.pk])
    html = client.get(url).content.decode()
    for person in ("owner", "clinician", "director", "ops"):
        assert User.objects.get(username=person).full_name in html
    assert personas["clinician2"].full_name not in html
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="access-HEARTWATCH-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == ["clinician", "director", "ops", "owner"]
    assert client.get(url, {"format": "pdf"}).status_code == 400


# The rule holds whatever the data: explained ⇔ listed by the selector ⇔ in "who sees" ----

USERS = [*PERSONAS, "plain", "partner2", "admin"]
world = st.fixed_dictionaries(
    {
        "projects": st.lists(st.booleans(), min_size=1, max_size=3),  # confidential flags
        "memberships": st.lists(
            st.tuples(st.sampled_from(USERS), st.integers(0, 2), st.sampled_from(["lead", "member"])), max_size=8
        ),
        "inactive": st.sets(st.sampled_from(USERS), max_size=2),
        # Roles given or taken away: a staff member joins direction, someone leaves operations.
        "direction": st.sets(st.sampled_from(USERS), max_size=1),
        "left_operations": st.booleans(),
    }
)


@pytest.fixture
def cast(personas: dict[str, User]) -> dict[str, User]:
    return {
        **personas,
        "plain": UserFactory(username="plain"),
        "partner2": UserFactory(username="partner2", institution=Institution.PARTNER),
        "admin": UserFactory(username="admin", is_superuser=True),
    }


@hypothesis_settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=world)
def test_reasons_the_selector_and_who_sees_agree_whatever_the_data(cast, data):
    with transaction.atomic():
        owner = UserFactory(username="owner")
        projects = [
            services.project_create(by=owner, acronym=f"P{n}", title=f"P{n}", confidential=confidential)
            for n, confidential in enumerate(data["projects"])
        ]
        joined = set()
        for username, index, role in data["memberships"]:
            project = projects[index % len(projects)]
            if (username, project.pk) not in joined:
                role = "member" if cast[username].institution == Institution.PARTNER else role  # partners never lead
                services.member_add(project=project, by=owner, user=cast[username], role=role)
                joined.add((username, project.pk))
        Group.objects.get(name=GROUPS[Role.DIRECTION]).user_set.add(*(cast[name] for name in data["direction"]))
        if data["left_operations"]:
            Group.objects.get(name=GROUPS[Role.OPERATIONS]).user_set.remove(cast["ops"])
        User.objects.filter(username__in=data["inactive"]).update(is_active=False)
        users = [User.objects.get(username=name) for name in [*USERS, "owner"]]
        seers = {project.pk: {person.pk for person in who_sees(project)} for project in projects}
        for user in users:
            listed = set(project_list(user=user).values_list("pk", flat=True))
            for project in projects:
                explained = bool(why_visible(user, project))
                assert explained == (project.pk in listed) == (user.pk in seers[project.pk]), (
                    user.username,
                    project.acronym,
                    data,
                )
        transaction.set_rollback(True)
