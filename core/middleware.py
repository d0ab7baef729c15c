import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation

from core.logging import request_id_from, request_id_var, user_id_var
from core.models import SecurityEvent
from core.security import REFUSAL_LOGGED, security_log

SESSION_START_KEY = "labsite_signed_in_at"
REQUEST_ID_HEADER = "X-Request-ID"

request_logger = logging.getLogger("labsite.request")


def view_name(request: HttpRequest) -> str:
    """The URL name the request resolved to (``people:hostposition-detail``), a
    bounded set fit for a metric label; ``unresolved`` for a path that matched
    nothing or was answered before resolving (a redirect to https)."""
    match = request.resolver_match
    return "unresolved" if match is None else match.view_name


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestIdMiddleware:
    """First of all: gives the request an id (the proxy's ``X-Request-ID`` if it
    is a sane token, else a new one), returns it as ``X-Request-ID``, keeps it
    for every log line written while serving (and for the tasks published, see
    ``core.taskevents``), and writes one ``labsite.request`` line at the end:
    method, view, status and duration (not the path, which may hold a token)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request_token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            user_id_var.set(_user_id(request))
            view = view_name(request)
            request_logger.info(
                "%s %s %s",
                request.method,
                view,
                response.status_code,
                extra={
                    "view": view,
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            user_id_var.reset(user_token)
            request_id_var.reset(request_token)

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        # Authentication has run by now: the lines the view writes carry the user.
        user_id_var.set(_user_id(request))


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


def use_language_of(user: Any, request: HttpRequest) -> None:
    """Answer ``request`` in the language of ``user``'s profile, if they chose
    one (else the request's own: its cookie, then ``Accept-Language``)."""
    if user.is_authenticated and user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class UserLanguageMiddleware:
    """A signed-in user reads the site in the language of their profile. (An
    API client signing each request with a token is known only once the API
    has authenticated it: ``core.api.authentication``.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        use_language_of(request.user, request)
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
