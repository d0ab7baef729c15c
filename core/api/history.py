"""An object's history in the API: the events its ``<model>_history`` selector
gives the reader (core.history), one row each, in the shape every app's API shares.

An app declares the fields its rows show, and its own docstring, in a subclass of
``HistoryRowSerializer`` (the schema names each subclass), and answers with
``history_data(events, serializer)``."""

from collections.abc import Iterable
from typing import Any, ClassVar

from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from core.api.serializers import Serializer
from core.history import HistoryEvent

PERSON_HELP = "A username; null when there is none, or for someone you do not see in the directory."


class HistoryRowSerializer(Serializer):
    """Every field a history row may show; a subclass names those it shows, in order, in ``shown``."""

    shown: ClassVar[tuple[str, ...]] = ()

    at = serializers.DateTimeField()
    actor = serializers.CharField(allow_null=True, help_text=PERSON_HELP)
    on_behalf_of = serializers.CharField(allow_null=True, help_text=PERSON_HELP)
    action = serializers.CharField()
    # ``from`` is a Python keyword: declared as ``from_`` and renamed in get_fields().
    from_ = serializers.CharField(allow_null=True)
    to = serializers.CharField(allow_null=True)
    changes = serializers.DictField()
    comment = serializers.CharField(allow_blank=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = {name.rstrip("_"): field for name, field in super().get_fields().items()}
        return {name: fields[name] for name in self.shown}


def _status(changes: dict[str, Any]) -> tuple[Any, Any]:
    status = changes.get("status")
    if isinstance(status, list) and len(status) == 2:
        return status[0], status[1]
    return None, None


def history_row(event: HistoryEvent) -> dict[str, Any]:
    """One event as a row: who (by username, null if the reader does not see
    them), what, when, the changes the reader may read, and the change of status."""
    before, after = _status(event.changes)
    return {
        "at": event.event.at,
        "actor": event.actor.username if event.actor else None,
        "on_behalf_of": event.on_behalf_of.username if event.on_behalf_of else None,
        "action": event.event.action,
        "from": before,
        "to": after,
        "changes": event.changes,
        "comment": event.event.comment,
    }


def history_data(events: Iterable[HistoryEvent], serializer: type[HistoryRowSerializer]) -> ReturnList:
    """The rows of ``events`` (a ``<model>_history`` selector's answer), as ``serializer`` shows them."""
    return serializers.ListSerializer([history_row(event) for event in events], child=serializer()).data
