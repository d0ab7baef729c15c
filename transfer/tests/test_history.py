"""The history of a project, a host-position request and an innovation names
nothing its reader cannot see (SPEC §3), on the page and in the API: neither
the records and people in its changes nor who acted, who reads "someone" (null
in the API) to a reader who does not see them in the directory."""

import json
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people import services as people_services
from people.models import Team, User
from people.selectors import person_list
from projects import services as project_services
from projects.selectors import project_history
from transfer import services
from transfer.selectors import innovation_history
from transfer.tests.scenario import Scenario

pytestmark = pytest.mark.django_db

HISTORY = re.compile(r'<section class="card detail-layout__timeline".*?</section>', re.S)


def _get(user: User, url: str) -> Any:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def _history_page(user: User, url: str) -> str:
    return "".join(HISTORY.findall(_get(user, url).content.decode()))


def _history_rows(user: User, url: str) -> list[dict[str, Any]]:
    return _get(user, url).json()["history"]


def _history_api(user: User, url: str) -> str:
    return json.dumps(_history_rows(user, url))


def _assert_no_actor_unseen(reader: User, page: str, api: str) -> None:
    """Nobody the reader does not see in the directory is named as who acted:
    not by name on the page, not by username in the API."""
    seen = person_list(user=reader)
    for person in User.objects.exclude(pk__in=seen.values("pk")):
        assert person.full_name not in _history_page(reader, page), person.username
    usernames = set(seen.values_list("username", flat=True))
    for row in _history_rows(reader, api):
        assert {row["actor"], row.get("on_behalf_of")} - {None} <= usernames, row


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


def test_an_innovations_history_names_who_acted_only_to_those_who_see_them(
    personas: dict[str, User], scenario: Scenario
) -> None:
    """The transfer officer shares no project with the partner: the partner
    reads that someone recorded and changed the innovation, and no owner they
    do not see; direction reads the officer's name."""
    officer, partner = personas["transfer"], personas["partner"]
    innovation = scenario.innovations["public"]
    services.innovation_update(innovation=innovation, by=officer, owners=[personas["teamlead"], personas["researcher"]])
    page = reverse("transfer:innovation-detail", args=[innovation.pk])
    api = reverse("api:innovation-detail", args=[innovation.pk])
    text = _history_page(partner, page)
    assert officer.full_name not in text
    assert "Someone</strong> recorded it" in text
    assert "Someone</strong> changed it" in text
    rows = _history_rows(partner, api)
    assert [row["actor"] for row in rows] == [None] * len(rows)
    assert "researcher" not in json.dumps(rows)  # an owner the partner does not see
    _assert_no_actor_unseen(partner, page, api)
    assert officer.full_name in _history_page(personas["director"], page)
    assert {row["actor"] for row in _history_rows(personas["director"], api)} == {"transfer"}


def test_an_owner_the_reader_does_not_see_is_not_announced(personas: dict[str, User], scenario: Scenario) -> None:
    """The partner does not see ``researcher``: adding them as an owner beside
    ``teamlead`` is not in the partner's history at all (no row, no "…", no
    "someone" added), on the page and in the API; direction reads it."""
    officer, partner = personas["transfer"], personas["partner"]
    innovation = scenario.innovations["public"]
    services.innovation_update(innovation=innovation, by=officer, owners=[personas["teamlead"]])
    page = reverse("transfer:innovation-detail", args=[innovation.pk])
    api = reverse("api:innovation-detail", args=[innovation.pk])
    rows_before, page_before = _history_rows(partner, api), _history_page(partner, page)

    services.innovation_update(innovation=innovation, by=officer, owners=[personas["teamlead"], personas["researcher"]])
    assert _history_rows(partner, api) == rows_before
    assert _history_page(partner, page) == page_before
    assert "…" not in _history_api(partner, api) and "…" not in page_before
    direction = _history_rows(personas["director"], api)
    assert direction[-1]["changes"]["owners"] == [["teamlead"], ["researcher", "teamlead"]]


