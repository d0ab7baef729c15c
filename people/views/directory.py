"""The directory loaded from HR files: upload, preview, apply (operations only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import services
from people.directory import (
    MAX_FILE_BYTES,
    FileRefused,
    Preview,
    PreviewLost,
    directory_file_read,
    preview_keep,
    preview_take,
)
from people.forms import DirectoryImportForm
from people.roles import is_operations


def _operations_only(request: HttpRequest) -> None:
    if not is_operations(request.user):
        raise PermissionDenied(_("Only operations load the directory from HR files."))


def _upload_page(request: HttpRequest, form: DirectoryImportForm, status: int = 200, error: str = "") -> HttpResponse:
    return render(request, "people/directory_import.html", {"form": form, "error": error}, status=status)


@login_required
def directory_import_view(request: HttpRequest) -> HttpResponse:
    """The upload form; a file sent is read and shown as a preview, written nowhere."""
    _operations_only(request)
    if request.method != "POST":
        return _upload_page(request, DirectoryImportForm())
    form = DirectoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > MAX_FILE_BYTES:
            raise FileRefused(_("The file is larger than 5 MB."))
        parsed = directory_file_read(upload.read(), upload.name)
    except FileRefused as error:
        form.add_error("file", str(error))
        return _upload_page(request, form, status=400)
    deactivate = form.cleaned_data["deactivate_missing"]
    plan = services.directory_plan(kind=parsed.kind, rows=parsed.rows, deactivate_missing=deactivate)
    token = ""  # nosec B105  # the preview's key in Redis, none until one is kept
    if not plan.errors and not plan.nothing_to_change:
        preview = Preview(request.user.pk, parsed.kind, parsed.rows, upload.name, deactivate, plan.fingerprint())
        try:
            token = preview_keep(preview)
        except PreviewLost:
            form.add_error(None, _("The preview could not be kept for the moment: try again in a minute."))
            return _upload_page(request, form, status=503)
    context = {"plan": plan, "token": token, "filename": upload.name, "deactivate_missing": deactivate}
    return render(request, "people/directory_import_preview.html", context, status=400 if plan.errors else 200)


@login_required
@require_POST
def directory_import_apply_view(request: HttpRequest) -> HttpResponse:
    """Apply the previewed file, as it was previewed (its rows kept server-side)."""
    _operations_only(request)
    form = DirectoryImportForm()
    try:
        preview = preview_take(request.POST.get("token", "")[:100], user_id=request.user.pk, delete=True)
    except PreviewLost:
        error = _("This preview has expired or was already applied: upload the file again.")
        return _upload_page(request, form, status=400, error=error)
    try:
        plan = services.directory_apply(
            kind=preview.kind,
            rows=preview.rows,
            by=request.user,
            deactivate_missing=preview.deactivate_missing,
            expected=preview.fingerprint,
            source=preview.filename,
        )
    except ValidationError as refusal:
        return _upload_page(request, form, status=409, error=" ".join(refusal.messages))
    counts = plan.counts()
    messages.success(
        request,
        _("Directory loaded: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.") % counts,
    )
    return redirect("people:directory-import")
