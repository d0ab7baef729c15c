"""The role rules of people/, answered through ``user.has_perm`` (core.rules)."""

from typing import Any

from django.db.models import Model

from core.rules import register
from people.roles import is_operations
from people.selectors import department_list, person_list, team_list


def _can_view_person(user: Any, obj: Model | None) -> bool:
    return obj is None or person_list(user=user).filter(pk=obj.pk).exists()


def _can_change_person(user: Any, obj: Model | None) -> bool:
    return is_operations(user) or (obj is not None and obj.pk == user.pk)


def _can_view_team(user: Any, obj: Model | None) -> bool:
    return obj is None or team_list(user=user).filter(pk=obj.pk).exists()


def _can_view_department(user: Any, obj: Model | None) -> bool:
    return obj is None or department_list(user=user).filter(pk=obj.pk).exists()


def _operations(user: Any, obj: Model | None) -> bool:
    return is_operations(user)


register("people.view_user", _can_view_person)
register("people.change_user", _can_change_person)
register("people.view_team", _can_view_team)
register("people.view_department", _can_view_department)
for _model in ("team", "department"):
    for _action in ("add", "change", "delete"):
        register(f"people.{_action}_{_model}", _operations)
