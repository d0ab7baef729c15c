"""Prometheus metrics of the reminder and digest runs, read from ``Run`` at
each scrape of ``/metrics`` (``core.metrics``; registered in ``NotificationsConfig.ready``).

- ``labsite_notification_runs{job, state}``: runs by job (``reminders``,
  ``daily``, ``weekly``) and ``state`` (``finished``, ``unfinished``).
- ``labsite_notification_run_duration_seconds{job}``: summary (``_count``,
  ``_sum``) of the finished runs' durations, from start to the last chunk done.
- ``labsite_notification_run_last_duration_seconds{job}`` and
  ``labsite_notification_run_last_finished_timestamp_seconds{job}``: the
  latest finished run of each job.
"""

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from django import db
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, OuterRef, Q, Subquery, Sum
from prometheus_client.core import GaugeMetricFamily, Metric, SummaryMetricFamily

from notifications.models import Job, Run

logger = logging.getLogger("labsite.metrics")

_DURATION = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
_FINISHED = Q(finished_at__isnull=False)


class RunCollector:
    def collect(self) -> Iterator[Metric]:
        latest = Run.objects.filter(_FINISHED, job=OuterRef("job")).order_by("-finished_at", "-id")
        try:
            rows = {
                row["job"]: row
                for row in Run.objects.order_by()
                .values("job")
                .annotate(
                    finished=Count("pk", filter=_FINISHED),
                    unfinished=Count("pk", filter=~_FINISHED),
                    seconds=Sum(_DURATION, filter=_FINISHED),
                    last_finished=Max("finished_at"),
                    last_duration=Subquery(latest.annotate(duration=_DURATION).values("duration")[:1]),
                )
            }
        except db.Error as error:
            logger.warning("No notification run metrics: %s", error)
            return
        runs = GaugeMetricFamily("labsite_notification_runs", "Reminder and digest runs.", labels=["job", "state"])
        durations = SummaryMetricFamily(
            "labsite_notification_run_duration_seconds", "Durations of the finished runs.", labels=["job"]
        )
        last_duration = GaugeMetricFamily(
            "labsite_notification_run_last_duration_seconds", "Duration of the latest finished run.", labels=["job"]
        )
        last_finished = GaugeMetricFamily(
            "labsite_notification_run_last_finished_timestamp_seconds",
            "When the latest finished run ended (unix time).",
            labels=["job"],
        )
        for job in Job.values:
            row: Mapping[str, Any] = rows.get(job, {})
            runs.add_metric([job, "finished"], row.get("finished", 0))
            runs.add_metric([job, "unfinished"], row.get("unfinished", 0))
            seconds = row.get("seconds")
            durations.add_metric([job], row.get("finished", 0), seconds.total_seconds() if seconds else 0.0)
            if row.get("last_finished") is not None:
                last_duration.add_metric([job], row["last_duration"].total_seconds())
                last_finished.add_metric([job], row["last_finished"].timestamp())
        yield from (runs, durations, last_duration, last_finished)
