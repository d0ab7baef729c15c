"""Request ids and JSON log lines: one line per request and per task, the
request id echoed to the client and carried into the tasks it publishes."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import current_app
from django.urls import reverse

from core.logging import JSONFormatter, RequestContextFilter, request_id_from, request_id_var, user_id_var
from core.taskevents import REQUEST_ID_HEADER, USER_ID_HEADER, add_context_headers
from core.tests.smtp import WORKER_WAIT, wait_until
from people.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
NGINX_ID = "0f8b7c5e2d3a41f6a9e1c4b7d2e8f3a6"


@pytest.fixture
def json_lines():
    """The lines the request and task loggers write, formatted as with LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger(name) for name in ("labsite.request", "labsite.task")]
    saved = [(logger, logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level, propagate in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.mark.django_db
def test_each_request_writes_one_json_line(client, json_lines):
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID=NGINX_ID)

    assert response["X-Request-ID"] == NGINX_ID
    [line] = json_lines()
    assert set(line) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "user_id",
        "view",
        "method",
        "status",
        "duration_ms",
    }
    assert line["time"].endswith("Z")
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "labsite.request", "GET healthz 200")
    assert (line["request_id"], line["user_id"]) == (NGINX_ID, None)
    assert (line["view"], line["method"], line["status"]) == ("healthz", "GET", 200)
    assert line["duration_ms"] >= 0


@pytest.mark.django_db
def test_the_line_names_the_signed_in_user_and_not_the_path(client, personas, json_lines):
    client.force_login(personas["researcher"])

    response = client.get(reverse("people:person-detail", args=[personas["director"].pk]))

    [line] = json_lines()
    assert line["user_id"] == personas["researcher"].pk
    assert line["view"] == "people:person-detail"
    assert line["status"] == response.status_code == 200
    assert str(personas["director"].pk) not in line["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", [None, "", "a b", "x" * 200, "<script>", "-starts-with-a-dash", "é"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(client, json_lines, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}

    first = client.get(reverse("healthz"), **headers)["X-Request-ID"]
    second = client.get(reverse("healthz"), **headers)["X-Request-ID"]

    assert first != second
    assert len(first) == 32
    int(first, 16)
    assert [line["request_id"] for line in json_lines()] == [first, second]


@pytest.mark.parametrize("incoming", [NGINX_ID, "7d0c5a6e-6b5e-4b1f-9a53-2a9f0e4c1d2b", "req.42:retry-1"])
def test_a_sane_request_id_is_kept(incoming):
    assert request_id_from(incoming) == incoming


@pytest.mark.django_db
def test_a_request_that_fails_still_writes_its_line(client, json_lines):
    client.get("/no/such/page/", HTTP_X_REQUEST_ID=NGINX_ID)

    [line] = json_lines()
    assert (line["view"], line["status"], line["request_id"]) == ("unresolved", 404, NGINX_ID)


def test_every_record_carries_the_request_id_of_its_context():
    record = logging.LogRecord("labsite.outbox", logging.WARNING, __file__, 1, "Email %s failed", (7,), None)
    request_token, user_token = request_id_var.set(NGINX_ID), user_id_var.set(42)
    try:
        RequestContextFilter().filter(record)
    finally:
        request_id_var.reset(request_token)
        user_id_var.reset(user_token)

    line = json.loads(JSONFormatter().format(record))
    assert (line["message"], line["request_id"], line["user_id"]) == ("Email 7 failed", NGINX_ID, 42)


def test_the_json_line_holds_the_exception_and_any_extra():
    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.LogRecord("labsite", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    record.attempt = 3
    record.when = object()  # not JSON: written as its text

    line = json.loads(JSONFormatter().format(record))

    assert "ValueError: bad value" in line["exception"]
    assert line["attempt"] == 3
    assert line["when"].startswith("<object object")
    assert (line["request_id"], line["user_id"]) == (None, None)


def test_published_tasks_carry_the_request_id_and_user_in_their_headers():
    headers: dict = {}
    add_context_headers(headers=headers)
    assert headers == {}

    request_token, user_token = request_id_var.set(NGINX_ID), user_id_var.set(42)
    try:
        add_context_headers(headers=headers)
    finally:
        request_id_var.reset(request_token)
        user_id_var.reset(user_token)
    assert headers == {REQUEST_ID_HEADER: NGINX_ID, USER_ID_HEADER: 42}


# Without a wrapping transaction, the email's task is published (here: run) during the request.
@pytest.mark.django_db(transaction=True)
def test_a_task_run_by_the_request_writes_its_line_with_the_request_id(client, json_lines, monkeypatch):
    # The app the task is published through (the current one), which another test of
    # this process may have made other than labsite's own.
    monkeypatch.setitem(current_app.conf, "task_always_eager", True)
    user = UserFactory(language="en")

    client.post(reverse("password_reset"), {"email": user.email}, HTTP_X_REQUEST_ID=NGINX_ID)

    task, request = json_lines()
    assert (task["logger"], task["task"], task["state"]) == ("labsite.task", "labsite.send_email", "SUCCESS")
    assert task["request_id"] == request["request_id"] == NGINX_ID
    assert task["task_id"]
    assert task["duration_ms"] >= 0
    assert request_id_var.get() is None


@pytest.mark.worker
def test_a_worker_writes_json_lines_carrying_the_request_id(client, start_worker, smtp, monkeypatch, json_lines):
    monkeypatch.setenv("LOG_FORMAT", "json")
    worker = start_worker()
    user = UserFactory(language="en")

    response = client.post(reverse("password_reset"), {"email": user.email}, HTTP_X_REQUEST_ID=NGINX_ID)
    assert response["X-Request-ID"] == NGINX_ID

    def task_lines() -> list[dict]:
        lines = []
        for text in worker.output().splitlines():
            try:
                line = json.loads(text)
            except ValueError:
                continue
            if isinstance(line, dict) and line.get("logger") == "labsite.task":
                lines.append(line)
        return lines

    [line] = wait_until(task_lines, timeout=WORKER_WAIT)
    assert (line["task"], line["state"], line["request_id"]) == ("labsite.send_email", "SUCCESS", NGINX_ID)
    assert line["level"] == "INFO"
    assert len(smtp.deliveries) == 1


def settings_value(expression: str, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; print({expression})"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "labsite.settings.test", **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_log_format_json_switches_the_console_to_json_lines():
    expression = "settings.LOGGING['handlers']['console']['formatter']"
    assert settings_value(expression, LOG_FORMAT="json").stdout.strip() == "json"
    assert settings_value(expression, LOG_FORMAT="").stdout.strip() == "utc"
    refused = settings_value(expression, LOG_FORMAT="xml")
    assert refused.returncode != 0
    assert "LOG_FORMAT must be one of text, json" in refused.stderr
