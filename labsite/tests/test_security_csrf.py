"""CSRF on every form that changes state, and on the API's session-authenticated writes."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from people.models import Team

FORMS = {
    "people:me": {"first_name": "Ada", "last_name": "Lovelace", "language": "en", "digest": "daily"},
    "set-language": {"language": "en", "next": "/"},
    "logout": {},
    "password_change": {"old_password": "x", "new_password1": "y", "new_password2": "y"},
    "password_reset": {"email": "clinician@labsite.example"},
    "login": {"username": "clinician", "password": "labsite-demo"},
}


@pytest.fixture
def strict_client(personas) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["clinician"])
    return client


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_post_without_csrf_token_is_refused(strict_client: Client, name: str):
    assert strict_client.post(reverse(name), FORMS[name]).status_code == 403


@pytest.mark.parametrize("name", ["login", "password_reset", "set-language"])
def test_anonymous_form_post_without_csrf_token_is_refused(db, name: str):
    assert Client(enforce_csrf_checks=True).post(reverse(name), FORMS[name]).status_code == 403


def test_form_post_with_the_csrf_token_goes_through(strict_client: Client):
    strict_client.get(reverse("people:me"))
    token = strict_client.cookies[settings.CSRF_COOKIE_NAME].value
    data = {**FORMS["people:me"], "csrfmiddlewaretoken": token}
    assert strict_client.post(reverse("people:me"), data).status_code == 302


def test_form_post_without_token_changes_nothing(strict_client: Client, personas):
    strict_client.post(reverse("people:me"), FORMS["people:me"])
    personas["clinician"].refresh_from_db()
    assert personas["clinician"].first_name != "Ada"


def test_api_session_write_without_csrf_token_is_refused(strict_client: Client):
    response = strict_client.patch(reverse("api:me-preferences"), {"digest": "off"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_api_session_create_without_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["ops"])
    response = client.post(reverse("api:team-list"), {"acronym": "X", "name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert not Team.objects.filter(acronym="X").exists()


def test_api_session_write_with_csrf_token_goes_through(strict_client: Client):
    strict_client.get(reverse("people:me"))
    token = strict_client.cookies[settings.CSRF_COOKIE_NAME].value
    response = strict_client.patch(
        reverse("api:me-preferences"),
        {"digest": "off"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_api_token_write_needs_no_csrf_token(personas):
    token = Token.objects.create(user=personas["clinician"])
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        reverse("api:me-preferences"),
        {"digest": "off"},
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert response.status_code == 200
