"""Single sign-on's rules, without a provider: OIDC_PROVIDERS read from the
environment, which account a first sign-in links to or makes, the page of an
account awaiting activation, and operations activating or refusing it.

The same flows through a real OpenID provider and a browser: test_sign_on.py."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent, Email, SecurityEvent
from labsite.settings import env
from people.identity import auto_activated, link_candidate, mfa_required, password_sign_in_off
from people.models import Institution, User
from people.roles import GROUPS, Role
from people.services.identity import SignOn, account_activate, sign_on_account_create
from people.tests.factories import DepartmentFactory, TeamFactory, UserFactory

INSTITUTIONS = ["inria", "aphp", "academic", "partner"]
INRIA = {
    "id": "inria",
    "name": "Inria",
    "issuer": "https://idp.inria.example",
    "client_id": "labsite",
    "client_secret": "s3cret",
    "institution": "inria",
    "domains": ["inria.example"],
}
APHP = INRIA | {
    "id": "aphp",
    "name": "AP-HP",
    "issuer": "https://idp.aphp.example",
    "institution": "aphp",
    "domains": [],
}


def providers(monkeypatch, entries) -> list[dict]:
    monkeypatch.setenv("OIDC_PROVIDERS", json.dumps(entries))
    return env.oidc_providers("OIDC_PROVIDERS", INSTITUTIONS)


def sign_on(**fields) -> SignOn:
    values = {
        "provider": "inria",
        "provider_name": "Inria",
        "institution": "inria",
        "subject": "sub-1",
        "email": "ada.lovelace@inria.example",
        "email_verified": True,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "employee_id": "INR-0042",
    }
    return SignOn(**(values | fields))


# OIDC_PROVIDERS -----------------------------------------------------------------


def test_providers_are_read_with_their_defaults(monkeypatch):
    [inria, aphp] = providers(monkeypatch, [INRIA, APHP | {"claims": {"employee_id": "matricule"}}])

    assert inria["scopes"] == ["openid", "email", "profile"]
    assert inria["claims"]["email"] == "email"
    assert aphp["claims"]["employee_id"] == "matricule"
    assert aphp["claims"]["first_name"] == "given_name"


def test_no_providers_is_an_empty_list(monkeypatch):
    monkeypatch.delenv("OIDC_PROVIDERS", raising=False)
    assert env.oidc_providers("OIDC_PROVIDERS", INSTITUTIONS) == []


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("{not json", "must be a JSON list"),
        ({"id": "inria"}, "must be a JSON list"),
        ([INRIA | {"id": "Inria Main"}], "'id' must be a slug"),
        ([INRIA, INRIA], "used twice"),
        ([{k: v for k, v in INRIA.items() if k != "client_secret"}], "'client_secret' must be a non-empty string"),
        ([INRIA | {"issuer": "ftp://idp"}], "'issuer' must be an http(s) URL"),
        ([INRIA | {"institution": "cnrs"}], "'institution' must be one of"),
        ([INRIA | {"scopes": ["email"]}], "holding 'openid'"),
        ([INRIA | {"institution": "", "domains": ["inria.example"]}], "set 'institution'"),
        ([INRIA | {"claims": {"phone": "tel"}}], "'claims' may only name"),
        ([INRIA | {"tenant": "x"}], "unknown keys tenant"),
    ],
)
def test_a_mistake_in_the_providers_stops_the_start_with_its_place(monkeypatch, entries, message):
    monkeypatch.setenv("OIDC_PROVIDERS", entries if isinstance(entries, str) else json.dumps(entries))
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        env.oidc_providers("OIDC_PROVIDERS", INSTITUTIONS)


# Linking and making accounts ---------------------------------------------------


@pytest.fixture
def configured(settings):
    settings.OIDC_PROVIDERS = [
        INRIA | {"scopes": ["openid"], "claims": env.OIDC_CLAIMS},
        APHP | {"scopes": ["openid"], "claims": env.OIDC_CLAIMS},
    ]
    return settings


@pytest.mark.django_db
def test_a_verified_email_of_the_institution_links_its_one_unlinked_account(configured):
    ada = UserFactory(email="Ada.Lovelace@inria.example", institution=Institution.INRIA)
    assert link_candidate(sign_on()) == ada


@pytest.mark.django_db
@pytest.mark.parametrize(
    "why",
    ["unverified", "other institution", "already linked", "two accounts", "no institution"],
)
def test_no_link_but_to_exactly_one_unlinked_account_of_the_institution_by_verified_email(configured, why):
    ada = UserFactory(email="ada.lovelace@inria.example", institution=Institution.INRIA)
    asserted = sign_on()
    if why == "unverified":
        asserted = sign_on(email_verified=False)
    elif why == "other institution":
        asserted = sign_on(provider="aphp", institution="aphp")
    elif why == "already linked":
        SocialAccount.objects.create(user=ada, provider="aphp", uid="someone-else")
    elif why == "two accounts":
        UserFactory(email="ADA.LOVELACE@inria.example", institution=Institution.INRIA)
    elif why == "no institution":
        asserted = sign_on(institution="")
    assert link_candidate(asserted) is None


@pytest.mark.django_db
def test_only_a_verified_email_of_an_allowed_domain_is_activated_at_once(configured):
    assert auto_activated(sign_on())
    assert not auto_activated(sign_on(email_verified=False))
    assert not auto_activated(sign_on(email="ada@gmail.example"))
    assert not auto_activated(sign_on(provider="aphp", institution="aphp", email="x@aphp.example"))


@pytest.mark.django_db
def test_a_pending_account_has_no_password_role_or_unit_and_operations_are_told(configured, personas):
    user = sign_on_account_create(user=User(username="ada"), sign_on=sign_on(email_verified=False), active=False)

    user.refresh_from_db()
    assert (user.is_active, user.has_usable_password(), user.team, user.department) == (False, False, None, None)
    assert user.pending_since is not None
    assert (user.institution, user.employee_id, user.first_name) == ("inria", "INR-0042", "Ada")
    assert not user.groups.exists()
    operations = set(User.objects.filter(groups__name=GROUPS[Role.OPERATIONS]).values_list("email", flat=True))
    told = set(Email.objects.filter(key__startswith="account-pending:").values_list("to", flat=True))
    assert operations and told == operations
    assert AuditEvent.objects.filter(object_id=str(user.pk), action="signed_up").exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_ON_ACCOUNT, user=user).exists()


@pytest.mark.django_db
def test_an_employee_id_already_held_in_the_institution_is_not_taken(configured):
    UserFactory(institution=Institution.INRIA, employee_id="INR-0042")
    user = sign_on_account_create(user=User(username="ada"), sign_on=sign_on(), active=True)
    assert user.employee_id == ""
    assert Email.objects.filter(key__startswith="account-pending:").count() == 0


def test_password_sign_in_is_off_for_the_listed_domains_only(settings):
    settings.PASSWORD_SIGN_IN_OFF_DOMAINS = ["aphp.example"]
    assert password_sign_in_off("Someone@APHP.example")
    assert not password_sign_in_off("someone@inria.example")
    assert not password_sign_in_off("")


@pytest.mark.django_db
def test_the_password_form_refuses_an_account_of_a_domain_signed_in_by_its_institution(client, settings):
    settings.PASSWORD_SIGN_IN_OFF_DOMAINS = ["aphp.example"]
    UserFactory(username="clin", email="clin@aphp.example", password="a long enough password")

    response = client.post(
        reverse("login"), {"username": "clin", "password": "a long enough password"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "use its button" in response.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_offers_one_button_per_provider_above_the_password_form(client, configured):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert page.index("Sign in with Inria") < page.index("Sign in with AP-HP") < page.index('id="login-form"')
    assert f'action="{reverse("openid_connect_login", args=["inria"])}"' in page


@pytest.mark.django_db
def test_the_sign_in_page_has_no_buttons_without_providers(client, settings):
    settings.OIDC_PROVIDERS = []
    assert "sign-on" not in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "required"), [("director", True), ("ops", True), ("partner", True), ("clinician", False)]
)
def test_the_second_factor_is_required_of_direction_operations_and_partners(personas, settings, username, required):
    settings.MFA_REQUIRED = True
    assert mfa_required(personas[username]) is required
    settings.MFA_REQUIRED = False
    assert mfa_required(personas[username]) is False


# The page of an account awaiting activation -------------------------------------


@pytest.mark.django_db
def test_an_inactive_account_page_says_operations_were_told_only_of_a_pending_one(client, configured):
    pending = sign_on_account_create(user=User(username="ada"), sign_on=sign_on(), active=False)
    session = client.session
    session["labsite.pending_user"] = pending.pk
    session.save()

    page = client.get(reverse("account_inactive"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "operations team has been told" in page

    User.objects.filter(pk=pending.pk).update(pending_since=None)
    page = client.get(reverse("account_inactive"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This account is inactive" in page


# Operations activate or refuse -------------------------------------------------


def pending_accounts(count: int) -> list[User]:
    start = User.objects.count()
    return [
        sign_on_account_create(
            user=User(username=f"new{n}"),
            sign_on=sign_on(subject=f"s{n}", email=f"new{n}@inria.example", employee_id=""),
            active=False,
        )
        for n in range(start, start + count)
    ]


@pytest.mark.django_db
def test_operations_see_the_accounts_awaiting_them_on_their_dashboard_and_page(sign_in, configured):
    [one] = pending_accounts(1)
    client = sign_in("ops")

    dashboard = client.get("/").content.decode()
    assert 'id="pending-accounts"' in dashboard and reverse("people:pending-list") in dashboard
    page = client.get(reverse("people:pending-list")).content.decode()
    assert one.email in page
    assert reverse("people:pending-activate", args=[one.pk]) in page


@pytest.mark.django_db
def test_the_pending_page_costs_the_same_queries_whatever_the_rows(sign_in, configured):
    client = sign_in("ops")
    pending_accounts(1)
    client.get(reverse("people:pending-list"))  # sessions, caches warm
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:pending-list"))
    pending_accounts(6)
    TeamFactory.create_batch(3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("people:pending-list")).status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_activating_gives_the_unit_and_tells_the_person(sign_in, configured):
    [one] = pending_accounts(1)
    team = TeamFactory()

    response = sign_in("ops").post(reverse("people:pending-activate", args=[one.pk]), {"unit": f"team:{team.pk}"})

    assert response.status_code == 302
    one.refresh_from_db()
    assert (one.is_active, one.pending_since, one.team) == (True, None, team)
    assert Email.objects.filter(key__startswith="account-activated:", to=one.email).count() == 1
    event = AuditEvent.objects.get(object_id=str(one.pk), action="activated")
    assert event.actor.username == "ops"


@pytest.mark.django_db
def test_an_unknown_unit_is_a_form_error_and_nothing_changes(sign_in, configured):
    [one] = pending_accounts(1)
    response = sign_in("ops").post(reverse("people:pending-activate", args=[one.pk]), {"unit": "team:999999"})
    assert response.status_code == 400
    one.refresh_from_db()
    assert (one.is_active, one.pending_since is not None) == (False, True)


@pytest.mark.django_db
def test_refusing_leaves_the_account_inactive_and_off_the_list(sign_in, configured):
    [one] = pending_accounts(1)
    client = sign_in("ops")

    assert client.post(reverse("people:pending-refuse", args=[one.pk])).status_code == 302

    one.refresh_from_db()
    assert (one.is_active, one.pending_since) == (False, None)
    assert client.post(reverse("people:pending-activate", args=[one.pk]), {"unit": ""}).status_code == 404


@pytest.mark.django_db
def test_an_activated_account_cannot_be_activated_twice(configured, personas):
    [one] = pending_accounts(1)
    account_activate(user=one, by=personas["ops"], department=DepartmentFactory())
    with pytest.raises(ValueError, match="not awaiting"):
        account_activate(user=one, by=personas["ops"])


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["director", "teamlead", "clinician", "partner"])
def test_only_operations_activate(sign_in, configured, username):
    [one] = pending_accounts(1)
    client = sign_in(username)
    assert client.get(reverse("people:pending-list")).status_code == 403
    assert client.post(reverse("people:pending-activate", args=[one.pk]), {"unit": ""}).status_code == 403
    one.refresh_from_db()
    assert one.is_active is False


@pytest.mark.django_db
def test_a_provider_that_does_not_answer_sends_back_to_the_sign_in_page_with_a_message(client, settings):
    settings.OIDC_PROVIDERS = env.oidc_providers_from([INRIA | {"issuer": "http://127.0.0.1:9"}])
    settings.SOCIALACCOUNT_PROVIDERS = env.allauth_providers(settings.OIDC_PROVIDERS)

    response = client.post(reverse("openid_connect_login", args=["inria"]), HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "does not answer at the moment" in response.content.decode()
