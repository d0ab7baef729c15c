"""The email outbox: queue in the caller's transaction, send from a worker.

``email_queue`` writes a row (or nothing, if an email with the same key was
already queued) and publishes the sending task once the transaction commits.
``email_send`` sends one row; the row stays locked while it is sent, so two
workers never send it twice, and a worker that dies mid-send leaves it pending
for the sweeper.

Secrets (a password-reset link's token) are never written to the outbox: the
email is rendered with a random placeholder in their place, the row names the
kind of secret each placeholder stands for, and the sender makes the secret
afresh for the recipient at each attempt (``secret_maker_register``). So the
admin, a database dump or a backup show a dead link, and a retry after a crash
still sends a live one.
"""

import json
import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, parseaddr
from typing import Any, cast

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
SUBJECT_MAX_LENGTH = cast(int, Email._meta.get_field("subject").max_length)  # a CharField: always set


# Kind of secret → what makes it, from the recipient's id, when the email is sent.
SecretMaker = Callable[[int], str]
_SECRET_MAKERS: dict[str, SecretMaker] = {}


def secret_maker_register(kind: str, maker: SecretMaker) -> None:
    """Let emails hold secrets of ``kind`` (an app does it once, in ``ready()``)."""
    _SECRET_MAKERS[kind] = maker


def secret_placeholder() -> str:
    """What an email's context holds instead of a secret: letters and digits
    only, so that it survives URL reversing and escaping unchanged."""
    return f"hidden{secrets.token_hex(12)}"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    # Placeholder → kind of secret, made when the email is sent.
    secrets: dict[str, str] = field(default_factory=dict)


def email_render(
    *, template: str, context: dict[str, Any], language: str, secrets: dict[str, str] | None = None
) -> Rendered:
    """Render ``emails/<template>_subject.txt``, ``.txt`` and ``.html`` in ``language``.
    ``secrets``: placeholder (``secret_placeholder()``, used in ``context``) → kind."""
    unknown = set((secrets or {}).values()) - set(_SECRET_MAKERS)
    if unknown:
        raise ValueError(f"No maker for the secrets {sorted(unknown)}")
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject: str = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    # One line, and short enough for the column: a long title must not make queueing fail.
    subject = " ".join(subject.split())
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
    if secrets and any(placeholder in subject for placeholder in secrets):
        raise ValueError("A secret cannot be written in a subject")
    return Rendered(subject=subject, text=text, html=html, secrets=dict(secrets or {}))


def email_queue(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    recipient: Any = None,
    secrets: dict[str, str] | None = None,
) -> Email | None:
    """Queue one email under ``key``; return it, or ``None`` if that key was already queued.
    ``secrets``: see ``email_render``; they are made for ``recipient``, who must be given."""
    from core.publish import publish_on_commit
    from core.tasks import send_email

    if secrets and recipient is None:
        raise ValueError("An email holding secrets needs its recipient")
    if Email.objects.filter(key=key).exists():
        return None
    rendered = email_render(template=template, context=context, language=language, secrets=secrets)
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
                secrets=rendered.secrets,
                message_id=Email.message_id_for(key),
            )
    except IntegrityError:
        return None
    publish_on_commit(send_email, email.pk)
    return email


@dataclass(frozen=True)
class Outgoing:
    """An email ready to be written to the outbox by ``email_queue_many``."""

    key: str
    to: str
    language: str
    rendered: Rendered
    recipient: Any = None


def email_keys_taken(keys: list[str]) -> set[str]:
    """Which of ``keys`` are in the outbox already (one query)."""
    return set(Email.objects.filter(key__in=keys).values_list("key", flat=True))


