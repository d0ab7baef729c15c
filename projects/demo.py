"""Demo data for projects/ (SPEC §6): joint projects across clinical domains,
some confidential, with members, milestones and data-access requests in every
state, all written through projects.services so that their history shows.

Idempotent: a project is looked up by its acronym and, when it exists, left as
it is (a second run changes nothing)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from people.models import Department, Team, User
from projects import services
from projects.models import (
    ClinicalDomain,
    DataAccessRequest,
    DataCategory,
    Membership,
    Method,
    Project,
    ProjectStatus,
)

METHODS = [
    "Machine learning",
    "Deep learning",
    "Biophysical modelling",
    "Numerical simulation",
    "Signal processing",
    "Image analysis",
    "Statistics",
    "Federated learning",
]


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    due_in_days: int
    done_days_ago: int | None = None  # done that many days ago, or not done


@dataclass(frozen=True)
class DemoProject:
    acronym: str
    title: str
    summary: str
    domain: str
    creator: str  # the first lead
    methods: tuple[str, ...]
    teams: tuple[str, ...]
    departments: tuple[str, ...]  # department names
    members: tuple[tuple[str, str], ...] = ()  # (username, role)
    status: str = ProjectStatus.ACTIVE
    confidential: bool = False
    started_days_ago: int = 365
    years: int = 3
    milestones: tuple[DemoMilestone, ...] = field(default_factory=tuple)


LEAD, MEMBER = Membership.Role.LEAD, Membership.Role.MEMBER

DEMO_PROJECTS = [
    DemoProject(
        "HEARTWATCH",
        "Surveillance continue de l'insuffisance cardiaque par jumeau numérique",
        "Confidential study: patient-specific heart models fed by remote monitoring to predict decompensation.",
        ClinicalDomain.CARDIOLOGY,
        "teamlead",
        ("Biophysical modelling", "Machine learning"),
        ("CARDIOSIM",),
        ("Cardiologie",),
        (("researcher", MEMBER), ("clinician", LEAD)),
        confidential=True,
        milestones=(
            DemoMilestone("Cohort definition signed off", -120, 110),
            DemoMilestone("First calibrated twins", 6),
            DemoMilestone("Interim report to the steering committee", 40),
        ),
    ),
    DemoProject(
        "CARDIO-ML",
        "Cardiac arrhythmia detection from wearable ECG",
        "Deep networks for atrial fibrillation screening on single-lead recordings.",
        ClinicalDomain.CARDIOLOGY,
        "researcher",
        ("Deep learning", "Signal processing"),
        ("CARDIOSIM",),
        ("Cardiologie",),
        (("partner", MEMBER), ("clinician", MEMBER), ("teamlead", MEMBER)),
        milestones=(
            DemoMilestone("Annotated ECG dataset", -60, 55),
            DemoMilestone("Model validated on the HEGP cohort", 10),
        ),
    ),
    DemoProject(
        "VALVESIM",
        "Simulation patient-spécifique des valves cardiaques",
        "Fluid-structure interaction models to plan transcatheter valve implantation.",
        ClinicalDomain.CARDIOLOGY,
        "teamlead",
        ("Numerical simulation", "Biophysical modelling"),
        ("CARDIOSIM",),
        ("Cardiologie",),
        (("depthead", MEMBER),),
        status=ProjectStatus.COMPLETED,
        started_days_ago=1500,
        years=4,
        milestones=(DemoMilestone("Final report", -100, 95),),
    ),
    DemoProject(
        "STROKESEG",
        "Segmentation des lésions d'AVC en IRM de diffusion",
        "Stroke lesion segmentation on diffusion MRI for thrombectomy decisions.",
        ClinicalDomain.NEUROLOGY,
        "teamlead2",
        ("Deep learning", "Image analysis"),
        ("NEUROLEARN",),
        ("Neuroradiologie",),
        (("clinician2", MEMBER), ("depthead2", LEAD)),
        milestones=(
            DemoMilestone("Annotation protocol", -30, 28),
            DemoMilestone("Inter-reader agreement study", 3),
        ),
    ),
    DemoProject(
        "NEUROFED",
        "Federated learning across neuroimaging cohorts",
        "Confidential: training brain MRI models without moving data between hospitals.",
        ClinicalDomain.RADIOLOGY,
        "teamlead2",
        ("Federated learning", "Machine learning"),
        ("NEUROLEARN",),
        ("Neuroradiologie",),
        (("clinician2", MEMBER),),
        confidential=True,
        milestones=(DemoMilestone("Second site connected", 12),),
    ),
    DemoProject(
        "ICU-PULSE",
        "Early warning of septic shock from bedside monitoring signals",
        "Signal processing and survival models on intensive care monitoring streams.",
        ClinicalDomain.INTENSIVE_CARE,
        "ops",
        ("Signal processing", "Statistics"),
        ("PULSAR",),
        ("Réanimation médicale",),
        (("clinician", MEMBER), ("researcher", MEMBER)),
        milestones=(
            DemoMilestone("Data pipeline from the monitors", -15, 20),
            DemoMilestone("Retrospective evaluation", 8),
        ),
    ),
    DemoProject(
        "VENTILO",
        "Asynchronies patient-ventilateur en réanimation",
        "Confidential: detecting patient-ventilator asynchrony from pressure and flow curves.",
        ClinicalDomain.INTENSIVE_CARE,
        "director",
        ("Signal processing", "Deep learning"),
        ("PULSAR",),
        ("Réanimation médicale",),
        (("depthead", MEMBER),),
        status=ProjectStatus.PROPOSED,
        confidential=True,
        started_days_ago=-30,
        milestones=(DemoMilestone("Ethics committee file", 14),),
    ),
    DemoProject(
        "LUNGSCAN",
        "Quantification of lung fibrosis on CT",
        "Image analysis of interstitial lung disease progression.",
        ClinicalDomain.PULMONOLOGY,
        "researcher",
        ("Image analysis", "Statistics"),
        ("NEUROLEARN", "CARDIOSIM"),
        ("Neuroradiologie",),
        (("clinician2", MEMBER),),
        status=ProjectStatus.STOPPED,
        started_days_ago=700,
        years=2,
    ),
    DemoProject(
        "ANESTHIA",
        "Prediction of intraoperative hypotension",
        "Machine learning on anaesthesia records to anticipate hypotension during surgery.",
        ClinicalDomain.ANAESTHESIA,
        "teamlead",
        ("Machine learning",),
        ("PULSAR", "CARDIOSIM"),
        ("Réanimation médicale", "Cardiologie"),
        (("clinician", MEMBER),),
        status=ProjectStatus.PROPOSED,
        started_days_ago=-60,
        milestones=(DemoMilestone("Feasibility study", 30),),
    ),
]


def seed() -> None:
    """Reference data: the digital methods used as tags."""
    for name in METHODS:
        Method.objects.get_or_create(name=name)


def seed_content() -> None:
    today = timezone.localdate()
    users = {user.username: user for user in User.objects.all()}
    teams = {team.acronym: team for team in Team.objects.all()}
    departments = {department.name: department for department in Department.objects.all()}
    created: dict[str, Project] = {}
    for spec in DEMO_PROJECTS:
        if Project.objects.filter(acronym=spec.acronym).exists():
            continue
        created[spec.acronym] = _project(spec, users, teams, departments, today)
    if "ICU-PULSE" in created:
        _data_requests(created["ICU-PULSE"], users, departments, today)
    if "HEARTWATCH" in created:
        _heartwatch_requests(created["HEARTWATCH"], users, departments, today)


def _project(
    spec: DemoProject, users: dict[str, User], teams: dict[str, Team], departments: dict[str, Department], today: date
) -> Project:
    creator = users[spec.creator]
    start = today - timedelta(days=spec.started_days_ago)
    project = services.project_create(
        by=creator,
        acronym=spec.acronym,
        title=spec.title,
        summary=spec.summary,
        clinical_domain=spec.domain,
        status=spec.status,
        confidential=spec.confidential,
        start_date=start,
        end_date=start + timedelta(days=365 * spec.years),
        methods=list(spec.methods),
        teams=[teams[acronym] for acronym in spec.teams],
        departments=[departments[name] for name in spec.departments],
    )
    for username, role in spec.members:
        services.member_add(project=project, by=creator, user=users[username], role=role)
    for milestone_spec in spec.milestones:
        milestone = services.milestone_create(
            project=project,
            by=creator,
            title=milestone_spec.title,
            due_date=today + timedelta(days=milestone_spec.due_in_days),
        )
        if milestone_spec.done_days_ago is not None:
            services.milestone_set_done(
                milestone=milestone,
                by=creator,
                done=True,
                evidence_url=f"https://intranet.labsite.example/projects/{spec.acronym.lower()}/evidence",
                today=today - timedelta(days=milestone_spec.done_days_ago),
            )
    return project


def _data_requests(project: Project, users: dict[str, User], departments: dict[str, Department], today: date) -> None:
    """ICU-PULSE: one approved (committee reference and expiry), one awaiting a
    decision, one draft."""
    lead = users["ops"]
    approved = services.data_request_create(
        project=project,
        by=lead,
        route=DataAccessRequest.Route.COMMITTEE,
        perimeter="Adults admitted to intensive care with sepsis, 2019-2024.",
        categories=[DataCategory.DEMOGRAPHICS, DataCategory.SIGNALS, DataCategory.BIOLOGY],
    )
    services.data_request_submit(request=approved, by=lead)
    services.data_request_decide(
        request=approved,
        by=users["director"],
        approve=True,
        committee_reference="CSE-24-117",
        expires_on=today + timedelta(days=365),
        today=today,
    )
    waiting = services.data_request_create(
        project=project,
        by=lead,
        route=DataAccessRequest.Route.INTERNAL,
        department=departments["Réanimation médicale"],
        perimeter="Ventilated patients of the department, last 12 months.",
        categories=[DataCategory.SIGNALS, DataCategory.MEDICATION],
    )
    services.data_request_submit(request=waiting, by=lead)
    services.data_request_create(
        project=project,
        by=lead,
        route=DataAccessRequest.Route.COMMITTEE,
        perimeter="Prospective extension: all ICU stays, 2025.",
        categories=[DataCategory.NOTES],
    )


def _heartwatch_requests(
    project: Project, users: dict[str, User], departments: dict[str, Department], today: date
) -> None:
    """HEARTWATCH (confidential): one internal request awaiting a decision."""
    lead = users["teamlead"]
    request = services.data_request_create(
        project=project,
        by=lead,
        route=DataAccessRequest.Route.INTERNAL,
        department=departments["Cardiologie"],
        perimeter="Heart failure outpatients followed in cardiology since 2022.",
        categories=[DataCategory.DEMOGRAPHICS, DataCategory.IMAGING, DataCategory.BIOLOGY],
    )
    services.data_request_submit(request=request, by=lead)
