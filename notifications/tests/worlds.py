"""Random worlds for the leak property tests: projects, members, innovations,
agreements, requests and a delegation, each object named by a distinctive
token (``Names``), built through the services as people would (``build``).
The emails of the jobs (notifications/tests/test_leaks.py) and the header's
search (labsite/tests/test_search_leaks.py) must never name a token hidden
from their reader."""

import contextlib
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import strategies as st

from notifications.tests.helpers import today
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Company, Institution, Position, User
from people.selectors import position_list
from people.services import delegation_create, position_decide
from people.tests.positions import host, secondment, submit
from people.workflow import Approvers
from projects import services as project_services
from projects.models import Project
from projects.selectors import project_list
from transfer import services as transfer_services
from transfer.selectors import agreement_list, innovation_list

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
STAFF = [username for username in PERSONAS if username != "partner"]
# Host positions for AP-HP staff, secondments for Inria staff (a unit with no
# head, PULSAR or Réanimation médicale, sends its step to direction).
APPLICANTS = ["clinician", "clinician2", "depthead", "depthead2", "researcher", "teamlead", "teamlead2", "ops"]
HOST_TEAMS = ["CARDIOSIM", "NEUROLEARN", "PULSAR"]
HOST_DEPARTMENTS = ["Cardiologie", "Neuroradiologie", "Réanimation médicale"]
# How far a request goes: decisions approved in turn by whoever is awaited.
STATES = {"draft": None, "submitted": 0, "half-endorsed": 1, "endorsed": 2, "approved": 3, "rejected": -1}
APPROVERS = ["teamlead", "teamlead2", "depthead", "depthead2"]

tokens = st.lists(
    st.text(alphabet="bcdfghjkmnpqrstvwxz", min_size=10, max_size=10), min_size=80, max_size=80, unique=True
)
world = st.fixed_dictionaries(
    {
        # creator (its first lead), confidential, milestone due in, data approval expires in
        "projects": st.lists(
            st.tuples(st.sampled_from(STAFF), st.booleans(), st.integers(-2, 20), st.integers(1, 120)),
            min_size=1,
            max_size=4,
        ),
        "memberships": st.lists(
            st.tuples(st.sampled_from(PERSONAS), st.integers(0, 3), st.sampled_from(["lead", "member"])), max_size=10
        ),
        # project (or none), confidential, agreements: (with the partner's company?, expires in)
        "innovations": st.lists(
            st.tuples(
                st.one_of(st.none(), st.integers(0, 3)),
                st.booleans(),
                st.lists(st.tuples(st.booleans(), st.integers(1, 120)), max_size=2),
            ),
            min_size=1,
            max_size=5,
        ),
        # applicant, host unit, how far it went, ends in
        "positions": st.lists(
            st.tuples(
                st.sampled_from(APPLICANTS), st.integers(0, 2), st.sampled_from(list(STATES)), st.integers(1, 120)
            ),
            max_size=6,
        ),
        "delegation": st.one_of(st.none(), st.tuples(st.sampled_from(APPROVERS), st.sampled_from(STAFF))),
        "tokens": tokens,
    }
)


@dataclass
class Names:
    """The token naming each object, by kind and id."""

    projects: dict[int, list[str]] = field(default_factory=dict)
    innovations: dict[int, str] = field(default_factory=dict)
    agreements: dict[int, str] = field(default_factory=dict)
    positions: dict[int, str] = field(default_factory=dict)

    def hidden_from(self, user: User) -> list[str]:
        projects = set(project_list(user=user).values_list("pk", flat=True))
        innovations = set(innovation_list(user=user).values_list("pk", flat=True))
        agreements = set(agreement_list(user=user).values_list("pk", flat=True))
        positions = set(position_list(user=user).values_list("pk", flat=True))
        hidden = [token for pk, names in self.projects.items() if pk not in projects for token in names]
        hidden += [token for pk, token in self.innovations.items() if pk not in innovations]
        hidden += [token for pk, token in self.agreements.items() if pk not in agreements]
        hidden += [token for pk, token in self.positions.items() if pk not in positions]
        return hidden


