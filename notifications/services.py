"""Changes to a person's calendar feed: creating (or renewing) it, revoking it,
and noting each reading.

The token is returned once, to be shown once; only its SHA-256 is kept.
"""

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.audit import audit_log
from notifications.models import CalendarFeed
from people.models import User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: User, by: User) -> str:
    """Give ``user`` a new calendar feed, revoking the one they had (a renewal):
    returns the new feed's token, which nothing keeps."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one renewal at a time per person
    renewed = _revoke(user, by=by)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    audit_log(actor=by, obj=feed, action="renewed" if renewed else "created", changes={"user": [None, user.pk]})
    return token


@transaction.atomic
def calendar_feed_revoke(*, user: User, by: User) -> bool:
    """Revoke ``user``'s calendar feed; False if they had none."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    return _revoke(user, by=by) is not None


def _revoke(user: User, *, by: User | None = None) -> CalendarFeed | None:
    feed = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()
    if feed is None:
        return None
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    if by is not None:
        audit_log(actor=by, obj=feed, action="revoked")
    return feed


def calendar_feed_active(user: User) -> CalendarFeed | None:
    """``user``'s feed that is not revoked, if any."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_of_token(token: str) -> CalendarFeed | None:
    """The feed ``token`` opens, with its owner: None when no feed has it, when it
    is revoked, or when its owner's account is deactivated (one query)."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def calendar_feed_read(*, feed: CalendarFeed, content_hash: str, now: datetime) -> datetime:
    """Note a reading of ``feed`` whose events hash to ``content_hash``: when it
    was last read, and since when it holds what it holds (its Last-Modified),
    which only moves when the events change. One statement; not audited (a
    reading changes nothing that the person decided, as a sign-in's date)."""
    changed_at = feed.content_changed_at if content_hash == feed.content_hash and feed.content_changed_at else now
    CalendarFeed.objects.filter(pk=feed.pk).update(
        last_used_at=now, content_hash=content_hash, content_changed_at=changed_at
    )
    return changed_at
