"""Request lists as files (CSV for any tool, XLSX for Excel): the rows a list
page shows, every page of them, one row per request."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import ExportFormat, table_export_response
from people.access import Viewer


def _unit(unit: Any) -> str:
    return str(unit) if unit is not None else ""


def headers() -> list[str]:
    return [
        _("ID"),
        _("Kind"),
        _("Applicant"),
        _("Applicant's unit"),
        _("Host unit"),
        _("Time share (%)"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Awaiting"),
        _("Submitted at"),
        _("Call"),
    ]


def values(row: Any) -> list[Any]:
    """One request's cells, typed: dates stay dates, the share a number."""
    position = row.position
    submitted = timezone.localtime(position.submitted_at).replace(tzinfo=None) if position.submitted_at else None
    return [
        position.pk,
        position.get_kind_display(),
        position.applicant.full_name,
        _unit(position.home_unit),
        _unit(position.host_unit),
        position.time_share,
        position.start_date,
        position.end_date,
        position.get_status_display(),
        ", ".join(user.full_name for user in row.awaiting),
        submitted,
        position.call.title if position.call else "",
    ]


def position_export_response(
    request: HttpRequest, rows: list[Any], export_format: ExportFormat, *, filename: str
) -> HttpResponse:
    cells = (values(row) for row in rows)
    return table_export_response(request, headers(), cells, export_format, filename=filename, sheet_title=_("Requests"))


MAY = {"view": gettext_lazy("view"), "edit": gettext_lazy("edit"), "decide": gettext_lazy("decide")}


def access_export_response(
    request: HttpRequest, viewers: Iterable[Viewer], export_format: ExportFormat, *, filename: str
) -> HttpResponse:
    """Who can see a request or a person, one row per person, as a file."""
    rows = (
        [
            viewer.person.full_name,
            viewer.person.username,
            viewer.person.email,
            viewer.person.is_active,
            "; ".join(reason.text for reason in viewer.reasons),
            ", ".join(str(MAY[may]) for may in viewer.may),
        ]
        for viewer in viewers
    )
    headers = [_("Name"), _("Username"), _("Email"), _("Active"), _("Reasons"), _("May")]
    return table_export_response(
        request,
        headers,
        rows,
        export_format,
        filename=f"{filename}-{timezone.localdate()}",
        sheet_title=_("Access"),
    )
