"""Who sees whom (SPEC §3, directory): staff see all staff; partners see only
the people they share a project with; direction and operations see everyone.
Everyone sees themselves."""

from typing import Any

from django.db.models import Q, QuerySet

from people.models import STAFF_INSTITUTIONS, Department, Institution, Team, User
from people.roles import sees_everything


def _project_partners_of(user: Any) -> QuerySet[User]:
    # Through the ORM's relation names, so that people/ need not import projects/.
    return User.objects.filter(project_memberships__project__memberships__user=user).values("pk")


def person_list(*, user: Any, q: str = "") -> QuerySet[User]:
    people = User.objects.filter(is_active=True)
    if not sees_everything(user):
        shares_a_project = Q(pk__in=_project_partners_of(user))
        if user.institution == Institution.PARTNER:
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
    teams = Team.objects.select_related("leader")
    if user.institution == Institution.PARTNER and not sees_everything(user):
        visible = person_list(user=user).values("pk")
        teams = teams.filter(Q(members__in=visible) | Q(leader__in=visible)).distinct()
    return teams


def department_list(*, user: Any) -> QuerySet[Department]:
    departments = Department.objects.select_related("hospital", "head")
    if user.institution == Institution.PARTNER and not sees_everything(user):
        visible = person_list(user=user).values("pk")
        departments = departments.filter(Q(members__in=visible) | Q(head__in=visible)).distinct()
    return departments
