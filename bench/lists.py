"""Benchmark: list pages, their counts and the awaiting lists at scale.

    .venv/bin/python bench/lists.py [--projects 200000] [--positions 100000] [--keep] [--rounds 15]

It builds (unless ``--keep``) a database of its own (``labsite_lists_bench`` on
the PostgreSQL of ``BENCH_DATABASE_URL``), migrated, then filled in SQL
(``INSERT … SELECT`` over ``generate_series``, then ``VACUUM ANALYZE``) with a
lab of 20,000 people (500 teams, 100 departments, a tenth of them with no head,
so that some steps go to direction), projects (a fifth confidential, 3 to 4
members each, rows about as wide as real ones: 0.7 kB), host-position requests and secondments in every state with
their decisions, and 20,000 innovations. Personas: direction, and a staff member
in 5 projects (3 of them confidential) who sees about 80 % of the projects.

It then times, in interleaved rounds, in this process: each list's main query
(a page of 50 and its count) beside the unfiltered one on the same table, and
whole requests through Django's test client (the API and HTML lists, the
dashboard), with the SQL queries each makes. It prints p50/p95 in ms and the
ratios. Not a test: figures depend on the machine; docs/performance.md records them.
"""

import argparse
import os
import subprocess  # nosec B404  # runs manage.py migrate for the database it builds
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median, quantiles
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres").rsplit("/", 1)[0]
DATABASE_URL = f"{SERVER_URL}/labsite_lists_bench"
USERS = 20_000
TEAMS = 500
DEPARTMENTS = 100
INNOVATIONS = 20_000
DIRECTOR, OPS, STAFF = 1, 2, 3  # user ids of the personas

