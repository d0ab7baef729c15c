"""``/api/innovations/``, ``/api/partners/``, ``/api/agreements/`` and
``/api/deployments/`` (SPEC §6).

What a user sees is ``transfer.selectors``: anything else is a 404, whatever
the method. Only transfer officers write; who sees a record but is no officer
gets a 403, asked before the body is read. The services check it again and
answer the rules (400) and the state (409). Nothing is deleted: an
innovation's history is append-only.

A list costs a constant number of queries however long the page.
"""

from typing import Any

from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Prefetch, QuerySet
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.permissions import RulePermissions
from core.api.schema import Declaration, Errors, access_schemas, crud_schema, record_action
from core.api.viewsets import EditableRecordViewSet
from core.audit import read_log
from core.models import ReadLog
from people.models import Company
from people.selectors import person_list
from projects.selectors import project_list
from transfer import services
from transfer.access import who_sees, why_visible
from transfer.api.serializers import (
    AgreementFilterSerializer,
    AgreementSerializer,
    AgreementWriteSerializer,
    DeploymentCreateSerializer,
    DeploymentFilterSerializer,
    DeploymentSerializer,
    DeploymentWriteSerializer,
    InnovationDetailSerializer,
    InnovationFilterSerializer,
    InnovationMoveSerializer,
    InnovationSerializer,
    InnovationWriteSerializer,
    MyAccessSerializer,
    PartnerFilterSerializer,
    PartnerSerializer,
    PartnerWriteSerializer,
    ViewerSerializer,
)
from transfer.models import Agreement, Deployment, Innovation, Stage
from transfer.selectors import agreement_list, deployment_list, innovation_list, partner_list, sees_all_transfer

ERRORS = Errors(forbidden="Transfer officers only.", conflict="Moved meanwhile, or at this stage already.")
ACCESS_ERRORS = Errors(forbidden="The transfer office, direction and operations only.")


def _access_schemas(noun: str) -> dict[str, Declaration]:
    return access_schemas(
        ACCESS_ERRORS,
        noun=noun,
        managers="the transfer office, direction and operations",
        reasons=MyAccessSerializer,
        viewers=ViewerSerializer,
    )


class TransferPermissions(RulePermissions):
    """The rules of ``transfer.permissions``: reads need ``view``, writes
    ``add`` or ``change`` (transfer officers). A POST on an object (moving an
    innovation) changes it."""

    def get_required_object_permissions(self, method: str, model_cls: type[Model]) -> list[str]:
        return super().get_required_object_permissions("PATCH" if method == "POST" else method, model_cls)


def _rules_named(noun: str, *, seen_as: str | None = None) -> dict[str, list[str]]:
    view, change = [f"transfer.view_{seen_as or noun}"], [f"transfer.change_{noun}"]
    return {
        "GET": view,
        "OPTIONS": view,
        "HEAD": view,
        "POST": [f"transfer.add_{noun}"],
        "PUT": change,
        "PATCH": change,
        "DELETE": [f"transfer.delete_{noun}"],
    }


class PartnerPermissions(TransferPermissions):
    """A partner company is a ``people.Company``: transfer/ answers for it."""

    perms_map = _rules_named("partner")

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        # The rules decide by role, not by company (which django-guardian, asked
        # next, refuses to hear of under ``transfer.``): the company was looked up
        # among those the user sees already, an unseen one is a 404.
        return super().has_object_permission(request, view, None)


class DeploymentPermissions(TransferPermissions):
    """A deployment is seen by whoever sees its innovation (SPEC §3)."""

    perms_map = _rules_named("deployment", seen_as="innovation")

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return super().has_object_permission(request, view, obj.innovation)


# Its docstring is also, in the OpenAPI schema, the description of one partner,
# agreement and deployment (their ``retrieve`` declares none).
class _TransferViewSet(EditableRecordViewSet):
    """List, read, create and edit one kind of transfer record. A subclass
    names its serializers, lists what the user sees (``listed``) and writes
    through its services (``write``)."""

    permission_classes = [TransferPermissions]


