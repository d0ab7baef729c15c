"""Celery: its configuration, and real worker processes sending the outbox."""

import inspect
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from core.models import Email
from core.outbox import SWEEP_GRACE, email_queue
from core.tasks import send_email, sweep_outbox
from core.tests.fixtures import _publish_to
from core.tests.smtp import WORKER_WAIT, wait_until
from labsite.celery import app
from labsite.settings import base
from people.tests.factories import UserFactory


def test_celery_is_configured_as_required():
    conf = app.conf

    assert app.main == "labsite"
    assert base.CELERY_BROKER_URL == base.REDIS_URL
    assert conf.broker_url.startswith("redis://")
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert conf.result_serializer == "json"
    assert conf.accept_content == ["json"]
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] >= 10 * conf.task_time_limit
    assert conf.timezone == "Europe/Paris"
    assert conf.beat_schedule["sweep-outbox"] == {"task": "labsite.sweep_outbox", "schedule": 60.0}


def test_web_requests_publish_with_a_bounded_wait_and_no_retry():
    options = app.conf.broker_transport_options

    assert app.conf.task_publish_retry is False
    assert options["socket_connect_timeout"] <= 2
    assert options["socket_timeout"] <= 5
    assert options["max_retries"] == 0


def test_tasks_have_stable_names_and_take_ids():
    assert (send_email.name, sweep_outbox.name) == ("labsite.send_email", "labsite.sweep_outbox")
    assert {"labsite.send_email", "labsite.sweep_outbox"} <= set(app.tasks)
    assert list(inspect.signature(send_email.run).parameters) == ["email_id"]
    assert list(inspect.signature(sweep_outbox.run).parameters) == []


def wait_for_delivery(smtp, *emails: Email) -> None:
    """Wait until every email is sent, then check each went out once."""
    pks = [email.pk for email in emails]
    wait_until(
        lambda: Email.objects.filter(pk__in=pks, status=Email.Status.SENT).count() == len(pks),
        timeout=WORKER_WAIT,
    )
    assert sorted(d.rcpt_tos[0] for d in smtp.deliveries) == sorted(email.to for email in emails)
    assert sorted(d.message["Message-ID"] for d in smtp.deliveries) == sorted(e.message_id for e in emails)


@pytest.mark.worker
def test_committed_email_reaches_a_worker_and_is_delivered_once(start_worker, celery_broker, smtp):
    start_worker()
    user = UserFactory(language="en")

    with transaction.atomic():
        email = email_queue(
            key="password-reset:worker",
            to=user.email,
            recipient=user,
            language="en",
            template="password_reset",
            context={"user": user, "uid": "MQ", "token": "set-password"},
        )

    wait_for_delivery(smtp, email)
    email.refresh_from_db()
    assert email.attempts == 1
    assert celery_broker.queue_length() == 0


@pytest.mark.worker
def test_web_keeps_working_while_redis_is_down_and_emails_go_out_once_it_is_back(
    client, start_worker, celery_broker, smtp
):
    before, during = UserFactory(language="fr"), UserFactory(language="en")
    # Published while Redis is up, but no worker takes it before Redis restarts
    # without persistence: the task is lost, the row is not.
    client.post(reverse("password_reset"), {"email": before.email})
    assert celery_broker.queue_length() == 1
    celery_broker.stop()

    started = time.monotonic()
    response = client.post(reverse("password_reset"), {"email": during.email})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert elapsed < 2
    emails = list(Email.objects.order_by("pk"))
    assert [(e.to, e.status) for e in emails] == [(before.email, "pending"), (during.email, "pending")]

    celery_broker.start()
    start_worker()
    # A minute later, as far as the sweeper is concerned; beat would then send
    # it from any process, here from this one, whose connection must recover.
    Email.objects.update(next_attempt_at=F("next_attempt_at") - SWEEP_GRACE - timedelta(seconds=1))
    sweep_outbox.apply_async()

    wait_for_delivery(smtp, *emails)


@pytest.mark.worker
def test_worker_that_dies_while_sending_leaves_the_email_to_the_sweeper(start_worker, celery_broker, smtp):
    smtp.answer("hang")
    first = start_worker()
    user = UserFactory(language="en")
    with transaction.atomic():
        email = email_queue(
            key="password-reset:killed",
            to=user.email,
            recipient=user,
            language="en",
            template="password_reset",
            context={"user": user, "uid": "MQ", "token": "set-password"},
        )
    assert smtp.handler.hanging.wait(WORKER_WAIT)

    first.kill()

    # The attempt died with its transaction: the email is pending as before.
    email = wait_until(lambda: Email.objects.filter(pk=email.pk, status="pending", attempts=0).first(), timeout=5)
    start_worker()
    Email.objects.update(next_attempt_at=F("next_attempt_at") - SWEEP_GRACE - timedelta(seconds=1))
    sweep_outbox.apply_async()
    wait_for_delivery(smtp, email)


@pytest.mark.django_db(transaction=True)
def test_request_is_held_no_longer_than_the_publish_timeout_when_redis_does_not_answer(client, silent_broker):
    user = UserFactory()

    started = time.monotonic()
    response = client.post(reverse("password_reset"), {"email": user.email})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < app.conf.broker_transport_options["socket_timeout"] + 2
    assert Email.objects.get().status == Email.Status.PENDING


def test_after_publishing_elsewhere_the_app_publishes_to_its_broker_again(redis_server):
    # A test that points the app at a broker of its own, then back, leaves no closed
    # pool behind for the next publish (kombu keeps one pool per broker URL).
    with app.producer_or_acquire():  # the pool of the site's broker is in use
        pass
    previous = _publish_to(redis_server.url)
    with app.producer_or_acquire() as producer:
        producer.publish({"ping": 1}, routing_key="labsite-test")
    _publish_to(previous)

    with app.producer_or_acquire() as producer:  # "Acquire on closed pool" before
        assert producer.connection.as_uri().startswith("redis://")
