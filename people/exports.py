"""Request lists as files (CSV for any tool, XLSX for Excel): the rows a list
page shows, every page of them, one row per request."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import ExportFormat, table_export_response


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
