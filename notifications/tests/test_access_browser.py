"""Access explained and reviewed, in a real browser (Debian's Chromium driven by
Playwright) against the live test server, on the demo's projects: a clinician
asks why she sees HEARTWATCH; its lead lists who can see it; operations export
the access review. Each page also passes axe-core."""

import csv
import io
from pathlib import Path

import pytest

from core.tests.browser import assert_accessible, signed_in
from projects.demo import seed as seed_methods
from projects.demo import seed_content
from projects.models import Project

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(personas, db) -> Project:
    seed_methods()
    seed_content()
    return Project.objects.get(acronym="HEARTWATCH")


def test_a_clinician_asks_why_she_sees_heartwatch(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "clinician")
    page.goto(demo.get_absolute_url())
    card = page.locator("section[aria-labelledby=access-heading]")
    assert card.locator("h2").text_content() == "Why can I see this?"
    assert card.locator("li").all_text_contents() == ["You lead HEARTWATCH."]
    assert card.get_by_role("link", name="Who can see this project").count() == 1  # she leads it
    assert_accessible(page)
    context.close()


def test_the_lead_lists_who_can_see_heartwatch(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "teamlead")
    page.goto(demo.get_absolute_url())
    page.get_by_role("link", name="Who can see this project").click()
    page.wait_for_url(f"**/projects/{demo.pk}/access/")
    rows = page.locator("table tbody tr")
    names = rows.locator("th").all_text_contents()
    assert len(names) == 5  # its three members, direction and operations
    text = page.locator("table").text_content() or ""
    for reason in ("Lead", "Member", "Direction", "Operations"):
        assert reason in text
    assert "view, edit, decide" in text  # direction and operations
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    exported = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(exported) == 6 and exported[0][0] == "Name"
    context.close()


def test_operations_export_the_access_review(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "ops")
    page.locator("details.user-menu summary").click()
    page.get_by_role("link", name="Access review").click()
    page.wait_for_url("**/access-review/")
    assert "HEARTWATCH" in (page.locator("table").text_content() or "")
    assert_accessible(page)
    page.get_by_role("link", name="Confidential innovations").click()
    page.wait_for_url("**/access-review/?tab=innovations*")
    page.get_by_role("link", name="Confidential projects").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename.startswith("access-review-projects-")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    confidential = {row[1]: row for row in rows[1:]}
    assert set(confidential) == set(Project.objects.filter(confidential=True).values_list("acronym", flat=True))
    assert confidential["HEARTWATCH"][2] == "5"
    context.close()