class AccessActions(_TransferViewSet):
    """Why the user sees a record (``access/me/``), and, for the transfer office,
    direction and operations, who sees it (``access/``): ``transfer.access``."""

    @action(detail=True, methods=["get"], url_path="access/me", url_name="access-me")
    def access_me(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()
        return Response(MyAccessSerializer({"reasons": why_visible(request.user, record)}).data)

    @action(detail=True, methods=["get"], url_path="access", url_name="access")
    def access(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()
        if not sees_all_transfer(request.user):
            raise PermissionDenied
        if self.logs_read(record):
            read_log(request, surface=ReadLog.Surface.API, obj=record)
        return self.page(who_sees(record), ViewerSerializer)


@crud_schema(
    ERRORS,
    rows=InnovationSerializer,
    read=InnovationDetailSerializer,
    filters=InnovationFilterSerializer,
    write=InnovationWriteSerializer,
    list=(
        "The innovations you see",
        "Paginated, by title. The transfer office, direction and operations see all; the members of a project "
        "see its non-confidential innovations and its leads all of them; a partner account sees the "
        "non-confidential innovations its company has an agreement on. `q` searches titles and descriptions "
        "(French and English, accents ignored), best first; past 1,000 matches `count` stops at 1,000 and "
        "`count_capped` is true.",
    ),
    create=(
        "Record an innovation",
        "Transfer officers. Confidential unless said otherwise; it may start at any stage.",
    ),
    retrieve=("One innovation", "With its history."),
    partial_update=(
        "Edit an innovation",
        "Transfer officers. A new `stage` moves it as `/move/` does, in the same transaction.",
    ),
    update_errors=(400, 403, 404, 409),
    **_access_schemas("innovation"),
    move=record_action(
        ERRORS,
        (
            "Move an innovation to another stage",
            "Transfer officers. Forward along the pipeline freely; going back (a reopening) or abandoning needs a "
            "`reason`. With `expected`, a move made meanwhile by someone else is a 409 and nothing changes.",
        ),
        read=InnovationDetailSerializer,
        request=InnovationMoveSerializer,
    ),
)
class InnovationViewSet(AccessActions):
    queryset = Innovation.objects.none()
    serializer_class = InnovationDetailSerializer
    list_serializer_class = InnovationSerializer
    filter_serializer_class = InnovationFilterSerializer
    write_serializer_class = InnovationWriteSerializer

    def listed(self, filters: dict[str, Any]) -> QuerySet[Innovation]:
        user = self.request.user
        # ``partner`` goes through the agreements the user sees (``innovation_list``):
        # a partner account learns nothing of its competitors' agreements.
        innovations = innovation_list(user=user, q=filters.pop("q", ""), filters=filters)
        if filters.get("project"):
            # Only a project the user sees: another's id must not tell which innovations are its.
            innovations = innovations.filter(project__in=project_list(user=user).values("pk"))
        # A project is named to who sees it, transfer officers included (§3).
        project_seen = Exists(project_list(user=user).filter(pk=OuterRef("project_id")))
        return innovations.annotate(project_seen=project_seen).prefetch_related(
            Prefetch("owners", queryset=person_list(user=user).select_related(None)),
            Prefetch("agreements", queryset=agreement_list(user=user), to_attr="visible_agreements"),
            Prefetch("deployments", queryset=Deployment.objects.select_related("hospital")),
        )

    def logs_read(self, innovation: Innovation) -> bool:
        return innovation.confidential

    def write(self, innovation: Innovation | None, fields: dict[str, Any]) -> Innovation:
        by = self.request.user
        stage, reason = fields.pop("stage", None), fields.pop("reason", "")
        if innovation is None:
            return services.innovation_create(by=by, stage=stage or Stage.IDENTIFIED, **fields)
        with transaction.atomic():
            if fields:
                innovation = services.innovation_update(innovation=innovation, by=by, **fields)
            if stage is not None:
                innovation = services.innovation_move(innovation=innovation, by=by, to=stage, reason=reason)
        return innovation

    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        innovation = self.get_object()
        fields = self.body(InnovationMoveSerializer)
        innovation = services.innovation_move(
            innovation=innovation,
            by=request.user,
            to=fields["stage"],
            reason=fields["reason"],
            expected=fields.get("expected"),
        )
        return Response(self.represent(innovation))


@crud_schema(
    ERRORS,
    read=PartnerSerializer,
    filters=PartnerFilterSerializer,
    write=PartnerWriteSerializer,
    list=(
        "The partner companies you see",
        "Paginated, by name: those party to an agreement you see, and a partner account's own. "
        "`agreement_count` counts the agreements you see.",
    ),
    create=("Add a partner company", "Transfer officers. Partner accounts belong to one."),
    retrieve="One partner company",
    partial_update=("Rename a partner company", "Transfer officers."),
)
class PartnerViewSet(_TransferViewSet):
    queryset = Company.objects.none()
    serializer_class = PartnerSerializer
    permission_classes = [PartnerPermissions]
    filter_serializer_class = PartnerFilterSerializer
    write_serializer_class = PartnerWriteSerializer
    # The name is all there is to change.
    partial_writes = False

    def listed(self, filters: dict[str, Any]) -> QuerySet:
        # Ordered again: an aggregate drops the model's ordering.
        return partner_list(user=self.request.user, q=filters.get("q", "")).order_by("name", "pk")

    def write(self, partner: Any, fields: dict[str, Any]) -> Any:
        if partner is None:
            return services.partner_create(by=self.request.user, **fields)
        return services.partner_update(partner=partner, by=self.request.user, **fields)


@crud_schema(
    ERRORS,
    read=AgreementSerializer,
    filters=AgreementFilterSerializer,
    write=AgreementWriteSerializer,
    list=(
        "The agreements you see",
        "Paginated, the latest signed first (a search, `q`: the best matches first): those of the innovations "
        "you see (a partner account: its own company's).",
    ),
    create=("Record an agreement", "Transfer officers. It expires after it is signed, if ever."),
    retrieve="One agreement",
    partial_update=("Edit an agreement", "Transfer officers."),
    **_access_schemas("agreement"),
)
class AgreementViewSet(AccessActions):
    queryset = Agreement.objects.none()
    serializer_class = AgreementSerializer
    filter_serializer_class = AgreementFilterSerializer
    write_serializer_class = AgreementWriteSerializer

    def listed(self, filters: dict[str, Any]) -> QuerySet[Agreement]:
        return agreement_list(user=self.request.user, q=filters.pop("q", ""), filters=filters)

    def write(self, agreement: Agreement | None, fields: dict[str, Any]) -> Agreement:
        if agreement is None:
            return services.agreement_create(by=self.request.user, **fields)
        return services.agreement_update(agreement=agreement, by=self.request.user, **fields)


@crud_schema(
    ERRORS,
    read=DeploymentSerializer,
    filters=DeploymentFilterSerializer,
    write=DeploymentWriteSerializer,
    create_body=DeploymentCreateSerializer,
    list=("The deployments you see", "Paginated, by hospital: those of the innovations you see."),
    create=(
        "Record a deployment in the hospital",
        "Transfer officers. The hospital follows from the department when only that is given.",
    ),
    retrieve="One deployment",
    partial_update=("Edit a deployment", "Transfer officers. Its innovation does not change."),
    **_access_schemas("deployment"),
)
class DeploymentViewSet(AccessActions):
    queryset = Deployment.objects.none()
    serializer_class = DeploymentSerializer
    permission_classes = [DeploymentPermissions]
    filter_serializer_class = DeploymentFilterSerializer
    write_serializer_class = DeploymentWriteSerializer
    create_serializer_class = DeploymentCreateSerializer

    def listed(self, filters: dict[str, Any]) -> QuerySet[Deployment]:
        deployments = deployment_list(user=self.request.user)
        if filters.get("innovation"):
            deployments = deployments.filter(innovation_id=filters["innovation"])
        if filters.get("status"):
            deployments = deployments.filter(status=filters["status"])
        return deployments

    def write(self, deployment: Deployment | None, fields: dict[str, Any]) -> Deployment:
        if deployment is None:
            return services.deployment_create(by=self.request.user, **fields)
        return services.deployment_update(deployment=deployment, by=self.request.user, **fields)
