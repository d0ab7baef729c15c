"""Benchmark: every list, count, search and page of labsite on a lab of a million
projects (issue 14), in-process and over HTTP.

    .venv/bin/python bench/scale.py [--projects 1000000] [--keep] [--rounds 20] [--tuned]
                                    [--http-seconds 20] [--cases REGEX] [--json FILE]

It builds the lab (bench/scale_lab.py) in a database of its own
(``BENCH_SCALE_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/labsite_scale``;
``--keep`` reuses the one an earlier run built), then, for each persona and in
interleaved rounds (every case once per round, so that a slower minute of the
machine weighs on every case alike):

- every list page and list endpoint of the URL confs (``*-list``), the project
  search in French and in English, the lists awaiting a decision, the transfer
  board, the key figures, the dashboard, every detail page (``*-detail``) and every
  ``*-suggest`` URL, through Django's test client (signed in with ``force_login``),
  with the SQL queries of each request;
- the selector behind each list: its page (the main query, 50 rows) and its count,
  beside the same list for someone no visibility rule filters (the lab's
  direction: the same joins, order, annotations and search, every row), timed on
  the same connection in the same round: the ratio is the visibility rule's cost.
  The lists awaiting a decision, which filter direction too, are compared with the
  table read as they read it (its joins and order: ``Shape``), and every list also
  with that table (``table×``);
- a case slower than ``--slow-ms`` (5 s) in the warm-up round is not repeated:
  its one figure is marked ``*`` (at a million projects, an unindexed search
  would otherwise make a run last hours);

then over HTTP, gunicorn with the production settings (``bench.scale_settings``)
on loopback and a bounded client (4 connections at once) for ``--http-seconds``
per case: requests per second and p95 of ``/api/projects/`` for direction and
staff, and of an unfiltered DRF list of every project served by the same stack
(``bench/baseline_urls.py``). It prints one table, then the issue's targets, each
met or not met, computed from the figures.

Not a test: figures depend on the machine; docs/performance.md records them,
beside the calibration line printed first.
"""

import argparse
import gc
import json
import os
import re
import socket
import subprocess  # nosec B404  # gunicorn of this venv, fixed arguments, no shell
import sys
import threading
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.scale_lab import DEFAULT_DATABASE_URL, PERSONAS, settings_environment  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_SCALE_DATABASE_URL", DEFAULT_DATABASE_URL)
PAGE = 50
SEARCH_WORDS = {"fr": "sepsis", "en": "learning"}
TUNED = {
    "work_mem": "32MB",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    "effective_cache_size": "12GB",
    "jit": "off",
    "max_parallel_workers_per_gather": "2",
}
HTTP_CONNECTIONS = 4
GUNICORN_WORKERS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="Reuse the database an earlier run built.")
    parser.add_argument(
        "--rounds", type=int, default=20, help="Interleaved rounds (after a warm-up round): the p95 is the 19th of 20."
    )
    parser.add_argument("--http-seconds", type=float, default=20, help="Seconds of load per HTTP case (0: none).")
    parser.add_argument("--json", help="Write every figure to this file.")
    parser.add_argument("--tuned", action="store_true", help="The production PostgreSQL settings (else stock).")
    parser.add_argument("--cases", help="Only the cases whose label matches this regular expression.")
    parser.add_argument(
        "--slow-ms",
        type=float,
        default=5000,
        help="A case slower than this in the warm-up round runs only once (its figure marked *).",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress shows through a pipe

    from bench.calibrate import calibration

    # Static files are served from the checkout, where no collectstatic ran (bench.scale_settings).
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.update(settings_environment(DATABASE_URL))
    print(calibration(DATABASE_URL))
    if args.keep and _database_has_projects():
        print(f"Reusing {DATABASE_URL.rsplit('/', 1)[1]} (--keep).")
        import django

        django.setup()
    else:
        from bench.scale_lab import build

        print(f"Building the lab with {args.projects:,} projects in {DATABASE_URL.rsplit('/', 1)[1]}:")
        built = build(DATABASE_URL, projects=args.projects)
        rows = ", ".join(f"{count:,} {name}" for name, count in built["rows"].items() if count >= 1000)
        print(f"Lab built in {built['seconds']:.0f} s: {rows}")
    _postgresql_settings(tuned=args.tuned)
    print(_lab_line())

    from django.contrib.auth import get_user_model

    personas = {name: get_user_model().objects.get(username=username) for name, username in PERSONAS.items()}
    pattern = re.compile(args.cases) if args.cases else None
    bench = InProcess(personas, pattern)
    if not bench.cases and args.cases:
        print(f"No case matches --cases {args.cases!r}: the lab is built, nothing is timed.")
        return
    gc.freeze()  # what is loaded stays out of the collector's way, as labsite/wsgi.py does in production
    print(f"\n{len(bench.cases)} in-process cases, {args.rounds} rounds (after a warm-up round)...", flush=True)
    bench.run(args.rounds, slow_ms=args.slow_ms)
    http = run_http(personas, args.http_seconds, pattern) if args.http_seconds > 0 else []
    rows = bench.rows() + http
    print_table(rows)
    targets = check_targets(rows)
    print_targets(targets)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "targets": targets}, indent=1, default=str))


