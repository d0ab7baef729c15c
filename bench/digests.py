"""Benchmark: the weekly digests of 10,000 people, through real Celery workers,
to a local SMTP sink.

    .venv/bin/python bench/digests.py [--users 10000] [--workers 1 2] [--keep]

It builds a database of its own (``labsite_bench`` on the PostgreSQL of
``BENCH_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/labsite_bench``),
fills it with a lab of that size (teams, departments, projects, requests,
innovations, agreements, a week of changes), starts a Redis of its own, an SMTP
sink and N worker processes, runs the digest job for a Monday and waits until
every digest has been accepted by the SMTP sink. It prints, for each number of
workers: people per second, digests per second, the peak memory of each worker
process, and the SQL queries per person needed to compose the digests (measured
separately, in this process, on a sample of people with very different amounts
of content).

Not a test: figures depend on the machine; docs/performance.md records them.
"""

import argparse
import contextlib
import os
import random
import subprocess  # nosec B404  # starts the SMTP sink and the workers it measures
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/labsite_bench")
MONDAY = date(2026, 11, 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    add_run_arguments(parser, workers=[1, 2])
    args = parser.parse_args()

    with services(DATABASE_URL, chunk_size=args.chunk_size) as (sink, redis_url):
        if not args.keep or not _database_exists(DATABASE_URL):
            _create_database(DATABASE_URL)
            started = time.monotonic()
            counts = build_lab(args.users)
            print(
                f"Lab built in {time.monotonic() - started:.0f} s: " + ", ".join(f"{n} {k}" for k, n in counts.items())
            )
        print_queries_per_person()
        print_runs(args, redis_url, sink, people=args.users)


def add_run_arguments(parser: argparse.ArgumentParser, *, workers: list[int]) -> None:
    """The options of a digest run every digest benchmark takes."""
    parser.add_argument("--workers", type=int, nargs="+", default=workers)
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="Reuse the database built by an earlier run.")
    parser.add_argument("--pool", default="threads", help="Celery pool of each worker (threads, solo, prefork).")
    parser.add_argument("--concurrency", type=int, default=4, help="Tasks at once in each worker process.")


@contextlib.contextmanager
def services(database_url: str, *, chunk_size: int) -> Iterator[tuple["Sink", str]]:
    """Print the machine's calibration, start the SMTP sink and a Redis of the
    benchmark's own, point Django at them and at ``database_url``, set it up."""
    from bench.calibrate import calibration
    from core.tests.smtp import RedisServer

    print(calibration(_admin_url(database_url)), flush=True)
    sink = Sink()
    sink.start()
    redis_server = RedisServer()
    redis_server.start()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "labsite.settings.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_server.url,
            "TEST_EMAIL_URL": f"smtp://127.0.0.1:{sink.port}?timeout=30",
            "NOTIFICATIONS_CHUNK_SIZE": str(chunk_size),
        }
    )
    import django

    django.setup()
    try:
        yield sink, redis_server.url
    finally:
        redis_server.stop()
        sink.stop()


def print_runs(args: argparse.Namespace, redis_url: str, sink: "Sink", *, people: int) -> list[dict[str, Any]]:
    """Run the weekly digest job with each number of workers; print the figures."""
    print(
        f"\nWeekly digests for {MONDAY} ({people} people, chunks of {args.chunk_size}; "
        f"each worker process: pool {args.pool}, concurrency {args.concurrency}):"
    )
    print(
        f"{'workers':>7} {'people/s':>9} {'digests/s':>9} {'digests':>8} {'seconds':>8} "
        f"{'per worker CPU s':>16}  peak memory per worker",
        flush=True,
    )
    results = []
    for workers in args.workers:
        result = run_digests(workers, redis_url, sink, pool=args.pool, concurrency=args.concurrency)
        memory = ", ".join(f"{m:.0f} MiB" for m in result["memory"])
        print(
            f"{workers:>7} {result['people_per_second']:>9.0f} {result['digests_per_second']:>9.0f} "
            f"{result['digests']:>8} {result['seconds']:>8.1f} {result['per_cpu_second']:>16.0f}  {memory}",
            flush=True,
        )
        results.append(result)
    return results


# The SMTP sink ---------------------------------------------------------------------


class Sink:
    """An SMTP server that accepts and counts (aiosmtpd), in a process of its own
    so that it does not share this one's interpreter with the measuring."""

    def __init__(self) -> None:
        from core.tests.smtp import free_port

        self.port = free_port()
        self.count_file = Path(tempfile.mkstemp(prefix="bench-sink-")[1])
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        code = SINK_CODE.format(port=self.port, path=str(self.count_file))
        self.process = subprocess.Popen([sys.executable, "-c", code])  # nosec B603  # this Python, code of this file
        from core.tests.smtp import wait_until

        wait_until(lambda: self.count_file.read_text().strip() == "0", timeout=20)

    def total(self) -> int:
        text = self.count_file.read_text().strip()
        return int(text) if text else 0

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


