"""What every app's forms share: the date widget, a service's refusal shown
next to the fields it names, and an end date that must come after the start."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


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
