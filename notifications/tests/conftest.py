"""Fixtures of the notification tests: the real SMTP server, Redis and Celery
worker of the outbox tests."""

from core.tests.conftest import (  # noqa: F401  (fixtures)
    celery_broker,
    published,
    redis_server,
    smtp,
    smtp_server,
    start_worker,
)
