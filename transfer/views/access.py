"""Who can see an innovation or an agreement, each person with their reasons and
what they may do (SPEC §3; ``transfer.access``): for those who see every
transfer record (the transfer office, direction, operations), as a page or a
file. 404 for who cannot see the record, 403 for who sees it but no more."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from core.access import get_visible_or_404, who_sees_response
from core.audit import read_log
from core.models import ReadLog
from people.http import AuthenticatedHttpRequest
from projects.models import Membership
from transfer.access import Record, viewer, who_sees
from transfer.models import Innovation
from transfer.selectors import agreement_list, innovation_list, sees_all_transfer


def _managed[R: Record](request: AuthenticatedHttpRequest, visible: QuerySet[R], pk: int) -> R:
    record = get_visible_or_404(visible, pk=pk)
    if not sees_all_transfer(request.user):
        raise PermissionDenied("transfer.view_access")
    # As the innovation's own page (an agreement's page logs no read).
    if isinstance(record, Innovation) and record.confidential:
        read_log(request, surface=ReadLog.Surface.PAGE, obj=record)
    return record


def _access_page(request: AuthenticatedHttpRequest, record: Record, name: str) -> HttpResponse:
    innovation = record if isinstance(record, Innovation) else record.innovation
    return who_sees_response(
        request,
        who_sees(record),
        viewer,
        filename=f"access-{name}",
        template="transfer/record_access.html",
        context={"record": record, "innovation": innovation},
        roles=dict(Membership.Role.choices),
    )


@login_required
@require_GET
def innovation_access(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who can see the innovation; ``?format=csv`` or ``xlsx``: all of them as a file."""
    innovation = _managed(request, innovation_list(user=request.user), pk)
    return _access_page(request, innovation, f"innovation-{innovation.pk}")


@login_required
@require_GET
def agreement_access(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who can see the agreement; ``?format=csv`` or ``xlsx``: all of them as a file."""
    agreement = _managed(request, agreement_list(user=request.user), pk)
    return _access_page(request, agreement, f"agreement-{agreement.pk}")
