"""The transfer records every transfer test can build on, and who sees them
(SPEC §3), written once.

Projects:
- ``OPEN`` (not confidential): ``teamlead`` leads it; ``clinician2`` and
  ``partner`` are members;
- ``SECRET`` (confidential): ``researcher`` leads it; ``clinician`` is a member.

Innovations (key → what it is):
- ``public``: not confidential, project OPEN, an NDA with ``partner``'s company;
- ``hidden``: confidential, project OPEN, an NDA with ``partner``'s company
  (which does not open a confidential innovation to the partner);
- ``secret``: confidential, project SECRET, a licence with another company,
  a deployment;
- ``orphan``: not confidential, no project, a collaboration with another
  company.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from people.models import Company, Hospital, User
from projects import services as project_services
from projects.models import Project
from transfer import services
from transfer.models import Agreement, Deployment, Innovation

EVERYTHING = {"director", "ops", "transfer"}
OFFICERS = {"transfer"}

SEES = {
    "public": {*EVERYTHING, "teamlead", "clinician2", "partner"},
    "hidden": {*EVERYTHING, "teamlead"},
    "secret": {*EVERYTHING, "researcher"},
    "orphan": set(EVERYTHING),
}
# An agreement is seen by who sees its innovation, except partner accounts,
# which see their own company's only (each agreement is named by its innovation).
SEES_AGREEMENT = {key: set(SEES[key]) for key in SEES}
# A company: who sees one of its agreements, and its own accounts.
SEES_PARTNER = {
    "partner": {*EVERYTHING, "teamlead", "clinician2", "partner"},  # partner's own company (public, hidden)
    "other": {*EVERYTHING, "researcher"},  # the other company (secret, orphan)
}


@dataclass
class Scenario:
    users: dict[str, User]
    projects: dict[str, Project]
    innovations: dict[str, Innovation]
    agreements: dict[str, Agreement]
    companies: dict[str, Company]
    deployment: Deployment


def build(users: dict[str, User], today: date | None = None) -> Scenario:
    today = today or timezone.localdate()
    officer = users["transfer"]
    open_project = project_services.project_create(by=users["teamlead"], acronym="OPEN", title="Open cardiology")
    for member in ("clinician2", "partner"):
        project_services.member_add(project=open_project, by=users["teamlead"], user=users[member])
    secret_project = project_services.project_create(
        by=users["researcher"], acronym="SECRET", title="Secret oncology", confidential=True
    )
    project_services.member_add(project=secret_project, by=users["researcher"], user=users["clinician"])
    companies = {"partner": users["partner"].company, "other": Company.objects.get_or_create(name="Other Medical")[0]}
    specs = {
        "public": (open_project, False, "partner", "nda"),
        "hidden": (open_project, True, "partner", "nda"),
        "secret": (secret_project, True, "other", "licence"),
        "orphan": (None, False, "other", "collaboration"),
    }
    innovations, agreements = {}, {}
    for key, (project, confidential, company, kind) in specs.items():
        innovations[key] = services.innovation_create(
            by=officer,
            title=f"Innovation {key}",
            description=f"The {key} innovation.",
            project=project,
            confidential=confidential,
            kind="software",
            readiness_level=4,
            route="licence",
        )
        agreements[key] = services.agreement_create(
            by=officer,
            kind=kind,
            partner=companies[company],
            innovation=innovations[key],
            signed_on=today - timedelta(days=200),
            expires_on=today + timedelta(days=30 if key == "public" else 400),
            reference=f"AGR-{key.upper()}",
        )
    hospital = Hospital.objects.order_by("pk").first()
    deployment = services.deployment_create(
        by=officer, innovation=innovations["secret"], hospital=hospital, system_name="ORBIS", status="live"
    )
    return Scenario(
        users=users,
        projects={"open": open_project, "secret": secret_project},
        innovations=innovations,
        agreements=agreements,
        companies=companies,
        deployment=deployment,
    )