# The database --------------------------------------------------------------------------


def _database_has_projects() -> bool:
    import psycopg

    try:
        with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
            row = connection.execute("SELECT count(*) FROM (SELECT 1 FROM projects_project LIMIT 1) p").fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


def _postgresql_settings(*, tuned: bool) -> None:
    """The bench database's own settings: the production ones with ``--tuned``, stock otherwise."""
    import psycopg
    from django.db import connections

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" RESET ALL')
        if tuned:
            for setting, value in TUNED.items():
                connection.execute(f"ALTER DATABASE \"{name}\" SET {setting} = '{value}'")
    connections.close_all()  # the next connection reads them
    print(
        "PostgreSQL: "
        + ("tuned (" + ", ".join(f"{k}={v}" for k, v in TUNED.items()) + ")" if tuned else "stock settings")
    )


def _lab_line() -> str:
    from django.db import connection

    tables = ("people_user", "projects_project", "projects_membership", "people_position", "people_decision")
    tables += ("people_positionuserobjectpermission", "transfer_innovation")
    with connection.cursor() as cursor:
        counts = []
        for name in tables:
            cursor.execute(f"SELECT count(*) FROM {name}")  # nosec B608  # fixed table names
            counts.append(f"{name.split('_', 1)[1]} {cursor.fetchone()[0]:,}")
    return "Lab: " + ", ".join(counts)


# In-process ---------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    persona: str
    kind: str  # html, api, page (a selector's main query), count
    table: str  # the baseline it is compared with ("" for none)
    run: Callable[[], tuple[int, int]]  # → (status, queries)
    # A selector's page or count: the list it is (its unfiltered page and count are its
    # baseline), or "" when it has none (its table is then the baseline).
    listed: str = ""
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    status: int = 0
    once: bool = False  # too slow to repeat: measured in the warm-up round only


def _tables() -> dict[str, tuple[Any, dict[str, Any]]]:
    """The unfiltered equivalent of each list: its model, and what the list shows of it whoever asks."""
    from django.contrib.auth import get_user_model

    from people.models import Call, Chair, Company, Delegation, Department, Position, Team
    from projects.models import DataAccessRequest, Project
    from transfer.models import Agreement, Deployment, Innovation

    return {
        "project": (Project, {}),
        "person": (get_user_model(), {"is_active": True}),
        "pending": (get_user_model(), {}),
        "team": (Team, {}),
        "department": (Department, {}),
        "position": (Position, {}),
        "hostposition": (Position, {"kind": "host"}),
        "secondment": (Position, {"kind": "secondment"}),
        "datarequest": (DataAccessRequest, {}),
        "innovation": (Innovation, {}),
        "agreement": (Agreement, {}),
        "deployment": (Deployment, {}),
        "partner": (Company, {}),
        "delegation": (Delegation, {}),
        "call": (Call, {}),
        "chair": (Chair, {}),
    }


