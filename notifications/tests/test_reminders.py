"""The reminders of SPEC §5: who is reminded of what, and when; each rule on
both sides of its boundary, and never twice."""

from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings

from core.models import Email
from notifications.models import Run
from notifications.tests.helpers import job_emails, recipients, send_reminders, today
from people.models import Position, User
from people.services import delegation_create, user_deactivate
from people.tests.positions import approve, host, secondment, submit
from projects import services as project_services
from projects.models import DataAccessRequest, Project
from transfer import services as transfer_services
from transfer.models import Agreement
from transfer.tests.scenario import build

TOPIC = "Echocardiography strain imaging"


@pytest.fixture(autouse=True)
def _rules(settings) -> None:
    settings.REMINDER_AFTER_DAYS = 3
    settings.REMINDER_EVERY_DAYS = 3


@pytest.fixture
def waiting(personas: dict[str, User]) -> Position:
    """Submitted today: it waits on teamlead2 (the host team) and depthead (the applicant's department)."""
    return submit(host(personas["clinician"], "NEUROLEARN", topic=TOPIC))


def url(path: str) -> str:
    return f"{django_settings.SITE_URL}{path}"


# Approvals waiting --------------------------------------------------------------------


def test_a_request_waiting_three_days_reminds_nobody(waiting):
    assert send_reminders(today() + timedelta(days=3)) == 0
    assert job_emails() == []


def test_a_request_waiting_four_days_reminds_each_awaited_approver(waiting, personas):
    assert send_reminders(today() + timedelta(days=4)) == 2
    assert recipients("reminder:approval:") == ["depthead", "teamlead2"]
    for email in job_emails():
        assert email.key.startswith(f"reminder:approval:{waiting.pk}:")
        assert email.key.endswith(f":{email.recipient_id}:0")
        assert email.to == email.recipient.email
        assert TOPIC in email.subject
        assert url(f"/host-positions/{waiting.pk}/") in email.body_text
        assert f'href="{url(f"/host-positions/{waiting.pk}/")}"' in email.body_html


def test_a_reminder_speaks_its_recipients_language(waiting):
    send_reminders(today() + timedelta(days=4))
    english, french = (job_emails(f"reminder:approval:{waiting.pk}:")[n] for n in (0, 1))
    if english.recipient.username != "teamlead2":
        english, french = french, english
    assert (english.language, french.language) == ("en", "fr")
    assert english.subject == f"Reminder: Host position — Camille Clinicienne: {TOPIC}"
    assert english.body_text.startswith("Hello Tania,")
    assert "waiting for your decision for 4 days" in english.body_text
    assert french.subject == f"Rappel : Poste d’accueil — Camille Clinicienne: {TOPIC}"
    assert french.body_text.startswith("Bonjour Denise,")
    assert "attend votre décision depuis 4 jours" in french.body_text


def test_running_again_the_same_day_sends_nothing_new(waiting):
    day = today() + timedelta(days=4)
    assert send_reminders(day) == 2
    assert send_reminders(day) == 0
    # Even a run started afresh (its record lost) meets the keys already in the outbox.
    Run.objects.all().delete()
    assert send_reminders(day) == 0
    assert len(job_emails()) == 2


def test_the_reminder_comes_again_three_days_later_under_another_key(waiting, personas):
    for days in (4, 5, 6):
        send_reminders(today() + timedelta(days=days))
    assert len(job_emails()) == 2
    assert send_reminders(today() + timedelta(days=7)) == 2
    keys = [email.key for email in job_emails(f"reminder:approval:{waiting.pk}:")]
    teamlead2 = personas["teamlead2"].pk
    assert sorted(key.rsplit(":", 2)[1:] for key in keys) == sorted(
        [
            [str(personas["depthead"].pk), "0"],
            [str(personas["depthead"].pk), "1"],
            [str(teamlead2), "0"],
            [str(teamlead2), "1"],
        ]
    )
    assert "7 days" in Email.objects.get(key=next(key for key in keys if key.endswith(f":{teamlead2}:1"))).body_text


