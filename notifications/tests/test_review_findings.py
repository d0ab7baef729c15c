"""Findings of a hostile review of notifications/: each test failed before its fix."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from people.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["send_digests", "send_reminders"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_day_at_the_calendars_ends_is_refused_not_a_traceback(
    personas: dict[str, User], command: str, day: str, dry_run: bool
) -> None:
    """The jobs look a week back and ninety days ahead: such a ``--today``
    overflowed the date arithmetic (OverflowError) instead of a usage error."""
    with pytest.raises(CommandError, match="out of range"):
        call_command(command, "--today", day, *(["--dry-run"] if dry_run else []))


@pytest.mark.parametrize("token", ["x", "\x00", "a" * 5000, "eyJ1IjoiYSJ9:1:2", "%00"])
def test_an_odd_unsubscribe_token_answers_404(client, personas: dict[str, User], token: str) -> None:
    url = reverse("notifications:unsubscribe", args=["placeholder"]).replace("placeholder", token)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
