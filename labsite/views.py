"""The shell's pages, which draw on every app: the dashboard (home), and the
transfer key figures, bar charts drawn by the site itself, the figures beside
them, and each figure's data as a file."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import require_permission
from labsite.templatetags.labsite_charts import Chart, bar_chart
from labsite.templatetags.labsite_dashboard import DASHBOARD_ROWS
from people.models import User
from people.roles import is_operations, user_roles
from people.selectors import pending_accounts, position_list
from people.workflow import waiting_age
from transfer.exports import Figure, figure_export_response
from transfer.models import Route
from transfer.selectors import KeyFigures, key_figures
from transfer.views.common import bad_request, export_format


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = User.objects.select_related("team__leader", "department__hospital", "department__head", "company").get(
        pk=request.user.pk
    )
    context: dict = {"me": user, "roles": user_roles(user)}
    if is_operations(user):
        context["pending_count"] = pending_accounts().count()
    if user.is_lab_staff:
        now = timezone.now()
        awaiting = position_list(user=request.user, awaiting_me=True).order_by("waiting_since", "pk")
        context |= {
            "awaiting_count": awaiting.count(),
            "awaiting": [(p, waiting_age(p, now)) for p in awaiting[:DASHBOARD_ROWS]],
            "my_requests": position_list(user=request.user).filter(applicant_id=user.pk)[:DASHBOARD_ROWS],
        }
    return render(request, "labsite/home.html", context)


def _charts(figures: KeyFigures, today: Any) -> dict[str, Chart]:
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
    windows = [(0, 30), (31, 60), (61, 90)]
    expiring = bar_chart(
        chart_id="chart-expiring",
        title=_("Agreements expiring in the next 90 days"),
        description=_("%(count)s agreements expire within 90 days, by how soon.") % {"count": len(figures.expiring)},
        rows=[
            (
                _("in %(start)s–%(end)s days") % {"start": start, "end": end},
                [("expiring", sum(1 for a in figures.expiring if start <= (a.expires_on - today).days <= end))],
            )
            for start, end in windows
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


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "transfer.view_keyfigures")
    today = timezone.localdate()
    data = key_figures(user=request.user, today=today)
    context = {
        "figures": data,
        "charts": _charts(data, today),
        "transfer_table": _transfer_table(data),
        "routes": [route.label for route in Route],
        "today": today,
    }
    return render(request, "labsite/figures.html", context)


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "transfer.view_keyfigures")
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
