"""Demo data for people/: the accounts of SPEC §6 with their units and roles."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group

from people.models import Company, Department, Hospital, Institution, Team, User
from people.roles import GROUPS, Role


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    institution: str
    role: Role | None = None
    language: str = "fr"


PERSONAS = [
    Persona("director", "Claire", "Directrice", Institution.INRIA, Role.DIRECTION),
    Persona("ops", "Olivier", "Opérations", Institution.INRIA, Role.OPERATIONS),
    Persona("teamlead", "Théo", "Chef-Équipe", Institution.INRIA),
    Persona("teamlead2", "Tania", "Cheffe-Équipe", Institution.INRIA, language="en"),
    Persona("researcher", "Rémi", "Chercheur", Institution.INRIA),
    Persona("depthead", "Denise", "Cheffe-Service", Institution.APHP),
    Persona("depthead2", "Damien", "Chef-Service", Institution.APHP),
    Persona("clinician", "Camille", "Clinicienne", Institution.APHP),
    Persona("clinician2", "Cyril", "Clinicien", Institution.APHP, language="en"),
    Persona("transfer", "Tristan", "Transfert", Institution.INRIA, Role.TRANSFER_OFFICER),
    Persona("partner", "Paula", "Partenaire", Institution.PARTNER, language="en"),
]

TEAMS = [
    ("CARDIOSIM", "Cardiac modelling and simulation", "teamlead"),
    ("NEUROLEARN", "Machine learning for neuroimaging", "teamlead2"),
    ("PULSAR", "Signal processing for intensive care", None),
]
HOSPITALS = [
    ("HEGP", "Hôpital européen Georges-Pompidou"),
    ("PSL", "Hôpital de la Pitié-Salpêtrière"),
]
DEPARTMENTS = [
    ("HEGP", "Cardiologie", "depthead"),
    ("PSL", "Neuroradiologie", "depthead2"),
    ("PSL", "Réanimation médicale", None),
]
UNITS = {
    "teamlead": ("team", "CARDIOSIM"),
    "researcher": ("team", "CARDIOSIM"),
    "teamlead2": ("team", "NEUROLEARN"),
    "director": ("team", "PULSAR"),
    "ops": ("team", "PULSAR"),
    "transfer": ("team", "PULSAR"),
    "depthead": ("department", ("HEGP", "Cardiologie")),
    "clinician": ("department", ("HEGP", "Cardiologie")),
    "depthead2": ("department", ("PSL", "Neuroradiologie")),
    "clinician2": ("department", ("PSL", "Neuroradiologie")),
    "partner": ("company", "MedTech Analytics SAS"),
}


def seed() -> dict[str, User]:
    users = {p.username: _user(p) for p in PERSONAS}
    teams = {
        acronym: Team.objects.update_or_create(
            acronym=acronym, defaults={"name": name, "leader": users.get(leader) if leader else None}
        )[0]
        for acronym, name, leader in TEAMS
    }
    hospitals = {
        short: Hospital.objects.update_or_create(short_name=short, defaults={"name": name})[0]
        for short, name in HOSPITALS
    }
    departments = {
        (short, name): Department.objects.update_or_create(
            hospital=hospitals[short], name=name, defaults={"head": users.get(head) if head else None}
        )[0]
        for short, name, head in DEPARTMENTS
    }
    company, _ = Company.objects.get_or_create(name="MedTech Analytics SAS")
    for username, (kind, key) in UNITS.items():
        unit = {"team": teams.get, "department": departments.get, "company": lambda _k: company}[kind](key)
        user = users[username]
        if getattr(user, kind) != unit:
            setattr(user, kind, unit)
            user.save(update_fields=[kind])
    return users


def _user(persona: Persona) -> User:
    user, _ = User.objects.get_or_create(
        username=persona.username,
        defaults={
            "first_name": persona.first_name,
            "last_name": persona.last_name,
            "email": f"{persona.username}@labsite.example",
            "institution": persona.institution,
            "language": persona.language,
        },
    )
    if not user.check_password(settings.DEMO_PASSWORD):
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if persona.role is not None:
        user.groups.add(Group.objects.get(name=GROUPS[persona.role]))
    return user


# Requests, calls, chairs and a delegation: every state and every routing case.


@dataclass(frozen=True)
class DemoRequest:
    applicant: str
    kind: str
    unit: str  # the host team's acronym, or the host department's name
    topic: str
    share: int
    starts_in_days: int
    months: int
    decisions: tuple[tuple[str, bool], ...] = ()  # (who, approve) in order
    submit: bool = True
    withdraw: bool = False


DEMO_REQUESTS = [
    DemoRequest("clinician", "host", "CARDIOSIM", "Digital twins of the failing heart", 40, 30, 12),
    DemoRequest(
        "clinician2", "host", "CARDIOSIM", "Arrhythmia detection from wearables", 30, 45, 18, (("depthead2", True),)
    ),
    DemoRequest("clinician", "host", "NEUROLEARN", "Stroke lesion segmentation", 20, 60, 12, (("teamlead2", True),)),
    DemoRequest(
        "clinician2",
        "host",
        "NEUROLEARN",
        "Federated learning on neuroimaging cohorts",
        20,
        20,
        24,
        (("depthead2", True), ("teamlead2", True)),
    ),
    DemoRequest(
        "clinician",
        "host",
        "CARDIOSIM",
        "Patient-specific valve simulation",
        20,
        -200,
        12,
        (("teamlead", True), ("depthead", True), ("director", True)),
    ),
    DemoRequest(
        "clinician2",
        "host",
        "NEUROLEARN",
        "Reading-time prediction in neuroradiology",
        20,
        -400,
        6,
        (("teamlead2", True), ("depthead2", True), ("ops", True)),
    ),
    DemoRequest("clinician", "host", "PULSAR", "Early warning scores in intensive care", 10, 90, 12, submit=False),
    DemoRequest("depthead", "host", "CARDIOSIM", "Cardiac MRI reconstruction", 20, 30, 12, (("teamlead", True),)),
    DemoRequest("researcher", "secondment", "Cardiologie", "Bedside validation of ECG models", 50, 40, 12),
    DemoRequest(
        "researcher",
        "secondment",
        "Neuroradiologie",
        "Annotation campaign on MRI",
        50,
        100,
        6,
        (("depthead2", False),),
    ),
    DemoRequest("teamlead2", "secondment", "Neuroradiologie", "Clinical deployment study", 20, 10, 6, withdraw=True),
]


def seed_content() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from people import services
    from people.models import Call, Chair, Delegation, Position

    today = timezone.localdate()
    users = {user.username: user for user in User.objects.filter(username__in=[p.username for p in PERSONAS])}
    call, _ = Call.objects.get_or_create(
        title="Appel 2027 — postes d'accueil",
        defaults={
            "description": "Campagne annuelle de postes d'accueil dans les équipes-projets Inria.",
            "opens_on": today - timedelta(days=15),
            "closes_on": today + timedelta(days=45),
        },
    )
    for spec in DEMO_REQUESTS:
        applicant = users[spec.applicant]
        if Position.objects.filter(applicant=applicant, topic=spec.topic).exists():
            continue
        host = (
            {"team": Team.objects.get(acronym=spec.unit)}
            if spec.kind == "host"
            else {"department": Department.objects.get(name=spec.unit)}
        )
        start = today + timedelta(days=spec.starts_in_days)
        position = services.position_create(
            kind=spec.kind,
            applicant=applicant,
            time_share=spec.share,
            start_date=start,
            end_date=start + timedelta(days=30 * spec.months),
            topic=spec.topic,
            justification="Demo request.",
            call=call if spec.kind == "host" and spec.starts_in_days > 0 and not spec.decisions else None,
            today=today,
            **host,
        )
        if spec.submit:
            services.position_submit(position=position, by=applicant, today=today)
        for username, approve in spec.decisions:
            services.position_decide(
                position=position,
                by=users[username],
                approve=approve,
                comment="" if approve else "Not compatible with the department's schedule this year.",
                today=today,
            )
        if spec.withdraw:
            services.position_withdraw(position=position, by=applicant, today=today)
    if not Delegation.objects.filter(delegator=users["teamlead"]).exists():
        services.delegation_create(
            delegator=users["teamlead"],
            delegate=users["researcher"],
            starts_on=today,
            ends_on=today + timedelta(days=14),
            by=users["teamlead"],
            today=today,
        )
    for title, holders, funders in [
        ("Chaire IA et imagerie cardiaque", ["teamlead", "depthead"], ["Inria", "AP-HP", "Sorbonne Université"]),
        ("Chaire données de santé et réanimation", ["clinician2"], ["AP-HP", "Inria", "Fondation partenaire"]),
    ]:
        chair, created = Chair.objects.get_or_create(
            title=title,
            defaults={
                "description": "Chaire de recherche conjointe du laboratoire.",
                "co_funders": funders,
                "start_date": today.replace(month=1, day=1),
                "end_date": today.replace(year=today.year + 4, month=12, day=31),
            },
        )
        if created:
            chair.holders.set([users[name] for name in holders])
