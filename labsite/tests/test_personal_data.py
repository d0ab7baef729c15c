"""Personal data on request (issue 12, point 6): a person downloads all that
labsite holds about them from /me/, operations do it for anyone, audited, and no
relation to a person escapes the export."""

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core import personal_data
from core.audit import audit_log
from core.models import AuditEvent, Email, SecurityEvent
from core.personal_data import personal_data_export, uncovered_relations, user_relations
from people.models import User
from people.tests.factories import project_with
from people.tests.positions import host
from transfer.models import Innovation

EXPORT_ACTION = "personal_data_exported"


def email_to(user: User, key: str, body: str = "Hello") -> Email:
    return Email.objects.create(
        key=key,
        to=user.email,
        recipient=user,
        language=user.language,
        subject=f"Subject {key}",
        body_text=body,
        message_id=f"<{key}@labsite>",
    )


def rows(export: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return export["data"][section]


# Coverage ------------------------------------------------------------------------


def test_every_relation_to_a_person_is_in_the_export():
    assert uncovered_relations() == set()


def test_a_relation_no_section_covers_is_named(monkeypatch):
    sections = {key: section for key, section in personal_data._SECTIONS.items() if key != "positions"}
    monkeypatch.setattr(personal_data, "_SECTIONS", sections)
    assert uncovered_relations() == {"people.Position.applicant"}


def test_every_covered_relation_exists():
    covered = {relation for section in personal_data.sections() for relation in section.covers}
    assert covered <= user_relations()


def test_the_walk_finds_many_to_many_and_library_relations():
    assert {"people.Chair.holders", "transfer.Innovation.owners", "authtoken.Token.user", "admin.LogEntry.user"} <= (
        user_relations()
    )


# Content -------------------------------------------------------------------------


def test_the_export_holds_the_persons_rows(personas):
    clinician = personas["clinician"]
    position = host(clinician, topic="Aortic flow")
    project_with("GDPRTEST", "A project", clinician)
    email_to(clinician, "hello-1")
    Token.objects.create(user=clinician)
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.PASSWORD_CHANGED, user=clinician, username="clinician")
    export = personal_data_export(user=clinician, by=clinician)
    assert rows(export, "profile")[0]["username"] == "clinician"
    assert [row["topic"] for row in rows(export, "positions")] == ["Aortic flow"]
    assert "GDPRTEST" in [row["project__acronym"] for row in rows(export, "project_memberships")]
    assert [row["subject"] for row in rows(export, "emails")] == ["Subject hello-1"]
    assert len(rows(export, "api_tokens")) == 1
    assert "password_changed" in [row["kind"] for row in rows(export, "security_events")]
    assert f"people.position:{position.pk}" in [row["object"] for row in rows(export, "actions")]


def test_the_export_carries_no_token_key_and_no_email_body(personas):
    clinician = personas["clinician"]
    token = Token.objects.create(user=clinician)
    email_to(clinician, "password-reset-1", body="https://labsite.example/reset/secret-link/")
    text = json.dumps(personal_data_export(user=clinician, by=clinician), default=str)
    assert token.key not in text
    assert "secret-link" not in text


def test_the_export_names_no_other_person_in_the_account_history(personas):
    clinician, ops = personas["clinician"], personas["ops"]
    audit_log(actor=ops, obj=clinician, action="profile_updated", changes={"email": ["a@x.org", "b@x.org"]})
    history = rows(personal_data_export(user=clinician, by=clinician), "account_history")
    assert history[-1]["action"] == "profile_updated"
    assert "actor" not in history[-1]
    assert "ops" not in json.dumps(history, default=str)


def test_an_innovation_its_owner_does_not_see_is_given_by_its_number_only(personas):
    clinician = personas["clinician"]
    hidden = Innovation.objects.create(title="Secret sauce", confidential=True)
    hidden.owners.add(clinician)
    shown = Innovation.objects.create(title="Open tool", confidential=False, project=project_with("OPEN", "Open"))
    shown.owners.add(clinician)
    shown.project.memberships.create(user=clinician)
    innovations = rows(personal_data_export(user=clinician, by=clinician), "innovations")
    assert {"id": hidden.pk} in innovations
    assert "Open tool" in [row.get("title") for row in innovations]
    assert "Secret sauce" not in json.dumps(innovations, default=str)