def test_a_history_leaves_out_what_its_reader_does_not_see() -> None:
    """One rule for every history: an unseen value is left out, never marked."""
    from core.history import readable
    from core.models import AuditEvent

    events = [
        AuditEvent(action="updated", changes={"owners": [["ann"], ["ann", "bob"]]}),
        AuditEvent(action="updated", changes={"owners": [["ann"], ["bob"]], "title": ["A", "B"]}),
        AuditEvent(action="updated", changes={"project": ["HIDDEN", "OPEN"]}),
        AuditEvent(action="created", changes={"project": [None, "HIDDEN"]}),
        AuditEvent(action="submitted", changes={}),
    ]
    seen = {"owners": {"ann"}, "project": {"OPEN"}}
    shown = [(event.event.action, event.changes) for event in readable(events, seen, actors=())]
    assert shown == [
        ("updated", {"owners": [["ann"], []], "title": ["A", "B"]}),
        ("updated", {"project": [None, "OPEN"]}),
        ("submitted", {}),
    ]


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
    # A former member, by full name on the page and by username in the API.
    page_text, api_text = _history_page(personas["partner"], page), _history_api(personas["partner"], api)
    assert personas["clinician2"].full_name in page_text
    assert "clinician2" in api_text
    for text in (page_text, api_text):
        for name in ("SECRET", "Secret oncology", "researcher", "Clinicienne"):
            assert name not in text
    client = Client()
    client.force_login(personas["partner"])
    assert client.get(reverse("projects:project-detail", args=[secret.pk])).status_code == 404
    assert client.get(reverse("api:project-detail", args=[secret.pk])).status_code == 404


def test_a_projects_history_names_who_acted_only_to_those_who_see_them(
    personas: dict[str, User], scenario: Scenario
) -> None:
    """Direction renames the open project: its partner member, who does not
    see the director in the directory, reads that someone changed it; the
    lead who added them, whom they see, is named."""
    director, partner = personas["director"], personas["partner"]
    project = scenario.projects["open"]
    project_services.project_update(project=project, by=director, title="Open cardiology, second phase")
    page = reverse("projects:project-detail", args=[project.pk])
    api = reverse("api:project-detail", args=[project.pk])
    text = _history_page(partner, page)
    assert director.full_name not in text
    assert "Someone</strong> changed the project" in text
    assert f"{personas['teamlead'].full_name}</strong> added a member" in text
    rows = _history_rows(partner, api)
    assert [row["actor"] for row in rows if row["action"] == "updated"] == [None]
    assert {row["actor"] for row in rows if row["action"] == "member_added"} == {"teamlead"}
    _assert_no_actor_unseen(partner, page, api)
    assert director.full_name in _history_page(personas["teamlead"], page)
    assert [row["actor"] for row in _history_rows(personas["teamlead"], api) if row["action"] == "updated"] == [
        "director"
    ]


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


def test_a_host_position_requests_history_names_who_acted_only_to_those_who_see_them(
    personas: dict[str, User],
) -> None:
    """The head of department endorses the request, then leaves the lab (their
    account is deactivated, out of the directory): the team leader reads that
    someone approved as department head, and still reads who else acted;
    direction, who sees every account, still reads their name."""
    applicant, teamlead, depthead = personas["clinician"], personas["teamlead"], personas["depthead"]
    today = timezone.localdate()
    position = people_services.position_create(
        kind="host",
        applicant=applicant,
        team=Team.objects.get(acronym="CARDIOSIM"),
        time_share=20,
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=395),
        topic="Cardiac imaging",
    )
    people_services.position_submit(position=position, by=applicant)
    people_services.position_decide(position=position, by=depthead, approve=True)
    people_services.position_decide(position=position, by=teamlead, approve=True)
    people_services.user_deactivate(user=depthead, by=personas["ops"])
    User.objects.filter(pk=teamlead.pk).update(language="en")
    page = position.get_absolute_url()
    api = reverse("api:hostposition-detail", args=[position.pk])
    text = _history_page(teamlead, page)
    assert depthead.full_name not in text
    assert "Approved by <strong>someone</strong>, department head" in text
    assert f"Approved by <strong>{teamlead.full_name}</strong>, team leader" in text
    assert f"{applicant.full_name}</strong> submitted the request" in text
    rows = _history_rows(teamlead, api)
    assert [(row["action"], row["actor"]) for row in rows] == [
        ("created", "clinician"),
        ("submitted", "clinician"),
        ("approved", None),
        ("approved", "teamlead"),
    ]
    _assert_no_actor_unseen(teamlead, page, api)
    assert depthead.full_name in _history_page(personas["director"], page)
    assert [row["actor"] for row in _history_rows(personas["director"], api)][2] == "depthead"


