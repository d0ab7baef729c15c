"""Benchmark: the weekly digests of a lab with a million projects, a tenth of
them changed that week, through real Celery workers, to a local SMTP sink.

    .venv/bin/python bench/scale_digests.py [--people 20000] [--projects 1000000]
        [--changed N] [--workers 2] [--pool solo --concurrency 1] [--keep] [--no-run]

It builds a database of its own (``BENCH_SCALE_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/labsite_bench_scale``): the lab of
``bench/digests.py`` for that many people, then the rest of the projects in
bulk (SQL over ``generate_series``; a fifth confidential, 3.7 staff members
each, a ``created`` audit event a year before each), and ``--changed`` of them
(default a tenth) changed in the week before the Monday (one or two audit
events each, by staff). It prints the machine's calibration, the SQL queries
per person, the time of each section's query for chunks of 100 people at this
size, then runs the weekly digest job exactly as ``bench/digests.py`` does (its
Redis, its SMTP sink in its own process, N worker processes) and prints the
duration, digests per second, digests per CPU-second of a worker and the peak
memory of each worker.

To see that the sections' cost follows what changed and not the number of
projects, build two sizes with the same ``--changed`` and compare the section
times (``--no-run`` skips the digest run).

Not a test: figures depend on the machine; docs/performance.md records them.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path
from statistics import median

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.digests import (  # noqa: E402  # the path is set just above
    MONDAY,
    _create_database,
    _database_exists,
    add_run_arguments,
    build_lab,
    print_queries_per_person,
    print_runs,
    services,
)

DATABASE_URL = os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/labsite_bench_scale")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--changed", type=int, default=None, help="Projects changed in the week (default: a tenth).")
    parser.add_argument("--chunks", type=int, default=5, help="Chunks of people whose section queries are timed.")
    parser.add_argument("--no-run", action="store_true", help="Time the section queries only, no digest run.")
    add_run_arguments(parser, workers=[2])
    args = parser.parse_args()
    changed = args.projects // 10 if args.changed is None else args.changed

    with services(DATABASE_URL, chunk_size=args.chunk_size) as (sink, redis_url):
        if not args.keep or not _database_exists(DATABASE_URL):
            _create_database(DATABASE_URL)
            _as_in_production(DATABASE_URL)
            started = time.monotonic()
            counts = build_lab(args.people)
            counts.update(add_projects(args.projects, changed))
            print(
                f"Lab built in {time.monotonic() - started:.0f} s: " + ", ".join(f"{n} {k}" for k, n in counts.items()),
                flush=True,
            )
        print_sizes()
        print_queries_per_person()
        print_section_times(args.chunks)
        if not args.no_run:
            print_runs(args, redis_url, sink, people=args.people)


def _as_in_production(database_url: str) -> None:
    """No JIT in the benchmark's database, as in production
    (deploy/postgresql/labsite.conf): on a stock server, compiling each chunk's
    section queries to machine code costs seconds and saves nothing."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" SET jit = off')  # nosec B608  # our own database's name
    from django.db import connection as django_connection

    django_connection.close()  # the next query opens a connection with the database's settings


