"""Settings for the test suite: PostgreSQL and Redis, as in production."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from labsite.settings import env
from labsite.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "labsite-test-key-with-enough-length-and-variety-0123456789"  # nosec B105  # the test suite only
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEMO_PASSWORD = "labsite-demo"  # nosec B105  # the public demo password, tests only
DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        env.string("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/labsite"),
        conn_max_age=0,
    )
}
postgres_options(DATABASES["default"])  # noqa: F405
# Hashing is made cheap so that hundreds of sign-ins stay fast; a test checks
# that the real settings use Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Attachments go to a directory of this run's own, removed at its end (a test
# that checks files uses the ``settings`` fixture's MEDIA_ROOT of its own).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="labsite-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_BROKER_URL = env.string("REDIS_URL", "redis://127.0.0.1:6379/15")
# Rate-limit counters live in that Redis, which the processes of a parallel run
# share: each process counts, and clears before every test, only its own.
RATELIMIT_KEY_PREFIX = f"labsite:ratelimit:{os.environ.get('PYTEST_XDIST_WORKER', 'main')}:"
# One test process is one web process: a local cache, cleared before every test
# (conftest.py) without a database access (the site's is in the database: base.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off for the suite at large, as under `make run`; the tests of the second factor
# switch it on (labsite/tests/test_mfa.py).
MFA_REQUIRED = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Outbox tests (labsite/tests/test_celery.py) ------------------------------------
# They start a real Celery worker with these settings and their own SMTP server
# (aiosmtpd) on a free port, given as an EMAIL_URL: smtp://127.0.0.1:PORT?timeout=5.
if env.string("TEST_EMAIL_URL", ""):
    MAILERS = {"default": env.mailer(env.string("TEST_EMAIL_URL", ""))}
