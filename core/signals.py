"""Sign-in events into the security log: one row per attempt."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.models import SecurityEvent
from core.security import security_log


@receiver(user_logged_in, dispatch_uid="core.log_login")
def log_login(sender: Any, request: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
    if request is not None:
        # The absolute session lifetime counts from here.
        from core.middleware import mark_session_start

        mark_session_start(request)
    security_log(SecurityEvent.Kind.LOGIN_SUCCEEDED, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="core.log_login_failed")
def log_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """django-axes' receiver runs first (its app is installed before core): it
    counts the failure, or, for an account already locked out, refuses the
    attempt without counting it (``axes_failures_since_start`` stays None)."""
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))
    request = getattr(request, "_request", request)
    locked = getattr(request, "axes_locked_out", False)
    counted = getattr(request, "axes_failures_since_start", None) is not None
    if locked and not counted:
        security_log(SecurityEvent.Kind.LOCKED_OUT, request=request, username=username)
    else:
        detail = "lockout started" if locked else ""
        security_log(SecurityEvent.Kind.LOGIN_FAILED, request=request, username=username, detail=detail)


@receiver(user_logged_out, dispatch_uid="core.log_logout")
def log_logout(sender: Any, request: Any, user: AbstractBaseUser | None, **kwargs: Any) -> None:
    if user is not None:
        security_log(SecurityEvent.Kind.LOGGED_OUT, request=request, user=user)
