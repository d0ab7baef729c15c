"""/healthz and /readyz: what each check answers, on the real PostgreSQL and a
Redis of the test's own; the worker heartbeat written by a real worker, and
beat's tick by the real scheduler."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import broker
from core.health import Migrations
from core.liveness import BeatScheduler
from core.models import Email
from core.tests.health import beat_tick, heartbeat, queue, redis_now
from core.tests.smtp import WORKER_WAIT, wait_until
from labsite.celery import app as celery_app

pytestmark = pytest.mark.django_db

# A worker starts in two or three seconds; this leaves room for a slow machine.
ALL_CHECKS = {"database", "migrations", "redis", "worker", "beat", "outbox"}


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(Migrations, "applied", False)


def readyz(client) -> tuple[int, dict]:
    response = client.get(reverse("readyz"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def failing(body: dict) -> set[str]:
    return {name for name, check in body["checks"].items() if not check["ok"]}


def test_healthz_answers_while_the_process_lives(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_all_is_well(client, alive):
    status, body = readyz(client)

    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == ALL_CHECKS
    assert failing(body) == set()
    checks = body["checks"]
    assert checks["database"] == checks["migrations"] == checks["redis"] == {"ok": True}
    assert checks["worker"]["workers"] == 1
    assert 10 <= checks["worker"]["age_seconds"] <= 15  # seconds may pass on a loaded machine
    assert 10 <= checks["beat"]["age_seconds"] <= 15
    assert checks["outbox"] == {"ok": True, "age_seconds": None}


def test_readyz_answers_503_naming_redis_when_it_is_unreachable(client, alive):
    alive.stop()

    status, body = readyz(client)

    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["ok"] is False
    # The heartbeats are in Redis too: they cannot be read either.
    assert failing(body) == {"redis", "worker", "beat"}
    assert body["checks"]["worker"]["error"] == "Redis unreachable"


def test_readyz_answers_503_when_no_worker_heartbeat_is_recent(client, alive, settings):
    broker.client().delete(broker.WORKERS_KEY)
    heartbeat("celery@gone", settings.HEALTH_WORKER_MAX_AGE + 5)

    status, body = readyz(client)

    assert status == 503
    assert failing(body) == {"worker"}
    worker = body["checks"]["worker"]
    assert worker["workers"] == 0
    assert worker["age_seconds"] >= settings.HEALTH_WORKER_MAX_AGE + 5
    assert "no worker heartbeat" in worker["error"]


def test_readyz_answers_503_when_no_worker_ever_started(client, alive, settings):
    settings.HEALTH_WORKER_MAX_AGE = 90
    broker.client().delete(broker.WORKERS_KEY)

    status, body = readyz(client)

    assert status == 503
    assert body["checks"]["worker"] == {
        "ok": False,
        "age_seconds": None,
        "workers": 0,
        "error": "no worker heartbeat in the last 90 seconds",
    }


def test_readyz_counts_the_workers_of_every_machine_whose_heartbeat_is_recent(client, alive, settings):
    heartbeat("celery@web-2", 30)
    heartbeat("celery@web-3", settings.HEALTH_WORKER_MAX_AGE + 60)

    status, body = readyz(client)

    assert status == 200
    assert body["checks"]["worker"]["workers"] == 2
    assert 10 <= body["checks"]["worker"]["age_seconds"] <= 15


def test_readyz_answers_503_when_beat_has_not_ticked(client, alive):
    broker.client().delete(broker.BEAT_KEY)

    status, body = readyz(client)

    assert status == 503
    assert failing(body) == {"beat"}
    assert body["checks"]["beat"]["age_seconds"] is None


def test_readyz_answers_503_when_beat_last_ticked_too_long_ago(client, alive, settings):
    beat_tick(settings.HEALTH_BEAT_MAX_AGE + 5)

    status, body = readyz(client)

    assert status == 503
    assert failing(body) == {"beat"}
    assert body["checks"]["beat"]["age_seconds"] >= settings.HEALTH_BEAT_MAX_AGE + 5


def test_readyz_answers_503_when_an_email_has_waited_too_long(client, alive, settings):
    limit = timedelta(seconds=settings.HEALTH_OUTBOX_MAX_AGE)
    queue("recent", age=timedelta(seconds=30))
    queue("sent-long-ago", age=limit * 10, status=Email.Status.SENT)
    queue("failed-long-ago", age=limit * 10, status=Email.Status.FAILED)
    status, body = readyz(client)
    assert status == 200
    assert 30 <= body["checks"]["outbox"]["age_seconds"] <= 35

    queue("stuck", age=limit + timedelta(minutes=1))
    status, body = readyz(client)

    assert status == 503
    assert failing(body) == {"outbox"}
    assert body["checks"]["outbox"]["age_seconds"] >= settings.HEALTH_OUTBOX_MAX_AGE + 60


def test_readyz_answers_503_when_migrations_are_not_applied(client, alive, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("migration", False)])

    status, body = readyz(client)

    assert status == 503
    assert failing(body) == {"migrations"}
    assert body["checks"]["migrations"] == {"ok": False, "unapplied": 1, "error": "1 migrations not applied"}


def test_readyz_loads_the_migrations_once_they_are_applied(client, alive, monkeypatch):
    assert readyz(client)[0] == 200

    def costly(self, targets):
        raise AssertionError("the migration graph was loaded again")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", costly)
    assert readyz(client)[0] == 200


def test_readyz_makes_as_many_queries_whatever_the_outbox_holds(client, alive):
    readyz(client)  # the migration check passes once, then reads nothing

    counts = []
    for emails in (0, 30):
        for index in range(emails):
            queue(f"email-{index}", age=timedelta(seconds=index))
        with CaptureQueriesContext(connection) as queries:
            assert readyz(client)[0] == 200
        counts.append(len(queries))

    # SELECT 1 (database), the oldest pending email (outbox); no session: anonymous.
    assert counts == [2, 2]


def test_readyz_leaves_no_database_connection_open(client, alive):
    def connections_to_this_database() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            return cursor.fetchone()[0]

    before = connections_to_this_database()
    for _ in range(3):
        readyz(client)

    assert connections_to_this_database() == before


def test_beat_scheduler_records_its_tick(client, broker_redis, tmp_path):
    scheduler = BeatScheduler(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    try:
        scheduler.tick()
    finally:
        scheduler.close()

    assert abs(int(broker.client().get(broker.BEAT_KEY)) - redis_now()) <= 5
    heartbeat("celery@web-1", 0)
    status, body = readyz(client)
    assert status == 200
    assert body["checks"]["beat"]["age_seconds"] <= 5


@pytest.mark.worker
def test_a_real_worker_writes_its_heartbeat_and_removes_it_when_it_stops(client, start_worker, broker_redis):
    worker = start_worker()

    beats = wait_until(lambda: broker.client().hgetall(broker.WORKERS_KEY), timeout=WORKER_WAIT)
    assert len(beats) == 1
    [node] = beats
    assert node.decode().startswith("celery@")
    _status, body = readyz(client)  # beat has not ticked: only the worker's check matters here
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["workers"] == 1
    assert body["checks"]["worker"]["age_seconds"] <= 5

    worker.stop()
    assert broker.client().hgetall(broker.WORKERS_KEY) == {}
