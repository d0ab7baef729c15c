"""The rehearsal's fixed names, addresses and sizes."""

import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("REHEARSE_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "labsite_rehearse"
RESTORED = "labsite_rehearse_restored"
HOST = "127.0.0.1"
# What a web instance answers 200 to once it, the database, Redis, a worker and beat are up.
READY_PATH = "/readyz"
PARIS = ZoneInfo("Europe/Paris")
DEMO_PASSWORD = "labsite-demo"  # nosec B105  # the public demo password of the seeded accounts
SEEDED_DOMAIN = "rehearse.example"
# Signed-in pages every staff account may see, fetched in turn by the load.
PAGES = ["/", "/projects/", "/people/", "/host-positions/", "/transfer/"]
LOAD_ACCOUNTS = ["director", "ops", "teamlead", "teamlead2", "researcher", "depthead", "clinician", "transfer"]
# The rehearsal's leases, shortened through the environment: a dead worker's
# chunk is handed out again after 15 s instead of 120 s (the resume job runs every minute).
CHUNK_SIZE = 25
CHUNK_GRACE_SECONDS = 15
WORKER_CONCURRENCY = 2  # processes of each worker's pool
# Variables of labsite that must not leak from the caller's environment into the rehearsal.
LABSITE_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DATABASE_CONN_MAX_AGE",
    "OIDC_PROVIDERS", "PASSWORD_SIGN_IN_OFF_DOMAINS", "MFA_REQUIRED",
    "REDIS_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "SITE_URL", "DEMO_PASSWORD", "REMINDER_AFTER_DAYS",
    "REMINDER_EVERY_DAYS", "CLIENT_IP_HEADER", "OUTBOX_MAX_ATTEMPTS", "OUTBOX_RETRY_BASE_SECONDS",
    "NOTIFICATIONS_CHUNK_SIZE", "NOTIFICATIONS_CHUNK_GRACE_SECONDS", "REMINDERS_AT", "DIGESTS_AT",
    "SECURE_SSL_REDIRECT", "STATIC_ROOT", "CELERY_TASK_ALWAYS_EAGER", "METRICS_TOKEN", "LOG_FORMAT",
    "PROMETHEUS_MULTIPROC_DIR", "HEALTH_WORKER_MAX_AGE", "HEALTH_BEAT_MAX_AGE", "HEALTH_OUTBOX_MAX_AGE",
}  # fmt: skip
