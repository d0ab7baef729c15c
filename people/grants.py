"""Per-object grants on requests (django-guardian, direct foreign keys), kept
in step with SPEC §3: the leader of the request's team, the head of its
department, and the active delegates of whoever may decide it see it.
Direction and operations see every request by role, without rows; the
applicant sees their own by a queryset rule.

Called whenever what decides these changes: a request is submitted or
decided, a unit gets a new head, a delegation starts or ends (and daily, for
delegations that start or end by the calendar).
"""

from datetime import date
from functools import cache

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.db.models.signals import post_migrate

from people.models import Position, PositionStatus, PositionUserObjectPermission
from people.workflow import Approvers, pending_steps

VIEW_CODENAME = "view_position"


@cache
def _view_permission_id() -> int:
    return Permission.objects.get(content_type__app_label="people", codename=VIEW_CODENAME).pk


def _forget_view_permission_id(**kwargs: object) -> None:
    _view_permission_id.cache_clear()


# Permissions are created again, under new ids, when the database is flushed
# and migrated again (as between transactional tests).
post_migrate.connect(_forget_view_permission_id, dispatch_uid="people.grants.view_permission_id")


def position_viewer_ids(position: Position, approvers: Approvers) -> set[int]:
    # A draft, or one withdrawn before it was ever submitted, stays its applicant's.
    if position.status == PositionStatus.DRAFT or (
        position.status == PositionStatus.WITHDRAWN and position.submitted_at is None
    ):
        return set()
    heads = {pk for pk in (position.team.leader_id, position.department.head_id) if pk is not None}
    ids = set(heads)
    # A head's delegate stands in for an approver: not for the applicant, who decides nothing of their own.
    for head in heads - {position.applicant_id}:
        ids |= {delegate.pk for delegate in approvers.delegates.get(head, [])}
    for step in pending_steps(position):
        ids |= {actor.user.pk for actor in approvers.actors(position, step)}
    # Direction and operations see everything by role; no rows for them.
    return ids - approvers.final_ids


def position_grants_sync(position: Position, *, today: date, approvers: Approvers | None = None) -> None:
    approvers = approvers or Approvers(today)
    wanted = position_viewer_ids(position, approvers)
    permission_id = _view_permission_id()
    rows = PositionUserObjectPermission.objects.filter(content_object=position, permission_id=permission_id)
    existing = set(rows.values_list("user_id", flat=True))
    if existing - wanted:
        rows.filter(user_id__in=existing - wanted).delete()
    PositionUserObjectPermission.objects.bulk_create(
        [
            PositionUserObjectPermission(content_object=position, permission_id=permission_id, user_id=user_id)
            for user_id in wanted - existing
        ]
    )


def positions_grants_sync(*, today: date, where: Q | None = None) -> int:
    """Resynchronise the grants of every submitted or decided request (matching ``where``)."""
    approvers = Approvers(today)
    positions = (
        Position.objects.exclude(status=PositionStatus.DRAFT)
        .filter(where or Q())
        .select_related("team__leader", "department__head")
    )
    count = 0
    for position in positions.iterator(chunk_size=500):
        position_grants_sync(position, today=today, approvers=approvers)
        count += 1
    return count
