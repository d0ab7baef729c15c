"""Dates as iCalendar (RFC 5545): the events of a personal feed and the
one-event ``.ics`` downloads of the pages that show a date, built the same way.

An ``Event`` is a day or a run of days (all-day events, ``VALUE=DATE``) with a
title, a link back to its page and a UID that stays the same from one reading
to the next (``<kind>-<id>-<date>@<site host>``), so that a calendar client
updates the event rather than adding a second one. ``calendar_bytes`` writes
the calendar; ``ics_response`` answers it as a download.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Alarm, Calendar
from icalendar import Event as ICalEvent

PRODID = "-//labsite//labsite calendar//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_host() -> str:
    """The host of ``SITE_URL``: the right-hand side of every UID."""
    return urlsplit(settings.SITE_URL).hostname or "labsite"


def absolute(path: str) -> str:
    """The absolute URL of a path of the site, as the emails write it."""
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class Event:
    """An all-day event from ``start`` to ``end`` (both days included)."""

    kind: str  # what it is (milestone, position-start…): the UID's first part
    pk: int
    start: date
    title: str
    path: str = ""  # the page it links back to, a path of the site
    description: str = ""
    end: date | None = None  # the last day; None for a single day
    alarm_on: date | None = None  # a day to be reminded on, if any
    uid_day: date | None = None  # the day the UID names, if not ``start`` (an event whose day moves)

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.pk}-{self.uid_day or self.start:%Y%m%d}@{site_host()}"

    def component(self, stamp: datetime) -> ICalEvent:
        event = ICalEvent()
        event.add("uid", self.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", self.start)
        # DTEND of an all-day event is the day after the last one (RFC 5545 §3.6.1).
        event.add("dtend", (self.end or self.start) + timedelta(days=1))
        event.add("summary", self.title)
        event.add("transp", "TRANSPARENT")  # a deadline does not make one busy
        lines = [line for line in (self.description, absolute(self.path) if self.path else "") if line]
        if lines:
            event.add("description", "\n\n".join(lines))
        if self.path:
            event.add("url", absolute(self.path))
        if self.alarm_on is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", self.title)
            alarm.add("trigger", timedelta(days=(self.alarm_on - self.start).days))
            event.add_component(alarm)
        return event


def calendar_bytes(events: Iterable[Event], *, name: str = "", stamp: datetime | None = None) -> bytes:
    """The iCalendar text of ``events``, named ``name`` (X-WR-CALNAME) if given.
    ``stamp`` (DTSTAMP of every event) defaults to now."""
    stamp = (stamp or timezone.now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event.component(stamp))
    return calendar.to_ical()


def ics_response(events: Iterable[Event], filename: str, *, name: str = "") -> HttpResponse:
    """``events`` as a ``.ics`` file to download."""
    response = HttpResponse(calendar_bytes(events, name=name), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # what the person sees, as of now
    return response
