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
