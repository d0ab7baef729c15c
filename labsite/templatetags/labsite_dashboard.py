"""The dashboard's cards that come from the apps: the signed-in user's projects
and milestones, and the lab's key figures for direction and operations
(SPEC §6): requests, projects and innovations, drawn as charts. Each count
goes through the app's selector for the viewer.

At a million projects a card may not count a whole table per page: the
viewer's own cards show their first ``DASHBOARD_ROWS`` rows and a count that
stops at ``DASHBOARD_COUNT_LIMIT`` ("more than 100"), in the same query
(``core.pagination.first_rows``); the lab's key figures, the same for everyone
who sees them (direction and operations see every object: SPEC §3), are
counted once per ``LAB_FIGURES_SECONDS`` under one shared key and say when."""

from datetime import datetime
from typing import Any

from django import template
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pagination import first_rows
from labsite.templatetags.labsite_charts import bar_chart
from people.models import PositionKind, PositionStatus, User
from people.roles import sees_everything
from people.selectors import pending_accounts, position_list
from projects.models import ProjectStatus
from projects.selectors import milestones_due, project_list
from transfer.models import PIPELINE, Stage
from transfer.selectors import innovation_list

register = template.Library()

DASHBOARD_ROWS = 5
DASHBOARD_COUNT_LIMIT = 100
LAB_FIGURES_SECONDS = 10 * 60
# Only ever counted for, and shown to, a viewer who sees every object: the
# figures are the same for all of them, and nobody else reads this key.
LAB_FIGURES_KEY = "labsite:dashboard:lab-figures:sees-everything"


def _counts(queryset: Any, *fields: str) -> dict[Any, int]:
    # The visibility rules filter with subqueries, never a join: a plain count.
    rows = queryset.order_by().values_list(*fields).annotate(n=Count("pk"))
    return {row[:-1] if len(fields) > 1 else row[0]: row[-1] for row in rows}


def _count_lab(user: User) -> dict[str, Any]:
    """What the key figures card and the accounts card show, as plain numbers
    (no translated label: the cache serves every language)."""
    positions = _counts(position_list(user=user).prefetch_related(None), "kind", "status")
    return {
        "positions": positions,
        "projects": _counts(project_list(user=user).prefetch_related(None), "status"),
        "stages": _counts(innovation_list(user=user), "stage"),
        "pending": pending_accounts().prefetch_related(None).count(),
        "computed_at": timezone.now(),
    }


def count_lab_figures(user: User) -> dict[str, Any]:
    """Count the lab-wide figures as ``user`` (who sees everything) and keep
    them under the shared key: beat does it ahead of the readers
    (``labsite.count_figures``), a reader only if that entry is missing."""
    if not sees_everything(user):
        raise PermissionError("Only someone who sees everything counts the shared figures.")
    figures = _count_lab(user)
    cache.set(LAB_FIGURES_KEY, figures, LAB_FIGURES_SECONDS)
    return figures


def lab_figures(user: User) -> dict[str, Any] | None:
    """The lab-wide figures, for a viewer who sees everything (else ``None``),
    counted at most once per ``LAB_FIGURES_SECONDS``."""
    if not sees_everything(user):
        return None
    figures = cache.get(LAB_FIGURES_KEY)
    return count_lab_figures(user) if figures is None else figures


@register.inclusion_tag("labsite/dashboard_cards.html", takes_context=True)
def project_cards(context: template.Context) -> dict[str, Any]:
    """“My projects” and “Milestones due soon” for the signed-in user."""
    user = context["request"].user
    today = timezone.localdate()
    # The cards show neither methods nor units: none of the list's prefetching.
    mine = project_list(user=user, filters={"mine": True}).prefetch_related(None)
    return {
        "my_projects": first_rows(mine, DASHBOARD_ROWS, limit=DASHBOARD_COUNT_LIMIT),
        "milestones": list(milestones_due(user=user, today=today)[:DASHBOARD_ROWS]),
        "today": today,
    }


@register.inclusion_tag("labsite/dashboard_figures.html", takes_context=True)
def lab_key_figures(context: dict[str, Any]) -> dict[str, Any]:
    figures = context.get("lab_figures")
    if figures is None:
        return {"shown": False}
    positions: dict[tuple[str, str], int] = figures["positions"]
    hosts = {status: n for (kind, status), n in positions.items() if kind == PositionKind.HOST}
    secondments = {status: n for (kind, status), n in positions.items() if kind == PositionKind.SECONDMENT}
    projects: dict[str, int] = figures["projects"]
    stages: dict[str, int] = figures["stages"]
    requests = bar_chart(
        chart_id="dashboard-requests",
        title=_("Requests by status"),
        description=_("Host positions and secondments by status."),
        rows=[
            (status.label, [("host", hosts.get(status.value, 0)), ("secondment", secondments.get(status.value, 0))])
            for status in PositionStatus
        ],
        legend=[("host", _("Host positions")), ("secondment", _("Secondments"))],
    )
    by_status = bar_chart(
        chart_id="dashboard-projects",
        title=_("Projects by status"),
        description=_("Joint research projects by status."),
        rows=[(status.label, [("count", projects.get(status.value, 0))]) for status in ProjectStatus],
    )
    pipeline = bar_chart(
        chart_id="dashboard-innovations",
        title=_("Innovations by stage"),
        description=_("The innovations of the lab at each stage of the transfer pipeline."),
        rows=[
            (stage.label, [(f"stage-{stage.value}", stages.get(stage.value, 0))])
            for stage in (*PIPELINE, Stage.ABANDONED)
        ],
    )
    computed_at: datetime = figures["computed_at"]
    return {
        "shown": True,
        "computed_at": computed_at,
        "charts": [requests, by_status, pipeline],
        "totals": {
            "requests": sum(hosts.values()) + sum(secondments.values()),
            "projects": sum(projects.values()),
            "innovations": sum(stages.values()),
        },
    }
