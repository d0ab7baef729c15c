"""The sections of a person's data export (core.personal_data) held by projects/."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, register
from people.models import User
from projects.models import DataAccessAttachment, DataAccessRequest, Membership, Project
from projects.selectors import project_visible


@register("project_memberships", title=_("Projects you are a member of"), covers=("projects.Membership.user",))
def project_memberships(user: User) -> list[Row]:
    memberships = Membership.objects.filter(user=user).order_by("joined_at", "id")
    return [
        dict(row) for row in memberships.values("project_id", "project__acronym", "project__title", "role", "joined_at")
    ]


@register(
    "data_requests",
    title=_("Data-access requests you made or decided"),
    covers=("projects.DataAccessRequest.requested_by", "projects.DataAccessRequest.decided_by"),
)
def data_requests(user: User) -> list[Row]:
    requests = DataAccessRequest.objects.filter(Q(requested_by=user) | Q(decided_by=user))
    # A project the person no longer sees (they left it, or only decided the
    # request) is named by its number, not its acronym.
    seen = dict(
        Project.objects.filter(project_visible(user), pk__in=requests.values("project_id")).values_list("pk", "acronym")
    )
    rows = []
    for request in requests.order_by("created_at", "id"):
        mine = request.requested_by_id == user.pk
        rows.append(
            {
                "id": request.pk,
                "project": seen.get(request.project_id, request.project_id),
                "requested_by_you": mine,
                "decided_by_you": request.decided_by_id == user.pk,
                "route": request.route,
                "perimeter": request.perimeter if mine else "",
                "categories": request.categories,
                "status": request.status,
                "created_at": request.created_at,
                "decided_at": request.decided_at,
                "expires_on": request.expires_on,
                "reason": request.reason,
            }
        )
    return rows


@register(
    "data_request_attachments",
    title=_("Files you attached to data-access requests"),
    covers=("projects.DataAccessAttachment.uploaded_by",),
)
def data_request_attachments(user: User) -> list[Row]:
    """What each file is and on which request; not its content."""
    rows = DataAccessAttachment.objects.filter(uploaded_by=user).order_by("uploaded_at", "id")
    return [dict(row) for row in rows.values("request_id", "name", "size", "content_type", "uploaded_at")]