def build(users: dict[str, User], data: dict[str, Any]) -> Names:
    names = Names()
    fresh = iter(f"zq{token}" for token in data["tokens"])
    projects = [_project(users, names, fresh, *spec) for spec in data["projects"]]
    for username, index, role in data["memberships"]:
        project = projects[index % len(projects)]
        user = users[username]
        role = "member" if user.institution == Institution.PARTNER else role
        if not project.memberships.filter(user=user).exists():
            creator = project.memberships.filter(role="lead").first().user
            project_services.member_add(project=project, by=creator, user=user, role=role)
    officer = users["transfer"]
    other_company = Company.objects.get_or_create(name="Other Medical")[0]
    for project_index, confidential, agreements in data["innovations"]:
        innovation = transfer_services.innovation_create(
            by=officer,
            title=next(fresh),
            project=None if project_index is None else projects[project_index % len(projects)],
            confidential=confidential,
        )
        names.innovations[innovation.pk] = innovation.title
        for with_partner, expires_in in agreements:
            agreement = transfer_services.agreement_create(
                by=officer,
                kind="nda",
                partner=users["partner"].company if with_partner else other_company,
                innovation=innovation,
                signed_on=today() - timedelta(days=10),
                expires_on=today() + timedelta(days=expires_in),
                reference=next(fresh),
            )
            names.agreements[agreement.pk] = agreement.reference
    if data["delegation"]:
        delegator, delegate = data["delegation"]
        with contextlib.suppress(ValidationError):
            delegation_create(
                delegator=users[delegator],
                delegate=users[delegate],
                starts_on=today(),
                ends_on=today() + timedelta(days=30),
                by=users[delegator],
            )
    for applicant, unit, state, ends_in in data["positions"]:
        position = _position(users[applicant], unit, state, ends_in, next(fresh))
        names.positions[position.pk] = position.topic
    # Requests waiting since five days: their approvers are reminded today.
    Position.objects.exclude(waiting_since=None).update(waiting_since=timezone.now() - timedelta(days=5))
    return names


def _project(
    users: dict[str, User], names: Names, fresh: Any, creator: str, confidential: bool, due_in: int, expires_in: int
) -> Project:
    by = users[creator]
    project = project_services.project_create(by=by, acronym=next(fresh), title=next(fresh), confidential=confidential)
    milestone = project_services.milestone_create(
        project=project, by=by, title=next(fresh), due_date=today() + timedelta(days=due_in)
    )
    request = project_services.data_request_create(
        project=project, by=by, route="committee", perimeter="Adults, 2024.", categories=["imaging"]
    )
    project_services.data_request_submit(request=request, by=by)
    reference = next(fresh)
    project_services.data_request_decide(
        request=request,
        by=users["director"],
        approve=True,
        committee_reference=reference,
        expires_on=today() + timedelta(days=expires_in),
    )
    waiting = project_services.data_request_create(
        project=project, by=by, route="committee", perimeter="Children, 2025.", categories=["notes"]
    )
    project_services.data_request_submit(request=waiting, by=by)
    names.projects[project.pk] = [project.acronym, project.title, milestone.title, reference]
    return project


def _position(applicant: User, unit: int, state: str, ends_in: int, topic: str) -> Position:
    start, days = today() - timedelta(days=200), 200 + ends_in
    if applicant.institution == Institution.APHP:
        position = host(applicant, HOST_TEAMS[unit], share=10, start=start, days=days, topic=topic)
    else:
        position = secondment(applicant, HOST_DEPARTMENTS[unit], share=10, start=start, days=days, topic=topic)
    steps = STATES[state]
    if steps is None:
        return position
    position = submit(position)
    for _ in range(3 if steps == -1 else steps):
        awaited = Approvers(today()).awaiting(Position.objects.get(pk=position.pk))
        if not awaited:
            break
        position = position_decide(
            position=position, by=awaited[0], approve=steps != -1, comment="" if steps != -1 else "No."
        )
        if steps == -1:
            break
    return position


# teamlead's confidential project (clinician a member), researcher's open one (partner a member).
EXAMPLE = {
    "projects": [("teamlead", True, 5, 30), ("researcher", False, 5, 30)],
    "memberships": [("clinician", 0, "member"), ("partner", 1, "member")],
    "innovations": [(0, True, [(True, 30)]), (1, False, [(False, 30)])],
    "positions": [("clinician", 1, "submitted", 30), ("researcher", 0, "approved", 30)],
    "delegation": ("teamlead2", "researcher"),
    "tokens": [f"{n:03d}bcdfghjk" for n in range(80)],
}
