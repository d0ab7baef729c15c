"""``/api/projects/`` (with their members and milestones) and
``/api/data-requests/`` (SPEC §6).

What a user sees is ``projects.selectors.project_list`` (and
``data_request_list``): anything else is a 404, whatever the method. Who may
change a project (its leads, direction, operations) is asked before the body is
read, so a refusal (403) never depends on the input; the services check it
again, and answer the state (409) and the rules (400).

A list costs a constant number of queries however long the page.
"""

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import RulePermissions
from core.api.serializers import ErrorSerializer
from people.models import User
from people.roles import sees_everything
from projects import services
from projects.api.serializers import (
    DataRequestApproveSerializer,
    DataRequestFilterSerializer,
    DataRequestRejectSerializer,
    DataRequestSerializer,
    DataRequestWriteSerializer,
    MemberSerializer,
    MemberWriteSerializer,
    MilestoneDoneSerializer,
    MilestoneSerializer,
    MilestoneWriteSerializer,
    ProjectDetailSerializer,
    ProjectFilterSerializer,
    ProjectSerializer,
    ProjectWriteSerializer,
)
from projects.models import DataAccessRequest, Membership, Project
from projects.selectors import can_manage, data_request_list, member_list, project_detail_queryset, project_list

INVALID = OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input: messages by field.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="You see this project but may not do this.")
NOT_VISIBLE = OpenApiResponse(ErrorSerializer, description="No such object, or not one you see.")
CONFLICT = OpenApiResponse(ErrorSerializer, description="Not possible in the request's current state.")


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


