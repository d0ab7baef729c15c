"""Who sees a project, and why (SPEC §3; issue 16): the project rule as named
clauses (``core.explain``). ``projects.selectors.project_visible`` is their
``OR``; "why can I see this?" evaluates them on one project for its viewer;
"who can see this?" lists the people each one lets in, with what each may do."""

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from core.explain import Clause, Reason, Viewer, explain, in_name_order, reasons_of, viewers, visible_filter
from people.access import administrator, administrators, in_group
from people.models import Institution, User
from people.roles import Role, is_partner
from projects.models import Membership, Project


def _not_confidential(user: User) -> Q | None:
    """Lab staff (an active account, not a partner's) see every project that is not confidential."""
    return Q(confidential=False) if user.is_active and not is_partner(user) else None


def _staff_if_open(project: Project) -> Q | None:
    return None if project.confidential else Q(is_active=True) & ~Q(institution=Institution.PARTNER)


def member_of(user: User) -> Q:
    """The projects ``user`` is a member of (or leads)."""
    return Q(pk__in=Membership.objects.filter(user_id=user.pk).values("project_id"))


def _members_of(project: Project) -> Q:
    return Q(project_memberships__project=project)


def _membership_sentence(project: Project, read: dict[str, Any]) -> Any:
    if read.get("my_role") == Membership.Role.LEAD:
        return _("You lead %(project)s.") % {"project": project.acronym}
    return _("You are a member of %(project)s.") % {"project": project.acronym}


DIRECTION = Clause[Project](
    "direction", *in_group(Role.DIRECTION), lambda project, read: _("Direction sees every project, and you are in it.")
)
OPERATIONS = Clause[Project](
    "operations",
    *in_group(Role.OPERATIONS),
    lambda project, read: _("Operations see every project, and you are in it."),
)
ADMINISTRATOR = Clause[Project](
    "administrator",
    administrator,
    administrators,
    lambda project, read: _("You administer labsite, which sees every project."),
)
NOT_CONFIDENTIAL = Clause[Project](
    "not_confidential",
    _not_confidential,
    _staff_if_open,
    lambda project, read: _("The project is not confidential, and you are lab staff."),
)
MEMBER = Clause[Project]("member", member_of, _members_of, _membership_sentence)

# In the order the rule reads them: "not confidential" before the membership, the
# cheaper test first in the selector's OR.
CLAUSES = (DIRECTION, OPERATIONS, ADMINISTRATOR, NOT_CONFIDENTIAL, MEMBER)

# Why a person is listed in "who can see this?", as its readers (the project's
# managers) are told it; a member's own role is said apart.
LISTED = {
    "direction": _("direction"),
    "operations": _("operations"),
    "administrator": _("administrator"),
    "not_confidential": _("lab staff, the project not being confidential"),
    "member": _("member"),
}


def project_rule(user: User) -> Q:
    """The project rule for ``user``: what ``project_list`` filters with."""
    return visible_filter(CLAUSES, user)


def why_visible(user: User, project: Project) -> list[Reason]:
    """Each reason ``user`` sees ``project`` (empty: they do not), in one query."""
    role = Membership.objects.filter(project=OuterRef("pk"), user_id=user.pk).values("role")[:1]
    return explain(CLAUSES, Project.objects.all(), project, user, my_role=Subquery(role))


def who_sees(project: Project) -> QuerySet[User]:
    """The people who see ``project``, in name order, each with the flags that
    ``viewer`` reads: one query, whatever their number."""
    role = Membership.objects.filter(project=project, user=OuterRef("pk")).values("role")[:1]
    return in_name_order(viewers(CLAUSES, project).annotate(project_role=Subquery(role)))


def viewer(person: User) -> Viewer:
    """A person of ``who_sees``, with their reasons and what they may do."""
    everything = any(getattr(person, f"sees_{code}", False) for code in ("direction", "operations", "administrator"))
    role = person.project_role or ""  # type: ignore[attr-defined]  # who_sees' annotation
    reasons = reasons_of(CLAUSES, person, {**LISTED, "member": _("lead") if role == "lead" else _("member")})
    return Viewer(
        person=person,
        reasons=reasons,
        role=role,
        may_edit=everything or role == Membership.Role.LEAD,
        may_decide=everything,
    )