def test_the_summary_counts_each_section_in_the_persons_language(personas):
    clinician2 = personas["clinician2"]
    clinician2.language = "en"
    clinician2.save(update_fields=["language"])
    host(clinician2)
    summary = personal_data_export(user=clinician2, by=personas["ops"])["summary"]
    assert summary["language"] == "en"
    assert summary["title"] == "Personal data held by labsite about clinician2"
    assert {"key": "positions", "title": "Your host positions and secondments", "count": 1} in summary["sections"]
    assert "Your host positions and secondments: 1" in summary["lines"]


def test_the_export_costs_the_same_queries_whatever_the_rows(personas):
    clinician = personas["clinician"]
    personal_data_export(user=clinician, by=clinician)  # fills the content-type cache the audit row reads
    with CaptureQueriesContext(connection) as few:
        personal_data_export(user=clinician, by=clinician)
    for n in range(3):
        host(clinician, topic=f"Topic {n}")
        project_with(f"MANY{n}", "More", clinician)
        email_to(clinician, f"many-{n}")
        innovation = Innovation.objects.create(title=f"Thing {n}")
        innovation.owners.add(clinician)
    with CaptureQueriesContext(connection) as many:
        personal_data_export(user=clinician, by=clinician)
    # 23 sections in 29 reads (two each for the profile and its groups, teams and
    # departments led, the two object-permission tables, the projects seen and
    # the data requests, the innovations seen and owned, the single sign-on
    # accounts and addresses; one each for the files attached to requests and to
    # data-access requests), the audit row, and the savepoint and its release.
    assert len(many) == len(few) == 32


def test_an_export_is_audited(personas):
    clinician, ops = personas["clinician"], personas["ops"]
    personal_data_export(user=clinician, by=ops)
    event = AuditEvent.objects.filter(action=EXPORT_ACTION).get()
    assert (event.actor, event.object_id, event.changes) == (ops, str(clinician.pk), {"format": "json"})


# Pages, API, admin ---------------------------------------------------------------


def test_a_person_downloads_their_data_as_a_json_file(sign_in):
    client = sign_in("clinician")
    response = client.get(reverse("people:me-personal-data-download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="labsite-personal-data-clinician-')
    export = json.loads(response.content)
    assert export["data"]["profile"][0]["username"] == "clinician"
    assert AuditEvent.objects.filter(action=EXPORT_ACTION, actor__username="clinician").exists()


def test_a_person_reads_their_data_on_a_page_linked_from_their_profile(sign_in, personas):
    client = sign_in("clinician")
    host(personas["clinician"], topic="Aortic flow")
    assert reverse("people:me-personal-data") in client.get(reverse("people:me")).content.decode()
    response = client.get(reverse("people:me-personal-data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aortic flow" in page
    assert reverse("people:me-personal-data-download") in page


def test_the_api_gives_the_caller_their_data(sign_in):
    response = sign_in("partner").get(reverse("api:me-personal-data"))
    assert response.status_code == 200
    assert response.json()["data"]["profile"][0]["username"] == "partner"
    assert Client().get(reverse("api:me-personal-data")).status_code == 401


def test_operations_export_anyones_data_from_the_admin(sign_in, personas):
    clinician = personas["clinician"]
    response = sign_in("ops").post(
        reverse("admin:people_user_changelist"),
        {"action": "export_personal_data", "_selected_action": [clinician.pk]},
    )
    assert response.status_code == 200
    assert 'filename="labsite-personal-data-clinician-' in response["Content-Disposition"]
    assert json.loads(response.content)["data"]["profile"][0]["username"] == "clinician"
    event = AuditEvent.objects.get(action=EXPORT_ACTION)
    assert (event.actor, event.object_id) == (personas["ops"], str(clinician.pk))


def test_the_admin_exports_one_person_at_a_time(sign_in, personas):
    response = sign_in("ops").post(
        reverse("admin:people_user_changelist"),
        {"action": "export_personal_data", "_selected_action": [personas["clinician"].pk, personas["researcher"].pk]},
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=EXPORT_ACTION).exists()
