"""What every transfer page shares: the page size, the file formats, and
fetching an innovation for a change (404 to who cannot see it, 403 to who
sees it but is not of the transfer office)."""

from django.http import HttpRequest, HttpResponse

from core.access import get_for_action_or_404
from core.exports import ExportFormat
from transfer.models import Innovation
from transfer.selectors import innovation_list

PAGE_SIZE = 25


def export_format(request: HttpRequest) -> ExportFormat | None:
    try:
        return ExportFormat(request.GET.get("format", ExportFormat.CSV))
    except ValueError:
        return None


def bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def innovation_for_change(request: HttpRequest, pk: int) -> Innovation:
    """404 if the user cannot see the innovation, 403 if they see it but are not of the transfer office."""
    visible = innovation_list(user=request.user)
    return get_for_action_or_404(visible, request.user, "transfer.change_innovation", pk=pk)
