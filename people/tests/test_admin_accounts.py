"""Accounts in the admin (issue 12): operations cannot set the password, email
address or roles of direction or of another operations account, nor make
anyone direction or operations; every change they make is audited and emailed
to the person; a superuser sets such a password with ``manage.py set_password``."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, Email
from people import services
from people.models import User
from people.roles import GROUPS, Role, ensure_role_groups

NEW_PASSWORD = "a-much-longer-passphrase-42"


def change_form(user: User, **overrides) -> dict:
    """What the admin's change form posts for ``user`` as it is, with ``overrides``."""
    form = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "institution": user.institution,
        "team": user.team_id or "",
        "department": user.department_id or "",
        "company": user.company_id or "",
        "language": user.language,
        "digest": user.digest,
        "is_active": "on" if user.is_active else "",
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    form.update(overrides)
    return {name: value for name, value in form.items() if value != ""}


def set_password(client: Client, user: User):
    return client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true", "set-password": ""},
    )


@pytest.mark.parametrize("target", ["director", "ops2"])
def test_operations_cannot_set_the_password_of_direction_or_of_another_operations_account(personas, sign_in, target):
    if target == "ops2":
        personas["ops2"] = User.objects.create_user("ops2", email="ops2@labsite.example", password="before-1234!")
        personas["ops2"].groups.add(Group.objects.get(name=GROUPS[Role.OPERATIONS]))
    user = personas[target]
    before = User.objects.get(pk=user.pk).password
    ops = sign_in("ops")

    assert ops.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 403
    assert set_password(ops, user).status_code == 403

    assert User.objects.get(pk=user.pk).password == before


def test_operations_cannot_change_the_email_address_or_roles_of_direction(personas, sign_in):
    director = personas["director"]
    ops = sign_in("ops")

    response = ops.post(
        reverse("admin:people_user_change", args=[director.pk]),
        change_form(director, email="mine@evil.example", groups=[]),
    )

    assert response.status_code == 302
    director.refresh_from_db()
    assert director.email != "mine@evil.example"
    assert director.groups.filter(name=GROUPS[Role.DIRECTION]).exists()


def test_operations_cannot_make_anyone_direction(personas, sign_in):
    clinician = personas["clinician"]
    direction = Group.objects.get(name=GROUPS[Role.DIRECTION])

    response = sign_in("ops").post(
        reverse("admin:people_user_change", args=[clinician.pk]), change_form(clinician, groups=[direction.pk])
    )

    assert response.status_code == 200  # not a choice offered
    assert not clinician.groups.exists()
    with pytest.raises(PermissionDenied):
        services.user_account_update(user=clinician, by=personas["ops"], fields={}, groups=[direction])


def test_operations_cannot_change_a_group_or_its_permissions(personas, sign_in):
    ops = sign_in("ops")
    group = Group.objects.get(name=GROUPS[Role.TRANSFER_OFFICER])

    response = ops.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": GROUPS[Role.DIRECTION]})

    assert response.status_code == 403
    assert ops.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_a_group_permission_taken_from_operations_is_taken_on_the_next_migrate(personas):
    operations = Group.objects.get(name=GROUPS[Role.OPERATIONS])
    operations.permissions.add(Permission.objects.get(codename="change_group"))

    ensure_role_groups()

    assert not operations.permissions.filter(codename="change_group").exists()


def test_password_set_by_operations_is_audited_and_emailed_to_the_person(
    personas, sign_in, django_capture_on_commit_callbacks
):
    clinician = personas["clinician"]

    with django_capture_on_commit_callbacks(execute=True):
        response = set_password(sign_in("ops"), clinician)

    assert response.status_code == 302
    event = AuditEvent.objects.get(object_id=str(clinician.pk), action="password_changed")
    assert event.actor == personas["ops"]
    email = Email.objects.get(key__startswith=f"account-changed:{clinician.pk}:")
    assert email.to == clinician.email
    assert "password" in email.body_text.lower() or "mot de passe" in email.body_text.lower()
    assert personas["ops"].full_name not in email.body_text  # who did it is not named


def test_account_changes_by_operations_are_audited_and_emailed_to_the_former_address(
    personas, sign_in, django_capture_on_commit_callbacks
):
    clinician = personas["clinician"]
    former = clinician.email
    transfer = Group.objects.get(name=GROUPS[Role.TRANSFER_OFFICER])

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in("ops").post(
            reverse("admin:people_user_change", args=[clinician.pk]),
            change_form(clinician, email="camille.new@labsite.example", groups=[transfer.pk], is_active=""),
        )

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    clinician.refresh_from_db()
    assert (clinician.email, clinician.is_active) == ("camille.new@labsite.example", False)
    event = AuditEvent.objects.get(object_id=str(clinician.pk), action="account_updated")
    assert event.actor == personas["ops"]
    assert event.changes == {
        "email": [former, "camille.new@labsite.example"],
        "is_active": [True, False],
        "groups": [[], [GROUPS[Role.TRANSFER_OFFICER]]],
    }
    [email] = Email.objects.filter(key__startswith=f"account-changed:{clinician.pk}:")
    assert email.to == former


def test_a_unit_change_by_operations_is_emailed_too(personas, sign_in, django_capture_on_commit_callbacks):
    researcher = personas["researcher"]
    other_team = personas["teamlead2"].led_teams.get()

    with django_capture_on_commit_callbacks(execute=True):
        sign_in("ops").post(
            reverse("admin:people_user_change", args=[researcher.pk]), change_form(researcher, team=other_team.pk)
        )

    assert AuditEvent.objects.get(object_id=str(researcher.pk), action="account_updated").changes["team"][1] == str(
        other_team
    )
    assert Email.objects.filter(key__startswith=f"account-changed:{researcher.pk}:").count() == 1


def test_a_superuser_sets_the_password_of_direction_from_the_command_line(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    director = personas["director"]
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("set_password", "director", "--stdin", stdout=io.StringIO())

    director.refresh_from_db()
    assert director.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(object_id=str(director.pk), action="password_set")
    assert (event.actor, event.comment) == (None, "manage.py set_password")
    assert Email.objects.filter(key__startswith=f"account-changed:{director.pk}:", to=director.email).exists()


def test_set_password_refuses_a_weak_password_and_an_unknown_account(personas, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    with pytest.raises(CommandError):
        call_command("set_password", "director", "--stdin")
    with pytest.raises(CommandError, match="No account"):
        call_command("set_password", "nobody", "--stdin")
    assert not AuditEvent.objects.filter(action="password_set").exists()
