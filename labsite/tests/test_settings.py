"""Settings come from the environment; production refuses to start without its keys."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from labsite.settings import env

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "labsite.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/labsite",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "DEFAULT_FROM_EMAIL": "labsite <labsite@labsite.example.org>",
    "SITE_URL": "https://labsite.example.org",
}


def manage(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "labsite.settings.production", **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_required_variable(missing):
    environ = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", environ=environ)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_the_deployment_check_with_debug_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environ={**PRODUCTION_ENV, "DEBUG": "false"})
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_single_sign_on_provider_over_plain_http():
    provider = '[{"id": "inria", "name": "Inria", "issuer": "%s", "client_id": "c", "client_secret": "s"}]'
    refused = manage("check", environ={**PRODUCTION_ENV, "OIDC_PROVIDERS": provider % "http://idp.example"})
    assert refused.returncode != 0
    assert "the issuer of 'inria' must be an https URL" in refused.stderr
    accepted = manage("check", environ={**PRODUCTION_ENV, "OIDC_PROVIDERS": provider % "https://idp.example"})
    assert accepted.returncode == 0, accepted.stderr


def test_email_url_becomes_a_mailer():
    mailer = env.mailer("smtp+tls://user%40lab:p%2Fss@mail.example.org:587?timeout=5")
    assert mailer == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.org",
            "port": 587,
            "username": "user@lab",
            "password": "p/ss",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 5,
        },
    }
    assert env.mailer("consolemail://")["BACKEND"] == "core.mail.ReadableConsoleBackend"


def test_an_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        env.mailer("carrier-pigeon://loft")


def test_a_malformed_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.boolean("DEBUG", False)


def test_a_time_of_day_is_read_as_hour_and_minute(monkeypatch):
    monkeypatch.setenv("DIGESTS_AT", "06:05")
    assert env.clock("DIGESTS_AT", "07:00") == (6, 5)
    monkeypatch.delenv("DIGESTS_AT")
    assert env.clock("DIGESTS_AT", "07:00") == (7, 0)


def test_static_root_comes_from_the_environment():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STATIC_ROOT)",
        environ={**PRODUCTION_ENV, "STATIC_ROOT": "/srv/labsite/static"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/srv/labsite/static"


def test_behind_a_transaction_pooler_no_server_side_cursor_is_opened():
    show = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d.get('DISABLE_SERVER_SIDE_CURSORS', False), d['CONN_MAX_AGE'], d['OPTIONS'].get('prepare_threshold'))"
    )
    direct = manage(
        "shell", "--no-imports", "-c", show, environ={**PRODUCTION_ENV, "DATABASE_TRANSACTION_POOLER": "false"}
    )
    assert direct.stdout.split() == ["False", "60", "None"], direct.stderr
    pooled = manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        environ={**PRODUCTION_ENV, "DATABASE_TRANSACTION_POOLER": "true", "DATABASE_CONN_MAX_AGE": "0"},
    )
    assert pooled.stdout.split() == ["True", "0", "None"], pooled.stderr
