"""The calendar feed in a real browser (Debian's Chromium driven by Playwright)
against the live test server, on the demo: the clinician who leads HEARTWATCH
creates her feed on /me/, the page shows its address once; a calendar client
(here urllib, without the browser's session) reads it, and two parsers find
her deadlines; she revokes it on /me/ and the address answers 404. The page
passes axe-core."""

import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
import vobject
from django.utils import timezone

from core.tests.browser import assert_accessible, signed_in
from notifications.content.context import RunContext
from notifications.content.sections import deadlines_for
from notifications.tests.helpers import seed_demo
from people.models import User
from projects.models import Milestone, Project

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(personas, db) -> dict[str, User]:
    return seed_demo()


def fetch(url: str) -> tuple[int, bytes]:
    """``url`` read as a calendar client reads it: no cookie, no session."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # nosec B310  # the live test server, over http
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_a_clinician_subscribes_to_her_deadlines_then_revokes_them(browser, live_server, demo) -> None:
    clinician = demo["clinician"]
    heartwatch = Project.objects.get(acronym="HEARTWATCH")
    due = timezone.localdate() + timedelta(days=45)
    milestone = Milestone.objects.create(project=heartwatch, title="Interim analysis", due_date=due)
    # What her digest calls coming deadlines today (its own windows, within the feed's).
    digest = {
        (deadline.rule, deadline.pk, deadline.day)
        for deadline in deadlines_for(clinician, RunContext.build(today=timezone.localdate()))
    }

    context, page = signed_in(browser, live_server, "clinician")

    page.goto("/me/")
    page.get_by_role("button", name="Create my calendar address").click()
    page.wait_for_url("**/me/*")
    field = page.get_by_label("Address of your calendar")
    address = field.input_value()
    assert field.get_attribute("readonly") is not None
    assert_accessible(page)
    path = urlsplit(address).path
    assert path.startswith("/calendar/") and path.endswith(".ics")

    status, body = fetch(f"{live_server.url}{path}")
    assert status == 200
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    found = {str(event["UID"]).partition("@")[0] for event in events}
    assert f"milestone-{milestone.pk}-{due:%Y%m%d}" in found
    kinds = {"ending": "position-end", "milestone": "milestone", "agreement": "agreement"}
    for rule, pk, day in digest:
        assert f"{kinds.get(rule, rule.replace('_', '-'))}-{pk}-{day:%Y%m%d}" in found
    parsed = vobject.readOne(body.decode())
    assert {component.uid.value.partition("@")[0] for component in parsed.vevent_list} == found
    by_uid = {str(event["UID"]).partition("@")[0]: event for event in events}
    assert str(by_uid[f"milestone-{milestone.pk}-{due:%Y%m%d}"]["URL"]).endswith(f"/projects/{heartwatch.pk}/")

    # Shown once: the page, opened again, says the feed is active, not its address.
    page.goto("/me/")
    assert page.locator("#calendar-feed-url").count() == 0
    assert page.locator("[data-calendar-feed=active]").count() == 1
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_url("**/me/*")
    assert page.locator("[data-calendar-feed=none]").count() == 1
    assert fetch(f"{live_server.url}{path}")[0] == 404
    context.close()
