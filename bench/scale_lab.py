"""The lab of issue 14, built fast in a database of its own, for bench/scale.py.

    build("postgres://postgres@127.0.0.1:5432/labsite_scale", projects=1_000_000)

20,000 people (500 project-teams, 100 departments, 200 partner companies),
``projects`` projects (20 % confidential, about 3.7 members each), a host-position
request for every ten projects (at least 2,000) in every state with their
decisions, and the per-object grants on them computed by ``people.grants``
(the app's own rule), an innovation for every fifty projects (at least 500) with
agreements and deployments. The database is dropped, created again and migrated
with ``manage.py migrate`` under ``bench.scale_settings`` (the production
settings), then filled with COPY.

Foreign keys are not checked row by row while loading (``session_replication_role
= replica``) on tables without insert triggers of their own; a table with such
triggers (a stored search document, say) is loaded with them on, so that whatever
they maintain is right when the load ends: its foreign keys are then checked, so
it is loaded after the rows it points to (people after their units, requests
after people, agreements after innovations). The rows are consistent by
construction.

The personas, by username (``PERSONAS``): ``bench-direction``; ``bench-staff``,
a member of five projects (two confidential) who sees the non-confidential ones;
``bench-partner``, a partner member of one project; ``bench-leader``, the leader
of the busiest team (about 329 requests awaiting at 1 M projects);
``bench-head``, the head of the busiest department.
"""

import os
import random
import subprocess  # nosec B404  # manage.py migrate of this checkout, fixed arguments, no shell
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/labsite_scale"
PEOPLE = 20_000
TEAMS = 500
DEPARTMENTS = 100
HOSPITALS = 10
COMPANIES = 200
MEMBERSHIP_DAYS = 4 * 365
METHODS = 20

# Fixed ids: the personas come first.
DIRECTION, DIRECTION_2, STAFF, PARTNER, LEADER, HEAD, OPERATIONS, OPERATIONS_2 = range(1, 9)
TRANSFER_OFFICERS = (9, 10, 11, 12)
PERSONAS = {
    "direction": "bench-direction",
    "staff": "bench-staff",
    "partner": "bench-partner",
    "leader": "bench-leader",
    "head": "bench-head",
}
BUSY_TEAM = 1  # bench-leader's
BUSY_DEPARTMENT = 1  # bench-head's
# The share of all requests that go to the busy team and the busy department.
BUSY_SHARE = 0.0136
STAFF_PROJECTS = 5
SEED = 14

FR_TITLES = (
    "Prédiction précoce du sepsis en réanimation",
    "Imagerie cardiaque et modèles prédictifs de l'insuffisance",
    "Segmentation des tumeurs hépatiques en chirurgie hépatobiliaire",
    "Détection des accidents vasculaires cérébraux aux urgences",
    "Suivi de la fonction respiratoire par signaux physiologiques",
    "Aide à la décision en anesthésie pédiatrique",
    "Entrepôt de données et phénotypage des maladies rares",
    "Analyse automatique des comptes rendus de radiologie",
    "Modélisation de la progression de la sclérose en plaques",
    "Optimisation des parcours de soins en oncologie",
)
EN_TITLES = (
    "Deep learning for cardiac imaging",
    "Early warning scores in intensive care",
    "Federated learning on clinical notes",
    "Graph models of hospital-acquired infections",
    "Simulation of liver surgery planning",
    "Natural language processing of discharge summaries",
)
SUMMARY_WORDS = [
    "apprentissage",
    "automatique",
    "données",
    "cohorte",
    "patients",
    "hôpital",
    "modèle",
    "validation",
    "prospective",
    "essai",
    "clinique",
    "signal",
    "image",
    "réseau",
    "neuronal",
    "biomarqueur",
    "survie",
    "risque",
    "score",
    "prédiction",
    "learning",
    "model",
    "cohort",
    "patients",
    "validation",
    "imaging",
    "outcome",
    "risk",
    "survival",
    "trial",
]
DOMAINS = (
    "cardiology",
    "pulmonology",
    "neurology",
    "radiology",
    "hepatobiliary_surgery",
    "anaesthesia",
    "intensive_care",
    "oncology",
    "other",
)
METHOD_NAMES = (
    "Apprentissage profond",
    "Apprentissage statistique",
    "Simulation numérique",
    "Traitement du signal",
    "Traitement d'images",
    "Traitement automatique des langues",
    "Optimisation",
    "Modèles graphiques",
    "Inférence causale",
    "Apprentissage fédéré",
    "Robotique",
    "Réalité virtuelle",
    "Visualisation",
    "Géométrie computationnelle",
    "Calcul haute performance",
    "Statistiques bayésiennes",
    "Séries temporelles",
    "Vérification formelle",
    "Modélisation biomécanique",
    "Cryptographie",
)


