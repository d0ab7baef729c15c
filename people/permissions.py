"""The role rules of people/, answered through ``user.has_perm`` (core.rules)."""

from django.db.models import Model

from core.rules import register
from people.models import User
from people.roles import is_operations
from people.selectors import department_list, person_list, position_list, team_list


def _can_view_person(user: User, obj: Model | None) -> bool:
    return obj is None or person_list(user=user).filter(pk=obj.pk).exists()


def _can_change_person(user: User, obj: Model | None) -> bool:
    return is_operations(user) or (obj is not None and obj.pk == user.pk)


def _can_view_team(user: User, obj: Model | None) -> bool:
    return obj is None or team_list(user=user).filter(pk=obj.pk).exists()


def _can_view_department(user: User, obj: Model | None) -> bool:
    return obj is None or department_list(user=user).filter(pk=obj.pk).exists()


def _operations(user: User, obj: Model | None) -> bool:
    return is_operations(user)


def _can_view_position(user: User, obj: Model | None) -> bool:
    """Anyone lists requests (the list holds what they see); one request, if
    the selector shows it to them."""
    return obj is None or position_list(user=user).filter(pk=obj.pk).exists()


def _can_add_position(user: User, obj: Model | None) -> bool:
    """Anyone signed in may ask; whether they can request a host position or a
    secondment depends on their institution and unit, and the service answers
    a refusal with its reason (400)."""
    return obj is None


def _can_change_position(user: User, obj: Model | None) -> bool:
    """Only its applicant edits a request (and only a draft: another state is a
    conflict, 409, not a refusal). Decisions are the workflow's: the services
    say who may take them."""
    return obj is not None and getattr(obj, "applicant_id", None) == user.pk


register("people.view_user", _can_view_person)
register("people.change_user", _can_change_person)
register("people.view_team", _can_view_team)
register("people.view_department", _can_view_department)
register("people.view_position", _can_view_position)
register("people.add_position", _can_add_position)
register("people.change_position", _can_change_position)
for _model in ("team", "department"):
    for _action in ("add", "change", "delete"):
        register(f"people.{_action}_{_model}", _operations)
