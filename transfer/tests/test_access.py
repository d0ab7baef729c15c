"""Why one sees an innovation, an agreement or a deployment, and who sees it: the
transfer rule's clauses (transfer.access) filter, explain and list, and the
three always agree."""

import csv
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from core.models import ReadLog
from people.models import Hospital, User
from people.tests.factories import UserFactory
from projects import services as project_services
from transfer import selectors, services
from transfer.access import viewer, who_sees, why_visible
from transfer.models import Agreement, Deployment, Innovation
from transfer.tests.scenario import SEES, SEES_AGREEMENT, Scenario
from transfer.tests.worlds import PERSONAS, build, world

# The reason each persona of the scenario has, by its code: the roles that see every
# transfer record; a partner account through its company's agreement; staff through
# the innovation's project.
CODES = {"director": ["direction"], "ops": ["operations"], "transfer": ["transfer_officer"], "partner": ["partner"]}


def codes(user: User, record: Innovation | Agreement | Deployment) -> list[str]:
    return [reason.code for reason in why_visible(user, record)]


def texts(user: User, record: Innovation | Agreement | Deployment) -> list[str]:
    return [reason.text for reason in why_visible(user, record)]


@pytest.mark.parametrize("key", list(SEES))
def test_each_persona_has_its_reason_or_none(scenario: Scenario, key: str) -> None:
    innovation, agreement = scenario.innovations[key], scenario.agreements[key]
    for username, user in scenario.users.items():
        expected = CODES.get(username, ["project"]) if username in SEES[key] else []
        assert codes(user, innovation) == expected, username
        expected = CODES.get(username, ["project"]) if username in SEES_AGREEMENT[key] else []
        assert codes(user, agreement) == expected, username


def test_each_reason_is_said_in_words(scenario: Scenario) -> None:
    users, public, secret = scenario.users, scenario.innovations["public"], scenario.innovations["secret"]
    # Whether in French (the default) or English, a sentence names the project it speaks of.
    [lead] = texts(users["researcher"], secret)
    assert "SECRET" in lead
    [member] = texts(users["clinician2"], public)  # a member, of a non-confidential innovation
    assert "OPEN" in member and member != lead.replace("SECRET", "OPEN")
    assert texts(users["teamlead"], public) == [lead.replace("SECRET", "OPEN")]  # a lead is told they lead
    assert all(texts(users[name], public) for name in ("director", "ops", "transfer"))
    assert len(texts(users["partner"], scenario.agreements["public"])) == 1
    assert codes(users["partner"], scenario.agreements["hidden"]) == []  # a confidential innovation's agreement
    assert codes(users["clinician"], secret) == []  # a plain member of a confidential innovation's project
    assert codes(users["researcher"], scenario.deployment) == ["project"]
    assert codes(users["teamlead"], scenario.deployment) == []


def test_a_deactivated_account_has_no_reason(scenario: Scenario) -> None:
    director = scenario.users["director"]
    User.objects.filter(pk=director.pk).update(is_active=False)
    director = User.objects.get(pk=director.pk)
    assert codes(director, scenario.innovations["public"]) == []
    assert scenario.innovations["public"].pk not in set(
        selectors.innovation_list(user=director).values_list("pk", flat=True)
    )
    assert director.pk not in {person.pk for person in who_sees(scenario.innovations["public"])}


def test_explaining_costs_one_query(scenario: Scenario, django_assert_num_queries) -> None:
    records = [scenario.innovations["public"], scenario.agreements["public"], scenario.deployment]
    for username in PERSONAS:
        user = User.objects.get(username=username)
        codes(user, records[0])  # the user's groups, read once per user object
        for record in records:
            with django_assert_num_queries(1):
                why_visible(user, record)


@pytest.mark.parametrize("members", [3, 60])
def test_who_sees_costs_the_same_whatever_the_number_of_people(
    scenario: Scenario, members: int, django_assert_num_queries
) -> None:
    project, officer = scenario.projects["open"], scenario.users["transfer"]
    for n in range(members):
        project_services.member_add(project=project, by=scenario.users["teamlead"], user=UserFactory(username=f"m{n}"))
    public = Innovation.objects.get(pk=scenario.innovations["public"].pk)
    agreement = selectors.agreement_list(user=officer).get(pk=scenario.agreements["public"].pk)
    deployment = services.deployment_create(
        by=officer, innovation=public, hospital=Hospital.objects.first(), system_name="X"
    )
    deployment = selectors.deployment_list(user=officer).get(pk=deployment.pk)
    for record in (public, agreement, deployment):
        with django_assert_num_queries(1):
            listed = [viewer(person) for person in who_sees(record)]
        assert len(listed) == members + len(SEES["public"])


