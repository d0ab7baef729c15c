"""Log formats and the request context of every log line.

``UTCFormatter`` writes today's text lines. ``JSONFormatter`` writes one JSON
object a line (``LOG_FORMAT=json``): ``time`` (UTC, ISO 8601), ``level``,
``logger``, ``message``, ``request_id``, ``user_id``, then whatever the caller
passed as ``extra`` (``view``, ``method``, ``status``, ``duration_ms`` for a
request; ``task``, ``task_id``, ``state``, ``duration_ms`` for a task) and
``exception`` when there is one.

What someone typed cannot forge a line: the text format escapes control and
text-direction characters in the message (``core.text.log_safe``), the JSON
format escapes them in its strings.

``RequestContextFilter``, set on the handlers, gives every record the
``request_id`` and ``user_id`` of the request (or task) being served: the
request id middleware and the Celery signals of ``core.taskevents`` keep them
in context variables.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from core.text import json_log_safe, log_safe

request_id_var: ContextVar[str | None] = ContextVar("labsite_request_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("labsite_user_id", default=None)

# nginx's $request_id is 32 hex digits; other proxies send UUIDs or similar tokens.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def request_id_from(incoming: str | None) -> str:
    """The incoming id if it is a sane token, else a new one (32 hex digits, as nginx's)."""
    if incoming and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class UTCFormatter(logging.Formatter):
    """Log times in UTC, ISO 8601, whatever the server's time zone."""

    # A builtin function is not bound as a method; mypy reads the attribute as if it were.
    converter = time.gmtime  # type: ignore[assignment]
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def formatMessage(self, record: logging.LogRecord) -> str:
        # A path, a username or a field typed by someone: one line, no terminal escapes.
        return log_safe(super().formatMessage(record))


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` to every record (``None`` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "user_id"):
            record.user_id = user_id_var.get()
        return True


# What every LogRecord has: anything else on a record came from ``extra``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# Django's loggers pass the request object itself: its text repeats the path, tokens included.
# Celery's pass ``data`` (the task's arguments and result, already in the message).
_LEFT_OUT = frozenset({"request", "server_time", "data"})


class JSONFormatter(logging.Formatter):
    """One JSON object a line. Written here rather than taken from a library:
    the whole need is these few lines, and the field names are ours."""

    def format(self, record: logging.LogRecord) -> str:
        at = datetime.fromtimestamp(record.created, UTC)
        line: dict[str, Any] = {
            "time": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _LEFT_OUT and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json_log_safe(json.dumps(line, default=str, ensure_ascii=False))
