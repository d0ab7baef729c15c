"""Every page of the site says where one is: a walk through every HTML GET
route, as the demo personas on the demo's records.

A page below the top level has a breadcrumb nav (the WAI-ARIA pattern): the
current page last, aria-current="page" and no link; every other crumb a link
the persona can follow (200). A top-level page (the dashboard, the main
navigation) has none. Every <title> says more than "labsite", and a list's
differs from its records'.
"""

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from core.testing import url_patterns, url_routes
from notifications.tests.helpers import seed_demo
from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Call, Chair, Delegation, Position, PositionKind, User
from people.models.positions import EDITABLE_STATUSES
from people.tests.positions import secondment
from projects.models import Milestone, Project
from transfer.models import Agreement, Deployment, Innovation
from transfer.selectors import partner_list

# The dashboard and the pages of the main navigation.
TOP_LEVEL = frozenset(
    {
        "home",
        "people:person-list",
        "people:hostposition-list",
        "people:secondment-list",
        "projects:project-list",
        "transfer:board",
        "transfer:figures",
        "people:chair-list",
        # The results of the header's search box, reached from every page.
        "search",
    }
)
# GET routes that are no page of their own: suggestions, exports, files, the
# next request of a queue (a redirect).
NOT_PAGES = frozenset(
    {
        "people:person-suggest",
        "people:me-personal-data-download",
        "people:hostposition-export",
        "people:hostposition-next",
        "people:secondment-export",
        "people:secondment-next",
        "people:position-attachment",
        "projects:project-suggest",
        "projects:project-export",
        "projects:datarequest-attachment",
        "transfer:innovation-export",
        "transfer:partner-suggest",
        "transfer:figures-export",
    }
)
# Out of this walk: the API, the pages one reaches signed out (signing in, the
# password reset, the digest's unsubscribe link), the operators' probes, and
# allauth's second-factor pages (their own layout, allauth/layouts/base.html).
OUT_OF_WALK_PREFIXES = ("api:", "mfa_", "openid_connect_", "password_reset", "notifications:unsubscribe")
OUT_OF_WALK = frozenset(
    {"login", "account_login", "account_inactive", "account_reauthenticate", "healthz", "readyz", "metrics"}
)
# Who to try, most seeing first (then every demo persona: a draft only its
# applicant edits), and how many records of a kind.
PERSONAS = (
    "director",
    "ops",
    "transfer",
    *(p.username for p in DEMO_PERSONAS if p.username not in {"director", "ops", "transfer"}),
)
SAMPLES = 6
# A route that names a file (…/calendar.ics).
FILE = re.compile(r"\\\.\w+\\Z$")


def records(name: str, user: User) -> Iterable[int]:
    """Candidate primary keys for the route ``name`` with a ``pk``."""
    queries: dict[str, QuerySet] = {
        "people:person-": User.objects.filter(is_active=True).order_by("pk"),
        "people:hostposition-update": Position.objects.filter(kind=PositionKind.HOST, status__in=EDITABLE_STATUSES),
        "people:secondment-update": Position.objects.filter(kind=PositionKind.SECONDMENT, status__in=EDITABLE_STATUSES),
        "people:hostposition-": Position.objects.filter(kind=PositionKind.HOST).order_by("pk"),
        "people:secondment-": Position.objects.filter(kind=PositionKind.SECONDMENT).order_by("pk"),
        "people:call-": Call.objects.order_by("pk"),
        "people:delegation-": Delegation.objects.order_by("pk"),
        "people:chair-": Chair.objects.order_by("pk"),
        "projects:milestone-": Milestone.objects.order_by("pk"),
        "projects:": Project.objects.order_by("pk"),
        "transfer:deployment-create": Innovation.objects.order_by("pk"),
        "transfer:deployment-": Deployment.objects.order_by("pk"),
        "transfer:agreement-create": Innovation.objects.order_by("pk"),
        "transfer:agreement-": Agreement.objects.order_by("pk"),
        "transfer:partner-": partner_list(user=user).order_by("pk"),
        "transfer:": Innovation.objects.order_by("pk"),
    }
    prefix = next((prefix for prefix in queries if name.startswith(prefix)), None)
    assert prefix is not None, f"{name}: which records does it take? (records() in this module)"
    return list(queries[prefix].values_list("pk", flat=True)[:SAMPLES])