def counts_for(projects: int) -> dict[str, int]:
    return {
        "people": PEOPLE,
        "projects": projects,
        "positions": max(2_000, projects // 10),
        "innovations": max(500, projects // 50),
    }


# The database -----------------------------------------------------------------------


def recreate_database(database_url: str) -> None:
    """Drop and create the database, then ``manage.py migrate`` it under the bench's production settings."""
    import psycopg

    admin_url, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    environment = {**os.environ, **settings_environment(database_url)}
    subprocess.run(  # nosec B603  # this Python and this checkout's manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
    )


def settings_environment(database_url: str) -> dict[str, str]:
    """What ``bench.scale_settings`` (production settings) needs from the environment."""
    return {"DJANGO_SETTINGS_MODULE": "bench.scale_settings", "DATABASE_URL": database_url}


class Loader:
    """COPY into tables, foreign keys unchecked where the table has no trigger of its own."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.rows: dict[str, int] = {}

    def has_own_triggers(self, table: str) -> bool:
        """Whether a trigger of the table's own fires on a row inserted (``tgtype``'s
        INSERT bit): one that fires only on an update (a unit renamed asks its
        people's search documents again) has nothing to do while COPY loads."""
        row = self.connection.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgtype & 4 <> 0",
            [table],
        ).fetchone()
        return bool(row[0])

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        role = "origin" if self.has_own_triggers(table) else "replica"
        self.connection.execute(f"SET session_replication_role = {role}")
        count = 0
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        self.connection.execute("SET session_replication_role = origin")
        self.rows[table] = self.rows.get(table, 0) + count
        return count

    def reset_sequence(self, table: str) -> None:
        highest = f"SELECT coalesce(max(id), 1) FROM {table}"  # nosec B608  # a model's table name, no input
        self.connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({highest}))")


def table(model: Any) -> str:
    return model._meta.db_table


def through(model: Any, field: str) -> str:
    return model._meta.get_field(field).remote_field.through._meta.db_table


# The lab -------------------------------------------------------------------------------


