"""Who can see a request or a person, with their reasons and what they may do
(``people.access``): for those who manage it, as a page or a file. 404 for who
cannot see it, 403 for who sees it but does not manage it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import get_visible_or_404, who_sees_response
from people.access import (
    manages_person,
    manages_position,
    person_viewer,
    position_deciders,
    position_viewer,
    who_sees_person,
    who_sees_position,
    why_position_visible,
)
from people.selectors import person_list, position_list
from people.views.positions import KINDS
from people.workflow import Approvers


@login_required
@require_GET
def position_access(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Who can see the request: for its approvers (and their stand-ins),
    direction and operations; its applicant alone sees it and gets 403."""
    position = get_visible_or_404(position_list(user=request.user, kind=kind), pk=pk)
    if not manages_position(why_position_visible(request.user, position)):
        raise PermissionDenied(_("Only the request's approvers, direction and operations see who can see it."))
    deciders = position_deciders(position, Approvers(timezone.localdate()))
    return who_sees_response(
        request,
        who_sees_position(position),
        lambda person: position_viewer(person, position, deciders),
        filename=f"access-{kind}-{position.pk}",
        template="people/position_access.html",
        context={"position": position, "kind": KINDS[kind]},
    )


@login_required
@require_GET
def person_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who can see the person in the directory: for direction and operations."""
    person = get_visible_or_404(person_list(user=request.user), pk=pk)
    if not manages_person(request.user):
        raise PermissionDenied(_("Only direction and operations see who can see a person."))
    return who_sees_response(
        request,
        who_sees_person(person),
        person_viewer,
        filename=f"access-{person.username}",
        template="people/person_access.html",
        context={"person": person},
    )
