"""Request lists as files (CSV for any tool, XLSX for Excel): the rows a list
page shows, every page of them, one row per request."""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def _inert(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula (a name is typed by its owner)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    # The byte-order mark makes Excel read UTF-8 (accents in names) correctly.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow([_text(_inert(value)) for value in cells])
    return buffer.getvalue().encode("utf-8")


def _legal(value: Any) -> Any:
    """Text without the control characters a worksheet refuses (openpyxl raises on them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _xlsx(header: list[str], rows: Iterable[list[Any]], sheet_title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for cells in rows:
        sheet.append([_inert(_legal(value)) for value in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_export_response(
    header: list[str],
    rows: Iterable[list[Any]],
    export_format: ExportFormat,
    *,
    filename: str,
    sheet_title: str,
) -> HttpResponse:
    """Any table as a CSV or XLSX download: typed cells, none run as a formula."""
    content = _csv(header, rows) if export_format == ExportFormat.CSV else _xlsx(header, rows, sheet_title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


def position_export_response(rows: list[Any], export_format: ExportFormat, *, filename: str) -> HttpResponse:
    cells = (values(row) for row in rows)
    return table_export_response(headers(), cells, export_format, filename=filename, sheet_title=_("Requests"))
