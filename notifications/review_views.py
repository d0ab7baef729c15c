"""The access review's page and files, for operations (issue 16)."""

from collections.abc import Iterable
from itertools import chain
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.access import require_permission
from core.audit import read_log
from core.exports import ExportFormat, table_export_response
from core.filters import remembers_filters
from core.models import ReadLog
from core.pagination import CappedPaginator
from notifications import review

PAGE_SIZE = 50
ACCOUNTS_LIMIT = 1000
TABS = {
    "projects": gettext_lazy("Confidential projects"),
    "innovations": gettext_lazy("Confidential innovations"),
    "accounts": gettext_lazy("Unused accounts with access"),
    "delegations": gettext_lazy("Delegations"),
}
REASONS = {
    "direction": gettext_lazy("direction"),
    "operations": gettext_lazy("operations"),
    "administrator": gettext_lazy("administrators"),
    "transfer_office": gettext_lazy("transfer office"),
    "lead": gettext_lazy("leads"),
    "member": gettext_lazy("members"),
}
READERS = gettext_lazy("operations")


def _rows(tab: str, *, today: Any, everyone: review.SeeAll, q: str, recent: bool) -> Any:
    if tab == "innovations":
        return review.confidential_innovations(today=today, everyone=everyone, q=q, recent=recent)
    if tab == "accounts":
        return review.unused_accounts(today=today)
    if tab == "delegations":
        return review.delegations(today=today)
    return review.confidential_projects(today=today, everyone=everyone, q=q, recent=recent)


def _shown(tab: str, rows: Iterable[Any], everyone: review.SeeAll) -> list[Any]:
    if tab == "projects":
        return [review.project_row(project, everyone) for project in rows]
    if tab == "innovations":
        return [review.innovation_row(innovation, everyone) for innovation in rows]
    return list(rows)


@login_required
@require_GET
@remembers_filters("access-review", tabs=("tab",))
def access_review(request: HttpRequest) -> HttpResponse:
    """Who can see the lab's confidential work: operations only (403 saying so).
    ``?tab=`` projects, innovations, accounts or delegations; ``q`` and ``recent``
    filter the first two; ``?format=csv|xlsx``: the tab, every row, as a file."""
    require_permission(request.user, "notifications.view_access_review", who=str(READERS))
    tab = request.GET.get("tab", "projects")
    if tab not in TABS:
        tab = "projects"
    q = request.GET.get("q", "").strip()[:100]
    recent = request.GET.get("recent") == "on"
    today = timezone.localdate()
    everyone = review.see_all()
    rows = _rows(tab, today=today, everyone=everyone, q=q, recent=recent)
    export = request.GET.get("format")
    if export is not None:
        try:
            export_format = ExportFormat(export)
        except ValueError:
            return HttpResponse(
                _("Choose the csv or xlsx format."), status=400, content_type="text/plain; charset=utf-8"
            )
        return _export(request, tab, rows, everyone, export_format, today)
    read_log(request, surface=ReadLog.Surface.PAGE, what="access review")
    # Unused accounts are counted up to a cap (the summary holds their exact number): in
    # a lab where many are, counting them all would read every confidential membership.
    paginator = (
        CappedPaginator(rows, PAGE_SIZE, limit=ACCOUNTS_LIMIT, searched=False)
        if tab == "accounts"
        else Paginator(rows, PAGE_SIZE)
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "tab": tab,
        "tabs": TABS,
        "reasons": REASONS,
        "q": q,
        "recent": recent,
        "page": page,
        "rows": _shown(tab, page, everyone),
        "with_roles": review.unused_with_roles(today=today, everyone=everyone) if tab == "accounts" else [],
        **_summary(today, everyone),
        "recent_days": review.RECENT_DAYS,
        "today": today,
    }
    return render(request, "notifications/access_review.html", context)


SUMMARY_SECONDS = 600


def _summary(today: Any, everyone: review.SeeAll) -> dict[str, Any]:
    """The review's figures, counted at most every ten minutes (a few of them read
    much of the memberships at a large lab), and when they were."""

    def counted() -> tuple[review.Summary, Any]:
        return review.summary(today=today, everyone=everyone), timezone.now()

    figures, counted_at = cache.get_or_set(f"access-review:summary:{today}", counted, SUMMARY_SECONDS)
    return {"summary": figures, "counted_at": counted_at}


def _export(
    request: HttpRequest,
    tab: str,
    rows: Any,
    everyone: review.SeeAll,
    export_format: ExportFormat,
    today: Any,
) -> HttpResponse:
    header, cells = _table(tab, rows, everyone, today)
    return table_export_response(
        request, header, cells, export_format, filename=f"access-review-{tab}-{today}", sheet_title=str(TABS[tab])
    )


def _table(tab: str, rows: Any, everyone: review.SeeAll, today: Any) -> tuple[list[str], Iterable[list[Any]]]:
    if tab in ("projects", "innovations"):
        reasons = [*review.PROJECT_REASONS] if tab == "projects" else [*review.INNOVATION_REASONS]
        header = [_("ID"), _("Name"), _("People who can see it"), *(str(REASONS[r]) for r in reasons)]
        header.append(_("Gained access in the last %(days)s days") % {"days": review.RECENT_DAYS})
        made = review.project_row if tab == "projects" else review.innovation_row
        return header, (
            [
                row.obj.pk,
                row.obj.acronym if tab == "projects" else row.obj.title,
                row.total,
                *(row.by_reason[r] for r in reasons),
                row.gained,
            ]
            for row in (made(obj, everyone) for obj in rows.iterator(chunk_size=2000))
        )
    if tab == "accounts":
        header = [_("Name"), _("Username"), _("Last sign-in"), _("Confidential projects"), _("Sees everything")]
        return header, (
            [
                person.full_name,
                person.username,
                person.last_login,
                person.confidential_projects,
                person.pk in everyone.innovations,
            ]
            for person in chain(
                rows.iterator(chunk_size=2000), review.unused_with_roles_only(today=today, everyone=everyone)
            )
        )
    header = [_("Delegator"), _("Delegate"), _("From"), _("Until")]
    return header, (
        [delegation.delegator.full_name, delegation.delegate.full_name, delegation.starts_on, delegation.ends_on]
        for delegation in rows
    )
