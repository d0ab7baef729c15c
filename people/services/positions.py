"""The host-position and secondment workflow (SPEC §4), for both kinds."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.errors import Conflict
from core.models import AuditEvent
from core.outbox import email_queue
from people.grants import position_grants_sync
from people.history import PositionAction
from people.models import (
    STAFF_INSTITUTIONS,
    Call,
    Decision,
    Department,
    Institution,
    Position,
    PositionKind,
    PositionStatus,
    Step,
    Team,
    User,
)
from people.models.positions import (
    DECIDED_FIELDS,
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    PENDING_STATUSES,
    TIME_SHARES,
)
from people.workflow import Actor, Approvers, overlapping, peak_time_share, pending_steps

__all__ = [
    "position_create",
    "position_decide",
    "position_refusal",
    "position_request_changes",
    "position_submit",
    "position_update",
    "position_withdraw",
    "positions_overlapping",
]

EDITABLE_FIELDS = ("team", "department", "time_share", "start_date", "end_date", "topic", "justification", "call")
MAX_YEARS = 3


def _validate(position: Position, *, today: date) -> None:
    errors: dict[str, list[str]] = {}
    if position.time_share not in TIME_SHARES:
        errors.setdefault("time_share", []).append(_("The time share is a multiple of 10, from 10 to 100 %."))
    if position.start_date and position.end_date:
        if position.end_date <= position.start_date:
            errors.setdefault("end_date", []).append(_("The end date must come after the start date."))
        elif position.end_date > _add_years(position.start_date, MAX_YEARS):
            errors.setdefault("end_date", []).append(_("A position lasts at most 3 years."))
    if not (position.topic or "").strip():
        errors.setdefault("topic", []).append(_("Say what the research is about."))
    if position.call is not None and not position.call.is_open(today):
        errors.setdefault("call", []).append(_("This call for applications is not open."))
    if errors:
        raise ValidationError(errors)


def _add_years(day: date, years: int) -> date:
    if day.year + years > date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def position_refusal(*, kind: str, applicant: User) -> str | None:
    """Why ``applicant`` cannot request a position of this kind, or None."""
    if kind == PositionKind.HOST and (applicant.institution != Institution.APHP or applicant.department_id is None):
        return _("Host positions are for AP-HP staff attached to a department.")
    if kind == PositionKind.SECONDMENT and (
        applicant.institution not in STAFF_INSTITUTIONS or applicant.team_id is None
    ):
        return _("Secondments are for staff attached to an Inria project-team.")
    return None


def _units_for(
    kind: str, applicant: User, team: Team | None, department: Department | None
) -> tuple[Team | None, Department | None]:
    """The request's team and department: the applicant's own unit, and the host unit they chose."""
    refusal = position_refusal(kind=kind, applicant=applicant)
    if refusal is not None:
        raise ValidationError(refusal)
    if kind == PositionKind.HOST:
        if team is None:
            raise ValidationError({"team": [_("Choose the host project-team.")]})
        return team, applicant.department
    if department is None:
        raise ValidationError({"department": [_("Choose the host department.")]})
    return applicant.team, department


@transaction.atomic
def position_create(
    *,
    kind: str,
    applicant: User,
    team: Team | None = None,
    department: Department | None = None,
    time_share: int,
    start_date: date,
    end_date: date,
    topic: str,
    justification: str = "",
    call: Call | None = None,
    today: date | None = None,
) -> Position:
    """A new request, in ``draft``: its approvers see it once submitted
    (direction and operations, who see everything, see drafts too)."""
    today = today or timezone.localdate()
    team, department = _units_for(kind, applicant, team, department)
    position = Position(
        kind=kind,
        applicant=applicant,
        team=team,
        department=department,
        time_share=time_share,
        start_date=start_date,
        end_date=end_date,
        topic=topic,
        justification=justification,
        call=call,
    )
    _validate(position, today=today)
    position.save()
    audit_log(actor=applicant, obj=position, action=PositionAction.CREATED, changes={"status": [None, position.status]})
    return position


@transaction.atomic
def position_update(*, position: Position, by: User, today: date | None = None, **fields: Any) -> Position:
    """Change a draft, or a request sent back for changes; only its applicant may."""
    today = today or timezone.localdate()
    position = Position.objects.select_for_update().select_related("applicant").get(pk=position.pk)
    if by.pk != position.applicant_id:
        raise PermissionDenied(_("Only the applicant edits a request."))
    if position.status not in EDITABLE_STATUSES:
        raise Conflict(_("Only a draft can be changed."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    # The applicant's own unit is fixed; only the host unit can change.
    fields.pop("department" if position.kind == PositionKind.HOST else "team", None)
    changes = {}
    for name, value in fields.items():
        old = getattr(position, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(position, name, value)
    _validate(position, today=today)
    if changes:
        position.save()
        audit_log(actor=by, obj=position, action=PositionAction.UPDATED, changes=changes)
    return position


def positions_overlapping(position: Position) -> list[Position]:
    """The applicant's other approved or pending requests overlapping ``position``
    in time (``people.workflow.overlapping``), whoever sees them."""
    return list(
        Position.objects.filter(overlapping(position)).select_related("team", "department").order_by("start_date", "pk")
    )


def _check_time_shares(position: Position) -> None:
    others = positions_overlapping(position)
    if others and peak_time_share(position, others) > 100:
        listed = "; ".join(
            f"#{o.pk} {o.get_kind_display()} {o.host_unit} {o.start_date:%Y-%m-%d} – {o.end_date:%Y-%m-%d} "
            f"({o.time_share} %, {o.get_status_display()})"
            for o in others
        )
        raise ValidationError(
            {
                "time_share": [
                    _("Together with these overlapping requests, this would exceed 100 %%: %(list)s.")
                    % {"list": listed}
                ]
            }
        )


@transaction.atomic
def position_submit(*, position: Position, by: User, today: date | None = None) -> Position:
    """Send a draft to its approvers, or a request sent back for changes again
    (its endorsements start over: the round began when it was sent back)."""
    today = today or timezone.localdate()
    # The applicant's row is locked first, so that two of their requests
    # submitted at once cannot together pass the 100 % check.
    User.objects.select_for_update().filter(pk=position.applicant_id).first()
    position = _locked(position)
    if by.pk != position.applicant_id:
        raise PermissionDenied(_("Only the applicant submits a request."))
    if position.status not in EDITABLE_STATUSES:
        raise Conflict(_("This request has already been submitted."))
    _validate(position, today=today)
    _check_time_shares(position)
    before = position.status
    now = timezone.now()
    position.status = PositionStatus.SUBMITTED
    position.submitted_at = position.waiting_since = now
    position.save(update_fields=["status", "submitted_at", "waiting_since", "updated_at"])
    event = audit_log(
        actor=by,
        obj=position,
        action=PositionAction.SUBMITTED if before == PositionStatus.DRAFT else PositionAction.RESUBMITTED,
        changes={"status": [before, position.status]},
    )
    _after_transition(position, event, today=today)
    return position


@transaction.atomic
def position_decide(
    *, position: Position, by: User, approve: bool, comment: str = "", today: date | None = None
) -> Position:
    """``by`` approves or rejects the first step of ``position`` awaiting them
    (as themselves or as a delegate). The row is locked: of two approvers
    clicking at once, one wins and the other gets a Conflict."""
    today = today or timezone.localdate()
    position = _locked(position)
    approvers = Approvers(today)
    step, actor = _awaited_step(position, by, approvers)
    if not approve and not comment.strip():
        raise ValidationError({"reason": [_("Say why the request is rejected.")]})
    before = position.status
    were_awaited = [user for user in approvers.awaiting(position) if user.pk != by.pk]
    Decision.objects.create(
        position=position,
        round=position.round,
        step=step,
        outcome=Decision.Outcome.APPROVED if approve else Decision.Outcome.REJECTED,
        decided_by=by,
        on_behalf_of=actor.on_behalf_of,
        comment=comment.strip(),
    )
    if step in DECIDED_FIELDS:
        setattr(position, DECIDED_FIELDS[step], True)
    now = timezone.now()
    if not approve:
        position.status = PositionStatus.REJECTED
    elif step == Step.FINAL:
        position.status = PositionStatus.APPROVED
    elif not pending_steps(position):
        position.status = PositionStatus.ENDORSED
        position.waiting_since = now
    if position.status in FINAL_STATUSES:
        position.closed_at = now
    position.save(update_fields=["status", "waiting_since", "closed_at", *DECIDED_FIELDS.values(), "updated_at"])
    event = audit_log(
        actor=by,
        on_behalf_of=actor.on_behalf_of,
        obj=position,
        action=PositionAction.APPROVED if approve else PositionAction.REJECTED,
        changes={"status": [before, position.status], "step": step},
        comment=comment.strip(),
    )
    _after_transition(position, event, today=today, approvers=approvers, also_told=[] if approve else were_awaited)
    return position


def _awaited_step(position: Position, by: User, approvers: Approvers) -> tuple[Step, Actor]:
    """The first step of the (locked) request awaiting ``by``, and as whom: 403
    for who decides no step of it, 409 for a step not open to them."""
    # Someone who decides any step of the request is refused for its state (409),
    # whatever the state: of an endorser clicking twice, the second click meets a
    # decided step or an endorsed request depending only on timing.
    if approvers.actor_for(position, by, [Step.TEAM, Step.DEPARTMENT, Step.FINAL]) is None:
        raise PermissionDenied(_("Not an approver of this request."))
    if position.status not in PENDING_STATUSES:
        raise Conflict(_("This request is not awaiting a decision."))
    found = approvers.actor_for(position, by, pending_steps(position))
    if found is None:
        raise Conflict(_("This request is not awaiting your decision."))
    return found


@transaction.atomic
def position_request_changes(*, position: Position, by: User, comment: str, today: date | None = None) -> Position:
    """``by``, whose step of ``position`` is awaited, sends it back to its
    applicant for changes: it awaits nobody until submitted again, and its
    endorsements start over in a new round (this round's decisions stay). The
    row is locked, as for a decision: of this and a decision at once, one wins
    and the other gets a Conflict. Everyone who was awaited, and the applicant,
    are told by email once the transaction commits."""
    today = today or timezone.localdate()
    position = _locked(position)
    approvers = Approvers(today)
    step, actor = _awaited_step(position, by, approvers)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what should change.")]})
    before, round_before = position.status, position.round
    were_awaited = [user for user in approvers.awaiting(position) if user.pk != by.pk]
    Decision.objects.create(
        position=position,
        round=position.round,
        step=step,
        outcome=Decision.Outcome.CHANGES_REQUESTED,
        decided_by=by,
        on_behalf_of=actor.on_behalf_of,
        comment=comment,
    )
    # One UPDATE: the status, the endorsements of the new round (none) and the round.
    position.status = PositionStatus.CHANGES_REQUESTED
    for field in DECIDED_FIELDS.values():
        setattr(position, field, False)
    position.round += 1
    position.waiting_since = None
    position.save(update_fields=["status", "round", "waiting_since", *DECIDED_FIELDS.values(), "updated_at"])
    event = audit_log(
        actor=by,
        on_behalf_of=actor.on_behalf_of,
        obj=position,
        action=PositionAction.CHANGES_REQUESTED,
        changes={"status": [before, position.status], "step": step, "round": [round_before, position.round]},
        comment=comment,
    )
    _after_transition(position, event, today=today, approvers=approvers, also_told=were_awaited)
    return position


@transaction.atomic
def position_withdraw(*, position: Position, by: User, comment: str = "", today: date | None = None) -> Position:
    today = today or timezone.localdate()
    position = _locked(position)
    if by.pk != position.applicant_id:
        raise PermissionDenied(_("Only the applicant withdraws a request."))
    if position.status in FINAL_STATUSES:
        raise Conflict(_("This request is already closed."))
    before = position.status
    approvers = Approvers(today)
    were_awaited = approvers.awaiting(position)
    position.status = PositionStatus.WITHDRAWN
    position.closed_at = timezone.now()
    position.save(update_fields=["status", "closed_at", "updated_at"])
    event = audit_log(
        actor=by,
        obj=position,
        action=PositionAction.WITHDRAWN,
        changes={"status": [before, position.status]},
        comment=comment,
    )
    if before in PENDING_STATUSES:
        _after_transition(position, event, today=today, approvers=approvers, also_told=were_awaited)
    return position


def _locked(position: Position) -> Position:
    """The request re-read under a row lock, with what the rules need."""
    locked = Position.objects.select_for_update(of=("self",)).select_related(
        "applicant", "team__leader", "department__head", "department__hospital", "call"
    )
    return locked.get(pk=position.pk)


def _after_transition(
    position: Position,
    event: AuditEvent,
    *,
    today: date,
    approvers: Approvers | None = None,
    also_told: list[User] | None = None,
) -> None:
    """Grants follow the new state; the applicant, whoever must decide next, and
    ``also_told`` (approvers whose decision is no longer needed) are told by
    email once the transaction commits (the outbox)."""
    approvers = approvers or Approvers(today)
    position_grants_sync(position, today=today, approvers=approvers)
    recipients: dict[int, tuple[User, str]] = {}
    if event.actor_id != position.applicant_id:
        recipients[position.applicant_id] = (position.applicant, "position_update")
    for user in approvers.awaiting(position):
        recipients.setdefault(user.pk, (user, "position_awaiting"))
    for user in also_told or []:
        recipients.setdefault(user.pk, (user, "position_update"))
    for user, template in recipients.values():
        if not user.email or not user.is_active:
            continue
        email_queue(
            key=f"position:{position.pk}:event:{event.pk}:to:{user.pk}",
            to=user.email,
            recipient=user,
            language=user.language,
            template=template,
            context={"position": position, "event": event, "recipient": user},
        )
