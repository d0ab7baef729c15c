"""Signing in with a password, and the signed-in user of each request in one query.

``UserBackend`` authenticates as Django's ``ModelBackend`` does. What differs is
``get_user``, run on every request: the user is read with what nearly every
request then asks of them, so that it costs one query instead of four or five:
their groups (the roles of ``people.roles``), whether they lead a team or head a
department, and their model permissions (``has_perm``: the admin link, DRF's
permission classes), each in the caches those functions already read; and
their units (team and its leader, department, hospital and head, company).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Concat

from people.models import Department, Team, User


def _permission_names(permissions: QuerySet[Permission]) -> ArraySubquery:
    return ArraySubquery(
        permissions.order_by().values_list(Concat(F("content_type__app_label"), Value("."), F("codename")))
    )


UNITS = ("team__leader", "department__hospital", "department__head", "company")


def user_with_access(user_id: Any) -> User | None:
    """The user ``user_id`` with their roles and model permissions read in the
    same query (PostgreSQL; elsewhere, the demo's SQLite, they are read when asked)."""
    # Their units too, as the dashboard and the profile name them.
    users = (
        User.objects.filter(pk=user_id)
        .select_related(*UNITS)
        .annotate(
            heads_team=Exists(Team.objects.filter(leader_id=OuterRef("pk"))),
            heads_department=Exists(Department.objects.filter(head_id=OuterRef("pk"))),
        )
    )
    if connection.vendor != "postgresql":
        return users.first()
    users = users.annotate(
        group_names=ArraySubquery(Group.objects.filter(user=OuterRef("pk")).order_by().values_list("name")),
        user_permissions_names=_permission_names(Permission.objects.filter(user=OuterRef("pk"))),
        group_permissions_names=_permission_names(Permission.objects.filter(group__user=OuterRef("pk"))),
    )
    user = users.first()
    if user is not None:
        user._labsite_groups = frozenset(user.group_names)
        if not user.is_superuser:  # a superuser has every permission: Django reads them if asked
            user._user_perm_cache = set(user.user_permissions_names)
            user._group_perm_cache = set(user.group_permissions_names)
    return user


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = user_with_access(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
