"""The sections of a person's data export (core.personal_data) held by people/,
and by the libraries whose tables name a person: Django's admin log and
permissions, API tokens, object permissions."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission
from rest_framework.authtoken.models import Token

from core.models import AuditEvent
from core.personal_data import Row, register
from people.models import (
    Chair,
    Decision,
    Delegation,
    Department,
    Position,
    PositionAttachment,
    PositionUserObjectPermission,
    Team,
    User,
)


@register("profile", title=_("Your profile"))
def profile(user: User) -> list[Row]:
    person = (
        User.objects.select_related("team", "department__hospital", "company")
        .prefetch_related("groups")
        .get(pk=user.pk)
    )
    return [
        {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "institution": person.institution,
            "employee_id": person.employee_id,
            "team": person.team.acronym if person.team else None,
            "department": str(person.department) if person.department else None,
            "company": person.company.name if person.company else None,
            "groups": sorted(group.name for group in person.groups.all()),
            "language": person.language,
            "digest": person.digest,
            "active": person.is_active,
            "awaiting_activation_since": person.pending_since,
            "joined": person.date_joined,
            "last_sign_in": person.last_login,
        }
    ]


@register("account_history", title=_("Changes to your account"))
def account_history(user: User) -> list[Row]:
    # Who made a change is left out: it may be someone the person does not see.
    events = AuditEvent.objects.filter(
        content_type__app_label=User._meta.app_label, content_type__model=User._meta.model_name, object_id=str(user.pk)
    )
    return [dict(row) for row in events.order_by("at", "id").values("at", "action", "changes")]


@register("units", title=_("Units you lead"), covers=("people.Team.leader", "people.Department.head"))
def units(user: User) -> list[Row]:
    teams = [{"kind": "team", "name": team.acronym} for team in Team.objects.filter(leader=user).order_by("acronym")]
    departments = [
        {"kind": "department", "name": str(department)}
        for department in Department.objects.filter(head=user).select_related("hospital").order_by("name")
    ]
    return teams + departments


@register("chairs", title=_("Chairs you hold"), covers=("people.Chair.holders",))
def chairs(user: User) -> list[Row]:
    held = Chair.objects.filter(holders=user).order_by("start_date", "id")
    return [dict(row) for row in held.values("title", "start_date", "end_date")]


@register("positions", title=_("Your host positions and secondments"), covers=("people.Position.applicant",))
def positions(user: User) -> list[Row]:
    return [
        {
            "id": position.pk,
            "kind": position.kind,
            "status": position.status,
            "team": position.team.acronym,
            "department": str(position.department),
            "time_share": position.time_share,
            "start_date": position.start_date,
            "end_date": position.end_date,
            "topic": position.topic,
            "justification": position.justification,
            "call": position.call.title if position.call else None,
            "created_at": position.created_at,
            "submitted_at": position.submitted_at,
            "closed_at": position.closed_at,
        }
        for position in Position.objects.filter(applicant=user)
        .select_related("team", "department__hospital", "call")
        .order_by("created_at", "id")
    ]


@register(
    "decisions",
    title=_("Decisions you took, or that were taken on your behalf"),
    covers=("people.Decision.decided_by", "people.Decision.on_behalf_of"),
)
def decisions(user: User) -> list[Row]:
    # The request by its number only: the decider may no longer see it.
    return [
        {
            "request": decision.position_id,
            "step": decision.step,
            "outcome": decision.outcome,
            "decided_at": decision.decided_at,
            "comment": decision.comment,
            "on_your_behalf": decision.decided_by_id != user.pk,
        }
        for decision in Decision.objects.filter(Q(decided_by=user) | Q(on_behalf_of=user)).order_by("decided_at", "id")
    ]


@register(
    "delegations",
    title=_("Delegations you gave or received"),
    covers=("people.Delegation.delegator", "people.Delegation.delegate"),
)
def delegations(user: User) -> list[Row]:
    return [
        {
            "from": delegation.delegator.username,
            "to": delegation.delegate.username,
            "starts_on": delegation.starts_on,
            "ends_on": delegation.ends_on,
            "created_at": delegation.created_at,
        }
        for delegation in Delegation.objects.filter(Q(delegator=user) | Q(delegate=user))
        .select_related("delegator", "delegate")
        .order_by("starts_on", "id")
    ]


@register(
    "object_permissions",
    title=_("Requests you may read or act on"),
    covers=("people.PositionUserObjectPermission.user", "guardian.UserObjectPermission.user"),
)
def object_permissions(user: User) -> list[Row]:
    rows: list[Row] = [
        {"permission": grant["permission__codename"], "object": f"people.position:{grant['content_object_id']}"}
        for grant in PositionUserObjectPermission.objects.filter(user=user)
        .order_by("content_object_id", "permission__codename")
        .values("permission__codename", "content_object_id")
    ]
    rows += [
        {
            "permission": grant["permission__codename"],
            "object": f"{grant['content_type__app_label']}.{grant['content_type__model']}:{grant['object_pk']}",
        }
        for grant in UserObjectPermission.objects.filter(user=user)
        .order_by("content_type_id", "object_pk")
        .values("permission__codename", "content_type__app_label", "content_type__model", "object_pk")
    ]
    return rows


@register("api_tokens", title=_("API tokens"), covers=("authtoken.Token.user",))
def api_tokens(user: User) -> list[Row]:
    # When the token was issued, never its key.
    return [dict(row) for row in Token.objects.filter(user=user).values("created")]


@register("admin_log", title=_("Your changes in the administration"), covers=("admin.LogEntry.user",))
def admin_log(user: User) -> list[Row]:
    return [
        {
            "at": entry.action_time,
            "object": f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id}"
            if entry.content_type
            else entry.object_id,
            "name": entry.object_repr,
            "action": {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}.get(
                entry.action_flag, str(entry.action_flag)
            ),
            "message": entry.get_change_message(),
        }
        for entry in LogEntry.objects.filter(user=user).select_related("content_type").order_by("action_time", "id")
    ]


@register(
    "sign_on",
    title=_("Single sign-on"),
    covers=("socialaccount.SocialAccount.user", "account.EmailAddress.user"),
)
def sign_on(user: User) -> list[Row]:
    """The institutions' accounts linked to this one, and the addresses they asserted
    (never a token: none is kept)."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    accounts = [
        {
            "provider": row["provider"],
            "subject": row["uid"],
            "linked": row["date_joined"],
            "last_sign_in": row["last_login"],
        }
        for row in SocialAccount.objects.filter(user=user)
        .order_by("id")
        .values("provider", "uid", "date_joined", "last_login")
    ]
    addresses = [
        {"email": row["email"], "verified": row["verified"]}
        for row in EmailAddress.objects.filter(user=user).order_by("id").values("email", "verified")
    ]
    return accounts + addresses


@register("second_factor", title=_("Second factor of sign-in"), covers=("mfa.Authenticator.user",))
def second_factor(user: User) -> list[Row]:
    # Which factors and when, never their secrets.
    from allauth.mfa.models import Authenticator

    return [
        dict(row)
        for row in Authenticator.objects.filter(user=user).order_by("id").values("type", "created_at", "last_used_at")
    ]


@register(
    "position_attachments",
    title=_("Files you attached to requests"),
    covers=("people.PositionAttachment.uploaded_by",),
)
def position_attachments(user: User) -> list[Row]:
    """What each file is (its name, size and type) and where; not its content,
    which the request's page downloads for whoever sees the request."""
    rows = PositionAttachment.objects.filter(uploaded_by=user).order_by("uploaded_at", "id")
    return [dict(row) for row in rows.values("position_id", "name", "size", "content_type", "uploaded_at")]
