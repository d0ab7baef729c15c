"""The API's shapes of attached files: one row (its download ``url`` goes
through the owner's view, which applies its visibility) and the upload."""

from typing import Any, ClassVar

from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import CleanTextMixin


class AttachmentSerializer(CleanTextMixin, serializers.Serializer):
    """A file attached to a request; ``url`` downloads it (for whoever sees the request)."""

    download_view: ClassVar[str]

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="In bytes.")
    content_type = serializers.CharField(read_only=True, help_text="Detected from the content, not the name.")
    url = serializers.SerializerMethodField()

    def get_url(self, attachment: Any) -> str:
        url = reverse(self.download_view, args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class AttachmentUploadSerializer(CleanTextMixin, serializers.Serializer):
    file = serializers.FileField(
        help_text="A PDF, PNG, JPEG, docx, xlsx, pptx, odt, ods, doc or xls file of at most 10 MB."
    )