BUILD = """
INSERT INTO people_hospital (id, name, short_name)
  SELECT h, 'Hôpital ' || h, 'H' || h FROM generate_series(1, 10) h;
INSERT INTO people_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                         date_joined, institution, language, digest, employee_id)
  SELECT u, '!', false, 'user' || u, 'First' || (u % 997), 'Last' || (u % 7919), 'user' || u || '@example.org',
         false, true, now(), CASE WHEN u % 20 = 0 THEN 'partner' WHEN u % 3 = 0 THEN 'aphp' ELSE 'inria' END,
         'fr', 'weekly', ''
  FROM generate_series(1, {users}) u;
UPDATE people_user SET institution = 'inria', username = 'director' WHERE id = 1;
UPDATE people_user SET institution = 'inria', username = 'ops' WHERE id = 2;
UPDATE people_user SET institution = 'inria', username = 'staff' WHERE id = 3;
INSERT INTO people_user_groups (user_id, group_id)
  SELECT 1, id FROM auth_group WHERE name = 'direction'
  UNION ALL SELECT 2, id FROM auth_group WHERE name = 'operations';
INSERT INTO people_team (id, acronym, name, leader_id)
  SELECT t, 'TEAM' || t, 'Team ' || t, 100 + t FROM generate_series(1, {teams}) t;
INSERT INTO people_department (id, name, head_id, hospital_id)
  SELECT d, 'Department ' || d, CASE WHEN d % 10 = 0 THEN NULL ELSE 700 + d END, 1 + d % 10
  FROM generate_series(1, {departments}) d;
UPDATE people_user SET team_id = 1 + id % {teams} WHERE institution = 'inria';
UPDATE people_user SET department_id = 1 + id % {departments} WHERE institution = 'aphp';
INSERT INTO projects_project (id, acronym, acronym_key, title, summary, confidential, clinical_domain, status,
                              created_at, updated_at)
  SELECT p, 'P' || lpad(p::text, 7, '0'), 'p' || lpad(p::text, 7, '0'), 'Project ' || p,
         repeat('Summary of a project of about the length of a real one. ', 11), p % 5 = 0,
         'other', 'active', now(), now()
  FROM generate_series(1, {projects}) p;
INSERT INTO projects_membership (project_id, user_id, role, joined_at)
  SELECT p, 101 + (p * 7919 + k * 4099) % ({users} - 100), CASE WHEN k = 0 THEN 'lead' ELSE 'member' END, now()
  FROM generate_series(1, {projects}) p, generate_series(0, 3) k WHERE k < 3 OR p % 3 = 0;
INSERT INTO projects_membership (project_id, user_id, role, joined_at)
  SELECT p, 3, 'member', now() FROM unnest(ARRAY[5, 10, 15, 17, 23]) p;
INSERT INTO people_position (id, kind, applicant_id, team_id, department_id, time_share, start_date, end_date,
                             topic, justification, status, created_at, updated_at, submitted_at, waiting_since,
                             team_decided, department_decided, awaits_direction)
  SELECT i, CASE WHEN i % 2 = 0 THEN 'host' ELSE 'secondment' END,
         3 * (34 + i % 6000), 1 + i % {teams}, 1 + i % {departments}, 50,
         date '2027-01-01', date '2028-01-01', 'Topic ' || i, '',
         (ARRAY['draft', 'submitted', 'submitted', 'submitted', 'endorsed', 'approved', 'approved', 'approved',
                'rejected', 'withdrawn'])[1 + (i / 7) % 10],
         timestamp '2024-01-01' + i * interval '10 minutes', now(), now(),
         CASE WHEN (i / 7) % 10 IN (1, 2, 3, 4) THEN timestamp '2024-01-01' + i * interval '11 minutes' END,
         (i / 7) % 10 IN (4, 5, 6, 7, 8) OR ((i / 7) % 10 IN (1, 2, 3) AND i % 2 = 0), (i / 7) % 10 IN (4, 5, 6, 7),
         (i / 7) % 10 = 4
  FROM generate_series(1, {positions}) i;
-- Decisions: one of the two endorsements on half of the submitted ones, both on the
-- endorsed ones, all three on the approved ones, one on the rejected ones (as the
-- requests' team_decided and department_decided say).
INSERT INTO people_decision (position_id, step, outcome, decided_at, comment, decided_by_id)
  SELECT id, 'team', 'approved', now(), '', 1 FROM people_position
  WHERE status IN ('endorsed', 'approved') OR (status = 'submitted' AND id % 2 = 0)
  UNION ALL
  SELECT id, 'department', 'approved', now(), '', 1 FROM people_position WHERE status IN ('endorsed', 'approved')
  UNION ALL
  SELECT id, 'final', 'approved', now(), '', 1 FROM people_position WHERE status = 'approved'
  UNION ALL
  SELECT id, 'team', 'rejected', now(), '', 1 FROM people_position WHERE status = 'rejected';
-- Each submitted request's endorsements routed as Position.save routes them
-- (people.models.positions.routed: no active head other than the applicant),
-- and whether it awaits direction, in one statement (a constraint holds the two).
WITH routing AS (
  SELECT p.id,
         NOT EXISTS (SELECT 1 FROM people_team t JOIN people_user u ON u.id = t.leader_id
                     WHERE t.id = p.team_id AND u.is_active AND u.id <> p.applicant_id) AS team,
         NOT EXISTS (SELECT 1 FROM people_department d JOIN people_user u ON u.id = d.head_id
                     WHERE d.id = p.department_id AND u.is_active AND u.id <> p.applicant_id) AS department
  FROM people_position p WHERE p.status = 'submitted'
)
UPDATE people_position p SET team_routed = routing.team, department_routed = routing.department,
  awaits_direction = (routing.team AND NOT p.team_decided) OR (routing.department AND NOT p.department_decided)
  FROM routing WHERE routing.id = p.id;
INSERT INTO transfer_innovation (title, description, kind, readiness_level, stage, route, confidential,
                                 stage_changed_at, created_at, updated_at, project_id)
  SELECT 'Innovation ' || i, '', 'software', 1 + i % 9, 'identified', 'licence', i % 5 <> 0, now(), now(), now(),
         1 + i % {projects}
  FROM generate_series(1, {innovations}) i;
"""
SEQUENCES = (
    "people_user",
    "people_team",
    "people_department",
    "people_hospital",
    "projects_project",
    "people_position",
)


def build(projects: int, positions: int) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS labsite_lists_bench")
        admin.execute("CREATE DATABASE labsite_lists_bench")
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "labsite.settings.test"}
    subprocess.run(  # nosec B603  # a fixed command
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    sizes = {
        "users": USERS,
        "teams": TEAMS,
        "departments": DEPARTMENTS,
        "projects": projects,
        "positions": positions,
        "innovations": INNOVATIONS,
    }
    started = time.perf_counter()
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        with conn.transaction():
            script = BUILD
            for name, size in sizes.items():
                script = script.replace("{" + name + "}", str(size))
            conn.execute(script)
            for table in SEQUENCES:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # nosec B608
                )
        conn.execute("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s: {sizes}")


def timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def p50_p95(samples: list[float]) -> tuple[float, float]:
    return median(samples), quantiles(samples, n=20)[-1]


