"""Host positions and secondments in the API (SPEC §4, §6).

Reading: one serializer per kind, the host unit named after it (``host_team``
for a host position, ``host_department`` for a secondment). The list leaves
out ``history``, ``overlapping`` and ``time_share_total``, which the detail and
every action's answer include: a list costs a constant number of queries, and
the audit trail and the applicant's other requests are read for one request
at a time. ``awaiting`` and ``phase`` need the day and one
``people.workflow.Approvers``, given by the view in the context.

Writing: the fields a request's applicant chooses; the rules (time shares,
dates, who may request what) are the services'.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.attachments import AttachmentSerializer as BaseAttachmentSerializer
from core.api.history import HistoryRowSerializer, history_data
from core.api.serializers import MULTILINE, ModelSerializer, NamedUnitSerializer, Serializer
from people.models import Call, Decision, Department, Position, PositionStatus, Team
from people.models.positions import TIME_SHARES
from people.selectors import Overlaps, call_list, department_list, position_history, position_overlaps, team_list

PHASES = ["", "upcoming", "active", "ended"]


class DecisionSerializer(ModelSerializer):
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="Who decided.")
    on_behalf_of = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Whom a delegate decided for, or null."
    )

    class Meta:
        model = Decision
        fields = ["round", "step", "outcome", "decided_by", "decided_at", "on_behalf_of", "comment"]
        read_only_fields = fields


class HistoryEntrySerializer(HistoryRowSerializer):
    """One entry of the audit trail: who did what, when, for whom, from which
    status to which (null when the status did not change, as for an edit)."""

    shown = ("at", "actor", "on_behalf_of", "action", "from", "to", "comment")


class PositionSerializer(ModelSerializer):
    applicant = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="Their username.")
    team = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    call = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    awaiting = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)
    phase = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = [
            "id",
            "kind",
            "status",
            "applicant",
            "team",
            "department",
            "time_share",
            "start_date",
            "end_date",
            "topic",
            "justification",
            "call",
            "awaiting",
            "decisions",
            "phase",
            "created_at",
            "submitted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(NamedUnitSerializer)
    def get_team(self, position: Position) -> dict[str, Any]:
        return {"id": position.team_id, "name": position.team.acronym}

    @extend_schema_field(NamedUnitSerializer)
    def get_department(self, position: Position) -> dict[str, Any]:
        return {"id": position.department_id, "name": str(position.department)}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_awaiting(self, position: Position) -> list[str]:
        """The usernames whose decision is awaited: principals, then their active delegates."""
        return [user.username for user in self.context["approvers"].awaiting(position)]

    @extend_schema_field(serializers.ChoiceField(choices=PHASES))
    def get_phase(self, position: Position) -> str:
        return position.phase(self.context["today"])


class HostPositionSerializer(PositionSerializer):
    """A host position: ``department`` is the applicant's, ``team`` (``host_team``) hosts them."""

    host_team = serializers.IntegerField(source="team_id", read_only=True)

    class Meta(PositionSerializer.Meta):
        fields = [*PositionSerializer.Meta.fields[:4], "host_team", *PositionSerializer.Meta.fields[4:]]
        read_only_fields = fields


class SecondmentSerializer(PositionSerializer):
    """A secondment: ``team`` is the applicant's, ``department`` (``host_department``) hosts them."""

    host_department = serializers.IntegerField(source="department_id", read_only=True)

    class Meta(PositionSerializer.Meta):
        fields = [*PositionSerializer.Meta.fields[:4], "host_department", *PositionSerializer.Meta.fields[4:]]
        read_only_fields = fields


class HistoryMixin(Serializer):
    history = serializers.SerializerMethodField()

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, position: Position) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return history_data(position_history(user=user, position=position), HistoryEntrySerializer)


class OverlappingSerializer(ModelSerializer):
    """Another request of the applicant, approved or pending, overlapping this
    one in time (counted against 100 %), that the caller sees."""

    class Meta:
        model = Position
        fields = ["id", "kind", "status", "time_share", "start_date", "end_date"]
        read_only_fields = fields


