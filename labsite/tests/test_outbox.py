"""The email outbox, sending over real SMTP to a local aiosmtpd server."""

from datetime import timedelta

import psycopg
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from core.models import Email
from core.outbox import SWEEP_GRACE, email_queue, email_send, emails_due
from core.tasks import sweep_outbox
from core.tests.smtp import free_port
from people.models import User
from people.tests.factories import UserFactory

SEND_EMAIL = "labsite.send_email"


def queue_reset(user: User, *, key: str = "password-reset:test") -> Email | None:
    return email_queue(
        key=key,
        to=user.email,
        recipient=user,
        language=user.language,
        template="password_reset",
        context={"user": user, "uid": "MQ", "token": "set-password"},
    )


def make_email(**fields) -> Email:
    key = fields.pop("key", f"test:{Email.objects.count()}")
    defaults = {
        "to": "someone@labsite.example",
        "language": "en",
        "subject": "A subject",
        "body_text": "A body",
        "message_id": Email.message_id_for(key),
    }
    return Email.objects.create(key=key, **(defaults | fields))


@pytest.fixture
def user(db) -> User:
    return UserFactory(language="en")


# Queueing ---------------------------------------------------------------------


def test_email_is_written_in_the_callers_transaction_and_published_after_commit(
    user, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            email = queue_reset(user)
            assert Email.objects.filter(pk=email.pk, status=Email.Status.PENDING).exists()
        assert published == []

    assert published == [(SEND_EMAIL, (email.pk,))]


def test_rolled_back_change_leaves_no_email_and_publishes_nothing(user, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue_reset(user)
        raise RuntimeError("the change failed")

    assert not Email.objects.exists()
    assert published == []


def test_same_key_is_queued_only_once(user, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_reset(user, key="digest:42:2026-W48")
        second = queue_reset(user, key="digest:42:2026-W48")

    assert first is not None
    assert second is None
    assert Email.objects.filter(key="digest:42:2026-W48").count() == 1
    assert published == [(SEND_EMAIL, (first.pk,))]


def test_password_reset_request_queues_one_email_through_the_outbox(
    client, user, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": user.email})

    assert response.status_code == 302
    email = Email.objects.get()
    assert (email.to, email.recipient, email.language) == (user.email, user, "en")
    assert email.key.startswith(f"password-reset:{user.pk}:")
    assert published == [(SEND_EMAIL, (email.pk,))]


def test_overlong_subject_is_shortened_rather_than_failing_the_change(user, settings, tmp_path):
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "long_subject.txt").write_text("{{ title }}")
    (tmp_path / "emails" / "long.txt").write_text("text")
    (tmp_path / "emails" / "long.html").write_text("<p>html</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    email = email_queue(key="long", to=user.email, template="long", context={"title": "x" * 400}, language="en")

    assert len(email.subject) == 255
    assert email.subject.endswith("…")


# Sending ------------------------------------------------------------------------


def test_smtp_server_replaces_the_locmem_backend_of_the_test_environment(smtp):
    connection = mailers.default

    assert isinstance(connection, SMTPBackend)
    assert (connection.host, connection.port) == ("127.0.0.1", smtp.port)


def test_email_is_delivered_exactly_once(user, smtp):
    email = queue_reset(user)

    assert email_send(email_id=email.pk) == "sent"
    assert email_send(email_id=email.pk) == "skipped"

    assert len(smtp.deliveries) == 1
    assert smtp.deliveries[0].rcpt_tos == [user.email]
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_delivered_email_has_text_and_html_parts_a_fixed_message_id_and_the_recipients_language(
    db, client, smtp, settings, language, published, django_capture_on_commit_callbacks
):
    recipient = UserFactory(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": recipient.email})
    email = Email.objects.get()

    email_send(email_id=email.pk)

    message = smtp.deliveries[0].message
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # The token is made when the email is sent (never stored): a live one, the same in both parts.
    uid = urlsafe_base64_encode(force_bytes(recipient.pk))
    prefix = settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": "T"})[:-2]
    token = text.split(prefix, 1)[1].split("/", 1)[0]
    assert default_token_generator.check_token(recipient, token)
    assert f"{prefix}{token}/" in html
    assert message["Message-ID"] == Email.message_id_for(email.key) == email.message_id
    assert message["Content-Language"] == language
    assert message["To"] == recipient.email
    with translation.override(language):
        assert message["Subject"] == gettext("Reset your labsite password")
        assert f'lang="{language}"' in html


def test_message_id_is_the_same_when_the_email_is_sent_again(user, smtp):
    """A resend after a crash carries the same Message-ID, so mail clients see one email."""
    email = queue_reset(user)
    email_send(email_id=email.pk)
    Email.objects.filter(pk=email.pk).update(status=Email.Status.PENDING)

    email_send(email_id=email.pk)

    assert [d.message["Message-ID"] for d in smtp.deliveries] == [email.message_id] * 2


def test_temporary_refusal_is_retried_and_delivered_once(user, smtp, settings):
    smtp.answer("451 4.3.0 Mailbox busy, try later")
    email = queue_reset(user)
    now = timezone.now()

    assert email_send(email_id=email.pk, now=now) == "pending"
    email.refresh_from_db()
    assert email.attempts == 1
    assert "451" in email.last_error
    assert email.next_attempt_at == now + timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS)
    assert smtp.deliveries == []

    assert email_send(email_id=email.pk, now=email.next_attempt_at) == "sent"
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(smtp.deliveries) == 1


def test_retries_wait_exponentially_longer(user, smtp, settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    smtp.answer(*["451 4.7.1 Greylisted"] * 3)
    email = queue_reset(user)
    now = timezone.now()
    waits = []

    for _ in range(3):
        assert email_send(email_id=email.pk, now=now) == "pending"
        email.refresh_from_db()
        waits.append((email.next_attempt_at - now).total_seconds())
        assert email_send(email_id=email.pk, now=email.next_attempt_at - timedelta(seconds=1)) == "skipped"
        now = email.next_attempt_at

    assert waits == [60, 120, 240]
    assert email_send(email_id=email.pk, now=now) == "sent"
    assert len(smtp.deliveries) == 1


def test_permanent_refusal_fails_the_email_without_retrying(user, smtp):
    smtp.answer(always="550 5.1.1 No such user")
    email = queue_reset(user)

    assert email_send(email_id=email.pk) == "failed"

    email.refresh_from_db()
    assert email.status == Email.Status.FAILED
    assert email.attempts == 1
    assert "550" in email.last_error
    later = timezone.now() + timedelta(days=1)
    assert email_send(email_id=email.pk, now=later) == "skipped"
    assert email.pk not in emails_due(now=later)
    assert smtp.handler.refusals == 1
    assert smtp.deliveries == []


def test_dropped_connection_is_retried(user, smtp):
    smtp.answer("drop")
    email = queue_reset(user)

    assert email_send(email_id=email.pk) == "pending"
    email.refresh_from_db()
    assert "SMTPServerDisconnected" in email.last_error

    assert email_send(email_id=email.pk, now=email.next_attempt_at) == "sent"
    assert len(smtp.deliveries) == 1


def test_unreachable_smtp_server_is_retried(user, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }
    email = queue_reset(user)

    assert email_send(email_id=email.pk) == "pending"
    email.refresh_from_db()
    assert "ConnectionRefusedError" in email.last_error


def test_email_fails_after_the_last_attempt(user, smtp, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp.answer(always="421 4.4.2 Connection timed out")
    email = queue_reset(user)
    now = timezone.now()
    outcomes = []

    for _ in range(3):
        outcomes.append(email_send(email_id=email.pk, now=now))
        email.refresh_from_db()
        now = email.next_attempt_at

    assert outcomes == ["pending", "pending", "failed"]
    assert email.attempts == 3
    assert email_send(email_id=email.pk, now=now + timedelta(days=1)) == "skipped"
    assert smtp.handler.refusals == 3


def test_address_no_server_would_take_fails_at_once(user, smtp):
    email = make_email(to="two@at@labsite.example")

    assert email_send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert "Invalid address" in email.last_error


def test_email_being_sent_by_another_worker_is_skipped(transactional_db, smtp):
    email = make_email()
    database = connection.settings_dict

    with psycopg.connect(dbname=database["NAME"], user=database["USER"], host=database["HOST"]) as other_worker:
        other_worker.execute("SELECT 1 FROM core_email WHERE id = %s FOR UPDATE", [email.pk])
        assert email_send(email_id=email.pk) == "skipped"

    assert email_send(email_id=email.pk) == "sent"
    assert len(smtp.deliveries) == 1


def test_email_that_is_not_due_yet_is_not_sent(user, smtp):
    email = make_email(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert email_send(email_id=email.pk) == "skipped"
    assert smtp.deliveries == []


# The sweeper --------------------------------------------------------------------


def test_sweeper_takes_new_emails_past_the_grace_and_retries_whose_time_has_come(db, published):
    now = timezone.now()
    make_email(next_attempt_at=now)  # the fast path still has it
    missed = make_email(next_attempt_at=now - SWEEP_GRACE - timedelta(seconds=5))
    retry_due = make_email(attempts=1, next_attempt_at=now - timedelta(seconds=5))
    make_email(attempts=1, next_attempt_at=now + timedelta(minutes=1))
    make_email(status=Email.Status.SENT, next_attempt_at=now - timedelta(hours=1))
    make_email(status=Email.Status.FAILED, next_attempt_at=now - timedelta(hours=1))

    assert emails_due(now=now) == [missed.pk, retry_due.pk]
    assert sweep_outbox() == 2
    assert published == [(SEND_EMAIL, (missed.pk,)), (SEND_EMAIL, (retry_due.pk,))]


def test_sweeper_hands_over_a_limited_batch_oldest_first(db):
    now = timezone.now()
    emails = [make_email(next_attempt_at=now - timedelta(minutes=10 - i)) for i in range(3)]

    assert emails_due(now=now, limit=2) == [emails[0].pk, emails[1].pk]


# Operations -----------------------------------------------------------------------


def test_operations_see_failed_emails_in_the_admin(client, personas):
    failed = make_email(status=Email.Status.FAILED, attempts=1, last_error="SMTPDataError: (550, b'No such user')")
    make_email(status=Email.Status.SENT, subject="Delivered fine")
    client.force_login(personas["ops"])

    response = client.get(reverse("admin:core_email_changelist"), {"status__exact": "failed"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [failed]
    assert "No such user" in response.content.decode()


def test_people_outside_operations_cannot_open_the_outbox(client, personas):
    client.force_login(personas["researcher"])

    response = client.get(reverse("admin:core_email_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_retry_action_sends_a_failed_email_again(client, personas, smtp, published, django_capture_on_commit_callbacks):
    failed = queue_reset(personas["teamlead2"])
    Email.objects.filter(pk=failed.pk).update(status=Email.Status.FAILED, attempts=8, last_error="550")
    client.force_login(personas["ops"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:core_email_changelist"),
            {"action": "retry", "_selected_action": [failed.pk], "index": 0},
        )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Email.Status.PENDING, 0)
    assert published == [(SEND_EMAIL, (failed.pk,))]
    assert email_send(email_id=failed.pk) == "sent"
    assert len(smtp.deliveries) == 1
