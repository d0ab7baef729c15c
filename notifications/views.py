"""Unsubscribing from the digest from the email itself, and reading one's
calendar feed, without signing in; creating, renewing and revoking the feed
from /me/."""

import hashlib
from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.calendar import CONTENT_TYPE, absolute, calendar_bytes
from core.ratelimit import ratelimit_hit
from notifications.calendar import feed_events, feed_name
from notifications.jobs import unsubscribe_user
from notifications.services import (
    calendar_feed_active,
    calendar_feed_create,
    calendar_feed_of_token,
    calendar_feed_read,
    calendar_feed_revoke,
)
from people.http import AuthenticatedHttpRequest
from people.models import DigestFrequency, User
from people.services import user_update_profile


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail client's link preview must not unsubscribe anyone);
    POST stops the digest. A bad or expired token: 404 with a way forward."""
    person = unsubscribe_user(token)
    if person is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    done = False
    if request.method == "POST":
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=person.pk)
            user_update_profile(user=locked, by=locked, digest=DigestFrequency.OFF)
        person.digest = DigestFrequency.OFF
        done = True
    response = render(request, "notifications/unsubscribe.html", {"person": person, "done": done})
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return response


# The calendar feed ------------------------------------------------------------------

FEED_RATE_LIMIT = 60  # readings per token
FEED_RATE_WINDOW = 3600  # seconds
FRESH_TOKEN = "notifications:calendar-token"  # nosec B105  # the session key of a token to show once, not a secret
FIXED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)  # what the content's hash is taken with


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's calendar feed (notifications.calendar), read by a calendar
    client without signing in: the token in the address says whose. An unknown
    or revoked token, or a deactivated account: the same 404. Cacheable: an
    ETag (the body's hash) and a Last-Modified (when what it holds last
    changed), answered 304 when the client has them."""
    if not ratelimit_hit("calendar-feed", token, limit=FEED_RATE_LIMIT, window=FEED_RATE_WINDOW):
        response = HttpResponse(_("Too many readings of this calendar: try again later."), status=429)
        response["Retry-After"] = str(FEED_RATE_WINDOW)
        return response
    feed = calendar_feed_of_token(token)
    if feed is None:
        raise Http404
    now = timezone.now().replace(microsecond=0)
    events = feed_events(feed.user, timezone.localdate())
    name = feed_name(feed.user)
    content_hash = hashlib.sha256(calendar_bytes(events, name=name, stamp=FIXED_STAMP)).hexdigest()
    changed_at = calendar_feed_read(feed=feed, content_hash=content_hash, now=now)
    body = calendar_bytes(events, name=name, stamp=changed_at)
    etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="labsite.ics"'
    response = (
        get_conditional_response(request, etag=etag, last_modified=int(changed_at.timestamp()), response=response)
        or response
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_feed_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create the signed-in person's feed, or renew it (the old address stops
    answering); its address is shown once, on /me/."""
    token = calendar_feed_create(user=request.user, by=request.user)
    request.session[FRESH_TOKEN] = token
    messages.success(request, _("Your calendar address is ready: copy it now, it will not be shown again."))
    return redirect(reverse("people:me") + "#calendar-feed")


@login_required
@require_POST
def calendar_feed_revoke_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Revoke the signed-in person's feed: its address answers 404 from now on."""
    if calendar_feed_revoke(user=request.user, by=request.user):
        messages.success(request, _("Your calendar address is revoked."))
    return redirect(reverse("people:me") + "#calendar-feed")


def calendar_feed_section(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The calendar feed's section of /me/ (core.sections): the address just
    created, once, or whether a feed is active, since when and last read when."""
    user = request.user
    if not isinstance(user, User):
        return None
    token = request.session.pop(FRESH_TOKEN, None)
    return {
        "feed": calendar_feed_active(user),
        "feed_url": absolute(reverse("notifications:calendar-feed", args=[token])) if token else "",
    }