class Lab:
    """Who is who, decided in memory before anything is written."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.institution: dict[int, str] = {}
        self.team: dict[int, int | None] = {}
        self.department: dict[int, int | None] = {}
        self.company: dict[int, int | None] = {}
        fixed = {
            DIRECTION: ("inria", 2, None, None),
            DIRECTION_2: ("aphp", None, 2, None),
            STAFF: ("inria", 3, None, None),
            PARTNER: ("partner", None, None, 1),
            LEADER: ("inria", BUSY_TEAM, None, None),
            HEAD: ("aphp", None, BUSY_DEPARTMENT, None),
            OPERATIONS: ("inria", 4, None, None),
            OPERATIONS_2: ("aphp", None, 3, None),
        }
        for pk in range(1, PEOPLE + 1):
            if pk in fixed:
                institution, team, department, company = fixed[pk]
            else:
                roll = rng.random()
                team = department = company = None
                if roll < 0.45:
                    institution, team = "inria", rng.randint(1, TEAMS)
                elif roll < 0.85:
                    institution, department = "aphp", rng.randint(1, DEPARTMENTS)
                elif roll < 0.90:
                    institution = "academic"
                else:
                    institution, company = "partner", rng.randint(1, COMPANIES)
            self.institution[pk], self.team[pk] = institution, team
            self.department[pk], self.company[pk] = department, company
        ordinary = [pk for pk in self.institution if pk > max(TRANSFER_OFFICERS)]
        self.staff = [pk for pk in ordinary if self.institution[pk] != "partner"]
        self.partners = [pk for pk in ordinary if self.institution[pk] == "partner"]
        self.inria_by_team: dict[int, list[int]] = {}
        self.aphp_by_department: dict[int, list[int]] = {}
        for pk in ordinary:
            if self.team[pk]:
                self.inria_by_team.setdefault(self.team[pk], []).append(pk)  # type: ignore[arg-type]
            if self.department[pk]:
                self.aphp_by_department.setdefault(self.department[pk], []).append(pk)  # type: ignore[arg-type]
        self.inria = [pk for pk in ordinary if self.institution[pk] == "inria"]
        self.aphp = [pk for pk in ordinary if self.institution[pk] == "aphp"]
        # Leaders and heads: the personas for the busy units, someone of the unit elsewhere.
        self.leader = {
            t: LEADER if t == BUSY_TEAM else rng.choice(self.inria_by_team.get(t) or self.inria)
            for t in range(1, TEAMS + 1)
        }
        self.head = {
            d: HEAD if d == BUSY_DEPARTMENT else rng.choice(self.aphp_by_department.get(d) or self.aphp)
            for d in range(1, DEPARTMENTS + 1)
        }


def build(database_url: str = DEFAULT_DATABASE_URL, projects: int = 1_000_000, *, say: Callable = print) -> dict:
    """Drop, create, migrate and fill the bench database; returns the counts and timings."""
    started = time.monotonic()
    recreate_database(database_url)
    migrated = time.monotonic()
    say(f"  database created and migrated in {migrated - started:.0f} s")
    os.environ.update(settings_environment(database_url))
    import django

    django.setup()
    import psycopg

    rng = random.Random(SEED)  # nosec B311  # reproducible fake data, no secret
    lab = Lab(rng)
    sizes = counts_for(projects)
    now = datetime.now(UTC).replace(microsecond=0)
    with psycopg.connect(database_url, autocommit=True) as connection:
        loader = Loader(connection)
        _units_and_people(loader, lab, now)
        _projects(loader, lab, rng, projects, now, say)
        positions = _positions(loader, lab, rng, sizes["positions"], now)
        _innovations(loader, lab, rng, sizes["innovations"], projects, now)
        for name in (
            "people_user",
            "people_team",
            "people_department",
            "people_hospital",
            "people_company",
            "projects_project",
            "projects_method",
            "people_position",
            "transfer_innovation",
            "people_call",
            "people_chair",
        ):
            loader.reset_sequence(name)
        loaded = time.monotonic()
        say(f"  rows loaded in {loaded - migrated:.0f} s")
        routed = route_positions()
        say(f"  the routing of {routed} submitted requests set by people.workflow.positions_reroute")
        grants = grant_positions(connection, loader)
        say(f"  {grants} grants computed by people.grants in {time.monotonic() - loaded:.0f} s")
        checked = check_grants(sample=300)
        say(f"  grants of {checked} sampled requests checked against people.grants.position_viewer_ids")
        analysed = time.monotonic()
        # Each project's row is written twice (its methods' trigger computes its search
        # document again): without a rewrite the first 900 MB of the table are empty
        # pages, which a sequential scan that stops early (a common word's capped
        # search) reads through whenever it starts at the table's beginning, 160 ms
        # against 15. A lab's real table has its free space spread by the years' updates.
        connection.execute("VACUUM (FULL)")
        # VACUUM FULL leaves the visibility map empty: index-only scans need it.
        connection.execute("VACUUM (ANALYZE)")
        say(f"  VACUUM (FULL) and VACUUM (ANALYZE) in {time.monotonic() - analysed:.0f} s")
    total = time.monotonic() - started
    return {"seconds": total, "rows": dict(loader.rows), "positions": positions, **sizes}


def _units_and_people(loader: Loader, lab: Lab, now: datetime) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from people.roles import GROUPS, Role

    loader.copy(
        "people_hospital",
        ["id", "name", "short_name"],
        ((n, f"Hôpital universitaire {n}", f"HU{n:02d}") for n in range(1, HOSPITALS + 1)),
    )
    loader.copy(
        "people_team",
        ["id", "acronym", "name", "leader_id"],
        ((t, f"TEAM{t:03d}", f"Équipe-projet {t}", lab.leader[t]) for t in range(1, TEAMS + 1)),
    )
    loader.copy(
        "people_department",
        ["id", "name", "hospital_id", "head_id"],
        ((d, f"Service {d}", (d - 1) % HOSPITALS + 1, lab.head[d]) for d in range(1, DEPARTMENTS + 1)),
    )
    loader.copy("people_company", ["id", "name"], ((c, f"Medtech {c:03d}") for c in range(1, COMPANIES + 1)))
    password = make_password("labsite-bench")
    usernames = {
        DIRECTION: PERSONAS["direction"],
        STAFF: PERSONAS["staff"],
        PARTNER: PERSONAS["partner"],
        LEADER: PERSONAS["leader"],
        HEAD: PERSONAS["head"],
    }

    def people() -> Iterator[tuple]:
        for pk in range(1, PEOPLE + 1):
            username = usernames.get(pk, f"user{pk:05d}")
            yield (
                pk,
                password,
                False,
                username,
                f"Prénom{pk}",
                f"Nom{pk % 7919:04d}",
                f"{username}@bench.labsite.example",
                False,
                True,
                now - timedelta(days=pk % 1800),
                lab.institution[pk],
                lab.team[pk],
                lab.department[pk],
                lab.company[pk],
                "",
                None,
                "fr" if pk % 10 < 7 else "en",
                "weekly",
            )

    loader.copy(
        "people_user",
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "institution",
            "team_id",
            "department_id",
            "company_id",
            "employee_id",
            "pending_since",
            "language",
            "digest",
        ],
        people(),
    )
    groups = {role: Group.objects.get(name=GROUPS[role]).pk for role in GROUPS}
    members = [
        (DIRECTION, groups[Role.DIRECTION]),
        (DIRECTION_2, groups[Role.DIRECTION]),
        (OPERATIONS, groups[Role.OPERATIONS]),
        (OPERATIONS_2, groups[Role.OPERATIONS]),
        *((pk, groups[Role.TRANSFER_OFFICER]) for pk in TRANSFER_OFFICERS),
    ]
    loader.copy("people_user_groups", ["user_id", "group_id"], members)


def _projects(loader: Loader, lab: Lab, rng: random.Random, n: int, now: datetime, say: Callable) -> None:
    from projects.models import Project

    loader.copy("projects_method", ["id", "name"], ((k + 1, name) for k, name in enumerate(METHOD_NAMES)))
    confidential = [rng.random() < 0.2 for _ in range(n + 1)]
    # bench-staff: five projects spread over the table, two of them confidential.
    staff_projects = [max(1, n * k // STAFF_PROJECTS - 7) for k in range(1, STAFF_PROJECTS + 1)]
    for k, pk in enumerate(staff_projects):
        confidential[pk] = k < 2
    partner_project = staff_projects[-1] - 1
    confidential[partner_project] = False

    def project_rows() -> Iterator[tuple]:
        for pk in range(1, n + 1):
            english = pk % 4 == 0
            titles = EN_TITLES if english else FR_TITLES
            title = f"{titles[(pk * 7) % len(titles)]} ({pk})"
            words = rng.sample(SUMMARY_WORDS, 12)
            start = date(2020, 1, 1) + timedelta(days=pk % 2000)
            created = now - timedelta(minutes=(n - pk) * 3)
            yield (
                pk,
                f"P{pk:07d}",
                f"p{pk:07d}",
                title,
                " ".join(words).capitalize() + ".",
                DOMAINS[pk % len(DOMAINS)],
                ("proposed", "active", "active", "active", "completed", "stopped")[pk % 6],
                confidential[pk],
                start,
                start + timedelta(days=365 * (1 + pk % 4)),
                created,
                created,
            )

    started = time.monotonic()
    loader.copy(
        table(Project),
        [
            "id",
            "acronym",
            "acronym_key",
            "title",
            "summary",
            "clinical_domain",
            "status",
            "confidential",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
        ],
        project_rows(),
    )
    say(f"  {n} projects in {time.monotonic() - started:.0f} s")
    loader.copy(
        through(Project, "methods"),
        ["project_id", "method_id"],
        ((pk, method) for pk in range(1, n + 1) for method in rng.sample(range(1, METHODS + 1), 1 + (pk % 2))),
    )
    loader.copy(
        through(Project, "teams"), ["project_id", "team_id"], ((pk, rng.randint(1, TEAMS)) for pk in range(1, n + 1))
    )
    loader.copy(
        through(Project, "departments"),
        ["project_id", "department_id"],
        ((pk, rng.randint(1, DEPARTMENTS)) for pk in range(1, n + 1)),
    )
    sizes = (2, 3, 3, 4, 4, 5, 5)

    def memberships() -> Iterator[tuple]:
        extra = {pk: [STAFF] for pk in staff_projects}
        extra.setdefault(partner_project, []).append(PARTNER)
        for pk in range(1, n + 1):
            people = rng.sample(lab.staff, sizes[pk % len(sizes)])
            if pk % 50 == 0:
                people.append(rng.choice(lab.partners))
            people += extra.get(pk, [])
            for k, person in enumerate(people):
                # Joined over the last four years (about 6 % in the last 90 days, which the
                # access review counts), without drawing from ``rng``: the rest of the lab
                # stays the same.
                joined = now - timedelta(days=(pk * 37 + person * 11) % MEMBERSHIP_DAYS)
                yield (pk, person, "lead" if k == 0 else "member", joined)

    started = time.monotonic()
    loader.copy("projects_membership", ["project_id", "user_id", "role", "joined_at"], memberships())
    say(f"  {loader.rows['projects_membership']} memberships in {time.monotonic() - started:.0f} s")
    loader.copy(
        "projects_milestone",
        ["project_id", "title", "due_date", "done_on", "evidence_url"],
        ((pk, f"Jalon {pk}", date(2026, 1, 1) + timedelta(days=pk % 700), None, "") for pk in range(1, n + 1)),
    )
    statuses = ("draft", "submitted", "approved", "rejected")

    def data_requests() -> Iterator[tuple]:
        for pk in range(1, n + 1, 10):
            status = statuses[pk % 4]
            decided = status in ("approved", "rejected")
            yield (
                pk,
                lab.staff[pk % len(lab.staff)],
                "committee",
                None,
                "Adultes, 2020-2025",
                '["biology"]',
                "CSE-24-001" if status == "approved" else "",
                status,
                DIRECTION if decided else None,
                now if decided else None,
                date(2027, 6, 1) if status == "approved" else None,
                "",
                now,
                confidential[pk],
            )

    loader.copy(
        "projects_dataaccessrequest",
        [
            "project_id",
            "requested_by_id",
            "route",
            "department_id",
            "perimeter",
            "categories",
            "committee_reference",
            "status",
            "decided_by_id",
            "decided_at",
            "expires_on",
            "reason",
            "created_at",
            "project_confidential",
        ],
        data_requests(),
    )


# Requests: status → the decided steps (step, outcome), by variant.
DECISIONS = {
    "draft": [[]],
    "submitted": [[], [], [("department", "approved")], [("team", "approved")]],
    "endorsed": [[("team", "approved"), ("department", "approved")]],
    "approved": [[("team", "approved"), ("department", "approved"), ("final", "approved")]],
    "rejected": [
        [("team", "rejected")],
        [("team", "approved"), ("department", "rejected")],
        [("team", "approved"), ("department", "approved"), ("final", "rejected")],
    ],
    "withdrawn": [[], [("team", "approved")]],
}
STATUSES = ["draft"] * 10 + ["submitted"] * 30 + ["endorsed"] * 15 + ["approved"] * 30 + ["rejected"] * 10
STATUSES += ["withdrawn"] * 5


def _positions(loader: Loader, lab: Lab, rng: random.Random, n: int, now: datetime) -> int:
    today = now.date()
    loader.copy(
        "people_call",
        ["id", "title", "description", "opens_on", "closes_on"],
        ((k, f"Appel à candidatures {2020 + k}", "", date(2020 + k, 1, 1), date(2020 + k, 3, 31)) for k in range(1, 8)),
    )
    loader.copy(
        "people_chair",
        ["id", "title", "description", "co_funders", "start_date", "end_date"],
        ((k, f"Chaire {k}", "", '["inria", "aphp"]', date(2022, 1, 1), date(2027, 1, 1)) for k in range(1, 31)),
    )
    loader.copy("people_chair_holders", ["chair_id", "user_id"], ((k, lab.staff[k * 37]) for k in range(1, 31)))
    busy_team = [pk for pk in lab.inria_by_team.get(BUSY_TEAM, []) if pk != LEADER]
    busy_department = [pk for pk in lab.aphp_by_department.get(BUSY_DEPARTMENT, []) if pk != HEAD]
    positions: list[tuple] = []
    decisions: list[tuple] = []
    for pk in range(1, n + 1):
        host = pk % 2 == 0
        status = STATUSES[rng.randrange(len(STATUSES))]
        steps = rng.choice(DECISIONS[status])
        if host:
            # From a department into a team: the busy team receives some, the busy department sends some.
            applicant = rng.choice(busy_department) if rng.random() < BUSY_SHARE else rng.choice(lab.aphp)
            team = BUSY_TEAM if rng.random() < BUSY_SHARE else rng.randint(2, TEAMS)
            department = lab.department[applicant]
        else:
            applicant = rng.choice(busy_team) if rng.random() < BUSY_SHARE else rng.choice(lab.inria)
            department = BUSY_DEPARTMENT if rng.random() < BUSY_SHARE else rng.randint(2, DEPARTMENTS)
            team = lab.team[applicant]
        created = now - timedelta(minutes=(n - pk) * 17)
        never_submitted = status == "draft" or (status == "withdrawn" and not steps and pk % 2)
        submitted = None if never_submitted else created + timedelta(hours=2)
        waiting = submitted + timedelta(days=len(steps)) if status in ("submitted", "endorsed") else None  # type: ignore[operator]
        closed = created + timedelta(days=20) if status in ("approved", "rejected", "withdrawn") else None
        start = today + timedelta(days=rng.randint(-400, 120))
        positions.append(
            (
                pk,
                "host" if host else "secondment",
                applicant,
                team,
                department,
                rng.choice((10, 20, 30, 50)),
                start,
                start + timedelta(days=rng.randint(90, 700)),
                f"Sujet de recherche {pk}",
                "",
                (pk % 7) + 1 if pk % 3 == 0 else None,
                status,
                created,
                closed or created,
                submitted,
                waiting,
                closed,
                # Whether each endorsement has its decision (below), as position_decide keeps them.
                any(step == "team" for step, _ in steps),
                any(step == "department" for step, _ in steps),
                # Endorsed: awaits direction. Submitted: as ``route_positions`` finds below.
                status == "endorsed",
            )
        )
        for k, (step, outcome) in enumerate(steps):
            by = {"team": lab.leader[team], "department": lab.head[department]}.get(step, DIRECTION)
            if by == applicant:
                by = DIRECTION if applicant != DIRECTION else DIRECTION_2
            decisions.append((pk, step, outcome, by, None, submitted + timedelta(days=k + 1), ""))  # type: ignore[operator]
    loader.copy(
        "people_position",
        [
            "id",
            "kind",
            "applicant_id",
            "team_id",
            "department_id",
            "time_share",
            "start_date",
            "end_date",
            "topic",
            "justification",
            "call_id",
            "status",
            "created_at",
            "updated_at",
            "submitted_at",
            "waiting_since",
            "closed_at",
            "team_decided",
            "department_decided",
            "awaits_direction",
        ],
        positions,
    )
    loader.copy(
        "people_decision",
        ["position_id", "step", "outcome", "decided_by_id", "on_behalf_of_id", "decided_at", "comment"],
        decisions,
    )
    # A few approvers away: their delegates stand in for them today.
    heads = sorted({*lab.leader.values(), *lab.head.values()} - {LEADER, HEAD})
    loader.copy(
        "people_delegation",
        ["delegator_id", "delegate_id", "starts_on", "ends_on", "created_at"],
        (
            (head, lab.staff[(head * 13) % len(lab.staff)], today - timedelta(days=3), today + timedelta(days=10), now)
            for head in rng.sample(heads, 20)
            if lab.staff[(head * 13) % len(lab.staff)] != head
        ),
    )
    return n


def _innovations(loader: Loader, lab: Lab, rng: random.Random, n: int, projects: int, now: datetime) -> None:
    from transfer.models import Innovation

    stages = ("identified", "evaluating", "protecting", "transferring", "transferred", "abandoned")
    titles = ("Outil d'aide à la décision", "Logiciel de segmentation", "Jeu de données annoté", "Capteur connecté")

    def innovation_rows() -> Iterator[tuple]:
        for pk in range(1, n + 1):
            stage = stages[pk % len(stages)]
            created = now - timedelta(hours=(n - pk) * 5)
            yield (
                pk,
                f"{titles[pk % len(titles)]} {pk}",
                "Issu d'un projet commun du laboratoire.",
                ("software", "patent", "dataset", "device", "method")[pk % 5],
                1 + pk % 9,
                stage,
                ("licence", "startup", "hospital")[pk % 3],
                rng.randint(1, projects),
                rng.random() < 0.6,
                created,
                date(2025, 6, 1) if stage == "transferred" else None,
                created,
                created,
            )

    loader.copy(
        table(Innovation),
        [
            "id",
            "title",
            "description",
            "kind",
            "readiness_level",
            "stage",
            "route",
            "project_id",
            "confidential",
            "stage_changed_at",
            "transferred_on",
            "created_at",
            "updated_at",
        ],
        innovation_rows(),
    )
    loader.copy(
        through(Innovation, "owners"),
        ["innovation_id", "user_id"],
        ((pk, TRANSFER_OFFICERS[pk % len(TRANSFER_OFFICERS)]) for pk in range(1, n + 1)),
    )
    loader.copy(
        "transfer_agreement",
        ["kind", "partner_id", "innovation_id", "signed_on", "expires_on", "reference", "created_at"],
        (
            (
                ("nda", "collaboration", "licence")[(pk + k) % 3],
                rng.randint(1, COMPANIES),
                pk,
                date(2024, 1, 1) + timedelta(days=pk % 600),
                date(2027, 1, 1) + timedelta(days=pk % 600),
                f"AGR-{pk}-{k}",
                now,
            )
            for pk in range(1, n + 1)
            for k in range(1 + pk % 2)
        ),
    )
    loader.copy(
        "transfer_deployment",
        ["innovation_id", "hospital_id", "department_id", "system_name", "go_live_on", "status", "created_at"],
        (
            (pk, 1 + pk % HOSPITALS, None, "DPI", date(2025, 1, 1), ("planned", "pilot", "live")[pk % 3], now)
            for pk in range(1, n + 1, 5)
        ),
    )


# Grants: the app's own rule ---------------------------------------------------------


def route_positions() -> int:
    """Each submitted request's endorsements routed as ``Position.save`` would
    have routed them (COPY wrote no routing), by the app's own statement."""
    from django.db.models import Q

    from people.workflow import positions_reroute

    return positions_reroute(Q())