SINK_CODE = """
import asyncio, os
from aiosmtpd.controller import Controller
count = 0
def write():
    with open({path!r} + ".tmp", "w") as f:
        f.write(str(count))
    os.replace({path!r} + ".tmp", {path!r})
class Handler:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += len(envelope.rcpt_tos)
        return "250 OK"
async def main():
    controller = Controller(Handler(), hostname="127.0.0.1", port={port})
    controller.start()
    while True:
        write()
        await asyncio.sleep(0.05)
asyncio.run(main())
"""


# The database ------------------------------------------------------------------------


def _admin_url(database_url: str = DATABASE_URL) -> str:
    """The ``postgres`` database of the benchmark's server (it exists before the lab does)."""
    return database_url.rsplit("/", 1)[0] + "/postgres"


def _admin_connection(database_url: str = DATABASE_URL) -> Any:
    import psycopg

    return psycopg.connect(_admin_url(database_url), autocommit=True), database_url.rsplit("/", 1)[1]


def _database_exists(database_url: str = DATABASE_URL) -> bool:
    connection, name = _admin_connection(database_url)
    with connection:
        return connection.execute("select 1 from pg_database where datname = %s", [name]).fetchone() is not None


def _create_database(database_url: str = DATABASE_URL) -> None:
    from django.core.management import call_command

    connection, name = _admin_connection(database_url)
    with connection:
        connection.execute(f'drop database if exists "{name}" with (force)')
        connection.execute(f'create database "{name}"')
    call_command("migrate", verbosity=0)


