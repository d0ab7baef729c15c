"""The dates of people's pages as calendar events (core.calendar): a request's
period, a call's closing date, a chair's period, a delegation. Used by the
one-event ``.ics`` downloads of those pages and by the calendar feed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import Event
from people.models import Call, Chair, Delegation, Position, PositionKind, User


def _name(person: User) -> str:
    return person.get_full_name() or person.username


def position_event(position: Position) -> Event:
    """A request's period, from its first day to its last."""
    label = _("Host position") if position.kind == PositionKind.HOST else _("Secondment")
    name = "hostposition-detail" if position.kind == PositionKind.HOST else "secondment-detail"
    return Event(
        kind="position",
        pk=position.pk,
        start=position.start_date,
        end=position.end_date,
        title=f"{label} — {_name(position.applicant)}: {position.topic}",
        path=reverse(f"people:{name}", args=[position.pk]),
    )


def call_event(call: Call) -> Event:
    """A call for applications' closing date."""
    return Event(
        kind="call-closes",
        pk=call.pk,
        start=call.closes_on,
        title=_("Call closes: %(title)s") % {"title": call.title},
        path=reverse("people:call-detail", args=[call.pk]),
    )


def chair_event(chair: Chair) -> Event:
    """A research chair's period."""
    return Event(
        kind="chair",
        pk=chair.pk,
        start=chair.start_date,
        end=chair.end_date,
        title=_("Chair: %(title)s") % {"title": chair.title},
        path=reverse("people:chair-detail", args=[chair.pk]),
    )


def delegation_event(delegation: Delegation, viewer: User) -> Event:
    """A delegation's days, told as ``viewer`` sees it: given, received, or
    between two others (direction and operations see every delegation)."""
    if delegation.delegator_id == viewer.pk:
        title = _("Your approvals delegated to %(name)s") % {"name": _name(delegation.delegate)}
    elif delegation.delegate_id == viewer.pk:
        title = _("Standing in for %(name)s") % {"name": _name(delegation.delegator)}
    else:
        title = _("%(delegator)s’s approvals delegated to %(delegate)s") % {
            "delegator": _name(delegation.delegator),
            "delegate": _name(delegation.delegate),
        }
    return Event(
        kind="delegation",
        pk=delegation.pk,
        start=delegation.starts_on,
        end=delegation.ends_on,
        title=title,
        path=reverse("people:delegation-list"),
    )
