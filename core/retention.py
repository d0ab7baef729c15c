"""The purge of the security log and the read log: rows older than
``SECURITY_LOG_RETENTION_DAYS`` (12 months by default) are deleted, and nothing else.

PostgreSQL refuses every UPDATE, DELETE and TRUNCATE of these two tables and of
the audit trail (migration ``core.0005_append_only_logs``). It lets one kind of
DELETE through, the purge's: of a security event or a read older than the cutoff
that the purge sets for its own transaction only (``labsite.purge_before``, as
SET LOCAL does), and older than ``RETENTION_FLOOR_DAYS`` by the database's clock
whatever the cutoff says, so that code which sets the variable itself still
cannot erase the last month. The audit trail is never purged.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from core.models import ReadLog, SecurityEvent

logger = logging.getLogger("labsite.security")

# The database lets no row younger than this go, whatever the purge asks (the
# triggers of core.0005_append_only_logs hold the same number).
RETENTION_FLOOR_DAYS = 30
PURGE_BEFORE = "labsite.purge_before"


def retention() -> timedelta:
    days = int(settings.SECURITY_LOG_RETENTION_DAYS)
    if days < RETENTION_FLOOR_DAYS:
        raise ImproperlyConfigured(
            f"SECURITY_LOG_RETENTION_DAYS is {days}: the database keeps security events "
            f"and reads {RETENTION_FLOOR_DAYS} days at least."
        )
    return timedelta(days=days)


@transaction.atomic
def logs_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the security events and reads older than the retention; return how
    many of each. Run again, it finds nothing more to delete."""
    cutoff = (now or timezone.now()) - retention()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Transaction-local (the third argument): gone at commit or rollback.
            cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_BEFORE, cutoff.isoformat()])
    security_events, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    reads, _ = ReadLog.objects.filter(at__lt=cutoff).delete()
    logger.info("purged security_events=%s reads=%s before=%s", security_events, reads, cutoff.isoformat())
    return {"security_events": security_events, "reads": reads}
