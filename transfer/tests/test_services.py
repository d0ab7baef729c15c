"""Every change to a transfer record: made by transfer officers only, validated,
and audited on the innovation (SPEC §3, §4 Innovation pipeline)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.audit import audit_history
from core.errors import Conflict
from core.models import AuditEvent
from people.models import Company, Department, Hospital, User
from projects import services as project_services
from projects.models import Project
from transfer import services
from transfer.models import Agreement, Deployment, Innovation, Stage

SIGNED = date(2030, 3, 10)
NOT_OFFICERS = ["director", "ops", "teamlead", "researcher", "clinician", "depthead", "partner"]


@pytest.fixture
def officer(personas: dict[str, User]) -> User:
    return personas["transfer"]


@pytest.fixture
def project(personas: dict[str, User]) -> Project:
    """CARDIO, led by ``teamlead`` (a lead, who still may not change transfer records)."""
    return project_services.project_create(by=personas["teamlead"], acronym="CARDIO", title="Cardiac twins")


@pytest.fixture
def innovation(officer: User, project: Project) -> Innovation:
    return services.innovation_create(
        by=officer, title="ECG arrhythmia detection", kind="software", readiness_level=4, project=project
    )


@pytest.fixture
def company(db) -> Company:
    return Company.objects.create(name="CardioTech SA")


@pytest.fixture
def agreement(officer: User, innovation: Innovation, company: Company) -> Agreement:
    return services.agreement_create(
        by=officer,
        kind="nda",
        partner=company,
        innovation=innovation,
        signed_on=SIGNED,
        expires_on=SIGNED + timedelta(days=365),
        reference="NDA-1",
    )


@pytest.fixture
def hegp() -> Hospital:
    return Hospital.objects.get(short_name="HEGP")


def history(obj: Any) -> list[AuditEvent]:
    return list(audit_history(obj).order_by("at", "pk"))


def actions(obj: Any) -> list[str]:
    return [event.action for event in history(obj)]


def move(innovation: Innovation, by: User, to: str, reason: str = "", **kwargs: Any) -> Innovation:
    return services.innovation_move(innovation=innovation, by=by, to=to, reason=reason, **kwargs)


def reloaded(innovation: Innovation) -> Innovation:
    return Innovation.objects.get(pk=innovation.pk)


# Only transfer officers change anything --------------------------------------------


def every_change(
    personas: dict[str, User], innovation: Innovation, agreement: Agreement, company: Company, hospital: Hospital
) -> dict[str, Callable[[User], Any]]:
    deployment = services.deployment_create(
        by=personas["transfer"], innovation=innovation, hospital=hospital, system_name="ORBIS"
    )
    return {
        "innovation_create": lambda by: services.innovation_create(by=by, title="Mine"),
        "innovation_update": lambda by: services.innovation_update(innovation=innovation, by=by, title="Mine"),
        "innovation_move": lambda by: move(innovation, by, "evaluating"),
        "partner_create": lambda by: services.partner_create(by=by, name="Mine SA"),
        "partner_update": lambda by: services.partner_update(partner=company, by=by, name="Mine SA"),
        "agreement_create": lambda by: services.agreement_create(
            by=by, kind="nda", partner=company, innovation=innovation, signed_on=SIGNED, reference="MINE"
        ),
        "agreement_update": lambda by: services.agreement_update(agreement=agreement, by=by, reference="MINE"),
        "deployment_create": lambda by: services.deployment_create(
            by=by, innovation=innovation, hospital=hospital, system_name="MINE"
        ),
        "deployment_update": lambda by: services.deployment_update(deployment=deployment, by=by, system_name="MINE"),
    }


CHANGES = [
    "innovation_create",
    "innovation_update",
    "innovation_move",
    "partner_create",
    "partner_update",
    "agreement_create",
    "agreement_update",
    "deployment_create",
    "deployment_update",
]


@pytest.mark.parametrize("change", CHANGES)
def test_only_transfer_officers_change_transfer_records(personas, innovation, agreement, company, hegp, change):
    call = every_change(personas, innovation, agreement, company, hegp)[change]
    before = AuditEvent.objects.count()
    for username in NOT_OFFICERS:
        with pytest.raises(PermissionDenied):
            call(personas[username])
    assert AuditEvent.objects.count() == before
    assert not Innovation.objects.filter(title="Mine").exists()
    assert reloaded(innovation).stage == Stage.IDENTIFIED
    assert not Company.objects.filter(name="Mine SA").exists()
    assert not Agreement.objects.filter(reference="MINE").exists()
    assert not Deployment.objects.filter(system_name="MINE").exists()
    call(personas["transfer"])
    assert AuditEvent.objects.count() > before


def test_a_deactivated_transfer_officer_changes_nothing(officer, innovation):
    officer.is_active = False
    with pytest.raises(PermissionDenied):
        move(innovation, officer, "evaluating")
    assert reloaded(innovation).stage == Stage.IDENTIFIED


# Innovations ----------------------------------------------------------------------


def test_create_is_confidential_by_default_and_audited(officer, project, personas):
    created = services.innovation_create(
        by=officer,
        title="  Sepsis score ",
        route="hospital",
        project=project,
        owners=[personas["researcher"], personas["clinician"]],
    )
    assert (created.title, created.confidential, created.stage, created.transferred_on) == (
        "Sepsis score",
        True,
        "identified",
        None,
    )
    assert set(created.owners.values_list("username", flat=True)) == {"researcher", "clinician"}
    [event] = history(created)
    assert (event.action, event.actor) == ("created", officer)
    assert event.changes == {
        "title": [None, "Sepsis score"],
        "stage": [None, "identified"],
        "route": [None, "hospital"],
        "project": [None, "CARDIO"],
        "owners": [None, ["clinician", "researcher"]],
    }


def test_an_innovation_recorded_late_may_start_transferred(officer):
    today = timezone.localdate()
    assert services.innovation_create(by=officer, title="A", stage="transferred").transferred_on == today
    dated = services.innovation_create(by=officer, title="B", stage="transferred", today=date(2024, 6, 1))
    assert dated.transferred_on == date(2024, 6, 1)


@pytest.mark.parametrize("level", [0, 10, -1])
def test_readiness_outside_1_to_9_is_refused(officer, innovation, level):
    with pytest.raises(ValidationError) as error:
        services.innovation_create(by=officer, title="Too ready", readiness_level=level)
    assert "readiness_level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.innovation_update(innovation=innovation, by=officer, readiness_level=level)
    assert "readiness_level" in error.value.message_dict
    assert reloaded(innovation).readiness_level == 4
    assert not Innovation.objects.filter(title="Too ready").exists()


@pytest.mark.parametrize("level", [1, 9])
def test_readiness_1_and_9_are_accepted(officer, innovation, level):
    assert services.innovation_update(innovation=innovation, by=officer, readiness_level=level).readiness_level == level


def test_create_refuses_an_unknown_kind_route_or_stage(officer):
    for fields in ({"kind": "poem"}, {"route": "sale"}, {"stage": "dreaming"}):
        with pytest.raises(ValidationError):
            services.innovation_create(by=officer, title="Odd", **fields)
    assert not Innovation.objects.filter(title="Odd").exists()


def test_update_is_audited_with_the_changes(officer, innovation, personas):
    services.innovation_update(
        innovation=innovation, by=officer, title="ECG AF detection", confidential=False, owners=[personas["researcher"]]
    )
    event = history(innovation)[-1]
    assert (event.action, event.actor) == ("updated", officer)
    assert event.changes == {
        "title": ["ECG arrhythmia detection", "ECG AF detection"],
        "confidential": [True, False],
        "owners": [[], ["researcher"]],
    }


def test_update_without_change_writes_no_event(officer, innovation):
    services.innovation_update(innovation=innovation, by=officer, title=innovation.title, owners=[])
    assert actions(innovation) == ["created"]


def test_update_refuses_the_stage_and_unknown_fields(officer, innovation):
    for fields in ({"stage": "transferred"}, {"pk": 9}):
        with pytest.raises(ValueError, match="Unknown fields"):
            services.innovation_update(innovation=innovation, by=officer, **fields)
    assert reloaded(innovation).stage == Stage.IDENTIFIED


# Stages -----------------------------------------------------------------------------


def test_each_forward_move_needs_no_reason_and_is_audited(officer, innovation):
    for stage in ("evaluating", "protecting", "transferring"):
        innovation = move(innovation, officer, stage)
        assert reloaded(innovation).stage == stage
    assert actions(innovation) == ["created", "stage_changed", "stage_changed", "stage_changed"]
    assert [e.changes for e in history(innovation)[1:]] == [
        {"stage": ["identified", "evaluating"]},
        {"stage": ["evaluating", "protecting"]},
        {"stage": ["protecting", "transferring"]},
    ]


def test_a_forward_move_may_skip_stages(officer, innovation):
    innovation = move(innovation, officer, "transferring")
    assert reloaded(innovation).stage == Stage.TRANSFERRING
    assert history(innovation)[-1].action == "stage_changed"


def test_a_move_changes_stage_changed_at(officer, innovation):
    before = reloaded(innovation).stage_changed_at
    assert reloaded(move(innovation, officer, "evaluating")).stage_changed_at > before


def test_moving_to_transferred_sets_the_date_and_reopening_clears_it(officer, innovation):
    today = timezone.localdate()
    innovation = move(innovation, officer, "transferred")
    assert reloaded(innovation).transferred_on == today
    assert history(innovation)[-1].changes == {
        "stage": ["identified", "transferred"],
        "transferred_on": [None, today.isoformat()],
    }
    innovation = move(innovation, officer, "transferring", reason="The licensee went bankrupt.")
    assert reloaded(innovation).transferred_on is None
    event = history(innovation)[-1]
    assert (event.action, event.comment) == ("reopened", "The licensee went bankrupt.")
    assert event.changes == {"stage": ["transferred", "transferring"], "transferred_on": [today.isoformat(), None]}


def test_a_transfer_recorded_late_carries_its_date(officer, innovation):
    innovation = move(innovation, officer, "transferred", today=date(2025, 3, 14))
    assert reloaded(innovation).transferred_on == date(2025, 3, 14)


@pytest.mark.parametrize("reason", ["", "   "])
def test_abandoning_needs_a_reason(officer, innovation, reason):
    with pytest.raises(ValidationError) as error:
        move(innovation, officer, "abandoned", reason=reason)
    assert "reason" in error.value.message_dict
    assert reloaded(innovation).stage == Stage.IDENTIFIED
    assert actions(innovation) == ["created"]


def test_abandoning_with_a_reason_is_a_stage_change_with_its_reason(officer, innovation):
    move(innovation, officer, "evaluating")
    innovation = move(innovation, officer, "abandoned", reason="  No industrial interest. ")
    event = history(innovation)[-1]
    assert (event.action, event.actor, event.comment) == ("stage_changed", officer, "No industrial interest.")
    assert event.changes == {"stage": ["evaluating", "abandoned"]}


@pytest.mark.parametrize(
    ("path", "back"),
    [
        (["evaluating"], "identified"),
        (["protecting", "transferring"], "evaluating"),
        (["transferred"], "transferring"),
        (["transferred"], "identified"),
        (["transferred"], "abandoned"),
        (["abandoned"], "identified"),
        (["evaluating", "abandoned"], "evaluating"),
        (["abandoned"], "transferred"),
    ],
)
def test_going_back_or_leaving_a_final_stage_is_a_reopening_that_needs_a_reason(officer, innovation, path, back):
    for stage in path:
        innovation = move(innovation, officer, stage, reason="Forward.")
    before = actions(innovation)
    with pytest.raises(ValidationError) as error:
        move(innovation, officer, back)
    assert "reason" in error.value.message_dict
    assert reloaded(innovation).stage == path[-1]
    assert actions(innovation) == before
    innovation = move(innovation, officer, back, reason="New clinical results.")
    assert reloaded(innovation).stage == back
    event = history(innovation)[-1]
    assert (event.action, event.actor, event.comment) == ("reopened", officer, "New clinical results.")
    assert event.changes["stage"] == [path[-1], back]


def test_moving_to_the_same_stage_is_a_conflict(officer, innovation):
    with pytest.raises(Conflict):
        move(innovation, officer, "identified")
    assert actions(innovation) == ["created"]


def test_a_stale_expected_stage_is_a_conflict(officer, innovation):
    move(innovation, officer, "evaluating", expected="identified")
    # Someone who still saw the card in "identified" moves it: they lose.
    with pytest.raises(Conflict):
        move(innovation, officer, "protecting", expected="identified")
    with pytest.raises(Conflict):
        move(innovation, officer, "evaluating", expected="identified")
    assert reloaded(innovation).stage == Stage.EVALUATING
    assert actions(innovation) == ["created", "stage_changed"]
    move(innovation, officer, "protecting", expected="evaluating")
    assert reloaded(innovation).stage == Stage.PROTECTING


def test_an_unknown_stage_is_refused(officer, innovation):
    with pytest.raises(ValidationError) as error:
        move(innovation, officer, "dreaming")
    assert "stage" in error.value.message_dict


def test_the_history_tells_each_change_with_its_actor_and_reason(officer, innovation, agreement, hegp):
    move(innovation, officer, "evaluating", reason="Positive opinion of the transfer committee.")
    move(innovation, officer, "identified", reason="Needs a new evaluation.")
    services.deployment_create(by=officer, innovation=innovation, hospital=hegp, system_name="ORBIS")
    events = history(innovation)
    assert [(e.action, e.actor, e.comment) for e in events] == [
        ("created", officer, ""),
        ("agreement_added", officer, ""),
        ("stage_changed", officer, "Positive opinion of the transfer committee."),
        ("reopened", officer, "Needs a new evaluation."),
        ("deployment_added", officer, ""),
    ]
    assert events[1].changes == {"agreement": "NDA-1"}
    assert events[-1].changes["hospital"] == [None, "HEGP"]


# Partners ---------------------------------------------------------------------------


def test_partner_create_and_update_are_audited_and_names_unique(officer, company):
    created = services.partner_create(by=officer, name="  Respira Medical ")
    assert created.name == "Respira Medical"
    assert [(e.action, e.changes) for e in history(created)] == [("created", {"name": [None, "Respira Medical"]})]
    with pytest.raises(ValidationError) as error:
        services.partner_create(by=officer, name="CardioTech SA")
    assert "name" in error.value.message_dict
    services.partner_update(partner=company, by=officer, name="CardioTech Europe SA")
    assert history(company)[-1].changes == {"name": ["CardioTech SA", "CardioTech Europe SA"]}
    services.partner_update(partner=company, by=officer, name="CardioTech Europe SA")
    assert actions(company) == ["updated"]


# Agreements -------------------------------------------------------------------------


def test_agreement_create_is_audited_on_the_agreement_and_the_innovation(officer, agreement, innovation):
    [event] = history(agreement)
    assert (event.action, event.actor) == ("created", officer)
    assert event.changes == {
        "kind": [None, "nda"],
        "partner": [None, "CardioTech SA"],
        "innovation": [None, "ECG arrhythmia detection"],
        "signed_on": [None, "2030-03-10"],
        "expires_on": [None, "2031-03-10"],
        "reference": [None, "NDA-1"],
    }
    assert actions(innovation) == ["created", "agreement_added"]


@pytest.mark.parametrize("days", [0, -1, -400])
def test_an_agreement_expires_after_it_is_signed(officer, innovation, company, agreement, days):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            by=officer,
            kind="licence",
            partner=company,
            innovation=innovation,
            signed_on=SIGNED,
            expires_on=SIGNED + timedelta(days=days),
            reference="LIC-1",
        )
    assert set(error.value.message_dict) == {"expires_on"}
    with pytest.raises(ValidationError) as error:
        services.agreement_update(agreement=agreement, by=officer, expires_on=SIGNED + timedelta(days=days))
    assert set(error.value.message_dict) == {"expires_on"}
    assert list(Agreement.objects.values_list("reference", "expires_on")) == [("NDA-1", date(2031, 3, 10))]


def test_an_agreement_may_have_no_expiry(officer, innovation, company):
    agreement = services.agreement_create(
        by=officer, kind="licence", partner=company, innovation=innovation, signed_on=SIGNED, reference=" LIC-2 "
    )
    assert (agreement.reference, agreement.expires_on) == ("LIC-2", None)


def test_an_agreement_refuses_an_unknown_kind_and_an_empty_reference(officer, innovation, company):
    for kind, reference in (("gift", "G-1"), ("nda", "  ")):
        with pytest.raises(ValidationError):
            services.agreement_create(
                by=officer, kind=kind, partner=company, innovation=innovation, signed_on=SIGNED, reference=reference
            )
    assert not Agreement.objects.exists()


def test_agreement_update_is_audited(officer, agreement):
    services.agreement_update(agreement=agreement, by=officer, kind="collaboration", reference="COL-1 ")
    event = history(agreement)[-1]
    assert (event.action, event.changes) == (
        "updated",
        {"kind": ["nda", "collaboration"], "reference": ["NDA-1", "COL-1"]},
    )
    with pytest.raises(ValueError, match="Unknown fields"):
        services.agreement_update(agreement=agreement, by=officer, created_at=None)


# Deployments ------------------------------------------------------------------------


def test_a_deployment_in_a_department_of_another_hospital_is_refused(officer, innovation, hegp):
    neuroradiology = Department.objects.get(name="Neuroradiologie")  # at the Pitié-Salpêtrière
    with pytest.raises(ValidationError) as error:
        services.deployment_create(
            by=officer, innovation=innovation, hospital=hegp, department=neuroradiology, system_name="PACS"
        )
    assert set(error.value.message_dict) == {"department"}
    deployment = services.deployment_create(by=officer, innovation=innovation, hospital=hegp, system_name="ORBIS")
    with pytest.raises(ValidationError) as error:
        services.deployment_update(deployment=deployment, by=officer, hospital=hegp, department=neuroradiology)
    assert set(error.value.message_dict) == {"department"}
    assert list(Deployment.objects.values_list("system_name", "department")) == [("ORBIS", None)]


def test_a_deployment_takes_its_hospital_from_its_department(officer, innovation):
    cardiology = Department.objects.get(name="Cardiologie")
    deployment = services.deployment_create(
        by=officer, innovation=innovation, department=cardiology, system_name="ORBIS", status="pilot"
    )
    assert deployment.hospital.short_name == "HEGP"
    intensive_care = Department.objects.get(name="Réanimation médicale")
    deployment = services.deployment_update(deployment=deployment, by=officer, department=intensive_care, status="live")
    assert (deployment.hospital.short_name, deployment.status) == ("PSL", "live")
    event = history(innovation)[-1]
    assert event.action == "deployment_updated"
    assert event.changes["status"] == ["pilot", "live"]
    assert event.changes["hospital"] == ["HEGP", "PSL"]


def test_a_deployment_needs_a_hospital_and_a_known_status(officer, innovation, hegp):
    with pytest.raises(ValidationError) as error:
        services.deployment_create(by=officer, innovation=innovation, system_name="ORBIS")
    assert set(error.value.message_dict) == {"hospital"}
    with pytest.raises(ValidationError) as error:
        services.deployment_create(by=officer, innovation=innovation, hospital=hegp, system_name="ORBIS", status="x")
    assert "status" in error.value.message_dict
    assert not Deployment.objects.exists()
