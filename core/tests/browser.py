"""Debian's Chromium as the browser tests launch it through Playwright, the
module-wide ``browser`` fixture those tests import, a demo persona signed in
(``signed_in``) and the accessibility check (``assert_accessible``)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium, launched once per test module; skipped where it is not
    installed, unless ``LABSITE_REQUIRE_BROWSER`` says it must be (CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("LABSITE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here but /usr/bin/chromium is missing.")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the fixtures make between page actions are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


DESKTOP = {"width": 1280, "height": 900}
DEMO_PASSWORD = "labsite-demo"  # nosec B105  # the demo accounts' published password (README)


def signed_in(browser, live_server, username: str, viewport: dict[str, int] | None = None):
    """``(context, page)``: a new browser context signed in as the demo persona
    ``username`` through the sign-in form, then switched to English whatever the
    default (the assertions read English words). Close the context when done."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport or DESKTOP)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form#login-form [type=submit]")
    page.wait_for_url("**/")
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()
    return context, page


AXE = Path(__file__).resolve().parents[2] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page) -> None:
    """axe-core (a11y/, installed by ``make test``) finds no WCAG 2.1 A or AA
    violation on the page as it stands; the failure lists each rule and the
    elements that break it. Skipped where axe-core is not installed, unless
    ``LABSITE_REQUIRE_BROWSER`` says it must be (CI)."""
    if not AXE.exists():
        if os.environ.get("LABSITE_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core is required here but {AXE} is missing (make test installs it).")
        pytest.skip("axe-core is not installed (npm ci --prefix a11y).")
    # Evaluated through the DevTools protocol, which the page's Content Security
    # Policy does not govern (a <script> tag added to the page would be refused).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "async (tags) => (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations",
        AXE_TAGS,
    )
    lines = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        + (f" and {len(violation['nodes']) - 5} more" if len(violation["nodes"]) > 5 else "")
        for violation in results
    ]
    assert not lines, "axe-core finds:\n" + "\n".join(lines)
