"""Deciding fast, in a real browser (Debian's Chromium driven by Playwright)
against the live test server: a team leader approves on a phone from the
first screen and is taken on through the queue; three requests approved at
once from the awaiting list; a request sent back for changes, edited,
submitted again and awaited anew.

Each journey counts its clicks: the closing figures of "clicks per
approval" come from here (test-artifacts/decide-clicks.json)."""

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from core.tests.browser import assert_accessible
from people.models import Decision, Position, PositionStatus, User
from people.tests.positions import host, submit

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The README's screenshots, made again by these journeys.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


class Clicks:
    """A page whose clicks are counted."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)
        self.page.wait_for_load_state()


def record(name: str, figures: dict[str, Any]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "decide-clicks.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = figures
    path.write_text(json.dumps(known, indent=2, sort_keys=True))


def open_page(browser: Any, live_server: Any, username: str, viewport: dict[str, int]) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
    )
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "labsite-demo")
    page.click("form#login-form [type=submit]")
    page.wait_for_url("**/")
    return page


@pytest.fixture
def english(personas: dict[str, User]) -> None:
    User.objects.filter(username__in=personas).update(language="en")


@pytest.fixture
def three(personas: dict[str, User], english: None) -> list[Position]:
    """Three host requests into CARDIOSIM awaiting its leader, oldest first."""
    p = personas
    now = timezone.now()
    made = [
        submit(host(p["clinician"], "CARDIOSIM", share=10, topic="Heart digital twins")),
        submit(host(p["clinician2"], "CARDIOSIM", share=20, topic="Stroke imaging")),
        submit(host(p["depthead"], "CARDIOSIM", share=10, topic="Cardiac MRI")),
    ]
    for days, position in zip((9, 6, 3), made, strict=True):
        Position.objects.filter(pk=position.pk).update(waiting_since=now - timedelta(days=days))
    return made


def in_first_screen(page: Any, selector: str) -> dict[str, float]:
    """The element's box, with the page not scrolled: it must lie within the viewport."""
    assert page.evaluate("window.scrollY") == 0
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box, viewport)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (selector, box, viewport)
    return box


def test_on_a_phone_the_approver_decides_from_the_first_screen_and_moves_through_the_queue(browser, live_server, three):
    page = open_page(browser, live_server, "teamlead", PHONE)
    clicks = Clicks(page)
    # The count in the navigation says three await them (behind the menu button on a phone).
    assert "3" in page.locator(".main-nav .nav-count").first.text_content()
    assert_accessible(page)
    # From the dashboard's card, the oldest request.
    clicks.click(f"#awaiting-me ~ ul a[href='/host-positions/{three[0].pk}/']")
    page.wait_for_url(f"**/host-positions/{three[0].pk}/")
    page.screenshot(path=str(SCREENSHOTS / "decide-phone.png"))
    boxes = {
        name: in_first_screen(page, selector)
        for name, selector in {
            "essentials": ".decision-card .essentials",
            "approve": ".decision-form button:has-text('Approve')",
            "send back": ".decision-form button:has-text('Send back for changes')",
            "reject": ".decision-form button:has-text('Reject')",
        }.items()
    }
    for position in three:
        page.wait_for_url(f"**/host-positions/{position.pk}/")
        in_first_screen(page, ".decision-form button:has-text('Approve')")
        clicks.click(".decision-form button:has-text('Approve')")
    # After the last one: the empty awaiting list, which says so.
    page.wait_for_url("**/host-positions/?view=awaiting")
    assert "Nothing else awaits your decision." in page.inner_text("main")
    assert page.locator(".main-nav .nav-count").count() == 0
    assert_accessible(page)
    # The list on a phone: every tab whole, the search alone, the first request in the first screen.
    page.goto("/host-positions/?view=all")
    for tab in ("Mine", "Awaiting my decision", "All I can see"):
        in_first_screen(page, f".tabs a:has-text('{tab}')")
    assert page.locator("select[name=status]").is_hidden()
    in_first_screen(page, "table tbody tr:first-child a.person-name")
    page.click(".filters__toggle")
    assert page.locator("select[name=status]").is_visible()
    assert page.locator(".filters__toggle").get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "list-phone.png"))
    assert all(Decision.objects.get(position=p).decided_by.username == "teamlead" for p in three)
    assert page.csp_violations == []
    record(
        "phone approval",
        {
            "approvals": len(three),
            "clicks": clicks.count,
            "clicks per approval": round(clicks.count / len(three), 2),
            "approve button bottom (px, of 844)": round(boxes["approve"]["y"] + boxes["approve"]["height"]),
        },
    )
    page.context.close()


