"""A project's audit actions, what its services write, and its history in words."""

from django.db import models
from django.utils.translation import gettext_lazy

from core.history import Describer, date_keys, field_labels
from projects.models import ClinicalDomain, DataAccessRequest, Membership, Milestone, Project, ProjectStatus


class ProjectAction(models.TextChoices):
    CREATED = "created", gettext_lazy("created the project")
    UPDATED = "updated", gettext_lazy("changed the project")
    MEMBER_ADDED = "member_added", gettext_lazy("added a member")
    MEMBER_REMOVED = "member_removed", gettext_lazy("removed a member")
    MEMBER_ROLE_CHANGED = "member_role_changed", gettext_lazy("changed a member’s role")
    MILESTONE_ADDED = "milestone_added", gettext_lazy("added a milestone")
    MILESTONE_DONE = "milestone_done", gettext_lazy("marked a milestone done")
    MILESTONE_UNDONE = "milestone_undone", gettext_lazy("reopened a milestone")
    DATA_REQUEST_CREATED = "data_request_created", gettext_lazy("drafted a data-access request")
    DATA_REQUEST_SUBMITTED = "data_request_submitted", gettext_lazy("submitted a data-access request")
    DATA_REQUEST_APPROVED = "data_request_approved", gettext_lazy("approved a data-access request")
    DATA_REQUEST_REJECTED = "data_request_rejected", gettext_lazy("rejected a data-access request")
    DATA_REQUEST_ATTACHED = "data_request_attached", gettext_lazy("attached a file to a data-access request")
    DATA_REQUEST_DETACHED = "data_request_detached", gettext_lazy("removed a file from a data-access request")


CHANGE_LABELS = {
    "user": gettext_lazy("person"),
    "due": gettext_lazy("due"),
    "request": gettext_lazy("request"),
    "attachment": gettext_lazy("file"),
    "methods": gettext_lazy("digital methods"),
    "role": Membership._meta.get_field("role").verbose_name,
    "route": DataAccessRequest._meta.get_field("route").verbose_name,
}
VALUE_LABELS = {
    **dict(ClinicalDomain.choices),
    **dict(ProjectStatus.choices),
    **dict(Membership.Role.choices),
    **dict(DataAccessRequest.Status.choices),
    **dict(DataAccessRequest.Route.choices),
}

# Any field's value may be one of the project's choices; a data request's
# categories are a list, never a change from one to another; a member is kept
# by username ("user") and named by full name.
PROJECT_HISTORY = Describer(
    actions=dict(ProjectAction.choices),
    labels={**field_labels(Project), **CHANGE_LABELS},
    choices=lambda key: VALUE_LABELS,
    plain_lists=frozenset({"categories"}),
    dates=date_keys(Project, Milestone, DataAccessRequest) | {"due"},
    people=frozenset({"user"}),
)
