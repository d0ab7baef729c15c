"""Signing in and finding one's way, in a real browser (Debian's Chromium
driven by Playwright) against the live test server."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.csp_violations.append(message.text),
    )
    yield page
    context.close()


def sign_in(page, username: str, password: str = "labsite-demo") -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form#login-form [type=submit]")


def test_clinician_signs_in_and_sees_their_department(page, personas):
    sign_in(page, "clinician")
    page.wait_for_url("**/")
    assert "Cardiologie" in page.content()
    assert "HEGP" in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-fr.png"), full_page=True)
    assert page.csp_violations == []


def test_language_switch_turns_the_site_english(page, personas):
    sign_in(page, "researcher")
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.click("form.language-switch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/people/")
    assert "Directory" in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "directory-en-phone.png"), full_page=True)
    assert page.csp_violations == []


def test_five_failures_lock_the_account_even_with_the_right_password(page, personas):
    for _attempt in range(5):
        sign_in(page, "clinician2", "not-the-password")
    response = page.goto("/accounts/login/")
    assert response.status == 200
    page.fill("input[name=username]", "clinician2")
    page.fill("input[name=password]", "labsite-demo")
    with page.expect_response("**/accounts/login/") as response_info:
        page.click("form#login-form [type=submit]")
    assert response_info.value.status == 429


def test_signing_out_ends_the_session(page, personas):
    sign_in(page, "director")
    page.wait_for_url("**/")
    page.click("form.logout-form [type=submit]")
    page.goto("/people/")
    assert "/accounts/login/" in page.url


def test_a_host_position_goes_from_request_to_approval(browser, live_server, personas):
    """Clinician asks to join CARDIOSIM; depthead and teamlead endorse; director approves."""
    from people.models import Position

    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "clinician")
    page.wait_for_url("**/")
    page.click("form.language-switch button[value=en]")
    page.goto("/host-positions/new/")
    page.select_option("select[name=team]", label="CARDIOSIM")
    page.select_option("select[name=time_share]", "30")
    page.fill("input[name=start_date]", "2031-01-05")
    page.fill("input[name=end_date]", "2031-12-20")
    page.fill("input[name=topic]", "Digital twins for heart failure follow-up")
    page.click("form.form [type=submit]")
    page.wait_for_url("**/host-positions/*/")
    page.click("button:has-text('Submit')")
    page.wait_for_load_state()
    position = Position.objects.get(topic="Digital twins for heart failure follow-up")
    assert position.status == "submitted"
    context.close()

    for username in ("depthead", "teamlead", "director"):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        page = context.new_page()
        sign_in(page, username)
        page.wait_for_url("**/")
        page.goto(f"/host-positions/{position.pk}/")
        page.click("form.decision-form button:has-text('Approve'), form.decision-form button:has-text('Approuver')")
        page.wait_for_load_state()
        context.close()

    position.refresh_from_db()
    assert position.status == "approved"
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "clinician")
    page.wait_for_url("**/")
    page.goto(f"/host-positions/{position.pk}/")
    text = page.inner_text("main")
    for name in ("Denise Cheffe-Service", "Théo Chef-Équipe", "Claire Directrice"):
        assert name in text
    page.screenshot(path=str(ARTIFACTS / "host-position-approved.png"), full_page=True)
    context.close()
