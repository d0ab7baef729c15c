"""Every change to people and units: atomic, audited."""

import unicodedata
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from core.audit import audit_log, model_update
from core.filters import saved_filters_forget
from core.models import SecurityEvent
from core.outbox import email_queue, email_render, secret_placeholder
from core.ratelimit import ratelimit_hit
from core.security import client_ip, security_log
from people.grants import positions_grants_sync
from people.models import Department, Team, User
from people.roles import PROTECTED_GROUPS, may_change_credentials
from people.tokens import RESET_LINK
from people.workflow import positions_reroute

__all__ = [
    "ACCOUNT_FIELDS",
    "department_save",
    "password_reset_request",
    "team_save",
    "token_issue",
    "user_account_create",
    "user_account_update",
    "user_deactivate",
    "user_password_changed",
    "user_password_set",
    "user_update_profile",
]

# What operations change on an account (the admin), besides its roles and password.
ACCOUNT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "institution",
    "team",
    "department",
    "company",
    "language",
    "digest",
    "is_active",
    # Set by the directory import (people.services.directory).
    "employee_id",
    "pending_since",
)

PROFILE_FIELDS = ("first_name", "last_name", "language", "digest")


@transaction.atomic
def user_update_profile(*, user: User, by: User, **fields: Any) -> User:
    """Change a person's name, language or digest frequency."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    changes = model_update(user, fields, save=False)
    if changes:
        user.save(update_fields=list(changes))
        audit_log(actor=by, obj=user, action="profile_updated", changes=changes)
    return user


def _sessions_end(user: User, *, keep: str | None = None) -> int:
    """Delete the user's sessions but ``keep`` (a session key). Sessions are
    stored signed, not indexed by user: each live one is read."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get(SESSION_KEY) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def _change_label(name: str) -> Any:
    """What changed, in words the person reads in their own language (lazy)."""
    labels = {"password": _("password"), "groups": _("roles"), "is_active": _("whether the account is active")}
    field = User._meta.get_field(name)
    return labels.get(name) or getattr(field, "verbose_name", name)


def _account_change_notify(*, user: User, event_pk: int, changed: Iterable[str], to: str = "") -> None:
    """Tell the person their account was changed by someone else (after commit,
    by the outbox), at ``to`` or their address; the person who did it is not named."""
    address = to or user.email
    if not address:
        return
    email_queue(
        key=f"account-changed:{user.pk}:{event_pk}",
        to=address,
        recipient=user,
        language=user.language,
        template="account_changed",
        context={"recipient": user, "changes": [_change_label(name) for name in changed]},
    )


def _credentials_guard(*, user: User, by: User | None) -> None:
    if by is not None and not may_change_credentials(by, user):
        raise PermissionDenied("Only a superuser changes the credentials of direction and operations accounts.")


def _access_end(user: User) -> None:
    """End every session and API token of ``user``."""
    Token.objects.filter(user=user).delete()
    _sessions_end(user)


@transaction.atomic
def user_password_changed(*, user: User, request: Any = None, by: User | None = None) -> None:
    """After a password change or reset: the user's API tokens and their other
    sessions end (the session of ``request``, if it is theirs, goes on). Set by
    someone else (``by``, in the admin), it must be theirs to set, and the person is told."""
    if by is not None and by.pk != user.pk:
        _credentials_guard(user=user, by=by)
    Token.objects.filter(user=user).delete()
    session = getattr(request, "session", None)
    _sessions_end(user, keep=getattr(session, "session_key", None))
    event = audit_log(actor=by or user, obj=user, action="password_changed")
    security_log(SecurityEvent.Kind.PASSWORD_CHANGED, request=request, user=user)
    if by is not None and by.pk != user.pk:
        _account_change_notify(user=user, event_pk=event.pk, changed=["password"])


@transaction.atomic
def user_password_set(*, user: User, password: str, by: User | None = None, comment: str = "") -> None:
    """Set a password for someone (a superuser from the command line when
    ``by`` is None): their sessions and API tokens end, it is audited and they are told."""
    _credentials_guard(user=user, by=by)
    user.set_password(password)
    user.save(update_fields=["password"])
    _access_end(user)
    event = audit_log(actor=by, obj=user, action="password_set", comment=comment)
    security_log(SecurityEvent.Kind.PASSWORD_CHANGED, user=user, detail=comment)
    _account_change_notify(user=user, event_pk=event.pk, changed=["password"])


@transaction.atomic
def user_account_create(*, user: User, by: User) -> User:
    """Operations create an account (the admin, which has set its password): audited."""
    user.save()
    audit_log(actor=by, obj=user, action="created")
    return user


