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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.access import get_visible_or_404
from core.api.attachments import AttachmentUploadSerializer
from core.api.permissions import RulePermissions
from core.api.schema import Errors, access_schemas, crud_schema, operation, record_action
from core.api.viewsets import EditableRecordViewSet, parsed
from people.access import manages_position, position_deciders, who_sees_position, why_position_visible
from people.api.access_serializers import MyPositionAccessSerializer, PositionViewerSerializer
from people.api.position_serializers import (
    AttachmentSerializer,
    ChangesSerializer,
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
from people.models import Decision, Position, PositionAttachment, PositionKind
from people.selectors import position_list
from people.services import (
    position_attachment_add,
    position_attachment_remove,
    position_create,
    position_decide,
    position_refusal,
    position_request_changes,
    position_submit,
    position_update,
    position_withdraw,
)
from people.workflow import Approvers, may_attach

ATTACH_FORBIDDEN = "Only the applicant and the request's approvers attach files, while it is open."
ERRORS = Errors(
    forbidden="You see this request but may not do this.", not_visible="No such request, or not one you see."
)
ACCESS_FORBIDDEN = "Only the request's approvers (and their stand-ins), direction and operations."
ACCESS_ERRORS = Errors(forbidden=ACCESS_FORBIDDEN, not_visible="No such request, or not one you see.")


class PositionPermissions(RulePermissions):
    """The workflow's actions are POSTs on a request, which ``RulePermissions``
    would read as ``add``. For them, ``get_object()`` looking the request up
    among those the user sees (404) is the whole check here: the service then
    answers who may act (403) and in which state (409)."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method == "POST" or getattr(view, "action", "") == "attachment":
            return True
        return super().has_object_permission(request, view, obj)


class PositionViewSet(EditableRecordViewSet):
    kind: ClassVar[str]
    # The request's host unit: the API's name for the field, and the service's.
    host_field: ClassVar[str]
    host_unit: ClassVar[str]

    queryset = Position.objects.none()
    # DELETE only removes an attachment: a request itself is withdrawn, never deleted.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    permission_classes = [PositionPermissions]
    filter_serializer_class = PositionFilterSerializer

    @cached_property
    def today(self) -> date:
        return timezone.localdate()

    @cached_property
    def approvers(self) -> Approvers:
        return Approvers(self.today)

    def listed(self, filters: dict[str, Any]) -> QuerySet[Position]:
        if filters.get("awaiting_me"):
            filters["approvers"] = self.approvers
        return position_list(user=self.request.user, kind=self.kind, today=self.today, **filters)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": self.today, "approvers": self.approvers}

    def write(self, position: Position | None, fields: dict[str, Any]) -> Position:
        if self.host_field in fields:
            fields[self.host_unit] = fields.pop(self.host_field)
        if position is None:
            return position_create(kind=self.kind, applicant=self.request.user, today=self.today, **fields)
        return position_update(position=position, by=self.request.user, today=self.today, **fields)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Who may make a request is answered before the body is read, so the answer
        # never tells whether the team, department or call it names exists.
        refusal = position_refusal(kind=self.kind, applicant=request.user)
        if refusal is not None:
            raise ValidationError(refusal)
        return super().create(request, *args, **kwargs)

    def represented_queryset(self) -> QuerySet[Position]:
        """Read again without the visibility filter: whoever just acted on a
        request is shown the outcome, even a delegate whose last decision ends
        their view of it."""
        return Position.objects.select_related(
            "applicant", "team__leader", "department__hospital", "department__head", "call"
        ).prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by", "on_behalf_of"))
        )

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        position = position_submit(position=self.get_object(), by=request.user, today=self.today)
        return Response(self.represent(position))

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        comment = self._parsed(CommentSerializer).get("comment", "")
        position = position_decide(position=position, by=request.user, approve=True, comment=comment, today=self.today)
        return Response(self.represent(position))

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        # Read as partial: a missing or blank reason is refused by the service
        # (400), after it has answered who asks (403) and the state (409).
        reason = self._parsed(RejectSerializer, partial=True).get("reason", "")
        position = position_decide(position=position, by=request.user, approve=False, comment=reason, today=self.today)
        return Response(self.represent(position))

    @action(detail=True, methods=["post"], url_path="request-changes", url_name="request-changes")
    def request_changes(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        # Read as partial, as a rejection's reason: a missing or blank comment is
        # refused by the service (400), after who asks (403) and the state (409).
        comment = self._parsed(ChangesSerializer, partial=True).get("comment", "")
        position = position_request_changes(position=position, by=request.user, comment=comment, today=self.today)
        return Response(self.represent(position))

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        comment = self._parsed(CommentSerializer).get("comment", "")
        position = position_withdraw(position=position, by=request.user, comment=comment, today=self.today)
        return Response(self.represent(position))

    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser], pagination_class=None)
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        if request.method == "GET":
            rows = position.attachments.all()
            return Response(AttachmentSerializer(rows, many=True, context={"request": request}).data)
        # Who may attach is answered before the body is read (403 before 400 or 415).
        if not may_attach(position, request.user, self.approvers):
            raise PermissionDenied(ATTACH_FORBIDDEN)
        file = parsed(AttachmentUploadSerializer, request.data)["file"]
        attachment = position_attachment_add(position=position, by=request.user, file=file, today=self.today)
        return Response(AttachmentSerializer(attachment, context={"request": request}).data, status=201)

    @action(detail=True, methods=["delete"], url_path=r"attachments/(?P<attachment_id>\d+)")
    def attachment(self, request: Request, pk: str | None = None, attachment_id: str | None = None) -> Response:
        position = self.get_object()
        attachment = get_visible_or_404(PositionAttachment.objects.filter(position=position), pk=attachment_id)
        position_attachment_remove(attachment=attachment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Access -------------------------------------------------------------------

    @action(detail=True, methods=["get"], url_path="access/me", url_name="access-me")
    def access_me(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        return Response(MyPositionAccessSerializer({"reasons": why_position_visible(request.user, position)}).data)

    @action(detail=True, methods=["get"], url_path="access", url_name="access")
    def access(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        if not manages_position(why_position_visible(request.user, position)):
            raise PermissionDenied(ACCESS_FORBIDDEN)
        context = {"position": position, "deciders": position_deciders(position, self.approvers)}
        page = self.paginate_queryset(who_sees_position(position))
        return self.get_paginated_response(PositionViewerSerializer(page, many=True, context=context).data)

    def _parsed(self, serializer_class: type[BaseSerializer], *, partial: bool = False) -> dict[str, Any]:
        # Without the serializer context (``self.body``): the approvers are read
        # only once the service has answered, never for a refused step.
        return parsed(serializer_class, self.request.data, partial=partial)


def _documented(
    *,
    noun: str,
    host_field: str,
    read: type[BaseSerializer],
    detail: type[BaseSerializer],
    write: type[BaseSerializer],
) -> Any:
    """The OpenAPI description of one kind's viewset."""
    return crud_schema(
        ERRORS,
        rows=read,
        read=detail,
        filters=PositionFilterSerializer,
        write=write,
        list=(
            f"The {noun}s you see",
            "Paginated. Yours (drafts included), those of the units you lead or head, those awaiting you "
            "as a delegate; every one for direction and operations. Without `history`: see the detail. "
            "A search (`q`) lists the best matches first.",
        ),
        create=(
            f"Request a {noun}",
            f"Created as a `draft` that only you (and direction and operations) see. "
            f"`{host_field}` names the host unit.",
        ),
        retrieve=f"One {noun}",
        partial_update=(
            f"Edit a draft {noun}",
            "Its applicant only, while it is a draft or sent back for changes (`changes_requested`).",
        ),
        create_errors=(400,),
        update_errors=(400, 403, 404, 409),
        submit=record_action(
            ERRORS,
            (
                "Submit a draft",
                "Its applicant only. 400 if, with the applicant's other approved or pending requests overlapping "
                "in time, their time shares would exceed 100 % (the message lists them).",
            ),
            read=detail,
            request=None,
        ),
        approve=record_action(
            ERRORS,
            (
                "Approve",
                "The step awaiting you: as the leader of its team or the head of its department while submitted, "
                "as direction or operations once endorsed, or as their active delegate.",
            ),
            read=detail,
            request=CommentSerializer,
        ),
        reject=record_action(
            ERRORS, ("Reject", "Like approve; `reason` is required."), read=detail, request=RejectSerializer
        ),
        request_changes=record_action(
            ERRORS,
            (
                "Send back for changes",
                "Like reject, by whoever may decide a step awaiting them; `comment` is required. The request "
                "becomes `changes_requested` and awaits nobody: its applicant edits it (PATCH) and submits it "
                "again, and its endorsements start over in a new `round` (earlier decisions stay, with theirs).",
            ),
            read=detail,
            request=ChangesSerializer,
        ),
        withdraw=record_action(
            ERRORS, ("Withdraw", "Its applicant only, until it is decided."), read=detail, request=CommentSerializer
        ),
        attachments=[
            operation(
                (
                    "Attach a file",
                    "Multipart, field `file`: a PDF, PNG, JPEG or office document of at most 10 MB, its type "
                    "read from its content. The applicant, or whoever decides one of its steps, while the "
                    "request is open (draft, submitted, endorsed).",
                ),
                methods=["POST"],
                request={"multipart/form-data": AttachmentUploadSerializer},
                responses={201: AttachmentSerializer, **ERRORS(400, 403, 404)},
            ),
            operation(
                (f"The {noun}'s attachments", "`url` downloads one, for whoever sees the request."),
                methods=["GET"],
                responses={200: AttachmentSerializer(many=True), **ERRORS(404)},
            ),
        ],
        **access_schemas(
            ACCESS_ERRORS,
            noun=noun,
            managers="its approvers (the leader of its team, the head of its department, their stand-ins, who "
            "stands in for direction or operations while it awaits them), direction and operations",
            reasons=MyPositionAccessSerializer,
            viewers=PositionViewerSerializer,
        ),
        attachment=operation(
            ("Remove an attachment", "Who attached it, while the request is open."),
            request=None,
            responses={204: None, **ERRORS(403, 404)},
        ),
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
    serializer_class = HostPositionDetailSerializer
    list_serializer_class = HostPositionSerializer
    write_serializer_class = HostPositionWriteSerializer


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
    serializer_class = SecondmentDetailSerializer
    list_serializer_class = SecondmentSerializer
    write_serializer_class = SecondmentWriteSerializer