def _selectors(user: Any) -> list[tuple[str, str, Any]]:
    """(label, table, the list's queryset for ``user``): what each list page shows."""
    from people.selectors import department_list, person_list, position_list, team_list
    from projects.selectors import data_request_list, project_list
    from transfer.selectors import agreement_list, deployment_list, innovation_list, partner_list

    lists = [
        ("projects", "project", project_list(user=user)),
        ("people", "person", person_list(user=user).order_by("last_name", "username")),
        ("teams", "team", team_list(user=user)),
        ("departments", "department", department_list(user=user)),
        ("host positions", "hostposition", position_list(user=user, kind="host")),
        ("secondments", "secondment", position_list(user=user, kind="secondment")),
        ("awaiting me", "position", position_list(user=user, awaiting_me=True).order_by("waiting_since", "pk")),
        ("data requests", "datarequest", data_request_list(user=user)),
        ("innovations", "innovation", innovation_list(user=user)),
        ("agreements", "agreement", agreement_list(user=user)),
        ("deployments", "deployment", deployment_list(user=user)),
        ("partners", "partner", partner_list(user=user)),
    ]
    for language, word in SEARCH_WORDS.items():
        lists.append((f"projects q={word} ({language})", "project", project_list(user=user, q=word)))
    return lists


# The persona no visibility rule filters: direction sees every row of every list,
# except its own lists of what awaits it (a workflow's filter, not a visibility rule).
UNFILTERED_PERSONA = "direction"
FILTERED_FOR_EVERYONE = ("awaiting me",)


def _unfiltered_lists(user: Any) -> dict[str, Any]:
    """Each list as ``user`` (direction) reads it, by label: the baseline of that list
    for everyone else. Checked: each holds every row of its table (or, for a search,
    every match of the same search), else it is left out and the table is the baseline."""
    from core.search import search

    lists = {}
    for label, table, queryset in _selectors(user):
        if label in FILTERED_FOR_EVERYONE:
            continue
        model, where = _tables()[table]
        everything = model.objects.filter(**where)
        if " q=" in label:
            word = label.split("q=", 1)[1].split()[0]
            everything = search(everything, word, fields=("acronym", "title", "summary"))
        if queryset.count() == everything.count():
            lists[label] = queryset
        else:
            print(f"  {label}: {UNFILTERED_PERSONA}'s list is not every row; its table is its baseline")
    return lists


def _url_names() -> list[str]:
    """Every URL name of the site's URL conf, namespaced."""
    from django.urls import URLResolver, get_resolver

    def walk(resolver: URLResolver, namespace: str) -> list[str]:
        names = []
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names += walk(pattern, inner)
            elif pattern.name:
                names.append(namespace + pattern.name)
        return names

    return sorted(set(walk(get_resolver("labsite.urls"), "")))