def email_queue_many(outgoing: list[Outgoing]) -> list[int]:
    """Write many emails in two queries, in the caller's transaction; return the
    ids of those written now (a key already taken is left alone). Publishes
    nothing: the caller hands the ids to ``email_send_many`` after commit."""
    if not outgoing:
        return []
    started = timezone.now()
    rows = [
        Email(
            key=item.key,
            recipient=item.recipient,
            to=item.to,
            language=item.language,
            subject=item.rendered.subject,
            body_text=item.rendered.text,
            body_html=item.rendered.html,
            secrets=item.rendered.secrets,
            message_id=Email.message_id_for(item.key),
        )
        for item in outgoing
    ]
    Email.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    # Ours: the keys we wrote, as we wrote them (another run may have taken some first).
    return list(
        Email.objects.filter(key__in=[row.key for row in rows], attempts=0, created_at__gte=started)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


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


# Quoted-printable UTF-8, as Django writes it, for bodies and non-ASCII headers.
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP
_UTF8.header_encoding = QP
# SMTP wants CRLF line ends; the backends send ``as_bytes()`` as it comes.
_SMTP_COMPAT32 = compat32.clone(linesep="\r\n")


class OutboxMessage(EmailMultiAlternatives):
    """A text email with an optional HTML alternative, written with the email
    package's compat32 classes: the same MIME as Django's modern writer (text
    and HTML parts, quoted-printable UTF-8) in a third of the time, which
    counts when a worker sends thousands of digests. Every backend (SMTP,
    console, locmem) sends what ``message()`` returns."""

    # A compat32 Message rather than Django's modern EmailMessage, on purpose (see above): the
    # backends only call as_bytes(). The stdlib accepts a Charset where typeshed says str.
    def message(self, *, policy: Any = None) -> Message:  # type: ignore[override]
        text = MIMEText(str(self.body), "plain", _UTF8, policy=_SMTP_COMPAT32)  # type: ignore[arg-type]
        html = next((content for content, mimetype in self.alternatives if mimetype == "text/html"), None)
        if html is None:
            root: Message = text
        else:
            root = MIMEMultipart("alternative", policy=_SMTP_COMPAT32)
            root.attach(text)
            root.attach(MIMEText(cast(str, html), "html", _UTF8, policy=_SMTP_COMPAT32))  # type: ignore[arg-type]
        root["Subject"] = _header("Subject", str(self.subject))
        root["From"] = _address(self.from_email)
        root["To"] = ", ".join(_address(address) for address in self.to)
        root["Date"] = formatdate(localtime=True)
        for name, value in self.extra_headers.items():
            root[name] = _header(name, value)
        return root


def _header(name: str, value: str) -> Any:
    value = " ".join(str(value).split())  # one line: no header injection
    return value if value.isascii() else Header(value, _UTF8, header_name=name)


def _address(address: str) -> str:
    if any(ch in address for ch in "\r\n"):
        raise ValueError(f"Invalid address {address!r}")
    name, addr = parseaddr(address)
    local, _at, domain = addr.rpartition("@")
    if not domain.isascii():
        addr = f"{local}@{domain.encode('idna').decode('ascii')}"  # as Django writes it
    if not addr.isascii():
        raise ValueError(f"A non-ASCII local part cannot be written: {address!r}")
    return formataddr((" ".join(name.split()), addr), charset=_UTF8)


def email_bodies_to_send(email: Email) -> tuple[str, str]:
    """The email's text and HTML as sent, with its secrets made for its
    recipient (a ValueError, which fails the email for good, when that cannot
    be done). For the sender only, and for tests."""
    text, html = email.body_text, email.body_html
    held = json.loads(email.secrets) if isinstance(email.secrets, str) else email.secrets or {}
    for placeholder, kind in held.items():
        if email.recipient_id is None or kind not in _SECRET_MAKERS:
            raise ValueError(f"The secret {kind!r} of this email cannot be made")
        value = _SECRET_MAKERS[kind](email.recipient_id)
        text, html = text.replace(placeholder, value), html.replace(placeholder, value)
    return text, html


def _message(email: Email) -> OutboxMessage:
    text, html = email_bodies_to_send(email)
    message = OutboxMessage(
        subject=email.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id, "Content-Language": email.language},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


# One email is claimed and marked in raw SQL: sending thousands of digests, the
# ORM's compiling of these two statements cost more than running them.
_CLAIMED = (
    "id",
    "to",
    "language",
    "subject",
    "body_text",
    "body_html",
    "message_id",
    "recipient_id",
    "secrets",
    "attempts",
    "status",
    "next_attempt_at",
)
_MARKED = ("attempts", "status", "sent_at", "last_error", "next_attempt_at")


def _claim(email_id: int, now: Any) -> Email | None:
    """The email, locked until the transaction ends, if it is pending, due and
    not being sent by someone else."""
    from django.db import connection

    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} = %s AND {} = %s AND {} <= %s".format(  # noqa: S608  # nosec B608  # quoted names only, values are parameters
        ", ".join(quote(column) for column in _CLAIMED),
        quote(Email._meta.db_table),
        quote("id"),
        quote("status"),
        quote("next_attempt_at"),
    )
    if connection.features.has_select_for_update_skip_locked:
        sql += " FOR UPDATE SKIP LOCKED"
    with connection.cursor() as cursor:
        cursor.execute(sql, [email_id, Email.Status.PENDING, now])
        row = cursor.fetchone()
    return None if row is None else Email(**dict(zip(_CLAIMED, row, strict=True)))


def _mark(email: Email) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608  # nosec B608  # quoted names only, values are parameters
        quote(Email._meta.db_table), ", ".join(f"{quote(column)} = %s" for column in _MARKED), quote("id")
    )
    values = [getattr(email, column) for column in _MARKED]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, email.pk])


def email_send(*, email_id: int, now: Any = None, connection: Any = None) -> str:
    """Send one pending, due email. Returns its status after the attempt
    (``"skipped"`` if it was not pending, not due, or being sent by someone else).
    ``connection``: an open mail connection to reuse (``email_send_many``)."""
    now = now or timezone.now()
    with transaction.atomic():
        email = _claim(email_id, now)
        if email is None:
            return "skipped"
        email.attempts += 1
        try:
            if connection is None:
                with mailers.default as own:
                    own.send_messages([_message(email)])
            else:
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
        _mark(email)
        return email.status


def email_send_many(*, email_ids: list[int]) -> dict[str, int]:
    """Send several emails over one connection, each in its own transaction (so
    a worker that dies half-way leaves only the unsent ones pending). A failed
    send closes the connection; the next email opens a fresh one."""
    counts: dict[str, int] = {}
    connection = None
    try:
        for email_id in email_ids:
            if connection is None:
                connection = mailers.default
                try:
                    connection.open()
                except (smtplib.SMTPException, OSError):
                    connection = None  # each email then reports the failure itself
            status = email_send(email_id=email_id, connection=connection)
            counts[status] = counts.get(status, 0) + 1
            if status not in (Email.Status.SENT, "skipped") and connection is not None:
                connection.close()
                connection = None
    finally:
        if connection is not None:
            connection.close()
    return counts


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
