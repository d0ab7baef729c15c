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
