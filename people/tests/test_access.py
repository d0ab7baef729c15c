"""404 for what one cannot see, 403 for what one sees but may not do, and a
security-log row for every refusal, on the pages and in the API; why one sees a
request or a person, and who does (people.access)."""

import csv
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import formats
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.access import get_for_action_or_404, get_visible_or_404, require_permission
from core.models import SecurityEvent
from people.access import (
    person_viewer,
    position_deciders,
    position_viewer,
    who_sees_person,
    who_sees_position,
    why_person_visible,
    why_position_visible,
)
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Institution, Position, Team, User
from people.roles import GROUPS, Role
from people.selectors import person_list, position_list, team_list
from people.services import delegation_create
from people.tests.factories import UserFactory, project_with
from people.tests.positions import approve, host, secondment, submit, today
from people.tests.simulation import APPLICANTS, STAFF, Simulation, operations
from people.workflow import Approvers

PERSONA_NAMES = [persona.username for persona in DEMO_PERSONAS]


def test_get_visible_or_404_answers_404_for_an_invisible_person(personas):
    with pytest.raises(Http404):
        get_visible_or_404(person_list(user=personas["partner"]), pk=personas["clinician2"].pk)


def test_get_visible_or_404_answers_404_for_a_malformed_id(personas):
    with pytest.raises(Http404):
        get_visible_or_404(person_list(user=personas["clinician"]), pk="not-a-number")


def test_get_visible_or_404_returns_a_visible_person(personas):
    found = get_visible_or_404(person_list(user=personas["clinician"]), pk=personas["clinician2"].pk)
    assert found == personas["clinician2"]


def test_require_permission_refuses_a_researcher_changing_a_team(personas):
    with pytest.raises(PermissionDenied):
        require_permission(personas["researcher"], "people.change_team", Team.objects.get(acronym="CARDIOSIM"))


def test_get_for_action_or_404_lets_operations_change_a_team(personas):
    ops = personas["ops"]
    team = get_for_action_or_404(team_list(user=ops), ops, "people.change_team", acronym="CARDIOSIM")
    assert team.acronym == "CARDIOSIM"


def test_get_for_action_or_404_answers_404_before_403_to_a_partner(personas):
    partner = personas["partner"]
    with pytest.raises(Http404):
        get_for_action_or_404(team_list(user=partner), partner, "people.change_team", acronym="CARDIOSIM")


def test_inactive_user_holds_no_permission(personas):
    ops = personas["ops"]
    User.objects.filter(pk=ops.pk).update(is_active=False)
    ops.refresh_from_db()
    assert not ops.has_perm("people.change_team")
    assert not ops.has_perm("people.view_user", personas["clinician"])


def _refusals(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind))


def test_page_404_for_an_invisible_person_is_logged(client: Client, personas):
    client.force_login(personas["partner"])
    url = reverse("people:person-detail", args=[personas["clinician2"].pk])
    assert client.get(url).status_code == 404
    [event] = _refusals(SecurityEvent.Kind.NOT_VISIBLE)
    assert (event.username, event.user, event.method, event.path) == ("partner", personas["partner"], "GET", url)
    assert event.ip_address == "127.0.0.1"


def test_api_404_for_an_invisible_person_is_logged(client: Client, personas):
    client.force_login(personas["partner"])
    url = reverse("api:person-detail", args=[personas["clinician2"].pk])
    assert client.get(url).status_code == 404
    [event] = _refusals(SecurityEvent.Kind.NOT_VISIBLE)
    assert (event.username, event.path) == ("partner", url)


def test_api_403_on_a_visible_team_is_logged(client: Client, personas):
    client.force_login(personas["researcher"])
    url = reverse("api:team-detail", args=[Team.objects.get(acronym="CARDIOSIM").pk])
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 403
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.username, event.method, event.path) == ("researcher", "PATCH", url)


