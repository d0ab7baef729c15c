"""The second factor in a real browser (Debian's Chromium driven by
Playwright) against the live test server: a director sets up an authenticator
app from the profile, signs out, and signs in again with a code."""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from core.tests.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(live_server) -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("LABSITE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required here but /usr/bin/chromium is missing.")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.csp_violations = []
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
        )
        yield page
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def code_of(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_password(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "labsite-demo")
    page.click("form#login-form [type=submit]")


def test_director_sets_up_totp_and_signs_in_again_with_a_code(page, personas, settings):
    settings.MFA_REQUIRED = True
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in_with_password(page, "director")
    # Required for direction: straight to the authenticator app's page.
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.locator("img.qr-code").count() == 1
    page.screenshot(path=str(ARTIFACTS / "mfa-activate.png"), full_page=True)
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", code_of(secret))
    page.click("form.allauth-form [type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    page.screenshot(path=str(ARTIFACTS / "mfa-recovery-codes.png"), full_page=True)
    page.goto("/")
    assert page.url.endswith("/")
    assert "Second factor" in page.goto("/me/").text() or "Second facteur" in page.goto("/me/").text()
    page.context.clear_cookies()

    sign_in_with_password(page, "director")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.screenshot(path=str(ARTIFACTS / "mfa-authenticate.png"), full_page=True)
    # The code just used to set it up is spent: the app's next one.
    time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("input[name=code]", code_of(secret))
    page.click("form.allauth-form [type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert "Director" in page.content() or "director" in page.content()
    assert page.csp_violations == []
