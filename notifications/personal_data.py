"""The section of a person's data export (core.personal_data) held by
notifications/: their calendar feeds, never the token or its hash."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, register
from notifications.models import CalendarFeed
from people.models import User


@register("calendar_feeds", title=_("Your calendar addresses"), covers=("notifications.CalendarFeed.user",))
def calendar_feeds(user: User) -> list[Row]:
    return [
        dict(row)
        for row in CalendarFeed.objects.filter(user=user)
        .order_by("created_at", "pk")
        .values("created_at", "last_used_at", "revoked_at")
    ]
