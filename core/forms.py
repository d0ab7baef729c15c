"""What every app's forms share: the input policy for text, the date widget, a
service's refusal shown next to the fields it names, and an end date that must
come after the start."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.attachments import ACCEPTED_HELP
from core.text import text_refusal


class CleanTextMixin:
    """Every field's raw input under ``core.text``'s policy, before the field
    reads it: a refused one (NUL, a control or text-direction character; a line
    break outside a textarea) is an error on that field and is not cleaned
    further, so that it never reaches a query. Every form of labsite has it."""

    def _clean_fields(self: Any) -> None:
        refused = {
            name: error
            for name, bound in self._bound_items()
            if not bound.field.disabled
            and (error := text_refusal(bound.data, **text_kind(bound.field.widget))) is not None
        }
        fields = self.fields
        self.fields = {name: field for name, field in fields.items() if name not in refused}
        try:
            super()._clean_fields()  # type: ignore[misc]
        finally:
            self.fields = fields
        for name, error in refused.items():
            self.add_error(name, error)


def text_kind(widget: forms.Widget) -> dict[str, bool]:
    """What a widget takes: several lines (a textarea), or a password."""
    return {
        "multiline": isinstance(widget, forms.Textarea),
        "password": isinstance(widget, forms.PasswordInput),
    }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ServiceErrorsMixin:
    def add_service_errors(self: Any, error: ValidationError) -> None:
        """A service's refusal, next to the fields it names (the rest above the form)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class DateRangeMixin:
    """Two date fields, the second strictly after the first when both are given
    (the error goes on the second)."""

    date_range: tuple[str, str] = ("start_date", "end_date")
    date_range_error: str | Promise = _("The end date must come after the start date.")

    def clean(self: Any) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        start_field, end_field = self.date_range
        start, end = data.get(start_field), data.get(end_field)
        if start and end and end <= start:
            self.add_error(end_field, self.date_range_error)
        return data


class AttachmentForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    """The upload of one attached file (its checks are the service's: core.attachments)."""

    file = forms.FileField(label=_("File"), help_text=ACCEPTED_HELP)