def test_who_sees_says_what_each_may_do(scenario: Scenario) -> None:
    listed = {v.person.username: v for v in map(viewer, who_sees(scenario.innovations["hidden"]))}
    assert set(listed) & set(PERSONAS) == SEES["hidden"]
    assert listed["transfer"].may == ["view", "edit"]
    assert listed["director"].may == ["view"]
    assert listed["teamlead"].role == "lead" and listed["teamlead"].may == ["view"]
    assert [r.code for r in listed["teamlead"].reasons] == ["project"]
    listed = {v.person.username: v for v in map(viewer, who_sees(scenario.agreements["public"]))}
    assert [r.code for r in listed["partner"].reasons] == ["partner"]
    assert listed["partner"].role == "member"  # of the project, through which a partner sees nothing


# The pages, their file and the panels ------------------------------------------------


def test_the_detail_pages_say_why_and_link_the_managers_to_who_sees(sign_in, scenario: Scenario) -> None:
    public, agreement = scenario.innovations["public"], scenario.agreements["public"]
    html = sign_in("clinician2").get(public.get_absolute_url()).content.decode()
    assert escape(texts(scenario.users["clinician2"], public)[0]) in html
    access = reverse("transfer:innovation-access", args=[public.pk])
    assert access not in html
    assert access in sign_in("director").get(public.get_absolute_url()).content.decode()
    html = sign_in("partner").get(agreement.get_absolute_url()).content.decode()
    assert escape(texts(scenario.users["partner"], agreement)[0]) in html
    assert reverse("transfer:agreement-access", args=[agreement.pk]) not in html
    html = sign_in("transfer").get(agreement.get_absolute_url()).content.decode()
    assert reverse("transfer:agreement-access", args=[agreement.pk]) in html


def test_who_sees_as_a_page_and_a_file(sign_in, scenario: Scenario) -> None:
    secret = scenario.innovations["secret"]
    client = sign_in("ops")
    url = reverse("transfer:innovation-access", args=[secret.pk])
    logged = ReadLog.objects.filter(object_id=str(secret.pk), object_type="transfer.innovation").count()
    html = client.get(url).content.decode()
    for person in SEES["secret"]:
        assert scenario.users[person].full_name in html
    assert scenario.users["clinician"].full_name not in html
    assert ReadLog.objects.filter(object_id=str(secret.pk), object_type="transfer.innovation").count() == logged + 1
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].startswith(f'attachment; filename="access-innovation-{secret.pk}-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:]} & set(PERSONAS) == SEES["secret"]
    assert client.get(url, {"format": "pdf"}).status_code == 400
    agreement = scenario.agreements["public"]
    response = client.get(reverse("transfer:agreement-access", args=[agreement.pk]), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


# The rule holds whatever the data: explained ⇔ listed by the selector ⇔ in "who sees" ----


def _agree(users: list[User], records: list, listed_by, what: str, data: dict) -> None:
    seers = {record.pk: {person.pk for person in who_sees(record)} for record in records}
    for user in users:
        listed = set(listed_by(user=user).values_list("pk", flat=True))
        for record in records:
            explained = bool(why_visible(user, record))
            assert explained == (record.pk in listed) == (user.pk in seers[record.pk]), (
                user.username,
                what,
                record.pk,
                data,
            )


@hypothesis_settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=world)
def test_reasons_the_selectors_and_who_sees_agree_whatever_the_data(cast, data):
    with transaction.atomic():
        lab, innovations, _agreements, _companies = build(cast, data)
        hospital = Hospital.objects.order_by("pk").first()
        # Written directly: the transfer officer of the drawn world may be deactivated.
        Deployment.objects.bulk_create(
            Deployment(innovation=i, hospital=hospital, system_name="S") for i in innovations
        )
        UserFactory(username="admin", is_superuser=True)
        users = [*lab.users.values(), User.objects.get(username="admin")]
        agreements = list(Agreement.objects.select_related("innovation").filter(innovation__in=innovations))
        deployments = list(Deployment.objects.select_related("innovation").filter(innovation__in=innovations))
        _agree(users, innovations, selectors.innovation_list, "innovation", data)
        _agree(users, agreements, selectors.agreement_list, "agreement", data)
        _agree(users, deployments, selectors.deployment_list, "deployment", data)
        transaction.set_rollback(True)
