"""Who sees whom (SPEC §3, directory): staff see all staff, and the partners
they share a project with; partners see only the people they share a project
with; direction and operations see everyone. Everyone sees themselves."""

from typing import Any

from django.db.models import Q, QuerySet

from people.models import STAFF_INSTITUTIONS, Department, Team, User
from people.roles import is_partner, sees_everything


def _project_partners_of(user: Any) -> QuerySet[User]:
    # Through the ORM's relation names, so that people/ need not import projects/.
    return User.objects.filter(project_memberships__project__memberships__user=user).values("pk")


def person_list(*, user: Any, q: str = "") -> QuerySet[User]:
    people = User.objects.filter(is_active=True)
    if not sees_everything(user):
        shares_a_project = Q(pk__in=_project_partners_of(user))
        if is_partner(user):
            people = people.filter(shares_a_project | Q(pk=user.pk))
        else:
            people = people.filter(Q(institution__in=STAFF_INSTITUTIONS) | shares_a_project)
    if q:
        for word in q.split():
            people = people.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(team__acronym__icontains=word)
                | Q(department__name__icontains=word)
                | Q(company__name__icontains=word)
            )
    return people.select_related("team", "department__hospital", "company")


def team_list(*, user: Any) -> QuerySet[Team]:
    """Staff see every project-team. A partner is part of none: they see none
    (the team of a person they see is named in that person's record)."""
    teams = Team.objects.select_related("leader")
    if is_partner(user) and not sees_everything(user):
        return teams.none()
    return teams


def department_list(*, user: Any) -> QuerySet[Department]:
    """Like project-teams: every department for staff, none for partners."""
    departments = Department.objects.select_related("hospital", "head")
    if is_partner(user) and not sees_everything(user):
        return departments.none()
    return departments
