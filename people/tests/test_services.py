"""Writes to people and units: atomic, audited, validated."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token

from core.models import AuditEvent, SecurityEvent
from people import services
from people.models import Department, Hospital, Team


def test_profile_update_refuses_fields_that_are_not_the_profile(personas):
    with pytest.raises(ValueError, match="is_superuser"):
        services.user_update_profile(user=personas["clinician"], by=personas["clinician"], is_superuser=True)


def test_department_creation_is_audited_with_its_fields(personas):
    hegp = Hospital.objects.get(short_name="HEGP")
    department = services.department_save(
        department=Department(), by=personas["ops"], name="Radiologie", hospital=hegp, head=personas["clinician"]
    )
    [event] = AuditEvent.objects.filter(object_id=str(department.pk))
    assert (event.action, event.actor) == ("created", personas["ops"])
    assert event.changes == {"name": ["", "Radiologie"], "hospital": [None, "HEGP"], "head": [None, "clinician"]}


def test_team_save_validates_before_writing(personas):
    with pytest.raises(ValidationError):
        services.team_save(team=Team(), by=personas["ops"], acronym="CARDIOSIM", name="Again")
    assert not AuditEvent.objects.exists()


def test_token_issue_is_logged(personas):
    token = services.token_issue(user=personas["clinician"])
    assert Token.objects.get(user=personas["clinician"]) == token
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TOKEN_ISSUED, username="clinician").exists()


def test_password_change_by_someone_else_is_audited_as_theirs(personas):
    services.user_password_changed(user=personas["clinician"], by=personas["ops"])
    [event] = AuditEvent.objects.filter(action="password_changed")
    assert (event.actor, event.object_id) == (personas["ops"], str(personas["clinician"].pk))


def test_deactivation_is_audited(personas):
    services.user_deactivate(user=personas["clinician"], by=personas["ops"])
    [event] = AuditEvent.objects.filter(action="deactivated")
    assert event.actor == personas["ops"]
