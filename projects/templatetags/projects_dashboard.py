"""The dashboard's project cards, loaded by the home page's template so that
people/ (which renders it) need not import projects/."""

from typing import Any

from django import template
from django.utils import timezone

from projects.selectors import milestones_due, project_list

register = template.Library()

DASHBOARD_ROWS = 5


@register.inclusion_tag("projects/dashboard_cards.html", takes_context=True)
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
