"""The dashboard's cards that come from the apps: the signed-in user's projects
and milestones, and the lab's key figures for direction and operations
(SPEC §6): requests, projects and innovations, drawn as charts. Each count
goes through the app's selector for the viewer."""

from typing import Any

from django import template
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from labsite.templatetags.labsite_charts import bar_chart
from people.models import PositionKind, PositionStatus
from people.roles import sees_everything
from people.selectors import position_list
from projects.models import ProjectStatus
from projects.selectors import milestones_due, project_list
from transfer.models import PIPELINE, Stage
from transfer.selectors import innovation_list

register = template.Library()

DASHBOARD_ROWS = 5


def _counts(queryset: Any, field: str) -> dict[str, int]:
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))


@register.inclusion_tag("labsite/dashboard_cards.html", takes_context=True)
def project_cards(context: template.Context) -> dict[str, Any]:
    """“My projects” and “Milestones due soon” for the signed-in user."""
    user = context["request"].user
    today = timezone.localdate()
    # The cards show neither methods nor units: none of the list's prefetching.
    mine = project_list(user=user, filters={"mine": True}).prefetch_related(None)
    return {
        "my_projects": list(mine[:DASHBOARD_ROWS]),
        "my_project_count": mine.count(),
        "milestones": list(milestones_due(user=user, today=today)[:DASHBOARD_ROWS]),
        "today": today,
    }


@register.inclusion_tag("labsite/dashboard_figures.html", takes_context=True)
def lab_key_figures(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not sees_everything(user):
        return {"shown": False}
    positions = position_list(user=user)
    hosts = _counts(positions.filter(kind=PositionKind.HOST), "status")
    secondments = _counts(positions.filter(kind=PositionKind.SECONDMENT), "status")
    projects = _counts(project_list(user=user), "status")
    stages = _counts(innovation_list(user=user), "stage")
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
    return {
        "shown": True,
        "charts": [requests, by_status, pipeline],
        "totals": {
            "requests": sum(hosts.values()) + sum(secondments.values()),
            "projects": sum(projects.values()),
            "innovations": sum(stages.values()),
        },
    }
