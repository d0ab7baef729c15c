"""Transfer records' histories in words (core.history); what the viewer may not
see is left out by the selectors (transfer.selectors.innovation_history,
agreement_history, partner_history)."""

from typing import Any

from django.utils.translation import gettext_lazy

from core.history import Describer, HistoryEntry, date_keys, field_labels
from people.models import Company, User
from transfer import selectors
from transfer.history import TransferAction
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage

CHANGE_LABELS = {
    "agreement": gettext_lazy("agreement"),
    "owners": gettext_lazy("owners"),
    "project": gettext_lazy("project"),
    "name": gettext_lazy("name"),
}
CHOICES: dict[str, dict[str, Any]] = {
    "stage": dict(Stage.choices),
    "kind": dict(Kind.choices),
    "route": dict(Route.choices),
    "status": dict(Deployment.Status.choices),
}
AGREEMENT_CHOICES: dict[str, dict[str, Any]] = {"kind": dict(Agreement.Kind.choices)}


def _describer(model: type, choices: dict[str, dict[str, Any]]) -> Describer:
    return Describer(
        actions=dict(TransferAction.choices),
        labels={**field_labels(model, Agreement, Deployment), **CHANGE_LABELS},
        choices=lambda key: choices.get(key, {}),
        dates=date_keys(model, Innovation, Agreement, Deployment),
        people=frozenset({"owners"}),
    )


def innovation_history(user: User, innovation: Innovation) -> list[HistoryEntry]:
    return _describer(Innovation, CHOICES).entries(selectors.innovation_history(user=user, innovation=innovation))


def agreement_history(user: User, agreement: Agreement) -> list[HistoryEntry]:
    return _describer(Agreement, AGREEMENT_CHOICES).entries(selectors.agreement_history(user=user, agreement=agreement))


def partner_history(user: User, partner: Company) -> list[HistoryEntry]:
    return _describer(Company, {}).entries(selectors.partner_history(user=user, partner=partner))