def test_an_active_delegate_is_reminded_instead_of_the_approver(waiting, personas):
    delegation_create(
        delegator=personas["teamlead2"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today() + timedelta(days=30),
        by=personas["teamlead2"],
    )
    send_reminders(today() + timedelta(days=4))
    assert recipients("reminder:approval:") == ["depthead", "researcher"]


def test_a_delegation_over_sends_the_reminders_back_to_the_approver(waiting, personas):
    delegation_create(
        delegator=personas["teamlead2"],
        delegate=personas["researcher"],
        starts_on=today(),
        ends_on=today() + timedelta(days=2),
        by=personas["teamlead2"],
    )
    send_reminders(today() + timedelta(days=4))
    assert recipients("reminder:approval:") == ["depthead", "teamlead2"]


def test_a_step_decided_is_no_longer_reminded(waiting, personas):
    approve(waiting, personas["teamlead2"])
    send_reminders(today() + timedelta(days=4))
    assert recipients("reminder:approval:") == ["depthead"]


def test_an_endorsed_request_reminds_direction_and_operations_after_four_days(waiting, personas):
    approve(waiting, personas["teamlead2"], personas["depthead"])
    assert send_reminders(today() + timedelta(days=3)) == 0
    send_reminders(today() + timedelta(days=4))
    assert recipients("reminder:approval:") == ["director", "ops"]


def test_the_step_of_a_deactivated_unit_head_is_reminded_to_direction(waiting, personas):
    user_deactivate(user=personas["teamlead2"], by=personas["ops"])
    send_reminders(today() + timedelta(days=4))
    assert recipients("reminder:approval:") == ["depthead", "director"]


def test_a_draft_is_reminded_to_nobody(personas):
    host(personas["clinician"], "NEUROLEARN")
    assert send_reminders(today() + timedelta(days=30)) == 0


# Positions ending ----------------------------------------------------------------------


def approved_host(personas: dict[str, User], *, ends_in: int) -> Position:
    """Clinician's host position into NEUROLEARN, approved, ending in ``ends_in`` days."""
    start = today() - timedelta(days=300)
    position = submit(host(personas["clinician"], "NEUROLEARN", start=start, days=300 + ends_in, topic=TOPIC))
    return approve(position, personas["teamlead2"], personas["depthead"], personas["director"])


def test_a_host_position_ending_in_60_days_reminds_the_person_and_both_unit_heads(personas):
    position = approved_host(personas, ends_in=60)
    assert send_reminders(today()) == 3
    assert recipients("reminder:ending:") == ["clinician", "depthead", "teamlead2"]
    for email in job_emails():
        assert email.key == f"reminder:ending:{position.pk}:{position.end_date.isoformat()}:{email.recipient_id}"
        assert url(f"/host-positions/{position.pk}/") in email.body_text


def test_a_host_position_ending_in_61_days_reminds_nobody(personas):
    approved_host(personas, ends_in=61)
    assert send_reminders(today()) == 0


def test_a_position_ending_is_reminded_once(personas):
    approved_host(personas, ends_in=30)
    assert send_reminders(today()) == 3
    assert send_reminders(today() + timedelta(days=1)) == 0
    assert send_reminders(today() + timedelta(days=20)) == 0


def test_a_position_already_ended_reminds_nobody(personas):
    approved_host(personas, ends_in=10)
    assert send_reminders(today() + timedelta(days=11)) == 0


def test_a_request_not_approved_is_not_reminded_as_ending(personas):
    start = today() - timedelta(days=300)
    submit(host(personas["clinician"], "NEUROLEARN", start=start, days=330))
    send_reminders(today())
    assert recipients("reminder:ending:") == []


def test_a_secondment_ending_reminds_the_person_the_host_department_head_and_the_home_team_leader(personas):
    start = today() - timedelta(days=300)
    position = submit(secondment(personas["researcher"], "Neuroradiologie", start=start, days=340))
    approve(position, personas["depthead2"], personas["teamlead"], personas["director"])
    send_reminders(today())
    assert recipients("reminder:ending:") == ["depthead2", "researcher", "teamlead"]
    assert all(url(f"/secondments/{position.pk}/") in email.body_text for email in job_emails())


# Milestones ----------------------------------------------------------------------------


@pytest.fixture
def project(personas: dict[str, User]) -> Project:
    """Led by researcher and teamlead; clinician is a plain member."""
    project = project_services.project_create(by=personas["researcher"], acronym="ECHO-AI", title="Echo AI")
    project_services.member_add(project=project, by=personas["researcher"], user=personas["teamlead"], role="lead")
    project_services.member_add(project=project, by=personas["researcher"], user=personas["clinician"])
    return project


def milestone(project: Project, by: User, *, due_in: int, title: str = "Validation cohort frozen") -> None:
    project_services.milestone_create(project=project, by=by, title=title, due_date=today() + timedelta(days=due_in))


def test_a_milestone_due_in_14_days_reminds_the_project_leads_not_its_members(project, personas):
    milestone(project, personas["researcher"], due_in=14)
    assert send_reminders(today()) == 2
    assert recipients("reminder:milestone:") == ["researcher", "teamlead"]
    for email in job_emails():
        assert "ECHO-AI — Validation cohort frozen" in email.subject
        assert url(f"/projects/{project.pk}/") in email.body_text


def test_a_title_is_plain_text_in_the_subject_and_escaped_in_the_html(project, personas):
    milestone(project, personas["researcher"], due_in=3, title="Patients' <consent> & cohort")
    send_reminders(today())
    email = job_emails()[0]
    assert email.subject.endswith("ECHO-AI — Patients' <consent> & cohort")
    assert "ECHO-AI — Patients' <consent> & cohort" in email.body_text
    assert "Patients&#x27; &lt;consent&gt; &amp; cohort" in email.body_html
    assert "<consent>" not in email.body_html


def test_a_milestone_due_in_15_days_reminds_nobody(project, personas):
    milestone(project, personas["researcher"], due_in=15)
    assert send_reminders(today()) == 0


def test_an_overdue_or_done_milestone_reminds_nobody(project, personas):
    milestone(project, personas["researcher"], due_in=-1, title="Overdue")
    milestone(project, personas["researcher"], due_in=5, title="Done early")
    done = project.milestones.get(title="Done early")
    project_services.milestone_set_done(milestone=done, by=personas["researcher"], done=True)
    assert send_reminders(today()) == 0


def test_a_milestone_of_a_confidential_project_reminds_its_leads(personas):
    secret = project_services.project_create(by=personas["teamlead2"], acronym="HUSH", title="Hush", confidential=True)
    milestone(secret, personas["teamlead2"], due_in=1)
    send_reminders(today())
    assert recipients("reminder:milestone:") == ["teamlead2"]


# Agreements ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "reminded"),
    [
        ("public", ["teamlead", "transfer"]),
        ("hidden", ["teamlead", "transfer"]),  # confidential: its project's leads still see it
        ("secret", ["researcher", "transfer"]),
        ("orphan", ["transfer"]),  # no project: the transfer office only
    ],
)
def test_an_agreement_expiring_reminds_transfer_officers_and_the_leads_of_its_project(personas, key, reminded):
    scenario = build(personas)
    Agreement.objects.exclude(pk=scenario.agreements[key].pk).update(expires_on=today() + timedelta(days=400))
    Agreement.objects.filter(pk=scenario.agreements[key].pk).update(expires_on=today() + timedelta(days=60))
    send_reminders(today())
    # Not direction nor operations (who see it), nor the plain members (clinician2, partner).
    assert recipients("reminder:agreement:") == reminded
    assert all(f"AGR-{key.upper()}" in email.subject for email in job_emails())


