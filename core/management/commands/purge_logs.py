"""``manage.py purge_logs``: what the nightly task does, by hand."""

from typing import Any

from django.core.management.base import BaseCommand

from core.retention import logs_purge


class Command(BaseCommand):
    help = "Delete the security events and reads older than SECURITY_LOG_RETENTION_DAYS (the audit trail stays)."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = logs_purge()
        self.stdout.write(f"{purged['security_events']} security events and {purged['reads']} reads purged.")
