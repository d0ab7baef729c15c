"""Sign-in events into the security log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.models import SecurityEvent
from core.security import security_log


@receiver(user_logged_in, dispatch_uid="core.log_login")
def log_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        # The absolute session lifetime counts from here.
        from core.middleware import mark_session_start

        mark_session_start(request)
    security_log(SecurityEvent.Kind.LOGIN_SUCCEEDED, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="core.log_login_failed")
def log_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))
    request = getattr(request, "_request", request)
    locked = getattr(request, "axes_locked_out", False)
    kind = SecurityEvent.Kind.LOCKED_OUT if locked else SecurityEvent.Kind.LOGIN_FAILED
    security_log(kind, request=request, username=username)


@receiver(user_logged_out, dispatch_uid="core.log_logout")
def log_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_log(SecurityEvent.Kind.LOGGED_OUT, request=request, user=user)


@receiver(user_locked_out, dispatch_uid="core.log_locked_out")
def log_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    security_log(SecurityEvent.Kind.LOCKED_OUT, request=getattr(request, "_request", request), username=username, detail="lockout started")
