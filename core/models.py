"""Rows every app relies on: the email outbox, the security log, the audit trail,
the read log.

The security log, the audit trail and the read log are append-only, enforced by
PostgreSQL (migration ``0005_append_only_logs``): no UPDATE, DELETE or TRUNCATE
from the site's database role, except the purge's DELETE of security events and
reads past their retention (``core.retention``). Their people are kept with
PROTECT: an account is deactivated, not deleted, and its history stays."""

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    """One email to send, written in the same transaction as the change that causes it.

    ``key`` names the email (``"password-reset:42:…"``); its uniqueness is what
    makes queueing the same email twice impossible.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=255, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # Placeholder in the bodies → kind of secret the sender makes in its place
    # (core.outbox): the secret itself is never stored.
    secrets = models.JSONField(_("secrets"), default=dict, blank=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="email_pending_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @staticmethod
    def message_id_for(key: str) -> str:
        """Deterministic, so a resend after a crash carries the same Message-ID."""
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"<{digest}@{host or 'labsite'}>"


class SecurityEvent(models.Model):
    """Sign-in attempts and authorisation refusals: who, what, when (UTC), from where."""

    class Kind(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("sign-in succeeded")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGGED_OUT = "logged_out", _("signed out")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        FORBIDDEN = "forbidden", _("refused (403)")
        NOT_VISIBLE = "not_visible", _("refused (404)")
        UNAUTHENTICATED = "unauthenticated", _("refused (not signed in)")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        SESSION_EXPIRED = "session_expired", _("session expired")
        RATE_LIMITED = "rate_limited", _("too many requests")
        SIGN_ON_ACCOUNT = "sign_on_account", _("account made by single sign-on")
        SIGN_ON_LINKED = "sign_on_linked", _("account linked to single sign-on")
        SIGN_ON_REFUSED = "sign_on_refused", _("single sign-on refused")
        MFA_FAILED = "mfa_failed", _("second factor failed")
        MFA_CHANGED = "mfa_changed", _("second factor changed")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class AuditEvent(models.Model):
    """One change to one object: append-only, written by the service that made it."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    action = models.CharField(_("action"), max_length=64)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)


class ReadLog(models.Model):
    """One read of something the site logs reads of: a confidential project or
    innovation opened (page or API), or any export. Who, what, when, where from.

    The object is named by its model's label and id, not by a content type, so
    that writing the row costs one INSERT and nothing else."""

    class Surface(models.TextChoices):
        PAGE = "page", _("page")
        API = "api", _("API")
        EXPORT = "export", _("export")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    surface = models.CharField(_("surface"), max_length=10, choices=Surface.choices)
    # app_label.model of the record read, or the name of the exported file.
    object_type = models.CharField(_("object or file"), max_length=100)
    object_id = models.CharField(_("id"), max_length=64, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("read")
        verbose_name_plural = _("read log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.surface} {self.object_type} {self.object_id} {self.username}"


class SavedFilter(models.Model):
    """The search, filters and tab a person last showed a list with (core.filters):
    the list opened again from the navigation comes back with them. Personal data
    (a search may name someone): in the person's export, gone when their account
    is deactivated or deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    list_name = models.CharField(_("list"), max_length=50)
    # The list's query string, without its page (``q=…&status=…``).
    query = models.TextField(_("filters"))
    updated_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved filters")
        verbose_name_plural = _("saved filters")
        constraints = [models.UniqueConstraint(fields=["user", "list_name"], name="core_savedfilter_one_per_list")]

    def __str__(self) -> str:
        return f"{self.list_name}?{self.query}"
