"""The shell's pages, which draw on every app: the dashboard (home), and the
transfer key figures, bar charts drawn by the site itself, the figures beside
them, and each figure's data as a file."""

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import IntegerField, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import require_permission
from core.lookups import rows_of_slices
from core.pagination import CappedCount, FirstRows
from labsite.templatetags.labsite_charts import Chart, bar_chart
from labsite.templatetags.labsite_dashboard import DASHBOARD_COUNT_LIMIT, DASHBOARD_ROWS, lab_figures
from people.http import AuthenticatedHttpRequest
from people.models import User
from people.roles import is_approver, is_operations, user_roles
from people.selectors import position_list
from people.workflow import waiting_age
from transfer.exports import Figure, figure_export_response
from transfer.models import Route
from transfer.selectors import EXPIRING_WINDOWS, KeyFigures, key_figures, sees_all_transfer
from transfer.views.common import bad_request, export_format

# The key figures page lists the first agreements expiring (the export has them all),
# and counts its figures once per ten minutes.
KEY_FIGURES_ROWS = 20
KEY_FIGURES_SECONDS = 10 * 60
# Who may read them (transfer.view_keyfigures), as their 403 page says it.
KEY_FIGURES_READERS = gettext_lazy(
    "The key figures are for the lab’s direction, its operations team and its transfer officers."
)

# The dashboard's two cards of requests, told apart in their one query.
AWAITING, MINE = 1, 2


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The signed-in user was read with their roles, permissions and units (people.backends).
    user = request.user
    figures = lab_figures(user)
    context: dict = {"me": user, "roles": user_roles(user), "lab_figures": figures}
    if is_operations(user) and figures is not None:
        context["pending_count"] = figures["pending"]
        context["pending_as_of"] = figures["computed_at"]
    if user.is_lab_staff:
        context |= _position_cards(user)
    return render(request, "labsite/home.html", context)


def _oldest_first(position: Any) -> tuple[bool, Any, int]:
    """``order_by("waiting_since", "pk")`` (PostgreSQL puts nulls last)."""
    return (position.waiting_since is None, position.waiting_since, position.pk)


def _position_cards(user: User) -> dict[str, Any]:
    """“Awaiting my decision” (its first rows and a capped count) and “My
    requests” (the first rows), both through ``position_list``, in one query."""
    now = timezone.now()
    # The cards show no decision: none of the list's prefetching.
    awaiting = position_list(user=user, awaiting_me=True).prefetch_related(None).order_by("waiting_since", "pk")
    mine = position_list(user=user).prefetch_related(None).filter(applicant_id=user.pk).order_by("-created_at", "-pk")
    card = IntegerField()
    rows = rows_of_slices(
        [
            awaiting.annotate(card=Value(AWAITING, card), capped_found=CappedCount(awaiting, DASHBOARD_COUNT_LIMIT))[
                :DASHBOARD_ROWS
            ],
            mine.annotate(card=Value(MINE, card), capped_found=Value(0, card))[:DASHBOARD_ROWS],
        ]
    )
    # A union keeps no order: each card's own, again.
    waiting = sorted((p for p in rows if p.card == AWAITING), key=_oldest_first)
    requests = sorted((p for p in rows if p.card == MINE), key=lambda p: (p.created_at, p.pk), reverse=True)
    found = waiting[0].capped_found if waiting else 0
    return {
        "awaiting": [(p, waiting_age(p, now)) for p in waiting],
        "awaiting_count": FirstRows(waiting, found, DASHBOARD_COUNT_LIMIT),
        # Shown to who decides (a unit's head, direction, operations), and to
        # anyone something awaits (a delegate): never an empty card nobody can use.
        "shows_awaiting": bool(waiting) or is_approver(user),
        "my_requests": requests,
    }


