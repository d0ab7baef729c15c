"""``/api/projects/`` (with their members and milestones) and
``/api/data-requests/`` (SPEC §6).

What a user sees is ``projects.selectors.project_list`` (and
``data_request_list``): anything else is a 404, whatever the method. Who may
change a project (its leads, direction, operations) is asked before the body is
read, so a refusal (403) never depends on the input; the services check it
again, and answer the state (409) and the rules (400).

A list costs a constant number of queries however long the page.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.access import get_visible_or_404
from core.api.attachments import AttachmentUploadSerializer
from core.api.permissions import RulePermissions
from core.api.schema import Errors, access_schemas, crud_schema, operation, record_action, sub_collection
from core.api.viewsets import CreatableRecordViewSet, EditableRecordViewSet, parsed
from people.models import User
from people.roles import sees_everything
from projects import services
from projects.access import who_sees, why_visible
from projects.api.serializers import (
    DataRequestApproveSerializer,
    DataRequestAttachmentSerializer,
    DataRequestFilterSerializer,
    DataRequestRejectSerializer,
    DataRequestSerializer,
    DataRequestWriteSerializer,
    MemberSerializer,
    MemberWriteSerializer,
    MilestoneDoneSerializer,
    MilestoneSerializer,
    MilestoneWriteSerializer,
    MyAccessSerializer,
    ProjectDetailSerializer,
    ProjectFilterSerializer,
    ProjectSerializer,
    ProjectWriteSerializer,
    ViewerSerializer,
)
from projects.models import DataAccessRequest, Project
from projects.selectors import (
    can_manage,
    data_request_list,
    member_list,
    project_detail_queryset,
    project_list,
    with_leads,
)

ERRORS = Errors(forbidden="You see this project but may not do this.")


class ObjectActionPermissions(RulePermissions):
    """Reads need the ``view`` permission, as everywhere. A write on an object
    (PATCH, a POST or DELETE on its members, milestones or workflow) is checked
    by the view and the services instead: ``RulePermissions`` would read a
    POST as ``add`` and a DELETE as ``delete``. ``get_object()`` looking the
    object up among those the user sees (404) comes first in any case."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in ("POST", "PATCH", "DELETE"):
            return True
        return super().has_object_permission(request, view, obj)


def _require_manager(user: User, project: Project) -> None:
    if not can_manage(user, project):
        raise PermissionDenied(_("Only the project's leads, direction and operations change it."))


