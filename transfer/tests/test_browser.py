"""A search-as-you-type choice in a real browser (Debian's Chromium driven by
Playwright) against the live test server: two letters, a suggestion picked with
the keyboard, the form sent."""

import pytest

pytestmark = pytest.mark.browser


def test_a_project_is_picked_from_its_suggestions_with_the_keyboard(browser, live_server, scenario):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    csp_violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and csp_violations.append(message))
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "teamlead")
    page.fill("input[name=password]", "labsite-demo")
    page.click("form#login-form [type=submit]")
    page.wait_for_url("**/")
    page.goto("/transfer/innovations/")

    field = page.locator("#id_project")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("op")
    option = page.locator("#id_project_listbox [role=option]").first
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert option.text_content() == "OPEN — Open cardiology"
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    field.press("Enter")  # picks the suggestion, does not send the form yet
    assert field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "OPEN — Open cardiology"
    project = scenario.projects["open"]
    assert page.locator("input[type=hidden][name=project]").input_value() == str(project.pk)

    field.press("Enter")  # the list closed: Enter sends the form
    page.wait_for_url(f"**/transfer/innovations/?*project={project.pk}*")
    assert page.locator("#id_project").input_value() == "OPEN — Open cardiology"
    assert "Innovation public" in page.content()
    assert "Innovation orphan" not in page.content()

    # Escape closes the suggestions.
    page.locator("#id_project").fill("")
    page.locator("#id_project").press_sequentially("se")
    page.locator("#id_project_listbox [role=option], #id_project_status:not(:empty)").first.wait_for()
    page.locator("#id_project").press("Escape")
    assert page.locator("#id_project").get_attribute("aria-expanded") == "false"
    assert csp_violations == []
    context.close()
