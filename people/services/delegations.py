"""Delegations: an approver hands their decisions to another staff member."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.errors import Conflict
from people.grants import positions_grants_sync
from people.models import STAFF_INSTITUTIONS, Delegation, PositionUserObjectPermission, User
from people.roles import is_approver, is_operations
from people.workflow import active_delegations

__all__ = ["delegation_create", "delegation_end", "delegations_grants_sync"]


def _units_of(user: User) -> Q:
    """The requests whose grants may depend on ``user``'s delegations."""
    return Q(team__leader=user) | Q(department__head=user) | Q(status__in=["submitted", "endorsed"])


@transaction.atomic
def delegation_create(
    *, delegator: User, delegate: User, starts_on: date, ends_on: date, by: User, today: date | None = None
) -> Delegation:
    today = today or timezone.localdate()
    if by.pk != delegator.pk and not is_operations(by):
        raise PermissionDenied(_("Only the approver, or operations, delegates their approvals."))
    errors: dict[str, list[str]] = {}
    if not is_approver(delegator):
        errors.setdefault("delegator", []).append(_("Only someone who approves requests can delegate."))
    if delegate.pk == delegator.pk:
        errors.setdefault("delegate", []).append(_("Choose someone else."))
    elif not delegate.is_active or delegate.institution not in STAFF_INSTITUTIONS:
        errors.setdefault("delegate", []).append(_("The delegate must be an active staff member."))
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The delegation must end on or after its first day."))
    if ends_on < today:
        errors.setdefault("ends_on", []).append(_("This delegation would already be over."))
    if errors:
        raise ValidationError(errors)
    delegation = Delegation.objects.create(delegator=delegator, delegate=delegate, starts_on=starts_on, ends_on=ends_on)
    audit_log(
        actor=by,
        obj=delegation,
        action="created",
        changes={"delegate": delegate.username, "from": str(starts_on), "until": str(ends_on)},
    )
    positions_grants_sync(today=today, where=_units_of(delegator))
    return delegation


@transaction.atomic
def delegation_end(*, delegation: Delegation, by: User, today: date | None = None) -> Delegation:
    """End a delegation now: it stops yesterday (or never starts)."""
    today = today or timezone.localdate()
    delegation = Delegation.objects.select_for_update().select_related("delegator").get(pk=delegation.pk)
    if by.pk != delegation.delegator_id and not is_operations(by):
        raise PermissionDenied(_("Only the delegator, or operations, ends a delegation."))
    if delegation.ends_on < today:
        raise Conflict(_("This delegation is already over."))
    yesterday = today - timedelta(days=1)
    if delegation.starts_on > yesterday:
        audit_log(actor=by, obj=delegation, action="cancelled")
        delegation.delete()
    else:
        delegation.ends_on = yesterday
        delegation.save(update_fields=["ends_on"])
        audit_log(actor=by, obj=delegation, action="ended", changes={"until": str(yesterday)})
    positions_grants_sync(today=today, where=_units_of(delegation.delegator))
    return delegation


def delegations_grants_sync(*, today: date) -> int:
    """Daily: grants follow the delegations. Those running today give theirs, and
    grants held through a delegation that is over are taken back, even when
    the job did not run on the day one started or ended."""
    where = Q(pk__in=[])
    for delegation in active_delegations(today).select_related("delegator"):
        where |= _units_of(delegation.delegator)
    # A grant its holder does not owe to heading the request's units may be a delegation's.
    over = Delegation.objects.filter(ends_on__lt=today).values("delegate_id")
    stale = (
        PositionUserObjectPermission.objects.filter(user_id__in=over)
        .exclude(user_id=F("content_object__team__leader_id"))
        .exclude(user_id=F("content_object__department__head_id"))
    )
    where |= Q(pk__in=stale.values("content_object_id"))
    return positions_grants_sync(today=today, where=where)
