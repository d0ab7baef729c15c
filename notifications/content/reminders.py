"""What the reminders say to one person: the requests that have waited too
long for their decision, and the coming deadlines."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.content.context import RunContext
from notifications.content.items import Item, days, position_path, position_title
from notifications.content.sections import awaited_positions, deadlines_for
from people.models import User


@dataclass(frozen=True)
class Reminder:
    """One reminder email: its outbox key names the rule, the object, the
    recipient and the period, so that no run sends it twice."""

    key: str
    rule: str
    item: Item
    message: str


def next_reminder_on(since: datetime, today: date) -> date:
    """The first day, today or later, on which ``reminders_for`` reminds the
    approver of a request waiting since ``since``: REMINDER_AFTER_DAYS whole
    days after it began waiting, then every REMINDER_EVERY_DAYS."""
    every = max(settings.REMINDER_EVERY_DAYS, 1)
    first = timezone.localdate(since) + timedelta(days=settings.REMINDER_AFTER_DAYS + 1)
    if today <= first:
        return first
    periods = -(-(today - first).days // every)  # rounded up
    return first + timedelta(days=periods * every)


def reminders_for(user: User, ctx: RunContext) -> list[Reminder]:
    after = settings.REMINDER_AFTER_DAYS
    every = max(settings.REMINDER_EVERY_DAYS, 1)
    reminders: list[Reminder] = []
    for pk, kind, topic, first, last, username, since in awaited_positions(user, ctx, for_reminders=True):
        if since is None:
            continue
        waited = (ctx.today - timezone.localdate(since)).days
        if waited <= after:
            continue
        period = (waited - after - 1) // every  # one reminder per ``every`` days past the first
        item = Item(
            "position",
            position_title(kind, topic, first, last, username),
            position_path(pk, kind),
            str(_("waiting for %(age)s") % {"age": days(waited)}),
        )
        reminders.append(
            Reminder(
                key=f"reminder:approval:{pk}:{since:%Y%m%dT%H%M%S}:{user.pk}:{period}",
                rule="approval",
                item=item,
                message=str(_("A request has been waiting for your decision for %(age)s.") % {"age": days(waited)}),
            )
        )
    for deadline in deadlines_for(user, ctx):
        key = f"reminder:{deadline.key}:{user.pk}"
        reminders.append(Reminder(key=key, rule=deadline.rule, item=deadline.item, message=deadline.message))
    return reminders
