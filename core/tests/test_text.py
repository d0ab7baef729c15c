"""The input policy for text (core.text), the log lines it keeps on one line,
and the exports that keep neutralising formulas."""

import csv
import io
import json
import logging

import pytest
from django import forms
from openpyxl import load_workbook
from rest_framework import serializers

from core.api.serializers import MULTILINE, Serializer
from core.exports import ExportFormat, table_export_response
from core.forms import CleanTextMixin
from core.logging import JSONFormatter, UTCFormatter
from core.text import (
    BIDI_MESSAGE,
    CONTROL_MESSAGE,
    NULL_MESSAGE,
    SINGLE_LINE_MESSAGE,
    log_safe,
    text_refusal,
    without_controls,
)


def refusal(value: object, **kind: bool) -> str | None:
    error = text_refusal(value, **kind)
    return None if error is None else error.messages[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("plain text, accents: é à ç, emoji 🧪, Arabic سلام", None),
        ("a\x00b", NULL_MESSAGE),
        ("\x1b[31mred", CONTROL_MESSAGE),
        ("delete\x7f", CONTROL_MESSAGE),
        ("c1\x9b", CONTROL_MESSAGE),
        ("lone \ud800 surrogate", CONTROL_MESSAGE),
        ("tab\there", SINGLE_LINE_MESSAGE),
        ("line\nbreak", SINGLE_LINE_MESSAGE),
        ("return\r", SINGLE_LINE_MESSAGE),
        ("over\u202eride", BIDI_MESSAGE),
        ("embed\u202a", BIDI_MESSAGE),
        ("isolate\u2067", BIDI_MESSAGE),
        ("mark\u200f", BIDI_MESSAGE),
        (["fine", "nul\x00"], NULL_MESSAGE),
        ({"key\u202e": "value"}, BIDI_MESSAGE),
        (42, None),
        (None, None),
    ],
)
def test_a_single_line_text_refuses_what_is_not_text(value, message):
    assert refusal(value) == (None if message is None else str(message))


def test_a_multi_line_text_keeps_tabs_and_line_breaks_only():
    assert refusal("one\r\n\ttwo\nthree", multiline=True) is None
    assert refusal("one\n\x1b[2J", multiline=True) == str(CONTROL_MESSAGE)
    assert refusal("one\n\u202e", multiline=True) == str(BIDI_MESSAGE)


def test_a_password_is_only_refused_a_nul():
    assert refusal("p\u202ess\tw\x1bord", password=True) is None
    assert refusal("pass\x00word", password=True) == str(NULL_MESSAGE)


class _Form(CleanTextMixin, forms.Form):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)
    secret = forms.CharField(widget=forms.PasswordInput)
    kind = forms.ChoiceField(choices=[("a", "A")])

    def clean_name(self) -> str:
        raise AssertionError("a refused field is not cleaned further")


def test_a_form_puts_each_refusal_on_its_field_and_cleans_the_others():
    form = _Form(data={"name": "x\x00", "notes": "a\nb", "secret": "s\u202e", "kind": "\x1b"})
    assert form.errors == {"name": [str(NULL_MESSAGE)], "kind": [str(CONTROL_MESSAGE)]}
    assert form.cleaned_data == {"notes": "a\nb", "secret": "s\u202e"}


class _Body(Serializer):
    title = serializers.CharField()
    summary = serializers.CharField(style=MULTILINE)
    tags = serializers.ListField(child=serializers.CharField())
    extra = serializers.CharField(read_only=True)


def test_a_serializer_names_each_refused_field_before_reading_any():
    body = _Body(data={"title": "ok", "summary": "a\n\tb", "tags": ["ok", "x\u2066"], "extra": "\x00"})
    assert not body.is_valid()
    assert body.errors == {"tags": [str(BIDI_MESSAGE)]}
    assert _Body(data={"title": "ok", "summary": "a\n\tb", "tags": []}).is_valid()


def test_without_controls_keeps_line_breaks_and_tabs():
    assert without_controls("a\x00b\x1b[31mc\u202ed\te\nf") == "ab[31mcd\te\nf"


# Logs ---------------------------------------------------------------------------


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("labsite.request", logging.WARNING, __file__, 1, "Not Found: %s", (message,), None)


FORGED = "/x\nINFO labsite.request admin signed in\x1b[2K\u202e"


def test_a_text_log_line_cannot_be_forged_coloured_or_reversed():
    line = UTCFormatter("%(levelname)s %(message)s").format(_record(FORGED))
    assert line == "WARNING Not Found: /x\\x0aINFO labsite.request admin signed in\\x1b[2K\\u202e"
    assert log_safe("caf\u00e9 \u2028") == "caf\u00e9 \\u2028"


def test_a_json_log_line_escapes_control_and_direction_characters():
    line = JSONFormatter().format(_record(FORGED + "\x85"))
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line and "\x85" not in line
    assert json.loads(line)["message"] == "Not Found: " + FORGED + "\x85"


# Exports ------------------------------------------------------------------------

CELLS = ['=HYPERLINK("http://evil")', "+1", "-1", "@SUM(A1)", "\u202e=1+1", "\x1b=cmd", "plain", 3]
INERT = ['\'=HYPERLINK("http://evil")', "'+1", "'-1", "'@SUM(A1)", "'=1+1", "'=cmd", "plain"]


@pytest.fixture
def export_request(rf, django_user_model):
    """An export is made for someone: the read log records who."""
    request = rf.get("/export/")
    request.user = django_user_model.objects.create_user(username="exporter", email="exporter@example.org")
    return request


@pytest.mark.django_db
def test_a_csv_export_runs_no_formula_even_behind_a_hidden_character(export_request):
    response = table_export_response(
        export_request, ["a"] * 8, [CELLS], ExportFormat.CSV, filename="t", sheet_title="t"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == [*INERT, "3"]


@pytest.mark.django_db
def test_an_xlsx_export_runs_no_formula_even_behind_a_hidden_character(export_request):
    response = table_export_response(
        export_request, ["a"] * 8, [CELLS], ExportFormat.XLSX, filename="t", sheet_title="t"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]] == [*INERT, 3]
    assert all(cell.data_type != "f" for cell in sheet[2])
