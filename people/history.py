"""A host position's or secondment's audit actions: what its services write, and
how its history names them (on its page and in its emails)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import WHO, Describer, HistoryEntry, HistoryEvent, Transition, field_labels
from people.models import Position, PositionStatus, Step


class PositionAction(models.TextChoices):
    CREATED = "created", gettext_lazy("created the request")
    UPDATED = "updated", gettext_lazy("changed the draft")
    SUBMITTED = "submitted", gettext_lazy("submitted the request")
    APPROVED = "approved", gettext_lazy("approved")
    REJECTED = "rejected", gettext_lazy("rejected")
    WITHDRAWN = "withdrawn", gettext_lazy("withdrew the request")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("sent the request back for changes")
    RESUBMITTED = "resubmitted", gettext_lazy("submitted the request again")
    ATTACHED = "attached", gettext_lazy("attached a file")
    DETACHED = "detached", gettext_lazy("removed a file")


def _status_label(value: Any) -> str:
    return str(PositionStatus(value).label) if value in PositionStatus.values else ""


def _decision(action: str, step: str) -> str:
    """A decision in a sentence naming who took it and, if known, the step it
    was taken for: "Approved by Damien Chef-Service, department head"."""
    if action == PositionAction.APPROVED:
        if step:
            return _("Approved by %(who)s, %(step)s") % {"who": WHO, "step": step}
        return _("Approved by %(who)s") % {"who": WHO}
    if action == PositionAction.CHANGES_REQUESTED:
        if step:
            return _("Sent back for changes by %(who)s, %(step)s") % {"who": WHO, "step": step}
        return _("Sent back for changes by %(who)s") % {"who": WHO}
    if step:
        return _("Rejected by %(who)s, %(step)s") % {"who": WHO, "step": step}
    return _("Rejected by %(who)s") % {"who": WHO}


class PositionDescriber(Describer):
    """A request's history in words: a decision says who took it for which step
    (the role it was taken in), an edit names the fields it changed but not
    their values, and a change of status reads "before → after" (a transition,
    not a line of changes)."""

    def __init__(self) -> None:
        super().__init__(actions=dict(PositionAction.choices), labels=field_labels(Position), choices=lambda key: {})

    def entry(self, event: HistoryEvent) -> HistoryEntry:
        changes = event.changes
        before, after = (_status_label(value) for value in (changes.get("status") or [None, None])[:2])
        step = changes.get("step")
        step_label = str(Step(step).label) if step in Step.values else ""
        action = event.event.action
        sentence = ""
        if action in (PositionAction.APPROVED, PositionAction.REJECTED, PositionAction.CHANGES_REQUESTED):
            sentence = _decision(action, step_label)
        elif action == PositionAction.UPDATED and changes:
            fields = ", ".join(str(self.labels.get(name, name)) for name in changes)
            sentence = _("%(who)s changed the draft: %(fields)s") % {"who": WHO, "fields": fields}
        elif action in (PositionAction.ATTACHED, PositionAction.DETACHED):
            name = next((str(name) for name in changes.get("attachment") or [] if name), "")
            if action == PositionAction.ATTACHED:
                sentence = _("%(who)s attached a file: %(name)s") % {"who": WHO, "name": name}
            else:
                sentence = _("%(who)s removed a file: %(name)s") % {"who": WHO, "name": name}
        return HistoryEntry(
            event.event,
            event.actor,
            event.on_behalf_of,
            self.action(event.event),
            [],
            transition=Transition(before, after) if after and before != after else None,
            sentence=sentence,
        )


POSITION_HISTORY = PositionDescriber()
