"""The header's search in a real browser (Debian's Chromium driven by Playwright)
against the live test server, on the demo: a team leader finds a colleague, a
project and a request with the keyboard alone, through the suggestions of the
search box (the ARIA combobox pattern); the search page lists every kind; each
page also passes axe-core."""

import re

import pytest

from core.tests.browser import assert_accessible, signed_in
from people.demo import seed_content as seed_requests
from projects.demo import seed as seed_methods
from projects.demo import seed_content as seed_projects
from transfer.demo import seed as seed_transfer
from transfer.demo import seed_content as seed_innovations

pytestmark = pytest.mark.browser

SCREENSHOTS = "docs/screenshots"


@pytest.fixture
def demo(personas, db) -> None:
    seed_methods()
    seed_projects()
    seed_requests()
    seed_transfer()
    seed_innovations()


def choose(page, words: str, group: str) -> str:
    """Type ``words`` in the header's box, then press the down arrow until the
    highlighted suggestion is in ``group``, and Enter: the keyboard alone."""
    box = page.locator("#site-search-q")
    box.focus()
    box.fill("")
    page.keyboard.type(words, delay=20)
    page.locator("#site-search-list").wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    for _ in range(20):
        page.keyboard.press("ArrowDown")
        active = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
        assert active.get_attribute("aria-selected") == "true"
        label = active.locator("xpath=ancestor::*[@role='group'][1]/*[@role='presentation']")
        if label.count() and label.text_content() == group:
            chosen = active.locator("span").first.text_content() or ""
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return chosen
    raise AssertionError(f"no suggestion in {group} for {words}")


def test_a_team_leader_finds_a_colleague_a_project_and_a_request_by_keyboard(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "teamlead")
    chosen = choose(page, "Clinicienne", "People")
    assert "Clinicienne" in chosen
    assert re.search(r"/people/\d+/$", page.url)
    assert "Clinicienne" in (page.locator("h1").text_content() or "")

    chosen = choose(page, "heartw", "Projects")
    assert chosen == "HEARTWATCH"
    assert re.search(r"/projects/\d+/$", page.url)

    box = page.locator("#site-search-q")
    box.focus()
    page.keyboard.type("twins", delay=20)
    page.locator("#site-search-list").wait_for(state="visible")
    assert_accessible(page)  # the open list of suggestions
    page.screenshot(path=f"{SCREENSHOTS}/search-suggestions.png")
    chosen = choose(page, "twins", "Host positions")
    assert chosen == "Digital twins of the failing heart"
    assert re.search(r"/host-positions/\d+/$", page.url)
    context.close()


def test_enter_without_a_choice_opens_the_search_page(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "director")
    box = page.locator("#site-search-q")
    box.focus()
    page.keyboard.type("cardio", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=cardio")
    headings = page.locator(".search-group h2").all_text_contents()
    assert {"People", "Projects", "Host positions"} <= set(headings)
    assert page.locator("#site-search-q").input_value() == "cardio"
    assert_accessible(page)
    page.locator(".search-group", has_text="Projects").get_by_role("link", name=re.compile("Projects")).click()
    page.wait_for_url("**/projects/?q=cardio")
    context.close()


def test_escape_closes_the_suggestions_then_clears_the_box(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "clinician")
    box = page.locator("#site-search-q")
    box.focus()
    page.keyboard.type("heart", delay=20)
    page.locator("#site-search-list").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert page.locator("#site-search-list").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")
    assert box.input_value() == ""
    context.close()


def test_on_a_phone_the_box_has_a_row_of_its_own(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "clinician", {"width": 390, "height": 844})
    box = page.locator("#site-search-q").bounding_box()
    assert box is not None and box["width"] > 250
    page.locator("#site-search-q").focus()
    page.keyboard.type("heart", delay=20)
    page.locator("#site-search-list").wait_for(state="visible")
    listed = page.locator("#site-search-list").bounding_box()
    assert listed is not None and listed["x"] >= 0 and listed["x"] + listed["width"] <= 390
    page.screenshot(path=f"{SCREENSHOTS}/search-phone.png")
    context.close()
