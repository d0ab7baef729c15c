"""The personal calendar feed (notifications.calendar, notifications.views):
exactly the person's deadlines over the feed's window, nothing they may not
see, parsed by two clients' parsers; revoked, renewed, deactivated; rate
limited; cacheable; a constant number of queries. And the one-event downloads
of the pages that show a date."""

from datetime import date, timedelta

import icalendar
import pytest
import vobject
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from notifications import views
from notifications.calendar import FEED_AHEAD_DAYS, FEED_BEHIND_DAYS
from notifications.models import CalendarFeed
from notifications.services import calendar_feed_create, calendar_feed_revoke
from notifications.tests.helpers import today
from people.models import Call, Chair, Delegation, Position, User
from people.services import delegation_create, user_deactivate
from people.tests.positions import approve, host, submit
from projects import services as project_services
from projects.models import Milestone
from transfer import services as transfer_services
from transfer.tests.scenario import Scenario, build

HOST = "testserver"


@pytest.fixture(autouse=True)
def _rules(settings) -> None:
    settings.REMINDER_AFTER_DAYS = 3
    settings.REMINDER_EVERY_DAYS = 3


def feed_url(token: str) -> str:
    return reverse("notifications:calendar-feed", args=[token])


def read(token: str, **headers: str):
    """The feed as a calendar client reads it: without signing in."""
    return Client().get(feed_url(token), **headers)


