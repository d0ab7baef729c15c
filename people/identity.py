"""labsite's rules for django-allauth: single sign-on and the second factor.

- An account is keyed on (provider, subject) — allauth's SocialAccount — never on
  the email alone. A first sign-in links to an existing account only when the
  provider asserts a *verified* email matching one account of the provider's
  institution that no provider is linked to yet; otherwise it creates an
  account with no role and no unit, active only when its verified email's
  domain is on the provider's allow-list, and else awaiting activation by
  operations (people.services.identity).
- Which accounts must have a second factor: ``mfa_required``.
- Nobody signs up with a password, and allauth sends no email of its own.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import SecurityEvent
from core.security import security_log
from people.models import Institution, User
from people.roles import Role, has_role
from people.services.identity import SignOn, account_linked, sign_on_account_create

SIGNED_IN_WITH = "labsite.signed_in_with"  # session key: "password" or a provider's id


def provider_config(provider_id: str) -> dict[str, Any] | None:
    return next((p for p in settings.OIDC_PROVIDERS if p["id"] == provider_id), None)


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def sign_on_of(sociallogin: SocialLogin) -> SignOn:
    """What the provider asserted, read through its entry of OIDC_PROVIDERS (the ID
    token's claims, completed by the userinfo endpoint's)."""
    account = sociallogin.account
    config = provider_config(account.provider) or {"name": account.provider, "institution": "", "claims": {}}
    data = account.extra_data or {}
    claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    names = config.get("claims") or {}

    def claim(key: str) -> Any:
        return claims.get(names.get(key, key))

    email = claim("email")
    return SignOn(
        provider=account.provider,
        provider_name=config["name"],
        institution=config.get("institution", ""),
        subject=str(account.uid),
        email=email.strip() if isinstance(email, str) else "",
        email_verified=_truthy(claim("email_verified")),
        first_name=str(claim("first_name") or ""),
        last_name=str(claim("last_name") or ""),
        employee_id=str(claim("employee_id") or ""),
    )


def link_candidate(sign_on: SignOn) -> User | None:
    """The one account a first sign-in may take: the verified email of one
    account of the provider's institution that no provider is linked to."""
    if not (sign_on.email_verified and sign_on.email and sign_on.institution):
        return None
    candidates = list(
        User.objects.filter(email__iexact=sign_on.email, institution=sign_on.institution).exclude(
            pk__in=SocialAccount.objects.values("user_id")
        )[:2]
    )
    return candidates[0] if len(candidates) == 1 else None


def auto_activated(sign_on: SignOn) -> bool:
    config = provider_config(sign_on.provider) or {}
    domain = sign_on.email.rpartition("@")[2].lower()
    return bool(sign_on.email_verified and sign_on.institution and domain and domain in config.get("domains", []))


def mfa_required(user: User) -> bool:
    """Direction, operations and partner accounts must have a second factor to
    sign in with a password (when MFA_REQUIRED is on)."""
    if not settings.MFA_REQUIRED or not user.has_usable_password():
        return False
    return user.institution == Institution.PARTNER or has_role(user, Role.DIRECTION) or has_role(user, Role.OPERATIONS)


def has_second_factor(user: User) -> bool:
    """An authenticator app or a security key (recovery codes alone are not one)."""
    from allauth.mfa.models import Authenticator

    kinds = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    return Authenticator.objects.filter(user_id=user.pk, type__in=kinds).exists()


def token_needs_code(user: User) -> bool:
    """The API's token endpoint asks these accounts for a code besides the
    password: those with a second factor, and those that must have one."""
    return mfa_required(user) or has_second_factor(user)


def password_sign_in_off(email: str) -> bool:
    """Accounts of these domains sign in by single sign-on only (PASSWORD_SIGN_IN_OFF_DOMAINS)."""
    domain = (email or "").rpartition("@")[2].lower()
    return bool(domain) and domain in settings.PASSWORD_SIGN_IN_OFF_DOMAINS


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # accounts come from operations, the directory import, or single sign-on

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth sends nothing: labsite's own emails go through its outbox."""

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponseRedirect:
        request.session["labsite.pending_user"] = user.pk
        return HttpResponseRedirect(reverse("account_inactive"))

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        sociallogin = getattr(request, "_labsite_sociallogin", None)
        request.session[SIGNED_IN_WITH] = sociallogin.account.provider if sociallogin else "password"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return provider_config(sociallogin.account.provider) is not None

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        request._labsite_sociallogin = sociallogin  # type: ignore[attr-defined]
        # labsite keeps no address book of allauth's (EmailAddress): the account's
        # email is the provider's assertion, recorded on the account (sign_on_of).
        sociallogin.email_addresses = []
        if sociallogin.is_existing:
            return
        sign_on = sign_on_of(sociallogin)
        user = link_candidate(sign_on)
        if user is not None:
            sociallogin.connect(request, user)
            account_linked(user=user, sign_on=sign_on, request=request)

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: dict) -> Any:
        user = super().populate_user(request, sociallogin, data)
        sign_on = sign_on_of(sociallogin)
        user.first_name, user.last_name, user.email = sign_on.first_name, sign_on.last_name, sign_on.email
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        from allauth.account.adapter import get_adapter as get_account_adapter

        sign_on = sign_on_of(sociallogin)
        user = sociallogin.user
        get_account_adapter().populate_username(request, user)
        sign_on_account_create(user=user, sign_on=sign_on, active=auto_activated(sign_on), request=request)
        sociallogin.save(request)
        return user

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """A refused sign-on (a tampered state, a replayed code, a bad token…) is
        logged, and the person is sent back to the sign-in page with a message."""
        security_log(
            SecurityEvent.Kind.SIGN_ON_REFUSED,
            request=request,
            detail=f"{getattr(provider, 'id', provider)}: {error or ''} {type(exception).__name__}",
        )
        messages.error(request, _("Signing in with your institution did not succeed. Please try again."))
        raise ImmediateHttpResponse(HttpResponseRedirect(reverse("login")))


class MFAAdapter(DefaultMFAAdapter):
    def send_notification_mail(self, *args: Any, **kwargs: Any) -> None:
        """Changes to the second factor are audited and logged by people.signals."""
