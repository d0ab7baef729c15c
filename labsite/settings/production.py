"""Production settings: every secret and address comes from the environment,
and a missing one stops the process at start-up."""

from django.core.exceptions import ImproperlyConfigured

from labsite.settings import env
from labsite.settings.base import *  # noqa: F403

DEBUG = env.boolean("DEBUG", False)
SECRET_KEY = env.require("SECRET_KEY")
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", "")
if not ALLOWED_HOSTS:
    env.require("ALLOWED_HOSTS")
DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        env.require("DATABASE_URL"), conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
postgres_options(DATABASES["default"])  # noqa: F405
REDIS_URL = env.require("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
MAILERS = {"default": env.mailer(env.require("EMAIL_URL"))}
DEFAULT_FROM_EMAIL = env.require("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.require("SITE_URL").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
# Probes and scrapes from the machine itself reach the application over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True

# Single sign-on over https only: a provider's discovery, keys and tokens travel
# between servers, and allauth trusts an ID token fetched straight from the
# provider's token endpoint (docs/identity.md).
for _provider in OIDC_PROVIDERS:  # noqa: F405
    if not _provider["issuer"].startswith("https://"):
        raise ImproperlyConfigured(f"OIDC_PROVIDERS: the issuer of {_provider['id']!r} must be an https URL.")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
