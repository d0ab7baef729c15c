from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Reminders and digests")

    def ready(self) -> None:
        from core.metrics import register_collector
        from notifications.metrics import RunCollector

        register_collector("notifications", RunCollector())
