"""What the jobs did, for operations: runs, their chunks, and (in the outbox's
own admin) every email, when it went, to whom, and what failed."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from notifications.models import Chunk, Run


class ChunkInline(admin.TabularInline):
    model = Chunk
    fields = ["index", "status", "recipients", "emails", "attempts", "published_at", "done_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("recipients"))
    def recipients(self, chunk: Chunk) -> int:
        return len(chunk.user_ids)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ["job", "period", "started_at", "finished_at", "user_count", "chunk_count", "pending", "emails"]
    list_filter = ["job"]
    date_hierarchy = "started_at"
    fields = [
        "job",
        "period",
        "today",
        "since",
        "until",
        "started_at",
        "finished_at",
        "user_count",
        "chunk_count",
        "sent_emails",
    ]
    readonly_fields = fields
    inlines = [ChunkInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Run]:
        return (
            super()
            .get_queryset(request)
            .defer("changes")
            .annotate(
                pending_chunks=Count("chunks", filter=Q(chunks__status=Chunk.Status.PENDING)),
                queued=Sum("chunks__emails"),
            )
        )

    @admin.display(description=_("chunks pending"), ordering="pending_chunks")
    def pending(self, run: Run) -> int:
        return run.pending_chunks

    @admin.display(description=_("emails queued"), ordering="queued")
    def emails(self, run: Run) -> int:
        return run.queued or 0

    @admin.display(description=_("emails"))
    def sent_emails(self, run: Run) -> str:
        prefix = "digest" if run.job != "reminders" else "reminder"
        url = reverse("admin:core_email_changelist")
        key = f"{prefix}:{run.job}:{run.period}:" if prefix == "digest" else "reminder:"
        return format_html('<a href="{}?q={}">{}</a>', url, key, _("See the emails in the outbox"))