class Page(HTMLParser):
    """The <title> of a page and its breadcrumbs: (attributes of the <li>, href or None, text)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.title = ""
        self.navs = 0
        self.crumbs: list[tuple[dict[str, str | None], str | None, str]] = []
        self._in_title = self._in_nav = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title" and not self.title:  # the document's, not a chart's (SVG)
            self._in_title = True
        elif tag == "nav" and "breadcrumbs" in (values.get("class") or "").split():
            self.navs += 1
            self._in_nav = True
            assert values.get("aria-label"), "a breadcrumb nav is named"
        elif tag == "li" and self._in_nav:
            self.crumbs.append((values, None, ""))
        elif tag == "a" and self._in_nav and self.crumbs:
            li, _href, text = self.crumbs[-1]
            self.crumbs[-1] = (li, values.get("href"), text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "nav":
            self._in_nav = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._in_nav and self.crumbs:
            li, href, text = self.crumbs[-1]
            self.crumbs[-1] = (li, href, text + data)


def first_page(client: Client, personas: dict[str, User], name: str, takes_pk: bool):
    """(persona, URL, response) of the first 200 of the route, or None."""
    for username in PERSONAS:
        client.force_login(personas[username])
        urls = [reverse(name, args=[pk]) for pk in records(name, personas[username])] if takes_pk else [reverse(name)]
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                return username, url, response
    return None


def is_page(response) -> bool:
    """A whole HTML document, not a fragment, a file or a feed."""
    return response["Content-Type"].startswith("text/html") and response.content.lstrip().lower().startswith(
        b"<!doctype html>"
    )


@pytest.fixture
def demo(db) -> dict[str, User]:
    """The demo, and a draft secondment (the demo has none) for its edit page."""
    personas = seed_demo()
    secondment(personas["researcher"])
    return personas


def test_every_page_says_where_one_is(client: Client, demo: dict[str, User]):
    regexes = {name: regex for name, _ns, regex in url_patterns() if name}
    routes = [
        name
        for name, method in url_routes()
        if method == "GET"
        and name not in NOT_PAGES | OUT_OF_WALK
        and not name.startswith(OUT_OF_WALK_PREFIXES)
        and name in regexes
    ]
    assert "projects:project-access" in routes and "people:me" in routes
    failures: list[str] = []
    titles: dict[str, str] = {}
    followed: dict[tuple[str, str], int] = {}
    for name in sorted(set(routes)):
        parameters = set(re.findall(r"\(\?P<(\w+)>", regexes[name]))
        if parameters - {"pk"} or FILE.search(regexes[name]):
            continue  # a token, or a file (calendar.ics): no page
        found = first_page(client, demo, name, takes_pk="pk" in parameters)
        if found is None:
            failures.append(f"{name}: no persona reached it")
            continue
        username, url, response = found
        if not is_page(response):
            continue
        page = Page(response.content.decode())
        title = " ".join(page.title.split())
        titles[name] = title
        if not title.removesuffix(" · labsite").strip() or title.removesuffix(" · labsite") == "labsite":
            failures.append(f"{url}: the title is {title!r}")
        if name in TOP_LEVEL:
            if page.navs:
                failures.append(f"{url}: a top-level page has breadcrumbs")
            continue
        if page.navs != 1 or len(page.crumbs) < 2:
            failures.append(f"{url}: {page.navs} breadcrumb nav(s), {len(page.crumbs)} crumbs")
            continue
        *parents, (current, current_href, _text) = page.crumbs
        if current.get("aria-current") != "page" or current_href is not None:
            failures.append(f"{url}: the last crumb is not the current page, without a link")
        if parents[0][1] != reverse("home"):
            failures.append(f"{url}: the first crumb is not the dashboard")
        client.force_login(demo[username])
        for li, href, text in parents:
            if href is None or "aria-current" in li or not text.strip():
                failures.append(f"{url}: crumb {text.strip()!r} is no link")
                continue
            if (username, href) not in followed:
                followed[username, href] = client.get(href).status_code
            if followed[username, href] != 200:
                failures.append(f"{url}: crumb {href} answers {followed[username, href]} to {username}")
    walked = {"projects:project-access", "people:me", "people:me-personal-data", "password_change"}
    walked |= {"people:secondment-update", "transfer:deployment-create", "notifications:access-review"}
    assert walked <= set(titles), "the walk reaches the pages below the top level"
    for name, title in titles.items():
        if name.endswith("-detail"):
            listed = titles.get(name.removesuffix("-detail") + "-list")
            if listed is not None and listed == title:
                failures.append(f"{name}: the same title as its list, {title!r}")
    assert not failures, "\n".join(failures)
