"""The production settings, for bench/scale.py only: what production requires
from the environment is given here, on loopback, without TLS (no https
redirect), and the URLs add the bench's unfiltered baseline list
(``bench/baseline_urls.py``); static files are served from the checkout
(no collectstatic manifest). Never a deployment's settings."""

import os

_BENCH_ENVIRONMENT = {
    "SECRET_KEY": "bench-scale-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/labsite_scale",
    "REDIS_URL": "redis://127.0.0.1:6379/3",
    "EMAIL_URL": "locmem://",
    "DEFAULT_FROM_EMAIL": "labsite-bench@example.org",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "MFA_REQUIRED": "false",
    "DEBUG": "false",
}
for _name, _value in _BENCH_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

from labsite.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.baseline_urls"
# Static files as they are in the checkout: a deployment's collectstatic manifest
# only changes the names the pages link to, not what rendering them costs.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The personas' sign-ins and refusals (a persona may not see the key figures)
# are the bench's own doing, thousands of times: not worth a line each.
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "labsite.security": {"level": "WARNING"}}}  # noqa: F405
