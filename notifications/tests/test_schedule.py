"""When beat starts the jobs, and when a chunk left behind is handed out again:
both come from settings, with the defaults of the README."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from notifications import jobs
from notifications.models import Chunk, Job, Run

ROOT = Path(__file__).resolve().parents[2]
SHOW_SCHEDULE = (
    "from django.conf import settings; s = settings.CELERY_BEAT_SCHEDULE; "
    'print(*(f\'{n} {sorted(s[n]["schedule"].hour)} {sorted(s[n]["schedule"].minute)}\' '
    "for n in ('send-reminders', 'send-digests')), sep='\\n')"
)


def schedule(**environ: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DIGESTS_AT", "REMINDERS_AT")}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW_SCHEDULE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "labsite.settings.test", **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_beat_sends_reminders_at_half_past_six_and_digests_at_seven_by_default():
    result = schedule()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["send-reminders [6] [30]", "send-digests [7] [0]"]


def test_digests_at_and_reminders_at_move_the_schedule():
    result = schedule(DIGESTS_AT="08:15", REMINDERS_AT="23:05")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["send-reminders [23] [5]", "send-digests [8] [15]"]


@pytest.mark.parametrize("value", ["7:00", "24:00", "07:60", "0700", "07:00:00", "seven", "０７:００"])
def test_a_malformed_time_of_day_stops_the_process_with_its_name(value):
    result = schedule(DIGESTS_AT=value)
    assert result.returncode != 0
    assert "DIGESTS_AT" in result.stderr


@pytest.fixture
def chunk(db: None) -> Chunk:
    today = timezone.localdate()
    run = Run.objects.create(
        job=Job.DAILY_DIGEST, period=today.isoformat(), today=today, since=timezone.now(), until=timezone.now()
    )
    return Chunk.objects.create(run=run, index=0, user_ids=[], published_at=timezone.now() - timedelta(seconds=30))


def test_a_chunk_handed_out_30_seconds_ago_waits_for_the_default_two_minutes(chunk, published):
    assert jobs.chunk_grace() == timedelta(minutes=2)
    assert jobs.resume_chunks() == 0
    assert published == []


def test_a_shorter_grace_hands_it_out_again_sooner(chunk, published, settings):
    settings.NOTIFICATIONS_CHUNK_GRACE_SECONDS = 20

    assert jobs.resume_chunks() == 1
    assert published == [("labsite.run_notification_chunk", (chunk.pk,))]
    chunk.refresh_from_db()
    assert chunk.published_at > timezone.now() - timedelta(seconds=5)