def build_lab(n_users: int) -> dict[str, int]:
    """A lab of ``n_users`` people, proportioned like the real one, with a week
    of changes before ``MONDAY``."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from core.models import AuditEvent
    from people.grants import positions_grants_sync
    from people.models import Company, Decision, Department, Hospital, Position, Team, User
    from people.roles import GROUPS, Role
    from projects.models import DataAccessRequest, Membership, Milestone, Project
    from transfer.models import Agreement, Deployment, Innovation

    rng = random.Random(20261130)  # nosec B311  # reproducible fake data, no secret
    password = make_password("labsite-bench")
    today = MONDAY
    in_window = [
        timezone.make_aware(datetime.combine(today - timedelta(days=d), datetime.min.time()) + timedelta(hours=10))
        for d in range(1, 8)
    ]
    with transaction.atomic():
        hospitals = Hospital.objects.bulk_create(
            [Hospital(name=f"Hôpital universitaire {n}", short_name=f"HU{n}") for n in range(8)]
        )
        n_units = max(n_users // 100, 4)
        teams = Team.objects.bulk_create([Team(acronym=f"TEAM{n}", name=f"Project-team {n}") for n in range(n_units)])
        departments = Department.objects.bulk_create(
            [Department(name=f"Service {n}", hospital=hospitals[n % len(hospitals)]) for n in range(n_units)]
        )
        companies = Company.objects.bulk_create([Company(name=f"Medtech {n}") for n in range(max(n_users // 200, 2))])
        users = []
        for n in range(n_users):
            roll = rng.random()
            fields: dict[str, Any] = {}
            if roll < 0.45:
                fields = {"institution": "inria", "team": teams[n % len(teams)]}
            elif roll < 0.9:
                fields = {"institution": "aphp", "department": departments[n % len(departments)]}
            elif roll < 0.96:
                fields = {"institution": "academic"}
            else:
                fields = {"institution": "partner", "company": companies[n % len(companies)]}
            users.append(
                User(
                    username=f"user{n:05d}",
                    first_name=f"Prénom{n}",
                    last_name=f"Nom{n}",
                    email=f"user{n:05d}@bench.labsite.example",
                    password=password,
                    language="fr" if rng.random() < 0.7 else "en",
                    digest="weekly",
                    **fields,
                )
            )
        users = User.objects.bulk_create(users, batch_size=2000)
        staff = [u for u in users if u.institution != "partner"]
        inria = [u for u in users if u.institution == "inria"]
        aphp = [u for u in users if u.institution == "aphp"]
        for team in teams:
            team.leader = rng.choice(inria)
        Team.objects.bulk_update(teams, ["leader"])
        for department in departments:
            department.head = rng.choice(aphp)
        Department.objects.bulk_update(departments, ["head"])
        for role, size in ((Role.DIRECTION, 2), (Role.OPERATIONS, 2), (Role.TRANSFER_OFFICER, 4)):
            group, _created = Group.objects.get_or_create(name=GROUPS[role])
            group.user_set.add(*rng.sample(inria, size))

        projects = Project.objects.bulk_create(
            [
                Project(
                    acronym=f"PRJ{n:04d}",
                    title=f"Étude {n} : modèles prédictifs en {['cardiologie', 'neurologie', 'oncologie'][n % 3]}",
                    summary="Apprentissage automatique sur les données de l'entrepôt.",
                    status="active",
                    confidential=rng.random() < 0.25,
                )
                for n in range(max(n_users // 25, 8))
            ]
        )
        memberships = []
        for project in projects:
            for k, person in enumerate(rng.sample(staff, rng.randint(4, 12))):
                memberships.append(Membership(project=project, user=person, role="lead" if k < 2 else "member"))
            for person in rng.sample(users, 1):
                if person.institution == "partner":
                    memberships.append(Membership(project=project, user=person, role="member"))
        Membership.objects.bulk_create(memberships, ignore_conflicts=True)
        Milestone.objects.bulk_create(
            [
                Milestone(project=project, title=f"Jalon {k}", due_date=today + timedelta(days=rng.randint(-30, 60)))
                for project in projects
                for k in range(3)
            ]
        )
        DataAccessRequest.objects.bulk_create(
            [
                DataAccessRequest(
                    project=project,
                    requested_by=users[0],
                    route="committee",
                    perimeter="Adultes, 2020-2025",
                    categories=["biology"],
                    status=rng.choice(["submitted", "approved"]),
                    committee_reference="CSE-24-001",
                    expires_on=today + timedelta(days=rng.randint(10, 400)),
                    project_confidential=project.confidential,
                )
                for project in projects
            ]
        )
        positions = []
        for n in range(n_users // 5):
            applicant = rng.choice(aphp if n % 2 else inria)
            status = rng.choice(["submitted", "submitted", "endorsed", "approved", "approved", "rejected"])
            start = today + timedelta(days=rng.randint(-300, 60))
            positions.append(
                Position(
                    kind="host" if applicant.institution == "aphp" else "secondment",
                    applicant=applicant,
                    team=applicant.team or rng.choice(teams),
                    department=applicant.department or rng.choice(departments),
                    time_share=rng.choice([10, 20, 30]),
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(90, 400)),
                    topic=f"Sujet de recherche {n}",
                    status=status,
                    waiting_since=rng.choice(in_window) if status in ("submitted", "endorsed") else None,
                    team_decided=status != "submitted",
                    department_decided=status in ("endorsed", "approved"),
                )
            )
        positions = Position.objects.bulk_create(positions, batch_size=2000)
        # The decisions their states imply, as team_decided and department_decided say.
        steps = {
            "endorsed": [("team", "approved"), ("department", "approved")],
            "approved": [("team", "approved"), ("department", "approved"), ("final", "approved")],
            "rejected": [("team", "rejected")],
        }
        Decision.objects.bulk_create(
            [
                Decision(position=position, step=step, outcome=outcome, decided_by=users[0])
                for position in positions
                for step, outcome in steps.get(position.status, [])
            ],
            batch_size=2000,
        )
        positions_grants_sync(today=today)

        innovations = Innovation.objects.bulk_create(
            [
                Innovation(
                    title=f"Innovation {n} : outil d'aide à la décision",
                    description="Logiciel issu d'un projet commun.",
                    stage=rng.choice(["identified", "evaluating", "protecting", "transferring"]),
                    route=rng.choice(["licence", "startup", "hospital"]),
                    readiness_level=rng.randint(1, 9),
                    project=rng.choice(projects),
                    confidential=rng.random() < 0.6,
                )
                for n in range(max(n_users // 30, 4))
            ]
        )
        Agreement.objects.bulk_create(
            [
                Agreement(
                    kind=rng.choice(["nda", "collaboration", "licence"]),
                    partner=rng.choice(companies),
                    innovation=innovation,
                    signed_on=today - timedelta(days=300),
                    expires_on=today + timedelta(days=rng.randint(10, 500)),
                    reference=f"AGR-{innovation.pk}-{k}",
                )
                for innovation in innovations
                for k in range(2)
            ]
        )
        Deployment.objects.bulk_create(
            [
                Deployment(innovation=innovation, hospital=rng.choice(hospitals), system_name="DPI", status="live")
                for innovation in innovations[: len(innovations) // 5]
            ]
        )
        # A week of changes: a quarter of everything was created or changed.
        events = []
        for objects in (projects, positions, innovations):
            content_type = ContentType.objects.get_for_model(objects[0])
            for obj in rng.sample(list(objects), len(objects) // 4):
                events.append(
                    AuditEvent(
                        at=rng.choice(in_window),
                        actor=rng.choice(staff),
                        content_type=content_type,
                        object_id=str(obj.pk),
                        action=rng.choice(["created", "updated"]),
                    )
                )
        AuditEvent.objects.bulk_create(events, batch_size=2000)
    return {
        "people": len(users),
        "projects": len(projects),
        "memberships": len(memberships),
        "requests": len(positions),
        "innovations": len(innovations),
        "changes this week": len(events),
    }


# Measures ----------------------------------------------------------------------------


def print_queries_per_person() -> None:
    """Compose (without writing) the digests of chunks of people, counting SQL
    queries: the 100 people with the least to read, and the 100 with the most."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.content.context import RunContext, period_changes, prepare_users
    from notifications.jobs import compose, recipient_ids, window_of
    from notifications.models import Job, Run

    since, until = window_of(Job.WEEKLY_DIGEST, MONDAY)
    changes = period_changes(since=since, until=until)
    run = Run(job=Job.WEEKLY_DIGEST, period="bench", today=MONDAY, since=since, until=until, changes=changes)
    ids = recipient_ids(Job.WEEKLY_DIGEST)
    sample = random.Random(1).sample(ids, min(1000, len(ids)))  # nosec B311  # a reproducible sample, no secret
    ctx = RunContext.build(today=MONDAY, changes=changes, since=since, until=until)
    items = {composed.user.pk: len(composed.titles) for composed in compose(run, prepare_users(sample), ctx)}
    ranked = sorted(sample, key=lambda pk: items.get(pk, 0))
    print("\nSQL queries to compose a chunk of 100 digests (reads of the chunk included):")
    for label, chunk in (("least to read", ranked[:100]), ("most to read", ranked[-100:])):
        with CaptureQueriesContext(connection) as captured:
            ctx = RunContext.build(today=MONDAY, changes=changes, since=since, until=until)
            composed = list(compose(run, prepare_users(chunk), ctx))
        counts = [len(c.titles) for c in composed]
        print(
            f"  {label:>13}: {len(captured.captured_queries):>3} queries for {len(chunk)} people "
            f"= {len(captured.captured_queries) / len(chunk):.2f} per person; "
            f"items per digest {min(counts, default=0)}-{max(counts, default=0)} (median {median(counts or [0]):.0f})"
        )


