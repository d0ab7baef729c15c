"""Celery tasks of the core: they take ids and call services."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.outbox import email_send, email_send_many, emails_due
from core.publish import publish
from core.retention import logs_purge


@shared_task(name="labsite.send_email", ignore_result=True)
def send_email(email_id: int) -> str:
    return email_send(email_id=email_id)


@shared_task(name="labsite.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Every minute: hand every due email to a worker (the fast path may have
    missed it because Redis was down, or a worker died while sending)."""
    ids = emails_due()
    for email_id in ids:
        publish(send_email, email_id)
    return len(ids)


@shared_task(name="labsite.purge_sessions", ignore_result=True)
def purge_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="labsite.purge_logs", ignore_result=True)
def purge_logs() -> dict[str, int]:
    """Every night: the security events and reads past their retention go."""
    return logs_purge()


@shared_task(name="labsite.send_emails", ignore_result=True)
def send_emails(email_ids: list[int]) -> dict[str, int]:
    """Send a batch of queued emails over one connection (digests, reminders)."""
    return email_send_many(email_ids=email_ids)
