"""The security log: every sign-in attempt and every refusal, in UTC."""

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from core.models import SecurityEvent

logger = logging.getLogger("labsite.security")


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    raw = request.META.get(settings.CLIENT_IP_HEADER, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For lists the client first, then each proxy.
    return raw.split(",")[0].strip() or None


def security_log(
    kind: SecurityEvent.Kind,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        ip_address=client_ip(request),
        method=getattr(request, "method", "") or "",
        path=(request.get_full_path() if request is not None else "")[:500],
        detail=str(detail)[:255],
    )
    logger.info(
        "%s user=%s ip=%s %s %s %s",
        kind, event.username or "-", event.ip_address or "-", event.method, event.path, event.detail,
    )
    return event
