"""The production settings, for bench/scale.py only: what production requires
from the environment is given here, on loopback, without TLS (no https
redirect), and the URLs add the bench's unfiltered baseline list
(``bench/baseline_urls.py``). Never a deployment's settings."""

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
