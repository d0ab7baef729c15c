"""Helpers of the health and metrics tests (a helper module, not a test module):
signs of life in Redis, and emails of a given age in the outbox."""

from datetime import timedelta

from django.utils import timezone

from core import broker
from core.models import Email


def redis_now() -> int:
    return int(broker.client().time()[0])


def heartbeat(node: str, age: int) -> None:
    broker.client().hset(broker.WORKERS_KEY, node, redis_now() - age)


def beat_tick(age: int) -> None:
    broker.client().set(broker.BEAT_KEY, redis_now() - age)


def queue(key: str, *, age: timedelta, status: str = Email.Status.PENDING) -> Email:
    return Email.objects.create(
        key=key,
        to=f"{key}@example.org",
        language="en",
        subject="Subject",
        body_text="Text",
        message_id=Email.message_id_for(key),
        status=status,
        created_at=timezone.now() - age,
    )
