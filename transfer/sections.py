"""What transfer adds to the pages of the apps below it (core.sections),
registered in TransferConfig.ready."""

from typing import Any

from django.http import HttpRequest

from transfer.selectors import can_edit_transfer, project_innovations


def project_innovations_section(request: HttpRequest, project: Any) -> dict[str, Any]:
    """On a project's page, the project's innovations the signed-in user sees;
    the transfer office also gets a link to record one."""
    user = request.user
    return {
        "project": project,
        "innovations": list(project_innovations(user=user, project=project)),
        "may_add": can_edit_transfer(user),
    }
