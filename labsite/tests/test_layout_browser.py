"""No page wider than the screen (issue 15): every demo persona, at a phone's
390×844 and a desktop's 1280×800, visits every page its navigation and account
menu lead to, then one page of every kind those pages link to (a host position,
a secondment, a project, an innovation, an agreement, a person, a call, ...),
and fails if the document is wider than the viewport or a navigation item or a
button is cut off. axe-core checks every page at the desktop width. The widest
page at each width goes to test-artifacts/layout-widths.json; the README's
screenshots are taken here, so that they show what the site is."""

import fcntl
import json
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PERSONAS
from core.tests.browser import AXE, assert_accessible
from notifications.tests.helpers import seed_demo

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# The kinds of page reached from the navigation's pages, one of each: a path
# that matches is visited the first time its kind is seen (query strings are
# left out: tabs and pages of a list share its layout). Downloads, and anything
# only a POST reaches, are not here.
KINDS = {
    "person": r"/people/\d+/",
    "pending accounts": r"/people/pending/",
    "directory import": r"/people/directory/import/",
    "personal data": r"/me/personal-data/",
    "host position": r"/host-positions/\d+/",
    "host position form": r"/host-positions/new/",
    "host position edit": r"/host-positions/\d+/edit/",
    "secondment": r"/secondments/\d+/",
    "secondment form": r"/secondments/new/",
    "secondment edit": r"/secondments/\d+/edit/",
    "calls": r"/calls/",
    "call": r"/calls/\d+/",
    "chair": r"/chairs/\d+/",
    "project": r"/projects/\d+/",
    "project form": r"/projects/new/",
    "project edit": r"/projects/\d+/edit/",
    "project members": r"/projects/\d+/members/",
    "milestone form": r"/projects/\d+/milestones/new/",
    "data-access request form": r"/projects/\d+/data-requests/new/",
    "innovations": r"/transfer/innovations/",
    "innovation": r"/transfer/innovations/\d+/",
    "innovation form": r"/transfer/innovations/new/",
    "innovation edit": r"/transfer/innovations/\d+/edit/",
    "agreements": r"/transfer/agreements/",
    "agreement": r"/transfer/agreements/\d+/",
    "agreement form": r"/transfer/innovations/\d+/agreements/new/",
    "agreement edit": r"/transfer/agreements/\d+/edit/",
    "deployment form": r"/transfer/innovations/\d+/deployments/new/",
    "deployment edit": r"/transfer/deployments/\d+/edit/",
    "partners": r"/transfer/partners/",
    "partner": r"/transfer/partners/\d+/",
    "partner form": r"/transfer/partners/new/",
    "partner edit": r"/transfer/partners/\d+/edit/",
    "second factor": r"/accounts/2fa/",
}
KIND_PATTERNS = [(kind, re.compile(f"^{pattern}$")) for kind, pattern in KINDS.items()]

# Every path the navigation and the account menu lead to, from the page itself.
MENU_LINKS = """() => Array.from(
    document.querySelectorAll("nav.main-nav ul a[href], .user-menu__panel a[href]"),
    (link) => new URL(link.href).pathname,
)"""

# Links of the page's main part, by path; a list's "all" view (?view=all) is
# followed too, where a persona's default view may list nothing.
MAIN_LINKS = """() => Array.from(document.querySelectorAll("main a[href]"), (link) => {
  const url = new URL(link.href);
  if (url.origin !== location.origin) return null;
  const all = url.searchParams.get("view") === "all" && url.pathname === location.pathname;
  return all ? url.pathname + "?view=all" : url.pathname;
}).filter(Boolean)"""

