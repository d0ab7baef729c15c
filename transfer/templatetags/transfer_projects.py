"""The innovations of a project, on the project's page: loaded by its template so
that projects/ (below transfer/) need not import transfer/."""

from typing import Any

from django import template

from transfer.selectors import can_edit_transfer, project_innovations

register = template.Library()


@register.inclusion_tag("transfer/project_innovations.html", takes_context=True)
def linked_innovations(context: template.Context, project: Any) -> dict[str, Any]:
    """The project's innovations the signed-in user sees; the transfer office
    also gets a link to record one."""
    user = context["request"].user
    return {
        "project": project,
        "innovations": list(project_innovations(user=user, project=project)),
        "may_add": can_edit_transfer(user),
    }
