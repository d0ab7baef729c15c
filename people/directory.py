"""Reading the directory's HR files (CSV or XLSX, with tablib) into rows of
text, and checking each cell; keeping them between the preview and the apply.
Nothing here touches the database.

Two kinds of file, told apart by their header row (docs/operations.md):

- people: ``institution, employee_id, email, first_name, last_name, unit, function``;
- units: ``kind, acronym, name, hospital`` (``team`` rows: acronym and name;
  ``department`` rows: name and the hospital's short name).

A file with another set of columns, too big, with too many rows, or neither
CSV nor XLSX is refused as a whole; a wrong cell is an error of its row.
"""

import csv
import hashlib
import io
import json
import secrets
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum

import redis
import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from tablib.formats import registry

from core import broker
from core.text import text_refusal

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL_CHARS = 254

PEOPLE_COLUMNS = ("institution", "employee_id", "email", "first_name", "last_name", "unit", "function")
UNIT_COLUMNS = ("kind", "acronym", "name", "hospital")

# What a spreadsheet reads as a formula (CSV injection): refused, never run nor stripped.
FORMULA_START = ("=", "+", "-", "@")
_XLSX_MAGIC = b"PK\x03\x04"

# Python's CSV reader refuses a cell past 128 KB with an exception; the file's own
# limit bounds every cell, so that a long one is its row's error (MAX_CELL_CHARS).
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))


class FileKind(StrEnum):
    PEOPLE = "people"
    UNITS = "units"


class Function(StrEnum):
    STAFF = "staff"
    TEAM_LEADER = "team_leader"
    DEPARTMENT_HEAD = "department_head"


class UnitKind(StrEnum):
    TEAM = "team"
    DEPARTMENT = "department"


class FileRefused(ValueError):
    """The whole file is refused (its message says why)."""


@dataclass
class Row:
    """One line of the file (``line``: as a spreadsheet numbers it, the header being 1)."""

    line: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)


@dataclass
class DirectoryFile:
    kind: FileKind
    rows: list[Row]


def _dataset(content: bytes, filename: str) -> tablib.Dataset:
    if len(content) > MAX_FILE_BYTES:
        raise FileRefused(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})
    if content.startswith(_XLSX_MAGIC):
        return _xlsx_dataset(content)
    if b"\x00" in content or filename.lower().endswith((".xls", ".xlsx", ".ods")):
        raise FileRefused(_("The file is neither a CSV nor an XLSX file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_("A CSV file must be written in UTF-8.")) from error
    if not text.strip():
        raise FileRefused(_("The file is empty."))
    try:
        return tablib.Dataset().load(text, format="csv")
    except (tablib.InvalidDimensions, csv.Error, ValueError) as error:
        raise FileRefused(_("The file is neither a CSV nor an XLSX file.")) from error


def _xlsx_dataset(content: bytes) -> tablib.Dataset:
    """tablib's reading of the first sheet, but with the formulas as written
    (tablib reads the values a spreadsheet last computed, which hides them)."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.active
        if sheet is None or (sheet.max_row or 0) > MAX_ROWS + 1:
            raise FileRefused(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
        dataset = tablib.Dataset()
        registry.get_format("xlsx").import_sheet(dataset, sheet)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, tablib.InvalidDimensions) as error:
        raise FileRefused(_("The file is neither a CSV nor an XLSX file.")) from error
    return dataset


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # A spreadsheet stores an employee number as a number: 1234 reads 1234.0.
        return str(int(value))
    return str(value)


def directory_file_read(content: bytes, filename: str = "") -> DirectoryFile:
    """The file's rows, each cell checked, or FileRefused."""
    dataset = _dataset(content, filename)
    headers = tuple(_text(header).strip().casefold() for header in (dataset.headers or ()))
    if set(headers) == set(PEOPLE_COLUMNS) and len(headers) == len(PEOPLE_COLUMNS):
        kind = FileKind.PEOPLE
    elif set(headers) == set(UNIT_COLUMNS) and len(headers) == len(UNIT_COLUMNS):
        kind = FileKind.UNITS
    else:
        raise FileRefused(
            _("The first line must name exactly the columns %(people)s (people) or %(units)s (units).")
            % {"people": ", ".join(PEOPLE_COLUMNS), "units": ", ".join(UNIT_COLUMNS)}
        )
    if dataset.height > MAX_ROWS:
        raise FileRefused(_("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
    rows = []
    for index, values in enumerate(dataset, start=2):
        texts = [_text(value) for value in values]
        if not any(text.strip() for text in texts):
            continue
        row = Row(line=index, cells={})
        for header, text in zip(headers, texts, strict=True):
            row.cells[header] = text.strip()
            row.errors += cell_errors(header, text)
        rows.append(row)
    return DirectoryFile(kind=kind, rows=rows)


def cell_errors(column: str, text: str) -> list[str]:
    """Why a cell is refused: too long, a control character, a formula."""
    if len(text) > MAX_CELL_CHARS:
        return [_("%(column)s: longer than %(max)s characters.") % {"column": column, "max": MAX_CELL_CHARS}]
    refusal = text_refusal(text)
    if refusal is not None:
        return [f"{column}: {refusal.messages[0]}"]
    if text.lstrip().startswith(FORMULA_START):
        return [_("%(column)s: a formula is not allowed.") % {"column": column}]
    return []


# Between the preview and the apply, the file's rows wait in Redis (shared by
# every web process) under a random token, for their uploader only, an hour at
# most; the apply reads them there, never from the page.
PREVIEW_SECONDS = 3600


class PreviewLost(LookupError):
    """No preview under that token for that person (expired, applied, someone
    else's, or Redis unreachable)."""


@dataclass
class Preview:
    user_id: int
    kind: FileKind
    rows: list[Row]
    filename: str
    deactivate_missing: bool
    fingerprint: str


def _preview_key(token: str) -> str:
    return f"labsite:directory-import:{hashlib.sha256(token.encode()).hexdigest()}"


def preview_keep(preview: Preview) -> str:
    """Keep ``preview``; its token (PreviewLost if Redis cannot keep it)."""
    token = secrets.token_urlsafe(32)
    data = {
        "user_id": preview.user_id,
        "kind": preview.kind.value,
        "rows": [[row.line, row.cells, row.errors] for row in preview.rows],
        "filename": preview.filename,
        "deactivate_missing": preview.deactivate_missing,
        "fingerprint": preview.fingerprint,
    }
    try:
        broker.client().set(_preview_key(token), json.dumps(data), ex=PREVIEW_SECONDS)
    except redis.RedisError as error:
        raise PreviewLost(str(error)) from error
    return token


def preview_take(token: str, *, user_id: int, delete: bool = False) -> Preview:
    """The preview kept under ``token`` for ``user_id``, deleted with ``delete``."""
    key = _preview_key(token)
    try:
        raw = broker.client().get(key)
        data = json.loads(raw) if raw else None
        if data is None or data["user_id"] != user_id:
            raise PreviewLost(token)
        if delete:
            broker.client().delete(key)
    except (redis.RedisError, ValueError) as error:
        raise PreviewLost(token) from error
    rows = [Row(line=line, cells=cells, errors=errors) for line, cells, errors in data["rows"]]
    return Preview(
        user_id=user_id,
        kind=FileKind(data["kind"]),
        rows=rows,
        filename=data["filename"],
        deactivate_missing=data["deactivate_missing"],
        fingerprint=data["fingerprint"],
    )
