"""The nightly purge: security events and reads older than
SECURITY_LOG_RETENTION_DAYS go, and nothing else (the audit trail stays, however old)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditEvent, ReadLog, SecurityEvent
from core.retention import logs_purge
from core.tasks import purge_logs

pytestmark = pytest.mark.django_db

# Before the real date, so that the database's own clock (which time-machine does
# not move) finds the old rows past the triggers' 30-day floor too.
NOW = datetime(2026, 6, 1, 3, 37, tzinfo=UTC)


def _rows(ago: timedelta) -> tuple[SecurityEvent, ReadLog, AuditEvent]:
    at = NOW - ago
    return (
        SecurityEvent.objects.create(at=at, kind=SecurityEvent.Kind.LOGIN_FAILED, username="x"),
        ReadLog.objects.create(at=at, surface=ReadLog.Surface.EXPORT, object_type="projects.csv"),
        AuditEvent.objects.create(
            at=at, content_type=ContentType.objects.get_for_model(ContentType), object_id="1", action="created"
        ),
    )


def _left(model: type[SecurityEvent | ReadLog | AuditEvent]) -> set[int]:
    return set(model.objects.values_list("pk", flat=True))


@time_machine.travel(NOW, tick=False)
def test_the_purge_removes_only_security_events_and_reads_past_a_year() -> None:
    _old_event, _old_read, old_audit = _rows(timedelta(days=365, seconds=1))
    kept = [_rows(timedelta(days=365) - timedelta(seconds=1)), _rows(timedelta(days=2))]

    assert logs_purge() == {"security_events": 1, "reads": 1}

    assert _left(SecurityEvent) == {event.pk for event, _read, _audit in kept}
    assert _left(ReadLog) == {read.pk for _event, read, _audit in kept}
    assert _left(AuditEvent) == {old_audit.pk} | {audit.pk for _event, _read, audit in kept}


@time_machine.travel(NOW, tick=False)
def test_the_purge_run_again_deletes_nothing_more() -> None:
    _rows(timedelta(days=400))
    assert logs_purge() == {"security_events": 1, "reads": 1}
    assert logs_purge() == {"security_events": 0, "reads": 0}


@time_machine.travel(NOW, tick=False)
def test_the_retention_is_a_setting(settings) -> None:
    settings.SECURITY_LOG_RETENTION_DAYS = 90
    _rows(timedelta(days=91))
    _rows(timedelta(days=89))
    assert logs_purge() == {"security_events": 1, "reads": 1}
    assert SecurityEvent.objects.get().at == NOW - timedelta(days=89)


def test_a_retention_under_the_databases_floor_is_refused(settings) -> None:
    settings.SECURITY_LOG_RETENTION_DAYS = 7
    with pytest.raises(ImproperlyConfigured):
        logs_purge()


@time_machine.travel(NOW, tick=False)
def test_the_task_and_the_command_purge(capsys: pytest.CaptureFixture[str]) -> None:
    _rows(timedelta(days=500))
    assert purge_logs() == {"security_events": 1, "reads": 1}
    _rows(timedelta(days=500))
    call_command("purge_logs")
    assert "1 security events and 1 reads purged." in capsys.readouterr().out
    assert not SecurityEvent.objects.filter(at__lt=timezone.now() - timedelta(days=365)).exists()


def test_beat_runs_the_purge_every_night(settings) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["purge-old-logs"]["task"] == "labsite.purge_logs"
