"""Choice lists written in one pass.

Django renders a ``<select>`` through a template per option: about a
millisecond each, so that the project list's filters (500 project-teams and
100 departments at a large lab) cost more than its query, its count and its
rows together. These widgets write the same HTML (the same attributes,
``selected`` the same way, optgroups included) from Python, escaping every
value and label. Teams and departments are reference data, hundreds of rows
that a lab's operations manager adds one at a time, not rows that grow with
the projects: they stay native selects (no script, every option reachable by
keyboard); choices that grow with the data are search-as-you-type fields
(``core.suggest``).
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class _OnePass:
    """Mixed into ``Select`` and ``SelectMultiple``."""

    allow_multiple_selected: bool

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget: Any = self
        # ``Widget.get_context``: the attributes and values, without ``ChoiceWidget``'s
        # optgroups (which would read the choices a second time).
        context = forms.Widget.get_context(widget, name, value, attrs)["widget"]
        element_attrs = dict(context["attrs"])
        if self.allow_multiple_selected:
            element_attrs["multiple"] = True
        state = _Selection({str(v) for v in context["value"]}, multiple=self.allow_multiple_selected)
        options = state.options(widget.choices)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(element_attrs), options)


class _Selection:
    """Which options are selected: every one whose value was sent, or only the
    first of them in a single choice (as Django's ``Select``)."""

    def __init__(self, values: set[str], *, multiple: bool) -> None:
        self.values = values
        self.multiple = multiple
        self.chose = False

    def options(self, choices: Iterable[Any]) -> SafeString:
        return format_html_join("", "{}", ((self.option(value, label),) for value, label in choices))

    def option(self, value: Any, label: Any) -> SafeString:
        if isinstance(label, list | tuple):  # an optgroup: (its label, [(value, label), ...])
            return format_html('<optgroup label="{}">{}</optgroup>', value, self.options(label))
        text = "" if value is None else str(value)
        if text in self.values and (self.multiple or not self.chose):
            self.chose = True
            return format_html('<option value="{}" selected>{}</option>', text, label)
        return format_html('<option value="{}">{}</option>', text, label)


class OnePassSelect(_OnePass, forms.Select):
    pass


class OnePassSelectMultiple(_OnePass, forms.SelectMultiple):
    pass
