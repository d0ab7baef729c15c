"""allauth's signals of the second factor, handed to people's services: a
change to a person's factors is audited and logged; a wrong code or key is
logged and counts toward the lockout like a wrong password. And signing in
counts what awaits the person's decision (people.queue). Connected in
PeopleConfig.ready."""

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in

from people.services.identity import mfa_changed, mfa_failed


def _kind(authenticator: Any) -> str:
    return str(getattr(authenticator, "type", "") or "")


def on_authenticator_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    mfa_changed(user=user, kind=_kind(authenticator), change="added", request=request)


def on_authenticator_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    mfa_changed(user=user, kind=_kind(authenticator), change="removed", request=request)


def on_authenticator_reset(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    # allauth's "reset" is a person renewing their recovery codes; "mfa_reset" is operations' removal.
    mfa_changed(user=user, kind=_kind(authenticator), change="renewed", request=request)


def on_authentication_failed(
    sender: Any, request: Any, user: Any, authenticator: Any = None, reauthentication: bool = False, **kwargs: Any
) -> None:
    mfa_failed(user=user, kind=_kind(authenticator), request=request, reauthentication=reauthentication)


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """What awaits the person, counted once as they sign in: the pages that
    follow show it from the session (people.queue)."""
    if request is not None and hasattr(request, "session"):
        from people.queue import count_waiting, remember_waiting

        remember_waiting(request, count_waiting(user))


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="people.waiting_on_login")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid="people.mfa_added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid="people.mfa_removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid="people.mfa_reset")
    mfa_signals.authentication_failed.connect(on_authentication_failed, dispatch_uid="people.mfa_failed")
