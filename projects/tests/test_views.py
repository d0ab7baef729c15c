"""The project pages: what each persona finds in lists, searches, exports and
the dashboard, forms that keep what was typed, the rules of members and data
requests as the pages show them, and lists that cost the same whatever their
length."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.models import User
from projects import services
from projects.models import DataAccessRequest, Membership, Project
from projects.tests.worlds import build_projects


@pytest.fixture
def projects(personas: dict[str, User]) -> dict[str, Project]:
    return build_projects(personas)


@pytest.fixture
def english(personas: dict[str, User]) -> None:
    User.objects.filter(pk__in=[user.pk for user in personas.values()]).update(language="en")


def listed(response) -> list[str]:
    return [project.acronym for project in response.context["page"]]


def exported(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[1] for row in rows[1:]]


LIST = reverse("projects:project-list")
EXPORT = reverse("projects:project-export")


# No trace of a confidential project -----------------------------------------------


def test_a_non_member_finds_no_trace_of_a_confidential_project(sign_in, projects):
    secret = projects["secret"]
    client = sign_in("clinician2")
    for query in ({}, {"q": "SECRET"}, {"q": "heart"}, {"q": "secret prediction"}, {"confidential": "yes"}):
        response = client.get(LIST, query)
        assert "SECRET" not in listed(response), query
        html = response.content.decode()
        assert secret.title not in html and secret.get_absolute_url() not in html, query
        assert "SECRET" not in exported(client.get(EXPORT, {"format": "csv", **query})), query
    assert client.get(reverse("projects:project-detail", args=[secret.pk])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert "SECRET" not in home and secret.get_absolute_url() not in home


@pytest.mark.parametrize("persona", ["researcher", "clinician", "director", "ops"])
def test_members_direction_and_operations_find_a_confidential_project(sign_in, projects, persona):
    client = sign_in(persona)
    assert "SECRET" in listed(client.get(LIST, {"q": "SECRET"}))
    assert "SECRET" in listed(client.get(LIST, {"q": "prediction"}))
    assert "SECRET" in exported(client.get(EXPORT, {"format": "csv"}))
    html = client.get(reverse("projects:project-detail", args=[projects["secret"].pk])).content.decode()
    assert "badge--confidential" in html


def test_a_partner_sees_only_their_project(sign_in, projects):
    client = sign_in("partner")
    assert listed(client.get(LIST)) == ["OPEN"]
    assert exported(client.get(EXPORT, {"format": "csv"})) == ["OPEN"]
    assert client.get(reverse("projects:project-detail", args=[projects["other"].pk])).status_code == 404
    assert client.get(reverse("projects:project-create")).status_code == 403


def test_staff_see_every_project_that_is_not_confidential(sign_in, projects):
    assert listed(sign_in("transfer").get(LIST)) == ["OPEN", "OTHER"]


# Search and filters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "OTHER"}, ["OTHER"]),
        ({"q": "learning"}, ["OPEN", "OTHER", "SECRET"]),
        ({"q": "wearable"}, ["OPEN", "OTHER", "SECRET"]),
        ({"q": "nothing-matches"}, []),
        ({"confidential": "yes"}, ["SECRET"]),
        ({"confidential": "no"}, ["OPEN", "OTHER"]),
        ({"mine": "on"}, ["SECRET"]),
        ({"clinical_domain": "neurology"}, []),
        ({"status": "active"}, ["OPEN", "OTHER", "SECRET"]),
    ],
)
def test_search_and_filters_narrow_the_list_and_the_export(sign_in, projects, query, expected):
    client = sign_in("researcher")
    # Which projects; a search's order, best first, is test_search.py's.
    assert sorted(listed(client.get(LIST, query))) == expected
    assert sorted(exported(client.get(EXPORT, {"format": "csv", **query}))) == expected


def test_filters_by_team_and_department(sign_in, personas, projects):
    team = personas["teamlead"].team
    services.project_update(project=projects["open"], by=personas["teamlead"], teams=[team])
    client = sign_in("ops")
    assert listed(client.get(LIST, {"team": team.pk})) == ["OPEN"]
    assert listed(client.get(LIST, {"department": personas["depthead"].department.pk})) == []


def test_an_invalid_filter_is_shown_and_ignored(sign_in, projects):
    response = sign_in("ops").get(LIST, {"status": "sideways", "team": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    assert listed(response) == ["OPEN", "OTHER", "SECRET"]


def test_the_list_is_paginated(sign_in, personas):
    for n in range(27):
        services.project_create(by=personas["ops"], acronym=f"P{n:02}", title="Bulk")
    client = sign_in("ops")
    assert len(listed(client.get(LIST))) == 25
    assert len(listed(client.get(LIST, {"page": 2}))) == 2


def test_the_xlsx_export_holds_the_same_rows(sign_in, projects):
    response = sign_in("researcher").get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["OPEN", "OTHER", "SECRET"]


# Members ---------------------------------------------------------------------------


def test_a_membership_change_takes_effect_at_once(sign_in, personas, projects):
    secret = projects["secret"]
    detail = reverse("projects:project-detail", args=[secret.pk])
    client = Client()
    client.force_login(personas["clinician2"])
    assert client.get(detail).status_code == 404

    lead = sign_in("researcher")
    add_url = reverse("projects:project-member-add", args=[secret.pk])
    add = lead.post(add_url, {"user": personas["clinician2"].pk, "role": "member"})
    assert add.status_code == 302
    assert client.get(detail).status_code == 200
    assert "SECRET" in listed(client.get(LIST))
    assert "SECRET" in client.get(reverse("home")).content.decode()

    remove = reverse("projects:project-member-remove", args=[secret.pk])
    assert lead.post(remove, {"user": personas["clinician2"].pk}).status_code == 302
    assert client.get(detail).status_code == 404


def test_a_new_lead_may_manage_at_once(sign_in, personas, projects):
    secret = projects["secret"]
    members = reverse("projects:project-members", args=[secret.pk])
    assert sign_in("clinician").get(members).status_code == 403
    role = reverse("projects:project-member-role", args=[secret.pk])
    sign_in("researcher").post(role, {"user": personas["clinician"].pk, "role": "lead"})
    assert sign_in("clinician").get(members).status_code == 200


@pytest.mark.parametrize("name", ["projects:project-update", "projects:project-members", "projects:datarequest-create"])
def test_a_plain_member_may_not_change_the_project(sign_in, projects, name):
    assert sign_in("clinician").get(reverse(name, args=[projects["secret"].pk])).status_code == 403


def test_a_plain_member_may_not_add_or_close_milestones(sign_in, projects):
    client = sign_in("clinician")
    secret = projects["secret"]
    url = reverse("projects:milestone-create", args=[secret.pk])
    assert client.post(url, {"title": "Mine", "due_date": "2030-01-01"}).status_code == 403
    milestone = secret.milestones.get()
    assert client.post(reverse("projects:milestone-done", args=[milestone.pk])).status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_the_last_lead_cannot_be_removed(sign_in, english, personas, projects):
    secret = projects["secret"]
    response = sign_in("researcher").post(
        reverse("projects:project-member-remove", args=[secret.pk]), {"user": personas["researcher"].pk}
    )
    assert response.status_code == 400
    assert "A project always keeps at least one lead." in response.content.decode()
    assert secret.memberships.filter(user=personas["researcher"], role=Membership.Role.LEAD).exists()


def test_the_last_lead_cannot_step_down(sign_in, english, personas, projects):
    secret = projects["secret"]
    url = reverse("projects:project-member-role", args=[secret.pk])
    response = sign_in("researcher").post(url, {"user": personas["researcher"].pk, "role": "member"})
    assert response.status_code == 400
    assert "at least one lead" in response.content.decode()


def test_the_picker_offers_people_the_lead_sees_who_are_not_members(sign_in, personas, projects):
    response = sign_in("researcher").get(reverse("projects:project-members", args=[projects["secret"].pk]))
    offered = set(response.context["add_form"].fields["user"].queryset.values_list("username", flat=True))
    assert "clinician2" in offered
    assert not offered & {"researcher", "clinician", "partner"}


def test_a_lead_who_removes_themselves_goes_back_to_the_project(sign_in, personas, projects):
    open_ = projects["open"]
    services.member_add(project=open_, by=personas["teamlead"], user=personas["researcher"], role="lead")
    url = reverse("projects:project-member-remove", args=[open_.pk])
    response = sign_in("teamlead").post(url, {"user": personas["teamlead"].pk})
    assert response["Location"] == open_.get_absolute_url()


# Creating and editing --------------------------------------------------------------


def test_creating_a_project_makes_its_creator_lead(sign_in, personas):
    response = sign_in("clinician").post(
        reverse("projects:project-create"),
        {
            "acronym": "LIVERAI",
            "title": "Liver surgery planning",
            "clinical_domain": "hepatobiliary_surgery",
            "methods": "simulation, Machine learning , simulation",
            "status": "proposed",
            "confidential": "on",
            "start_date": "2026-01-01",
            "end_date": "2028-12-31",
        },
    )
    project = Project.objects.get(acronym="LIVERAI")
    assert response["Location"] == project.get_absolute_url()
    assert project.confidential
    assert sorted(project.methods.values_list("name", flat=True)) == ["Machine learning", "simulation"]
    assert project.memberships.get().user == personas["clinician"]


def test_a_form_with_errors_keeps_what_was_typed(sign_in, english, projects):
    response = sign_in("clinician").post(
        reverse("projects:project-create"),
        {
            "acronym": "OPEN",
            "title": "Typed title",
            "methods": "simulation",
            "clinical_domain": "oncology",
            "status": "proposed",
            "start_date": "2027-01-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Typed title"' in html
    assert 'value="simulation"' in html
    assert "The end date must come after the start date." in html
    response = sign_in("clinician").post(
        reverse("projects:project-create"),
        {"acronym": "OPEN", "title": "Typed title", "clinical_domain": "oncology", "status": "proposed"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["acronym"]


def test_editing_keeps_the_methods_and_writes_the_history(sign_in, english, projects):
    secret = projects["secret"]
    url = reverse("projects:project-update", args=[secret.pk])
    client = sign_in("researcher")
    assert 'value="machine learning"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "acronym": "SECRET",
            "title": "A sharper title",
            "clinical_domain": "cardiology",
            "methods": "machine learning",
            "status": "completed",
            "confidential": "on",
        },
    )
    assert response.status_code == 302
    html = client.get(secret.get_absolute_url()).content.decode()
    assert "changed the project" in html
    assert "Active → Completed" in html or "active → completed" in html


# Milestones and data requests --------------------------------------------------------


def test_a_lead_adds_and_closes_a_milestone(sign_in, projects):
    secret = projects["secret"]
    client = sign_in("researcher")
    response = client.post(
        reverse("projects:milestone-create", args=[secret.pk]),
        {"title": "Model v1", "due_date": "2030-06-01", "evidence_url": "https://example.org/report"},
    )
    assert response.status_code == 302
    milestone = secret.milestones.get(title="Model v1")
    client.post(reverse("projects:milestone-done", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    client.post(reverse("projects:milestone-undone", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_milestone_without_a_date_keeps_the_title(sign_in, english, projects):
    response = sign_in("researcher").post(
        reverse("projects:milestone-create", args=[projects["secret"].pk]), {"title": "Typed milestone"}
    )
    assert response.status_code == 400
    assert 'value="Typed milestone"' in response.content.decode()


def test_an_internal_study_names_its_department(sign_in, english, projects):
    url = reverse("projects:datarequest-create", args=[projects["secret"].pk])
    response = sign_in("researcher").post(
        url, {"route": "internal", "perimeter": "Typed perimeter", "categories": ["biology"]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "An internal study names the department it stays within." in html
    assert "Typed perimeter" in html


def test_the_decision_form_is_shown_to_operations_only(sign_in, english, projects):
    url = projects["secret"].get_absolute_url()
    assert "Committee reference" in sign_in("ops").get(url).content.decode()
    assert "Committee reference" not in sign_in("researcher").get(url).content.decode()


def test_approving_needs_a_reference_and_a_future_expiry(sign_in, english, projects):
    request = projects["secret"].data_requests.get(status="submitted")
    url = reverse("projects:datarequest-decide", args=[request.pk])
    response = sign_in("ops").post(url, {"decision": "approve", "committee_reference": "CSE-1", "expires_on": "soon"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="CSE-1"' in html
    assert "Enter a valid date." in html
    request.refresh_from_db()
    assert request.status == DataAccessRequest.Status.SUBMITTED
    later = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = sign_in("ops").post(url, {"decision": "approve", "committee_reference": "CSE-1", "expires_on": later})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.committee_reference) == (DataAccessRequest.Status.APPROVED, "CSE-1")


def test_rejecting_takes_a_reason_and_deciding_twice_answers_409(sign_in, english, projects):
    request = projects["secret"].data_requests.get(status="submitted")
    url = reverse("projects:datarequest-decide", args=[request.pk])
    client = sign_in("director")
    assert client.post(url, {"decision": "reject", "reason": "Too broad"}).status_code == 302
    response = client.post(url, {"decision": "reject", "reason": "Again"})
    assert response.status_code == 409
    assert "This request is not awaiting a decision." in response.content.decode()


# The dashboard -----------------------------------------------------------------------


def test_dashboard_shows_my_projects_and_milestones_due_soon(sign_in, english, projects):
    html = sign_in("clinician").get(reverse("home")).content.decode()
    assert "My projects" in html
    assert projects["secret"].get_absolute_url() in html
    assert "SECRET — Cohort" in html
    assert "OPEN" not in html


# Query counts ------------------------------------------------------------------------


def _many_projects(personas: dict[str, User], count: int) -> None:
    team, department = personas["teamlead"].team, personas["depthead"].department
    start = Project.objects.count()
    for n in range(start, start + count):
        services.project_create(
            by=personas["researcher"],
            acronym=f"Q{n:03}",
            title="Counted",
            confidential=n % 2 == 0,
            methods=["simulation", f"method {n}"],
            teams=[team],
            departments=[department],
        )


@pytest.mark.parametrize("url", [LIST, EXPORT + "?format=csv", EXPORT + "?format=xlsx"])
def test_the_list_and_the_export_cost_the_same_for_5_or_50_projects(sign_in, personas, url):
    client = sign_in("researcher")
    counts = []
    for total in (5, 50):
        _many_projects(personas, total - Project.objects.count())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Session and user; the count (the list's paginator); the projects; methods,
    # teams and departments prefetched; and for the list page, the filters' choices.
    assert counts[0] == counts[1], counts


def test_project_form_refuses_a_method_name_too_long_instead_of_a_500(client, personas):
    """A digital method is at most 80 characters (``Method.name``): the form
    said so for the whole list only, and one long name reached the database."""
    client.force_login(personas["teamlead"])
    data = {
        "acronym": "LONGTAG",
        "title": "Tags",
        "clinical_domain": "other",
        "status": "proposed",
        "methods": "m" * 100,
    }
    response = client.post(reverse("projects:project-create"), data)
    assert response.status_code == 400
    assert "methods" in response.context["form"].errors


def test_xlsx_export_of_a_project_whose_title_holds_a_control_character(client, personas):
    """A title typed with a control character (pasted from elsewhere) is saved;
    the spreadsheet export must not fail on it (500)."""
    client.force_login(personas["teamlead"])
    data = {"acronym": "CTRL", "title": "Bell\x07title", "clinical_domain": "other", "status": "proposed"}
    client.post(reverse("projects:project-create"), data)
    response = client.get(reverse("projects:project-export") + "?format=xlsx")
    assert response.status_code == 200