def _parsed(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _require_manager(user: User, project: Project) -> None:
    if not can_manage(user, project):
        raise PermissionDenied("Only the project's leads, direction and operations change it.")


@extend_schema_view(
    list=extend_schema(
        summary="The projects you see",
        description="Paginated. Non-confidential projects for all staff, confidential ones for their members; "
        "partners see the projects they are members of; direction and operations see all. "
        "`q` searches acronyms, titles, summaries and methods.",
        parameters=[ProjectFilterSerializer],
        responses={200: ProjectSerializer, 400: INVALID},
    ),
    create=extend_schema(
        summary="Create a project",
        description="Staff only (a partner is refused, 403). You become its first lead.",
        request=ProjectWriteSerializer,
        responses={201: ProjectDetailSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One project",
        description="With its members, milestones and history.",
        responses={200: ProjectDetailSerializer, 404: NOT_VISIBLE},
    ),
    partial_update=extend_schema(
        summary="Edit a project",
        description="Its leads, direction and operations.",
        request=ProjectWriteSerializer,
        responses={200: ProjectDetailSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE},
    ),
)
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Project.objects.none()
    permission_classes = [ObjectActionPermissions]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return self._visible

    @cached_property
    def _visible(self) -> Any:
        if self.action == "list":
            filters = dict(_parsed(ProjectFilterSerializer, self.request.query_params))
            q = filters.pop("q", "")
            leads = Membership.objects.filter(role=Membership.Role.LEAD).select_related("user")
            return project_list(user=self.request.user, q=q, filters=filters).prefetch_related(
                "departments__hospital", Prefetch("memberships", queryset=leads)
            )
        if self.action == "retrieve":
            return self._detailed(project_detail_queryset(user=self.request.user))
        return project_list(user=self.request.user)

    @staticmethod
    def _detailed(projects: Any) -> Any:
        return projects.prefetch_related("departments__hospital")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "list":
            return ProjectSerializer
        if self.action in ("create", "partial_update"):
            return ProjectWriteSerializer
        return ProjectDetailSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = _parsed(ProjectWriteSerializer, request.data)
        project = services.project_create(by=request.user, **fields)
        return Response(self._represent(project), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()
        _require_manager(request.user, project)
        fields = _parsed(ProjectWriteSerializer, request.data, instance=project, partial=True)
        project = services.project_update(project=project, by=request.user, **fields)
        return Response(self._represent(project))

    def _represent(self, project: Project) -> dict[str, Any]:
        fresh = self._detailed(project_detail_queryset(user=self.request.user)).get(pk=project.pk)
        return ProjectDetailSerializer(fresh, context=self.get_serializer_context()).data

    # Members ----------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="The project's members",
        description="Leads first. Whoever sees the project.",
        responses={200: MemberSerializer(many=True), 404: NOT_VISIBLE},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a member",
        description="Its leads, direction and operations. `role` is `member` (default) or `lead`.",
        request=MemberWriteSerializer,
        responses={201: MemberSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE},
    )
    @action(detail=True, methods=["get", "post"], url_path="members", url_name="members")
    def members(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        if request.method == "GET":
            return self._page(member_list(project=project), MemberSerializer)
        _require_manager(request.user, project)
        fields = _parsed(MemberWriteSerializer, request.data, context=self.get_serializer_context())
        membership = services.member_add(project=project, by=request.user, **fields)
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove a member",
        description="Its leads, direction and operations. The last lead cannot be removed (400).",
        request=None,
        responses={204: None, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE},
    )
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<username>[^/]+)", url_name="member")
    def member(self, request: Request, pk: str | None = None, username: str = "") -> Response:
        project = self.get_object()
        _require_manager(request.user, project)
        membership = project.memberships.select_related("user").filter(user__username=username).first()
        if membership is None:
            raise Http404
        services.member_remove(project=project, by=request.user, user=membership.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Milestones ---------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="The project's milestones",
        description="By due date. Whoever sees the project.",
        responses={200: MilestoneSerializer(many=True), 404: NOT_VISIBLE},
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a milestone",
        description="Its leads, direction and operations.",
        request=MilestoneWriteSerializer,
        responses={201: MilestoneSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE},
    )
    @action(detail=True, methods=["get", "post"], url_path="milestones", url_name="milestones")
    def milestones(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        if request.method == "GET":
            return self._page(project.milestones.all(), MilestoneSerializer)
        _require_manager(request.user, project)
        fields = _parsed(MilestoneWriteSerializer, request.data)
        milestone = services.milestone_create(project=project, by=request.user, **fields)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark a milestone done or not done",
        description="Its project's leads, direction and operations. `done: true` records today's date.",
        request=MilestoneDoneSerializer,
        responses={200: MilestoneSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE},
    )
    @action(detail=True, methods=["patch"], url_path=r"milestones/(?P<milestone_id>[0-9]+)", url_name="milestone")
    def milestone(self, request: Request, pk: str | None = None, milestone_id: str = "") -> Response:
        project = self.get_object()
        milestone = project.milestones.filter(pk=int(milestone_id)).first()
        if milestone is None:
            raise Http404
        _require_manager(request.user, project)
        fields = _parsed(MilestoneDoneSerializer, request.data)
        milestone = services.milestone_set_done(milestone=milestone, by=request.user, **fields)
        return Response(MilestoneSerializer(milestone).data)

    def _page(self, queryset: Any, serializer_class: type[serializers.Serializer]) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="The data-access requests you see",
        description="Paginated, newest first: those of the projects you see.",
        parameters=[DataRequestFilterSerializer],
        responses={200: DataRequestSerializer, 400: INVALID},
    ),
    create=extend_schema(
        summary="Draft a data-access request",
        description="For a project you lead (direction and operations: any). Created as a `draft`. "
        "An `internal` study names its `department`; `categories` are drawn from the list.",
        request=DataRequestWriteSerializer,
        responses={201: DataRequestSerializer, 400: INVALID, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(summary="One data-access request", responses={200: DataRequestSerializer, 404: NOT_VISIBLE}),
)
class DataRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = DataAccessRequest.objects.none()
    serializer_class = DataRequestSerializer
    permission_classes = [ObjectActionPermissions]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return self._visible

    @cached_property
    def _visible(self) -> Any:
        if self.action != "list":
            return data_request_list(user=self.request.user)
        filters = _parsed(DataRequestFilterSerializer, self.request.query_params)
        requests = data_request_list(user=self.request.user, status=filters.get("status", ""))
        if filters.get("project"):
            requests = requests.filter(project_id=filters["project"])
        return requests

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return DataRequestWriteSerializer if self.action == "create" else DataRequestSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = _parsed(DataRequestWriteSerializer, request.data, context=self.get_serializer_context())
        data_request = services.data_request_create(by=request.user, **fields)
        return Response(self._represent(data_request), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit a draft",
        description="The project's leads, direction and operations.",
        request=None,
        responses={200: DataRequestSerializer, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        data_request = self.get_object()
        _require_manager(request.user, data_request.project)
        return Response(self._represent(services.data_request_submit(request=data_request, by=request.user)))

    @extend_schema(
        summary="Approve a submitted request",
        description="Operations and direction. `committee_reference` and a future `expires_on` are required.",
        request=DataRequestApproveSerializer,
        responses={200: DataRequestSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(approve=True, body=DataRequestApproveSerializer)

    @extend_schema(
        summary="Reject a submitted request",
        description="Operations and direction. `reason` is required.",
        request=DataRequestRejectSerializer,
        responses={200: DataRequestSerializer, 400: INVALID, 403: FORBIDDEN, 404: NOT_VISIBLE, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(approve=False, body=DataRequestRejectSerializer)

    def _decide(self, *, approve: bool, body: type[serializers.Serializer]) -> Response:
        data_request = self.get_object()
        if not sees_everything(self.request.user):
            raise PermissionDenied("Only operations and direction decide data-access requests.")
        fields = _parsed(body, self.request.data)
        data_request = services.data_request_decide(
            request=data_request, by=self.request.user, approve=approve, **fields
        )
        return Response(self._represent(data_request))

    def _represent(self, data_request: DataAccessRequest) -> dict[str, Any]:
        fresh = DataAccessRequest.objects.select_related(
            "project", "requested_by", "decided_by", "department__hospital"
        ).get(pk=data_request.pk)
        return DataRequestSerializer(fresh, context=self.get_serializer_context()).data
