"""Filters remembered, in a real browser (Debian's Chromium driven by Playwright)
against the live test server, on the demo's content: the team lead filters the
projects and the directory, goes to the dashboard, comes back through the main
navigation to the same filtered lists (in the form and in the address), then
resets them. Each list also passes axe-core."""

from urllib.parse import parse_qs, urlsplit

import pytest

from core.tests.browser import assert_accessible, signed_in
from projects.demo import seed as seed_methods
from projects.demo import seed_content

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(personas, db) -> None:
    seed_methods()
    seed_content()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def nav(page, name: str) -> None:
    page.locator("nav.main-nav").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def rows(page) -> list[str]:
    return page.locator("main table tbody tr").all_text_contents()


def test_the_projects_come_back_filtered_through_the_navigation(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "teamlead")
    nav(page, "Projects")
    whole = rows(page)
    filters = page.locator("form.filters")
    filters.locator("input[name=q]").fill("heart")
    filters.locator("select[name=status]").select_option("active")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/projects/?*")
    filtered = rows(page)
    assert filtered and len(filtered) < len(whole)

    nav(page, "Dashboard")
    assert urlsplit(page.url).path == "/"
    nav(page, "Projects")
    # Back where it was left: the filters in the address and in the form, the same rows.
    assert query(page) == {"q": ["heart"], "status": ["active"]}
    assert filters.locator("input[name=q]").input_value() == "heart"
    assert filters.locator("select[name=status]").input_value() == "active"
    assert rows(page) == filtered
    assert_accessible(page)

    page.get_by_role("link", name="Reset filters").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/projects/" and not urlsplit(page.url).query
    assert filters.locator("input[name=q]").input_value() == ""
    assert rows(page) == whole
    assert page.get_by_role("link", name="Reset filters").count() == 0
    nav(page, "Dashboard")
    nav(page, "Projects")
    assert not urlsplit(page.url).query  # forgotten: the whole list again
    context.close()


def test_the_directory_comes_back_searched_through_the_navigation(browser, live_server, demo):
    context, page = signed_in(browser, live_server, "teamlead")
    nav(page, "Directory")
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill("clinician")
    search.get_by_role("button", name="Search").click()
    page.wait_for_url("**/people/?q=clinician*")
    found = rows(page)

    nav(page, "Dashboard")
    nav(page, "Directory")
    assert query(page) == {"q": ["clinician"]}
    assert search.locator("input[name=q]").input_value() == "clinician"
    assert rows(page) == found
    assert_accessible(page)

    search.get_by_role("link", name="Reset filters").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/people/" and not urlsplit(page.url).query
    assert search.locator("input[name=q]").input_value() == ""
    context.close()
