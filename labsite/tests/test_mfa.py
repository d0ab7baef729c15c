"""The second factor (issue 13): TOTP set up through allauth's pages, asked
after the password, recovery codes used once; required for direction,
operations and partners signing in with a password when MFA_REQUIRED is on;
its failures count toward the lockout; its changes audited; operations reset
it; the API's token endpoint obeys it."""

import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, Email, SecurityEvent
from core.outbox import email_send
from people.identity import SIGNED_IN_WITH
from people.models import User

LOGIN = reverse("login")
TOKEN = reverse("api:token")
AUTHENTICATE = reverse("mfa_authenticate")
ACTIVATE = reverse("mfa_activate_totp")


def code_of(secret: str, *, step: int = 0) -> str:
    """The authenticator app's code now (``step`` periods later or earlier)."""
    counter = int(time.time()) // 30 + step
    return format_hotp_value(hotp_value(secret, counter))


def with_totp(user: User) -> str:
    """Give ``user`` an authenticator app (and recovery codes); its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user: User) -> list[str]:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()


def password_step(client: Client, username: str, password: str | None = None) -> object:
    return client.post(LOGIN, {"username": username, "password": password or settings.DEMO_PASSWORD})


def reauthenticate(client: Client) -> None:
    """Re-enter the password, as allauth asks before a change to the factors."""
    response = client.post(reverse("account_reauthenticate"), {"password": settings.DEMO_PASSWORD})
    assert response.status_code == 302, response.content


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def kinds(username: str) -> list[str]:
    return list(SecurityEvent.objects.filter(username=username).order_by("at", "id").values_list("kind", flat=True))


@pytest.fixture(autouse=True)
def _early_in_a_code_period():
    """The clock, still running, moved to 5 s into the current 30-s period of the
    authenticator app: a code made here and checked a moment later is the same
    code whatever the wall clock says (no test spans the 25 s left)."""
    now = time.time()
    with time_machine.travel(now - now % 30 + 5, tick=True):
        yield


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


# Setting up TOTP through the pages ------------------------------------------------


def test_a_researcher_sets_up_totp_through_the_pages(client, personas, django_capture_on_commit_callbacks, published):
    assert password_step(client, "researcher").status_code == 302
    # Changing one's factors asks for the password again first.
    assert client.get(ACTIVATE)["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content  # the QR code, inline
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE, {"code": code_of(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    user = personas["researcher"]
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    actions = AuditEvent.objects.filter(object_id=str(user.pk), action="mfa_added").values_list("comment", flat=True)
    assert sorted(actions) == ["recovery_codes", "totp"]
    assert kinds("researcher").count(SecurityEvent.Kind.MFA_CHANGED) == 2
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_renewing_recovery_codes_is_audited(client, personas, django_capture_on_commit_callbacks, published):
    user = personas["researcher"]
    secret = with_totp(user)
    before = recovery_codes(user)
    password_step(client, "researcher")
    client.post(AUTHENTICATE, {"code": code_of(secret)})
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert set(recovery_codes(user)).isdisjoint(before)
    event = AuditEvent.objects.get(object_id=str(user.pk), action="mfa_renewed")
    assert (event.actor, event.comment) == (user, "recovery_codes")


def test_deactivating_totp_is_audited(client, personas, django_capture_on_commit_callbacks, published):
    user = personas["researcher"]
    secret = with_totp(user)
    password_step(client, "researcher")
    client.post(AUTHENTICATE, {"code": code_of(secret)})
    reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    removed = AuditEvent.objects.filter(object_id=str(user.pk), action="mfa_removed").values_list("comment", flat=True)
    assert sorted(removed) == ["recovery_codes", "totp"]


def test_a_wrong_code_does_not_activate_totp(client, personas):
    password_step(client, "researcher")
    reauthenticate(client)
    secret = client.get(ACTIVATE).context["form"].secret
    wrong = str((int(code_of(secret)) + 1) % 1_000_000).zfill(6)
    response = client.post(ACTIVATE, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Authenticator.objects.filter(user=personas["researcher"]).exists()


def test_the_pages_of_the_second_factor_are_the_sites(sign_in):
    client = sign_in("researcher")
    page = client.get(reverse("mfa_index"))
    html = page.content.decode()
    assert 'class="site-header"' in html
    assert 'class="card allauth-panel"' in html
    assert "cdn" not in html.lower()


def test_the_security_key_page_runs_its_scripts_under_the_csp(client, personas):
    password_step(client, "researcher")
    reauthenticate(client)
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    html = page.content.decode()
    # allauth's scripts are the site's own files; its inline <script>s are JSON data, not code.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag or 'nonce="' in tag, tag
    assert "/static/mfa/js/webauthn.js" in html


def test_the_profile_offers_the_second_factor(sign_in):
    page = sign_in("researcher").get(reverse("people:me"))
    assert reverse("mfa_index").encode() in page.content
    assert b'id="second-factor"' in page.content


# Signing in with a code -------------------------------------------------------------


def test_password_then_code_signs_in(client, personas):
    secret = with_totp(personas["director"])
    response = password_step(client, "director")
    assert response["Location"] == AUTHENTICATE
    assert not signed_in(client)
    response = client.post(AUTHENTICATE, {"code": code_of(secret)})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.session[SIGNED_IN_WITH] == "password"


def test_the_code_page_offers_a_security_key_only_to_someone_who_has_one(client, personas):
    with_totp(personas["director"])
    password_step(client, "director")

    page = client.get(AUTHENTICATE).content.decode()

    assert 'name="code"' in page
    assert "mfa_webauthn_authenticate" not in page
    assert 'form="logout-from-stage"' in page  # cancelling stays offered


def test_operations_see_which_provider_subject_each_account_is_linked_to(sign_in, personas):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=personas["researcher"], provider="inria", uid="inria-0042")
    url = reverse("admin:socialaccount_socialaccount_changelist")

    assert "inria-0042" in sign_in("ops").get(url).content.decode()
    link = SocialAccount.objects.get(uid="inria-0042")
    change = sign_in("ops").post(
        reverse("admin:socialaccount_socialaccount_change", args=[link.pk]), {"uid": "someone-else"}
    )
    assert change.status_code == 403
    link.refresh_from_db()
    assert link.uid == "inria-0042"


def test_a_wrong_code_does_not_sign_in_and_is_logged(client, personas):
    secret = with_totp(personas["director"])
    password_step(client, "director")
    wrong = str((int(code_of(secret)) + 1) % 1_000_000).zfill(6)
    response = client.post(AUTHENTICATE, {"code": wrong})
    assert response.status_code == 200
    assert not signed_in(client)
    assert kinds("director")[-2:] == [SecurityEvent.Kind.MFA_FAILED, SecurityEvent.Kind.LOGIN_FAILED]


def test_a_code_is_used_once(client, personas):
    secret = with_totp(personas["director"])
    code = code_of(secret)
    password_step(client, "director")
    client.post(AUTHENTICATE, {"code": code})
    assert signed_in(client)
    other = Client()
    password_step(other, "director")
    assert other.post(AUTHENTICATE, {"code": code}).status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_recovery_code_signs_in_once(client, personas):
    user = personas["director"]
    with_totp(user)
    code = recovery_codes(user)[0]
    password_step(client, "director")
    client.post(AUTHENTICATE, {"code": code})
    assert signed_in(client)
    assert code not in recovery_codes(user)
    other = Client()
    password_step(other, "director")
    assert other.post(AUTHENTICATE, {"code": code}).status_code == 200
    assert "_auth_user_id" not in other.session


# Required for direction, operations and partners -----------------------------------


@pytest.mark.parametrize("username", ["director", "ops", "partner"])
def test_required_roles_are_kept_to_setting_up_totp(client, personas, mfa_required, username):
    password_step(client, username)
    assert signed_in(client)
    # Kept to the setup right after the password, which is not asked again there.
    for url in (reverse("home"), reverse("people:person-list"), reverse("people:me")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == ACTIVATE
    assert client.get(ACTIVATE).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("set-language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.get(reverse("healthz")).status_code == 200


def test_the_api_with_the_session_answers_403_until_a_factor_is_set_up(client, personas, mfa_required):
    password_step(client, "ops")
    response = client.get(reverse("api:me"))
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_once_totp_is_set_up_the_site_opens(
    client, personas, mfa_required, django_capture_on_commit_callbacks, published
):
    password_step(client, "director")
    secret = client.get(ACTIVATE).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACTIVATE, {"code": code_of(secret)})
    assert client.get(reverse("home")).status_code == 200


def test_sign_out_stays_open(client, personas, mfa_required):
    password_step(client, "director")
    client.post(reverse("logout"))
    assert not signed_in(client)


@pytest.mark.parametrize("username", ["researcher", "clinician", "teamlead", "transfer"])
def test_other_roles_are_only_offered_it(client, personas, mfa_required, username):
    password_step(client, username)
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_accounts_stay_usable_when_it_is_off(client, personas):
    assert settings.MFA_REQUIRED is False
    password_step(client, "director")
    assert client.get(reverse("home")).status_code == 200


def test_a_single_sign_on_session_is_not_forced(client, personas, mfa_required):
    client.force_login(personas["director"])
    session = client.session
    session[SIGNED_IN_WITH] = "inria"
    session.save()
    assert client.get(reverse("home")).status_code == 200


# Lockout ------------------------------------------------------------------------------


def wrong_code(secret: str) -> str:
    return str((int(code_of(secret)) + 500_000) % 1_000_000).zfill(6)


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(client, personas):
    secret = with_totp(personas["director"])
    password_step(client, "director")
    statuses = [client.post(AUTHENTICATE, {"code": wrong_code(secret)}).status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    # The pending sign-in is gone: the right code cannot finish it.
    response = client.post(AUTHENTICATE, {"code": code_of(secret)})
    assert response.status_code == 302
    assert not signed_in(client)
    # And the password itself is refused for the cool-off.
    assert password_step(client, "director").status_code == 429
    assert SecurityEvent.Kind.LOCKED_OUT in kinds("director")
    assert kinds("director").count(SecurityEvent.Kind.MFA_FAILED) == 5


def test_wrong_passwords_and_wrong_codes_add_up(client, personas):
    secret = with_totp(personas["director"])
    for _attempt in range(3):
        assert password_step(client, "director", "not-the-password").status_code == 200
    password_step(client, "director")
    assert client.post(AUTHENTICATE, {"code": wrong_code(secret)}).status_code == 200
    assert client.post(AUTHENTICATE, {"code": wrong_code(secret)}).status_code == 429


def test_the_right_code_during_a_lockout_is_refused(client, personas):
    secret = with_totp(personas["director"])
    password_step(client, "director")
    for _attempt in range(4):
        client.post(AUTHENTICATE, {"code": wrong_code(secret)})
    # A fifth failure from another page of the same address locks the account
    # while this sign-in still waits for its code.
    Client().post(LOGIN, {"username": "director", "password": "not-the-password"})
    response = client.post(AUTHENTICATE, {"code": code_of(secret)})
    assert response.status_code == 429
    assert not signed_in(client)
    assert "account_login" not in client.session  # the pending sign-in is cleared
    assert kinds("director")[-1] == SecurityEvent.Kind.LOCKED_OUT


# Operations reset a person's factor ----------------------------------------------------


def test_operations_reset_a_persons_factor(sign_in, personas, django_capture_on_commit_callbacks, published):
    researcher = personas["researcher"]
    with_totp(researcher)
    client = sign_in("ops")
    page = client.get(reverse("people:person-detail", args=[researcher.pk]))
    assert b"Reset second factor" in page.content or b"second facteur" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:person-mfa-reset", args=[researcher.pk]))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=researcher).exists()
    event = AuditEvent.objects.get(object_id=str(researcher.pk), action="mfa_reset")
    assert event.actor == personas["ops"]
    assert event.changes == {"second_factors": [["recovery_codes", "totp"], []]}
    assert kinds("researcher")[-1] == SecurityEvent.Kind.MFA_CHANGED
    email = Email.objects.get(to=researcher.email, key__startswith="account-changed:")
    email_send(email_id=email.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [researcher.email]


def test_operations_do_not_reset_directions_factor(sign_in, personas):
    with_totp(personas["director"])
    response = sign_in("ops").post(reverse("people:person-mfa-reset", args=[personas["director"].pk]))
    assert response.status_code == 403
    assert Authenticator.objects.filter(user=personas["director"]).exists()


def test_a_superuser_resets_directions_factor(client, personas):
    with_totp(personas["director"])
    root = User.objects.create_superuser("root", "root@labsite.example", "a-long-root-password-0")
    client.force_login(root)
    assert client.post(reverse("people:person-mfa-reset", args=[personas["director"].pk])).status_code == 302
    assert not Authenticator.objects.filter(user=personas["director"]).exists()


def test_the_person_detail_offers_the_reset_to_operations_only(sign_in, personas):
    url = reverse("people:person-detail", args=[personas["researcher"].pk])
    reset = reverse("people:person-mfa-reset", args=[personas["researcher"].pk]).encode()
    assert reset in sign_in("ops").get(url).content
    assert reset not in sign_in("director").get(url).content


def test_the_admin_action_resets_and_refuses_protected_accounts(sign_in, personas):
    for username in ("researcher", "director"):
        with_totp(personas[username])
    client = sign_in("ops")
    ids = [personas["researcher"].pk, personas["director"].pk]
    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": ids},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=personas["researcher"]).exists()
    assert Authenticator.objects.filter(user=personas["director"]).exists()
    assert AuditEvent.objects.filter(action="mfa_reset").count() == 1


# The API's token endpoint ---------------------------------------------------------------


def ask(client: Client, username: str, password: str | None = None, code: str | None = None):
    body = {"username": username, "password": password or settings.DEMO_PASSWORD}
    if code is not None:
        body["code"] = code
    return client.post(TOKEN, body, content_type="application/json")


def test_a_password_alone_gets_no_token_for_an_account_with_totp(client, personas):
    with_totp(personas["researcher"])
    response = ask(client, "researcher")
    assert response.status_code == 400
    assert "code" in response.json()


def test_password_and_code_get_a_token(client, personas):
    secret = with_totp(personas["researcher"])
    response = ask(client, "researcher", code=code_of(secret))
    assert response.status_code == 200
    assert response.json()["token"]


def test_an_unused_recovery_code_gets_a_token_once(client, personas):
    user = personas["researcher"]
    with_totp(user)
    code = recovery_codes(user)[0]
    assert ask(client, "researcher", code=code).status_code == 200
    assert ask(client, "researcher", code=code).status_code == 400


def test_a_password_alone_still_gets_a_token_without_a_factor(client, personas):
    assert ask(client, "researcher").status_code == 200


def test_a_required_account_gets_no_token_without_a_factor(client, personas, mfa_required):
    response = ask(client, "director")
    assert response.status_code == 400
    assert "code" in response.json()
    assert ask(client, "researcher").status_code == 200


def test_wrong_codes_lock_the_token_endpoint(client, personas):
    secret = with_totp(personas["researcher"])
    statuses = [ask(client, "researcher", code=wrong_code(secret)).status_code for _attempt in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    assert ask(client, "researcher", code=code_of(secret)).status_code == 429
    assert kinds("researcher").count(SecurityEvent.Kind.MFA_FAILED) == 5


def test_the_schema_documents_the_code(sign_in):
    schema = sign_in("researcher").get(reverse("api:schema"), {"format": "json"}).json()
    body = schema["paths"]["/api/auth/token/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    request = schema["components"]["schemas"][body["$ref"].rpartition("/")[2]]
    assert "code" in request["properties"]
    assert "code" not in request.get("required", [])


def test_used_codes_are_remembered_where_every_web_process_sees_them():
    # allauth remembers a used code in the default cache: in the database, shared by
    # every process (a per-process cache would take the same code again elsewhere).
    # The suite's own is local (one test process is one web process).
    from labsite.settings import base

    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
