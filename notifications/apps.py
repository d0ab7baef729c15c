from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Reminders and digests")

    def ready(self) -> None:
        from core.metrics import register_collector
        from core.outbox import secret_maker_register
        from notifications import permissions  # noqa: F401  (registers the role rules)
        from notifications.jobs import UNSUBSCRIBE, unsubscribe_token_for
        from notifications.metrics import RunCollector

        register_collector("notifications", RunCollector())
        secret_maker_register(UNSUBSCRIBE, unsubscribe_token_for)
