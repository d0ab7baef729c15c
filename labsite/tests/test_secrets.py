"""Secrets out of reach (issue 12): a password-reset link is never stored
readable, yet still delivered after a failed attempt; reset requests are limited
per address and per client, and answer the same whether the address exists."""

import json
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from core.models import Email, SecurityEvent
from core.outbox import email_send
from people.models import User
from people.tests.factories import UserFactory

LINK = re.compile(r"/accounts/password/reset/[^/\s]+/([^/\s]+)/")


@pytest.fixture
def user(db) -> User:
    return UserFactory(email="camille@labsite.example", language="en")


def ask_reset(client: Client, email: str, ip: str = "192.0.2.10"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def sent_token(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def test_reset_link_is_never_stored_readable(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, user.email)
    email = Email.objects.get()
    stored = json.dumps(model_to_dict(email), default=str) + email.key + email.body_html

    email_send(email_id=email.pk)

    token = sent_token(mail.outbox[0])
    assert default_token_generator.check_token(user, token)
    assert token not in stored
    # What the outbox keeps would not reset anything.
    stored_token = LINK.search(email.body_text).group(1)
    assert not default_token_generator.check_token(user, stored_token)


class FailingOnce:
    """A mail connection whose first send fails, as a dead SMTP server would."""

    def __init__(self) -> None:
        self.sent: list = []

    def send_messages(self, messages: list) -> int:
        if not self.sent:
            self.sent.append(None)
            raise OSError("connection refused")
        self.sent += messages
        return len(messages)


def test_reset_link_is_still_live_when_a_failed_send_is_retried(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, user.email)
    email = Email.objects.get()
    connection = FailingOnce()

    assert email_send(email_id=email.pk, connection=connection) == Email.Status.PENDING
    email.refresh_from_db()
    assert email_send(email_id=email.pk, connection=connection, now=email.next_attempt_at) == Email.Status.SENT

    assert default_token_generator.check_token(user, sent_token(connection.sent[-1]))


def test_reset_email_of_an_account_deactivated_meanwhile_fails_instead_of_sending_a_link(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, user.email)
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert email_send(email_id=Email.objects.get().pk) == Email.Status.FAILED
    assert mail.outbox == []


def test_admin_outbox_pages_never_show_a_live_reset_token(
    client, personas, sign_in, django_capture_on_commit_callbacks
):
    clinician = personas["clinician"]
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, clinician.email)
    email = Email.objects.get()
    ops = sign_in("ops")

    pages = [
        ops.get(reverse("admin:core_email_changelist")),
        ops.get(reverse("admin:core_email_changelist"), {"q": "password-reset"}),
        ops.get(reverse("admin:core_email_change", args=[email.pk])),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    for page in pages:
        # Nothing on the page that looks like a reset token (Django's: base 36, a dash, hex) would work.
        candidates = re.findall(r"[0-9a-z]+-[0-9a-f]{20,}", page.content.decode())
        assert not [token for token in candidates if default_token_generator.check_token(clinician, token)]


# Rate limits ----------------------------------------------------------------------


def test_fourth_reset_request_for_an_address_within_the_hour_sends_nothing(client, user, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    answers = [
        ask_reset(client, address, ip=f"192.0.2.{n}")
        for n, address in enumerate([user.email, user.email, " CAMILLE@labsite.example ", user.email], start=1)
    ]

    assert [answer.status_code for answer in answers] == [302] * 4
    assert len({answer["Location"] for answer in answers}) == 1
    assert Email.objects.count() == 3
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RATE_LIMITED).count() == 1


def test_a_client_asking_for_many_addresses_is_limited_too(client, db, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 2
    people = UserFactory.create_batch(4)

    for person in people[:3]:
        ask_reset(client, person.email, ip="198.51.100.7")
    ask_reset(client, people[3].email, ip="198.51.100.8")

    # The third address asked from the first client was refused; from another client, sent.
    assert sorted(Email.objects.values_list("recipient", flat=True)) == [people[0].pk, people[1].pk, people[3].pk]


def test_limit_counts_unknown_addresses_as_known_ones(client, db, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    UserFactory(email="known@labsite.example")

    for address in ["known@labsite.example", "nobody@labsite.example"] * 2:
        ask_reset(client, address, ip=f"203.0.113.{len(address)}")

    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RATE_LIMITED).count() == 2


def page_without_nonce(client: Client, url: str) -> str:
    """The page, less what changes on every request (script nonce, masked CSRF token)."""
    return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', "", client.get(url).content.decode())


def test_reset_answers_the_same_whether_the_address_exists_or_not(client, user, monkeypatch):
    from core import outbox

    rendered: list[str] = []
    render = outbox.email_render
    monkeypatch.setattr(
        "people.services.accounts.email_render", lambda **kw: rendered.append(kw["template"]) or render(**kw)
    )
    monkeypatch.setattr(outbox, "email_render", lambda **kw: rendered.append(kw["template"]) or render(**kw))

    known = ask_reset(client, user.email)
    unknown = ask_reset(client, "nobody@labsite.example")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert page_without_nonce(client, known["Location"]) == page_without_nonce(client, unknown["Location"])
    # The same work for both: one email rendered each (written only for the known one).
    assert rendered == ["password_reset", "password_reset"]
    assert Email.objects.count() == 1


def test_reset_still_works_when_redis_is_down(client, user, settings, django_capture_on_commit_callbacks):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    ask_reset(client, user.email)

    assert Email.objects.filter(recipient=user).count() == 1


def test_reset_links_stored_before_are_redacted_by_the_migration(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("core.migrations.0003_email_secrets_never_stored")
    token = "cz7v1k-0123456789abcdef0123456789abcdef"
    body = f"Open http://testserver/accounts/password/reset/MQ/{token}/ now"
    pending = Email.objects.create(
        key=f"password-reset:1:{token}",
        to="a@labsite.example",
        language="en",
        subject="s",
        body_text=body,
        body_html=body,
        message_id="<1@labsite>",
    )
    other = Email.objects.create(
        key="digest:daily:2026-12-04:1",
        to="a@labsite.example",
        language="en",
        subject="s",
        body_text="digest",
        message_id="<2@labsite>",
    )

    migration.redact_stored_reset_links(apps, None)

    pending.refresh_from_db()
    assert token not in pending.key + pending.body_text + pending.body_html
    assert pending.status == Email.Status.FAILED
    other.refresh_from_db()
    assert (other.key, other.body_text) == ("digest:daily:2026-12-04:1", "digest")
