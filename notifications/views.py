"""Unsubscribing from the digest from the email itself, without signing in."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from notifications.jobs import unsubscribe_user
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