@crud_schema(
    ERRORS,
    rows=ProjectSerializer,
    read=ProjectDetailSerializer,
    filters=ProjectFilterSerializer,
    write=ProjectWriteSerializer,
    list=(
        "The projects you see",
        "Paginated. Non-confidential projects for all staff, confidential ones for their members; "
        "partners see the projects they are members of; direction and operations see all. "
        "`q` searches acronyms, titles, summaries and methods (French and English, accents ignored, the last "
        "word also as a prefix), best first; past 1,000 matches `count` stops at 1,000 and `count_capped` is true.",
    ),
    create=("Create a project", "Staff only (a partner is refused, 403). You become its first lead."),
    retrieve=("One project", "With its members, milestones and history."),
    partial_update=("Edit a project", "Its leads, direction and operations."),
    members=sub_collection(
        ERRORS,
        read=MemberSerializer,
        write=MemberWriteSerializer,
        listed=("The project's members", "Leads first. Whoever sees the project."),
        added=("Add a member", "Its leads, direction and operations. `role` is `member` (default) or `lead`."),
    ),
    member=operation(
        ("Remove a member", "Its leads, direction and operations. The last lead cannot be removed (400)."),
        request=None,
        responses={204: None, **ERRORS(400, 403, 404)},
    ),
    milestones=sub_collection(
        ERRORS,
        read=MilestoneSerializer,
        write=MilestoneWriteSerializer,
        listed=("The project's milestones", "By due date. Whoever sees the project."),
        added=("Add a milestone", "Its leads, direction and operations."),
    ),
    **access_schemas(
        ERRORS,
        noun="project",
        managers="those who manage it (its leads, direction and operations)",
        reasons=MyAccessSerializer,
        viewers=ViewerSerializer,
    ),
    milestone=operation(
        (
            "Mark a milestone done or not done",
            "Its project's leads, direction and operations. `done: true` records today's date.",
        ),
        request=MilestoneDoneSerializer,
        responses={200: MilestoneSerializer, **ERRORS(400, 403, 404)},
    ),
)
class ProjectViewSet(EditableRecordViewSet):
    queryset = Project.objects.none()
    serializer_class = ProjectDetailSerializer
    list_serializer_class = ProjectSerializer
    filter_serializer_class = ProjectFilterSerializer
    write_serializer_class = ProjectWriteSerializer
    permission_classes = [ObjectActionPermissions]
    # DELETE removes a member.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def listed(self, filters: dict[str, Any]) -> QuerySet[Project]:
        if self.action == "list":
            q = filters.pop("q", "")
            return with_leads(project_list(user=self.request.user, q=q, filters=filters))
        if self.action == "retrieve":
            return self.represented_queryset()
        return project_list(user=self.request.user)

    def logs_read(self, project: Project) -> bool:
        return project.confidential

    def represented_queryset(self) -> QuerySet[Project]:
        return with_leads(project_detail_queryset(user=self.request.user))

    def authorize_change(self, project: Project) -> None:
        _require_manager(self.request.user, project)

    def write(self, project: Project | None, fields: dict[str, Any]) -> Project:
        if project is None:
            return services.project_create(by=self.request.user, **fields)
        return services.project_update(project=project, by=self.request.user, **fields)

    # Members ----------------------------------------------------------------

    @action(detail=True, methods=["get", "post"], url_path="members", url_name="members")
    def members(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        if request.method == "GET":
            return self.page(member_list(project=project), MemberSerializer)
        self.authorize_change(project)
        membership = services.member_add(project=project, by=request.user, **self.body(MemberWriteSerializer))
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["delete"], url_path=r"members/(?P<username>[^/]+)", url_name="member")
    def member(self, request: Request, pk: str | None = None, username: str = "") -> Response:
        project = self.get_object()
        self.authorize_change(project)
        membership = project.memberships.select_related("user").filter(user__username=username).first()
        if membership is None:
            raise Http404
        services.member_remove(project=project, by=request.user, user=membership.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Access -------------------------------------------------------------------

    @action(detail=True, methods=["get"], url_path="access/me", url_name="access-me")
    def access_me(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        return Response(MyAccessSerializer({"reasons": why_visible(request.user, project)}).data)

    @action(detail=True, methods=["get"], url_path="access", url_name="access")
    def access(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        self.authorize_change(project)
        return self.page(who_sees(project), ViewerSerializer)

    # Milestones ---------------------------------------------------------------

    @action(detail=True, methods=["get", "post"], url_path="milestones", url_name="milestones")
    def milestones(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        if request.method == "GET":
            return self.page(project.milestones.all(), MilestoneSerializer)
        self.authorize_change(project)
        milestone = services.milestone_create(project=project, by=request.user, **self.body(MilestoneWriteSerializer))
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["patch"], url_path=r"milestones/(?P<milestone_id>[0-9]+)", url_name="milestone")
    def milestone(self, request: Request, pk: str | None = None, milestone_id: str = "") -> Response:
        project = self.get_object()
        milestone = project.milestones.filter(pk=int(milestone_id)).first()
        if milestone is None:
            raise Http404
        self.authorize_change(project)
        fields = self.body(MilestoneDoneSerializer)
        milestone = services.milestone_set_done(milestone=milestone, by=request.user, **fields)
        return Response(MilestoneSerializer(milestone).data)


@crud_schema(
    ERRORS,
    read=DataRequestSerializer,
    filters=DataRequestFilterSerializer,
    write=DataRequestWriteSerializer,
    list=("The data-access requests you see", "Paginated, newest first: those of the projects you see."),
    create=(
        "Draft a data-access request",
        "For a project you lead (direction and operations: any). Created as a `draft`. "
        "An `internal` study names its `department`; `categories` are drawn from the list.",
    ),
    retrieve="One data-access request",
    submit=record_action(
        ERRORS,
        ("Submit a draft", "The project's leads, direction and operations."),
        read=DataRequestSerializer,
        request=None,
        codes=(403, 404, 409),
    ),
    approve=record_action(
        ERRORS,
        (
            "Approve a submitted request",
            "Operations and direction. `committee_reference` and a future `expires_on` are required.",
        ),
        read=DataRequestSerializer,
        request=DataRequestApproveSerializer,
    ),
    reject=record_action(
        ERRORS,
        ("Reject a submitted request", "Operations and direction. `reason` is required."),
        read=DataRequestSerializer,
        request=DataRequestRejectSerializer,
    ),
    attachments=[
        operation(
            (
                "Attach a file",
                "Multipart, field `file`: a PDF, PNG, JPEG or office document of at most 10 MB, its type read "
                "from its content. The project's leads, direction and operations, until the request is decided.",
            ),
            methods=["POST"],
            request={"multipart/form-data": AttachmentUploadSerializer},
            responses={201: DataRequestAttachmentSerializer, **ERRORS(400, 403, 404)},
        ),
        operation(
            ("The request's attachments", "`url` downloads one, for whoever sees the request."),
            methods=["GET"],
            responses={200: DataRequestAttachmentSerializer(many=True), **ERRORS(404)},
        ),
    ],
    attachment=operation(
        ("Remove an attachment", "Who attached it, until the request is decided."),
        request=None,
        responses={204: None, **ERRORS(403, 404)},
    ),
)
class DataRequestViewSet(CreatableRecordViewSet):
    queryset = DataAccessRequest.objects.none()
    # DELETE only removes an attachment: a request itself is never deleted.
    http_method_names = ["get", "post", "delete", "head", "options"]
    serializer_class = DataRequestSerializer
    filter_serializer_class = DataRequestFilterSerializer
    write_serializer_class = DataRequestWriteSerializer
    permission_classes = [ObjectActionPermissions]

    def listed(self, filters: dict[str, Any]) -> QuerySet[DataAccessRequest]:
        requests = data_request_list(user=self.request.user, status=filters.get("status", ""))
        if filters.get("project"):
            requests = requests.filter(project_id=filters["project"])
        return requests

    def represented_queryset(self) -> QuerySet[DataAccessRequest]:
        return DataAccessRequest.objects.select_related("project", "requested_by", "decided_by", "department__hospital")

    def write(self, obj: DataAccessRequest | None, fields: dict[str, Any]) -> DataAccessRequest:
        # Only ever a creation: a request changes through its workflow's actions.
        return services.data_request_create(by=self.request.user, **fields)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        data_request = self.get_object()
        _require_manager(request.user, data_request.project)
        return Response(self.represent(services.data_request_submit(request=data_request, by=request.user)))

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(approve=True, body=DataRequestApproveSerializer)

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(approve=False, body=DataRequestRejectSerializer)

    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser], pagination_class=None)
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        data_request = self.get_object()
        if request.method == "GET":
            rows = data_request.attachments.all()
            return Response(DataRequestAttachmentSerializer(rows, many=True, context={"request": request}).data)
        # Who may attach is answered before the body is read (403 before 400 or 415).
        if not services.data_request_may_attach(request.user, data_request):
            raise PermissionDenied(_("Only the project's leads, direction and operations attach files, until decided."))
        file = parsed(AttachmentUploadSerializer, request.data)["file"]
        attachment = services.data_request_attachment_add(request=data_request, by=request.user, file=file)
        return Response(
            DataRequestAttachmentSerializer(attachment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment(self, request: Request, pk: str | None = None, attachment_id: str | None = None) -> Response:
        data_request = self.get_object()
        attachment = get_visible_or_404(data_request.attachments.all(), pk=attachment_id)
        services.data_request_attachment_remove(attachment=attachment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _decide(self, *, approve: bool, body: type[BaseSerializer]) -> Response:
        data_request = self.get_object()
        if not sees_everything(self.request.user):
            raise PermissionDenied(_("Only operations and direction decide data-access requests."))
        fields = self.body(body)
        data_request = services.data_request_decide(
            request=data_request, by=self.request.user, approve=approve, **fields
        )
        return Response(self.represent(data_request))
