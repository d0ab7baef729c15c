"""Audit history in words (core.audit); what the viewer may not see is left
out by the selectors (transfer.selectors.innovation_history, agreement_history)."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_history
from people.models import User
from transfer import selectors
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage
from transfer.selectors import HIDDEN, HistoryEvent

ACTIONS = {
    "created": gettext_lazy("recorded it"),
    "updated": gettext_lazy("changed it"),
    "stage_changed": gettext_lazy("moved it to another stage"),
    "reopened": gettext_lazy("reopened it (moved it back)"),
    "agreement_added": gettext_lazy("added an agreement"),
    "deployment_added": gettext_lazy("added a deployment"),
    "deployment_updated": gettext_lazy("changed a deployment"),
}
CHANGE_LABELS = {
    "agreement": gettext_lazy("agreement"),
    "owners": gettext_lazy("owners"),
    "project": gettext_lazy("project"),
    "name": gettext_lazy("name"),
}


@dataclass(frozen=True)
class HistoryEntry:
    event: Any
    action: str
    changes: list[tuple[str, str]]


class _Describer:
    """Audit changes in words: field labels and choice labels. What the viewer
    may not see comes already hidden (transfer.selectors); a list drops it."""

    def __init__(self, model: type, choices: dict[str, dict[str, Any]]) -> None:
        self.fields = {f.name: f.verbose_name for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
        for related in (Agreement, Deployment):
            for f in related._meta.get_fields():
                if hasattr(f, "verbose_name"):
                    self.fields.setdefault(f.name, f.verbose_name)
        self.choices = choices

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            shown = [text for text in (self.value(key, item) for item in value) if text != HIDDEN]
            return ", ".join(shown) if shown else HIDDEN
        choices = self.choices.get(key, {})
        return capfirst(str(choices[value])) if value in choices else str(value)

    def lines(self, changes: dict[str, Any]) -> list[tuple[str, str]]:
        lines = []
        for key, value in changes.items():
            label = str(CHANGE_LABELS.get(key) or self.fields.get(key, key))
            if isinstance(value, list) and len(value) == 2:
                texts = [self.value(key, item) for item in value]
                text = texts[1] if value[0] is None else " → ".join(texts)
            else:
                text = self.value(key, value)
            lines.append((label, text))
        return lines

    def entries(self, events: list[HistoryEvent]) -> list[HistoryEntry]:
        return [
            HistoryEntry(e.event, str(ACTIONS.get(e.event.action, e.event.action)), self.lines(e.changes))
            for e in events
        ]


CHOICES = {
    "stage": dict(Stage.choices),
    "kind": dict(Kind.choices),
    "route": dict(Route.choices),
    "status": dict(Deployment.Status.choices),
}


def innovation_history(request: HttpRequest, innovation: Innovation) -> list[HistoryEntry]:
    return _Describer(Innovation, CHOICES).entries(
        selectors.innovation_history(user=request.user, innovation=innovation)
    )


def agreement_history(user: User, agreement: Agreement) -> list[HistoryEntry]:
    readable = selectors.agreement_history(user=user, agreement=agreement)
    return _Describer(Agreement, {"kind": dict(Agreement.Kind.choices)}).entries(readable)


def history(obj: Any, choices: dict[str, dict[str, Any]]) -> list[HistoryEntry]:
    """The whole history of ``obj``, for those who see every transfer record."""
    return _Describer(type(obj), choices).entries([HistoryEvent(e, e.changes) for e in audit_history(obj)])
