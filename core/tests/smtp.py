"""Real servers for the outbox tests: an SMTP server (aiosmtpd) that records what
it accepts and can be told to refuse, a Redis server of our own that a test may
stop and start again, and a Celery worker process."""

import asyncio
import email
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

import redis
from aiosmtpd.controller import Controller

from core.tests.clock import on_test_clock

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CELERY = str(Path(sys.executable).parent / "celery")
# Nothing but the tasks: no chatter between workers to wait for at start.
WORKER_POOL = ["--pool=solo", "--concurrency=1", "-Q", "celery"]
WORKER_OPTIONS = ["--loglevel=INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# How long a test waits at most for a worker process to start and do its work: an upper
# bound, not a speed goal (a passing test waits only as long as the work takes); a CI machine
# running the suite on every core can take more than 15 s to start a worker.
WORKER_WAIT = 60


def wait_until(condition: Callable[[], Any], *, timeout: float, interval: float = 0.05) -> Any:
    """Poll ``condition`` until it returns something true; return it, or raise
    after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Still waiting after {timeout} s.")
        time.sleep(interval)


@dataclass
class Delivery:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class SMTPHandler:
    """Answers DATA with the scripted replies first (``"451 ..."``, ``"550 ..."``,
    ``"drop"`` to close the connection without a word, ``"hang"`` to never
    answer), then with ``always`` if set, else accepts and records the message."""

    deliveries: list[Delivery] = field(default_factory=list)
    script: deque[str] = field(default_factory=deque)
    always: str | None = None
    refusals: int = 0
    hanging: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self.script.popleft() if self.script else self.always
        if reply == "hang":
            self.hanging.set()
            await asyncio.sleep(60)
            return "451 4.4.2 Gave up waiting"
        if reply == "drop":
            self.refusals += 1
            server.transport.close()
            return "421 closing"
        if reply is not None:
            self.refusals += 1
            return reply
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


class SMTPServer:
    def __init__(self) -> None:
        self.handler = SMTPHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def deliveries(self) -> list[Delivery]:
        return self.handler.deliveries

    def answer(self, *replies: str, always: str | None = None) -> None:
        """Script the next replies to DATA (and, with ``always``, every later one)."""
        self.handler.script.extend(replies)
        self.handler.always = always

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def mailer(self) -> dict[str, Any]:
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
        }

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


class RedisServer:
    """A redis-server process of the test's own, on a free port, without
    persistence, so that stopping it disturbs nobody and loses the queue."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            ["redis-server", *options],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_until(lambda: _pings(client), timeout=5)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def queue_length(self, name: str = "celery") -> int:
        return redis.Redis(port=self.port).llen(name)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


class Worker:
    """``celery -A labsite worker`` in its own process, with the test suite's
    settings, the test database, our Redis and our SMTP server."""

    def __init__(self, *, database: dict[str, Any], redis_url: str, email_url: str, log: Path) -> None:
        credentials = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
        address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "labsite.settings.test",
            "DATABASE_URL": f"postgres://{credentials}@{address}/{quote(database['NAME'])}",
            "REDIS_URL": redis_url,
            "TEST_EMAIL_URL": email_url,
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                on_test_clock([CELERY, "-A", "labsite", "worker", *WORKER_POOL, *WORKER_OPTIONS]),
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """Die at once, as on an out-of-memory kill or a lost machine."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=5)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
