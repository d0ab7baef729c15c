from django.db import models
from django.utils.translation import gettext_lazy as _

from core.attachments import AttachmentBase
from people.models.positions import Position


class PositionAttachment(AttachmentBase):
    """A file attached to a host position or secondment request (a CV, a draft agreement)."""

    position = models.ForeignKey(
        Position, verbose_name=_("request"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(AttachmentBase.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