def test_admin_403_is_logged(client: Client, personas):
    # Operations read the security log in the admin but may not add to it.
    client.force_login(personas["ops"])
    url = reverse("admin:core_securityevent_add")
    assert client.get(url).status_code == 403
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.username, event.path) == ("ops", url)


def test_page_403_from_the_csrf_check_is_logged(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["clinician"])
    assert client.post(reverse("people:me"), {"first_name": "X"}).status_code == 403
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.username, event.path) == ("clinician", reverse("people:me"))


def test_api_refusal_to_an_anonymous_client_is_logged_once(client: Client, db):
    assert client.get(reverse("api:me")).status_code == 401
    assert [event.kind for event in SecurityEvent.objects.all()] == [SecurityEvent.Kind.UNAUTHENTICATED]


def test_partner_patching_an_invisible_team_gets_404_not_403(client: Client, personas):
    client.force_login(personas["partner"])
    url = reverse("api:team-detail", args=[Team.objects.get(acronym="CARDIOSIM").pk])
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 404


def test_a_team_that_does_not_exist_answers_404_to_a_patch_by_anyone(client: Client, personas):
    client.force_login(personas["researcher"])
    response = client.patch(reverse("api:team-detail", args=[999_999]), {"name": "X"}, content_type="application/json")
    assert response.status_code == 404


def test_api_403_from_the_csrf_check_is_logged_once(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["clinician"])
    url = reverse("api:me-preferences")
    assert client.patch(url, {"digest": "off"}, content_type="application/json").status_code == 403
    # DRF refuses before it authenticates the session: the row names no user.
    [event] = _refusals(SecurityEvent.Kind.FORBIDDEN)
    assert (event.method, event.path, event.ip_address) == ("PATCH", url, "127.0.0.1")


def test_unknown_address_for_a_signed_in_user_is_logged(client: Client, personas):
    client.force_login(personas["clinician"])
    assert client.get("/no-such-page/").status_code == 404
    [event] = _refusals(SecurityEvent.Kind.NOT_VISIBLE)
    assert event.path == "/no-such-page/"


# Why one sees a request or a person, and who does (people.access) ---------------------
# The clauses explain, the selectors list and "who sees" adds up: the three agree.


def position_codes(user: User, position: Position) -> list[str]:
    return [reason.code for reason in why_position_visible(user, position)]


def person_codes(user: User, person: User) -> list[str]:
    return [reason.code for reason in why_person_visible(user, person)]


def test_each_reason_to_see_a_request_is_said_in_words(personas):
    position = submit(host(personas["clinician"], "CARDIOSIM"))
    assert position_codes(personas["clinician"], position) == ["applicant"]
    assert position_codes(personas["teamlead"], position) == ["team_leader"]
    texts = [reason.text for reason in why_position_visible(personas["teamlead"], position)]
    # English, or French once translated ("… l’équipe-projet d’accueil").
    assert texts == ["You lead CARDIOSIM, the host project-team."] or (
        "CARDIOSIM" in texts[0] and "accueil" in texts[0]
    )
    assert position_codes(personas["depthead"], position) == ["department_head"]
    assert "Cardiologie" in why_position_visible(personas["depthead"], position)[0].text
    assert position_codes(personas["director"], position) == ["direction"]
    assert position_codes(personas["ops"], position) == ["operations"]
    assert position_codes(personas["clinician2"], position) == []
    draft = host(personas["clinician"], "CARDIOSIM")
    assert position_codes(personas["teamlead"], draft) == []


def test_a_delegate_is_told_whom_they_act_for_and_until_when(personas):
    position = submit(host(personas["clinician"], "CARDIOSIM"))
    delegation = delegation_create(
        delegator=personas["teamlead"],
        delegate=personas["researcher"],
        starts_on=today() - timedelta(days=2),
        ends_on=today() + timedelta(days=5),
        by=personas["teamlead"],
    )
    [reason] = why_position_visible(personas["researcher"], position)
    assert reason.code == "team_delegate"
    assert "CARDIOSIM" in reason.text
    assert formats.date_format(delegation.ends_on, "SHORT_DATE_FORMAT") in reason.text
    assert formats.date_format(delegation.starts_on, "SHORT_DATE_FORMAT") in reason.text


