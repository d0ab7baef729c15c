"""The production shape on loopback: its environment, building it, starting its
processes, waiting for them, and stopping everything at the end."""

import atexit
import contextlib
import http.client
import os
import secrets
import shutil
import signal
import ssl
import subprocess  # nosec B404  # fixed commands, no shell
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import psycopg

from rehearsal.client import Client, Site
from rehearsal.config import (
    BASE_DIR,
    BIN,
    CHUNK_GRACE_SECONDS,
    CHUNK_SIZE,
    DATABASE,
    HOST,
    LABSITE_VARIABLES,
    PARIS,
    READY_PATH,
    RESTORED,
    SEEDED_DOMAIN,
    WORKER_CONCURRENCY,
)
from rehearsal.database import database_url, drop_database, recreate_database
from rehearsal.nginx import nginx_config
from rehearsal.processes import CheckFailed, Processes, Service, free_port, poll, say
from rehearsal.seed import digest_day_for_c, seed_code
from rehearsal.sink import Sink


@dataclass
class Shape:
    """What the rehearsal built: its ports, its processes and the SMTP sink."""

    users: int
    requests: int
    workdir: Path
    processes: Processes
    sink: Sink = field(default_factory=Sink)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    redis_port: int = field(default_factory=free_port)
    web_ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    site: Site | None = None
    webs: list[Service] = field(default_factory=list)
    workers: list[Service] = field(default_factory=list)
    beats: list[Service] = field(default_factory=list)
    nginx: Service | None = None
    digest_day: date = field(default_factory=lambda: digest_day_for_c(datetime.now(PARIS).date()))
    database: str = DATABASE  # bin/loadtest builds the same shape on a database of its own

    def built_site(self) -> Site:
        """The site, once `build` has made it (an explicit check: asserts vanish under ``python -O``)."""
        if self.site is None:
            raise CheckFailed("the rehearsal's site is not built yet")
        return self.site

    # Environment --------------------------------------------------------------------------

    def env(self, *, database: str | None = None, **extra: str) -> dict[str, str]:
        """The production environment of every process (as deploy/labsite.env.example)."""
        site = self.built_site()
        base = {key: value for key, value in os.environ.items() if key not in LABSITE_VARIABLES}
        return (
            base
            | {
                "DJANGO_SETTINGS_MODULE": "labsite.settings.production",
                "DEBUG": "false",
                "SECRET_KEY": self.secret_key,
                "ALLOWED_HOSTS": f"{HOST},localhost",
                "DATABASE_URL": database_url(database or self.database),
                "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
                "EMAIL_URL": f"smtp://{HOST}:{self.sink.port}?timeout=10",
                "DEFAULT_FROM_EMAIL": f"labsite <labsite@{SEEDED_DOMAIN}>",
                "SITE_URL": site.url,
                "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
                "STATIC_ROOT": str(self.workdir / "static"),
                "NOTIFICATIONS_CHUNK_SIZE": str(CHUNK_SIZE),
                "NOTIFICATIONS_CHUNK_GRACE_SECONDS": str(CHUNK_GRACE_SECONDS),
                "METRICS_TOKEN": secrets.token_urlsafe(24),
                # The seeded demo accounts sign in with their password alone, direction
                # and operations included: the second factor they would be asked for in
                # production is tested by labsite/tests/test_mfa.py, not rehearsed here.
                "MFA_REQUIRED": "false",
            }
            | extra
        )

    def manage(self, *args: str, timeout: float = 180, **extra: str) -> str:
        result = subprocess.run(  # nosec B603  # this Python's manage.py, no shell
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env(**extra),
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise CheckFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    # Building -----------------------------------------------------------------------------

    def build(self) -> None:
        cert, key = self.make_certificate()
        context = ssl.create_default_context(cafile=str(cert))
        self.site = Site(free_port(), context)
        self.sink.start()
        self.processes.start(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            self.env(),
        )
        self.create_database()
        say("starting web1 and web2 (gunicorn), nginx, worker1, worker2, beat1")
        for n, port in enumerate(self.web_ports, 1):
            self.webs.append(self.start_web(f"web{n}", port))
        self.nginx = self.start_nginx(cert, key)
        self.workers = [self.start_worker(n) for n in (1, 2)]
        self.beats = [self.start_beat("beat1")]
        for web, port in zip(self.webs, self.web_ports, strict=True):
            self.wait_ready(web, port)
        poll(lambda: self.answers(None), timeout=20, what="nginx")
        for worker in self.workers:
            self.wait_worker(worker)

    def create_database(self) -> None:
        """Created, migrated, seeded (the demo with the local settings, as ``seed_demo`` requires),
        and its static files collected."""
        say(f"database {self.database}: creating, migrating, seeding the demo and {self.users} daily subscribers")
        recreate_database(self.database)
        self.manage("migrate", "--no-input")
        local = {"DJANGO_SETTINGS_MODULE": "labsite.settings.local", "DEBUG": "true"}
        self.manage("seed_demo", **local)
        today = datetime.now(PARIS).date()
        self.manage("shell", "--no-imports", "-c", seed_code(self.users, [self.digest_day, today]), **local)
        self.manage("collectstatic", "--no-input", timeout=600)  # compresses every file: minutes on a busy machine

    def make_certificate(self) -> tuple[Path, Path]:
        cert, key = self.workdir / "tls.crt", self.workdir / "tls.key"
        # The openssl of the PATH with fixed arguments, no shell:
        subprocess.run(  # nosec B603 B607
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST},DNS:localhost",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        return cert, key

    # Processes ----------------------------------------------------------------------------

    def start_web(self, name: str, port: int, *, database: str | None = None) -> Service:
        argv = [
            str(BIN / "gunicorn"), "labsite.wsgi", "--name", f"labsite-{name}", "--bind", f"{HOST}:{port}",
            "--workers", "2", "--timeout", "30", "--graceful-timeout", "10", "--access-logfile", "-",
        ]  # fmt: skip
        # As labsite-web.service: the request histograms of its workers, in a directory emptied at start.
        metrics = self.workdir / f"prometheus-{name}"
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir()
        return self.processes.start(name, argv, self.env(database=database, PROMETHEUS_MULTIPROC_DIR=str(metrics)))

    def start_worker(self, n: int) -> Service:
        argv = [
            str(BIN / "celery"), "-A", "labsite", "worker", "-n", f"worker{n}@%h",
            "--concurrency", str(WORKER_CONCURRENCY), "--loglevel", "INFO",
        ]  # fmt: skip
        return self.processes.start(f"worker{n}", argv, self.env())

    def start_beat(self, name: str, **extra: str) -> Service:
        schedule = self.workdir / f"{name}-{time.monotonic_ns()}.schedule"
        argv = [
            str(BIN / "celery"), "-A", "labsite", "beat", "--loglevel", "INFO", "--schedule", str(schedule),
            "--pidfile", str(self.workdir / f"{name}.pid"),
        ]  # fmt: skip
        return self.processes.start(name, argv, self.env(**extra))

    def start_nginx(self, cert: Path, key: Path) -> Service:
        site = self.built_site()
        root = self.workdir / "nginx"
        for sub in ("temp", "logs"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        config = root / "nginx.conf"
        config.write_text(nginx_config(site.port, self.web_ports, root, cert, key))
        if os.geteuid() == 0:  # nginx's workers run as nobody: let them write their buffers and logs
            shutil.chown(root / "temp", user="nobody")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        argv = [nginx, "-p", str(root), "-c", str(config), "-e", str(root / "logs" / "error.log")]
        # nginx with a configuration the rehearsal wrote, no shell:
        check = subprocess.run([*argv, "-t"], capture_output=True, text=True, timeout=20, check=False)  # nosec B603
        if check.returncode != 0:
            raise CheckFailed(f"nginx refuses its configuration:\n{check.stderr}")
        return self.processes.start("nginx", argv, self.env())

    # Waiting ------------------------------------------------------------------------------

    def answers(self, port: int | None, path: str | None = None) -> bool:
        client = Client(self.built_site(), port)
        try:
            return client.request("GET", path or READY_PATH, timeout=5).status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            client.close()

    def wait_ready(self, service: Service, port: int, path: str | None = None) -> None:
        def ready() -> bool:
            if service.process.poll() is not None:
                raise CheckFailed(f"{service.name} exited:\n{service.output()[-2000:]}")
            return self.answers(port, path)

        poll(ready, timeout=60, what=f"{service.name} to answer {path or READY_PATH}")

    def wait_worker(self, service: Service) -> None:
        def ready() -> bool:
            if service.process.poll() is not None:
                raise CheckFailed(f"{service.name} exited:\n{service.output()[-2000:]}")
            return " ready." in service.output()

        poll(ready, timeout=60, what=f"{service.name} to be ready")


@contextlib.contextmanager
def stopped_on_exit(shape: Shape, *, keep: bool) -> Iterator[list[bool]]:
    """Stop every process, drop the databases and remove the files at the end,
    whatever the end: success, failure, Ctrl-C, SIGTERM or an exception."""
    passed = [False]
    done = False

    def clean() -> None:
        nonlocal done
        if done:
            return
        done = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleaning short
        say("stopping everything the rehearsal started")
        shape.processes.stop_all()
        shape.sink.stop()
        for name in (shape.database, RESTORED):
            with contextlib.suppress(psycopg.Error):
                drop_database(name)
        if passed[0] and not keep:
            shutil.rmtree(shape.workdir, ignore_errors=True)
        else:
            say(f"logs kept in {shape.workdir}")

    atexit.register(clean)
    # Ctrl-C raises KeyboardInterrupt even if the shell started us with SIGINT ignored; SIGTERM exits.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    previous_term = signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    try:
        yield passed
    finally:
        clean()
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)