@pytest.mark.parametrize(("days", "reminded"), [(90, ["teamlead", "transfer"]), (91, [])])
def test_an_agreement_is_reminded_within_90_days_only(personas, days, reminded):
    project = project_services.project_create(by=personas["teamlead"], acronym="LICENSED", title="Licensed")
    innovation = transfer_services.innovation_create(by=personas["transfer"], title="Strain tracker", project=project)
    transfer_services.agreement_create(
        by=personas["transfer"],
        kind="licence",
        partner=personas["partner"].company,
        innovation=innovation,
        signed_on=today() - timedelta(days=10),
        expires_on=today() + timedelta(days=days),
        reference="LIC-2026-7",
    )
    send_reminders(today())
    assert recipients("reminder:agreement:") == reminded


# Data-access approvals -----------------------------------------------------------------


def data_request(project: Project, personas: dict[str, User], *, expires_on: date | None) -> DataAccessRequest:
    """A committee request of ``project``, approved until ``expires_on`` (or rejected, if None)."""
    request = project_services.data_request_create(
        project=project, by=personas["researcher"], route="committee", perimeter="Adults, 2024.", categories=["imaging"]
    )
    project_services.data_request_submit(request=request, by=personas["researcher"])
    if expires_on is None:
        return project_services.data_request_decide(
            request=request, by=personas["director"], approve=False, reason="Perimeter too wide."
        )
    return project_services.data_request_decide(
        request=request, by=personas["director"], approve=True, committee_reference="CSE-26-042", expires_on=expires_on
    )


def test_a_data_approval_expiring_in_90_days_reminds_the_project_leads(project, personas):
    request = data_request(project, personas, expires_on=today() + timedelta(days=90))
    send_reminders(today())
    # Not the member (clinician), nor the director who approved it.
    assert recipients("reminder:data-approval:") == ["researcher", "teamlead"]
    for email in job_emails():
        assert email.key == f"reminder:data-approval:{request.pk}:{request.expires_on}:{email.recipient_id}"
        assert "ECHO-AI" in email.subject and "CSE-26-042" in email.subject


def test_a_data_approval_expiring_in_91_days_reminds_nobody(project, personas):
    data_request(project, personas, expires_on=today() + timedelta(days=91))
    assert send_reminders(today()) == 0


def test_a_rejected_data_request_reminds_nobody(project, personas):
    data_request(project, personas, expires_on=None)
    assert send_reminders(today()) == 0
