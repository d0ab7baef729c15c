"""The one input policy for text, whatever form or API field it comes through,
and the escaping of text written to a log line.

Refused, never stripped: stripping would change what a lookup finds (``a\\u202eb``
would name ``ab``) and what the person typed without telling them; a refusal says
which field to correct.

- NUL: PostgreSQL cannot store it, nor even compare with it.
- Other control characters (C0, DEL, C1) and unpaired surrogates: they move a
  terminal's cursor or colour its text (ANSI escapes), cannot be encoded, and
  are never typed on purpose. A tab, a line feed and a carriage return are text
  in a multi-line field (a textarea) and refused anywhere else.
- Bidirectional controls (embeddings, overrides, isolates and the invisible
  direction marks): they make a name, a file name in an export or a log line
  read differently from what it is ("Trojan source"). Nobody types them in the
  laboratory's French and English.

A password is only checked for NUL: it is hashed, never shown or logged, and a
stricter rule would lock out whoever chose such a password.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NUL = "\x00"
# C0 but the three whitespace characters a multi-line text keeps, DEL, C1, unpaired surrogates.
_CONTROLS = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_LINE_BREAKS = "\t\n\r"
# LRM, RLM, ALM; the embeddings and overrides (LRE, RLE, PDF, LRO, RLO); the isolates (LRI, RLI, FSI, PDI).
_BIDI = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"

_SINGLE_LINE_CONTROL = re.compile(f"[{_CONTROLS}{_LINE_BREAKS}]")
_MULTILINE_CONTROL = re.compile(f"[{_CONTROLS}]")
_BIDI_CONTROL = re.compile(f"[{_BIDI}]")

NULL_MESSAGE = _("Null characters are not allowed.")
CONTROL_MESSAGE = _("Control characters are not allowed.")
SINGLE_LINE_MESSAGE = _("Control characters are not allowed (this field takes a single line).")
BIDI_MESSAGE = _("Invisible text-direction characters are not allowed.")


def text_refusal(value: Any, *, multiline: bool = False, password: bool = False) -> ValidationError | None:
    """Why ``value`` is refused, or None. ``value`` is what a form or an API
    field receives: a string, or lists and mappings of them (keys included)."""
    for text in _strings(value):
        if _NUL in text:
            return ValidationError(NULL_MESSAGE, code="null_characters_not_allowed")
        if password:
            continue
        if _MULTILINE_CONTROL.search(text):
            return ValidationError(CONTROL_MESSAGE, code="control_characters_not_allowed")
        if not multiline and _SINGLE_LINE_CONTROL.search(text):
            return ValidationError(SINGLE_LINE_MESSAGE, code="control_characters_not_allowed")
        if _BIDI_CONTROL.search(text):
            return ValidationError(BIDI_MESSAGE, code="bidi_characters_not_allowed")
    return None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [text for key, item in value.items() for text in (*_strings(key), *_strings(item))]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


# In a log line every control character, line break and bidirectional control
# is written as an escape: a value cannot start a fake line, colour a terminal or
# reverse what follows it. U+2028 and U+2029 end a line in some viewers.
_LOG_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI}\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def log_safe(text: str) -> str:
    """``text`` on one line, its control and direction characters escaped (``\\x1b``, ``\\u202e``)."""
    return _LOG_UNSAFE.sub(_escape, text)


def json_log_safe(line: str) -> str:
    """A JSON line (``json.dumps`` escapes C0 itself) with C1, surrogates and
    direction characters escaped too, as ``\\uXXXX``: still JSON, and what it says."""
    return _LOG_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", line)


def without_controls(text: str) -> str:
    """``text`` without what this policy refuses but line breaks and tabs: for
    text stored before the policy, on its way out (an export)."""
    return _BIDI_CONTROL.sub("", _MULTILINE_CONTROL.sub("", text.replace(_NUL, "")))
