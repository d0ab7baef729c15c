"""The kit every app shares: the date-range check of forms (full-text search:
projects/tests/test_search.py)."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

from core.forms import DateRangeMixin


class Stay(DateRangeMixin, forms.Form):
    start_date = forms.DateField(required=False)
    end_date = forms.DateField(required=False)


class Contract(DateRangeMixin, forms.Form):
    date_range = ("signed_on", "expires_on")
    date_range_error = "Expires after it is signed."

    signed_on = forms.DateField()
    expires_on = forms.DateField(required=False)


@pytest.mark.parametrize("end", [date(2026, 1, 1), date(2025, 12, 31)])
def test_date_range_refuses_an_end_not_after_the_start(end):
    form = Stay(data={"start_date": date(2026, 1, 1), "end_date": end})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors == {"end_date": ["The end date must come after the start date."]}


@pytest.mark.parametrize("data", [{"start_date": "2026-01-01", "end_date": "2026-01-02"}, {"end_date": "2026-01-01"}])
def test_date_range_accepts_an_end_after_the_start_or_a_single_date(data):
    assert Stay(data=data).is_valid()


def test_date_range_names_its_own_fields_and_error():
    form = Contract(data={"signed_on": "2026-03-01", "expires_on": "2026-02-01"})
    assert not form.is_valid()
    assert form.errors == {"expires_on": ["Expires after it is signed."]}
