"""Sessions end after 30 idle minutes, 10 hours after signing in whatever the
activity, on signing out, on a password change (the others) and on deactivation,
which also voids the reset links already sent and keeps the person's history."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from core.middleware import SESSION_START_KEY
from core.models import AuditEvent, SecurityEvent
from core.personal_data import personal_data_export
from people import services

ME = reverse("people:me")
API_ME = reverse("api:me")


def signed_in(client: Client) -> bool:
    return client.get(API_ME).status_code == 200


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def log_in_with_password(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_signing_in_records_when_the_session_started(personas):
    before = int(timezone.now().timestamp())
    client = log_in_with_password("clinician")
    assert before <= client.session[SESSION_START_KEY] <= int(timezone.now().timestamp())


def test_each_request_renews_the_thirty_minute_idle_limit(personas):
    client = log_in_with_password("clinician")
    Session.objects.filter(pk=session_row(client).pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert signed_in(client)
    assert session_row(client).expire_date > timezone.now() + timedelta(minutes=29)


def test_thirty_idle_minutes_sign_out(personas):
    client = log_in_with_password("clinician")
    # Thirty minutes without a request: the session's expiry is now past.
    Session.objects.filter(pk=session_row(client).pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not signed_in(client)
    response = client.get(ME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_idle_limit_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_ten_hours_after_signing_in_an_active_session_ends(personas):
    client = log_in_with_password("clinician")
    session = client.session
    session[SESSION_START_KEY] -= 10 * 60 * 60 + 1
    session.save()
    # The session is not idle: its expiry is renewed, yet it ends.
    assert session_row(client).expire_date > timezone.now()
    response = client.get(ME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not signed_in(client)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_EXPIRED, username="clinician").exists()


def test_just_under_ten_hours_the_session_goes_on(personas):
    client = log_in_with_password("clinician")
    session = client.session
    session[SESSION_START_KEY] -= 10 * 60 * 60 - 60
    session.save()
    assert client.get(ME).status_code == 200


def test_absolute_limit_ends_an_api_session_too(personas):
    client = log_in_with_password("clinician")
    session = client.session
    session[SESSION_START_KEY] -= 10 * 60 * 60 + 1
    session.save()
    assert client.get(API_ME).status_code == 401


def test_a_session_without_a_start_time_is_ended(personas):
    client = log_in_with_password("clinician")
    session = client.session
    del session[SESSION_START_KEY]
    session.save()
    assert not signed_in(client)


def test_signing_out_makes_the_old_session_cookie_useless(personas):
    client = log_in_with_password("clinician")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("logout")).status_code == 302
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert not signed_in(replay)
    assert not Session.objects.filter(session_key=cookie).exists()


def test_password_change_ends_the_users_other_sessions_and_tokens(personas):
    laptop = log_in_with_password("clinician")
    phone = log_in_with_password("clinician")
    other_user = log_in_with_password("clinician2")
    Token.objects.create(user=personas["clinician"])
    new = "a-much-longer-passphrase-42"
    response = laptop.post(
        reverse("password_change"),
        {"old_password": settings.DEMO_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert signed_in(laptop)
    assert not signed_in(phone)
    assert signed_in(other_user)
    assert not Token.objects.filter(user=personas["clinician"]).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED, username="clinician").exists()


def test_password_change_stops_the_old_token_on_the_api(personas, client):
    token = Token.objects.create(user=personas["clinician"])
    laptop = log_in_with_password("clinician")
    new = "a-much-longer-passphrase-42"
    laptop.post(
        reverse("password_change"),
        {"old_password": settings.DEMO_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert client.get(API_ME, headers={"Authorization": f"Token {token.key}"}).status_code == 401


def test_deactivation_ends_sessions_and_tokens(personas):
    clinician = personas["clinician"]
    client = log_in_with_password("clinician")
    token = Token.objects.create(user=clinician)
    services.user_deactivate(user=clinician, by=personas["ops"])
    assert not signed_in(client)
    assert Client().get(API_ME, headers={"Authorization": f"Token {token.key}"}).status_code == 401
    assert not Token.objects.filter(user=clinician).exists()


def test_reactivation_revives_no_old_session(personas):
    clinician = personas["clinician"]
    client = log_in_with_password("clinician")
    services.user_deactivate(user=clinician, by=personas["ops"])
    clinician.is_active = True
    clinician.save(update_fields=["is_active"])
    assert not signed_in(client)


def test_deactivation_by_operations_in_the_admin_ends_sessions_and_tokens(personas):
    clinician = personas["clinician"]
    victim = log_in_with_password("clinician")
    token = Token.objects.create(user=clinician)
    admin = Client()
    admin.force_login(personas["ops"])
    form = {
        "username": clinician.username,
        "first_name": clinician.first_name,
        "last_name": clinician.last_name,
        "email": clinician.email,
        "institution": clinician.institution,
        "department": clinician.department_id,
        "language": clinician.language,
        "digest": clinician.digest,
        # "is_active" left out: unticked.
    }
    response = admin.post(reverse("admin:people_user_change", args=[clinician.pk]), form)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert not signed_in(victim)
    assert Client().get(API_ME, headers={"Authorization": f"Token {token.key}"}).status_code == 401
    assert not Token.objects.filter(user=clinician).exists()


def test_password_set_by_operations_in_the_admin_ends_sessions_and_tokens(personas):
    clinician = personas["clinician"]
    victim = log_in_with_password("clinician")
    Token.objects.create(user=clinician)
    admin = Client()
    admin.force_login(personas["ops"])
    new = "a-much-longer-passphrase-42"
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[clinician.pk]),
        {"password1": new, "password2": new, "usable_password": "true", "set-password": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_user_change", args=[clinician.pk])
    assert not signed_in(victim)
    assert not Token.objects.filter(user=clinician).exists()
    assert signed_in(admin)


def test_password_reset_ends_every_session_and_token(personas):
    clinician = personas["clinician"]
    victim = log_in_with_password("clinician")
    Token.objects.create(user=clinician)
    clinician.refresh_from_db()  # signing in changed last_login, which the reset token covers
    uid = urlsafe_base64_encode(force_bytes(clinician.pk))
    token = default_token_generator.make_token(clinician)
    browser = Client()
    response = browser.get(reverse("password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302
    new = "a-much-longer-passphrase-42"
    response = browser.post(response["Location"], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert not signed_in(victim)
    assert not Token.objects.filter(user=clinician).exists()
    assert not signed_in(browser)


def test_a_reset_link_works_only_once(personas):
    clinician = personas["clinician"]
    uid = urlsafe_base64_encode(force_bytes(clinician.pk))
    token = default_token_generator.make_token(clinician)
    browser = Client()
    form = browser.get(reverse("password_reset_confirm", args=[uid, token]))["Location"]
    new = "a-much-longer-passphrase-42"
    browser.post(form, {"new_password1": new, "new_password2": new})
    again = Client().get(reverse("password_reset_confirm", args=[uid, token]))
    assert again.status_code == 200
    assert not again.context["validlink"]


def test_a_reset_link_sent_before_deactivation_no_longer_works(personas):
    clinician = personas["clinician"]
    uid = urlsafe_base64_encode(force_bytes(clinician.pk))
    token = default_token_generator.make_token(clinician)
    services.user_deactivate(user=clinician, by=personas["ops"])
    response = Client().get(reverse("password_reset_confirm", args=[uid, token]))
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_deactivation_keeps_the_persons_history(personas):
    clinician, ops = personas["clinician"], personas["ops"]
    services.user_update_profile(user=clinician, by=clinician, first_name="Claire")
    before = AuditEvent.objects.filter(actor=clinician).count()
    services.user_deactivate(user=clinician, by=ops)
    assert AuditEvent.objects.filter(actor=clinician).count() == before > 0
    assert AuditEvent.objects.filter(actor=ops, action="deactivated", object_id=str(clinician.pk)).exists()
    export = personal_data_export(user=clinician, by=ops)
    assert "deactivated" in [row["action"] for row in export["data"]["account_history"]]
    assert export["data"]["profile"][0]["active"] is False
