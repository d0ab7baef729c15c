"""A host position's or secondment's audit actions: what its services write, and
how its history names them (on its page and in its emails)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from core.history import Describer, HistoryEntry, HistoryEvent, Transition, field_labels
from people.models import Position, PositionStatus, Step


class PositionAction(models.TextChoices):
    CREATED = "created", gettext_lazy("created the request")
    UPDATED = "updated", gettext_lazy("changed the draft")
    SUBMITTED = "submitted", gettext_lazy("submitted the request")
    APPROVED = "approved", gettext_lazy("approved")
    REJECTED = "rejected", gettext_lazy("rejected")
    WITHDRAWN = "withdrawn", gettext_lazy("withdrew the request")
    ATTACHED = "attached", gettext_lazy("attached a file")
    DETACHED = "detached", gettext_lazy("removed a file")


def _status_label(value: Any) -> str:
    return str(PositionStatus(value).label) if value in PositionStatus.values else ""


class PositionDescriber(Describer):
    """A request's history in words: a decision names its step (the role it was
    taken in), an edit the fields it changed but not their values, and a change
    of status reads "before → after" (a transition, not a line of changes)."""

    def __init__(self) -> None:
        super().__init__(actions=dict(PositionAction.choices), labels=field_labels(Position), choices=lambda key: {})

    def entry(self, event: HistoryEvent) -> HistoryEntry:
        changes = event.changes
        before, after = (_status_label(value) for value in (changes.get("status") or [None, None])[:2])
        step = changes.get("step")
        detail = f" ({Step(step).label})" if step in Step.values else ""
        if event.event.action == PositionAction.UPDATED and changes:
            detail += ": " + ", ".join(str(self.labels.get(name, name)) for name in changes)
        if event.event.action in (PositionAction.ATTACHED, PositionAction.DETACHED):
            detail += ": " + next((str(name) for name in changes.get("attachment") or [] if name), "")
        return HistoryEntry(
            event.event,
            event.actor,
            event.on_behalf_of,
            self.action(event.event),
            [],
            detail=detail,
            transition=Transition(before, after) if after and before != after else None,
        )


POSITION_HISTORY = PositionDescriber()
