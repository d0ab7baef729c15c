"""Fetch-and-authorise helpers for views.

What a user cannot see answers 404, exactly like what does not exist; what
they see but may not do answers 403. Visibility comes from the app's selector
(a queryset of what the user sees); the action from ``user.has_perm``.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


class PageForbidden(PermissionDenied):
    """A page refused whole (not an action on a page its reader sees): ``who``
    says, in words, who may see it, and the 403 page says so."""

    def __init__(self, perm: str, *, who: str) -> None:
        super().__init__(perm)
        self.who = who


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 403 page: who may see the page (``PageForbidden``), or that
    the reader may not take the action they tried."""
    who = exception.who if isinstance(exception, PageForbidden) else ""
    return render(request, "403.html", {"who": who}, status=403)


def get_visible_or_404[M: Model](visible: QuerySet[M], **lookup: Any) -> M:
    """The object of ``visible`` matching ``lookup``, or 404 if the user cannot see it."""
    try:
        return visible.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_permission(
    user: PermissionsMixin | AnonymousUser, perm: str, obj: Model | None = None, *, who: str = ""
) -> None:
    """403 unless ``user`` holds ``perm`` (on ``obj`` when given); ``who`` (who
    may, in words) for a permission to see a whole page."""
    if not user.has_perm(perm, obj):
        raise PageForbidden(perm, who=who) if who else PermissionDenied(perm)


def get_for_action_or_404[M: Model](
    visible: QuerySet[M], user: PermissionsMixin | AnonymousUser, perm: str, **lookup: Any
) -> M:
    """404 for what the user cannot see, then 403 unless they may do ``perm`` on it."""
    obj = get_visible_or_404(visible, **lookup)
    require_permission(user, perm, obj)
    return obj
