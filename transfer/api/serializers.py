"""Innovations, partner companies, agreements and deployments in the API
(SPEC §3, §6).

Reading: an innovation names its project only to who sees that project (and to
the transfer office, who links them), and lists the agreements the viewer sees
(a partner account: its own company's) and its deployments; the detail adds its
history. The view gives each row what it needs (``project_seen``,
``visible_agreements``, the owners the viewer sees): a list costs a constant
number of queries.

Writing: the fields a transfer officer chooses; the rules (the pipeline, the
dates of an agreement, a deployment's hospital) are the services'.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.access import ViewerSerializer as BaseViewerSerializer
from core.api.access import my_access_serializer, reason_serializer, viewer_of
from core.api.history import HistoryRowSerializer, history_data
from core.api.serializers import MULTILINE, ModelSerializer, NamedUnitSerializer, OptionalBooleanFilter, Serializer
from people.models import Company, Department, Hospital, User
from people.selectors import person_list
from projects.models import Project
from projects.selectors import project_list
from transfer.access import INNOVATION_CLAUSES, viewer
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage
from transfer.selectors import innovation_history, innovation_list, partner_list

MAX_ID = 2**31 - 1


def _named(pk: int | None, name: str) -> dict[str, Any] | None:
    return None if pk is None else {"id": pk, "name": name}


def _viewer(serializer: serializers.Serializer) -> Any:
    return serializer.context["request"].user


# A record with its API address in ``url``.
class _Linked(Serializer):
    url_name = ""
    url = serializers.SerializerMethodField(help_text="Its address in the API.")

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj: Any) -> str:
        return reverse(self.url_name, args=[obj.pk], request=self.context.get("request"))


# Reading ----------------------------------------------------------------------


class InnovationHistoryEntrySerializer(HistoryRowSerializer):
    """One entry of the innovation's audit trail: who did what, when, what
    changed; ``comment`` is the reason given for abandoning or reopening."""

    shown = ("at", "actor", "action", "changes", "comment")


class AgreementBriefSerializer(ModelSerializer):
    partner = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "kind", "reference", "partner", "signed_on", "expires_on"]
        read_only_fields = fields

    @extend_schema_field(NamedUnitSerializer)
    def get_partner(self, agreement: Agreement) -> dict[str, Any] | None:
        return _named(agreement.partner_id, agreement.partner.name)


class DeploymentBriefSerializer(ModelSerializer):
    hospital = serializers.CharField(source="hospital.short_name", read_only=True)

    class Meta:
        model = Deployment
        fields = ["id", "hospital", "system_name", "status", "go_live_on"]
        read_only_fields = fields


class InnovationSerializer(_Linked, ModelSerializer):
    url_name = "api:innovation-detail"

    project = serializers.SerializerMethodField()
    owners = serializers.SerializerMethodField()
    agreements = AgreementBriefSerializer(
        source="visible_agreements", many=True, read_only=True, help_text="Those you see."
    )
    deployments = DeploymentBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Innovation
        fields = [
            "id",
            "url",
            "title",
            "description",
            "kind",
            "readiness_level",
            "stage",
            "route",
            "project",
            "confidential",
            "owners",
            "agreements",
            "deployments",
            "stage_changed_at",
            "transferred_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(NamedUnitSerializer(allow_null=True, help_text="Null when none, or one you do not see."))
    def get_project(self, innovation: Innovation) -> dict[str, Any] | None:
        if innovation.project_id is None or not getattr(innovation, "project_seen", False):
            return None
        return _named(innovation.project_id, innovation.project.acronym)

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text="Usernames."))
    def get_owners(self, innovation: Innovation) -> list[str]:
        return sorted(owner.username for owner in innovation.owners.all())


class InnovationDetailSerializer(InnovationSerializer):
    history = serializers.SerializerMethodField()

    class Meta(InnovationSerializer.Meta):
        fields = [*InnovationSerializer.Meta.fields, "history"]
        read_only_fields = fields

    @extend_schema_field(InnovationHistoryEntrySerializer(many=True))
    def get_history(self, innovation: Innovation) -> list[dict[str, Any]]:
        events = innovation_history(user=_viewer(self), innovation=innovation)
        return history_data(events, InnovationHistoryEntrySerializer)


class PartnerSerializer(_Linked, ModelSerializer):
    url_name = "api:partner-detail"

    agreement_count = serializers.IntegerField(read_only=True, help_text="The agreements with it that you see.")

    class Meta:
        model = Company
        fields = ["id", "url", "name", "agreement_count"]
        read_only_fields = fields


class AgreementSerializer(_Linked, ModelSerializer):
    url_name = "api:agreement-detail"

    partner = serializers.SerializerMethodField()
    innovation = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "url", "kind", "partner", "innovation", "signed_on", "expires_on", "reference", "created_at"]
        read_only_fields = fields

    @extend_schema_field(NamedUnitSerializer)
    def get_partner(self, agreement: Agreement) -> dict[str, Any] | None:
        return _named(agreement.partner_id, agreement.partner.name)

    @extend_schema_field(NamedUnitSerializer)
    def get_innovation(self, agreement: Agreement) -> dict[str, Any] | None:
        return _named(agreement.innovation_id, agreement.innovation.title)


class DeploymentSerializer(_Linked, ModelSerializer):
    url_name = "api:deployment-detail"

    innovation = serializers.SerializerMethodField()
    hospital = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()

    class Meta:
        model = Deployment
        fields = ["id", "url", "innovation", "hospital", "department", "system_name", "go_live_on", "status"]
        read_only_fields = fields

    @extend_schema_field(NamedUnitSerializer)
    def get_innovation(self, deployment: Deployment) -> dict[str, Any] | None:
        return _named(deployment.innovation_id, deployment.innovation.title)

    @extend_schema_field(NamedUnitSerializer)
    def get_hospital(self, deployment: Deployment) -> dict[str, Any] | None:
        return _named(deployment.hospital_id, deployment.hospital.short_name)

    @extend_schema_field(NamedUnitSerializer(allow_null=True))
    def get_department(self, deployment: Deployment) -> dict[str, Any] | None:
        department = deployment.department
        return None if department is None else _named(department.pk, department.name)


# Writing ----------------------------------------------------------------------


# Related records are looked up among those the signed-in user sees: any other
# answers "does not exist", like a missing one. ``seen`` maps a field to the
# selector that lists them.
class _SeenByViewer(Serializer):
    seen: dict[str, Callable[..., QuerySet]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        for name, selector in self.seen.items():
            field = self.fields[name]
            field = getattr(field, "child_relation", field)
            field.queryset = selector(user=request.user) if request is not None else field.queryset.none()


class InnovationWriteSerializer(_SeenByViewer):
    # A project is named by who sees it (a confidential one: its members,
    # direction and operations), transfer officers included.
    seen = {"owners": person_list, "project": project_list}

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000, style=MULTILINE)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    readiness_level = serializers.IntegerField(
        required=False, min_value=1, max_value=9, help_text="Technology readiness level, 1 to 9."
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text="A new innovation may start at any stage (one recorded late). Changing it moves the innovation "
        "as `/move/` does: going back or abandoning needs a `reason`; the stage it is at already is a 409.",
    )
    route = serializers.ChoiceField(choices=Route.choices, required=False)
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), required=False, allow_null=True, help_text="A project's id, or null."
    )
    confidential = serializers.BooleanField(
        default=True, help_text="Seen by the transfer office, direction, operations and the project's leads only."
    )
    owners = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.none(),
        many=True,
        required=False,
        help_text="Usernames of the people behind it.",
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Why the stage changes: required to go back or to abandon.",
    )


class InnovationMoveSerializer(Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text="The stage to move to.")
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="Required to go back or to abandon."
    )
    expected = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text="The stage you saw it at: if someone moved it meanwhile, 409 and nothing changes.",
    )


class PartnerWriteSerializer(Serializer):
    name = serializers.CharField(max_length=200, help_text="Unique.")


class AgreementWriteSerializer(_SeenByViewer):
    seen = {"partner": partner_list, "innovation": innovation_list}

    kind = serializers.ChoiceField(choices=Agreement.Kind.choices)
    partner = serializers.PrimaryKeyRelatedField(queryset=Company.objects.none(), help_text="A partner company's id.")
    innovation = serializers.PrimaryKeyRelatedField(queryset=Innovation.objects.none(), help_text="An innovation's id.")
    signed_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, help_text="After the signature, or null.")
    reference = serializers.CharField(max_length=100)


class DeploymentWriteSerializer(Serializer):
    hospital = serializers.PrimaryKeyRelatedField(
        queryset=Hospital.objects.all(), required=False, help_text="Optional when a department is given."
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.select_related("hospital"),
        required=False,
        allow_null=True,
        help_text="A department of the hospital, or null.",
    )
    system_name = serializers.CharField(max_length=120, help_text="The hospital information system it runs in.")
    go_live_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Deployment.Status.choices, required=False)


class DeploymentCreateSerializer(_SeenByViewer, DeploymentWriteSerializer):
    seen = {"innovation": innovation_list}

    innovation = serializers.PrimaryKeyRelatedField(
        queryset=Innovation.objects.none(), help_text="The innovation deployed; it cannot change afterwards."
    )


# Filters ------------------------------------------------------------------------


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


class InnovationFilterSerializer(Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Words to search for.")
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    route = serializers.ChoiceField(choices=Route.choices, required=False)
    readiness_level = serializers.IntegerField(required=False, min_value=1, max_value=9)
    project = _id("A project's id.")
    partner = _id("A partner company's id: the innovations with an agreement with it that you see.")
    confidential = OptionalBooleanFilter(help_text="Only the confidential ones (true) or the others.")


class PartnerFilterSerializer(Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Part of the name.")


class AgreementFilterSerializer(Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words to search for (the reference, the innovation's title, the partner's name): best first.",
    )
    kind = serializers.ChoiceField(choices=Agreement.Kind.choices, required=False)
    partner = _id("A partner company's id.")
    innovation = _id("An innovation's id.")
    expires_before = serializers.DateField(required=False, help_text="Expiring on or before this day.")
    expires_after = serializers.DateField(required=False, help_text="Expiring on or after this day.")


class DeploymentFilterSerializer(Serializer):
    innovation = _id("An innovation's id.")
    status = serializers.ChoiceField(choices=Deployment.Status.choices, required=False)


# Access (transfer.access) --------------------------------------------------------


TransferReasonSerializer = reason_serializer("TransferReasonSerializer", INNOVATION_CLAUSES)
MyAccessSerializer = my_access_serializer("MyTransferAccessSerializer", TransferReasonSerializer, "record")


class TransferViewerSerializer(BaseViewerSerializer):
    """A person of "who can see this" innovation, agreement or deployment (``transfer.access.who_sees``' rows)."""

    role = serializers.CharField(
        read_only=True, help_text="`lead`, `member`, or empty: their role in the innovation's project."
    )
    reasons = TransferReasonSerializer(many=True, read_only=True)
    as_viewer = viewer_of(viewer)


ViewerSerializer = TransferViewerSerializer
