"""The audit trail: written by services, read by whoever sees the object. And
the read log: who opened a confidential record, who exported what."""

from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Field, Model, QuerySet
from django.http import HttpRequest

from core.models import AuditEvent, ReadLog


def audit_value(value: Any) -> Any:
    """``value`` as the audit row keeps it (JSON): a date in ISO form, a person by
    username, any other record by its name."""
    if isinstance(value, date):
        return value.isoformat()
    if getattr(value, "username", None):
        return value.username
    if hasattr(value, "pk"):
        return str(value)
    return value


def model_update(instance: Model, data: dict[str, Any], *, save: bool = True) -> dict[str, list[Any]]:
    """Set ``data`` on ``instance`` and return ``{field: [old, new]}`` for what
    changed, the diff its audit row records. With ``save`` the instance is
    validated and saved; without, the service validates and saves it its own way."""
    changes: dict[str, list[Any]] = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        # A new object's required relation is not set yet: reading it would raise.
        unset = isinstance(field, Field) and field.is_relation and getattr(instance, field.attname) is None
        old = None if unset else getattr(instance, name)
        if old != value:
            changes[name] = [audit_value(old), audit_value(value)]
            setattr(instance, name, value)
    if save:
        instance.full_clean()
        instance.save()
    return changes


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


def read_log(
    request: HttpRequest, *, surface: ReadLog.Surface, obj: Model | None = None, what: str = "", detail: str = ""
) -> ReadLog:
    """Record that ``request``'s user read ``obj`` (a confidential record) or
    ``what`` (an export's file): one INSERT."""
    user = getattr(request, "user", None)
    user = user if getattr(user, "is_authenticated", False) else None
    return ReadLog.objects.create(
        user=user,
        username=getattr(user, "username", "")[:150],
        surface=surface,
        object_type=obj._meta.label_lower if obj is not None else what[:100],
        object_id=str(obj.pk) if obj is not None else "",
        path=request.get_full_path()[:500],
        detail=detail[:255],
    )
