"""The security log: every sign-in attempt and every refusal, in UTC."""

import ipaddress
import logging
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_cool_off_iso8601, get_failure_limit
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.models import SecurityEvent

logger = logging.getLogger("labsite.security")

REFUSALS = frozenset({SecurityEvent.Kind.FORBIDDEN, SecurityEvent.Kind.NOT_VISIBLE, SecurityEvent.Kind.UNAUTHENTICATED})
# Set on a request once its refusal is logged, so that the middleware that logs
# every 403 and 404 response does not log it twice.
REFUSAL_LOGGED = "_labsite_refusal_logged"
LOCKED_OUT_MESSAGE = _("Too many failed sign-ins for this account; try again in 15 minutes.")


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, from CLIENT_IP_HEADER (set by our proxy) or the
    connection. Both the security log and the lockout (AXES_CLIENT_IP_CALLABLE) use it."""
    if request is None:
        return None
    for raw in (request.META.get(settings.CLIENT_IP_HEADER, ""), request.META.get("REMOTE_ADDR", "")):
        # In a list (X-Forwarded-For) the last entry is the one our proxy
        # added; the ones before it come from the client and may be forged.
        candidate = str(raw).split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def security_log(
    kind: SecurityEvent.Kind,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | None = None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    event = SecurityEvent.objects.create(
        kind=kind,
        # The stubs resolve AUTH_USER_MODEL to people.User, which core may not name (layers).
        user=user,  # type: ignore[misc]
        username=(username or getattr(user, "username", ""))[:150],
        ip_address=client_ip(request),
        method=getattr(request, "method", "") or "",
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=str(detail)[:255],
    )
    if kind in REFUSALS and request is not None:
        setattr(request, REFUSAL_LOGGED, True)
    logger.info(
        "%s user=%s ip=%s %s %s %s",
        kind,
        event.username or "-",
        event.ip_address or "-",
        event.method,
        event.path,
        event.detail,
    )
    return event


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): 429,
    in JSON for the API and as a page for the site."""
    match = getattr(request, "resolver_match", None)
    if match is not None and "api" in match.namespaces:
        return JsonResponse({"detail": str(LOCKED_OUT_MESSAGE)}, status=settings.AXES_HTTP_RESPONSE_CODE)
    cool_off = get_cool_off(request)
    # The context django-axes gives its own lockout template.
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_time": get_cool_off_iso8601(cool_off) if cool_off else "",
        "cooloff_timedelta": cool_off,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
