"""Accounts made and linked by single sign-on, their activation by operations,
and the second factor's reset: atomic, audited, emails after commit.

The decisions of a first sign-in (link, create active, create pending) are
people.identity's, which calls these services."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log, model_update
from core.models import SecurityEvent
from core.outbox import email_queue
from core.security import security_log
from people.models import Department, Team, User
from people.roles import GROUPS, Role

__all__ = [
    "SignOn",
    "account_activate",
    "account_linked",
    "account_refuse",
    "mfa_changed",
    "mfa_code_verify",
    "mfa_failed",
    "mfa_reset",
    "sign_on_account_create",
]


@dataclass(frozen=True)
class SignOn:
    """What a provider asserted at a sign-in, read through its entry of OIDC_PROVIDERS."""

    provider: str  # the provider's id
    provider_name: str
    institution: str
    subject: str
    email: str
    email_verified: bool
    first_name: str
    last_name: str
    employee_id: str


def _operations() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=GROUPS[Role.OPERATIONS]).distinct())


def _operations_notify(user: User, sign_on: SignOn) -> None:
    for member in _operations():
        if not member.email:
            continue
        email_queue(
            key=f"account-pending:{user.pk}:{member.pk}",
            to=member.email,
            recipient=member,
            language=member.language,
            template="account_pending",
            context={"recipient": member, "person": user, "provider": sign_on.provider_name},
        )


@transaction.atomic
def sign_on_account_create(*, user: User, sign_on: SignOn, active: bool, request: Any = None) -> User:
    """Save the account a first sign-in made (``user``, not saved yet, with its
    username): no password, no role, no unit. Inactive ("pending") unless
    ``active``; operations are told of a pending one, by email and on their dashboard."""
    user.institution = sign_on.institution or user.institution
    user.first_name, user.last_name = sign_on.first_name[:150], sign_on.last_name[:150]
    user.email = sign_on.email
    if (
        sign_on.employee_id
        and not User.objects.filter(institution=user.institution, employee_id=sign_on.employee_id).exists()
    ):
        user.employee_id = sign_on.employee_id[:40]
    user.set_unusable_password()
    user.is_active = active
    user.pending_since = None if active else timezone.now()
    user.save()
    audit_log(
        actor=user,
        obj=user,
        action="signed_up",
        comment=f"{sign_on.provider_name}: {'active' if active else 'awaiting activation'}",
    )
    security_log(
        SecurityEvent.Kind.SIGN_ON_ACCOUNT,
        request=request,
        user=user,
        detail=f"{sign_on.provider} created ({'active' if active else 'pending'})",
    )
    if not active:
        _operations_notify(user, sign_on)
    return user


@transaction.atomic
def account_linked(*, user: User, sign_on: SignOn, request: Any = None) -> None:
    """Record that an existing account was linked to its provider's subject at a first sign-in."""
    audit_log(actor=user, obj=user, action="sign_on_linked", comment=sign_on.provider_name)
    security_log(SecurityEvent.Kind.SIGN_ON_LINKED, request=request, user=user, detail=sign_on.provider)


@transaction.atomic
def account_activate(*, user: User, by: User, team: Team | None = None, department: Department | None = None) -> User:
    """Operations activate an account awaiting activation and give its unit (a
    team or a department, or none for an academic partner); the person is told."""
    if team is not None and department is not None:
        raise ValueError("One unit at most")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pending_since is None:
        raise ValueError("This account is not awaiting activation")
    fields = {"is_active": True, "pending_since": None, "team": team, "department": department}
    changes = model_update(user, fields, save=False)
    user.save(update_fields=list(fields))
    audit_log(actor=by, obj=user, action="activated", changes=changes)
    if user.email:
        email_queue(
            key=f"account-activated:{user.pk}",
            to=user.email,
            recipient=user,
            language=user.language,
            template="account_activated",
            context={"recipient": user},
        )
    return user


@transaction.atomic
def account_refuse(*, user: User, by: User) -> User:
    """Operations refuse an account awaiting activation: it stays inactive and
    leaves their list (its history stays). Signing in again shows it inactive."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pending_since is None:
        raise ValueError("This account is not awaiting activation")
    User.objects.filter(pk=user.pk).update(pending_since=None)
    user.pending_since = None
    audit_log(actor=by, obj=user, action="refused")
    return user


@transaction.atomic
def mfa_reset(*, user: User, by: User, request: Any = None) -> int:
    """Operations remove a person's second factors (a lost phone): the person
    sets one up again at their next sign-in. Audited, logged, and the person is
    told (after commit). Returns how many factors were removed. The caller
    decides who may (people.roles.may_reset_second_factor)."""
    from allauth.mfa.models import Authenticator

    user = User.objects.select_for_update().get(pk=user.pk)
    kinds = sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    deleted, _per_model = Authenticator.objects.filter(user=user).delete()
    event = audit_log(actor=by, obj=user, action="mfa_reset", changes={"second_factors": [kinds, []]})
    security_log(
        SecurityEvent.Kind.MFA_CHANGED,
        request=request,
        user=user,
        detail=f"reset by {by.username}: {', '.join(kinds) or 'none'}",
    )
    if user.email:
        email_queue(
            key=f"account-changed:{user.pk}:{event.pk}",
            to=user.email,
            recipient=user,
            language=user.language,
            template="account_changed",
            context={
                "recipient": user,
                "changes": [_("second factor of sign-in (removed: set one up again at your next sign-in)")],
            },
        )
    return deleted


@transaction.atomic
def mfa_changed(*, user: User, kind: str, change: str, request: Any = None) -> None:
    """A person added, removed or renewed one of their second factors
    (``kind``: totp, recovery_codes, webauthn; ``change``: added, removed,
    renewed) on allauth's pages: audited and logged (people.signals)."""
    audit_log(actor=user, obj=user, action=f"mfa_{change}", comment=kind)
    security_log(SecurityEvent.Kind.MFA_CHANGED, request=request, user=user, detail=f"{kind} {change}")


@transaction.atomic
def mfa_code_verify(*, user: User, code: str, request: Any = None) -> bool:
    """Whether ``code`` is a current code of ``user``'s authenticator app or
    one of their unused recovery codes (then used up). A wrong one is counted
    as a failure (``mfa_failed``)."""
    from allauth.mfa.models import Authenticator

    kinds = [Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    authenticators = list(Authenticator.objects.select_for_update().filter(user=user, type__in=kinds))
    for authenticator in authenticators:
        if code and authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    main = next((a for a in authenticators if a.type == Authenticator.Type.TOTP), None)
    mfa_failed(user=user, kind=main.type if main else "none", request=request)
    return False


def mfa_failed(*, user: User, kind: str, request: Any = None, reauthentication: bool = False) -> None:
    """A wrong code or key: logged, and counted toward the lockout as a wrong
    password is (django-axes and core.signals receive ``user_login_failed``)."""
    from django.contrib.auth.signals import user_login_failed

    security_log(
        SecurityEvent.Kind.MFA_FAILED,
        request=request,
        user=user,
        detail=f"{kind}{' (reauthentication)' if reauthentication else ''}",
    )
    user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=request)
