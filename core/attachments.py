"""Files attached to a request: what they may be, where they are kept, how they
are handed back.

A file's type is read from its first bytes (and, for a ZIP, from the entry
that names an office document's type), never from its name: a renamed
program or page is refused. It is stored through the storage API under a
random name; its own name is kept on the row, and given back only as the
download's file name, cleaned. Nothing is served at a public URL: downloads go
through a view that applies the owner's visibility (``attachment_response``).

A row's file leaves the store once the deletion of the row commits, however
the row went (``file_cleanup``): by a service, by the admin, or with what it
belongs to (a request, a project, ...). A rolled-back deletion keeps it.
"""

import logging
import unicodedata
import uuid
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import IO, Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# A Word 97 or Excel 97 file: both are OLE compound files, which say which they
# are only deep inside; "a legacy office document" is all the first bytes tell.
OLE = "application/x-ole-storage"

ACCEPTED = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS, OLE)
ACCEPTED_HELP = _("PDF, PNG, JPEG, Word, Excel, PowerPoint or OpenDocument text or spreadsheet, up to 10 MB.")

# The main part each OOXML type's [Content_Types].xml declares.
OOXML_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
ODF_TYPES = {ODT.encode(), ODS.encode()}
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# [Content_Types].xml is a few kilobytes; reading more of a hostile archive is not needed.
MAX_MANIFEST = 1024 * 1024


def sniff(file: IO[bytes]) -> str | None:
    """The type of ``file`` from its content, one of ``ACCEPTED``, or None for
    anything else. Leaves the file at its start."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head == OLE_MAGIC:
        return OLE
    if head.startswith(b"PK\x03\x04"):
        try:
            return _office_type(file)
        finally:
            file.seek(0)
    return None


def _office_type(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = _entry(archive, "mimetype").strip()
                return declared.decode() if declared in ODF_TYPES else None
            if "[Content_Types].xml" in names:
                manifest = _entry(archive, "[Content_Types].xml")
                for part, kind in OOXML_PARTS.items():
                    if part in manifest:
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def _entry(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_MANIFEST:
        return b""
    with archive.open(name) as entry:
        return entry.read(MAX_MANIFEST)


def validate_upload(file: UploadedFile) -> str:
    """The detected type of an uploaded file, or a ValidationError saying why
    it is refused (too big, or of a type not accepted)."""
    if file.size is None or file.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("This file is %(size)s: attachments are limited to 10 MB."),
            code="too_big",
            params={"size": filesizeformat(file.size or 0)},
        )
    if file.size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    content_type = sniff(file)
    if content_type is None:
        raise ValidationError(
            _("This file is not a PDF, an image or an office document (its content was checked, not its name)."),
            code="type",
        )
    return content_type


def clean_name(name: str) -> str:
    """``name`` without its path, control characters or leading dots, at most
    200 characters; "attachment" if nothing is left."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 199 - len(extension)]}.{extension}" if dot and len(extension) < 10 else name[:200]
    return name or "attachment"


ATTACHMENTS_DIR = "attachments"


def stored_name(instance: Any, filename: str) -> str:
    """A random name: the uploader's name is kept on the row, never in the store."""
    return f"{ATTACHMENTS_DIR}/{uuid.uuid4().hex}"


class AttachmentBase(models.Model):
    """A file attached to a record; the concrete model adds ``owner``, the FK."""

    file = models.FileField(_("file"), upload_to=stored_name, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    # The file belongs to the request's record, not to who attached it: it stays
    # when their account goes (null, "a former member"); the audit event of the
    # upload, whose actor is kept, still says who it was.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def uploader_name(self) -> str:
        """Who attached the file, as pages say it: "a former member" once their account is gone."""
        return self.uploaded_by.full_name if self.uploaded_by is not None else str(_("a former member"))


def attachment_models() -> list[type[AttachmentBase]]:
    """Every concrete model of attached files, whichever app defines it."""
    return [model for model in apps.get_models() if issubclass(model, AttachmentBase)]


def remove_stored(storage: Storage, name: str) -> None:
    """Delete ``name`` from ``storage``; a failure is logged, never raised (the
    row is gone already: an orphan file is swept later, see ``orphan_files``)."""
    try:
        storage.delete(name)
    except Exception:
        logger.exception("attachment file not removed: %s", name)


def file_cleanup(sender: type[AttachmentBase], instance: AttachmentBase, using: str, **kwargs: Any) -> None:
    """On the deletion of a row, its file leaves the store after the
    transaction commits; nothing happens if it rolls back. Connected per model
    (``connect_file_cleanup``) so that other models keep Django's fast deletes.
    A raw SQL DELETE sends no signal: its files are left to ``orphan_files``."""
    if not instance.file.name:
        return
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: remove_stored(storage, name), using=using)


def connect_file_cleanup() -> None:
    for model in attachment_models():
        post_delete.connect(file_cleanup, sender=model, dispatch_uid=f"attachment-file-cleanup:{model._meta.label}")


ORPHAN_AGE = timedelta(days=1)


def orphan_files(*, now: datetime | None = None, storage: Storage | None = None) -> list[str]:
    """The stored files under ``attachments/`` that no row names, stored more
    than a day ago. The directory is listed before the rows are read, and a
    file is an upload's for the seconds between its storing and its row's
    commit, so the day's margin leaves every upload in progress alone."""
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    try:
        _dirs, files = storage.listdir(ATTACHMENTS_DIR)
    except FileNotFoundError:
        return []
    stored = {f"{ATTACHMENTS_DIR}/{name}" for name in files}
    for model in attachment_models():
        stored.difference_update(model._default_manager.values_list("file", flat=True).iterator())
    return sorted(name for name in stored if storage.get_modified_time(name) < cutoff)


def orphan_files_remove(*, now: datetime | None = None, storage: Storage | None = None) -> list[str]:
    """Remove ``orphan_files``; return their names."""
    storage = storage or default_storage
    orphans = orphan_files(now=now, storage=storage)
    for name in orphans:
        remove_stored(storage, name)
    logger.info("attachment orphans removed=%s", len(orphans))
    return orphans


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one (RFC 6266, RFC 5987)."""
    name = clean_name(name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = "".join(c if c.isalnum() or c in " .-_()" else "_" for c in ascii_name) or "attachment"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_response(attachment: AttachmentBase) -> FileResponse:
    """The file, streamed, to be saved rather than shown, with its detected type."""
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def store_upload[A: AttachmentBase](attachment: A, file: UploadedFile, *, by: Any, audit: Callable[[A], object]) -> A:
    """The upload step the attachment services share: ``file`` checked (a
    ValidationError on ``file``), stored under a random name, ``attachment``
    (its owner set by the caller) saved with what was found, then ``audit``.
    On any failure, the store keeps nothing: no row, no file."""
    try:
        content_type = validate_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    attachment.name = clean_name(file.name or "")
    attachment.size = file.size or 0
    attachment.content_type = content_type
    attachment.uploaded_by = by
    attachment.file.save("upload", file, save=False)
    try:
        attachment.save()
        audit(attachment)
    except BaseException:
        attachment.file.storage.delete(attachment.file.name or "")
        raise
    return attachment
