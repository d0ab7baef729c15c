"""Personal data on request: everything labsite holds about one person.

Each app registers, for every relation of its models to the user model (a
foreign key, many-to-many or one-to-one), a section that reads that person's
rows: ``@register("key", title=..., covers=("app.Model.field", ...))``. A
section costs a fixed number of queries, whatever the number of rows.
``uncovered_relations()`` names the relations no section covers; a test keeps it
empty, so a new model that refers to a person cannot be forgotten.

What a section shows: the person's own rows in full; the objects those rows
point to only by what the relation itself lets the person see (their project
by its acronym, a request they decided by its number), never the content of
something hidden from them.

The registry imports no app (core is the ground floor): each app registers its
sections from its ``personal_data`` module, loaded by its ``AppConfig.ready``.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_log
from core.models import AuditEvent, Email, ReadLog, SavedFilter, SecurityEvent

__all__ = [
    "Section",
    "personal_data_download",
    "personal_data_export",
    "personal_data_filename",
    "personal_data_json",
    "personal_data_tables",
    "register",
    "sections",
    "uncovered_relations",
    "user_relations",
]

Row = dict[str, Any]
RowsReader = Callable[[Any], list[Row]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    covers: tuple[str, ...]
    rows: RowsReader


_SECTIONS: dict[str, Section] = {}


def register(key: str, *, title: str | Promise, covers: tuple[str, ...] = ()) -> Callable[[RowsReader], RowsReader]:
    """Register ``rows(user)`` as the section ``key`` of the export, covering the
    relations ``covers`` (``"app_label.Model.field"``)."""

    def decorator(rows: RowsReader) -> RowsReader:
        if key in _SECTIONS and _SECTIONS[key].rows is not rows:
            raise ValueError(f"Personal data section {key!r} is registered twice")
        _SECTIONS[key] = Section(key=key, title=title, covers=covers, rows=rows)
        return rows

    return decorator


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def user_relations() -> set[str]:
    """Every field of every model that points to the user model, as ``"app_label.Model.field"``
    (proxies share their concrete model's fields; many-to-many tables are their field)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is user_model:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def uncovered_relations() -> set[str]:
    covered = {relation for section in _SECTIONS.values() for relation in section.covers}
    return user_relations() - covered


def personal_data_filename(user: AbstractBaseUser) -> str:
    return f"labsite-personal-data-{user.get_username()}-{timezone.localdate().isoformat()}.json"


@transaction.atomic
def personal_data_export(
    *, user: AbstractBaseUser, by: AbstractBaseUser, export_format: str = "json"
) -> dict[str, Any]:
    """What labsite holds about ``user``, with a summary in their language; the
    export is audited (who asked, for whom, in which form)."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        data = {section.key: section.rows(user) for section in _SECTIONS.values()}
        summary_sections = [
            {"key": section.key, "title": str(section.title), "count": len(data[section.key])}
            for section in _SECTIONS.values()
        ]
        summary = {
            "title": _("Personal data held by labsite about %(username)s") % {"username": user.get_username()},
            "generated_at": timezone.now(),
            "language": language,
            "about": _(
                "Each section lists the records that refer to you. Records of other people are named "
                "only where you already see them in labsite."
            ),
            "lines": [f"{item['title']}: {item['count']}" for item in summary_sections],
            "sections": summary_sections,
        }
    audit_log(actor=by, obj=user, action="personal_data_exported", changes={"format": export_format})
    return {"summary": summary, "data": data}


@register("emails", title=gettext_lazy("Emails sent to you"), covers=("core.Email.recipient",))
def _emails(user: AbstractBaseUser) -> list[Row]:
    # Subjects, not bodies: a body may hold a live password-reset link, which an
    # export made by operations must not carry.
    emails = Email.objects.filter(recipient_id=user.pk).order_by("created_at", "id")
    return [dict(row) for row in emails.values("to", "subject", "language", "status", "created_at", "sent_at")]


@register("security_events", title=gettext_lazy("Sign-ins and security events"), covers=("core.SecurityEvent.user",))
def _security_events(user: AbstractBaseUser) -> list[Row]:
    # Also the failed sign-ins under their username, which name no account.
    events = SecurityEvent.objects.filter(Q(user_id=user.pk) | Q(user__isnull=True, username=user.get_username()))
    columns = ("at", "kind", "username", "ip_address", "method", "path", "detail")
    return [dict(row) for row in events.order_by("at", "id").values(*columns)]


@register(
    "reads",
    title=gettext_lazy("Confidential records you opened, and your exports"),
    covers=("core.ReadLog.user",),
)
def _reads(user: AbstractBaseUser) -> list[Row]:
    columns = ("at", "surface", "object_type", "object_id", "path", "detail")
    return [dict(row) for row in ReadLog.objects.filter(user_id=user.pk).order_by("at", "id").values(*columns)]


@register(
    "actions",
    title=gettext_lazy("What you did in labsite"),
    covers=("core.AuditEvent.actor", "core.AuditEvent.on_behalf_of"),
)
def _actions(user: AbstractBaseUser) -> list[Row]:
    events = (
        (AuditEvent.objects.filter(actor_id=user.pk) | AuditEvent.objects.filter(on_behalf_of_id=user.pk))
        .select_related("content_type")
        .order_by("at", "id")
    )
    return [
        {
            "at": event.at,
            "action": event.action,
            "object": f"{event.content_type.app_label}.{event.content_type.model}:{event.object_id}",
            "changes": event.changes,
            "comment": event.comment,
            "on_your_behalf": event.on_behalf_of_id == user.pk and event.actor_id != user.pk,
        }
        for event in events
    ]


@register("saved_filters", title=gettext_lazy("Filters your lists remember"), covers=("core.SavedFilter.user",))
def _saved_filters(user: AbstractBaseUser) -> list[Row]:
    # A search in a list may name a person: the person who searched sees it here.
    filters = SavedFilter.objects.filter(user_id=user.pk).order_by("list_name", "id")
    return [dict(row) for row in filters.values("list_name", "query", "updated_at")]


def personal_data_json(export: dict[str, Any]) -> str:
    return json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def personal_data_download(export: dict[str, Any], *, user: AbstractBaseUser) -> HttpResponse:
    """The export as a JSON file named after the person and the day."""
    response = HttpResponse(personal_data_json(export), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{personal_data_filename(user)}"'
    return response


def personal_data_tables(export: dict[str, Any]) -> list[dict[str, Any]]:
    """The export as tables for a page: per section, its title, columns and rows
    of ``(column, text)`` cells (a nested value, such as the changes of an audit
    row, as JSON)."""
    tables = []
    for item in export["summary"]["sections"]:
        rows = export["data"][item["key"]]
        columns = list(dict.fromkeys(column for row in rows for column in row))
        tables.append(
            {
                **item,
                "columns": columns,
                "rows": [[(column, _cell(row.get(column))) for column in columns] for row in rows],
            }
        )
    return tables


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)
