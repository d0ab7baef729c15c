"""Settings shared by every environment. Values that differ come from the
environment (see README, "Configuration"); local.py, test.py and production.py
only adjust what differs."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from labsite.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env.boolean("DEBUG", False)

INSTALLED_APPS = [
    "labsite.admin_site.LabAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The search documents' field and index (core.search).
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    # Single sign-on (OpenID Connect) and the second factor; labsite's own views
    # sign in with a password (people/views/signin.py) and hand over to allauth's
    # login stages, so that the second factor is asked whatever the way in.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "core",
    "people",
    "projects",
    "transfer",
    "notifications",
    "labsite",
]

MIDDLEWARE = [
    # First: every response, redirects to https included, carries its request id and is measured.
    "core.middleware.RequestIdMiddleware",
    "core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A password sign-in of an account that must have a second factor and has
    # none yet reaches only the pages that set one up (people.identity.mfa_required).
    "people.middleware.SecondFactorRequiredMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.RefusalLogMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "labsite.urls"
WSGI_APPLICATION = "labsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "people.queue.waiting_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.string("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A PostgreSQL that does not answer fails a connection within this many seconds
# (libpq waits indefinitely by default): requests and /readyz answer rather than hang.
DATABASE_CONNECT_TIMEOUT = env.integer("DATABASE_CONNECT_TIMEOUT", 5)
# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction), a
# connection belongs to a process for one transaction only: nothing may outlive
# it on the server, so no server-side cursors (``QuerySet.iterator()`` keeps one
# open across transactions otherwise). Django already turns psycopg's prepared
# statements off; labsite's own session-level state is transaction-scoped
# (``pg_advisory_xact_lock``, ``set_config(…, true)``). docs/performance.md,
# "PostgreSQL in production".
DATABASE_TRANSACTION_POOLER = env.boolean("DATABASE_TRANSACTION_POOLER", False)


def postgres_options(database: dict[str, Any]) -> None:
    """What every PostgreSQL connection of the site gets, whichever settings built it."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    database.setdefault("OPTIONS", {}).setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    if DATABASE_TRANSACTION_POOLER:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True


