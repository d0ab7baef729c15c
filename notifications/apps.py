from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Reminders and digests")

    def ready(self) -> None:
        from core.metrics import register_collector
        from core.outbox import secret_maker_register
        from core.sections import register_section
        from notifications import (
            permissions,  # noqa: F401  (registers the role rules)
            personal_data,  # noqa: F401  (registers its section of the export)
        )
        from notifications.jobs import UNSUBSCRIBE, unsubscribe_token_for
        from notifications.metrics import RunCollector
        from notifications.views import calendar_feed_section

        register_collector("notifications", RunCollector())
        register_section(
            "people:me", template="notifications/calendar_feed_section.html", context=calendar_feed_section
        )
        secret_maker_register(UNSUBSCRIBE, unsubscribe_token_for)
