"""Celery tasks of reminders and digests: they take dates and ids, and call
``notifications.jobs``."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from notifications import jobs, review
from notifications.models import Job


def _day(today: str | None) -> date:
    return date.fromisoformat(today) if today else timezone.localdate()


@shared_task(name="labsite.send_reminders", ignore_result=True)
def send_reminders(today: str | None = None) -> list[int]:
    """Daily: start today's reminder run and hand its chunks to the workers."""
    return [run.pk for run in jobs.start_jobs(jobs=[Job.REMINDERS], today=_day(today))]


@shared_task(name="labsite.send_digests", ignore_result=True)
def send_digests(today: str | None = None) -> list[int]:
    """Daily at 07:00: the daily digests, and on Mondays the weekly ones."""
    day = _day(today)
    return [run.pk for run in jobs.start_jobs(jobs=jobs.digest_jobs(day), today=day)]


@shared_task(name="labsite.run_notification_chunk", ignore_result=True)
def run_chunk(chunk_id: int) -> int:
    return jobs.run_chunk(chunk_id)


@shared_task(name="labsite.resume_notification_chunks", ignore_result=True)
def resume_chunks() -> int:
    """Every minute: chunks left behind by a dead worker or a lost message."""
    return jobs.resume_chunks()


@shared_task(name="labsite.send_access_review", ignore_result=True)
def send_access_review(today: str | None = None) -> int:
    """Daily: the quarter's access review to operations, once per quarter (its first run)."""
    return review.access_review_send(today=_day(today))
