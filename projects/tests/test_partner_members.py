"""SPEC §3, decided: a partner listed as a project member is shown to whoever
sees the project, even to those who do not see them in the directory, by name
only: no email, no company, no link to a directory page they cannot open; on
the page and in the API."""

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from people.models import User
from people.selectors import person_list
from projects import services
from projects.models import Project


def test_a_partner_member_is_shown_by_name_only(personas: dict[str, User], sign_in: Callable[[str], Client]) -> None:
    partner = personas["partner"]
    project = services.project_create(by=personas["teamlead"], acronym="PULSE", title="Open to all staff")
    services.member_add(project=project, by=personas["teamlead"], user=partner)
    reader = personas["clinician2"]  # staff, not a member: sees the project, not the partner in the directory
    assert not person_list(user=reader).filter(pk=partner.pk).exists()
    client = sign_in("clinician2")

    page = client.get(project.get_absolute_url()).content.decode()
    members = page[page.index('id="members-heading"') :]
    members = members[: members.index("</section>")]
    assert partner.full_name in members
    assert partner.email not in page
    assert partner.company.name not in page
    assert reverse("people:person-detail", args=[partner.pk]) not in page
    assert client.get(reverse("people:person-detail", args=[partner.pk])).status_code == 404

    detail = client.get(reverse("api:project-detail", args=[project.pk])).json()
    row = next(member for member in detail["members"] if member["full_name"] == partner.full_name)
    assert set(row) == {"user", "full_name", "role", "joined_at"}
    assert partner.email not in str(detail) and partner.company.name not in str(detail)
    listed = client.get(reverse("api:project-members", args=[project.pk])).json()
    listed = listed["results"] if isinstance(listed, dict) else listed
    assert [member["full_name"] for member in listed if member["user"] == partner.username] == [partner.full_name]
    assert partner.email not in str(listed) and partner.company.name not in str(listed)


def test_a_partner_member_is_not_shown_to_those_who_do_not_see_the_project(
    personas: dict[str, User], sign_in: Callable[[str], Client]
) -> None:
    project = services.project_create(by=personas["teamlead"], acronym="HUSH", title="Hidden", confidential=True)
    services.member_add(project=project, by=personas["teamlead"], user=personas["partner"])
    client = sign_in("clinician2")
    assert client.get(project.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:project-members", args=[project.pk])).status_code == 404
    assert not Project.objects.filter(pk=project.pk, memberships__user=personas["clinician2"]).exists()
