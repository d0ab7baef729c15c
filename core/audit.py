"""The audit trail: written by services, read by whoever sees the object."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from core.models import AuditEvent


def audit_log(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    obj: Model,
    action: str,
    changes: dict[str, Any] | None = None,
    comment: str = "",
    on_behalf_of: AbstractBaseUser | None = None,
) -> AuditEvent:
    # The stubs resolve AUTH_USER_MODEL to people.User, which core may not name (layers).
    return AuditEvent.objects.create(  # type: ignore[misc]
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
