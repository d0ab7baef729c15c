"""Breadcrumbs in a real browser (Debian's Chromium driven by Playwright), on
the demo's HEARTWATCH: its lead opens "who can see this" and follows the trail
back to the project and the list; the tab's title says where she is; on a
phone the trail is the parent's link alone, on one line. Each page passes
axe-core."""

import pytest

from core.tests.browser import assert_accessible, signed_in
from projects.demo import seed as seed_methods
from projects.demo import seed_content
from projects.models import Project

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def heartwatch(personas, db) -> Project:
    seed_methods()
    seed_content()
    return Project.objects.get(acronym="HEARTWATCH")


def test_the_lead_follows_the_breadcrumbs_back_from_who_can_see_heartwatch(browser, live_server, heartwatch):
    context, page = signed_in(browser, live_server, "teamlead", DESKTOP)
    page.goto(f"/projects/{heartwatch.pk}/access/")
    assert page.title() == "Who can see this · HEARTWATCH · Projects · labsite"
    trail = page.get_by_role("navigation", name="Breadcrumb")
    items = trail.locator("ol > li")
    assert items.all_text_contents() == ["Dashboard", "Projects", "HEARTWATCH", "Who can see this"]
    assert items.last.get_attribute("aria-current") == "page"
    assert items.last.locator("a").count() == 0
    assert trail.locator("a").count() == 3
    assert_accessible(page)

    trail.get_by_role("link", name="HEARTWATCH").click()
    page.wait_for_url(f"**/projects/{heartwatch.pk}/")
    assert page.title() == "HEARTWATCH · Projects · labsite"
    assert trail.locator("ol > li").all_text_contents() == ["Dashboard", "Projects", "HEARTWATCH"]

    trail.get_by_role("link", name="Projects").click()
    page.wait_for_url("**/projects/")
    assert page.title() == "Projects · labsite"
    assert trail.count() == 0  # a page of the main navigation has no breadcrumbs
    context.close()


def test_on_a_phone_the_trail_is_the_parents_link_on_one_line(browser, live_server, heartwatch):
    context, page = signed_in(browser, live_server, "teamlead", PHONE)
    page.goto(f"/projects/{heartwatch.pk}/access/")
    trail = page.get_by_role("navigation", name="Breadcrumb")
    visible = [item for item in trail.locator("ol > li").all() if item.is_visible()]
    assert [item.text_content() for item in visible] == ["HEARTWATCH"]
    link = visible[0].get_by_role("link", name="HEARTWATCH")
    assert link.is_visible()
    arrow = link.evaluate("a => getComputedStyle(a, '::before').content")
    assert "←" in arrow
    box = trail.bounding_box()
    line = float(trail.evaluate("nav => parseFloat(getComputedStyle(nav).lineHeight) || 24"))
    assert box is not None and box["height"] < 1.8 * line  # one line
    assert_accessible(page)
    link.click()
    page.wait_for_url(f"**/projects/{heartwatch.pk}/")
    context.close()
