"""Template filters for host positions and secondments."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.history import HistoryEntry, HistoryEvent
from core.models import AuditEvent
from people.history import POSITION_HISTORY

register = template.Library()


@register.filter
def age(value: timedelta | None) -> str:
    """How long a request has waited, in whole days (in hours on its first day)."""
    if value is None:
        return ""
    if value.days >= 1:
        return ngettext("%(count)d day", "%(count)d days", value.days) % {"count": value.days}
    hours = int(value.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return _("less than an hour")


@register.filter
def overdue(value: timedelta | None) -> bool:
    """Waiting long enough for reminders to go out (REMINDER_AFTER_DAYS)."""
    return value is not None and value.days >= settings.REMINDER_AFTER_DAYS


@register.filter
def position_entry(event: AuditEvent) -> HistoryEntry:
    """A request's audit event in words, for its emails (described as they are
    rendered, in the recipient's language). Their recipients, its applicant and
    approvers, see everyone who acts on it, so nobody is hidden."""
    return POSITION_HISTORY.entry(HistoryEvent(event, event.changes, event.actor, event.on_behalf_of))
