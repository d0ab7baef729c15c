"""Roles (SPEC §2). Direction, operations and the transfer office are groups;
team leader and department head follow from the unit a user heads."""

from enum import StrEnum
from typing import Any

from django.contrib.auth.models import Group, Permission

from people.models import STAFF_INSTITUTIONS, Institution, User


class Role(StrEnum):
    DIRECTION = "direction"
    OPERATIONS = "operations"
    TRANSFER_OFFICER = "transfer_officer"
    TEAM_LEADER = "team_leader"
    DEPARTMENT_HEAD = "department_head"
    STAFF = "staff"
    PARTNER = "partner"


# Role → group name.
GROUPS = {
    Role.DIRECTION: "direction",
    Role.OPERATIONS: "operations",
    Role.TRANSFER_OFFICER: "transfer_office",
}

# What operations manage in the admin: reference data, accounts and roles, and
# the outbox and logs in read-only. The groups themselves (their names and
# permissions) only a superuser changes: renaming one, or giving it a
# permission, would give its members another role.
OPERATIONS_ADMIN_PERMISSIONS = {
    "people": ["user", "team", "hospital", "department", "company", "call", "chair"],
}
OPERATIONS_READ_PERMISSIONS = {
    "auth": ["group"],
    "core": ["email", "securityevent", "auditevent", "readlog"],
    "people": ["position", "delegation"],
    "axes": ["accessattempt", "accesslog", "accessfailurelog"],
    "notifications": ["run", "chunk"],
    # Which provider's subject each account is linked to (single sign-on).
    "socialaccount": ["socialaccount"],
}


def group_names(user: User) -> frozenset[str]:
    """The user's group names, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_labsite_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._labsite_groups = cached
    return cached


def has_role(user: User, role: Role) -> bool:
    return GROUPS[role] in group_names(user)


def sees_everything(user: User) -> bool:
    """Direction and operations see every object (SPEC §3)."""
    everything = {GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]}
    return bool(user.is_active and (user.is_superuser or group_names(user) & everything))


def is_operations(user: User) -> bool:
    return bool(user.is_active and (user.is_superuser or has_role(user, Role.OPERATIONS)))


# Accounts whose password, email address and roles only a superuser changes
# (from the command line: ``manage.py set_password``), so that operations cannot
# act as direction, nor as one another (issue 12).
PROTECTED_GROUPS = frozenset({GROUPS[Role.DIRECTION], GROUPS[Role.OPERATIONS]})


def is_protected_account(user: User) -> bool:
    return bool(user.is_superuser or group_names(user) & PROTECTED_GROUPS)


def may_change_credentials(actor: User, user: User) -> bool:
    """Whether ``actor`` may set ``user``'s password or email address, or change
    their roles: a superuser always; anyone else only on an account that is not
    protected (their own password they change on their profile page)."""
    return bool(actor.is_active and (actor.is_superuser or not is_protected_account(user)))


def may_reset_second_factor(actor: User, user: User) -> bool:
    """Whether ``actor`` may remove ``user``'s second factors (a lost phone):
    operations, on an account whose credentials they may change (not direction
    or operations, unless the actor is a superuser), as ``may_change_credentials``."""
    return bool(is_operations(actor) and may_change_credentials(actor, user))


def is_partner(user: User) -> bool:
    return user.institution == Institution.PARTNER


def heads_team(user: User) -> bool:
    """Leads a project-team: read with the signed-in user (``people.backends``), else asked."""
    heads = getattr(user, "heads_team", None)
    return user.led_teams.exists() if heads is None else heads


def heads_department(user: User) -> bool:
    """Heads a hospital department: like ``heads_team``."""
    heads = getattr(user, "heads_department", None)
    return user.headed_departments.exists() if heads is None else heads


def user_roles(user: User) -> list[str]:
    roles = [role.value for role in (Role.DIRECTION, Role.OPERATIONS, Role.TRANSFER_OFFICER) if has_role(user, role)]
    if heads_team(user):
        roles.append(Role.TEAM_LEADER.value)
    if heads_department(user):
        roles.append(Role.DEPARTMENT_HEAD.value)
    roles.append(Role.STAFF.value if user.institution in STAFF_INSTITUTIONS else Role.PARTNER.value)
    return roles


def ensure_role_groups(**kwargs: Any) -> None:
    """Create the role groups and give operations their admin permissions, and
    no other (after every migrate, so a new model's permissions follow, and one
    taken away is taken away from existing sites too)."""
    for name in GROUPS.values():
        Group.objects.get_or_create(name=name)
    operations = Group.objects.get(name=GROUPS[Role.OPERATIONS])
    wanted: list[Permission] = []
    for app_label, models in OPERATIONS_ADMIN_PERMISSIONS.items():
        wanted += Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
    for app_label, models in OPERATIONS_READ_PERMISSIONS.items():
        wanted += Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models, codename__startswith="view_"
        )
    operations.permissions.set(wanted)


def is_approver(user: User) -> bool:
    """Heads a unit, or decides as direction or operations."""
    return bool(sees_everything(user) or heads_team(user) or heads_department(user))


def remember_group_names(user: User, names: frozenset[str]) -> None:
    """Give ``user`` group names already read (for a whole list of people at
    once, or for a stand-in that is not in the database): no check reads them again."""
    user._labsite_groups = names
