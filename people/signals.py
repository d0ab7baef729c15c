"""allauth's signals of the second factor, handed to people's services: a
change to a person's factors is audited and logged; a wrong code or key is
logged and counts toward the lockout like a wrong password. And signing in
counts what awaits the person's decision (people.queue). And a change of a
unit's head, or of a head's account, routes the requests it concerns again
(``Position.team_routed``: ``people.workflow.positions_reroute``), whether
it comes through a service, the admin or a test's factory. Connected in
PeopleConfig.ready."""

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

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


def on_unit_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A unit's head may have changed: its submitted requests are routed again
    (one UPDATE of that unit's requests)."""
    if created:
        return
    from people.models import Team
    from people.workflow import positions_reroute

    positions_reroute(Q(team_id=instance.pk) if isinstance(instance, Team) else Q(department_id=instance.pk))


def on_user_saved(sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    """A head's account activated or deactivated: the requests of the units
    they head are routed again (to them, or to direction)."""
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    if getattr(instance, "_loaded_is_active", None) == instance.is_active:
        return
    from people.workflow import positions_reroute

    positions_reroute(Q(team__leader_id=instance.pk) | Q(department__head_id=instance.pk))
    instance._loaded_is_active = instance.is_active


def on_user_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A head's account deleted leaves their units without a head."""
    from people.workflow import positions_reroute

    positions_reroute(Q(team__leader__isnull=True) | Q(department__head__isnull=True))


def connect() -> None:
    from people.models import Department, Team, User

    post_save.connect(on_unit_saved, sender=Team, dispatch_uid="people.reroute_team")
    post_save.connect(on_unit_saved, sender=Department, dispatch_uid="people.reroute_department")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="people.reroute_user")
    post_delete.connect(on_user_deleted, sender=User, dispatch_uid="people.reroute_deleted_user")
    user_logged_in.connect(on_logged_in, dispatch_uid="people.waiting_on_login")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid="people.mfa_added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid="people.mfa_removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid="people.mfa_reset")
    mfa_signals.authentication_failed.connect(on_authentication_failed, dispatch_uid="people.mfa_failed")
