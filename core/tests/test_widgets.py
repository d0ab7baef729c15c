"""The one-pass choice widgets write what Django's own write."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import OnePassSelect, OnePassSelectMultiple

CHOICES = [
    ("", "Any"),
    (1, "ACE & <b>"),
    ("Group", [(2, 'Two "quoted"'), (3, "Three")]),
    (4, "Four"),
]


@pytest.mark.parametrize(
    ("django_widget", "ours", "value"),
    [
        (forms.Select, OnePassSelect, None),
        (forms.Select, OnePassSelect, 3),
        (forms.Select, OnePassSelect, "1"),
        (forms.SelectMultiple, OnePassSelectMultiple, [2, 4]),
        (forms.SelectMultiple, OnePassSelectMultiple, []),
    ],
)
def test_the_same_html_as_django_s_widget(django_widget, ours, value):
    attrs = {"id": "id_team", "class": "filter", "aria-describedby": "team-help", "required": True}
    expected = django_widget(choices=CHOICES).render("team", value, attrs=attrs)
    assert parse_html(ours(choices=CHOICES).render("team", value, attrs=attrs)) == parse_html(expected)


def test_every_value_and_label_is_escaped():
    html = OnePassSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("x", None)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_single_choice_selects_only_the_first_option_with_its_value():
    html = OnePassSelect(choices=[(1, "One"), (1, "Again")]).render("x", 1)
    assert html.count("selected") == 1