# What overflows: the document, and every visible navigation item, link drawn
# as a button, or button whose box leaves the viewport sideways, is cut by an
# ancestor that hides its overflow (or, for a navigation item, scrolls it out
# of sight), or cuts its own text.
OVERFLOWS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    const text = (el.innerText || el.getAttribute("aria-label") || el.value || "").trim().replace(/\\s+/g, " ");
    const classes = el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "";
    return `${el.tagName.toLowerCase()}${classes} "${text.slice(0, 40)}"`;
  };
  const targets = document.querySelectorAll(
    "nav.main-nav a, .main-nav__toggle, a.button, a[class*='button'], button, summary, [role='button']"
  );
  for (const el of targets) {
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden on purpose
    const isNavItem = !!el.closest("nav.main-nav");
    // Inside an area meant to scroll sideways (the board, a named region such as a
    // figures table) a control out of sight is reached by scrolling that area; a
    // navigation item must not be. Any other frame that scrolls or hides cuts it.
    let scroller = null;
    for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      const scrolls = ["auto", "scroll"].includes(getComputedStyle(parent).overflowX);
      if (scrolls && parent.matches(".board, [role='region']")) { scroller = parent; break; }
    }
    if ((isNavItem || !scroller) && (box.left < -0.5 || box.right > width + 0.5)) {
      const span = `${Math.round(box.left)} to ${Math.round(box.right)} of ${width} px`;
      problems.push(`${describe(el)} leaves the viewport (${span})`);
      continue;
    }
    const own = getComputedStyle(el);
    if (own.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} cuts its own text (${el.scrollWidth} px in ${el.clientWidth} px)`);
      continue;
    }
    const stop = isNavItem ? document.body : scroller || document.body;
    for (let parent = el.parentElement; parent && parent !== stop; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      const hides = [style.overflowX, style.overflowY].some((value) => value === "hidden" || value === "clip");
      const scrolls = [style.overflowX, style.overflowY].some((value) => value === "auto" || value === "scroll");
      if (!hides && !scrolls) continue;
      const frame = parent.getBoundingClientRect();
      const left = frame.left + parent.clientLeft;
      const right = left + parent.clientWidth;
      const top = frame.top + parent.clientTop;
      const bottom = top + parent.clientHeight;
      if (box.left < left - 0.5 || box.right > right + 0.5 || box.top < top - 0.5 || box.bottom > bottom + 0.5) {
        problems.push(`${describe(el)} is cut by ${describe(parent)} (overflow ${style.overflow})`);
        break;
      }
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, problems };
}"""

# Chart text as drawn: its rendered height on the screen (an SVG's viewBox scales it).
CHART_TEXT = """() => Array.from(document.querySelectorAll("svg text"), (text) => {
  if (!text.checkVisibility({ checkVisibilityCSS: true }) || !text.textContent.trim()) return null;
  const svg = text.ownerSVGElement;
  const matrix = text.getScreenCTM();
  const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
  const size = parseFloat(getComputedStyle(text).fontSize) * scale;
  return { text: text.textContent.trim().slice(0, 30), size, svg: svg && svg.getAttribute("class") };
}).filter(Boolean)"""

MIN_CHART_TEXT_PX = 12

# Words of the transfer board's cards cut across two lines (no hyphenation
# dictionary here: any break inside a word is a cut).
CUT_WORDS = """() => {
  const cut = [];
  for (const block of document.querySelectorAll(".board-card__title, .board-card__meta li")) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A word of a compound (patient-specific) may end its line at the hyphen.
      for (const match of node.textContent.matchAll(/[^\\s\\-\u2010\u2011]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
        if (tops.size > 1) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""

# The waiting count another change puts in the navigation: two such badges must
# fit the desktop's row along with every item.
WITH_COUNTS = """() => {
  const links = "nav.main-nav a[href$='/host-positions/'], nav.main-nav a[href$='/secondments/']";
  for (const link of document.querySelectorAll(links)) {
    // In place of the person's own count, if they have one: two-digit counts on both links.
    link.querySelector(".nav-count")?.remove();
    const count = document.createElement("span");
    count.className = "nav-count";
    count.textContent = "12";
    link.append(count);
  }
  const items = Array.from(document.querySelectorAll("nav.main-nav li"));
  const rows = new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size;
  const needed = items.reduce((sum, item) => sum + item.getBoundingClientRect().width, 0);
  return { rows, needed: Math.round(needed), room: document.querySelector("nav.main-nav ul").clientWidth };
}"""


def kind_of(path: str) -> str | None:
    return next((kind for kind, pattern in KIND_PATTERNS if pattern.match(path)), None)


# One run's figure, even when pytest-xdist shares the personas among processes:
# each merges what it saw into the file of the same run, under a lock.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


@pytest.fixture(scope="module")
def widest() -> Iterator[dict[str, dict[str, object]]]:
    """The widest page seen at each width, written out when the module ends."""
    seen: dict[str, dict[str, object]] = {}
    yield seen
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "layout-widths.json"
    with open(ARTIFACTS / "layout-widths.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        earlier = json.loads(path.read_text()) if path.exists() else {}
        if earlier.get("run") == RUN:
            for width, record in earlier["widest"].items():
                if width not in seen or record["scrollWidth"] > seen[width]["scrollWidth"]:
                    seen[width] = record
        path.write_text(json.dumps({"run": RUN, "widest": seen}, indent=2, ensure_ascii=False) + "\n")
    for width, record in sorted(seen.items()):
        print(f"\nwidest page at {width} px: {record}")


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "labsite-demo")
    page.click("form#login-form [type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def visit(page, path: str, failures: list[str], where: str) -> dict | None:
    response = page.goto(path)
    if response is None or response.status != 200:
        failures.append(f"{where}: {path} answered {response.status if response else 'nothing'}")
        return None
    return page.evaluate(OVERFLOWS)


def check_page(page, path: str, label: str, failures: list[str], widths: dict, *, accessible: bool) -> None:
    measured = visit(page, path, failures, label)
    if measured is None:
        return
    failures.extend(f"{label}: {path}: {problem}" for problem in measured["problems"])
    if measured["scrollWidth"] > measured["width"]:
        failures.append(f"{label}: {path} is {measured['scrollWidth']} px wide in a {measured['width']} px viewport")
    record = widths.get(str(measured["width"]))
    if record is None or measured["scrollWidth"] > record["scrollWidth"]:
        widths[str(measured["width"])] = {"scrollWidth": measured["scrollWidth"], "page": path, "persona": label}
    for word in page.evaluate(CUT_WORDS):
        failures.append(f"{label}: {path}: the board cuts the word {word!r}")
    for text in page.evaluate(CHART_TEXT):
        if text["size"] < MIN_CHART_TEXT_PX - 0.05:
            failures.append(f"{label}: {path}: chart text {text['text']!r} is {text['size']:.1f} px")
    if accessible:
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{label}: {path}: {error}")


def crawl(page, username: str, viewport: dict, failures: list[str], widths: dict, *, accessible: bool) -> list[str]:
    """Every menu page, then one page of each kind they (and those) link to."""
    label = f"{username} at {viewport['width']} px"
    page.goto("/")
    queue = list(dict.fromkeys(["/", *page.evaluate(MENU_LINKS)]))
    queue = [path for path in queue if not path.startswith("/admin/")]
    seen_kinds: set[str] = set()
    visited: list[str] = []
    while queue:
        path = queue.pop(0)
        if path in visited:
            continue
        visited.append(path)
        check_page(page, path, label, failures, widths, accessible=accessible)
        for link in page.evaluate(MAIN_LINKS):
            kind = "all of " + link.split("?")[0] if link.endswith("?view=all") else kind_of(link)
            if kind and kind not in seen_kinds and link not in visited:
                seen_kinds.add(kind)
                queue.append(link)
    return visited


def check_desktop_nav(page, username: str, failures: list[str]) -> None:
    """At 1280 px every item, waiting counts included, on one uncut row."""
    label = f"{username} at 1280 px"
    page.goto("/")
    nav = page.evaluate(WITH_COUNTS)
    if nav["rows"] != 1:
        failures.append(
            f"{label}: with waiting counts the navigation takes {nav['rows']} rows"
            f" ({nav['needed']} px of items in {nav['room']} px)"
        )
    failures.extend(f"{label}: / with waiting counts: {problem}" for problem in page.evaluate(OVERFLOWS)["problems"])


def check_phone_menu(page, username: str, failures: list[str]) -> None:
    """On a phone the navigation is behind its button: it opens, shows every item
    uncut, closes on Escape, and gives the focus back to the button."""
    label = f"{username} at 390 px"
    page.goto("/")
    toggle = page.locator(".main-nav__toggle")
    items = page.locator("nav.main-nav ul a")
    if not toggle.is_visible():
        failures.append(f"{label}: no menu button for the navigation")
        return
    if items.first.is_visible():
        failures.append(f"{label}: the navigation is open before its button is pressed")
    toggle.focus()
    page.keyboard.press("Enter")
    if toggle.get_attribute("aria-expanded") != "true":
        failures.append(f"{label}: the menu button does not say it is expanded")
    for index in range(items.count()):
        if not items.nth(index).is_visible():
            failures.append(f"{label}: navigation item {items.nth(index).inner_text()!r} hidden in the open menu")
    failures.extend(f"{label}: open menu: {problem}" for problem in page.evaluate(OVERFLOWS)["problems"])
    page.keyboard.press("Tab")
    if not page.evaluate("() => document.activeElement === document.querySelector('nav.main-nav ul a')"):
        failures.append(f"{label}: Tab from the menu button does not reach the first navigation item")
    page.keyboard.press("Escape")
    if toggle.get_attribute("aria-expanded") != "false" or items.first.is_visible():
        failures.append(f"{label}: Escape does not close the navigation menu")
    if not page.evaluate("() => document.activeElement.classList.contains('main-nav__toggle')"):
        failures.append(f"{label}: Escape does not give the focus back to the menu button")


def take_readme_screenshots(page, viewport: dict) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/")
    if viewport is PHONE:
        page.screenshot(path=str(SCREENSHOTS / "dashboard-phone.png"))
        if page.locator(".main-nav__toggle").is_visible():
            page.click(".main-nav__toggle")
        page.screenshot(path=str(SCREENSHOTS / "menu-phone.png"))
        page.goto("/transfer/")
        page.screenshot(path=str(SCREENSHOTS / "board-phone.png"))
        page.goto("/transfer/figures/")
        page.locator("#stages").screenshot(path=str(SCREENSHOTS / "figures-phone.png"))
    else:
        page.screenshot(path=str(SCREENSHOTS / "dashboard-desktop.png"))
        page.goto("/transfer/")
        page.screenshot(path=str(SCREENSHOTS / "board-desktop.png"))


# The README's screenshots: the lab's director, in English, who sees every page.
README_PERSONA = "director"


@pytest.fixture
def demo(transactional_db) -> None:
    """The whole demo (accounts and content), as ``make run`` shows it."""
    seed_demo()


@pytest.mark.parametrize("username", PERSONAS)
def test_no_page_is_wider_than_the_screen(browser, live_server, demo, widest, username):
    failures: list[str] = []
    # Without axe-core (not installed, and not required) the layout is still checked.
    accessible = AXE.exists() or bool(os.environ.get("LABSITE_REQUIRE_BROWSER"))
    state = None
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB" if username == README_PERSONA else "fr-FR",
            viewport=viewport,
            storage_state=state,
        )
        page = context.new_page()
        if state is None:
            sign_in(page, username)
            if username == README_PERSONA:
                page.click("form.language-switch button[value=en]")
                page.wait_for_load_state()
            state = context.storage_state()
        visited = crawl(page, username, viewport, failures, widest, accessible=accessible and viewport is DESKTOP)
        if viewport is DESKTOP:
            check_desktop_nav(page, username, failures)
        else:
            check_phone_menu(page, username, failures)
            page.goto("/")
            if page.locator(".main-nav__toggle").is_visible():
                page.click(".main-nav__toggle")
            if accessible:
                try:
                    assert_accessible(page)
                except AssertionError as error:
                    failures.append(f"{username} at 390 px: / with the menu open: {error}")
        if username == README_PERSONA:
            take_readme_screenshots(page, viewport)
        print(f"{username} at {viewport['width']} px: {len(visited)} pages: {' '.join(visited)}")
        context.close()
    assert not failures, f"{len(failures)} layout problems:\n" + "\n".join(failures)


def test_without_script_the_phone_navigation_wraps_in_sight(browser, live_server, demo):
    """No script, no menu button: operations' every item (the most of any
    persona) is on the phone's screen, on as many rows as it takes."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "ops")
    page.goto("/")
    items = page.locator("nav.main-nav ul a")
    assert items.count() >= 8
    assert not page.locator(".main-nav__toggle").is_visible()
    assert all(items.nth(index).is_visible() for index in range(items.count()))
    measured = page.evaluate(OVERFLOWS)
    context.close()
    assert measured["problems"] == []
    assert measured["scrollWidth"] <= PHONE["width"]
