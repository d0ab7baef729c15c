"""Fetch-and-authorise helpers for views.

What a user cannot see answers 404, exactly like what does not exist; what
they see but may not do answers 403. Visibility comes from the app's selector
(a queryset of what the user sees); the action from ``user.has_perm``.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.explain import Viewer
from core.exports import ExportFormat, access_export_response


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


WHO_SEES_PAGE_SIZE = 50


def who_sees_response(
    request: HttpRequest,
    people: QuerySet[Any],
    as_viewer: Callable[[Any], Viewer],
    *,
    filename: str,
    template: str,
    context: dict[str, Any],
    roles: dict[str, Any] | None = None,
) -> HttpResponse:
    """ "Who can see this" (``core.explain``): a page of ``people``, each with their
    reasons and what they may do (``as_viewer``), rendered with ``template``; with
    ``?format=csv`` or ``xlsx`` every one of them as a file (400 for another format).
    The caller has checked that the reader manages the record."""
    export = request.GET.get("format")
    if export is not None:
        try:
            export_format = ExportFormat(export)
        except ValueError:
            return HttpResponse(
                _("Choose the csv or xlsx format."), status=400, content_type="text/plain; charset=utf-8"
            )
        every = (as_viewer(person) for person in people.iterator(chunk_size=2000))
        return access_export_response(request, every, export_format, filename=filename, roles=roles)
    page = Paginator(people, WHO_SEES_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [as_viewer(person) for person in page]
    return render(request, template, {**context, "page": page, "viewers": shown, "export_url": request.path})
