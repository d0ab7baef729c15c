"""Fixtures for the tests of every app (a pytest plugin the root conftest.py
loads, not a test module): a real SMTP server, a Redis server of the test's
own, a Celery worker process, a recorder of what would have been published, and
OpenID Providers (oidc-provider under Node, one per institution) with Chromium
to sign in through them."""

import os
import socket
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import current_app
from django.db import connection
from kombu import pools

from core.tests.browser import CHROMIUM, CHROMIUM_ARGS
from core.tests.health import beat_tick, heartbeat
from core.tests.oidc import ACCOUNTS, OIDCProvider, ProviderUnavailable
from core.tests.smtp import RedisServer, SMTPServer, Worker


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server: SMTPServer, settings: Any) -> SMTPServer:
    """The SMTP server, with the site sending to it.

    The test environment replaced ``MAILERS`` with locmem at session start;
    the ``settings`` fixture overrides it afterwards, so this wins.
    """
    settings.MAILERS = {"default": smtp_server.mailer()}
    return smtp_server


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """What would have been handed to Celery: ``(task name, args)``, in order."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def record(task: Any, *args: Any) -> bool:
        calls.append((task.name, args))
        return True

    monkeypatch.setattr("core.publish.publish", record)
    monkeypatch.setattr("core.tasks.publish", record)
    return calls


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def _publish_to(url: str) -> str:
    """Make this process publish to ``url`` (the app's connection pools are
    remade, so that nothing still points at the previous broker); return the
    previous URL.

    kombu keeps one pool per broker URL for the whole process: closing the
    app's pool alone would leave that closed pool registered, handed back to the
    next publish to the same URL ("Acquire on closed pool"). ``pools.reset``
    closes them and empties the registry."""
    app = current_app._get_current_object()  # the site's app (labsite/celery.py), not a proxy of it
    previous = app.conf.broker_url
    pools.reset()
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    return previous


@pytest.fixture
def celery_broker(redis_server: RedisServer) -> Iterator[RedisServer]:
    """This process publishes to our own Redis."""
    previous = _publish_to(redis_server.url)
    yield redis_server
    _publish_to(previous)


@pytest.fixture
def silent_broker() -> Iterator[None]:
    """This process publishes to a "Redis" that accepts connections and never
    answers, like a server stuck or cut off behind a firewall that drops packets."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        previous = _publish_to(f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
        yield
        _publish_to(previous)


@pytest.fixture
def start_worker(
    transactional_db: None, celery_broker: RedisServer, smtp: SMTPServer, tmp_path: Any
) -> Iterator[Callable[[], Worker]]:
    """Start a Celery worker on the test database, our Redis and our SMTP
    server; it is stopped before the database is flushed."""
    workers: list[Worker] = []

    def start() -> Worker:
        worker = Worker(
            database=connection.settings_dict,
            redis_url=celery_broker.url,
            email_url=smtp.url,
            log=tmp_path / f"worker-{len(workers)}.log",
        )
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()
        print(worker.output())  # shown by pytest only if the test failed


@pytest.fixture
def broker_redis(celery_broker: RedisServer, settings: Any) -> RedisServer:
    """Our Redis as the site's broker, for publishing and for what labsite keeps
    there (heartbeats, beat's tick, task counters: ``core.broker``)."""
    settings.CELERY_BROKER_URL = celery_broker.url
    return celery_broker


@pytest.fixture
def alive(broker_redis):
    """A worker and beat that showed signs of life ten seconds ago."""
    heartbeat("celery@web-1", 10)
    beat_tick(10)
    return broker_redis


def _required_here() -> bool:
    """CI (``.ci/run``) installs Chromium and the provider: there, missing is a failure."""
    return bool(os.environ.get("LABSITE_REQUIRE_BROWSER"))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched by Playwright, for the tests of a module."""
    if not CHROMIUM.exists():
        if _required_here():
            pytest.fail("Chromium is required here but /usr/bin/chromium is missing.")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; ORM calls between page
    # actions are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


StartOIDCProvider = Callable[..., OIDCProvider]


@pytest.fixture
def start_oidc_provider(tmp_path: Path) -> Iterator[StartOIDCProvider]:
    """``start_oidc_provider("inria", redirect_uri=...)``: an OpenID Provider process on a
    free loopback port, its discovery answering, stopped (its process group killed) after
    the test. ``institution`` defaults to the name, ``accounts`` to that institution's in
    ``core.tests.oidc.ACCOUNTS``, ``key`` (its signing key in oidc/keys/) to the
    institution's. Several may run at once."""
    providers: list[OIDCProvider] = []

    def start(
        name: str,
        institution: str | None = None,
        accounts: Iterable[dict[str, Any]] | None = None,
        redirect_uri: str | Iterable[str] = "http://127.0.0.1:8000/callback/",
        post_logout_redirect_uri: str | Iterable[str] = (),
        *,
        token_endpoint_auth_method: str = "client_secret_post",
        client_id: str = "labsite",
        key: str | None = None,
    ) -> OIDCProvider:
        institution = institution or name
        if accounts is None:
            accounts = ACCOUNTS.get(institution, [])
        provider = OIDCProvider(
            name=name,
            institution=institution,
            accounts=list(accounts),
            redirect_uris=[redirect_uri] if isinstance(redirect_uri, str) else list(redirect_uri),
            post_logout_redirect_uris=(
                [post_logout_redirect_uri]
                if isinstance(post_logout_redirect_uri, str)
                else list(post_logout_redirect_uri)
            ),
            workdir=tmp_path,
            client_id=client_id,
            token_endpoint_auth_method=token_endpoint_auth_method,
            key=key or ("aphp" if institution == "aphp" else "inria"),
        )
        providers.append(provider)
        try:
            provider.start()
        except ProviderUnavailable as error:
            if _required_here():
                pytest.fail(str(error))
            pytest.skip(str(error))
        return provider

    yield start
    for provider in providers:
        provider.stop()
        print(provider.output())  # shown by pytest only if the test failed


@pytest.fixture
def oidc_providers(start_oidc_provider: StartOIDCProvider, live_server: Any) -> dict[str, OIDCProvider]:
    """Both institutions' providers, "inria" and "aphp", sending back to the live test
    server at ``/accounts/oidc/<name>/callback/`` (and to its home page after sign-out).
    ``[p.oidc_providers_entry() for p in oidc_providers.values()]`` is the setting."""
    return {
        name: start_oidc_provider(
            name,
            redirect_uri=f"{live_server.url}/accounts/oidc/{name}/callback/",
            post_logout_redirect_uri=f"{live_server.url}/",
        )
        for name in ("inria", "aphp")
    }