postgres_options(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s SQLite file is written at once by the web server, the worker's
    # processes and beat: each transaction takes the write lock when it starts
    # (a deferred one that turns into a writer fails at once with "database is
    # locked"), waits up to 20 s for it, and readers never block the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and signing in ---------------------------------------------------

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user of each request with their
    # roles and permissions in one query.
    "people.backends.UserBackend",
    # Object permissions: the role rules of each app, then django-guardian's grants.
    "core.rules.RuleBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
# Password-reset requests counted in Redis per address and per client address
# over a window of PASSWORD_RESET_LIMIT_WINDOW seconds; past a limit no email
# goes out, and the page answers as always.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.integer("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.integer("PASSWORD_RESET_LIMIT_PER_CLIENT", 10)
PASSWORD_RESET_LIMIT_WINDOW = env.integer("PASSWORD_RESET_LIMIT_WINDOW", 60 * 60)

# Sessions end after 30 minutes without a request (the cookie's age is renewed
# on every request) and 10 hours after signing in, whatever the activity.
# Django's database sessions, renewed in one UPDATE (core.sessions).
SESSION_ENGINE = "core.sessions"
# Sessions opened before a backend was renamed name the old one: they stay signed in.
AUTHENTICATION_BACKENDS_RENAMED = {"django.contrib.auth.backends.ModelBackend": "people.backends.UserBackend"}
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIFETIME = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Keyed on the username and the address together: five failures lock that
# account from that address (even with the right password afterwards), while
# other people behind the same hospital NAT address can still sign in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
# Fifteen minutes from the failure that locked the account: attempts made during
# the lockout are refused without restarting it (django-axes' default restarts it).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The API answers its lockout in JSON; the pages render AXES_LOCKOUT_TEMPLATE.
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# The address the lockout counts by: the same as the security log's (CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

# Internationalisation --------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "labsite_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static files, served by the site itself (WhiteNoise): no asset from another host.

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Attachments (the only uploaded files): kept through the storage API under a
# random name, in a private directory that no URL serves (no MEDIA_URL route):
# they are downloaded through views that apply their request's visibility. An
# S3-compatible store instead: ATTACHMENTS_STORAGE=storages.backends.s3.S3Storage
# (django-storages and boto3 installed) with the ATTACHMENTS_S3_* settings.
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / "private" / "media")))
# Django's default: no prefix, and no URL routes it (None breaks the test server's
# file handlers, which parse it as a URL).
MEDIA_URL = ""
ATTACHMENTS_STORAGE = env.string("ATTACHMENTS_STORAGE", "django.core.files.storage.FileSystemStorage")
ATTACHMENTS_STORAGE_OPTIONS: dict[str, Any] = {}
if ATTACHMENTS_STORAGE != "django.core.files.storage.FileSystemStorage":
    ATTACHMENTS_STORAGE_OPTIONS = {
        "bucket_name": env.string("ATTACHMENTS_S3_BUCKET", ""),
        "endpoint_url": env.string("ATTACHMENTS_S3_ENDPOINT_URL", "") or None,
        "region_name": env.string("ATTACHMENTS_S3_REGION", "") or None,
        "access_key": env.string("ATTACHMENTS_S3_ACCESS_KEY_ID", ""),
        "secret_key": env.string("ATTACHMENTS_S3_SECRET_ACCESS_KEY", ""),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
STORAGES = {
    "default": {"BACKEND": ATTACHMENTS_STORAGE, "OPTIONS": ATTACHMENTS_STORAGE_OPTIONS},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# A form's fields (an attachment's 10 MB are checked by core.attachments, and
# by nginx's client_max_body_size); a file past 2.5 MB is spooled to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Security headers ------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Email -------------------------------------------------------------------------

MAILERS = {"default": env.mailer(env.string("EMAIL_URL", "consolemail://"))}
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "labsite <labsite@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Transient SMTP failures are retried this many times, with exponential backoff.
OUTBOX_MAX_ATTEMPTS = env.integer("OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_RETRY_BASE_SECONDS = env.integer("OUTBOX_RETRY_BASE_SECONDS", 60)

# Identity: single sign-on and the second factor (docs/identity.md) ------------

# The OpenID Connect providers, from a JSON list (labsite.settings.env.oidc_providers).
OIDC_PROVIDERS = env.oidc_providers("OIDC_PROVIDERS", env.INSTITUTIONS)
# Accounts of these email domains sign in by single sign-on only: the password
# form refuses them and no reset link is sent to them.
PASSWORD_SIGN_IN_OFF_DOMAINS = [
    domain.lower().lstrip("@") for domain in env.csv_list("PASSWORD_SIGN_IN_OFF_DOMAINS", "")
]
# A second factor for direction, operations and partner accounts signing in
# with a password (people.identity.mfa_required); off under `make run` (local.py).
MFA_REQUIRED = env.boolean("MFA_REQUIRED", True)

# Shared by every web process: allauth keeps there the second-factor codes already
# used (a code is good once, whichever process sees it again) and its rate limits.
# In the database, so that signing in never depends on Redis; its table is made by
# core's migration 0007 (manage.py createcachetable).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "labsite_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

ACCOUNT_ADAPTER = "people.identity.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "people.identity.SocialAccountAdapter"
MFA_ADAPTER = "people.identity.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# Two accounts may share an address (a person of both institutions): accounts are
# keyed on (provider, subject), and allauth must not send a clash to its signup form.
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_EMAIL_NOTIFICATIONS = False
# The lockout is django-axes' (AXES_*), counted the same for a password and a code.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
# A first sign-in creates the account at once (inactive unless its domain is
# allowed); linking to an existing account is people.identity's decision alone.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in button posts, with its CSRF token
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_PROVIDERS = env.allauth_providers(OIDC_PROVIDERS)
SECURE_CSP["form-action"] = env.form_action(OIDC_PROVIDERS)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "labsite"
MFA_TRUST_ENABLED = False
# WebAuthn needs https, or http on localhost under `make run` (local.py).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False

# Celery ------------------------------------------------------------------------

REDIS_URL = env.string("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request publishes with a bounded wait and no retry: if Redis is down the
# request goes on and the outbox sweeper sends the email once Redis is back.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Far above the longest task (CELERY_TASK_TIME_LIMIT), so that an
    # unacknowledged task is not handed to a second worker while the first runs.
    "visibility_timeout": 6 * 60 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 0,
}
CELERY_TASK_ALWAYS_EAGER = env.boolean("CELERY_TASK_ALWAYS_EAGER", False)
# When beat starts the reminder and digest jobs each day, HH:MM in TIME_ZONE (Europe/Paris).
REMINDERS_AT = env.clock("REMINDERS_AT", "06:30")
DIGESTS_AT = env.clock("DIGESTS_AT", "07:00")
# The weekly digests go out with the daily ones on this day of the week (0 is Monday).
WEEKLY_DIGEST_WEEKDAY = 0
# The dashboard's lab-wide figures and the key figures, kept ten minutes in the
# cache, are counted again this often by beat, so that no reader waits on them.
FIGURES_EVERY_SECONDS = 5 * 60
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "labsite.sweep_outbox", "schedule": 60.0},
    "sync-delegation-grants": {
        "task": "labsite.sync_delegation_grants",
        "schedule": crontab(minute=1, hour=0),
    },
    "send-reminders": {
        "task": "labsite.send_reminders",
        "schedule": crontab(minute=REMINDERS_AT[1], hour=REMINDERS_AT[0]),
    },
    "send-digests": {"task": "labsite.send_digests", "schedule": crontab(minute=DIGESTS_AT[1], hour=DIGESTS_AT[0])},
    "resume-notification-chunks": {"task": "labsite.resume_notification_chunks", "schedule": 60.0},
    "purge-expired-sessions": {
        "task": "labsite.purge_sessions",
        "schedule": crontab(minute=17, hour=3),
    },
    "purge-old-logs": {"task": "labsite.purge_logs", "schedule": crontab(minute=37, hour=3)},
    "count-figures": {"task": "labsite.count_figures", "schedule": float(FIGURES_EVERY_SECONDS)},
    # The access review to operations: the first run of each quarter sends it (notifications.review).
    "send-access-review": {"task": "labsite.send_access_review", "schedule": crontab(minute=15, hour=7)},
}

# Beat records its ticks for /readyz (core.liveness), and ticks every minute at least.
CELERY_BEAT_SCHEDULER = "core.liveness.BeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60

REMINDER_AFTER_DAYS = env.integer("REMINDER_AFTER_DAYS", 3)
REMINDER_EVERY_DAYS = env.integer("REMINDER_EVERY_DAYS", 3)
# Recipients per chunk of the reminder and digest jobs (one task, one transaction each).
NOTIFICATIONS_CHUNK_SIZE = env.integer("NOTIFICATIONS_CHUNK_SIZE", 100)
# A chunk handed to a worker this many seconds ago and still pending (its worker
# died, or Redis lost the message) is handed out again by the resume job (every
# minute). Longer than a chunk takes to compose, so a live worker is not doubled.
NOTIFICATIONS_CHUNK_GRACE_SECONDS = env.integer("NOTIFICATIONS_CHUNK_GRACE_SECONDS", 120)

# Security events and the read log (who opened a confidential record, who
# exported what) are kept this many days, then purged every night (core/retention.py);
# 30 at least, the database refusing to let younger rows go. The audit trail is kept for good.
SECURITY_LOG_RETENTION_DAYS = env.integer("SECURITY_LOG_RETENTION_DAYS", 365)

# Health and metrics (core/health.py, core/metrics.py) -------------------------

# /readyz fails when no worker heartbeat, no beat tick is this recent (seconds),
# or when an email has waited this long in the outbox.
HEALTH_WORKER_MAX_AGE = env.integer("HEALTH_WORKER_MAX_AGE", 120)
HEALTH_BEAT_MAX_AGE = env.integer("HEALTH_BEAT_MAX_AGE", 120)
HEALTH_OUTBOX_MAX_AGE = env.integer("HEALTH_OUTBOX_MAX_AGE", 30 * 60)
# /metrics answers a direct connection from this machine, and whoever sends this bearer token.
METRICS_TOKEN = env.string("METRICS_TOKEN", "")

# API -------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: an unauthenticated request then answers 401 with
    # ``WWW-Authenticate: Token`` (the first class names the challenge) rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RulePermissions"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "labsite API",
    "DESCRIPTION": "The intranet of the Inria and AP-HP joint laboratory.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    # No badge fetched from the public validator: nothing comes from another host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets named apart from the others behind fields of the same name
    # (``kind``, ``status``, ``route``), and a stage named once for ``stage`` and ``expected``.
    "ENUM_NAME_OVERRIDES": {
        "PositionKindEnum": "people.models.positions.PositionKind",
        "PositionStatusEnum": "people.models.positions.PositionStatus",
        "ProjectStatusEnum": "projects.models.ProjectStatus",
        "InnovationKindEnum": "transfer.models.Kind",
        "InnovationRouteEnum": "transfer.models.Route",
        # The name it had before innovations had a route too.
        "RouteEnum": "projects.models.DataAccessRequest.Route",
        "StageEnum": "transfer.models.Stage",
        "AgreementKindEnum": "transfer.models.Agreement.Kind",
        "DeploymentStatusEnum": "transfer.models.Deployment.Status",
    },
    # The base viewsets' docstrings are for who writes a viewset: never an operation's description.
    "GET_LIB_DOC_EXCLUDES": "core.api.schema.doc_excludes",
    # The library's hook (enums named once), then the paging errors every paginated list answers.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.paging_errors",
    ],
}

# Logging: one line per event, times in UTC. -----------------------------------
# LOG_FORMAT=json: one JSON object a line, with a line per request and per task
# (labsite.request, labsite.task), each carrying its request id (core/logging.py).

LOG_FORMAT = env.choice("LOG_FORMAT", "text", ["text", "json"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logging.RequestContextFilter"}},
    "formatters": {
        "utc": {
            "()": "core.logging.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "core.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "utc",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # A failing readiness check is told in /readyz's answer: no traceback at each probe.
        "health_check": {"level": "ERROR"},
        # The text format leaves request lines to the server's access log, as before.
        "labsite.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        "labsite.task": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}
CLIENT_IP_HEADER = env.string("CLIENT_IP_HEADER", "REMOTE_ADDR")