def test_a_stand_in_for_direction_sees_what_awaits_direction_and_says_for_whom(personas):
    position = submit(host(personas["clinician"], "PULSAR"))  # PULSAR has no leader: its step goes to direction
    delegation_create(
        delegator=personas["director"],
        delegate=personas["transfer"],
        starts_on=today(),
        ends_on=today() + timedelta(days=3),
        by=personas["director"],
    )
    [reason] = why_position_visible(personas["transfer"], position)
    assert reason.code == "final_delegate" and personas["director"].last_name in reason.text


def test_a_stand_in_for_operations_sees_an_endorsed_request_until_it_is_decided(personas):
    position = approve(submit(host(personas["clinician"], "CARDIOSIM")), personas["teamlead"], personas["depthead"])
    assert position.status == "endorsed"
    delegation_create(
        delegator=personas["ops"],
        delegate=personas["teamlead2"],
        starts_on=today(),
        ends_on=today() + timedelta(days=3),
        by=personas["ops"],
    )
    assert position_codes(personas["teamlead2"], position) == ["final_delegate"]
    assert personas["teamlead2"].pk in {person.pk for person in who_sees_position(position)}
    approve(position, personas["director"])
    assert position_codes(personas["teamlead2"], position) == []
    assert not position_list(user=personas["teamlead2"]).filter(pk=position.pk).exists()


def test_explaining_a_request_costs_one_query(personas, django_assert_num_queries):
    position = submit(host(personas["clinician"], "CARDIOSIM"))
    for username in PERSONA_NAMES:
        user = personas[username]
        position_codes(user, position)  # the user's groups, read once per user object
        with django_assert_num_queries(1):
            why_position_visible(user, position)


@pytest.mark.parametrize("stand_ins", [3, 60])
def test_who_sees_a_request_costs_the_same_whatever_their_number(personas, stand_ins, django_assert_num_queries):
    position = submit(host(personas["clinician"], "CARDIOSIM"))
    for n in range(stand_ins):
        delegation_create(
            delegator=personas["teamlead"],
            delegate=UserFactory(username=f"d{n}"),
            starts_on=today(),
            ends_on=today() + timedelta(days=1),
            by=personas["teamlead"],
        )
    position = Position.objects.select_related("team__leader", "department__head").get(pk=position.pk)
    with django_assert_num_queries(2):  # the people with their reasons; who decides what (Approvers)
        deciders = position_deciders(position, Approvers(today()))
        listed = [position_viewer(person, position, deciders) for person in who_sees_position(position)]
    # The applicant, the two heads, direction, operations and the stand-ins.
    assert len(listed) == stand_ins + 5
    by_name = {v.person.username: v for v in listed}
    assert by_name["clinician"].may == ["view"]
    assert by_name["teamlead"].may == ["view", "decide"]
    assert by_name["d0"].may == ["view", "decide"] and [r.code for r in by_name["d0"].reasons] == ["team_delegate"]
    assert by_name["director"].may == ["view"]  # the final step is not open yet


def test_each_reason_to_see_a_person_is_said_in_words(personas, shared_project):
    assert person_codes(personas["partner"], personas["researcher"]) == ["shares_project"]
    [reason] = why_person_visible(personas["partner"], personas["researcher"])
    assert "CARDIO-AI" in reason.text
    assert person_codes(personas["partner"], personas["partner"]) == ["self"]
    assert person_codes(personas["partner"], personas["clinician"]) == []
    assert person_codes(personas["clinician"], personas["clinician2"]) == ["staff"]
    [reason] = why_person_visible(personas["clinician"], personas["clinician2"])
    # English, or French once translated.
    assert reason.text == "You are lab staff, and so are they." or "personnel" in reason.text
    assert person_codes(personas["researcher"], personas["partner"]) == ["shares_project"]
    assert person_codes(personas["director"], personas["partner"]) == ["direction"]
    assert person_codes(personas["ops"], personas["ops"]) == ["operations", "staff", "self"]


