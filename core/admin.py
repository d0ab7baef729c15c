from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, Email, ReadLog, SecurityEvent
from core.outbox import email_retry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs and the outbox are written by the site, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "language"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    # The bodies hold placeholders, never secrets (core.outbox); the HTML says nothing more than the text.
    exclude = ["body_html", "secrets"]

    @admin.action(description=_("Send the selected failed emails again"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Email]) -> None:
        failed = list(queryset.filter(status=Email.Status.FAILED))
        for email in failed:
            email_retry(email=email)
        messages.success(request, _("%(count)d email(s) queued again.") % {"count": len(failed)})

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.view_email")


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip_address", "method", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address", "path"]
    date_hierarchy = "at"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "on_behalf_of", "content_type", "object_id", "action"]
    list_filter = ["content_type", "action"]
    search_fields = ["object_id", "actor__username", "comment"]
    date_hierarchy = "at"


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "surface", "username", "object_type", "object_id", "detail", "path"]
    list_filter = ["surface", "object_type"]
    search_fields = ["username", "object_type", "object_id", "path"]
    date_hierarchy = "at"
