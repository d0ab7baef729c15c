"""Signing in and out: the password form, the single sign-on buttons, the page
of an account awaiting activation, and the sign-out that ends the provider's
session too.

The password form is Django's (django-axes counts its failures); a right
password hands over to allauth's login stages (``perform_login``), which ask
for the second factor of an account that has one, as after a single sign-on."""

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.identity import SIGNED_IN_WITH, has_second_factor, mfa_required, password_sign_in_off, provider_config
from people.models import User

logger = logging.getLogger("labsite.identity")

PENDING_USER = "labsite.pending_user"  # session key: the account the "awaiting activation" page is about
DISCOVERY_CACHE_SECONDS = 60 * 60


def sign_in_providers() -> list[dict[str, str]]:
    """One button per provider of OIDC_PROVIDERS, in their order."""
    return [
        {"id": p["id"], "name": p["name"], "url": reverse("openid_connect_login", args=[p["id"]])}
        for p in settings.OIDC_PROVIDERS
    ]


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"providers": sign_in_providers()}

    def form_valid(self, form: Any) -> HttpResponse:
        user: User = form.get_user()
        if password_sign_in_off(user.email):
            form.add_error(
                None,
                ValidationError(
                    _("Your institution signs you in: use its button above rather than a password."),
                    code="sign_on_only",
                ),
            )
            return self.form_invalid(form)
        if mfa_required(user) and not has_second_factor(user):
            # Kept to setting up a second factor (people.middleware): the password just
            # given counts as re-entered for allauth's setup pages, which would ask for
            # it again. Anyone else re-enters it before changing their factors.
            record_authentication(self.request, user, "password", reauthenticated=True)
        # allauth's stages: the second factor if the account has one, then the session.
        return perform_login(self.request, user, redirect_url=self.get_success_url())


def _provider_unreachable(request: HttpRequest, provider_id: str, error: Exception) -> HttpResponse:
    logger.warning("The OpenID provider %s did not answer: %s", provider_id, error)
    messages.error(
        request, _("Your institution’s sign-in service does not answer at the moment. Please try again later.")
    )
    return HttpResponseRedirect(reverse("login"))


@login_not_required
def sign_on_start(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The institution's button: to its sign-in page (allauth: state, PKCE)."""
    try:
        return oidc_views.login(request, provider_id)
    except requests.RequestException as error:
        return _provider_unreachable(request, provider_id, error)


@login_not_required
def sign_on_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Back from the institution: allauth checks state, code, and the ID token."""
    try:
        return oidc_views.callback(request, provider_id)
    except requests.RequestException as error:
        return _provider_unreachable(request, provider_id, error)


@login_not_required
def account_inactive(request: HttpRequest) -> HttpResponse:
    """Where a sign-in of an inactive account ends: an account made by a first
    single sign-on awaits operations, who have been told; another is deactivated."""
    pk = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=pk).only("pending_since", "first_name", "username").first() if pk else None
    return render(
        request, "registration/account_inactive.html", {"pending": user and user.pending_since, "person": user}
    )


def _end_session_url(request: HttpRequest, provider_id: str) -> str | None:
    """The provider's end_session_endpoint (RP-initiated logout), if it offers one."""
    config = provider_config(provider_id)
    if config is None:
        return None
    key = f"labsite:oidc:end-session:{provider_id}"
    endpoint = cache.get(key)
    if endpoint is None:
        try:
            endpoint = OpenIDConnectOAuth2Adapter(request, provider_id).openid_config.get("end_session_endpoint") or ""
        except Exception as error:  # noqa: BLE001 - the local session ends whatever the provider says
            logger.warning("Could not read the discovery document of %s: %s", provider_id, error)
            return None
        cache.set(key, endpoint, DISCOVERY_CACHE_SECONDS)
    if not endpoint:
        return None
    # The provider sends the browser back to the site's home (which asks to sign in):
    # SITE_URL + "/" is the post-logout redirect URI to register with the provider.
    query = {"client_id": config["client_id"], "post_logout_redirect_uri": settings.SITE_URL + "/"}
    return f"{endpoint}?{urlencode(query)}"


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the local session and, after a single sign-on, the provider's session
    where it offers RP-initiated logout (the person confirms there)."""
    provider_id = request.session.get(SIGNED_IN_WITH, "")
    end_session = _end_session_url(request, provider_id) if provider_id != "password" else None
    logout(request)
    return HttpResponseRedirect(end_session or reverse(settings.LOGOUT_REDIRECT_URL))
