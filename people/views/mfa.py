"""The second factor: the code asked between the password and the session,
behind the lockout; and operations' reset of a person's factors.

allauth's own pages (set up, recovery codes, security keys) are routed in
labsite/urls.py; a wrong code there is counted by people.signals."""

from typing import Any

from allauth.account.internal.stagekit import clear_login, get_pending_stage
from allauth.mfa.base import views as allauth_mfa_views
from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_visible_or_404
from core.models import SecurityEvent
from core.security import lockout_response, security_log
from people.roles import may_reset_second_factor
from people.selectors import person_list
from people.services.identity import mfa_reset


class AuthenticateView(allauth_mfa_views.AuthenticateView):
    """allauth's page, offering a security key only to someone who has one."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.stage.login.user
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists():
            context["MFA_SUPPORTED_TYPES"] = [kind for kind in context["MFA_SUPPORTED_TYPES"] if kind != "webauthn"]
        return context


authenticate = AuthenticateView.as_view()


def mfa_authenticate(request: HttpRequest) -> HttpResponse:
    """allauth's page that asks for the code after a right password, refused to
    an account locked out (by wrong passwords or wrong codes alike): the lockout
    page (429), and the pending sign-in is forgotten, so that the right code
    cannot finish it either."""
    stage = get_pending_stage(request)
    username = stage.login.user.username if stage is not None and stage.login.user is not None else ""
    credentials = {"username": username}
    if username and AxesProxyHandler.is_locked(request, credentials=credentials):
        clear_login(request)
        security_log(SecurityEvent.Kind.LOCKED_OUT, request=request, username=username, detail="second factor")
        return lockout_response(request, credentials=credentials)
    response = authenticate(request)
    if getattr(request, "axes_locked_out", False):
        # This wrong code was the last one allowed: django-axes answers with the
        # lockout page (AxesMiddleware), and the half-done sign-in goes.
        clear_login(request)
    return response


@login_required
@require_POST
def person_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Operations remove a person's second factors (a lost phone); the person
    sets one up again at their next sign-in and is told by email."""
    person = get_visible_or_404(person_list(user=request.user), pk=pk)
    if not may_reset_second_factor(request.user, person):
        raise PermissionDenied
    removed = mfa_reset(user=person, by=request.user, request=request)
    if removed:
        messages.success(
            request,
            _("The second factor of %(name)s has been reset; they have been told.") % {"name": person.full_name},
        )
    else:
        messages.info(request, _("%(name)s had no second factor.") % {"name": person.full_name})
    return redirect("people:person-detail", pk=person.pk)