def _basename(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("-", 1)[0]


def _reverse(name: str, *args: Any) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return None


def _first_visible(user: Any) -> dict[str, int]:
    """One object of each kind ``user`` sees, for the detail pages: what they are a member of first."""
    from django.db.models import Exists, OuterRef

    from people.selectors import call_list, chair_list
    from projects.models import Membership

    found: dict[str, int] = {}
    for label, table, queryset in _selectors(user):
        if table in found or "q=" in label:
            continue
        queryset = queryset.prefetch_related(None)
        if table == "project":
            mine = Membership.objects.filter(project=OuterRef("pk"), user_id=user.pk)
            queryset = queryset.order_by(Exists(mine).desc(), "pk")
        pk = queryset.values_list("pk", flat=True).first()
        if pk is not None:
            found[table] = pk
    for table, listed in (("call", call_list), ("chair", chair_list)):
        pk = listed(user=user).values_list("pk", flat=True).first()
        if pk is not None:
            found[table] = pk
    return found


class InProcess:
    def __init__(self, personas: dict[str, Any], pattern: re.Pattern[str] | None) -> None:
        from django.test import Client

        self.personas = personas
        self.baselines: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        # Each list as no visibility rule filters it (direction's), by label: its own baseline.
        self.unfiltered: dict[str, Any] = {}
        self.list_baselines: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        # Each table's list as it reads rows (its joins and order), whoever asks: the baseline.
        self.shapes: dict[str, Shape] = {}
        self.cases: list[Case] = []
        names = _url_names()
        for persona, user in personas.items():
            client = Client()
            client.force_login(user)
            for label, table, queryset in _selectors(user):
                self.shapes.setdefault(table, Shape.of(queryset))
                self.cases.append(Case(f"{label}: page", persona, "page", table, _page(queryset), listed=label))
                self.cases.append(Case(f"{label}: count", persona, "count", table, _count(queryset), listed=label))
            for label, url, table in self._requests(names, user):
                kind = "api" if url.startswith("/api/") else "html"
                self.cases.append(Case(label, persona, kind, table, _get(client, url)))
        if pattern is not None:
            self.cases = [case for case in self.cases if pattern.search(case.label)]
        everything = personas.get(UNFILTERED_PERSONA)
        listed = {case.listed for case in self.cases if case.listed}
        if everything is not None and listed:
            self.unfiltered = {
                label: queryset for label, queryset in _unfiltered_lists(everything).items() if label in listed
            }

    def _requests(self, names: list[str], user: Any) -> list[tuple[str, str, str]]:
        requests: list[tuple[str, str, str]] = []
        for name in names:
            if name.startswith("admin:") or not name.endswith("-list"):
                continue
            url = _reverse(name)
            if url:
                requests.append((f"GET {url}", url, _basename(name)))
        for language, word in SEARCH_WORDS.items():
            for name in ("projects:project-list", "api:project-list"):
                url = f"{_reverse(name)}?q={word}"
                requests.append((f"GET {url} ({language})", url, "project"))
        # The header's search: every kind at once, as a page and in the API (labsite/search.py).
        for language, word in SEARCH_WORDS.items():
            for name in ("search", "api:search"):
                url = f"{_reverse(name)}?q={word}"
                requests.append((f"GET {url} ({language})", url, ""))
        for name in ("people:hostposition-list", "people:secondment-list"):
            url = f"{_reverse(name)}?view=awaiting"
            requests.append((f"GET {url}", url, _basename(name)))
        for name in ("api:hostposition-list", "api:secondment-list"):
            url = f"{_reverse(name)}?awaiting_me=true"
            requests.append((f"GET {url}", url, _basename(name)))
        for name, table in (("transfer:board", "innovation"), ("transfer:figures", "innovation"), ("home", "")):
            url = _reverse(name)
            if url:
                requests.append((f"GET {url}", url, table))
        for name in names:
            if name.endswith("-suggest"):
                url = _reverse(name)
                if url:
                    requests.append((f"GET {url}?q=sep", f"{url}?q=sep", ""))
        visible = _first_visible(user)
        for name in names:
            base = _basename(name)
            if name.startswith("admin:") or not name.endswith("-detail") or not visible.get(base):
                continue
            url = _reverse(name, visible[base])
            if url:
                requests.append((f"GET {name} (detail)", url, ""))
        return requests

    def run(self, rounds: int, *, slow_ms: float) -> None:
        for number in range(rounds + 1):
            started = time.monotonic()
            tables = sorted({case.table for case in self.cases if case.table})
            measured = number > 0  # the first round warms the caches, and is not counted
            for table in tables:
                page_ms, count_ms = _baseline(table, self.shapes.get(table))
                if measured:
                    self.baselines[table]["page"].append(page_ms)
                    self.baselines[table]["count"].append(count_ms)
            for label, queryset in self.unfiltered.items():
                for what, run in (("page", _page(queryset)), ("count", _count(queryset))):
                    began = time.perf_counter()
                    run()
                    if measured:
                        self.list_baselines[label][what].append((time.perf_counter() - began) * 1000)
            # Interleaved: every case once per round, each round in another order.
            order = self.cases[number % len(self.cases) :] + self.cases[: number % len(self.cases)]
            for case in order:
                if measured and case.once:
                    continue
                began = time.perf_counter()
                status, queries = case.run()
                elapsed = (time.perf_counter() - began) * 1000
                case.status = status
                # A case that takes seconds says all it has to say the first time; repeating it would
                # make a run at a million projects last hours.
                case.once = not measured and elapsed > slow_ms
                if measured or case.once:
                    case.times.append(elapsed)
                    case.queries.append(queries)
            label = "warm-up round" if not measured else f"round {number}/{rounds}"
            print(f"  {label}: {time.monotonic() - started:.0f} s", flush=True)

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for case in self.cases:
            baseline = self.baselines.get(case.table)
            base = None
            if baseline:
                if case.kind == "page":
                    base = p95(baseline["page"])
                elif case.kind == "count":
                    base = p95(baseline["count"])
                else:
                    base = p95(baseline["page"]) + p95(baseline["count"])
            table_ratio = p95(case.times) / base if base and case.kind in ("page", "count") else None
            own = self.list_baselines.get(case.listed)
            if own:
                # Direction's own list is the baseline: not a permission-filtered list.
                base = None if case.persona == UNFILTERED_PERSONA else p95(own[case.kind])
            rows.append(
                {
                    "case": f"{case.label} *" if case.once else case.label,
                    "persona": case.persona,
                    "kind": case.kind,
                    "status": case.status,
                    "p50": p50(case.times),
                    "p95": p95(case.times),
                    "ratio": p95(case.times) / base if base else None,
                    "table_ratio": table_ratio,
                    "queries": max(case.queries, default=0),
                    "queries_min": min(case.queries, default=0),
                }
            )
        for label, baseline in sorted(self.list_baselines.items()):
            for what in ("page", "count"):
                rows.append(
                    {
                        "case": f"unfiltered list {label}: {what}",
                        "persona": UNFILTERED_PERSONA,
                        "kind": "baseline",
                        "status": 200,
                        "p50": p50(baseline[what]),
                        "p95": p95(baseline[what]),
                        "ratio": 1.0,
                        "queries": 1,
                        "queries_min": 1,
                    }
                )
        for table, baseline in sorted(self.baselines.items()):
            for what in ("page", "count"):
                rows.append(
                    {
                        "case": f"unfiltered {table}: {what}",
                        "persona": "-",
                        "kind": "baseline",
                        "status": 200,
                        "p50": p50(baseline[what]),
                        "p95": p95(baseline[what]),
                        "ratio": 1.0,
                        "queries": 1,
                        "queries_min": 1,
                    }
                )
        return rows


@dataclass(frozen=True)
class Shape:
    """How a list reads its rows, whoever asks: the tables it joins and its
    order. Its baseline reads the same, without the visibility rule, so that a
    ratio tells what choosing the rows costs, not what showing them costs."""

    joins: tuple[str, ...]
    order: tuple[str, ...]

    @classmethod
    def of(cls, queryset: Any) -> "Shape":
        def paths(tree: dict, prefix: str = "") -> list[str]:
            found = []
            for name, inner in tree.items():
                found += paths(inner, f"{prefix}{name}__") if inner else [f"{prefix}{name}"]
            return found

        related = queryset.query.select_related
        order = queryset.query.order_by
        return cls(
            joins=tuple(paths(related)) if isinstance(related, dict) else (),
            # An order by expression (a rank, say) is the list's own: the model's order then.
            order=tuple(order) if all(isinstance(name, str) for name in order) else (),
        )


def _baseline(table: str, shape: Shape | None = None) -> tuple[float, float]:
    """The unfiltered page and count of ``table``, in ms: joined and ordered
    as its list is (``shape``), else the model's rows in the model's order."""
    model, where = _tables()[table]
    queryset = model.objects.filter(**where).order_by(*((shape and shape.order) or model._meta.ordering))
    if shape and shape.joins:
        queryset = queryset.select_related(*shape.joins)
    began = time.perf_counter()
    list(queryset[:PAGE])
    paged = time.perf_counter()
    queryset.count()
    return (paged - began) * 1000, (time.perf_counter() - paged) * 1000


def _page(queryset: Any) -> Callable[[], tuple[int, int]]:
    """The list's main query: its first page, without the prefetches that follow it."""

    def run() -> tuple[int, int]:
        list(queryset.prefetch_related(None)[:PAGE])
        return 200, 1

    return run


def _count(queryset: Any) -> Callable[[], tuple[int, int]]:
    def run() -> tuple[int, int]:
        queryset.count()
        return 200, 1

    return run


def _get(client: Any, url: str) -> Callable[[], tuple[int, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return response.status_code, len(captured.captured_queries)

    return run


def p50(values: list[float]) -> float:
    return percentile(values, 0.5)


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (the largest of a handful of rounds, for p95)."""
    if not values:
        return float("nan")
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, int(-(-share * len(ranked) // 1)) - 1))]


# Over HTTP ----------------------------------------------------------------------------


def run_http(personas: dict[str, Any], seconds: float, pattern: re.Pattern[str] | None) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for name in ("direction", "staff"):
        client = Client()
        client.force_login(personas[name])
        cookies[name] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    cases = [
        ("HTTP GET /api/projects/", "direction", "/api/projects/"),
        ("HTTP GET /api/projects/", "staff", "/api/projects/"),
        ("HTTP GET /bench/baseline/projects/ (unfiltered)", "-", "/bench/baseline/projects/"),
        ("HTTP GET /api/host-positions/?awaiting_me=true", "direction", "/api/host-positions/?awaiting_me=true"),
    ]
    cases = [case for case in cases if pattern is None or pattern.search(case[0])]
    if not cases:
        return []
    rows = []
    with Gunicorn() as server:
        print(
            f"\nOver HTTP: gunicorn ({GUNICORN_WORKERS} sync workers, production settings) on port "
            f"{server.port}, {HTTP_CONNECTIONS} connections at once, {seconds:.0f} s per case...",
            flush=True,
        )
        for label, persona, url in cases:
            result = load(server.port, url, cookies.get(persona, ""), seconds)
            print(f"  {label} as {persona}: {result['rps']:.1f} req/s, p95 {result['p95']:.0f} ms", flush=True)
            rows.append(
                {
                    "case": label,
                    "persona": persona,
                    "kind": "http",
                    "status": result["status"],
                    "p50": result["p50"],
                    "p95": result["p95"],
                    "ratio": None,
                    "queries": None,
                    "rps": result["rps"],
                }
            )
    baseline = next((row["rps"] for row in rows if "baseline" in row["case"]), None)
    for row in rows:
        if baseline and "baseline" not in row["case"]:
            row["ratio"] = baseline / row["rps"] if row["rps"] else None
    return rows


class Gunicorn:
    """gunicorn of this venv on a free loopback port, with the bench's production settings."""

    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Gunicorn":
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "labsite.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ]
        environment = {**os.environ, **settings_environment(DATABASE_URL)}
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=environment)  # nosec B603  # fixed command
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body = fetch(self.port, "/healthz", "")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def fetch(port: int, url: str, cookie: str) -> tuple[int, bytes]:
    connection = HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port: int, url: str, cookie: str, seconds: float) -> dict[str, Any]:
    """HTTP_CONNECTIONS clients requesting ``url`` one after the other for ``seconds``."""
    status, _body = fetch(port, url, cookie)  # warms the workers, and says whether the case answers
    times: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            began = time.perf_counter()
            fetch(port, url, cookie)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                times.append(elapsed)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(HTTP_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"status": status, "rps": len(times) / elapsed, "p50": p50(times), "p95": p95(times)}


# Reading the figures -----------------------------------------------------------------


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"\n{'case':<58} {'persona':<10} {'p50 ms':>9} {'p95 ms':>9} {'ratio':>7} {'table×':>7} {'queries':>8}")
    for row in rows:
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else "-"
        table_ratio = f"{row['table_ratio']:.2f}" if row.get("table_ratio") is not None else "-"
        queries = "-" if row.get("queries") is None else str(row["queries"])
        if row.get("queries_min") not in (None, row.get("queries")):
            queries = f"{row['queries_min']}-{row['queries']}"
        case = row["case"] if row["status"] in (200, None) else f"{row['case']} [{row['status']}]"
        extra = f"  {row['rps']:.1f} req/s" if "rps" in row else ""
        print(
            f"{case[:58]:<58} {row['persona']:<10} {row['p50']:>9.1f} {row['p95']:>9.1f} {ratio:>7} {table_ratio:>7}"
            f" {queries:>8}{extra}"
        )


