"""Files attached to host-position and secondment requests: added and removed
here, atomic and audited on the request (its history shows them). A removed
file leaves the store once the transaction commits, never before
(``core.attachments.file_cleanup``)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.attachments import store_upload
from core.audit import audit_log
from people.history import PositionAction
from people.models import Position, PositionAttachment, User
from people.workflow import Approvers, may_attach, may_remove_attachment

__all__ = ["position_attachment_add", "position_attachment_remove"]


@transaction.atomic
def position_attachment_add(
    *, position: Position, by: User, file: UploadedFile, today: date | None = None
) -> PositionAttachment:
    """Attach ``file`` to ``position`` (who may: ``people.workflow.may_attach``);
    a ValidationError if the file is too big or not of an accepted type."""
    position = Position.objects.select_for_update(of=("self",)).select_related("team", "department").get(pk=position.pk)
    if not may_attach(position, by, Approvers(today or timezone.localdate())):
        raise PermissionDenied(_("Only the applicant and the request's approvers attach files, while it is open."))
    return store_upload(
        PositionAttachment(position=position),
        file,
        by=by,
        audit=lambda attachment: audit_log(
            actor=by, obj=position, action=PositionAction.ATTACHED, changes={"attachment": [None, attachment.name]}
        ),
    )


@transaction.atomic
def position_attachment_remove(*, attachment: PositionAttachment, by: User) -> None:
    """Remove ``attachment``: its uploader, while the request is open."""
    position = Position.objects.select_for_update(of=("self",)).get(pk=attachment.position_id)
    if not may_remove_attachment(position, attachment.uploaded_by_id, by):
        raise PermissionDenied(_("Only who attached a file removes it, while the request is open."))
    name = attachment.name
    attachment.delete()
    audit_log(actor=by, obj=position, action=PositionAction.DETACHED, changes={"attachment": [name, None]})
