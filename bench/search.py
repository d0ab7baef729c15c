"""The project search at scale: page and count of ``/projects/?q=…`` as the
list view computes them, for a few words, on a database of its own.

    .venv/bin/python bench/search.py build [--projects 1000000]
    .venv/bin/python bench/search.py time [--rounds 7] [--timeout 120]

``build`` creates ``labsite_search_bench`` (dropped first), migrates it and
COPYs just what the search reads: ``--projects`` projects (20 % confidential)
with titles and summaries drawn from a fixed French and English vocabulary,
about 1.5 method rows per project, and two personas: direction (sees all) and
a staff member in 5 projects (sees the non-confidential ones and theirs).
``time`` runs the list view's two queries (the page of 25, as
``Paginator.get_page`` renders it, and the count) for each word and persona,
in interleaved rounds, and prints p50/p95 in milliseconds beside the machine's
calibration (``bench/calibrate.py``). Drop the database afterwards:
``dropdb labsite_search_bench``.
"""

import argparse
import io
import os
import random
import statistics
import subprocess  # nosec B404  # runs manage.py and bench/calibrate.py
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")
NAME = "labsite_search_bench"
URL = f"{SERVER}/{NAME}"

# (word, share of the projects whose title or summary holds it)
WORDS = {
    "sepsis": 0.004,
    "hôpital": 0.01,  # in titles as "hôpital", "hôpitaux": searched without the accent
    "imaging": 0.02,
    "patients": 0.3,
}
FILLER = " ".join(
    (
        "étude données cohorte analyse modèle suivi prédiction risque clinique recherche évaluation",
        "study data cohort analysis model follow-up prediction risk clinical research assessment",
        "réanimation cardiaque pulmonaire neurologie radiologie oncologie chirurgie anesthésie",
        "intensive care cardiology pulmonary neurology radiology oncology surgery anaesthesia",
    )
).split()
METHODS = (
    "machine learning",
    "deep learning",
    "simulation",
    "statistics",
    "signal processing",
    "natural language processing",
    "optimisation",
    "causal inference",
    "image segmentation",
    "federated learning",
    "bayesian modelling",
    "reinforcement learning",
)
QUERIES = ("sepsis", "hopital", "imaging", "patients", "sep")


def _text(rng: random.Random, length: int) -> str:
    words = rng.choices(FILLER, k=length)
    for word, share in WORDS.items():
        if rng.random() < share:
            written = rng.choice(("hôpital", "hôpitaux")) if word == "hôpital" else word
            words.insert(rng.randrange(len(words) + 1), written)
    return " ".join(words)


def _copy(cursor, table: str, columns: str, rows) -> None:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(row) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def build(projects: int) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {NAME}")
        connection.execute(f"CREATE DATABASE {NAME}")
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "labsite.settings.test"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # nosec B603
    rng = random.Random(14)  # nosec B311  # reproducible fake data, no secret
    started = time.perf_counter()
    with psycopg.connect(URL, autocommit=True) as connection, connection.cursor() as cursor:
        batch = 100_000
        for first in range(1, projects + 1, batch):
            rows = []
            for pk in range(first, min(first + batch, projects + 1)):
                confidential = "t" if rng.random() < 0.2 else "f"
                rows.append(
                    (
                        str(pk),
                        f"P{pk}",
                        f"p{pk}",
                        _text(rng, rng.randint(4, 9)),
                        _text(rng, rng.randint(20, 40)),
                        "other",
                        "active",
                        confidential,
                        "2026-01-01 00:00:00+00",
                        "2026-01-01 00:00:00+00",
                    )
                )
            _copy(
                cursor,
                "projects_project",
                "id, acronym, acronym_key, title, summary, clinical_domain, status, confidential, "
                "created_at, updated_at",
                rows,
            )
        cursor.execute("SELECT setval('projects_project_id_seq', %s)", [projects])
        _copy(cursor, "projects_method", "id, name", ((str(i), name) for i, name in enumerate(METHODS, 1)))
        links = []
        for pk in range(1, projects + 1):
            count = rng.choice((0, 1, 1, 2, 2, 3))
            links.extend((str(pk), str(method)) for method in rng.sample(range(1, len(METHODS) + 1), count))
        _copy(cursor, "projects_project_methods", "project_id, method_id", links)
        cursor.execute("VACUUM ANALYZE projects_project")
        cursor.execute("VACUUM ANALYZE projects_project_methods")
    print(f"{projects} projects, {len(links)} method rows in {time.perf_counter() - started:.0f} s")
    _personas()


def _django(url: str = URL) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labsite.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _personas() -> None:
    _django()
    from people.models import Institution, User
    from projects.models import Membership

    User.objects.create(username="bench-direction", is_superuser=True, institution=Institution.INRIA)
    staff = User.objects.create(username="bench-staff", institution=Institution.INRIA)
    Membership.objects.bulk_create(
        Membership(project_id=pk, user=staff, role=Membership.Role.MEMBER) for pk in (5, 50, 500, 5000, 50000)
    )


def timed(rounds: int, timeout_s: int, queries: list[str], names: list[str]) -> None:
    _django()
    from django.core.paginator import Paginator
    from django.db import connection

    from people.models import User
    from projects import views
    from projects.selectors import project_list

    try:  # the list view's paginator: capped for a search since core/pagination.py
        from core.pagination import paginator_for
    except ImportError:

        def paginator_for(rows, per_page, *, q):  # type: ignore[no-untyped-def]
            return Paginator(rows, per_page)

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = '{timeout_s}s'")
    personas = {name: User.objects.get(username=f"bench-{name}") for name in names}
    timings: dict[tuple[str, str, str], list[float]] = {}
    counts: dict[tuple[str, str], object] = {}
    for _ in range(rounds):
        for q in queries:
            for name, user in personas.items():
                rows = project_list(user=user, q=q)
                paginator = paginator_for(rows, views.PAGE_SIZE, q=q)
                for part in ("count", "page"):
                    started = time.perf_counter()
                    try:
                        if part == "count":
                            shown = paginator.count
                        else:
                            list(paginator.page(1).object_list)
                    except Exception as error:  # noqa: BLE001 - a timeout is a figure too
                        print(f"{q} {name} {part}: {type(error).__name__}", file=sys.stderr)
                        shown = None
                    timings.setdefault((q, name, part), []).append((time.perf_counter() - started) * 1000)
                counts[(q, name)] = shown
                print(f"{q} {name}: {shown} {timings[(q, name, 'count')][-1]:.0f} ms", file=sys.stderr)
    print("| q | persona | count shown | count p50 | count p95 | page p50 | page p95 |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for q in queries:
        for name in personas:
            figures = []
            for part in ("count", "page"):
                values = sorted(timings[(q, name, part)])
                p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
                figures += [f"{statistics.median(values):.1f}", f"{p95:.1f}"]
            print(f"| {q} | {name} | {counts[(q, name)]} | " + " | ".join(figures) + " |")
    subprocess.run([sys.executable, str(ROOT / "bench" / "calibrate.py"), URL], check=False)  # nosec B603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("build", "time"))
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--timeout", type=int, default=120, help="statement timeout, seconds")
    parser.add_argument("--queries", nargs="*", default=QUERIES, help="the words searched")
    parser.add_argument("--personas", nargs="*", default=("direction", "staff"), choices=("direction", "staff"))
    arguments = parser.parse_args()
    if arguments.step == "build":
        build(arguments.projects)
    else:
        timed(arguments.rounds, arguments.timeout, arguments.queries, arguments.personas)


if __name__ == "__main__":
    main()