def grant_positions(connection: Any, loader: Loader) -> int:
    """The grants of every submitted or decided request, as ``people.grants`` computes
    them (``position_viewer_ids`` with today's ``Approvers``), written with COPY."""
    from django.utils import timezone

    from people.grants import _view_permission_id, position_viewer_ids
    from people.models import Position, PositionStatus
    from people.workflow import Approvers

    approvers = Approvers(timezone.localdate())
    permission_id = _view_permission_id()
    positions = (
        Position.objects.exclude(status=PositionStatus.DRAFT)
        .select_related("team__leader", "department__head")
        .order_by("pk")
    )

    def rows() -> Iterator[tuple]:
        for position in positions.iterator(chunk_size=2000):
            for user_id in sorted(position_viewer_ids(position, approvers)):
                yield (permission_id, user_id, position.pk)

    return loader.copy("people_positionuserobjectpermission", ["permission_id", "user_id", "content_object_id"], rows())


def check_grants(*, sample: int) -> int:
    """Compare the stored grants of ``sample`` random requests with what
    ``people.grants.position_viewer_ids`` says of them now."""
    from django.utils import timezone

    from people.grants import position_viewer_ids
    from people.models import Position, PositionUserObjectPermission
    from people.workflow import Approvers

    approvers = Approvers(timezone.localdate())
    ids = list(Position.objects.values_list("pk", flat=True))
    chosen = random.Random(SEED).sample(ids, min(sample, len(ids)))  # nosec B311  # a sample, no secret
    positions = Position.objects.filter(pk__in=chosen).select_related("team__leader", "department__head")
    for position in positions:
        stored = set(
            PositionUserObjectPermission.objects.filter(content_object=position).values_list("user_id", flat=True)
        )
        wanted = position_viewer_ids(position, approvers)
        if stored != wanted:
            raise AssertionError(f"Request {position.pk}: grants {sorted(stored)}, the app says {sorted(wanted)}")
    return len(chosen)
