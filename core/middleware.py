from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation

from core.models import SecurityEvent
from core.security import REFUSAL_LOGGED, security_log

SESSION_START_KEY = "labsite_signed_in_at"


def mark_session_start(request: HttpRequest) -> None:
    request.session[SESSION_START_KEY] = int(timezone.now().timestamp())


class SessionLifetimeMiddleware:
    """Ends a session 10 hours after sign-in, however active. (The 30-minute idle
    limit is the cookie's age, renewed on every request.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_START_KEY)
            now = int(timezone.now().timestamp())
            if started is None or now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                user = request.user
                logout(request)
                security_log(SecurityEvent.Kind.SESSION_EXPIRED, request=request, user=user)
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user reads the site in the language of their profile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RefusalLogMiddleware:
    """Logs every 403 and every 404 a signed-in user is answered (and every 403
    to anyone): raised by a view, refused by the CSRF check, or answered by the
    API (whose exception handler logs its own refusals first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, REFUSAL_LOGGED, False):
            if response.status_code == 403:
                security_log(SecurityEvent.Kind.FORBIDDEN, request=request, detail=response.reason_phrase)
            elif response.status_code == 404 and request.user.is_authenticated:
                security_log(SecurityEvent.Kind.NOT_VISIBLE, request=request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, PermissionDenied):
            security_log(SecurityEvent.Kind.FORBIDDEN, request=request, detail=str(exception))
        elif isinstance(exception, Http404) and request.user.is_authenticated:
            security_log(SecurityEvent.Kind.NOT_VISIBLE, request=request)
        return None
