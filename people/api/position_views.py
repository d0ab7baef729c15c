"""``/api/host-positions/`` and ``/api/secondments/`` (SPEC §6): one viewset,
twice. What a user sees is ``people.selectors.position_list`` (404 for the
rest); editing a draft is its applicant's (403 for the others); who may take
which step in which state is the workflow's, answered by the services (403,
409).

A request costs a constant number of queries however long the page: the day
and one ``Approvers`` are read once per request and shared by every row.
"""

from datetime import date
from functools import cached_property
from typing import Any, ClassVar

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import RulePermissions
from core.api.serializers import ErrorSerializer
from people.api.position_serializers import (
    CommentSerializer,
    HostPositionDetailSerializer,
    HostPositionSerializer,
    HostPositionWriteSerializer,
    PositionFilterSerializer,
    RejectSerializer,
    SecondmentDetailSerializer,
    SecondmentSerializer,
    SecondmentWriteSerializer,
)
from people.models import Decision, Position, PositionKind
from people.selectors import position_list
from people.services import position_create, position_decide, position_submit, position_update, position_withdraw
from people.workflow import Approvers


class PositionPermissions(RulePermissions):
    """The workflow's actions are POSTs on a request, which ``RulePermissions``
    would read as ``add``. For them, ``get_object()`` looking the request up
    among those the user sees (404) is the whole check here: the service then
    answers who may act (403) and in which state (409)."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method == "POST":
            return True
        return super().has_object_permission(request, view, obj)


class PositionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    kind: ClassVar[str]
    # The request's host unit: the API's name for the field, and the service's.
    host_field: ClassVar[str]
    host_unit: ClassVar[str]
    list_serializer: ClassVar[type[serializers.Serializer]]
    detail_serializer: ClassVar[type[serializers.Serializer]]
    write_serializer: ClassVar[type[serializers.Serializer]]

    queryset = Position.objects.none()
    permission_classes = [PositionPermissions]
    # PATCH edits a draft; there is no PUT.
    http_method_names = ["get", "post", "patch", "head", "options"]

    @cached_property
    def today(self) -> date:
        return timezone.localdate()

    @cached_property
    def approvers(self) -> Approvers:
        return Approvers(self.today)

    def get_queryset(self) -> Any:
        # Asked for twice a request (by the permission check, then the action): built once.
        return self._visible

    @cached_property
    def _visible(self) -> Any:
        filters: dict[str, Any] = {}
        if self.action == "list":
            parsed = PositionFilterSerializer(data=self.request.query_params)
            parsed.is_valid(raise_exception=True)
            filters = parsed.validated_data
        if filters.get("awaiting_me"):
            filters["approvers"] = self.approvers
        return position_list(user=self.request.user, kind=self.kind, today=self.today, **filters)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "list":
            return self.list_serializer
        if self.action in ("create", "partial_update"):
            return self.write_serializer
        return self.detail_serializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": self.today, "approvers": self.approvers}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        position = position_create(
            kind=self.kind, applicant=request.user, today=self.today, **self._service_fields(serializer.validated_data)
        )
        return Response(self._represent(position), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        position = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        position = position_update(
            position=position, by=request.user, today=self.today, **self._service_fields(serializer.validated_data)
        )
        return Response(self._represent(position))

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        position = position_submit(position=self.get_object(), by=request.user, today=self.today)
        return Response(self._represent(position))

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        comment = self._parsed(CommentSerializer).get("comment", "")
        position = position_decide(position=position, by=request.user, approve=True, comment=comment, today=self.today)
        return Response(self._represent(position))

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        # Read as partial: a missing or blank reason is refused by the service
        # (400), after it has answered who asks (403) and the state (409).
        reason = self._parsed(RejectSerializer, partial=True).get("reason", "")
        position = position_decide(position=position, by=request.user, approve=False, comment=reason, today=self.today)
        return Response(self._represent(position))

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        comment = self._parsed(CommentSerializer).get("comment", "")
        position = position_withdraw(position=position, by=request.user, comment=comment, today=self.today)
        return Response(self._represent(position))

    def _parsed(self, serializer_class: type[serializers.Serializer], *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _service_fields(self, validated: dict[str, Any]) -> dict[str, Any]:
        fields = dict(validated)
        if self.host_field in fields:
            fields[self.host_unit] = fields.pop(self.host_field)
        return fields

    def _represent(self, position: Position) -> dict[str, Any]:
        """The request as it now stands, in full. Read again without the
        visibility filter: whoever just acted on it is shown the outcome, even
        a delegate whose last decision ends their view of it."""
        fresh = (
            Position.objects.select_related(
                "applicant", "team__leader", "department__hospital", "department__head", "call"
            )
            .prefetch_related(
                Prefetch("decisions", queryset=Decision.objects.select_related("decided_by", "on_behalf_of"))
            )
            .get(pk=position.pk)
        )
        return self.detail_serializer(fresh, context=self.get_serializer_context()).data


def _documented(
    *,
    noun: str,
    host_field: str,
    read: type[serializers.Serializer],
    detail: type[serializers.Serializer],
    write: type[serializers.Serializer],
) -> Any:
    """The OpenAPI description of one kind's viewset."""
    invalid = OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input: messages by field.")
    forbidden = OpenApiResponse(ErrorSerializer, description="You see this request but may not do this.")
    not_visible = OpenApiResponse(ErrorSerializer, description="No such request, or not one you see.")
    conflict = OpenApiResponse(ErrorSerializer, description="Not possible in the request's current state.")

    def transition(summary: str, request: Any, description: str) -> Any:
        return extend_schema(
            summary=summary,
            description=description,
            request=request,
            responses={200: detail, 400: invalid, 403: forbidden, 404: not_visible, 409: conflict},
        )

    return extend_schema_view(
        list=extend_schema(
            summary=f"The {noun}s you see",
            description=(
                "Paginated. Yours (drafts included), those of the units you lead or head, those awaiting you "
                "as a delegate; every one for direction and operations. Without `history`: see the detail."
            ),
            parameters=[PositionFilterSerializer],
            responses={200: read, 400: invalid},
        ),
        create=extend_schema(
            summary=f"Request a {noun}",
            description=f"Created as a `draft` that only you (and direction and operations) see. "
            f"`{host_field}` names the host unit.",
            request=write,
            responses={201: detail, 400: invalid},
        ),
        retrieve=extend_schema(summary=f"One {noun}", responses={200: detail, 404: not_visible}),
        partial_update=extend_schema(
            summary=f"Edit a draft {noun}",
            description="Its applicant only, while it is a draft.",
            request=write,
            responses={200: detail, 400: invalid, 403: forbidden, 404: not_visible, 409: conflict},
        ),
        submit=transition(
            "Submit a draft",
            None,
            "Its applicant only. 400 if, with the applicant's other approved or pending requests overlapping "
            "in time, their time shares would exceed 100 % (the message lists them).",
        ),
        approve=transition(
            "Approve",
            CommentSerializer,
            "The step awaiting you: as the leader of its team or the head of its department while submitted, "
            "as direction or operations once endorsed, or as their active delegate.",
        ),
        reject=transition("Reject", RejectSerializer, "Like approve; `reason` is required."),
        withdraw=transition("Withdraw", CommentSerializer, "Its applicant only, until it is decided."),
    )


@_documented(
    noun="host position",
    host_field="host_team",
    read=HostPositionSerializer,
    detail=HostPositionDetailSerializer,
    write=HostPositionWriteSerializer,
)
class HostPositionViewSet(PositionViewSet):
    """AP-HP professionals into Inria project-teams."""

    kind = PositionKind.HOST
    host_field = "host_team"
    host_unit = "team"
    list_serializer = HostPositionSerializer
    detail_serializer = HostPositionDetailSerializer
    write_serializer = HostPositionWriteSerializer


@_documented(
    noun="secondment",
    host_field="host_department",
    read=SecondmentSerializer,
    detail=SecondmentDetailSerializer,
    write=SecondmentWriteSerializer,
)
class SecondmentViewSet(PositionViewSet):
    """Inria staff into AP-HP departments."""

    kind = PositionKind.SECONDMENT
    host_field = "host_department"
    host_unit = "department"
    list_serializer = SecondmentSerializer
    detail_serializer = SecondmentDetailSerializer
    write_serializer = SecondmentWriteSerializer
