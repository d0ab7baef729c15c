"""Brute-force lockout (SPEC §7): five failed sign-ins for a username from an
address lock it out, on the page and on the API's token endpoint alike, for 15
minutes, even with the right password; every attempt is in the security log."""

from datetime import UTC, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import SecurityEvent

LOGIN = reverse("login")
TOKEN = reverse("api:token")


def log_in_with_password(client: Client, username: str, password: str) -> int:
    return client.post(LOGIN, {"username": username, "password": password}).status_code


def ask_token(client: Client, username: str, password: str) -> int:
    body = {"username": username, "password": password}
    return client.post(TOKEN, body, content_type="application/json").status_code


def fail(client: Client, username: str, times: int, *, via=log_in_with_password) -> None:
    for attempt in range(1, times + 1):
        # The failure that reaches the limit already answers 429.
        refused = 429 if attempt >= settings.AXES_FAILURE_LIMIT else {log_in_with_password: 200, ask_token: 400}[via]
        assert via(client, username, "not-the-password") == refused


def cool_off_passes() -> None:
    """Move the failures back in time past the cool-off, instead of waiting."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))


def kinds(username: str) -> list[str]:
    return list(SecurityEvent.objects.filter(username=username).order_by("at", "id").values_list("kind", flat=True))


@pytest.fixture
def password() -> str:
    return settings.DEMO_PASSWORD


def test_sixth_sign_in_with_the_right_password_is_refused_with_429(client, personas, password):
    fail(client, "clinician", 5)
    response = client.post(LOGIN, {"username": "clinician", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_out(client, personas, password):
    fail(client, "clinician", 4)
    assert log_in_with_password(client, "clinician", password) == 302


def test_another_user_from_the_same_address_still_signs_in(client, personas, password):
    fail(client, "clinician", 5)
    assert log_in_with_password(client, "clinician2", password) == 302


def test_the_same_user_from_another_address_still_signs_in(client, personas, password):
    fail(client, "clinician", 5)
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert log_in_with_password(other, "clinician", password) == 302


def test_sign_in_works_again_after_fifteen_minutes(client, personas, password):
    fail(client, "clinician", 5)
    assert log_in_with_password(client, "clinician", password) == 429
    cool_off_passes()
    assert log_in_with_password(client, "clinician", password) == 302


def test_lockout_lasts_the_whole_fifteen_minutes(client, personas, password):
    fail(client, "clinician", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert log_in_with_password(client, "clinician", password) == 429


def test_a_successful_sign_in_clears_earlier_failures(client, personas, password):
    fail(client, "clinician", 4)
    assert log_in_with_password(client, "clinician", password) == 302
    client.logout()
    fail(client, "clinician", 4)
    assert log_in_with_password(client, "clinician", password) == 302


def test_token_endpoint_locks_out_after_five_failures(client, personas, password):
    fail(client, "clinician", 5, via=ask_token)
    response = client.post(TOKEN, {"username": "clinician", "password": password}, content_type="application/json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "token" not in response.json()


def test_failures_on_the_page_lock_the_token_endpoint(client, personas, password):
    fail(client, "clinician", 5)
    assert ask_token(client, "clinician", password) == 429


def test_failures_on_the_token_endpoint_lock_the_page(client, personas, password):
    fail(client, "clinician", 4, via=ask_token)
    assert log_in_with_password(client, "clinician", "not-the-password") == 429
    assert log_in_with_password(client, "clinician", password) == 429


def test_attempts_during_a_lockout_do_not_prolong_it(client, personas, password):
    fail(client, "clinician", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert log_in_with_password(client, "clinician", password) == 429
    assert log_in_with_password(client, "clinician", "still-not-the-password") == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert log_in_with_password(client, "clinician", password) == 302


def test_token_endpoint_works_again_after_fifteen_minutes(client, personas, password):
    fail(client, "clinician", 5, via=ask_token)
    cool_off_passes()
    assert ask_token(client, "clinician", password) == 200


def test_a_token_clears_earlier_failures(client, personas, password):
    fail(client, "clinician", 4, via=ask_token)
    assert ask_token(client, "clinician", password) == 200
    fail(client, "clinician", 4)
    assert log_in_with_password(client, "clinician", password) == 302


def test_every_sign_in_attempt_is_in_the_security_log(client, personas, password):
    fail(client, "clinician", 5)
    log_in_with_password(client, "clinician", password)
    cool_off_passes()
    log_in_with_password(client, "clinician", password)
    Kind = SecurityEvent.Kind
    assert kinds("clinician") == [*[Kind.LOGIN_FAILED] * 5, Kind.LOCKED_OUT, Kind.LOGIN_SUCCEEDED]
    fifth = SecurityEvent.objects.filter(username="clinician", kind=Kind.LOGIN_FAILED).order_by("at", "id").last()
    assert fifth.detail == "lockout started"


def test_security_log_rows_say_who_from_where_and_when_in_utc(client, personas, password):
    before = timezone.now()
    log_in_with_password(client, "clinician", "not-the-password")
    [event] = SecurityEvent.objects.filter(username="clinician")
    assert (event.kind, event.ip_address, event.method, event.path) == ("login_failed", "127.0.0.1", "POST", LOGIN)
    assert event.user is None
    assert event.at.utcoffset() == timedelta(0)
    assert event.at.tzinfo == UTC or event.at.astimezone(UTC) == event.at
    assert before <= event.at <= timezone.now()


def test_a_successful_sign_in_is_logged_with_the_user(client, personas, password):
    log_in_with_password(client, "clinician", password)
    [event] = SecurityEvent.objects.filter(username="clinician")
    assert (event.kind, event.user, event.ip_address) == ("login_succeeded", personas["clinician"], "127.0.0.1")


def test_token_attempts_are_in_the_security_log(client, personas, password):
    fail(client, "clinician", 5, via=ask_token)
    ask_token(client, "clinician", password)
    cool_off_passes()
    ask_token(client, "clinician", password)
    Kind = SecurityEvent.Kind
    assert kinds("clinician") == [*[Kind.LOGIN_FAILED] * 5, Kind.LOCKED_OUT, Kind.TOKEN_ISSUED]
    assert set(SecurityEvent.objects.filter(username="clinician").values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_a_failure_for_an_unknown_username_is_logged_too(client, db):
    log_in_with_password(client, "mallory", "guess")
    assert kinds("mallory") == [SecurityEvent.Kind.LOGIN_FAILED]


def test_signing_out_is_logged(client, personas):
    client.force_login(personas["clinician"])
    client.post(reverse("logout"))
    assert kinds("clinician")[-1] == SecurityEvent.Kind.LOGGED_OUT


@pytest.fixture
def behind_a_proxy(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"


def test_behind_a_proxy_the_lockout_counts_by_the_client_address(behind_a_proxy, personas, password):
    office = Client(headers={"X-Real-IP": "192.0.2.10"})
    home = Client(headers={"X-Real-IP": "198.51.100.7"})
    fail(office, "clinician", 5)
    assert log_in_with_password(office, "clinician", password) == 429
    assert log_in_with_password(home, "clinician", password) == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}
    assert set(SecurityEvent.objects.filter(kind="login_failed").values_list("ip_address", flat=True)) == {"192.0.2.10"}


def test_a_forged_forwarded_for_entry_is_not_taken_as_the_client_address(settings, personas):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The client wrote the first entry; our proxy appended the second.
    client = Client(headers={"X-Forwarded-For": "203.0.113.99, 192.0.2.10"})
    log_in_with_password(client, "clinician", "not-the-password")
    assert SecurityEvent.objects.get(username="clinician").ip_address == "192.0.2.10"
    assert AccessAttempt.objects.get(username="clinician").ip_address == "192.0.2.10"


@pytest.mark.parametrize("header", ["garbage", "", "999.1.1.1", "1.2.3.4; DROP TABLE"])
def test_a_malformed_client_address_falls_back_to_the_connection(behind_a_proxy, personas, header):
    client = Client(headers={"X-Real-IP": header})
    assert log_in_with_password(client, "clinician", "not-the-password") == 200
    assert SecurityEvent.objects.get(username="clinician").ip_address == "127.0.0.1"
