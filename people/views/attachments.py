"""Files attached to host-position and secondment requests: the download,
which applies the request's visibility (404 otherwise), and the upload and
removal forms of the request's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import get_visible_or_404
from core.attachments import attachment_response
from core.forms import AttachmentForm
from people import services
from people.models import PositionAttachment
from people.selectors import position_list
from people.views.positions import _render_detail, _visible
from people.workflow import Approvers, may_attach


@login_required
@require_GET
def position_attachment(request: HttpRequest, pk: int) -> FileResponse:
    visible = PositionAttachment.objects.filter(Q(position__in=position_list(user=request.user).values("pk")))
    return attachment_response(get_visible_or_404(visible, pk=pk))


@login_required
@require_POST
def position_attach_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    position = _visible(request, kind, pk)
    if not may_attach(position, request.user, Approvers(timezone.localdate())):
        raise PermissionDenied(_("Only the applicant and the request's approvers attach files, while it is open."))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.position_attachment_add(position=position, by=request.user, file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(position)
    return _render_detail(request, position, kind, status=400, attachment_form=form)


@login_required
@require_POST
def position_detach_view(request: HttpRequest, kind: str, pk: int, attachment_id: int) -> HttpResponse:
    position = _visible(request, kind, pk)
    attachment = get_visible_or_404(position.attachments.all(), pk=attachment_id)
    services.position_attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, _("The file is removed."))
    return redirect(position)
