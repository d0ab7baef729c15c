"""The second factor, required (people.identity.mfa_required): a person of
direction, operations or a partner company who signed in with a password and
has no authenticator app nor security key yet is kept to setting one up."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from people.identity import SIGNED_IN_WITH, has_second_factor, mfa_required

TOLD = "labsite.second_factor_told"  # session key: the reason was shown once

# What such a person may still reach: the second factor's own pages (allauth's
# ``mfa_*``: set up, recovery codes, security keys), re-entering the password
# they ask for, signing out, the language switch and the operators' probes.
# Static files are served before any view (WhiteNoise).
ALLOWED_VIEWS = frozenset(
    {
        "account_reauthenticate",
        "logout",
        "account_logout",
        "login",
        "account_login",
        "set-language",
        "healthz",
        "readyz",
        "metrics",
    }
)


def second_factor_missing(request: HttpRequest) -> bool:
    """Whether the signed-in person must set up a second factor before anything
    else: a password session (not a single sign-on's) of an account that
    requires one and has no TOTP nor WebAuthn key."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.session.get(SIGNED_IN_WITH) != "password":
        return False
    return mfa_required(user) and not has_second_factor(user)


class SecondFactorRequiredMiddleware:
    """After authentication: every page redirects to the TOTP activation page,
    and the API (called with the session) answers 403 in JSON, until the person
    has a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in ALLOWED_VIEWS or match.view_name.startswith("mfa_"):
            return None
        if not second_factor_missing(request):
            return None
        if "api" in match.namespaces:
            message = _("Your account needs a second factor: set one up on the site (/accounts/2fa/) first.")
            return JsonResponse({"detail": message, "code": "second_factor_required"}, status=403)
        if not request.session.get(TOLD):
            request.session[TOLD] = True
            messages.warning(
                request,
                _(
                    "Your account needs a second factor before anything else: set up an authenticator app "
                    "(or a security key), then keep your recovery codes somewhere safe."
                ),
            )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
