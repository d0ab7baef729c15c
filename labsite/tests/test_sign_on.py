"""Single sign-on through real OpenID providers: two instances of the npm package
oidc-provider (oidc/, one per institution) on loopback, and Chromium signing in
through their own sign-in and consent pages (core/tests/oidc.py).

What each attack gets is in docs/identity.md; every refused sign-on is logged
(SIGN_ON_REFUSED) and leaves the browser signed out on the sign-in page."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Client

from core.models import Email, SecurityEvent
from core.tests.oidc import OIDCProvider, confirm_sign_out_at_provider, sign_in_at_provider
from labsite.settings import env
from people.models import Institution, User
from people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 20_000


def configure(settings: Any, *providers: OIDCProvider, domains: dict[str, list[str]] | None = None) -> None:
    entries = [
        p.oidc_providers_entry(name=p.name.upper().replace("APHP", "AP-HP"), domains=(domains or {}).get(p.name, []))
        for p in providers
    ]
    settings.OIDC_PROVIDERS = env.oidc_providers_from(entries)
    settings.SOCIALACCOUNT_PROVIDERS = env.allauth_providers(settings.OIDC_PROVIDERS)
    settings.SITE_URL = providers[0].redirect_uris[0].split("/accounts/")[0]
    settings.SECURE_CSP = settings.SECURE_CSP | {"form-action": env.form_action(settings.OIDC_PROVIDERS)}


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    yield page
    context.close()


def sign_on(page: Any, provider: str, login: str) -> None:
    """From the sign-in page: the institution's button, then its own pages."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {provider}").click()
    page.wait_for_load_state()
    sign_in_at_provider(page, login)
    page.wait_for_load_state()


def path_of(page: Any) -> str:
    return urlsplit(page.url).path


def rewrite_callback(page: Any, provider: OIDCProvider, change: Any) -> None:
    """Change the query of the provider's redirect back to labsite (``change(query)``),
    as an attacker between the two would: the provider's answers are fetched here and
    handed to the browser, the one sending it back to the site rewritten."""

    def handle(route: Any) -> None:
        # The browser would follow the provider's redirects unseen: they are followed
        # here (with the browser's cookies), up to the one that leaves for labsite.
        response = route.fetch(max_redirects=0)
        url, location = route.request.url, response.headers.get("location", "")
        for _hop in range(5):
            location = urljoin(url, location) if location else ""
            if not location.startswith(provider.issuer):
                break
            url, response = location, page.context.request.get(location, max_redirects=0)
            location = response.headers.get("location", "")
        if "/callback/" not in location:
            route.fulfill(response=response)
            return
        parts = urlsplit(location)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        change(query)
        route.fulfill(status=303, headers={"location": urlunsplit(parts._replace(query=urlencode(query)))})

    page.route(lambda url: url.startswith(provider.issuer), handle)


def refused(page: Any) -> None:
    assert path_of(page) == "/accounts/login/"
    assert "Signing in with your institution did not succeed" in page.content()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_ON_REFUSED).exists()
    page.goto("/")
    assert path_of(page) == "/accounts/login/"  # not signed in


def test_a_verified_staff_member_of_an_allowed_domain_is_active_at_first_sign_in(page, settings, oidc_providers):
    configure(settings, *oidc_providers.values(), domains={"inria": ["inria.fr"]})

    sign_on(page, "INRIA", "alice.martin@inria.fr")

    assert path_of(page) == "/"
    assert "Alice" in page.locator("h1").inner_text()  # the dashboard greets her (in French, her language)
    user = User.objects.get(socialaccount__provider="inria", socialaccount__uid="inria-0001")
    assert (user.is_active, user.institution, user.employee_id, user.email) == (
        True,
        Institution.INRIA,
        "INR-0001",
        "alice.martin@inria.fr",
    )
    assert (user.team, user.department, user.has_usable_password(), user.groups.count()) == (None, None, False, 0)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, user=user).exists()

    # Signing out ends the provider's session too (RP-initiated logout), after its confirmation.
    page.locator("form[action='/accounts/logout/'] button").last.click()
    confirm_sign_out_at_provider(page)
    assert path_of(page) in ("/", "/accounts/login/")
    page.goto("/")
    assert path_of(page) == "/accounts/login/"
    page.get_by_role("button", name="Sign in with INRIA").click()
    page.wait_for_selector("input[name=login]")  # the provider asks again: its session ended


def test_an_existing_account_is_linked_by_a_verified_email_of_its_institution(page, settings, oidc_providers):
    configure(settings, *oidc_providers.values())
    alice = UserFactory(username="amartin", email="Alice.Martin@inria.fr", institution=Institution.INRIA)

    sign_on(page, "INRIA", "alice.martin@inria.fr")

    assert path_of(page) == "/"
    assert SocialAccount.objects.get(provider="inria", uid="inria-0001").user == alice
    assert User.objects.filter(email__iexact="alice.martin@inria.fr").count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_ON_LINKED, user=alice).exists()


