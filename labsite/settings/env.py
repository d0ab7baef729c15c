"""Reading settings from the environment.

A production key is read with ``require()``: a missing value stops the process at
start-up with the variable's name, rather than running with a guessed default.
"""

import json
import os
import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def string(name: str, default: str) -> str:
    return os.environ.get(name, default)


def boolean(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}.")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None


def choice(name: str, default: str, choices: list[str]) -> str:
    value = os.environ.get(name, default).strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def csv_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def clock(name: str, default: str) -> tuple[int, int]:
    """A time of day written ``HH:MM`` (24-hour clock), as ``(hour, minute)``."""
    raw = os.environ.get(name) or default
    match = re.fullmatch(r"([01][0-9]|2[0-3]):([0-5][0-9])", raw.strip())
    if match:
        return int(match[1]), int(match[2])
    raise ImproperlyConfigured(f"{name} must be a time of day as HH:MM (e.g. 07:00), not {raw!r}.")


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "core.mail.ReadableConsoleBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}


def mailer(url: str) -> dict[str, Any]:
    """Turn ``EMAIL_URL`` (``smtp://user:password@host:port``, ``smtp+tls://…``,
    ``smtps://…``, ``consolemail://``, ``locmem://``) into a ``MAILERS`` entry."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_BACKENDS:
        known = ", ".join(sorted(EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not one of {known}.")
    options: dict[str, Any] = {}
    if parts.scheme.startswith("smtp"):
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtps",
            "timeout": int(query.get("timeout", "20")),
        }
    return {"BACKEND": EMAIL_BACKENDS[parts.scheme], "OPTIONS": options}


# The claims an OpenID provider is read for, and the names they have unless its
# entry of OIDC_PROVIDERS says otherwise ("claims": {"employee_id": "matricule"}).
OIDC_CLAIMS = {
    "email": "email",
    "email_verified": "email_verified",
    "first_name": "given_name",
    "last_name": "family_name",
    "employee_id": "employee_id",
}
_OIDC_KEYS = {"id", "name", "issuer", "client_id", "client_secret", "scopes", "institution", "domains", "claims"}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def oidc_providers(name: str, institutions: list[str]) -> list[dict[str, Any]]:
    """The OpenID Connect providers of ``name`` (a JSON list, one object per
    provider; docs/identity.md), checked and completed with their defaults.

    A mistake stops the process at start-up with the provider and the key at fault."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON list of providers: {error}.") from None
    return oidc_providers_from(entries, institutions, name=name)


INSTITUTIONS = ["inria", "aphp", "academic", "partner"]


def oidc_providers_from(
    entries: Any, institutions: list[str] = INSTITUTIONS, *, name: str = "OIDC_PROVIDERS"
) -> list[dict[str, Any]]:
    """The providers of a list already read (``oidc_providers``), checked and completed."""
    if not isinstance(entries, list):
        raise ImproperlyConfigured(f"{name} must be a JSON list of providers, not {type(entries).__name__}.")
    providers: list[dict[str, Any]] = []
    for position, entry in enumerate(entries, 1):
        where = f"{name}, provider {position}"
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where} must be a JSON object.")
        if unknown := sorted(set(entry) - _OIDC_KEYS):
            raise ImproperlyConfigured(f"{where}: unknown keys {', '.join(unknown)}.")
        for key in ("id", "name", "issuer", "client_id", "client_secret"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ImproperlyConfigured(f"{where}: {key!r} must be a non-empty string.")
        if not _SLUG.fullmatch(entry["id"]):
            raise ImproperlyConfigured(f"{where}: 'id' must be a slug (a-z, 0-9, -), not {entry['id']!r}.")
        if any(entry["id"] == other["id"] for other in providers):
            raise ImproperlyConfigured(f"{where}: the id {entry['id']!r} is used twice.")
        issuer = urlsplit(entry["issuer"])
        if issuer.scheme not in ("https", "http") or not issuer.hostname:
            raise ImproperlyConfigured(f"{where}: 'issuer' must be an http(s) URL, not {entry['issuer']!r}.")
        institution = entry.get("institution", "")
        if institution and institution not in institutions:
            raise ImproperlyConfigured(f"{where}: 'institution' must be one of {', '.join(institutions)}.")
        scopes = entry.get("scopes", ["openid", "email", "profile"])
        domains = entry.get("domains", [])
        claims = entry.get("claims", {})
        if not (isinstance(scopes, list) and all(isinstance(s, str) for s in scopes) and "openid" in scopes):
            raise ImproperlyConfigured(f"{where}: 'scopes' must be a list of strings holding 'openid'.")
        if not (isinstance(domains, list) and all(isinstance(d, str) and d for d in domains)):
            raise ImproperlyConfigured(f"{where}: 'domains' must be a list of email domains.")
        if domains and not institution:
            raise ImproperlyConfigured(f"{where}: 'domains' activates staff of an institution: set 'institution'.")
        if not (isinstance(claims, dict) and set(claims) <= set(OIDC_CLAIMS)):
            raise ImproperlyConfigured(f"{where}: 'claims' may only name {', '.join(OIDC_CLAIMS)}.")
        providers.append(
            {
                **entry,
                "issuer": entry["issuer"].rstrip("/"),
                "scopes": scopes,
                "institution": institution,
                "domains": [domain.strip().lower().lstrip("@") for domain in domains],
                "claims": OIDC_CLAIMS | claims,
            }
        )
    return providers


def allauth_providers(providers: list[dict[str, Any]]) -> dict[str, Any]:
    """django-allauth's SOCIALACCOUNT_PROVIDERS for these OIDC_PROVIDERS: one
    OpenID Connect app each, PKCE on, the discovery document read from the issuer."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": provider["id"],
                    "name": provider["name"],
                    "client_id": provider["client_id"],
                    "secret": provider["client_secret"],
                    "settings": {"server_url": provider["issuer"], "fetch_userinfo": True, "scope": provider["scopes"]},
                }
                for provider in providers
            ],
        }
    }


def form_action(providers: list[dict[str, Any]]) -> list[str]:
    """The CSP form-action sources: the site, and the providers' origins, where the
    single sign-on buttons and the sign-out are redirected (browsers hold a form's
    redirects to form-action too)."""
    origins = []
    for provider in providers:
        parts = urlsplit(provider["issuer"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return ["'self'", *origins]