def add_projects(total: int, changed: int) -> dict[str, int]:
    """Projects up to ``total``, with their members and a creation event a year
    before; then ``changed`` of all projects changed in the week before MONDAY."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from notifications.jobs import window_of
    from notifications.models import Job
    from projects.models import Project

    project_type = ContentType.objects.get_for_model(Project).pk
    since, _until = window_of(Job.WEEKLY_DIGEST, MONDAY)
    existing = Project.objects.count()
    extra = max(total - existing, 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM projects_project")
        first = cursor.fetchone()[0] + 1
        cursor.execute(
            "INSERT INTO projects_project (acronym, acronym_key, title, summary, confidential, clinical_domain, "
            "status, created_at, updated_at) "
            "SELECT 'S' || i, 's' || i, 'Étude ' || i || ' : cohorte et modèles prédictifs', "
            "'Apprentissage automatique sur les données de l''entrepôt.', i %% 5 = 0, 'other', 'active', "
            "%s::timestamptz - interval '1 year', %s::timestamptz - interval '1 year' "
            "FROM generate_series(1, %s) AS i",
            [since, since, extra],
        )
        # 3.7 staff members a project on average, the first a lead.
        cursor.execute(
            "WITH staff AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM people_user "
            "WHERE institution <> 'partner') "
            "INSERT INTO projects_membership (role, user_id, project_id, joined_at) "
            "SELECT CASE WHEN k = 0 THEN 'lead' ELSE 'member' END, "
            "staff.ids[1 + ((p.id * 7919 + k * 104729) %% staff.n)], p.id, p.created_at "
            "FROM projects_project p CROSS JOIN generate_series(0, 3) AS k CROSS JOIN staff "
            "WHERE p.id >= %s AND (k < 3 OR p.id %% 10 < 7) ON CONFLICT DO NOTHING",
            [first],
        )
        memberships = cursor.rowcount
        cursor.execute(
            "INSERT INTO core_auditevent (at, actor_id, content_type_id, object_id, action, changes, comment) "
            "SELECT p.created_at, m.user_id, %s, p.id::text, 'created', '{}', '' "
            "FROM projects_project p JOIN projects_membership m ON m.project_id = p.id AND m.role = 'lead' "
            "WHERE p.id >= %s",
            [project_type, first],
        )
        # The week's changes: ``changed`` projects spread over the whole table,
        # a fifth of them changed twice, at any time of the week, by staff.
        cursor.execute(
            "SELECT count(DISTINCT object_id) FROM core_auditevent WHERE content_type_id = %s AND at >= %s",
            [project_type, since],
        )
        already = cursor.fetchone()[0]
        to_change = max(changed - already, 0)
        step = max((extra or 1) // max(to_change, 1), 1)
        cursor.execute(
            "WITH staff AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM people_user "
            "WHERE institution <> 'partner'), "
            "chosen AS (SELECT id FROM projects_project WHERE id >= %s AND (id - %s) %% %s = 0 ORDER BY id LIMIT %s) "
            "INSERT INTO core_auditevent (at, actor_id, content_type_id, object_id, action, changes, comment) "
            "SELECT %s::timestamptz + (((c.id * 31 + twice.n * 17) %% 604800) || ' seconds')::interval, "
            "staff.ids[1 + ((c.id * 13 + twice.n) %% staff.n)], %s, c.id::text, 'updated', '{}', '' "
            "FROM chosen c CROSS JOIN generate_series(0, 1) AS twice(n) CROSS JOIN staff "
            "WHERE twice.n = 0 OR c.id %% 5 = 0",
            [first, first, step, to_change, since, project_type],
        )
        events = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"projects in bulk": extra, "their memberships": memberships, "project changes this week": events}


def print_sizes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM projects_project), (SELECT count(*) FROM projects_membership), "
            "(SELECT count(*) FROM core_auditevent), (SELECT count(*) FROM people_user)"
        )
        projects, memberships, events, people = cursor.fetchone()
    from notifications.content.context import period_changes
    from notifications.jobs import window_of
    from notifications.models import Job

    since, until = window_of(Job.WEEKLY_DIGEST, MONDAY)
    counts = period_changes(since=since, until=until)["counts"]
    print(
        f"\nAt this size: {people} people, {projects} projects, {memberships} memberships, {events} audit events; "
        "changed in the week: " + ", ".join(f"{n} {label}s" for label, n in counts.items()),
        flush=True,
    )


def print_section_times(chunks: int) -> None:
    """Each section's query (compiled, then read for a whole chunk of 100 people
    at once, as a worker does), timed on ``chunks`` chunks of the run's recipients."""
    from notifications.content.compiled import CompiledQueries
    from notifications.content.context import RunContext, period_changes, prepare_users
    from notifications.content.sections import SECTIONS, prefetch_sections
    from notifications.jobs import chunk_size, recipient_ids, window_of
    from notifications.models import Job

    since, until = window_of(Job.WEEKLY_DIGEST, MONDAY)
    changes = period_changes(since=since, until=until)
    ids = recipient_ids(Job.WEEKLY_DIGEST)
    size = chunk_size()
    starts = sorted(random.Random(3).sample(range(0, len(ids), size), min(chunks, len(ids) // size or 1)))  # nosec B311
    timings: dict[str, list[float]] = {name: [] for name in SECTIONS}
    for start in starts:
        users = prepare_users(ids[start : start + size])
        ctx = RunContext.build(today=MONDAY, changes=changes, since=since, until=until)
        ctx.meet(users)
        for name in SECTIONS:
            ctx.sql = CompiledQueries()
            started = time.perf_counter()
            prefetch_sections(users, ctx, [name])
            timings[name].append((time.perf_counter() - started) * 1000)
    print(f"\nSection queries, ms for a chunk of {size} people ({len(starts)} chunks; median, max):")
    for name, values in timings.items():
        print(f"  {name:>24}: {median(values):>8.1f} {max(values):>8.1f}", flush=True)


if __name__ == "__main__":
    main()
