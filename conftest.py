"""Fixtures shared by every app's tests: the demo personas of SPEC §6,
``sign_in``, the clock of ``LABSITE_TEST_NOW`` (core/tests/clock.py), and the
real SMTP server, Redis and Celery worker of core/tests/fixtures.py."""

import time
from collections.abc import Callable

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from core.ratelimit import ratelimit_clear
from core.tests.clock import moved_to
from people.demo import PERSONAS as DEMO_PERSONAS
from people.demo import seed
from people.models import User

pytest_plugins = ["core.tests.fixtures", "core.tests.browser"]

PERSONAS = [persona.username for persona in DEMO_PERSONAS]


def pytest_configure(config: pytest.Config) -> None:
    """The session starts at ``LABSITE_TEST_NOW`` when it is set (in each xdist
    worker too), before any fixture; at the real time otherwise."""
    instant = moved_to()
    if instant is not None:
        traveller = time_machine.travel(instant, tick=True)
        traveller.start()
        time.time()  # time-machine's clock ticks from its first reading: start it now
        config.add_cleanup(traveller.stop)
    _flush_past_append_only_triggers()


def _flush_past_append_only_triggers() -> None:
    """A transactional test ends with a flush (TRUNCATE of every table), which
    the append-only triggers of the logs refuse (core.0005_append_only_logs). The
    test database's role is a superuser: the flush sets its transaction's
    ``session_replication_role`` to ``replica``, under which no trigger fires. A
    site's role cannot do this."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    sql_flush = DatabaseOperations.sql_flush

    def flush(self: DatabaseOperations, style: object, tables: list[str], **kwargs: object) -> list[str]:
        statements = sql_flush(self, style, tables, **kwargs)
        return ["SET LOCAL session_replication_role = replica", *statements] if statements else statements

    DatabaseOperations.sql_flush = flush  # type: ignore[method-assign]


def pytest_report_header() -> str | None:
    instant = moved_to()
    return f"labsite: the clock starts at {instant.isoformat()} (LABSITE_TEST_NOW)" if instant else None


@pytest.fixture
def personas(db) -> dict[str, User]:
    """The demo accounts, with their units and roles, by username."""
    seed()
    return {user.username: user for user in User.objects.filter(username__in=PERSONAS)}


@pytest.fixture
def sign_in(client: Client, personas: dict[str, User]) -> Callable[[str], Client]:
    """``sign_in("clinician")``: the test client, signed in as that persona."""

    def sign_in_as(username: str) -> Client:
        client.force_login(personas[username])
        return client

    return sign_in_as


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    ratelimit_clear()
    yield