def cases() -> dict[str, Callable[[], Any]]:
    from django.test import Client

    from people.models import Position, User
    from people.selectors import position_list
    from projects.models import Project
    from projects.selectors import project_list
    from transfer.models import Innovation

    director = User.objects.get(pk=DIRECTOR)
    staff = User.objects.get(pk=STAFF)
    clients = {}
    for name, user in (("direction", director), ("staff", staff)):
        clients[name] = Client()
        clients[name].force_login(user)

    def page(qs: Any) -> Callable[[], Any]:
        return lambda: list(qs[:50])

    def count(qs: Any) -> Callable[[], Any]:
        return lambda: qs.count()

    def get(who: str, url: str) -> Callable[[], Any]:
        def request() -> Any:
            response = clients[who].get(url)
            assert response.status_code == 200, (url, response.status_code)  # nosec B101  # a benchmark's guard

        return request

    hosts = Position.objects.filter(kind="host")
    return {
        "positions page, unfiltered": page(hosts.order_by("-created_at", "-id")),
        "positions page, direction awaiting": page(position_list(user=director, kind="host", awaiting_me=True)),
        "positions page, direction awaiting, oldest first": page(
            position_list(user=director, kind="host", awaiting_me=True).order_by("waiting_since", "pk")
        ),
        "positions count, unfiltered": count(hosts),
        "positions count, direction awaiting": count(position_list(user=director, kind="host", awaiting_me=True)),
        "projects page, unfiltered": page(Project.objects.order_by("acronym", "id")),
        "projects page, direction": page(project_list(user=director)),
        "projects page, staff": page(project_list(user=staff)),
        "projects count, unfiltered": count(Project.objects.all()),
        "projects count, direction": count(project_list(user=director)),
        "projects count, staff": count(project_list(user=staff)),
        "innovations page, unfiltered": page(Innovation.objects.all()),
        "GET /api/host-positions/ direction": get("direction", "/api/host-positions/"),
        "GET /api/host-positions/?awaiting_me=true direction": get(
            "direction", "/api/host-positions/?awaiting_me=true"
        ),
        "GET /host-positions/ direction": get("direction", "/host-positions/?view=all"),
        "GET /host-positions/?view=awaiting direction": get("direction", "/host-positions/?view=awaiting"),
        "GET / direction": get("direction", "/"),
        "GET /api/projects/ direction": get("direction", "/api/projects/"),
        "GET /api/projects/ staff": get("staff", "/api/projects/"),
        "GET /projects/ staff": get("staff", "/projects/"),
    }


def queries(function: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def measure(rounds: int) -> None:
    measured = cases()
    samples: dict[str, list[float]] = {name: [] for name in measured}
    counts = {name: queries(function) for name, function in measured.items()}
    for _ in range(rounds):
        for name, function in measured.items():
            samples[name].append(timed(function))
    print(f"{'case':<56} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, values in samples.items():
        p50, p95 = p50_p95(values)
        print(f"{name:<56} {p50:>8.1f} {p95:>8.1f} {counts[name]:>8}")


def explain(runs: dict[str, Callable[[], Any]]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, function in runs.items():
        with CaptureQueriesContext(connection) as captured:
            function()
        sql = captured[0]["sql"]
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"--- {name}\n{plan}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=200_000)
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="Reuse the database built by an earlier run.")
    parser.add_argument("--explain", action="store_true", help="Print the plans of the main queries too.")
    args = parser.parse_args()

    from bench.calibrate import calibration

    print(calibration(DATABASE_URL if args.keep else f"{SERVER_URL}/postgres"))
    if not args.keep:
        build(args.projects, args.positions)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "labsite.settings.test", "DATABASE_URL": DATABASE_URL})
    import django

    django.setup()
    if args.explain:
        from people.models import Position, User
        from people.selectors import position_list
        from projects.models import Project
        from projects.selectors import project_list

        director, staff = User.objects.get(pk=DIRECTOR), User.objects.get(pk=STAFF)
        awaiting = position_list(user=director, kind="host", awaiting_me=True)
        explain(
            {
                "awaiting page": lambda: list(awaiting[:50]),
                "awaiting page, oldest first": lambda: list(awaiting.order_by("waiting_since", "pk")[:50]),
                "awaiting count": awaiting.count,
                "unfiltered count": Position.objects.filter(kind="host").count,
                "staff projects page": lambda: list(project_list(user=staff)[:50]),
                "staff projects count": project_list(user=staff).count,
                "unfiltered projects count": Project.objects.count,
            }
        )
    measure(args.rounds)


if __name__ == "__main__":
    main()
