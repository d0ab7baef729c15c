"""Prometheus metrics, at ``GET /metrics`` (text exposition format).

Who may read them: a direct connection from the machine itself (``REMOTE_ADDR``
in 127.0.0.0/8 or ``::1``, and none of the ``X-Forwarded-For``, ``X-Real-IP``,
``Forwarded`` headers or ``CLIENT_IP_HEADER`` that a proxy on the same machine
adds), or anyone sending ``Authorization: Bearer <METRICS_TOKEN>`` when that
variable is set. Anyone else is answered 404, signed in or not.

Metrics:

- ``labsite_http_request_duration_seconds{view, method, status}``: histogram of
  the time to answer, by URL name (``people:hostposition-detail``;
  ``unresolved`` for a path that matched none), method (``other`` for unusual
  ones) and status class (``2xx``...).
- ``labsite_http_request_queries{view}``: histogram of the database queries
  made to answer a request.
- ``labsite_outbox_emails{status}``: emails in the outbox by status
  (``pending``, ``sent``, ``failed``); ``labsite_outbox_oldest_pending_age_seconds``.
- ``labsite_celery_tasks_total{task, state}``: task runs ended in ``success``,
  ``failure`` or ``retry``, counted by every worker in Redis (so for the whole
  site) since Redis last started; ``labsite_celery_workers``: workers whose
  heartbeat is at most ``HEALTH_WORKER_MAX_AGE`` seconds old.
- the reminder and digest runs, registered by ``notifications.metrics``;
- ``process_*`` and ``python_*`` of the answering process, without
  ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client has none in multiprocess mode).

The outbox, runs and task figures are read at scrape time (one grouped query
each, one Redis round trip), so every web process answers the same. With
several gunicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` to a directory the
workers may write, emptied before gunicorn starts: the request histograms are
then summed over the processes by prometheus_client's multiprocess collector.
"""

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

import redis
from django import db
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from core import broker
from core.middleware import view_name
from core.models import Email

logger = logging.getLogger("labsite.metrics")

REQUEST_SECONDS = Histogram(
    "labsite_http_request_duration_seconds",
    "Time to answer a request, by view, method and status class.",
    ["view", "method", "status"],
)
REQUEST_QUERIES = Histogram(
    "labsite_http_request_queries",
    "Database queries made to answer a request, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500, float("inf")),
)
# Any other method is counted as "other": a label must not take whatever a client sends.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


class MetricsMiddleware:
    """Times every request and counts its queries (on this thread's connection)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        view = view_name(request)
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(view, method, status).observe(time.perf_counter() - started)
        REQUEST_QUERIES.labels(view).observe(queries)
        return response


class Collector(Protocol):
    def collect(self) -> Iterable[Metric]: ...


class OutboxCollector:
    def collect(self) -> Iterator[Metric]:
        try:
            rows = list(Email.objects.order_by().values("status").annotate(count=Count("pk"), oldest=Min("created_at")))
        except db.Error as error:
            logger.warning("No outbox metrics: %s", error)
            return
        counts = dict.fromkeys(Email.Status.values, 0)
        oldest = None
        for row in rows:
            counts[row["status"]] = row["count"]
            if row["status"] == Email.Status.PENDING:
                oldest = row["oldest"]
        emails = GaugeMetricFamily("labsite_outbox_emails", "Emails in the outbox, by status.", labels=["status"])
        for status, count in counts.items():
            emails.add_metric([status], count)
        yield emails
        age = 0.0 if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())
        yield GaugeMetricFamily(
            "labsite_outbox_oldest_pending_age_seconds",
            "Age of the oldest email waiting to be sent (0 when none waits).",
            value=age,
        )


class CeleryCollector:
    def collect(self) -> Iterator[Metric]:
        try:
            with broker.client().pipeline(transaction=False) as pipe:
                pipe.time()
                pipe.hgetall(broker.WORKERS_KEY)
                for state in broker.TASK_STATES:
                    pipe.hgetall(broker.TASK_KEYS[state])
                now, beats, *counts = pipe.execute()
        except redis.RedisError as error:
            logger.warning("No Celery metrics: %s", error)
            return
        tasks = CounterMetricFamily(
            "labsite_celery_tasks",
            "Task runs ended, by task and outcome, over every worker since Redis started.",
            labels=["task", "state"],
        )
        for state, by_task in zip(broker.TASK_STATES, counts, strict=True):
            for name, count in sorted(by_task.items()):
                tasks.add_metric([name.decode(), state], int(count))
        yield tasks
        max_age = settings.HEALTH_WORKER_MAX_AGE
        yield GaugeMetricFamily(
            "labsite_celery_workers",
            "Workers whose heartbeat is recent (HEALTH_WORKER_MAX_AGE).",
            value=sum(1 for at in beats.values() if int(now[0]) - int(at) <= max_age),
        )


# Read at each scrape, by name; an app above core adds its own in its AppConfig.ready().
_collectors: dict[str, Collector] = {"outbox": OutboxCollector(), "celery": CeleryCollector()}


def register_collector(name: str, collector: Collector) -> None:
    _collectors[name] = collector


class _Scrape:
    def __init__(self, sources: list[Any]) -> None:
        self.sources = sources

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()


def _direct_from_this_machine(request: HttpRequest) -> bool:
    proxy_headers = [*PROXY_HEADERS, settings.CLIENT_IP_HEADER]
    if any(header in request.META for header in proxy_headers if header != "REMOTE_ADDR"):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _bearer_token_matches(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    # Refused before the method is looked at: a 405 would tell that the page exists.
    if not (_bearer_token_matches(request) or _direct_from_this_machine(request)):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        sources: list[Any] = [MultiProcessCollector(None)]
    else:
        sources = [REGISTRY]
    return HttpResponse(generate_latest(_Scrape([*sources, *_collectors.values()])), content_type=CONTENT_TYPE_LATEST)