@transaction.atomic
def user_account_update(
    *, user: User, by: User, fields: dict[str, Any], groups: Iterable[Group] | None = None
) -> dict[str, list[Any]]:
    """Operations change an account (the admin): ``fields`` from ACCOUNT_FIELDS,
    and the roles when ``groups`` is given. The email address and the roles of
    direction and operations accounts are a superuser's to change, and only a
    superuser makes someone direction or operations. Audited; the person is told
    at the address they had. Returns the changes."""
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValueError(f"Not account fields: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    old_email = user.email
    old_groups = set(user.groups.values_list("name", flat=True))
    new_groups = old_groups if groups is None else {group.name for group in groups}
    if fields.get("email", old_email) != old_email or new_groups != old_groups:
        _credentials_guard(user=user, by=by)
    if (new_groups - old_groups) & PROTECTED_GROUPS and not by.is_superuser:
        raise PermissionDenied("Only a superuser makes someone direction or operations.")
    deactivating = user.is_active and fields.get("is_active", True) is False
    changes = model_update(user, fields, save=False)
    if changes:
        user.save(update_fields=list(changes))
    if new_groups != old_groups:
        user.groups.set(list(groups or []))
        user._labsite_groups = frozenset(new_groups)
        changes["groups"] = [sorted(old_groups), sorted(new_groups)]
    if deactivating:
        _access_end(user)
    if "is_active" in changes:
        _heads_reroute(user)
    if changes:
        event = audit_log(actor=by, obj=user, action="account_updated", changes=changes)
        if by.pk != user.pk:
            _account_change_notify(user=user, event_pk=event.pk, changed=changes, to=old_email)
    return changes


def _heads_reroute(user: User) -> None:
    """A head's account (de)activated: their units' submitted requests go to
    direction while it is inactive, back to them once active again."""
    positions_reroute(Q(team__leader_id=user.pk) | Q(department__head_id=user.pk))


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> User:
    """A deactivated account signs in nowhere: its sessions and API tokens are
    deleted (so reactivating it later revives none of them)."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    _heads_reroute(user)
    _access_end(user)
    # What their lists remembered (a search may name someone) is of no use to anyone now.
    saved_filters_forget(user=user)
    audit_log(actor=by, obj=user, action="deactivated")
    return user


def _password_reset_allowed(*, email: str, request: Any) -> bool:
    """Count the request per address (normalised) and per client; both must be within their limits."""
    window = settings.PASSWORD_RESET_LIMIT_WINDOW
    address = unicodedata.normalize("NFKC", email).strip().casefold()
    by_address = ratelimit_hit(
        "password-reset:address", address, limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window=window
    )
    by_client = ratelimit_hit(
        "password-reset:client",
        client_ip(request) or "unknown",
        limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
        window=window,
    )
    for limited, detail in ((by_address, "password reset: per address"), (by_client, "password reset: per client")):
        if not limited:
            security_log(SecurityEvent.Kind.RATE_LIMITED, request=request, detail=detail)
    return by_address and by_client


@transaction.atomic
def password_reset_request(*, email: str, users: list[User], request: Any = None) -> None:
    """Email each of ``users`` (the active accounts of ``email``) a reset link,
    unless the address or the client asked too often. The caller answers the
    same in every case; the email is rendered even when none goes out, so that
    an unknown address takes the same path as a known one. The link's token is
    made when the email is sent (core.outbox), never stored."""
    allowed = _password_reset_allowed(email=email, request=request)
    for user in users or [User(email=email, username="")]:
        token = secret_placeholder()
        context = {"user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk or 0)), "token": token}
        secrets = {token: RESET_LINK}
        if allowed and user.pk is not None:
            email_queue(
                key=f"password-reset:{user.pk}:{token}",
                to=user.email,
                recipient=user,
                language=user.language,
                template="password_reset",
                context=context,
                secrets=secrets,
            )
        else:
            email_render(template="password_reset", context=context, language=user.language, secrets=secrets)


@transaction.atomic
def token_issue(*, user: User, request: Any = None) -> Token:
    token, _created = Token.objects.get_or_create(user=user)
    security_log(SecurityEvent.Kind.TOKEN_ISSUED, request=request, user=user)
    return token


@transaction.atomic
def team_save(*, team: Team, by: User, **fields: Any) -> Team:
    creating = team.pk is None
    changes = model_update(team, fields)
    audit_log(actor=by, obj=team, action="created" if creating else "updated", changes=changes)
    if "leader" in changes and not creating:
        # The new leader decides the team's step (or direction, without one) and
        # sees the team's requests; the former one no longer does.
        positions_reroute(Q(team=team))
        positions_grants_sync(today=timezone.localdate(), where=Q(team=team))
    return team


@transaction.atomic
def department_save(*, department: Department, by: User, **fields: Any) -> Department:
    creating = department.pk is None
    changes = model_update(department, fields)
    audit_log(actor=by, obj=department, action="created" if creating else "updated", changes=changes)
    if "head" in changes and not creating:
        positions_reroute(Q(department=department))
        positions_grants_sync(today=timezone.localdate(), where=Q(department=department))
    return department
