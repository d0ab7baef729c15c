"""The test OpenID Provider itself (oidc/provider.mjs, core/tests/oidc.py): two
instances at once, their discovery and keys, and a whole authorization-code flow
with PKCE through its real sign-in and consent pages in Chromium, against a
small redirect target standing in for the site."""

import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from core.tests.oidc import (
    ACCOUNTS,
    SCOPES,
    InvalidSignature,
    OIDCProvider,
    confirm_sign_out_at_provider,
    pkce_pair,
    sign_in_at_provider,
    sign_jwt,
    verify_jwt,
)


class RedirectTarget:
    """A loopback HTTP server recording every request's path and query, the client's
    ``redirect_uri`` and ``post_logout_redirect_uri``."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                target.requests.append((parts.path, parse_qs(parts.query)))
                body = b"<!DOCTYPE html><title>client</title><p>received</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def callback(self) -> str:
        return f"{self.url}/callback/"

    def last(self, path: str) -> dict[str, list[str]]:
        return next(query for seen, query in reversed(self.requests) if seen == path)


@pytest.fixture
def target() -> Iterator[RedirectTarget]:
    server = RedirectTarget()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def provider(start_oidc_provider: Any, target: RedirectTarget) -> OIDCProvider:
    return start_oidc_provider("inria", redirect_uri=target.callback, post_logout_redirect_uri=f"{target.url}/")


def authorize(page: Any, provider: OIDCProvider, target: RedirectTarget) -> dict[str, str]:
    """Send the browser to the provider's authorization endpoint as a client would;
    what it needs later (state, nonce, code_verifier)."""
    verifier, challenge = pkce_pair()
    request = {"state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16), "verifier": verifier}
    query = {
        "client_id": provider.client_id,
        "response_type": "code",
        "scope": " ".join(SCOPES),
        "redirect_uri": target.callback,
        "state": request["state"],
        "nonce": request["nonce"],
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    page.goto(f"{provider.discovery()['authorization_endpoint']}?{urlencode(query)}")
    return request


def exchange(provider: OIDCProvider, target: RedirectTarget, code: str, verifier: str) -> requests.Response:
    return requests.post(
        provider.discovery()["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": target.callback,
            "code_verifier": verifier,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
        timeout=10,
    )


def test_two_providers_run_at_once_each_with_its_discovery_and_keys(start_oidc_provider):
    inria = start_oidc_provider("inria", redirect_uri="http://127.0.0.1:8000/accounts/oidc/inria/callback/")
    aphp = start_oidc_provider("aphp", redirect_uri="http://127.0.0.1:8000/accounts/oidc/aphp/callback/")

    assert inria.issuer != aphp.issuer
    for provider in (inria, aphp):
        assert provider.issuer.startswith("http://127.0.0.1:")
        discovery = provider.discovery()
        assert discovery["issuer"] == provider.issuer
        assert discovery["end_session_endpoint"] == f"{provider.issuer}/session/end"
        assert discovery["code_challenge_methods_supported"] == ["S256"]
        assert set(SCOPES) <= set(discovery["scopes_supported"])
        assert {"email_verified", "employee_id"} <= set(discovery["claims_supported"])
        assert "RS256" in discovery["id_token_signing_alg_values_supported"]
        assert provider.jwks() == {"keys": [provider.public_jwk]}
    assert inria.public_jwk["kid"] != aphp.public_jwk["kid"]


def test_the_setting_entry_names_the_provider_as_labsite_expects(start_oidc_provider):
    aphp = start_oidc_provider("aphp")

    entry = aphp.oidc_providers_entry(id="aphp-sso", domains=["aphp.fr"])

    assert entry == {
        "id": "aphp-sso",
        "name": "APHP",
        "issuer": aphp.issuer,
        "client_id": "labsite",
        "client_secret": aphp.client_secret,
        "scopes": SCOPES,
        "institution": "aphp",
        "domains": ["aphp.fr"],
    }


def test_tokens_signed_with_the_test_key_check_against_the_providers_keys(start_oidc_provider):
    inria = start_oidc_provider("inria")
    aphp = start_oidc_provider("aphp")

    token = inria.id_token(sub="inria-0001", nonce="n")
    claims = verify_jwt(token, inria.jwks())

    assert claims["iss"] == inria.issuer
    assert claims["aud"] == "labsite"
    assert claims["exp"] > claims["iat"]
    assert inria.id_token(sub="x", lifetime=-60).count(".") == 2
    with pytest.raises(InvalidSignature):
        verify_jwt(token, aphp.jwks())
    head, _payload, signature = token.split(".")
    forged = sign_jwt({"sub": "inria-0002"}, aphp.private_jwk, kid=inria.public_jwk["kid"])
    with pytest.raises(InvalidSignature):
        verify_jwt(f"{head}.{forged.split('.')[1]}.{signature}", inria.jwks())
    with pytest.raises(InvalidSignature):
        verify_jwt(forged, inria.jwks())


@pytest.mark.browser
def test_a_code_flow_with_pkce_through_the_real_pages(chromium, provider, target):
    context = chromium.new_context()
    page = context.new_page()
    unverified = ACCOUNTS["inria"][1]

    request = authorize(page, provider, target)
    sign_in_at_provider(page, unverified["email"])

    page.wait_for_url(f"{target.callback}**")
    answer = target.last("/callback/")
    assert answer["state"] == [request["state"]]
    assert answer["iss"] == [provider.issuer]
    code = answer["code"][0]

    response = exchange(provider, target, code, request["verifier"])
    assert response.status_code == 200, response.text
    tokens = response.json()
    claims = verify_jwt(tokens["id_token"], provider.jwks())
    assert claims["iss"] == provider.issuer
    assert claims["aud"] == provider.client_id
    assert claims["nonce"] == request["nonce"]
    assert claims["sub"] == "inria-0002"
    assert claims["email"] == "bruno.petit@inria.fr"
    assert claims["email_verified"] is False
    assert claims["given_name"] == "Bruno"
    assert claims["family_name"] == "Petit"
    assert claims["employee_id"] == "INR-0002"
    assert 0 < claims["exp"] - claims["iat"] <= 600

    userinfo = requests.get(
        provider.discovery()["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert userinfo["sub"] == "inria-0002"
    assert userinfo["employee_id"] == "INR-0002"
    assert userinfo["email_verified"] is False

    replay = exchange(provider, target, code, request["verifier"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    context.close()


@pytest.mark.browser
def test_a_verified_account_signs_in_by_its_sub_and_pkce_is_enforced(chromium, provider, target):
    context = chromium.new_context()
    page = context.new_page()

    request = authorize(page, provider, target)
    sign_in_at_provider(page, "inria-0001")
    page.wait_for_url(f"{target.callback}**")
    code = target.last("/callback/")["code"][0]

    wrong_verifier = exchange(provider, target, code, pkce_pair()[0])
    assert wrong_verifier.status_code == 400
    assert wrong_verifier.json()["error"] == "invalid_grant"

    # Signed in and consented already: the provider sends the browser straight back.
    request = authorize(page, provider, target)
    page.wait_for_url(f"{target.callback}**")
    code = target.last("/callback/")["code"][0]
    claims = verify_jwt(exchange(provider, target, code, request["verifier"]).json()["id_token"], provider.jwks())
    assert claims["sub"] == "inria-0001"
    assert claims["email_verified"] is True
    assert claims["employee_id"] == "INR-0001"
    context.close()


@pytest.mark.browser
def test_a_wrong_password_or_an_unknown_login_stays_on_the_sign_in_page(chromium, provider, target):
    context = chromium.new_context()
    page = context.new_page()

    authorize(page, provider, target)
    sign_in_at_provider(page, "alice.martin@inria.fr", "not-the-password")
    assert page.locator("input[name=login]").count() == 1
    sign_in_at_provider(page, "nobody@inria.fr")
    assert page.locator("input[name=login]").count() == 1
    assert not [path for path, _query in target.requests if path == "/callback/"]

    sign_in_at_provider(page, "alice.martin@inria.fr")
    page.wait_for_url(f"{target.callback}**")
    assert "code" in target.last("/callback/")
    context.close()


@pytest.mark.browser
def test_rp_initiated_logout_ends_the_providers_session(chromium, provider, target):
    context = chromium.new_context()
    page = context.new_page()
    request = authorize(page, provider, target)
    sign_in_at_provider(page, "inria-0001")
    page.wait_for_url(f"{target.callback}**")
    tokens = exchange(provider, target, target.last("/callback/")["code"][0], request["verifier"]).json()

    logout = {"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": f"{target.url}/", "state": "bye"}
    page.goto(f"{provider.discovery()['end_session_endpoint']}?{urlencode(logout)}")
    confirm_sign_out_at_provider(page)
    page.wait_for_url(f"{target.url}/?**")
    assert target.last("/")["state"] == ["bye"]

    authorize(page, provider, target)
    page.wait_for_selector("input[name=login]")
    context.close()
