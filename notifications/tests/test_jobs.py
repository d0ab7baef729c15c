"""The digest job end to end, with a real Redis, real Celery worker processes
and a real SMTP server: every due email is delivered exactly once, whatever
dies or runs twice on the way."""

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db.models import F
from django.utils import timezone

from core.models import Email
from core.outbox import SWEEP_GRACE
from core.tasks import sweep_outbox
from core.tests.smtp import SMTPServer, wait_until
from notifications import jobs
from notifications.models import Chunk, Job, Run
from notifications.tasks import send_digests
from people.models import User
from people.tests.factories import UserFactory
from projects import services as project_services

DELIVERY_TIMEOUT = 30
RECIPIENTS = 12


@pytest.fixture(autouse=True)
def _on_a_wednesday() -> Iterator[None]:
    """A Wednesday morning (the workers started by a test share its clock): the
    run for tomorrow is the daily digest alone, whatever the day the suite runs
    (on a Sunday, tomorrow's run would also be the weekly digest)."""
    with time_machine.travel(datetime(2026, 12, 9, 10, tzinfo=timezone.get_default_timezone()), tick=True):
        yield


@pytest.fixture
def subscribers(transactional_db: None, settings, monkeypatch: pytest.MonkeyPatch) -> list[User]:
    """Daily subscribers, each with news to read: a project created today by
    someone else. Chunks of three, here and in the workers started after."""
    settings.NOTIFICATIONS_CHUNK_SIZE = 3
    monkeypatch.setenv("NOTIFICATIONS_CHUNK_SIZE", "3")
    people = [UserFactory(digest="daily", language="fr" if n % 2 else "en") for n in range(RECIPIENTS)]
    author = UserFactory(digest="off")
    project_services.project_create(by=author, acronym="SEPSIS", title="Early warning of septic shock")
    return people


def tomorrow() -> str:
    """A run for tomorrow reports today's changes."""
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def digests() -> list[Email]:
    return list(Email.objects.filter(key__startswith="digest:"))


def delivered_once(smtp: SMTPServer, people: list[User]) -> None:
    """Wait until every digest is sent, then check each person got exactly one."""
    wait_until(
        lambda: Email.objects.filter(key__startswith="digest:", status=Email.Status.SENT).count() == len(people),
        timeout=DELIVERY_TIMEOUT,
    )
    received = Counter(delivery.rcpt_tos[0] for delivery in smtp.deliveries)
    assert received == Counter(person.email for person in people)
    message_ids = [delivery.message["Message-ID"] for delivery in smtp.deliveries]
    assert len(set(message_ids)) == len(message_ids)


def age_everything() -> None:
    """As if the sweepers' grace periods had passed."""
    Email.objects.update(next_attempt_at=F("next_attempt_at") - SWEEP_GRACE - timedelta(seconds=1))
    Chunk.objects.update(published_at=F("published_at") - jobs.chunk_grace() - timedelta(seconds=1))


@pytest.mark.worker
def test_scheduled_digests_reach_every_subscriber_once_and_a_rerun_sends_nothing(
    start_worker, celery_broker, smtp, subscribers
):
    start_worker()

    send_digests.apply_async(args=[tomorrow()])

    delivered_once(smtp, subscribers)
    run = Run.objects.get(job=Job.DAILY_DIGEST)
    assert run.chunk_count == 4 and run.user_count == RECIPIENTS
    wait_until(lambda: Run.objects.filter(pk=run.pk, finished_at__isnull=False).exists(), timeout=5)
    languages = {d.rcpt_tos[0]: d.message["Content-Language"] for d in smtp.deliveries}
    assert languages == {person.email: person.language for person in subscribers}

    # The same day again, from beat and from the command: nothing new.
    send_digests.apply_async(args=[tomorrow()])
    assert jobs.run_inline(jobs=[Job.DAILY_DIGEST], today=timezone.localdate() + timedelta(days=1))[0][1] == 0
    wait_until(lambda: celery_broker.queue_length() == 0, timeout=DELIVERY_TIMEOUT)
    assert len(digests()) == RECIPIENTS
    assert len(smtp.deliveries) == RECIPIENTS


@pytest.mark.worker
def test_worker_killed_in_the_middle_of_a_run_then_restarted_sends_every_digest_exactly_once(
    start_worker, celery_broker, smtp, subscribers
):
    # The fifth message keeps the worker waiting on the SMTP server: we kill it then.
    smtp.answer(*([None] * 4), "hang")
    first = start_worker()

    send_digests.apply_async(args=[tomorrow()])
    assert smtp.handler.hanging.wait(DELIVERY_TIMEOUT)
    first.kill()

    assert len(smtp.deliveries) == 4
    # The message in flight was never accepted: its email is pending, as are
    # the chunks the dead worker had taken or not reached.
    assert Email.objects.filter(status=Email.Status.SENT).count() == 4
    start_worker()
    age_everything()
    jobs.resume_chunks()
    sweep_outbox.apply_async()

    delivered_once(smtp, subscribers)
    assert Chunk.objects.filter(status=Chunk.Status.PENDING).count() == 0


@pytest.mark.worker
def test_redis_restarting_without_its_queue_loses_no_digest(start_worker, celery_broker, smtp, subscribers):
    send_digests.apply(args=[tomorrow()])  # beat's task, run here: the chunks go to Redis
    assert Chunk.objects.count() == 4
    assert celery_broker.queue_length() == 4
    # No worker has run yet; Redis restarts without persistence: the queue is gone.
    celery_broker.stop()
    celery_broker.start()
    assert celery_broker.queue_length() == 0

    start_worker()
    age_everything()
    assert jobs.resume_chunks() == 4

    delivered_once(smtp, subscribers)


@pytest.mark.worker
def test_two_beats_starting_the_same_run_at_once_send_each_digest_once(start_worker, celery_broker, smtp, subscribers):
    start_worker()
    start_worker()
    barrier = threading.Barrier(2)

    def beat() -> None:
        barrier.wait()
        send_digests.apply(args=[tomorrow()])  # in this process, as two beat-fired tasks would

    threads = [threading.Thread(target=beat) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    delivered_once(smtp, subscribers)
    assert Run.objects.count() == 1
    assert Chunk.objects.count() == 4


@pytest.mark.worker
def test_a_recipient_refused_by_the_smtp_server_does_not_stop_the_others(
    start_worker, celery_broker, smtp, subscribers
):
    smtp.answer(None, "550 5.1.1 No such mailbox")
    start_worker()

    send_digests.apply_async(args=[tomorrow()])

    wait_until(
        lambda: Email.objects.filter(key__startswith="digest:", status__in=["sent", "failed"]).count() == RECIPIENTS,
        timeout=DELIVERY_TIMEOUT,
    )
    failed = Email.objects.get(status=Email.Status.FAILED)
    assert failed.last_error.startswith("SMTP")
    assert "550" in failed.last_error
    assert len(smtp.deliveries) == RECIPIENTS - 1
    assert failed.to not in {delivery.rcpt_tos[0] for delivery in smtp.deliveries}
