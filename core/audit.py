"""The audit trail: written by services, read by whoever sees the object."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from core.models import AuditEvent


def audit_log(
    *,
    actor: Any,
    obj: Model,
    action: str,
    changes: dict[str, Any] | None = None,
    comment: str = "",
    on_behalf_of: Any = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        on_behalf_of=on_behalf_of,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        changes=changes or {},
        comment=comment,
    )


def audit_history(obj: Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor", "on_behalf_of")
