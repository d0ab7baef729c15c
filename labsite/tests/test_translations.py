"""French is the default language: every message of the site is translated."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_french_catalogue_is_complete_and_valid():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "fr/LC_MESSAGES/django.po")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_committed_compiled_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(LOCALE / "fr/LC_MESSAGES/django.po")], check=True
    )
    assert compiled.read_bytes() == (LOCALE / "fr/LC_MESSAGES/django.mo").read_bytes(), "run make messages"


# French typography, one rule for the whole catalogue: a no-break space before a
# colon (U+00A0) and a narrow no-break space before ; ? ! (U+202F), so that a
# line never breaks before the mark and its space keeps its width. Not marks of
# French punctuation: URLs, times (14:05), placeholders (%(name)s, {0}) and "::".
NOT_PUNCTUATION = re.compile(r"https?://\S+|%\([^)]*\)[sdifr]|%[sd%]|\{[^}]*\}|::|\d:\d\d")
PUNCTUATION = re.compile(r"(^|.)([:;?!])", re.S)
SPACE_BEFORE = {":": "\u00a0", ";": "\u202f", "?": "\u202f", "!": "\u202f"}


def test_french_punctuation_has_its_no_break_space():
    with (LOCALE / "fr/LC_MESSAGES/django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    wrong = [
        text
        for msgid, text in catalogue.items()
        if msgid
        for before, mark in PUNCTUATION.findall(NOT_PUNCTUATION.sub("x", text))
        if before != SPACE_BEFORE[mark]
    ]
    assert wrong == [], "French wants a no-break space before : ; ? ! (U+00A0 before :, U+202F before the others)"