def test_explaining_a_person_costs_one_query(personas, shared_project, django_assert_num_queries):
    for username in PERSONA_NAMES:
        user = personas[username]
        person_codes(user, personas["researcher"])
        with django_assert_num_queries(1):
            why_person_visible(user, personas["researcher"])


@pytest.mark.parametrize("members", [3, 60])
def test_who_sees_a_partner_costs_one_query_whatever_their_number(personas, members, django_assert_num_queries):
    project_with("BIG", "Big", personas["partner"], *(UserFactory(username=f"m{n}") for n in range(members)))
    with django_assert_num_queries(1):
        listed = [person_viewer(person) for person in who_sees_person(personas["partner"])]
    # The members, the partner, direction and operations.
    assert len(listed) == members + 3
    by_name = {v.person.username: v for v in listed}
    assert by_name["partner"].may == ["view", "edit"] and by_name["ops"].may == ["view", "edit"]
    assert by_name["m0"].may == ["view"] and [r.code for r in by_name["m0"].reasons] == ["shares_project"]


# The pages and the files ---------------------------------------------------------------


def test_the_request_page_says_why_and_links_its_managers_to_who_sees_it(sign_in, personas):
    position = submit(host(personas["clinician"], "CARDIOSIM"))
    access = reverse("people:hostposition-access", args=[position.pk])
    html = sign_in("clinician").get(position.get_absolute_url()).content.decode()
    assert ("You made this request." in html or "Vous avez fait cette demande." in html) and access not in html
    html = sign_in("teamlead").get(position.get_absolute_url()).content.decode()
    assert "CARDIOSIM" in html and access in html


def test_who_sees_a_request_as_a_page_and_a_file(sign_in, personas):
    position = submit(secondment(personas["researcher"], "Cardiologie"))
    url = reverse("people:secondment-access", args=[position.pk])
    client = sign_in("depthead")
    html = client.get(url).content.decode()
    for username in ("researcher", "teamlead", "depthead", "director", "ops"):
        assert personas[username].full_name in html
    assert personas["clinician2"].full_name not in html
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].startswith(f'attachment; filename="access-secondment-{position.pk}-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == ["depthead", "director", "ops", "researcher", "teamlead"]
    assert client.get(url, {"format": "xlsx"}).status_code == 200
    assert client.get(url, {"format": "pdf"}).status_code == 400
    assert sign_in("researcher").get(url).status_code == 403  # the applicant sees it, manages nothing
    assert sign_in("clinician2").get(url).status_code == 404


def test_who_sees_a_person_as_a_page_and_a_file(sign_in, personas, shared_project):
    partner = personas["partner"]
    url = reverse("people:person-access", args=[partner.pk])
    client = sign_in("ops")
    html = client.get(url).content.decode()
    for username in ("partner", "researcher", "director", "ops"):
        assert personas[username].full_name in html
    assert personas["clinician"].full_name not in html
    response = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[1] for row in rows[1:]) == ["director", "ops", "partner", "researcher"]
    assert client.get(url, {"format": "pdf"}).status_code == 400
    assert sign_in("researcher").get(url).status_code == 403
    assert sign_in("clinician").get(url).status_code == 404
    page = sign_in("partner").get(partner.get_absolute_url()).content.decode()
    assert ("It is you." in page or "C’est vous." in page) and url not in page
    assert url in sign_in("director").get(partner.get_absolute_url()).content.decode()


# Whatever the data: a reason ⇔ the selector lists it ⇔ among who sees it ----------------------


