"""Liveness and readiness, for load balancers, orchestrators and monitoring.

``GET /healthz`` (liveness): ``{"status": "ok"}`` with 200 as long as the
process answers requests. It reads neither the database nor Redis.

``GET /readyz`` (readiness): 200 when every check passes, 503 when one fails::

    {"status": "ok" | "unavailable",
     "checks": {
       "database":   {"ok": true},
       "migrations": {"ok": true},
       "redis":      {"ok": true},
       "worker":     {"ok": true, "age_seconds": 12, "workers": 2},
       "beat":       {"ok": true, "age_seconds": 4},
       "outbox":     {"ok": true, "age_seconds": null}}}

- ``database``: PostgreSQL answers ``SELECT 1``.
- ``migrations``: no migration of the code is left unapplied (once true, held
  for the life of the process: loading the migration graph is costly).
- ``redis``: the broker answers ``PING``.
- ``worker``: at least one worker wrote its heartbeat in the last
  ``HEALTH_WORKER_MAX_AGE`` seconds; ``age_seconds`` is the newest heartbeat's
  age, ``workers`` how many are that recent (``core.liveness``).
- ``beat``: beat ticked in the last ``HEALTH_BEAT_MAX_AGE`` seconds.
- ``outbox``: no email has been waiting to be sent (pending) for longer than
  ``HEALTH_OUTBOX_MAX_AGE`` seconds; ``age_seconds`` is the oldest one's age,
  ``null`` when none waits.

A failing check reads ``{"ok": false, "error": "<short reason>", ...}``. Neither
endpoint asks to sign in, and neither tells more than names and ages. A
``/readyz`` costs two queries (``SELECT 1`` and the outbox's oldest pending
email; the migration check adds two until it has once passed) and three short
Redis connections. The checks are django-health-check's ``HealthCheck``
classes, run concurrently; those that use the database run in the request's
thread, on the request's connection, which Django closes or keeps at the end of
the request as ``CONN_MAX_AGE`` says: no connection is opened in a pool thread
and left there.
"""

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, ClassVar

import redis
from asgiref.sync import sync_to_async
from django import db
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import checks
from health_check.base import HealthCheck, HealthCheckResult
from health_check.contrib import redis as redis_checks
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from core import broker
from core.models import Email

# Time each Redis or database check may take before it counts as failed.
CHECK_TIMEOUT = timedelta(seconds=3)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@dataclasses.dataclass
class Check(HealthCheck):
    """A check of labsite: it has a name in the answer, and may report figures
    (``details``) whether it passes or not."""

    name: ClassVar[str]
    timeout: ClassVar[timedelta] = CHECK_TIMEOUT
    details: dict[str, Any] = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)


def _in_request_thread(function: Callable[[], None]) -> Awaitable[None]:
    return sync_to_async(function, thread_sensitive=True)()


@dataclasses.dataclass
class Database(checks.Database):
    """django-health-check's ``SELECT 1``, on the request's connection."""

    name: ClassVar[str] = "database"
    timeout: ClassVar[timedelta] = CHECK_TIMEOUT

    async def run(self) -> None:
        await _in_request_thread(self._run_here)

    def _run_here(self) -> None:
        # Opened here, the connection is the request's: the library's
        # temporary_connection() then leaves it open for the other checks.
        try:
            connections[self.alias].ensure_connection()
        except db.Error as error:
            raise ServiceUnavailable("unreachable") from error
        super().run()


@dataclasses.dataclass
class Migrations(Check):
    name: ClassVar[str] = "migrations"
    # A positive answer holds until the process ends: new migrations come with
    # new code, that is with new processes.
    applied: ClassVar[bool] = False

    async def run(self) -> None:
        if not Migrations.applied:
            await _in_request_thread(self._run_here)

    def _run_here(self) -> None:
        try:
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except db.Error as error:
            raise ServiceUnavailable("database unreachable") from error
        if plan:
            self.details["unapplied"] = len(plan)
            raise ServiceUnavailable(f"{len(plan)} migrations not applied")
        Migrations.applied = True


@dataclasses.dataclass(repr=False)
class Redis(redis_checks.Redis):
    """django-health-check's ``PING``, to the broker."""

    name: ClassVar[str] = "redis"
    timeout: ClassVar[timedelta] = CHECK_TIMEOUT

    def __repr__(self) -> str:
        # The library's own makes a client to name the server.
        return "Redis(broker)"


async def _redis_read(*commands: tuple[str, ...]) -> list[Any]:
    """Redis's time (whole seconds), then the answers to ``commands``, in one round trip."""
    client = broker.async_client()
    try:
        pipe = client.pipeline(transaction=False)
        pipe.time()
        for command in commands:
            pipe.execute_command(*command)
        now, *answers = await pipe.execute()
    except redis.RedisError as error:
        raise ServiceUnavailable("Redis unreachable") from error
    finally:
        await client.aclose()
    return [int(now[0]), *answers]


@dataclasses.dataclass
class Worker(Check):
    name: ClassVar[str] = "worker"

    async def run(self) -> None:
        now, beats = await _redis_read(("HGETALL", broker.WORKERS_KEY))
        max_age = settings.HEALTH_WORKER_MAX_AGE
        ages = [max(0, now - int(at)) for at in beats.values()]
        self.details["age_seconds"] = min(ages, default=None)
        self.details["workers"] = sum(1 for age in ages if age <= max_age)
        if not self.details["workers"]:
            raise ServiceUnavailable(f"no worker heartbeat in the last {max_age} seconds")


@dataclasses.dataclass
class Beat(Check):
    name: ClassVar[str] = "beat"

    async def run(self) -> None:
        now, tick = await _redis_read(("GET", broker.BEAT_KEY))
        max_age = settings.HEALTH_BEAT_MAX_AGE
        age = None if tick is None else max(0, now - int(tick))
        self.details["age_seconds"] = age
        if age is None or age > max_age:
            raise ServiceUnavailable(f"beat has not ticked in the last {max_age} seconds")


@dataclasses.dataclass
class Outbox(Check):
    name: ClassVar[str] = "outbox"

    async def run(self) -> None:
        await _in_request_thread(self._run_here)

    def _run_here(self) -> None:
        try:
            pending = Email.objects.filter(status=Email.Status.PENDING)
            oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
        except db.Error as error:
            raise ServiceUnavailable("database unreachable") from error
        age = None if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
        self.details["age_seconds"] = age
        max_age = settings.HEALTH_OUTBOX_MAX_AGE
        if age is not None and age > max_age:
            raise ServiceUnavailable(f"an email has waited more than {max_age} seconds")


def _report(result: HealthCheckResult) -> dict[str, Any]:
    report: dict[str, Any] = {"ok": result.error is None, **getattr(result.check, "details", {})}
    if result.error is not None:
        report["error"] = result.error.message
    return report


class ReadinessView(HealthCheckView):
    """django-health-check's view, answering labsite's JSON with 200 or 503."""

    checks = (
        Database,
        Migrations,
        (Redis, {"client_factory": broker.async_client}),
        Worker,
        Beat,
        Outbox,
    )

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        reports = {result.check.name: _report(result) for result in results}
        ready = all(report["ok"] for report in reports.values())
        return JsonResponse(
            {"status": "ok" if ready else "unavailable", "checks": reports},
            status=200 if ready else 503,
        )


readyz = ReadinessView.as_view()
