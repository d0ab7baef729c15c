from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Mail, logs and audit")

    def ready(self) -> None:
        # Connect the sign-in log and the Celery signals.
        from core import (  # noqa: F401
            personal_data,
            signals,
            taskevents,
        )
        from core.attachments import connect_file_cleanup

        connect_file_cleanup()