class OverlapsMixin(Serializer):
    """The applicant's other time shares over the request's dates, as the
    caller sees them (``people.selectors.position_overlaps``): read once per
    request for both fields."""

    overlapping = serializers.SerializerMethodField()
    time_share_total = serializers.SerializerMethodField()

    def _overlaps(self, position: Position) -> Overlaps:
        cache: dict[int, Overlaps] = self.__dict__.setdefault("_overlaps_cache", {})
        if position.pk not in cache:
            cache[position.pk] = position_overlaps(user=self.context["request"].user, position=position)
        return cache[position.pk]

    @extend_schema_field(OverlappingSerializer(many=True))
    def get_overlapping(self, position: Position) -> list[dict[str, Any]]:
        """The applicant's other approved or pending requests overlapping this one, that the caller sees."""
        return list(OverlappingSerializer(self._overlaps(position).positions, many=True).data)

    @extend_schema_field(serializers.IntegerField())
    def get_time_share_total(self, position: Position) -> int:
        """In percent: the applicant's highest total time share on any day of this
        request, counting this request and ``overlapping``, so only the requests
        the caller sees (all of them for the applicant, direction and
        operations). Submitting beyond 100 % is refused."""
        return self._overlaps(position).total


OVERLAP_FIELDS = ["overlapping", "time_share_total"]


class HostPositionDetailSerializer(HostPositionSerializer, HistoryMixin, OverlapsMixin):
    class Meta(HostPositionSerializer.Meta):
        fields = [*HostPositionSerializer.Meta.fields, *OVERLAP_FIELDS, "history"]
        read_only_fields = fields


class SecondmentDetailSerializer(SecondmentSerializer, HistoryMixin, OverlapsMixin):
    class Meta(SecondmentSerializer.Meta):
        fields = [*SecondmentSerializer.Meta.fields, *OVERLAP_FIELDS, "history"]
        read_only_fields = fields


# Writing ----------------------------------------------------------------------


class PositionWriteSerializer(Serializer):
    time_share = serializers.IntegerField(
        help_text=f"In percent: a multiple of 10, from {TIME_SHARES[0]} to {TIME_SHARES[-1]}."
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(help_text="After the start date, at most 3 years later.")
    topic = serializers.CharField(max_length=300)
    justification = serializers.CharField(required=False, allow_blank=True, default="", style=MULTILINE)
    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="An open call for applications, if the request answers one.",
    )
    # Each choice among what the caller sees (a partner: no unit, no call), so that
    # an id they cannot see answers "does not exist", like a missing one (SPEC §3).
    seen_by_caller: ClassVar[dict[str, Callable[..., QuerySet[Any]]]] = {"call": call_list}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        for name, selector in self.seen_by_caller.items():
            field = self.fields[name]
            field.queryset = selector(user=request.user) if request is not None else field.queryset.none()


class HostPositionWriteSerializer(PositionWriteSerializer):
    host_team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), help_text="The host project-team.")
    seen_by_caller = {**PositionWriteSerializer.seen_by_caller, "host_team": team_list}


class SecondmentWriteSerializer(PositionWriteSerializer):
    host_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), help_text="The host department."
    )
    seen_by_caller = {**PositionWriteSerializer.seen_by_caller, "host_department": department_list}


class PositionFilterSerializer(Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words to search for (the applicant's names, the topic, the units): best first.",
    )
    status = serializers.ChoiceField(choices=PositionStatus.choices, required=False, help_text="Only this status.")
    awaiting_me = serializers.BooleanField(
        required=False, default=False, help_text="Only the requests awaiting my decision (or my delegator's)."
    )


class CommentSerializer(Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", style=MULTILINE)


class ChangesSerializer(Serializer):
    comment = serializers.CharField(
        allow_blank=True, style=MULTILINE, help_text="What the applicant should change (required, not blank)."
    )


class RejectSerializer(Serializer):
    reason = serializers.CharField(
        allow_blank=True, style=MULTILINE, help_text="Why the request is rejected (required, not blank)."
    )


class AttachmentSerializer(BaseAttachmentSerializer):
    download_view = "people:position-attachment"
