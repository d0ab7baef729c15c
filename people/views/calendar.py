"""One-event ``.ics`` downloads of the dates of people's pages: each object
is read through its visibility selector, so a hidden one answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.access import get_visible_or_404
from core.calendar import ics_response
from people.calendar import call_event, chair_event, delegation_event, position_event
from people.selectors import call_list, chair_list, delegation_list, position_list


@login_required
@require_GET
def position_ics(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    position = get_visible_or_404(position_list(user=request.user, kind=kind).select_related("applicant"), pk=pk)
    return ics_response([position_event(position)], f"{kind}-{position.pk}.ics")


@login_required
@require_GET
def call_ics(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_visible_or_404(call_list(user=request.user), pk=pk)
    return ics_response([call_event(call)], f"call-{call.pk}.ics")


@login_required
@require_GET
def chair_ics(request: HttpRequest, pk: int) -> HttpResponse:
    chair = get_visible_or_404(chair_list(user=request.user), pk=pk)
    return ics_response([chair_event(chair)], f"chair-{chair.pk}.ics")


@login_required
@require_GET
def delegation_ics(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_visible_or_404(delegation_list(user=request.user), pk=pk)
    return ics_response([delegation_event(delegation, request.user)], f"delegation-{delegation.pk}.ics")
