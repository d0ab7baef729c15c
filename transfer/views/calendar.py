"""An agreement's expiry as a one-event ``.ics`` download: read through the
visibility selector, so a hidden agreement answers 404, as does one that
never expires."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.access import get_visible_or_404
from core.calendar import ics_response
from transfer.calendar import agreement_event
from transfer.selectors import agreement_list


@login_required
@require_GET
def agreement_ics(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_visible_or_404(agreement_list(user=request.user).select_related("partner", "innovation"), pk=pk)
    event = agreement_event(agreement)
    if event is None:
        raise Http404
    return ics_response([event], f"agreement-{agreement.pk}.ics")
