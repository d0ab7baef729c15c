"""Fetch-and-authorise helpers for views.

What a user cannot see answers 404, exactly like what does not exist; what
they see but may not do answers 403. Visibility comes from the app's selector
(a queryset of what the user sees); the action from ``user.has_perm``.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404


def get_visible_or_404[M: Model](visible: QuerySet[M], **lookup: Any) -> M:
    """The object of ``visible`` matching ``lookup``, or 404 if the user cannot see it."""
    try:
        return visible.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_permission(user: PermissionsMixin | AnonymousUser, perm: str, obj: Model | None = None) -> None:
    """403 unless ``user`` holds ``perm`` (on ``obj`` when given)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def get_for_action_or_404[M: Model](
    visible: QuerySet[M], user: PermissionsMixin | AnonymousUser, perm: str, **lookup: Any
) -> M:
    """404 for what the user cannot see, then 403 unless they may do ``perm`` on it."""
    obj = get_visible_or_404(visible, **lookup)
    require_permission(user, perm, obj)
    return obj