def check_targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets of issue 14, each met or not from the figures, with the worst case."""
    answered = [row for row in rows if row["status"] == 200]
    sql = [row for row in answered if row["kind"] in ("page", "count")]
    filtered = [row for row in sql if row["ratio"] is not None]  # direction's own lists are the baselines
    search = [row for row in answered if "q=" in row["case"] and row["kind"] in ("page", "count", "api", "html")]
    html = [row for row in answered if row["kind"] == "html"]
    api_lists = [row for row in answered if row["kind"] == "api" and "(detail)" not in row["case"]]
    html_lists = [row for row in html if "(detail)" not in row["case"]]
    awaiting = [row for row in sql if row["persona"] == "direction" and row["case"].startswith("awaiting me")]
    http = {(row["case"], row["persona"]): row for row in answered if row["kind"] == "http"}

    def target(name: str, candidates: list[dict[str, Any]], value: Callable[[dict], float], limit: float) -> dict:
        worst = max(candidates, key=value, default=None)
        met = None if worst is None else all(value(row) <= limit for row in candidates)
        count = sum(1 for row in candidates if value(row) > limit)
        detail = (
            "not measured (--cases)"
            if worst is None
            else f"worst {value(worst):.2f}: {worst['case']} ({worst['persona']})"
        )
        if count:
            slowest = max(row["p95"] for row in candidates if value(row) > limit)
            detail += f"; {count} of {len(candidates)} over, the slowest of them {slowest:.1f} ms p95"
        return {"target": name, "met": met, "detail": detail}

    targets = [
        target("list page and count <= 2x unfiltered (p95)", filtered, lambda r: r["ratio"], 2.0),
        target("search page and count < 100 ms p95", search, lambda r: r["p95"], 100.0),
        target("no HTML page over 150 ms p95 in-process", html, lambda r: r["p95"], 150.0),
        target("awaiting_me for direction <= 2x unfiltered", awaiting, lambda r: r["ratio"] or 0, 2.0),
        target("<= 8 queries per API list request", api_lists, lambda r: r["queries"], 8),
        target("<= 10 queries per HTML page", html_lists, lambda r: r["queries"], 10),
    ]
    direction = http.get(("HTTP GET /api/projects/", "direction"))
    staff = http.get(("HTTP GET /api/projects/", "staff"))
    baseline = next((row for key, row in http.items() if "baseline" in key[0]), None)
    if direction and staff:
        share = staff["rps"] / direction["rps"]
        targets.append(
            {
                "target": "staff /api/projects/ >= 50 % of direction's req/s",
                "met": share >= 0.5,
                "detail": f"{share:.0%} ({staff['rps']:.1f} against {direction['rps']:.1f} req/s)",
            }
        )
    if direction and baseline:
        share = direction["rps"] / baseline["rps"]
        targets.append(
            {
                "target": "direction /api/projects/ >= 25 % of the unfiltered DRF list",
                "met": share >= 0.25,
                "detail": f"{share:.0%} ({direction['rps']:.1f} against {baseline['rps']:.1f} req/s)",
            }
        )
    return targets


def print_targets(targets: list[dict[str, Any]]) -> None:
    print("\nTargets of issue 14:")
    for item in targets:
        verdict = {True: "met    ", False: "NOT MET", None: "n/a    "}[item["met"]]
        print(f"  {verdict}  {item['target']}: {item['detail']}")


if __name__ == "__main__":
    main()