def uids(body: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def uid(kind: str, pk: int, day: date) -> str:
    return f"{kind}-{pk}-{day:%Y%m%d}@127.0.0.1"


def milestone(project, title: str, due_in: int) -> Milestone:
    # Written directly: the form refuses a due date in the past, the feed shows one.
    return Milestone.objects.create(project=project, title=title, due_date=today() + timedelta(days=due_in))


class World:
    """teamlead leads OPEN and CARDIOSIM: the deadlines of his feed, and what
    must stay out of it."""

    def __init__(self, personas: dict[str, User]) -> None:
        self.scenario: Scenario = build(personas)
        self.personas = personas
        lead = personas["teamlead"]
        open_project = self.scenario.projects["open"]
        secret = self.scenario.projects["secret"]
        self.milestones = {
            due_in: milestone(open_project, f"Milestone in {due_in} days", due_in) for due_in in (5, 200, -10)
        }
        self.out = [
            milestone(open_project, "Too far ahead", FEED_AHEAD_DAYS + 1),
            milestone(open_project, "Too long ago", -FEED_BEHIND_DAYS - 1),
            milestone(secret, "SECRET-MILESTONE-TITLE", 7),  # teamlead does not see SECRET
        ]
        done = milestone(open_project, "Done already", 20)
        project_services.milestone_set_done(milestone=done, by=lead, done=True)
        self.out.append(done)
        # An agreement expiring beyond the digest's 90 days, within the feed's year.
        self.later_agreement = transfer_services.agreement_create(
            by=personas["transfer"],
            kind="nda",
            partner=self.scenario.companies["partner"],
            innovation=self.scenario.innovations["hidden"],
            signed_on=today() - timedelta(days=10),
            expires_on=today() + timedelta(days=200),
            reference="AGR-LATER",
        )
        # Clinician's host position into CARDIOSIM (teamlead heads it), approved.
        position = submit(host(personas["clinician"], "CARDIOSIM", start=today() + timedelta(days=10), days=100))
        self.position: Position = approve(position, lead, personas["depthead"], personas["director"])
        # Clinician2's request, submitted today: it awaits teamlead's decision.
        self.waiting: Position = submit(host(personas["clinician2"], "CARDIOSIM", topic="Awaiting teamlead"))
        self.delegation = delegation_create(
            delegator=lead,
            delegate=personas["researcher"],
            starts_on=today() + timedelta(days=20),
            ends_on=today() + timedelta(days=30),
            by=lead,
        )

    def expected(self) -> set[str]:
        agreements = self.scenario.agreements
        return {
            *(uid("milestone", m.pk, m.due_date) for m in self.milestones.values()),
            uid("position-start", self.position.pk, self.position.start_date),
            uid("position-end", self.position.pk, self.position.end_date),
            uid("agreement", agreements["public"].pk, agreements["public"].expires_on),
            uid("agreement", self.later_agreement.pk, self.later_agreement.expires_on),
            uid("decision", self.waiting.pk, today()),
            uid("delegation", self.delegation.pk, self.delegation.starts_on),
        }


@pytest.fixture
def world(personas: dict[str, User], settings) -> World:
    settings.SITE_URL = "http://127.0.0.1:8000"
    return World(personas)


def test_the_feed_holds_exactly_the_persons_deadlines(world: World) -> None:
    token = calendar_feed_create(user=world.personas["teamlead"], by=world.personas["teamlead"])
    response = read(token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
    assert uids(response.content) == world.expected()
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["PRODID"]) and str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"])  # in his language (French)
    by_uid = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    near = world.milestones[5]
    event = by_uid[uid("milestone", near.pk, near.due_date)]
    assert event.decoded("DTSTART") == near.due_date  # an all-day event: VALUE=DATE
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event.decoded("DTEND") == near.due_date + timedelta(days=1)
    assert "DTSTAMP" in event
    link = f"http://127.0.0.1:8000/projects/{near.project_id}/"
    assert str(event["URL"]) == link and link in str(event["DESCRIPTION"])
    delegation = by_uid[uid("delegation", world.delegation.pk, world.delegation.starts_on)]
    assert delegation.decoded("DTEND") == world.delegation.ends_on + timedelta(days=1)
    decision = by_uid[uid("decision", world.waiting.pk, today())]
    assert decision.decoded("DTSTART") == today() + timedelta(days=4)  # the first reminder's day
    assert decision.walk("VALARM")
    assert str(decision["URL"]).endswith(f"/host-positions/{world.waiting.pk}/")
    # A second client's parser reads the same events.
    parsed = vobject.readOne(response.content.decode())
    assert {component.uid.value for component in parsed.vevent_list} == world.expected()
    assert b"SECRET-MILESTONE-TITLE" not in response.content


def test_the_feed_names_nothing_the_person_cannot_see(world: World) -> None:
    clinician = world.personas["clinician"]
    body = read(calendar_feed_create(user=clinician, by=clinician)).content
    # Her own request's dates; no milestone, agreement, decision or delegation of others.
    assert uids(body) == {
        uid("position-start", world.position.pk, world.position.start_date),
        uid("position-end", world.position.pk, world.position.end_date),
    }
    partner = world.personas["partner"]
    assert uids(read(calendar_feed_create(user=partner, by=partner)).content) == set()


def test_the_feed_speaks_its_owners_language(world: World) -> None:
    english = world.personas["teamlead2"]
    calendar = icalendar.Calendar.from_ical(read(calendar_feed_create(user=english, by=english)).content)
    assert str(calendar["X-WR-CALNAME"]) == "labsite — my deadlines"


def test_a_revoked_feed_answers_404(world: World) -> None:
    lead = world.personas["teamlead"]
    token = calendar_feed_create(user=lead, by=lead)
    assert read(token).status_code == 200
    assert calendar_feed_revoke(user=lead, by=lead)
    assert read(token).status_code == 404
    actions = set(
        AuditEvent.objects.filter(
            object_id__in=[str(pk) for pk in CalendarFeed.objects.values_list("pk", flat=True)]
        ).values_list("action", flat=True)
    )
    assert {"created", "revoked"} <= actions


def test_a_renewed_feed_answers_at_its_new_address_only(world: World) -> None:
    lead = world.personas["teamlead"]
    old = calendar_feed_create(user=lead, by=lead)
    new = calendar_feed_create(user=lead, by=lead)
    assert old != new
    assert read(old).status_code == 404
    assert read(new).status_code == 200
    assert CalendarFeed.objects.filter(user=lead, revoked_at__isnull=True).count() == 1
    # Only the hash is kept.
    assert not CalendarFeed.objects.filter(token_hash__in=[old, new]).exists()


def test_a_deactivated_account_stops_its_feed(world: World) -> None:
    lead = world.personas["teamlead"]
    token = calendar_feed_create(user=lead, by=lead)
    user_deactivate(user=lead, by=world.personas["ops"])
    unknown = read("x" * 43)
    refused = read(token)
    assert refused.status_code == unknown.status_code == 404
    assert refused["Content-Type"] == unknown["Content-Type"]  # the same 404 page, whatever the reason


def test_the_feed_is_rate_limited_per_token(world: World, monkeypatch) -> None:
    monkeypatch.setattr(views, "FEED_RATE_LIMIT", 2)
    lead, clinician = world.personas["teamlead"], world.personas["clinician"]
    token = calendar_feed_create(user=lead, by=lead)
    assert [read(token).status_code for _ in range(3)] == [200, 200, 429]
    assert int(read(token)["Retry-After"]) > 0
    assert read(calendar_feed_create(user=clinician, by=clinician)).status_code == 200  # another token


def test_the_feed_is_cacheable(world: World) -> None:
    lead = world.personas["teamlead"]
    token = calendar_feed_create(user=lead, by=lead)
    first = read(token)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = read(token)
    assert again.content == first.content and again["ETag"] == etag  # nothing changed: the same bytes
    assert read(token, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert read(token, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    milestone(world.scenario.projects["open"], "A new milestone", 50)
    changed = read(token, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    feed = CalendarFeed.objects.get(user=lead, revoked_at__isnull=True)
    assert feed.last_used_at is not None


def count_queries(token: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert read(token).status_code == 200
    return len(queries)


def test_the_feed_reads_a_constant_number_of_queries(world: World) -> None:
    lead = world.personas["teamlead"]
    token = calendar_feed_create(user=lead, by=lead)
    few = count_queries(token)
    open_project = world.scenario.projects["open"]
    for n in range(20):
        milestone(open_project, f"More {n}", 30 + n)
    for n in range(5):
        start = today() + timedelta(days=400 + 40 * n)
        submit(host(world.personas["clinician2"], "CARDIOSIM", start=start, days=30, topic=f"Also waiting {n}"))
    Delegation.objects.create(
        delegator=world.personas["teamlead2"],
        delegate=lead,
        starts_on=today() + timedelta(days=40),
        ends_on=today() + timedelta(days=45),
    )
    assert len(uids(read(token).content)) >= len(world.expected()) + 26
    assert count_queries(token) == few


# /me/ -------------------------------------------------------------------------------------


def test_me_creates_shows_once_renews_and_revokes_the_feed(personas: dict[str, User], sign_in) -> None:
    client = sign_in("researcher")
    me = reverse("people:me")
    assert 'data-calendar-feed="none"' in client.get(me).content.decode()
    response = client.post(reverse("notifications:calendar-feed-renew"))
    assert response.status_code == 302 and response["Location"].startswith(me)
    page = client.get(me).content.decode()
    start = page.index('id="calendar-feed-url"')
    url = page[page.index('value="', start) + 7 : page.index('"', page.index('value="', start) + 7)]
    assert url.startswith(f"{django_settings.SITE_URL}/calendar/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert read(token).status_code == 200
    page = client.get(me).content.decode()
    assert token not in page and 'data-calendar-feed="active"' in page  # shown once
    client.post(reverse("notifications:calendar-feed-renew"))
    assert read(token).status_code == 404
    client.post(reverse("notifications:calendar-feed-revoke"))
    assert not CalendarFeed.objects.filter(user=personas["researcher"], revoked_at__isnull=True).exists()
    assert 'data-calendar-feed="none"' in client.get(me).content.decode()


# One-event downloads ------------------------------------------------------------------------


def single_event(response) -> icalendar.Event:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    vobject.readOne(response.content.decode())
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_each_dated_page_offers_its_one_event_download(world: World, sign_in) -> None:
    client = sign_in("teamlead")
    near = world.milestones[5]
    event = single_event(client.get(reverse("projects:milestone-ics", args=[near.pk])))
    assert event.decoded("DTSTART") == near.due_date
    event = single_event(client.get(reverse("people:hostposition-ics", args=[world.position.pk])))
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        world.position.start_date,
        world.position.end_date + timedelta(days=1),
    )
    agreement = world.scenario.agreements["public"]
    assert (
        single_event(client.get(reverse("transfer:agreement-ics", args=[agreement.pk]))).decoded("DTSTART")
        == agreement.expires_on
    )
    event = single_event(client.get(reverse("people:delegation-ics", args=[world.delegation.pk])))
    assert event.decoded("DTSTART") == world.delegation.starts_on
    call = Call.objects.create(title="Call 2027", opens_on=today(), closes_on=today() + timedelta(days=40))
    assert single_event(client.get(reverse("people:call-ics", args=[call.pk]))).decoded("DTSTART") == call.closes_on
    chair = Chair.objects.create(title="AI chair", start_date=today(), end_date=today() + timedelta(days=900))
    event = single_event(client.get(reverse("people:chair-ics", args=[chair.pk])))
    assert event.decoded("DTEND") == chair.end_date + timedelta(days=1)
    # A hidden object: 404, as its page.
    assert client.get(reverse("projects:milestone-ics", args=[world.out[2].pk])).status_code == 404
