"""The permission matrix of notifications/ (notifications/tests/matrix.py): the
unsubscribe link answers whoever holds a genuine token, signed in or not, and
unsubscribes its owner only; a forged token answers 404 and changes nothing.
The access review answers operations only, as a page or a file."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.exports import CONTENT_TYPES, ExportFormat
from core.testing import Check, check_case, matrix
from notifications.jobs import unsubscribe_token
from notifications.models import CalendarFeed
from notifications.services import calendar_feed_create, calendar_feed_revoke
from notifications.tests.matrix import ROWS
from people.models import DigestFrequency, User


@pytest.mark.parametrize("case", matrix(ROWS))
def test_permission_matrix(client: Client, personas: dict[str, User], case: Check) -> None:
    if case.name == "notifications:access-review":
        response = check_case(client, case, personas.get(case.persona), lambda name: name)
        if case.expected == 200:
            exported = (case.data or {}).get("format")
            assert response["Content-Type"].startswith(
                CONTENT_TYPES[ExportFormat(exported)] if exported else "text/html"
            )
        return
    if case.name.startswith("notifications:calendar-feed"):
        check_calendar_case(client, personas, case)
        return
    owner = case.args[0].strip("<>").partition(":")[2]
    owner = {"own": case.persona, "forged": "clinician"}.get(owner, owner)

    def lookup(name: str) -> Any:
        token = unsubscribe_token(personas[owner])
        if name == "token:forged":
            return token[:-1] + ("A" if token[-1] != "A" else "B")
        return token

    response = check_case(client, case, personas.get(case.persona), lookup)
    off = set(User.objects.filter(digest=DigestFrequency.OFF).values_list("username", flat=True))
    if case.expected == 404:
        assert off == set()
    elif case.method == "GET":
        assert owner in response.content.decode()
    else:
        assert off == {owner}


def check_calendar_case(client: Client, personas: dict[str, User], case: Check) -> None:
    """The feed answers the holder of an active feed's address, whoever they are
    (text/calendar); a revoked or forged one answers 404. Renewing and revoking
    act on the signed-in person's own feed, then go back to /me/."""
    owner = case.args[0].strip("<>").partition(":")[2] if case.args else ""
    owner = {"own": case.persona, "forged": "clinician", "revoked": "clinician"}.get(owner, owner)

    def lookup(name: str) -> Any:
        token = calendar_feed_create(user=personas[owner], by=personas[owner])
        if name == "calendar:revoked":
            calendar_feed_revoke(user=personas[owner], by=personas[owner])
        if name == "calendar:forged":
            return token[:-1] + ("A" if token[-1] != "A" else "B")
        return token

    response = check_case(client, case, personas.get(case.persona), lookup)
    if case.name == "notifications:calendar-feed" and case.expected == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert b"BEGIN:VCALENDAR" in response.content
    if case.expected == 302 and case.persona != "anonymous":
        assert response["Location"].startswith(reverse("people:me"))
        active = CalendarFeed.objects.filter(user=personas[case.persona], revoked_at__isnull=True).exists()
        assert active == (case.name == "notifications:calendar-feed-renew")
