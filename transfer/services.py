"""Every change to transfer records: atomic, audited on the innovation (its page
shows the history), made by transfer officers only (SPEC §3).

Stages move forward through the pipeline, or to ``abandoned`` with a reason;
going back (or out of ``transferred``/``abandoned``) is a reopening, which
needs a reason. A move names the stage it starts from, so two people moving
the same card at once do not both win: the second gets a Conflict."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, audit_value, model_update
from core.errors import Conflict
from people.models import Company, Department, Hospital, User
from transfer.history import TransferAction
from transfer.models import PIPELINE, Agreement, Deployment, Innovation, Stage
from transfer.selectors import can_edit_transfer

INNOVATION_FIELDS = ("title", "description", "kind", "readiness_level", "route", "project", "confidential")
AGREEMENT_FIELDS = ("kind", "partner", "innovation", "signed_on", "expires_on", "reference")
DEPLOYMENT_FIELDS = ("hospital", "department", "system_name", "go_live_on", "status")


def _require_officer(user: User) -> None:
    if not can_edit_transfer(user):
        raise PermissionDenied(_("Only transfer officers change transfer records."))


def _lock(innovation: Innovation) -> Innovation:
    return Innovation.objects.select_for_update().get(pk=innovation.pk)


def _check_fields(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


@transaction.atomic
def innovation_create(
    *,
    by: User,
    title: str,
    stage: str = Stage.IDENTIFIED,
    owners: list[User] | None = None,
    today: date | None = None,
    **fields: Any,
) -> Innovation:
    """A new innovation. It may start at any stage (one recorded late); it is
    confidential unless said otherwise. One created transferred was transferred
    ``today``."""
    _require_officer(by)
    _check_fields(fields, INNOVATION_FIELDS)
    innovation = Innovation(title=title.strip(), stage=stage, **fields)
    if stage == Stage.TRANSFERRED:
        innovation.transferred_on = today or timezone.localdate()
    innovation.full_clean()
    innovation.save()
    if owners:
        innovation.owners.set(owners)
    changes = {name: [None, audit_value(getattr(innovation, name))] for name in ("title", "stage", *fields)}
    if owners:
        changes["owners"] = [None, sorted(owner.username for owner in owners)]
    audit_log(actor=by, obj=innovation, action=TransferAction.CREATED, changes=changes)
    return innovation


@transaction.atomic
def innovation_update(
    *, innovation: Innovation, by: User, owners: list[User] | None = None, **fields: Any
) -> Innovation:
    """Change an innovation's description; the stage moves only through
    ``innovation_move``."""
    _require_officer(by)
    _check_fields(fields, INNOVATION_FIELDS)
    innovation = _lock(innovation)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    changes = model_update(innovation, fields)
    if owners is not None:
        old = sorted(innovation.owners.values_list("username", flat=True))
        new = sorted(owner.username for owner in owners)
        if old != new:
            innovation.owners.set(owners)
            changes["owners"] = [old, new]
    if changes:
        audit_log(actor=by, obj=innovation, action=TransferAction.UPDATED, changes=changes)
    return innovation


def is_forward(old: str, new: str) -> bool:
    """Forward along the pipeline, or abandoning from a stage still open."""
    if old in (Stage.TRANSFERRED, Stage.ABANDONED):
        return False
    if new == Stage.ABANDONED:
        return True
    return PIPELINE.index(Stage(new)) > PIPELINE.index(Stage(old))


@transaction.atomic
def innovation_move(
    *,
    innovation: Innovation,
    by: User,
    to: str,
    reason: str = "",
    expected: str | None = None,
    today: date | None = None,
) -> Innovation:
    """Move an innovation to another stage, with history.

    Forward moves need nothing more; abandoning and reopening (any move back,
    or out of ``transferred`` or ``abandoned``) need a reason. ``expected`` is
    the stage the mover saw: if someone moved the card meanwhile, Conflict.
    A move to ``transferred`` dates the transfer ``today`` (the day it is
    recorded unless said otherwise).
    """
    _require_officer(by)
    if to not in Stage.values:
        raise ValidationError({"stage": [_("Unknown stage.")]})
    innovation = _lock(innovation)
    old = innovation.stage
    if expected is not None and expected != old:
        raise Conflict(_("This innovation has moved to “%(stage)s” meanwhile.") % {"stage": Stage(old).label})
    if to == old:
        raise Conflict(_("This innovation is already at this stage."))
    forward = is_forward(old, to)
    reason = reason.strip()
    if not forward and not reason:
        raise ValidationError({"reason": [_("Going back in the pipeline is a reopening: give a reason.")]})
    if to == Stage.ABANDONED and not reason:
        raise ValidationError({"reason": [_("Say why this innovation is abandoned.")]})
    innovation.stage = to
    innovation.stage_changed_at = timezone.now()
    changes: dict[str, Any] = {"stage": [old, to]}
    if to == Stage.TRANSFERRED:
        innovation.transferred_on = today or timezone.localdate()
        changes["transferred_on"] = [None, innovation.transferred_on.isoformat()]
    elif innovation.transferred_on is not None:
        changes["transferred_on"] = [innovation.transferred_on.isoformat(), None]
        innovation.transferred_on = None
    innovation.save(update_fields=["stage", "stage_changed_at", "transferred_on", "updated_at"])
    audit_log(
        actor=by,
        obj=innovation,
        action=TransferAction.STAGE_CHANGED if forward else TransferAction.REOPENED,
        changes=changes,
        comment=reason,
    )
    return innovation


def _save_company(company: Company) -> None:
    """Save, turning the loss of a race on the unique name into a form error."""
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:
        raise ValidationError({"name": [_("A partner company with this name already exists.")]}) from None


@transaction.atomic
def partner_create(*, by: User, name: str) -> Company:
    _require_officer(by)
    company = Company(name=name.strip())
    company.full_clean()
    _save_company(company)
    audit_log(actor=by, obj=company, action=TransferAction.CREATED, changes={"name": [None, company.name]})
    return company


@transaction.atomic
def partner_update(*, partner: Company, by: User, name: str) -> Company:
    _require_officer(by)
    company = Company.objects.select_for_update().get(pk=partner.pk)
    changes = model_update(company, {"name": name.strip()}, save=False)
    company.full_clean()
    _save_company(company)
    if changes:
        audit_log(actor=by, obj=company, action=TransferAction.UPDATED, changes=changes)
    return company


@transaction.atomic
def agreement_create(
    *,
    by: User,
    kind: str,
    partner: Company,
    innovation: Innovation,
    signed_on: date,
    reference: str,
    expires_on: date | None = None,
) -> Agreement:
    _require_officer(by)
    agreement = Agreement(
        kind=kind,
        partner=partner,
        innovation=innovation,
        signed_on=signed_on,
        expires_on=expires_on,
        reference=reference.strip(),
    )
    _clean_agreement(agreement)
    agreement.save()
    changes = {name: [None, audit_value(getattr(agreement, name))] for name in AGREEMENT_FIELDS}
    audit_log(actor=by, obj=agreement, action=TransferAction.CREATED, changes=changes)
    audit_log(
        actor=by, obj=innovation, action=TransferAction.AGREEMENT_ADDED, changes={"agreement": agreement.reference}
    )
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by: User, **fields: Any) -> Agreement:
    _require_officer(by)
    _check_fields(fields, AGREEMENT_FIELDS)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if "reference" in fields:
        fields["reference"] = fields["reference"].strip()
    changes = model_update(agreement, fields, save=False)
    _clean_agreement(agreement)
    agreement.save()
    if changes:
        audit_log(actor=by, obj=agreement, action=TransferAction.UPDATED, changes=changes)
    return agreement


def _clean_agreement(agreement: Agreement) -> None:
    errors: dict[str, list[str]] = {}
    if agreement.expires_on and agreement.signed_on and agreement.expires_on <= agreement.signed_on:
        errors["expires_on"] = [_("An agreement expires after it is signed.")]
    try:
        # Fields already refused are left out, so the database constraint
        # does not say the same thing again in its own words.
        agreement.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def deployment_create(
    *,
    by: User,
    innovation: Innovation,
    hospital: Hospital | None = None,
    department: Department | None = None,
    system_name: str,
    go_live_on: date | None = None,
    status: str = Deployment.Status.PLANNED,
) -> Deployment:
    _require_officer(by)
    if hospital is None and department is not None:
        hospital = department.hospital
    deployment = Deployment(
        innovation=innovation,
        hospital=hospital,
        department=department,
        system_name=system_name.strip(),
        go_live_on=go_live_on,
        status=status,
    )
    _clean_deployment(deployment)
    deployment.save()
    changes = {name: [None, audit_value(getattr(deployment, name))] for name in DEPLOYMENT_FIELDS}
    audit_log(actor=by, obj=innovation, action=TransferAction.DEPLOYMENT_ADDED, changes=changes)
    return deployment


@transaction.atomic
def deployment_update(*, deployment: Deployment, by: User, **fields: Any) -> Deployment:
    _require_officer(by)
    _check_fields(fields, DEPLOYMENT_FIELDS)
    deployment = Deployment.objects.select_for_update().get(pk=deployment.pk)
    if fields.get("department") is not None and fields.get("hospital") is None:
        fields["hospital"] = fields["department"].hospital
    changes = model_update(deployment, fields, save=False)
    _clean_deployment(deployment)
    deployment.save()
    if changes:
        audit_log(
            actor=by,
            obj=deployment.innovation,
            action=TransferAction.DEPLOYMENT_UPDATED,
            changes={"system_name": deployment.system_name, **changes},
        )
    return deployment


def _clean_deployment(deployment: Deployment) -> None:
    errors: dict[str, list[str]] = {}
    if deployment.hospital_id is None:
        errors["hospital"] = [_("Choose a hospital or one of its departments.")]
    elif deployment.department is not None and deployment.department.hospital_id != deployment.hospital_id:
        errors["department"] = [_("This department belongs to another hospital.")]
    if not errors:
        try:
            deployment.full_clean()
        except ValidationError as error:
            errors = dict(error.message_dict)
    if errors:
        raise ValidationError(errors)
