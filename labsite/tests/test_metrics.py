"""/metrics: who may read it, and figures that match the database and Redis."""

from datetime import timedelta

import pytest
from celery import shared_task
from celery.signals import task_failure, task_success
from django.urls import reverse

from core import broker
from core.models import Email
from core.tasks import purge_sessions, send_email
from core.testing import scrape, value
from core.tests.health import queue
from core.tests.smtp import WORKER_WAIT, wait_until

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.7"


@shared_task(name="labsite.tests.always_fails", ignore_result=True)
def always_fails() -> None:
    raise RuntimeError("as planned")


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": OUTSIDE},
        {"REMOTE_ADDR": "10.1.2.3"},
        # nginx on the same machine connects from loopback, and says for whom.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": OUTSIDE},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": OUTSIDE},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": f"for={OUTSIDE}"},
        {"REMOTE_ADDR": "not an address"},
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_it_answers_404_to_anyone_not_on_this_machine(client, extra, method):
    assert client.generic(method, reverse("metrics"), **extra).status_code == 404


def test_it_answers_404_to_operations_signed_in_from_outside(client, personas):
    client.force_login(personas["ops"])
    assert client.get(reverse("metrics"), REMOTE_ADDR=OUTSIDE).status_code == 404


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.10", "::1"])
def test_it_answers_a_direct_connection_from_this_machine(client, address):
    assert client.get(reverse("metrics"), REMOTE_ADDR=address).status_code == 200
    assert client.post(reverse("metrics"), REMOTE_ADDR=address).status_code == 405


def test_it_answers_the_bearer_of_the_token_from_anywhere(client, settings):
    token = "a-long-scrape-token"
    settings.METRICS_TOKEN = token

    assert scrape(client, REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert scrape(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE, HTTP_AUTHORIZATION=f"bearer {token}")
    for wrong in [f"Bearer {token[:-1]}", "Bearer ", f"Token {token}", "Bearer é-ü", token]:
        response = client.get(reverse("metrics"), REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=wrong)
        assert response.status_code == 404, wrong


def test_no_token_opens_it_when_none_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    response = client.get(reverse("metrics"), REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404


def test_requests_are_timed_and_their_queries_counted_by_view(client, personas):
    before = scrape(client)
    client.get(reverse("healthz"))
    client.force_login(personas["director"])
    client.get(reverse("people:person-list"))
    client.get("/no/such/page/")
    after = scrape(client)

    def grew(name: str, **labels: str) -> float:
        return (value(after, name, **labels) or 0) - (value(before, name, **labels) or 0)

    def answered(view: str, status: str) -> float:
        return grew("labsite_http_request_duration_seconds_count", view=view, method="GET", status=status)

    assert answered("healthz", "2xx") == 1
    assert answered("people:person-list", "2xx") == 1
    assert answered("unresolved", "4xx") == 1
    assert grew("labsite_http_request_queries_count", view="healthz") == 1
    assert grew("labsite_http_request_queries_sum", view="healthz") == 0
    assert grew("labsite_http_request_queries_sum", view="people:person-list") > 0


def test_an_unusual_method_is_counted_as_other(client):
    before = scrape(client)
    client.generic("BREW", reverse("healthz"))
    after = scrape(client)
    name = "labsite_http_request_duration_seconds_count"
    labels = {"view": "healthz", "method": "other", "status": "4xx"}
    assert (value(after, name, **labels) or 0) - (value(before, name, **labels) or 0) == 1


def test_outbox_figures_match_the_database(client):
    for index in range(3):
        queue(f"pending-{index}", age=timedelta(minutes=index * 5))
    for index in range(2):
        queue(f"sent-{index}", age=timedelta(days=1), status=Email.Status.SENT)
    queue("failed", age=timedelta(days=2), status=Email.Status.FAILED)

    samples = scrape(client)

    assert value(samples, "labsite_outbox_emails", status="pending") == 3
    assert value(samples, "labsite_outbox_emails", status="sent") == 2
    assert value(samples, "labsite_outbox_emails", status="failed") == 1
    assert 600 <= value(samples, "labsite_outbox_oldest_pending_age_seconds") < 660


def test_an_empty_outbox_reads_zero(client):
    samples = scrape(client)
    assert value(samples, "labsite_outbox_emails", status="pending") == 0
    assert value(samples, "labsite_outbox_oldest_pending_age_seconds") == 0


def test_task_outcomes_are_counted_by_task_name(client, broker_redis):
    # As a worker reports them: Celery sends these signals after running a task.
    task_success.send(sender=purge_sessions, result=0)
    task_success.send(sender=purge_sessions, result=0)
    task_failure.send(sender=always_fails, task_id="t1", exception=RuntimeError("as planned"))

    samples = scrape(client)

    assert value(samples, "labsite_celery_tasks_total", task="labsite.purge_sessions", state="success") == 2
    assert value(samples, "labsite_celery_tasks_total", task="labsite.tests.always_fails", state="failure") == 1
    assert value(samples, "labsite_celery_tasks_total", task="labsite.purge_sessions", state="failure") is None


def test_a_task_run_in_the_calling_process_is_not_counted_and_touches_no_redis(client, broker_redis, monkeypatch):
    """``make run`` without Redis runs tasks eagerly: no worker ran them, and the
    request must not wait on Redis for a figure."""
    monkeypatch.setattr(broker, "client", lambda: pytest.fail("Redis was asked"))
    purge_sessions.apply()
    always_fails.apply()
    monkeypatch.undo()
    samples = scrape(client)
    assert value(samples, "labsite_celery_tasks_total", task="labsite.purge_sessions", state="success") is None
    assert value(samples, "labsite_celery_tasks_total", task="labsite.tests.always_fails", state="failure") is None


def test_it_still_answers_the_database_figures_while_redis_is_down(client, broker_redis):
    broker_redis.stop()

    samples = scrape(client)

    assert value(samples, "labsite_outbox_emails", status="pending") == 0
    assert not any(name.startswith("labsite_celery") for name, _labels in samples)


def test_with_several_processes_it_reads_the_multiprocess_directory(client, monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    samples = scrape(client)

    assert value(samples, "labsite_outbox_emails", status="pending") == 0
    # The answering process's own figures mean nothing among several processes.
    assert not any(name.startswith("process_") for name, _labels in samples)


@pytest.mark.worker
def test_tasks_run_by_a_worker_are_counted_for_the_whole_site(client, start_worker, broker_redis):
    start_worker()
    send_email.delay(0)  # no such email: the task succeeds at doing nothing

    def counted() -> float | None:
        return value(scrape(client), "labsite_celery_tasks_total", task="labsite.send_email", state="success")

    assert wait_until(counted, timeout=WORKER_WAIT) == 1
    assert value(scrape(client), "labsite_celery_workers") == 1
    assert broker.client().hget(broker.TASK_KEYS["success"], "labsite.send_email") == b"1"
