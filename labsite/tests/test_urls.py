"""Every URL of the site is in a permission matrix, and every URL but the few
public ones refuses an anonymous visitor.

Each app holds the rows of its permission matrices in ``<app>/tests/matrix.py``
(``ROWS``); a new URL, or a new method on one, without a row there fails
``test_every_route_and_method_is_in_a_permission_matrix``. This test spans every
app, so it belongs to the shell.
"""

import re
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.testing import routes_of, url_patterns, url_routes

# Reachable without signing in: signing in and out, the password reset pages,
# the API's token endpoint, the language switch and the digest's unsubscribe link.
PUBLIC = frozenset(
    {
        "login",
        "logout",
        # The same pages under the names allauth reverses (labsite/urls.py).
        "account_login",
        "account_logout",
        # Single sign-on's way in and back, the page of an account awaiting
        # activation, and the second factor asked between password and session.
        "openid_connect_login",
        "openid_connect_callback",
        "account_inactive",
        "mfa_authenticate",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set-language",
        "api:token",
        "admin:login",
        "admin:logout",
        "notifications:unsubscribe",
        # A calendar feed: its address carries the token, read by calendar clients that cannot sign in.
        "notifications:calendar-feed",
        # The operators' probes and Prometheus (core/health.py, core/metrics.py): /metrics
        # answers by address or token, not by who is signed in.
        "healthz",
        "readyz",
        "metrics",
    }
)
# The admin is one group: its own site decides who enters (operations).
ADMIN_NAMESPACE = "admin"
# Sample values for URL parameters: an anonymous visitor is refused before any lookup.
SAMPLE_KWARGS = {"app_label": "people", "uidb64": "MQ", "token": "set-password"}


def site_routes() -> set[tuple[str, str]]:
    return set(url_routes())


def covered_routes() -> set[tuple[str, str]]:
    """The (URL name, method) pairs of every row of every app's matrix."""
    covered: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        module = f"{config.name}.tests.matrix"
        local = Path(config.path).parent == Path(settings.BASE_DIR)
        if local and find_spec(f"{config.name}.tests") and find_spec(module):
            covered |= routes_of(import_module(module).ROWS)
    return covered


def sample_url(name: str, regex: str) -> str:
    parameters = re.compile(regex).groupindex
    return reverse(name, kwargs={key: SAMPLE_KWARGS.get(key, "1") for key in parameters})


def protected() -> list[tuple[str, str]]:
    return sorted((name, regex) for name, _ns, regex in url_patterns() if name and name not in PUBLIC)


def test_every_url_has_a_name():
    unnamed = [regex for name, namespace, regex in url_patterns() if not name and namespace != ADMIN_NAMESPACE]
    assert unnamed == []


def test_every_route_and_method_is_in_a_permission_matrix():
    """Every (URL name, method) the site answers other than with 405
    (``core.testing.accepted_methods``) has a row in an app's matrix."""
    assert site_routes() - covered_routes() == set()


def test_every_covered_route_names_a_url_of_the_site():
    """Rows may also knock with a method a URL refuses (405): its name must exist."""
    assert {name for name, _method in covered_routes()} - {name for name, _ns, _regex in url_patterns()} == set()


def test_every_public_url_exists():
    names = {name for name, _ns, _regex in url_patterns()}
    assert set(PUBLIC) - names == set()


@pytest.mark.parametrize(("name", "regex"), protected(), ids=[name for name, _regex in protected()])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_anonymous_visitor_is_refused_every_protected_url(db, client: Client, name: str, regex: str, method: str):
    url = sample_url(name, regex)
    response = client.generic(method, url)
    if name.startswith("api:"):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    elif name.startswith(f"{ADMIN_NAMESPACE}:"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login") + "?next=")
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", sorted(PUBLIC - {"admin:login", "admin:logout"}))
def test_anonymous_visitor_reaches_every_public_url(db, client: Client, name: str):
    regex = next(regex for pattern, _ns, regex in url_patterns() if pattern == name)
    response = client.get(sample_url(name, regex))
    # 405: the page takes POST only (signing out, the language switch, the token endpoint);
    # 404: the unsubscribe page, given a sample token, says the link no longer works (no sign-in asked);
    # 404: a calendar feed's address with a sample token opens no feed (no sign-in asked either);
    # 503: readiness says what is missing here (no worker, no beat), still without sign-in.
    # 404: a single sign-on URL of a provider that is not configured (the sample id);
    # 302: the second factor's page without a password given first goes back to signing in.
    expected = {
        "notifications:unsubscribe": {200, 405, 404},
        "notifications:calendar-feed": {404},
        "readyz": {200, 503},
        "openid_connect_login": {404},
        "openid_connect_callback": {404},
        "mfa_authenticate": {302},
    }
    assert response.status_code in expected.get(name, {200, 405})


ADMIN_PROTECTED = [(name, regex) for name, regex in protected() if name.startswith(f"{ADMIN_NAMESPACE}:")]


@pytest.mark.parametrize(("name", "regex"), ADMIN_PROTECTED, ids=[name for name, _regex in ADMIN_PROTECTED])
def test_only_operations_enter_any_admin_page(client: Client, personas, name: str, regex: str):
    url = sample_url(name, regex)
    for username in ("director", "partner"):
        client.force_login(personas[username])
        response = client.get(url)
        assert response.status_code == 302, username
        assert response["Location"].startswith(reverse("admin:login") + "?next="), username
