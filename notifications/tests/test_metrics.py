"""The reminder and digest runs in ``/metrics`` (notifications/metrics.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing import scrape, value
from notifications.models import Job, Run

pytestmark = pytest.mark.django_db


def run(job: str, period: str, *, started, seconds: int | None) -> Run:
    return Run.objects.create(
        job=job,
        period=period,
        today=started.date(),
        since=started - timedelta(days=1),
        until=started,
        started_at=started,
        finished_at=None if seconds is None else started + timedelta(seconds=seconds),
    )


def test_run_figures_match_the_database(client):
    now = timezone.now()
    run(Job.REMINDERS, "d1", started=now - timedelta(days=2), seconds=90)
    latest = run(Job.REMINDERS, "d2", started=now - timedelta(days=1), seconds=30)
    run(Job.DAILY_DIGEST, "d2", started=now - timedelta(minutes=3), seconds=None)

    samples = scrape(client)

    assert value(samples, "labsite_notification_runs", job="reminders", state="finished") == 2
    assert value(samples, "labsite_notification_runs", job="reminders", state="unfinished") == 0
    assert value(samples, "labsite_notification_runs", job="daily", state="unfinished") == 1
    assert value(samples, "labsite_notification_runs", job="weekly", state="finished") == 0
    assert value(samples, "labsite_notification_run_duration_seconds_count", job="reminders") == 2
    assert value(samples, "labsite_notification_run_duration_seconds_sum", job="reminders") == 120
    assert value(samples, "labsite_notification_run_duration_seconds_count", job="daily") == 0
    assert value(samples, "labsite_notification_run_last_duration_seconds", job="reminders") == 30
    assert value(samples, "labsite_notification_run_last_finished_timestamp_seconds", job="reminders") == pytest.approx(
        latest.finished_at.timestamp()
    )
    assert value(samples, "labsite_notification_run_last_duration_seconds", job="daily") is None
