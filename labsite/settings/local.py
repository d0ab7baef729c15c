"""Settings for `make run` on a developer's machine: SQLite by default, emails
on the console, a fixed key that is useless anywhere else."""

from labsite.settings import env
from labsite.settings.base import *  # noqa: F403

DEBUG = env.boolean("DEBUG", True)
SECRET_KEY = env.string("SECRET_KEY", "labsite-local-development-key-not-for-production")
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
DEMO_PASSWORD = env.string("DEMO_PASSWORD", "labsite-demo")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo's accounts sign in with their password alone (MFA_REQUIRED=true asks
# direction, operations and partners for a second factor, as in production).
MFA_REQUIRED = env.boolean("MFA_REQUIRED", False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