def test_three_requests_are_approved_at_once_from_the_awaiting_list(browser, live_server, three):
    page = open_page(browser, live_server, "teamlead", DESKTOP)
    clicks = Clicks(page)
    clicks.click("nav.main-nav a[href='/host-positions/']")
    assert page.locator("input[form=bulk-approve]").count() == 3
    for position in three:
        page.check(f"#tick-{position.pk}")
        clicks.count += 1
    page.fill("#bulk-approve textarea, #bulk-approve input[name=comment]", "All three welcome in CARDIOSIM")
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "awaiting-desktop.png"))
    clicks.click("#bulk-approve button[type=submit]")
    page.wait_for_url("**/host-positions/?view=awaiting")
    text = page.inner_text("main")
    assert "3 of 3 requests approved." in text
    assert page.locator(".bulk-results__approved").count() == 3
    for position in three:
        decision = Decision.objects.get(position=position)
        assert (decision.decided_by.username, decision.comment) == ("teamlead", "All three welcome in CARDIOSIM")
    assert_accessible(page)
    assert page.csp_violations == []
    record("bulk approval", {"approvals": 3, "clicks": clicks.count, "clicks per approval": round(clicks.count / 3, 2)})
    page.context.close()


def test_a_request_sent_back_is_edited_submitted_again_and_awaited_anew(browser, live_server, three):
    position = three[0]
    depthead = open_page(browser, live_server, "depthead", PHONE)
    depthead.goto(f"/host-positions/{position.pk}/")
    in_first_screen(depthead, ".decision-form button:has-text('Send back for changes')")
    assert_accessible(depthead)
    depthead.fill(".decision-form textarea[name=comment]", "Please lower the share to 20 % for the first year.")
    depthead.click(".decision-form button:has-text('Send back for changes')")
    depthead.wait_for_load_state()
    position.refresh_from_db()
    assert position.status == PositionStatus.CHANGES_REQUESTED
    depthead.context.close()

    applicant = open_page(browser, live_server, "clinician", PHONE)
    applicant.goto(f"/host-positions/{position.pk}/")
    assert "Please lower the share to 20 % for the first year." in applicant.inner_text("main")
    assert_accessible(applicant)
    applicant.click("a.button:has-text('Edit')")
    applicant.wait_for_url(f"**/host-positions/{position.pk}/edit/")
    assert_accessible(applicant)
    applicant.select_option("select[name=time_share]", "20")
    applicant.click("form.form [type=submit]")
    applicant.wait_for_url(f"**/host-positions/{position.pk}/")
    applicant.click("button:has-text('Submit')")
    applicant.wait_for_load_state()
    position.refresh_from_db()
    assert (position.status, position.time_share, position.round) == (PositionStatus.SUBMITTED, 20, 2)
    assert applicant.csp_violations == []
    applicant.context.close()

    # Awaited anew by both endorsers; the first round stays in the history.
    for username in ("depthead", "teamlead"):
        approver = open_page(browser, live_server, username, PHONE)
        approver.goto(f"/host-positions/{position.pk}/")
        in_first_screen(approver, ".decision-form button:has-text('Approve')")
        history = approver.inner_text(".detail-layout__timeline")
        assert "Please lower the share to 20 % for the first year." in history
        approver.context.close()
