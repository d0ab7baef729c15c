"""Any table as a file (CSV for any tool, XLSX for Excel): typed cells, none
run as a formula, and every export in the read log."""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.audit import read_log
from core.explain import Viewer
from core.models import ReadLog
from core.text import without_controls


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _inert(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula (a name is typed by its owner)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    """A text cell without control or text-direction characters (text stored
    before the input policy of ``core.text``; a worksheet refuses control
    characters), before its formula check: a hidden character cannot hide a
    leading ``=``."""
    return without_controls(value) if isinstance(value, str) else value


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
        writer.writerow([_text(_inert(_plain(value))) for value in cells])
    return buffer.getvalue().encode("utf-8")


def _xlsx(header: list[str], rows: Iterable[list[Any]], sheet_title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for cells in rows:
        sheet.append([_inert(_plain(value)) for value in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_export_response(
    request: HttpRequest,
    header: list[str],
    rows: Iterable[list[Any]],
    export_format: ExportFormat,
    *,
    filename: str,
    sheet_title: str,
) -> HttpResponse:
    """Any table as a CSV or XLSX download for ``request``'s user: typed cells,
    none run as a formula; the read log records who exported which file, and how
    many rows."""
    written = [0]

    def counted() -> Iterable[list[Any]]:
        for cells in rows:
            written[0] += 1
            yield cells

    content = _csv(header, counted()) if export_format == ExportFormat.CSV else _xlsx(header, counted(), sheet_title)
    name = f"{filename}.{export_format}"
    read_log(request, surface=ReadLog.Surface.EXPORT, what=name, detail=f"{written[0]} rows")
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


MAY = {"view": gettext_lazy("view"), "edit": gettext_lazy("edit"), "decide": gettext_lazy("decide")}


def access_export_response(
    request: HttpRequest,
    viewers: Iterable[Viewer],
    export_format: ExportFormat,
    *,
    filename: str,
    roles: dict[str, Any] | None = None,
) -> HttpResponse:
    """ "Who can see this" (``core.explain.Viewer``s) as a file, one row per person;
    ``roles``: the labels of their role in the record's project, where it has one."""
    header = [_("Name"), _("Username"), _("Email"), _("Active")]
    if roles is not None:
        header.append(_("Role in the project"))
    header += [_("Reasons"), _("May")]
    rows = (
        [
            viewer.person.full_name,
            viewer.person.username,
            viewer.person.email,
            viewer.person.is_active,
            *([str(roles.get(viewer.role, ""))] if roles is not None else []),
            "; ".join(reason.text for reason in viewer.reasons),
            ", ".join(str(MAY[may]) for may in viewer.may),
        ]
        for viewer in viewers
    )
    return table_export_response(
        request, header, rows, export_format, filename=f"{filename}-{timezone.localdate()}", sheet_title=_("Access")
    )