def _charts(figures: KeyFigures) -> dict[str, Chart]:
    stages = bar_chart(
        chart_id="chart-stages",
        title=_("Innovations by stage"),
        description=_("%(total)s innovations, by stage of the pipeline.") % {"total": figures.total},
        rows=[(label, [(f"stage-{stage}", count)]) for stage, label, count in figures.by_stage],
    )
    routes = list(Route)
    per_year = {(year, route): n for year, route, _label, n in figures.transfers}
    transfers = bar_chart(
        chart_id="chart-transfers",
        title=_("Transfers by route and year"),
        description=_("Innovations transferred each year, by transfer route."),
        rows=[
            (str(year), [(route.value, per_year.get((year, route.value), 0)) for route in routes])
            for year in figures.transfer_years
        ],
        legend=[(route.value, route.label) for route in routes],
    )
    expiring = bar_chart(
        chart_id="chart-expiring",
        title=_("Agreements expiring in the next 90 days"),
        description=_("%(count)s agreements expire within 90 days, by how soon.") % {"count": figures.expiring_count},
        rows=[
            (_("in %(start)s–%(end)s days") % {"start": start, "end": end}, [("expiring", count)])
            for (start, end), count in zip(EXPIRING_WINDOWS, figures.expiring_windows, strict=True)
        ],
    )
    deployments = bar_chart(
        chart_id="chart-deployments",
        title=_("Deployments per hospital"),
        description=_("Deployments in each hospital's information systems, live or not."),
        rows=[(short, [("live", live), ("other", total - live)]) for short, _name, total, live in figures.deployments],
        legend=[("live", _("live")), ("other", _("planned, pilot or retired"))],
    )
    return {"stages": stages, "transfers": transfers, "expiring": expiring, "deployments": deployments}


def _transfer_table(figures: KeyFigures) -> list[tuple[int, list[int], int]]:
    per_year = {(year, route): n for year, route, _label, n in figures.transfers}
    table = []
    for year in figures.transfer_years:
        counts = [per_year.get((year, route.value), 0) for route in Route]
        table.append((year, counts, sum(counts)))
    return table


def _key_figures(user: User, today: Any) -> tuple[KeyFigures, datetime | None]:
    """The key figures of the page, and when they were counted: the same for
    everyone who may read them (who sees every transfer record: SPEC §3), so
    counted once per ``KEY_FIGURES_SECONDS`` under one shared key for them."""
    if not sees_all_transfer(user):  # nobody else may read the page; never the shared figures
        return key_figures(user=user, today=today, expiring_rows=KEY_FIGURES_ROWS), None
    cached = cache.get(_key_figures_key(today))
    return count_key_figures(user, today) if cached is None else cached


def _key_figures_key(today: Any) -> str:
    return f"labsite:key-figures:sees-all-transfer:{today.isoformat()}"


def count_key_figures(user: User, today: Any) -> tuple[KeyFigures, datetime]:
    """Count the key figures as ``user`` (who sees every transfer record) and
    keep them under the key shared by their readers: beat does it ahead of them
    (``labsite.count_figures``), a reader only if that entry is missing."""
    if not sees_all_transfer(user):
        raise PermissionError("Only someone who sees every transfer record counts the shared key figures.")
    counted = (key_figures(user=user, today=today, expiring_rows=KEY_FIGURES_ROWS), timezone.now())
    cache.set(_key_figures_key(today), counted, KEY_FIGURES_SECONDS)
    return counted


@login_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_permission(request.user, "transfer.view_keyfigures", who=str(KEY_FIGURES_READERS))
    today = timezone.localdate()
    data, computed_at = _key_figures(request.user, today)
    context = {
        "figures": data,
        "computed_at": computed_at,
        "charts": _charts(data),
        "transfer_table": _transfer_table(data),
        "routes": [route.label for route in Route],
        "today": today,
    }
    return render(request, "labsite/figures.html", context)


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "transfer.view_keyfigures", who=str(KEY_FIGURES_READERS))
    try:
        figure = Figure(request.GET.get("figure", ""))
    except ValueError:
        return bad_request(_("Choose the figure: stages, transfers, expiring or deployments."))
    file_format = export_format(request)
    if file_format is None:
        return bad_request(_("Choose the csv or xlsx format."))
    today = timezone.localdate()
    data = key_figures(user=request.user, today=today)
    return figure_export_response(request, data, figure, file_format, filename=f"transfer-{figure}-{today}")