def run_digests(workers: int, redis_url: str, sink: Sink, *, pool: str, concurrency: int) -> dict[str, Any]:
    from django.db import connection

    from core.models import Email
    from core.tests.smtp import WORKER_OPTIONS, wait_until
    from labsite.celery import app
    from notifications.jobs import start_jobs
    from notifications.models import Chunk, Job, Run

    Email.objects.all().delete()
    Run.objects.all().delete()
    app.conf.broker_url = redis_url
    celery = str(Path(sys.executable).parent / "celery")
    logs = [Path(tempfile.mkstemp(prefix=f"bench-worker-{n}-", suffix=".log")[1]) for n in range(workers)]
    command = [celery, "-A", "labsite", "worker", f"--pool={pool}", f"--concurrency={concurrency}", *WORKER_OPTIONS]
    processes = []
    for n, log in enumerate(logs):
        with log.open("wb") as output:
            # The celery of this venv with fixed arguments, no shell:
            worker = subprocess.Popen(  # nosec B603
                [*command, "-n", f"bench{n}@%h"],
                cwd=BASE_DIR,
                env={**os.environ},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            processes.append(worker)
    try:
        wait_until(lambda: all("ready." in log.read_text() for log in logs), timeout=60)
        before = sink.total()
        started = time.monotonic()
        run = start_jobs(jobs=[Job.WEEKLY_DIGEST], today=MONDAY)[0]
        wait_until(lambda: not Chunk.objects.filter(run=run, status="pending").exists(), timeout=3600, interval=0.2)
        expected = Email.objects.filter(key__startswith="digest:").count()
        wait_until(lambda: sink.total() - before >= expected, timeout=3600, interval=0.1)
        elapsed = time.monotonic() - started
        memory = [_peak_memory_mib(process.pid) for process in processes]
        cpu = sum(_cpu_seconds(process.pid) for process in processes)
        failed = Email.objects.exclude(status="sent").count()
        if failed:
            print(f"  ({failed} emails not marked sent)")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        connection.close()
    return {
        "people_per_second": run.user_count / elapsed,
        "digests_per_second": expected / elapsed,
        "digests": expected,
        "seconds": elapsed,
        "memory": memory,
        "per_cpu_second": expected / cpu if cpu else float("nan"),
    }


def _cpu_seconds(pid: int) -> float:
    """CPU time the process has used (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_memory_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