@pytest.mark.parametrize("officers", [1, 4])
def test_a_history_costs_the_same_however_many_people_acted(
    personas: dict[str, User], scenario: Scenario, django_assert_num_queries, officers: int
) -> None:
    innovation = scenario.innovations["public"]
    group = personas["transfer"].groups.get()
    for n in range(officers):
        officer = User.objects.create(username=f"officer{n}", institution="inria")
        officer.groups.add(group)
        services.innovation_update(innovation=innovation, by=officer, description=f"Version {n}")
    partner = User.objects.get(username="partner")  # their roles not read yet
    with django_assert_num_queries(5):
        # 1. the events, with who acted and for whom
        # 2. the partner's roles (groups): not a transfer officer, nor direction or operations
        # 3. the references of the innovation's agreements they see
        # 4. the projects named that they see (no owner is named: no query for owners)
        # 5. of all who acted, those they see in the directory
        events = innovation_history(user=partner, innovation=innovation)
    assert [event.actor for event in events if event.event.action == "updated"] == [None] * officers


# Histories read as people write: sentences, names, dates, labels ---------------------------------

MOMENT = datetime(2026, 12, 6, 14, 5, tzinfo=ZoneInfo("Europe/Paris"))


def _text(html: str) -> str:
    """What the page says (no markup, no attribute such as a ``<time>``'s ISO datetime)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_requests_history_reads_in_sentences(personas: dict[str, User]) -> None:
    """Who acted by full name, the decision in a sentence naming the step, the
    fields of a changed draft by their labels, and when, as people write it."""
    applicant, depthead, reader = personas["clinician"], personas["depthead"], personas["director"]
    today = MOMENT.date()
    with time_machine.travel(MOMENT, tick=False):
        position = people_services.position_create(
            kind="host",
            applicant=applicant,
            team=Team.objects.get(acronym="CARDIOSIM"),
            time_share=20,
            start_date=today + timedelta(days=30),
            end_date=today + timedelta(days=395),
            topic="Cardiac imaging",
        )
        people_services.position_update(
            position=position, by=applicant, time_share=30, start_date=today + timedelta(days=40)
        )
        people_services.position_submit(position=position, by=applicant)
        people_services.position_decide(position=position, by=depthead, approve=True)
    User.objects.filter(pk=reader.pk).update(language="en")
    html = _history_page(reader, position.get_absolute_url())
    text = _text(html)
    assert f"<strong>{applicant.full_name}</strong> created the request" in html
    assert f"{applicant.full_name} changed the draft: start, time share (%)" in text
    assert f"Approved by <strong>{depthead.full_name}</strong>, department head" in html
    assert "Dec. 6, 2026 at 2:05 p.m." in text
    for raw in ("clinician", "depthead", "time_share", "start_date", "2026-12-06", "approved (", "True"):
        assert raw not in text, raw
    User.objects.filter(pk=reader.pk).update(language="fr")
    text = _text(_history_page(reader, position.get_absolute_url()))
    assert "6 décembre 2026" in text and "14:05" in text
    assert f"{applicant.full_name} a créé la demande" in text


def test_a_projects_history_reads_with_labels_names_and_dates(personas: dict[str, User], scenario: Scenario) -> None:
    """A change reads "Label: before → after" with the field's label, a yes/no
    as Yes or No, a choice by its label, a date as people write it, and a member
    by full name, never by username."""
    project, lead = scenario.projects["open"], personas["teamlead"]
    project_services.project_update(
        project=project, by=lead, confidential=True, status="active", start_date=MOMENT.date()
    )
    project_services.member_add(project=project, by=lead, user=personas["researcher"])
    User.objects.filter(pk=lead.pk).update(language="en")
    text = _text(_history_page(lead, project.get_absolute_url()))
    assert "Confidential: No → Yes" in text
    assert "Status: Proposed → Active" in text
    assert "Start: Dec. 6, 2026" in text
    assert f"Person: {personas['researcher'].full_name}" in text
    for raw in ("researcher", "clinician2", "confidential:", "start_date", "2026-12-06", "False", "True"):
        assert raw not in text, raw


@pytest.mark.parametrize("members", [1, 3])
def test_a_projects_history_names_its_members_in_one_query(
    personas: dict[str, User], scenario: Scenario, django_assert_num_queries, members: int
) -> None:
    project, lead = scenario.projects["open"], personas["teamlead"]
    for username in ["researcher", "clinician", "transfer"][:members]:
        project_services.member_add(project=project, by=lead, user=personas[username])
    director = User.objects.get(username="director")  # their roles not read yet
    with django_assert_num_queries(3):
        # 1. the events, with who acted and for whom
        # 2. the full names of the members the changes name, all at once
        # 3. the director's roles (groups): they see everyone, so no query for
        #    which of those who acted they see
        events = project_history(user=director, project=project)
    names = {name for event in events for name in event.names.values()}
    assert personas["researcher"].full_name in names
