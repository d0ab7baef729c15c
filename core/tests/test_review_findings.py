"""Bugs found in review: each a test that failed before its fix."""

from datetime import timedelta

import pytest
from django.urls import reverse

from people.services import delegation_create
from people.tests.positions import secondment, submit, today
from projects.models import Membership
from projects.tests.test_permissions import build_projects

pytestmark = pytest.mark.django_db


def test_api_member_add_cannot_name_a_person_the_lead_does_not_see(client, personas):
    """teamlead2 shares no project with ``partner``: the directory hides them
    (SPEC §3), the HTML form does not offer them, and the API must not take
    them either (adding them would confirm the account exists)."""
    projects = build_projects(personas)
    client.force_login(personas["teamlead2"])
    url = reverse("api:project-members", args=[projects["other"].pk])
    response = client.post(url, {"user": "partner"}, content_type="application/json")
    assert response.status_code == 400
    assert not Membership.objects.filter(project=projects["other"], user=personas["partner"]).exists()
    # The same answer as for a username that does not exist.
    missing = client.post(url, {"user": "nobody-at-all"}, content_type="application/json")
    assert missing.status_code == 400
    assert response.json() == {
        **missing.json(),
        "user": [m.replace("nobody-at-all", "partner") for m in missing.json()["user"]],
    }


def test_delegate_of_an_applicant_heading_the_unit_does_not_see_their_request(client, personas):
    """teamlead leads CARDIOSIM and asks for a secondment: the team step goes
    to direction (nobody decides their own request). teamlead's delegate is no
    approver of it, so does not see it (404), in the list or by its URL."""
    delegation_create(
        delegator=personas["teamlead"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today() + timedelta(days=10),
        by=personas["teamlead"],
    )
    position = submit(secondment(personas["teamlead"]))
    client.force_login(personas["researcher"])
    assert client.get(reverse("people:secondment-detail", args=[position.pk])).status_code == 404
    assert client.get(reverse("api:secondment-detail", args=[position.pk])).status_code == 404
    listed = client.get(reverse("api:secondment-list"))
    assert position.pk not in [row["id"] for row in listed.json()["results"]]
    # The host department's head still sees it, and direction by role.
    client.force_login(personas["depthead2"])
    assert client.get(reverse("people:secondment-detail", args=[position.pk])).status_code == 200


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


def test_a_partner_account_cannot_be_made_a_project_lead(personas):
    from django.core.exceptions import ValidationError

    from projects import services
    from projects.models import Membership

    project = services.project_create(by=personas["teamlead"], acronym="PLEAD", title="Partner lead check")
    with pytest.raises(ValidationError):
        services.member_add(project=project, by=personas["teamlead"], user=personas["partner"], role="lead")
    services.member_add(project=project, by=personas["teamlead"], user=personas["partner"], role="member")
    with pytest.raises(ValidationError):
        services.member_set_role(project=project, by=personas["teamlead"], user=personas["partner"], role="lead")
    assert Membership.objects.get(project=project, user=personas["partner"]).role == "member"