def test_an_unverified_email_never_takes_an_account_and_waits_for_operations(page, settings, oidc_providers, personas):
    configure(settings, *oidc_providers.values(), domains={"inria": ["inria.fr"]})
    bruno = UserFactory(username="bpetit", email="bruno.petit@inria.fr", institution=Institution.INRIA)

    sign_on(page, "INRIA", "bruno.petit@inria.fr")

    assert path_of(page) == "/accounts/inactive/"
    assert "Your account awaits activation" in page.content()
    made = User.objects.get(socialaccount__provider="inria", socialaccount__uid="inria-0002")
    assert made != bruno and made.is_active is False and made.pending_since is not None
    assert not SocialAccount.objects.filter(user=bruno).exists()
    assert Email.objects.filter(key__startswith=f"account-pending:{made.pk}:").count() >= 1
    page.goto("/")
    assert path_of(page) == "/accounts/login/"

    # Signing in again changes nothing until operations activate the account.
    page.context.clear_cookies()
    sign_on(page, "INRIA", "bruno.petit@inria.fr")
    assert path_of(page) == "/accounts/inactive/"
    assert User.objects.filter(socialaccount__uid="inria-0002").count() == 1


def test_a_second_provider_asserting_the_same_email_never_takes_over_the_account(
    page, settings, start_oidc_provider, live_server
):
    inria = start_oidc_provider("inria", redirect_uri=f"{live_server.url}/accounts/oidc/inria/callback/")
    impostor = {
        "sub": "aphp-9999",
        "email": "alice.martin@inria.fr",
        "email_verified": True,
        "given_name": "Alice",
        "family_name": "Martin",
        "employee_id": "APHP-9999",
        "password": "labsite-test",
    }
    aphp = start_oidc_provider(
        "aphp", accounts=[impostor], redirect_uri=f"{live_server.url}/accounts/oidc/aphp/callback/"
    )
    configure(settings, inria, aphp, domains={"aphp": ["inria.fr"]})

    sign_on(page, "INRIA", "alice.martin@inria.fr")
    alice = User.objects.get(socialaccount__provider="inria")
    page.context.clear_cookies()

    sign_on(page, "AP-HP", "alice.martin@inria.fr")

    # Its own account, made for AP-HP (active: its domain is on AP-HP's list here).
    assert path_of(page) == "/"
    other = User.objects.get(socialaccount__provider="aphp")
    assert other != alice and other.institution == Institution.APHP
    assert list(alice.socialaccount_set.values_list("provider", flat=True)) == ["inria"]


def test_a_tampered_state_is_refused(page, settings, oidc_providers):
    configure(settings, *oidc_providers.values(), domains={"inria": ["inria.fr"]})
    rewrite_callback(page, oidc_providers["inria"], lambda query: query.update(state=query["state"] + "x"))

    sign_on(page, "INRIA", "alice.martin@inria.fr")

    refused(page)
    assert not User.objects.filter(socialaccount__provider="inria").exists()


def test_a_replayed_code_is_refused(page, settings, oidc_providers):
    configure(settings, *oidc_providers.values(), domains={"inria": ["inria.fr"]})
    seen: list[str] = []
    page.on("request", lambda request: "/callback/" in request.url and seen.append(request.url))
    sign_on(page, "INRIA", "alice.martin@inria.fr")
    assert path_of(page) == "/"
    first_code = parse_qs(urlsplit(seen[0]).query)["code"][0]
    page.context.clear_cookies()

    # A new sign-in, whose way back carries the code already spent instead of its own.
    rewrite_callback(page, oidc_providers["inria"], lambda query: query.update(code=first_code))
    sign_on(page, "INRIA", "alice.martin@inria.fr")

    refused(page)


@pytest.mark.parametrize("forgery", ["wrong audience", "expired", "other issuer"])
def test_an_id_token_not_meant_for_labsite_is_refused(page, settings, oidc_providers, monkeypatch, forgery):
    """The provider's token response carries an ID token signed with its real key,
    but for another client, expired, or from another issuer."""
    configure(settings, *oidc_providers.values(), domains={"inria": ["inria.fr"]})
    inria = oidc_providers["inria"]
    claims = {"sub": "inria-0001", "email": "alice.martin@inria.fr", "email_verified": True}
    forged = {
        "wrong audience": lambda: inria.id_token(audience="another-client", **claims),
        "expired": lambda: inria.id_token(lifetime=-600, **claims),
        "other issuer": lambda: inria.id_token(iss="https://idp.elsewhere.example", **claims),
    }[forgery]
    genuine = OAuth2Client.get_access_token

    def forge(self: Any, *args: Any, **kwargs: Any) -> dict:
        token = genuine(self, *args, **kwargs)
        return token | {"id_token": forged()}

    monkeypatch.setattr(OAuth2Client, "get_access_token", forge)

    sign_on(page, "INRIA", "alice.martin@inria.fr")

    refused(page)
    assert not User.objects.filter(email="alice.martin@inria.fr").exists()
