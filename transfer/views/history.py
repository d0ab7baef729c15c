"""Audit history in words (core.audit), leaving out what the viewer may not see."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_history
from people.roles import sees_everything
from people.selectors import person_list
from projects.selectors import project_list
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage
from transfer.selectors import innovation_list, partner_list, sees_all_transfer

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
HIDDEN = "…"


@dataclass(frozen=True)
class HistoryEntry:
    event: Any
    action: str
    changes: list[tuple[str, str]]


class _Describer:
    """Audit changes in words: field labels, choice labels, and nothing the
    viewer may not see (a project, a person, another company's agreement)."""

    def __init__(self, model: type, choices: dict[str, dict[str, Any]], visible: dict[str, set[str]]) -> None:
        self.fields = {f.name: f.verbose_name for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
        for related in (Agreement, Deployment):
            for f in related._meta.get_fields():
                if hasattr(f, "verbose_name"):
                    self.fields.setdefault(f.name, f.verbose_name)
        self.choices = choices
        self.visible = visible

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            shown = [text for text in (self.value(key, item) for item in value) if text != HIDDEN]
            return ", ".join(shown) if shown else HIDDEN
        if key in self.visible and str(value) not in self.visible[key]:
            return HIDDEN
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
                texts = [self.value(key, value)]
                text = texts[0]
            # What the viewer may not see is left out, not hinted at.
            if HIDDEN in texts and set(texts) <= {HIDDEN, "—"}:
                continue
            lines.append((label, text))
        return lines


def _values_of(events: list[Any], key: str) -> set[str]:
    found: set[str] = set()
    for event in events:
        value = event.changes.get(key)
        for item in value if isinstance(value, list) else [value]:
            for name in item if isinstance(item, list) else [item]:
                if name:
                    found.add(str(name))
    return found


def innovation_history(request: HttpRequest, innovation: Innovation, agreements: list[Agreement]) -> list[HistoryEntry]:
    user = request.user
    events = list(audit_history(innovation))
    if not sees_all_transfer(user):
        # Another company's agreement is not even hinted at.
        references = {agreement.reference for agreement in agreements}
        events = [e for e in events if e.action != "agreement_added" or e.changes.get("agreement") in references]
    visible: dict[str, set[str]] = {}
    if not sees_everything(user):
        projects = _values_of(events, "project")
        visible["project"] = set(project_list(user=user).filter(acronym__in=projects).values_list("acronym", flat=True))
        owners = _values_of(events, "owners")
        visible["owners"] = set(person_list(user=user).filter(username__in=owners).values_list("username", flat=True))
    choices = {
        "stage": dict(Stage.choices),
        "kind": dict(Kind.choices),
        "route": dict(Route.choices),
        "status": dict(Deployment.Status.choices),
    }
    describer = _Describer(Innovation, choices, visible)
    return [HistoryEntry(e, str(ACTIONS.get(e.action, e.action)), describer.lines(e.changes)) for e in events]


def history(obj: Any, choices: dict[str, dict[str, Any]]) -> list[HistoryEntry]:
    describer = _Describer(type(obj), choices, {})
    return [
        HistoryEntry(e, str(ACTIONS.get(e.action, e.action)), describer.lines(e.changes)) for e in audit_history(obj)
    ]


def agreement_history(user: Any, agreement: Agreement) -> list[HistoryEntry]:
    """An agreement's history, naming no innovation or company the viewer does not
    see (an agreement may have moved from one to another)."""
    events = list(audit_history(agreement))
    visible: dict[str, set[str]] = {}
    if not sees_all_transfer(user):
        titles = _values_of(events, "innovation")
        visible["innovation"] = set(innovation_list(user=user).filter(title__in=titles).values_list("title", flat=True))
        names = _values_of(events, "partner")
        visible["partner"] = set(partner_list(user=user).filter(name__in=names).values_list("name", flat=True))
    describer = _Describer(Agreement, {"kind": dict(Agreement.Kind.choices)}, visible)
    return [HistoryEntry(e, str(ACTIONS.get(e.action, e.action)), describer.lines(e.changes)) for e in events]
