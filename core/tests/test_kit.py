"""The kit every app shares: full-text search and the date-range check of forms."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

from core.forms import DateRangeMixin
from core.models import Email
from core.search import full_text


def _email(n: int, subject: str, body: str) -> Email:
    return Email.objects.create(
        key=f"kit:{n}", to="a@example.org", language="fr", subject=subject, body_text=body, message_id=f"<kit{n}@x>"
    )


@pytest.fixture
def emails(db):
    return {
        "fr": _email(1, "ACRO", "Données hospitalières"),
        "en": _email(2, "OTHER", "running studies"),
    }


def _found(q: str, **kwargs) -> set[str]:
    return set(full_text(Email.objects.all(), ("body_text",), q, **kwargs).values_list("key", flat=True))


def test_full_text_finds_a_french_word_by_its_stem(emails):
    # French stemming alone: "hospitalier" and "hospitalières" share no English stem.
    assert _found("hospitalier") == {"kit:1"}


def test_full_text_finds_an_english_word_by_its_stem(emails):
    # English stemming alone: the French stemmer makes "stud" of "studies" and "study" of "study".
    assert _found("study") == {"kit:2"}
    assert _found("run") == {"kit:2"}


def test_full_text_matches_words_fields_as_plain_words_only(emails):
    assert _found("acro", words=("subject",)) == {"kit:1"}
    assert _found("acro") == set()


def test_full_text_keeps_the_queryset_s_own_filters(emails):
    found = full_text(Email.objects.filter(key="kit:2"), ("body_text",), "hospitalier OR study")
    assert list(found.values_list("key", flat=True)) == ["kit:2"]


def test_full_text_finds_nothing_for_an_absent_word(emails):
    assert _found("zebra") == set()


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
