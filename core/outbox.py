"""The email outbox: queue in the caller's transaction, send from a worker.

``email_queue`` writes a row (or nothing, if an email with the same key was
already queued) and publishes the sending task once the transaction commits.
``email_send`` sends one row; the row stays locked while it is sent, so two
workers never send it twice, and a worker that dies mid-send leaves it pending
for the sweeper.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import Email

logger = logging.getLogger("labsite.outbox")

# How long a freshly queued email belongs to the fast path before the sweeper
# sends it too.
SWEEP_GRACE = timedelta(seconds=30)
SUBJECT_MAX_LENGTH = Email._meta.get_field("subject").max_length


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def email_render(*, template: str, context: dict[str, Any], language: str) -> Rendered:
    """Render ``emails/<template>_subject.txt``, ``.txt`` and ``.html`` in ``language``."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    # One line, and short enough for the column: a long title must not make queueing fail.
    subject = " ".join(subject.split())
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
    return Rendered(subject=subject, text=text, html=html)


def email_queue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    recipient: Any = None,
) -> Email | None:
    """Queue one email under ``key``; return it, or ``None`` if that key was already queued."""
    from core.publish import publish_on_commit
    from core.tasks import send_email

    if Email.objects.filter(key=key).exists():
        return None
    rendered = email_render(template=template, context=context, language=language)
    try:
        # A savepoint, so that losing a race on ``key`` leaves the caller's
        # transaction usable; PostgreSQL makes the second insert wait and fail.
        with transaction.atomic():
            email = Email.objects.create(
                key=key,
                recipient=recipient,
                to=to,
                language=language,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                message_id=Email.message_id_for(key),
            )
    except IntegrityError:
        return None
    publish_on_commit(send_email, email.pk)
    return email


def _classify(error: Exception) -> bool:
    """True if ``error`` is permanent (5xx, or an address no server would take),
    False if worth retrying."""
    if isinstance(error, ValueError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _backoff(attempts: int) -> timedelta:
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, 6 * 60 * 60))


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id, "Content-Language": email.language},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def email_send(*, email_id: int, now: Any = None) -> str:
    """Send one pending, due email. Returns its status after the attempt
    (``"skipped"`` if it was not pending, not due, or being sent by someone else)."""
    now = now or timezone.now()
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=Email.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if email is None:
            return "skipped"
        email.attempts += 1
        try:
            with mailers.default as connection:
                connection.send_messages([_message(email)])
        # ValueError: Django refuses the address itself (no retry will fix it).
        except (smtplib.SMTPException, OSError, ValueError) as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if _classify(error) or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = Email.Status.FAILED
                logger.error("Email %s to %s failed: %s", email.pk, email.to, email.last_error)
            else:
                email.next_attempt_at = now + _backoff(email.attempts)
                logger.warning(
                    "Email %s to %s will be retried at %s: %s",
                    email.pk,
                    email.to,
                    email.next_attempt_at,
                    email.last_error,
                )
        else:
            email.status = Email.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
        return email.status


def emails_due(*, now: Any = None, limit: int = 500) -> list[int]:
    """Ids of pending emails the fast path has not sent: new ones past the grace
    period, and retries whose time has come."""
    now = now or timezone.now()
    new = Q(attempts=0, next_attempt_at__lte=now - SWEEP_GRACE)
    retry = Q(attempts__gt=0, next_attempt_at__lte=now)
    return list(
        Email.objects.filter(new | retry, status=Email.Status.PENDING)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def email_retry(*, email: Email) -> None:
    """Operations put a failed email back in the queue."""
    from core.publish import publish_on_commit
    from core.tasks import send_email

    Email.objects.filter(pk=email.pk, status=Email.Status.FAILED).update(
        status=Email.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    publish_on_commit(send_email, email.pk)
