"""The role rules of projects/, answered through ``user.has_perm`` (core.rules)."""

from django.db.models import Model

from core.rules import register
from people.models import User
from people.roles import is_partner
from projects.models import Project
from projects.selectors import can_manage, data_request_list, project_list


def _can_view_project(user: User, obj: Model | None) -> bool:
    return obj is None or project_list(user=user).filter(pk=obj.pk).exists()


def _can_add_project(user: User, obj: Model | None) -> bool:
    return not is_partner(user)


def _can_change_project(user: User, obj: Model | None) -> bool:
    return isinstance(obj, Project) and can_manage(user, obj)


def _can_view_data_request(user: User, obj: Model | None) -> bool:
    return obj is None or data_request_list(user=user).filter(pk=obj.pk).exists()


def _can_add_data_request(user: User, obj: Model | None) -> bool:
    return True  # which project: the service checks its lead


register("projects.view_project", _can_view_project)
register("projects.add_project", _can_add_project)
register("projects.change_project", _can_change_project)
register("projects.view_dataaccessrequest", _can_view_data_request)
register("projects.add_dataaccessrequest", _can_add_data_request)
