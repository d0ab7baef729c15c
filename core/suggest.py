"""Search-as-you-type choices: a form field for a choice among rows that grow
with the data (projects, people, partner companies), and the JSON answer of
the endpoint that suggests them.

A ``<select>`` lists every row a person may choose, so its page costs what
they see (800,000 projects for a staff member at scale). Here the page holds
only what is chosen; the suggestions come from an endpoint over the same
selector, at most ``MAX_RESULTS`` at a time, in at most two queries.

The widget is the ARIA 1.2 combobox pattern (a text input with
``role=combobox``, ``aria-expanded``, ``aria-controls``,
``aria-activedescendant``, and a ``role=listbox`` of options; arrows, Enter,
Escape), driven by ``static/js/labsite.js``. Without script it is still a
search box: what is chosen stays chosen (a multiple field shows each choice
as a ticked checkbox, to untick), and a name typed in full (an acronym, a
username, a company's name: the field's ``exact``) is looked up when the form
is sent; anything else is a form error, never a 500.

The field validates what is sent against the viewer's queryset only: an id
that does not exist and one the viewer cannot see answer the same error.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import text_refusal

MIN_LENGTH = 2  # characters typed before anything is suggested
MAX_RESULTS = 20
MAX_LENGTH = 100  # characters of a search read; the rest is ignored

Lookup = Callable[[str], Q]
Label = Callable[[Any], str]


def suggest_response(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    prefix: Lookup,
    contains: Lookup,
    order: Sequence[str],
    label: Label = str,
    contains_from: int = MIN_LENGTH,
    candidates: int | None = None,
) -> JsonResponse:
    """``{"results": [{"id", "label"}]}``: the rows of ``queryset`` (the
    viewer's, from their selector) matching ``?q=``, those that start with it
    first (``prefix``), then those that contain it (``contains``), each group
    in ``order`` (which ends with a unique column, so the order is stable).
    Fewer than ``MIN_LENGTH`` characters: no results, no query.

    On a big table: ``contains_from`` (3 for a trigram index, which cannot
    look two letters up) and ``candidates``, the most rows that contain the
    text read before ordering, so that a common word costs the same as a rare
    one (the order stays stable for a given table)."""
    query = request.GET.get("q", "")
    refusal = text_refusal(query)
    if refusal is not None:
        return JsonResponse({"errors": {"q": refusal.messages}}, status=400)
    query = " ".join(query.split())[:MAX_LENGTH]
    rows: list[Any] = []
    if len(query) >= MIN_LENGTH:
        queryset = queryset.prefetch_related(None).order_by(*order)
        rows = list(queryset.filter(prefix(query))[:MAX_RESULTS])
        if len(rows) < MAX_RESULTS and len(query) >= contains_from:
            others = queryset.filter(contains(query)).exclude(pk__in=[row.pk for row in rows])
            if candidates:
                others = queryset.filter(pk__in=others.order_by().values("pk")[:candidates])
            rows += list(others[: MAX_RESULTS - len(rows)])
    response = JsonResponse({"results": [{"id": row.pk, "label": label(row)} for row in rows]})
    response["Cache-Control"] = "private, no-store"
    return response


class SuggestWidget(forms.Widget):
    """The chosen value(s) and a text input to search for another. Its value
    is ``(ids, text)``: the ids sent under the field's name, the text under
    ``<name>_q`` (``None`` when the form sent none, as a script or a test does)."""

    template_name = "core/widgets/suggest.html"
    multiple = False

    def __init__(self, url_name: str, attrs: dict[str, Any] | None = None, params: str = "") -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.params = params
        self.chosen: Callable[[list[str]], list[tuple[str, str]]] = lambda ids: []

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> str:
        # The site's own template directories (templates/core/widgets/), not Django's form
        # renderer's; the template engine's answer is already safe (every value escaped).
        return render_to_string(template_name, context)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[list[str], str | None]:
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if ids is None:
            ids = []
        elif not isinstance(ids, list | tuple):
            ids = [ids]
        return [str(value) for value in ids if value not in ("", None)], data.get(f"{name}_q")

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ids, text = _ids_and_text(value)
        chosen = self.chosen(ids) if ids else []
        if not self.multiple and text is None:
            text = chosen[0][1] if chosen else ""
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            {
                "chosen": chosen[:1] if not self.multiple else chosen,
                "text": text or "",
                "multiple": self.multiple,
                "url": reverse(self.url_name) + (f"?{self.params}" if self.params else ""),
                "listbox_id": f"{widget_id}_listbox",
                "status_id": f"{widget_id}_status",
            }
        )
        return context


class SuggestMultipleWidget(SuggestWidget):
    multiple = True


def _ids_and_text(value: Any) -> tuple[list[str], str | None]:
    """What the widget was given: what it read from a form (``(ids, text)``), or an initial value."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], list):
        return value[0], value[1]
    values = value if isinstance(value, list | tuple | QuerySet) else [value]
    return [str(getattr(item, "pk", item)) for item in values if item not in ("", None)], None


class SuggestField(forms.Field):
    """One row of ``queryset`` (the viewer's), chosen by search-as-you-type.

    ``exact`` finds the row a whole typed name means (used without script);
    ``label_from_instance`` names a row, in the field as in the suggestions
    (the same text: a picked suggestion is sent with it)."""

    widget_class: type[SuggestWidget] = SuggestWidget
    default_error_messages = {
        "invalid_choice": _("Choose one of the suggestions."),
        "ambiguous": _("Several match “%(text)s”: choose one of the suggestions."),
    }

    def __init__(
        self,
        *,
        url_name: str,
        exact: Lookup,
        queryset: QuerySet[Any] | None = None,
        label_from_instance: Label = str,
        params: str = "",
        placeholder: str = "",
        **kwargs: Any,
    ) -> None:
        attrs = {"placeholder": placeholder} if placeholder else None
        kwargs.setdefault("widget", self.widget_class(url_name, attrs=attrs, params=params))
        super().__init__(**kwargs)
        self.exact = exact
        self.label_from_instance = label_from_instance
        self.queryset = queryset

    @property
    def queryset(self) -> QuerySet[Any] | None:
        return self._queryset

    @queryset.setter
    def queryset(self, queryset: QuerySet[Any] | None) -> None:
        self._queryset = queryset
        self.widget.chosen = self._chosen

    def __deepcopy__(self, memo: dict[int, Any]) -> "SuggestField":
        result = super().__deepcopy__(memo)
        result.widget.chosen = result._chosen
        return result

    def _rows(self, ids: Iterable[str]) -> list[Model]:
        """The rows of these ids the viewer may choose, in the order given (one query; none for no id)."""
        wanted = [int(value) for value in ids if str(value).isdigit() and len(str(value)) < 19]
        if not wanted or self.queryset is None:
            return []
        found = {row.pk: row for row in self.queryset.prefetch_related(None).filter(pk__in=wanted)}
        return [found[pk] for pk in dict.fromkeys(wanted) if pk in found]

    def _chosen(self, ids: list[str]) -> list[tuple[str, str]]:
        return [(str(row.pk), self.label_from_instance(row)) for row in self._rows(ids)]

    def _by_text(self, text: str) -> Model:
        rows = self.queryset.prefetch_related(None) if self.queryset is not None else None
        matches = list(rows.filter(self.exact(text))[:2]) if rows is not None else []
        if not matches:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if len(matches) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"text": text})
        return matches[0]

    def to_python(self, value: Any) -> Model | None:
        ids, text = _ids_and_text(value)
        text = " ".join(text.split()) if text is not None else None
        if text == "":  # the search box emptied: nothing chosen
            return None
        if ids:
            rows = self._rows(ids[:1])
            if not rows:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            if text is None or text == " ".join(str(self.label_from_instance(rows[0])).split()):
                return rows[0]
        return self._by_text(text) if text else None

    def has_changed(self, initial: Any, data: Any) -> bool:
        return _ids_and_text(initial)[0] != _ids_and_text(data)[0]


class SuggestMultipleField(SuggestField):
    """Rows of ``queryset``: those ticked (each id sent under the field's name),
    and one more typed in full without script."""

    widget_class = SuggestMultipleWidget

    def to_python(self, value: Any) -> list[Model]:  # type: ignore[override]  # a list, as ModelMultipleChoiceField
        ids, text = _ids_and_text(value)
        ids = list(dict.fromkeys(ids))
        rows = self._rows(ids)
        if len(rows) != len(ids):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        text = " ".join(text.split()) if text else ""
        if text:
            extra = self._by_text(text)
            rows += [extra] if extra not in rows else []
        return rows

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
