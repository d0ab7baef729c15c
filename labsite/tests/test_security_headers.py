"""Security headers, the Content-Security-Policy and password hashing (SPEC §7)."""

import re

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import path, reverse

import labsite.settings.base as base_settings


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


@pytest.fixture
def home(client: Client, personas):
    client.force_login(personas["director"])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def page_with_a_script(request: HttpRequest) -> HttpResponse:
    template = Template('<script nonce="{{ csp_nonce }}">document.title = "x";</script>')
    return HttpResponse(template.render(RequestContext(request)))


# A page of the site's own middleware stack whose template has an inline script.
urlpatterns = [path("with-a-script/", page_with_a_script)]


@pytest.mark.urls(__name__)
def test_a_page_with_a_script_gets_a_nonce_in_script_src(db, client: Client):
    response = client.get("/with-a-script/")
    [nonce] = [value for value in csp(response)["script-src"] if value.startswith("'nonce-")]
    assert f'nonce="{nonce[7:-1]}"'.encode() in response.content
    assert csp(response)["script-src"] == ["'self'", nonce]


@pytest.mark.urls(__name__)
def test_each_response_gets_a_fresh_nonce(db, client: Client):
    first = csp(client.get("/with-a-script/"))["script-src"]
    second = csp(client.get("/with-a-script/"))["script-src"]
    assert first != second


def test_page_scripts_run_only_from_the_site_or_with_the_nonce(home):
    script_src = csp(home)["script-src"]
    assert script_src[0] == "'self'"
    assert all(value.startswith("'nonce-") for value in script_src[1:])
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


def test_every_inline_script_on_the_page_carries_the_nonce(home):
    nonces = [value[7:-1] for value in csp(home)["script-src"] if value.startswith("'nonce-")]
    for tag in re.findall(rb"<script\b[^>]*>", home.content):
        assert b" src=" in tag or any(f'nonce="{nonce}"'.encode() in tag for nonce in nonces), tag


def test_policy_forbids_plugins_base_changes_and_framing(home):
    policy = csp(home)
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


def test_page_loads_nothing_from_another_host(home):
    policy = csp(home)
    allowed = {"'self'", "'none'", "data:"}
    for values in policy.values():
        assert all(value in allowed or value.startswith("'nonce-") for value in values)
    assert not re.search(rb"""(src|href)=["']?(https?:)?//""", home.content)


def test_page_forbids_sniffing_referrers_and_framing(home):
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["X-Frame-Options"] == "DENY"
    assert home["Cross-Origin-Opener-Policy"] == "same-origin"


def test_sign_in_page_has_the_same_headers(db, client: Client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert csp(response)["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_session_and_csrf_cookies_are_http_only_or_same_site(client: Client, personas):
    response = client.post(reverse("login"), {"username": "clinician", "password": settings.DEMO_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_real_settings_hash_passwords_with_argon2_first():
    assert base_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_real_settings_require_twelve_characters_and_refuse_common_passwords():
    validators = {v["NAME"].rsplit(".", 1)[-1]: v.get("OPTIONS", {}) for v in base_settings.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"] == {"min_length": 12}
    assert "CommonPasswordValidator" in validators


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Xq7#kLm2vPz", "password_too_short"),  # 11 characters
        ("password1234", "password_too_common"),
    ],
)
def test_password_change_form_refuses_a_weak_password(client: Client, personas, password: str, code: str):
    client.force_login(personas["clinician"])
    response = client.post(
        reverse("password_change"),
        {"old_password": settings.DEMO_PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert code in [error.code for error in response.context["form"].errors.as_data()["new_password2"]]
    personas["clinician"].refresh_from_db()
    assert personas["clinician"].check_password(settings.DEMO_PASSWORD)


@pytest.mark.parametrize(("url_name", "signed_in"), [("home", True), ("login", False)])
def test_site_script_is_loaded_with_the_page_nonce(client: Client, personas, url_name: str, signed_in: bool):
    if signed_in:
        client.force_login(personas["clinician"])
    response = client.get(reverse(url_name))
    [nonce] = [value[7:-1] for value in csp(response)["script-src"] if value.startswith("'nonce-")]
    assert re.search(rf'<script src="/static/js/labsite\.js" nonce="{nonce}"'.encode(), response.content)