def agree_on_requests(users: list[User]) -> None:
    positions = list(Position.objects.select_related("team", "department"))
    seers = {position.pk: {person.pk for person in who_sees_position(position)} for position in positions}
    for user in users:
        listed = set(position_list(user=user).values_list("pk", flat=True))
        for position in positions:
            explained = bool(why_position_visible(user, position))
            assert explained == (position.pk in listed) == (user.pk in seers[position.pk]), (
                user.username,
                position.pk,
                position.status,
                position_codes(user, position),
            )


@hypothesis_settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(operations, min_size=1, max_size=12),
    direction=st.sets(st.sampled_from(APPLICANTS), max_size=1),
    stand_ins=st.lists(st.tuples(st.sampled_from(["director", "ops"]), st.sampled_from(STAFF), st.integers(-1, 1))),
)
def test_reasons_the_request_list_and_who_sees_agree_whatever_happens(personas, steps, direction, stand_ins):
    """Heads changed, delegations started and ended (from yesterday to days ahead),
    requests in every state, days passing: ``Simulation`` of the selectors' test."""
    with transaction.atomic():
        # Direction of more than one person, or of the applicant alone, before any request.
        Group.objects.get(name=GROUPS[Role.DIRECTION]).user_set.add(*(personas[name] for name in direction))
        simulation = Simulation()
        for username, unit in (("clinician", 1), ("researcher", 1), ("depthead", 0), ("teamlead", 2)):
            simulation.create(username, unit)
            simulation.submit(len(simulation.positions) - 1)
        simulation.decide(0, 0, True)
        simulation.decide(0, 0, True)  # both endorsements: the first request awaits direction
        for delegator, delegate, start in stand_ins:  # direction's or operations' stand-ins, from yesterday or later
            simulation.delegate(delegator, delegate, start, 2)
        with mock.patch("django.utils.timezone.localdate", lambda: simulation.day):
            for step in steps:
                simulation.run(step)
            agree_on_requests(list(User.objects.filter(username__in=PERSONA_NAMES)))
        transaction.set_rollback(True)


PEOPLE = [*PERSONA_NAMES, "partner2", "academic", "admin"]
directory_world = st.fixed_dictionaries(
    {
        "projects": st.lists(st.lists(st.sampled_from(PEOPLE), max_size=4), max_size=3),
        "inactive": st.sets(st.sampled_from(PEOPLE), max_size=2),
        "direction": st.sets(st.sampled_from(PEOPLE), max_size=1),
        "left_operations": st.booleans(),
    }
)


@hypothesis_settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=directory_world)
def test_reasons_the_directory_and_who_sees_agree_whatever_the_data(personas, data):
    with transaction.atomic():
        cast = {
            **personas,
            "partner2": UserFactory(username="partner2", institution=Institution.PARTNER),
            "academic": UserFactory(username="academic", institution=Institution.ACADEMIC),
            "admin": UserFactory(username="admin", is_superuser=True),
        }
        for n, members in enumerate(data["projects"]):
            project_with(f"P{n}", f"P{n}", *(cast[name] for name in set(members)))
        Group.objects.get(name=GROUPS[Role.DIRECTION]).user_set.add(*(cast[name] for name in data["direction"]))
        if data["left_operations"]:
            Group.objects.get(name=GROUPS[Role.OPERATIONS]).user_set.remove(cast["ops"])
        User.objects.filter(username__in=data["inactive"]).update(is_active=False)
        users = list(User.objects.filter(username__in=PEOPLE))
        seers = {person.pk: {viewer.pk for viewer in who_sees_person(person)} for person in users}
        for user in users:
            listed = set(person_list(user=user).values_list("pk", flat=True))
            for person in users:
                explained = bool(why_person_visible(user, person))
                assert explained == (person.pk in listed) == (user.pk in seers[person.pk]), (
                    user.username,
                    person.username,
                    data,
                )
        transaction.set_rollback(True)
