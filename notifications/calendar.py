"""A person's calendar feed: what their digest calls coming deadlines, as
iCalendar events (core.calendar), read for a calendar client.

The feed holds what the digest and the reminders would tell the person, chosen
by the same section queries (``notifications.content.sections``) and so by
each app's visibility selectors, evaluated as the person; it only looks
further, over ``FEED_BEHIND_DAYS`` days back and ``FEED_AHEAD_DAYS`` days
ahead (the digest looks 14 to 90 days ahead, by kind), so that a deadline
stays in the calendar after its day and appears months before it:

- the milestones of the projects they lead;
- the start and end dates of their approved requests (and of those of the
  units they head);
- the agreements expiring that they follow (all of them for the transfer
  office, those of their projects' innovations for project leads), and the
  data-access approvals of their projects expiring;
- the requests awaiting their decision, on the day the reminder job reminds
  them of each next (with an alarm that day);
- the delegations they gave or received.

Its cost does not depend on the number of events: a fixed number of queries.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar import Event
from notifications.content.context import RunContext
from notifications.content.items import POSITION_FIELDS, on, position_path, position_title
from notifications.content.reminders import next_reminder_on
from notifications.content.sections import awaited_positions, deadlines_for, my_positions
from people.calendar import delegation_event
from people.models import Position, PositionStatus, User
from people.selectors import delegation_list, position_visible

FEED_BEHIND_DAYS = 30
FEED_AHEAD_DAYS = 365

# A deadline's rule (``sections.Deadline.rule``) → the kind its events' UIDs name.
RULE_KINDS = {"ending": "position-end", "milestone": "milestone", "agreement": "agreement"}


def feed_name(user: User) -> str:
    """The calendar's name (X-WR-CALNAME), in the person's language."""
    with translation.override(user.language or None):
        return _("labsite — my deadlines")


def feed_events(user: User, today: date) -> list[Event]:
    """``user``'s events from ``FEED_BEHIND_DAYS`` before ``today`` to
    ``FEED_AHEAD_DAYS`` after it, in ``user``'s language."""
    first, last = today - timedelta(days=FEED_BEHIND_DAYS), today + timedelta(days=FEED_AHEAD_DAYS)
    ctx = RunContext.build(today=today)
    ctx.horizon = (first, last)
    with translation.override(user.language or None):
        events = [*_deadlines(user, ctx), *_starts(user, ctx), *_decisions(user, ctx), *_delegations(user, ctx)]
    return sorted(events, key=lambda event: (event.start, event.kind, event.pk))


def _deadlines(user: User, ctx: RunContext) -> list[Event]:
    labels = {
        "ending": _("End: %(title)s"),
        "milestone": _("Milestone due: %(title)s"),
        "agreement": _("Agreement expires: %(title)s"),
        "data_approval": _("Expires: %(title)s"),
    }
    return [
        Event(
            kind=RULE_KINDS.get(deadline.rule, deadline.rule.replace("_", "-")),
            pk=deadline.pk,
            start=deadline.day,
            title=labels.get(deadline.rule, "%(title)s") % {"title": deadline.item.title},
            path=deadline.item.path,
            description=str(deadline.item.note),
        )
        for deadline in deadlines_for(user, ctx)
    ]


def _horizon(ctx: RunContext) -> tuple[date, date]:
    """The feed's first and last day (its context always has them)."""
    if ctx.horizon is None:
        raise ValueError("A calendar feed's context has a horizon.")
    return ctx.horizon


def _starts(user: User, ctx: RunContext) -> list[Event]:
    """The start dates of the person's approved requests (their ends are deadlines)."""
    first, last = _horizon(ctx)
    rows = (
        Position.objects.filter(position_visible(user))
        .filter(
            my_positions(ctx.viewer(user)),
            status=PositionStatus.APPROVED,
            start_date__gte=first,
            start_date__lte=last,
        )
        .order_by("start_date", "pk")
        .values_list(*POSITION_FIELDS, "start_date")
    )
    return [
        Event(
            kind="position-start",
            pk=pk,
            start=start,
            title=_("Start: %(title)s") % {"title": position_title(kind, topic, first_name, last_name, username)},
            path=position_path(pk, kind),
        )
        for pk, kind, topic, first_name, last_name, username, start in rows
    ]


def _decisions(user: User, ctx: RunContext) -> list[Event]:
    """The requests awaiting the person's decision, on the day of their next reminder."""
    events: list[Event] = []
    for pk, kind, topic, first_name, last_name, username, since in awaited_positions(user, ctx):
        if since is None:
            continue
        day = next_reminder_on(since, ctx.today)
        events.append(
            Event(
                kind="decision",
                pk=pk,
                start=day,
                title=_("Decision awaited: %(title)s")
                % {"title": position_title(kind, topic, first_name, last_name, username)},
                path=position_path(pk, kind),
                description=_("Waiting for your decision since %(day)s.") % {"day": on(timezone.localdate(since))},
                uid_day=timezone.localdate(since),
                alarm_on=day,
            )
        )
    return events


def _delegations(user: User, ctx: RunContext) -> list[Event]:
    """The delegations the person gave or received (not those of others that
    direction and operations see)."""
    first, last = _horizon(ctx)
    delegations = delegation_list(user=user).filter(
        Q(delegator_id=user.pk) | Q(delegate_id=user.pk), ends_on__gte=first, starts_on__lte=last
    )
    return [delegation_event(delegation, user) for delegation in delegations.order_by("starts_on", "pk")]
