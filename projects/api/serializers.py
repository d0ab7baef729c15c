"""Projects, their members and milestones, and data-access requests in the API
(SPEC §3, §4, §6).

Reading: a project names its units and methods and says whether the signed-in
user is a member or a lead (``project_list``'s annotations); the detail adds
its members, milestones and history. A list costs a constant number of
queries: every relation is prefetched by the view.

Writing: the fields a lead chooses; the rules (who may, in which state, unique
acronym) are the services'.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.access import ViewerSerializer as BaseViewerSerializer
from core.api.access import my_access_serializer, reason_serializer, viewer_of
from core.api.attachments import AttachmentSerializer
from core.api.history import HistoryRowSerializer, history_data
from core.api.serializers import (
    MULTILINE,
    ModelSerializer,
    NamedUnitSerializer,
    OptionalBooleanFilter,
    OptionalURLField,
    Serializer,
)
from people.models import Department, Team, User
from people.selectors import person_list
from projects.access import CLAUSES, viewer
from projects.models import (
    ClinicalDomain,
    DataAccessRequest,
    DataCategory,
    Membership,
    Milestone,
    Project,
    ProjectStatus,
)
from projects.selectors import leads_of, project_history, project_list

MAX_ID = 2**31 - 1


class ProjectHistoryEntrySerializer(HistoryRowSerializer):
    """One entry of the project's audit trail: who did what, when, and what changed."""

    shown = ("at", "actor", "action", "changes", "comment")


# Reading ----------------------------------------------------------------------


class MemberSerializer(ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="Their username.")
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "full_name", "role", "joined_at"]
        read_only_fields = fields


class MilestoneSerializer(ModelSerializer):
    done = serializers.SerializerMethodField()
    evidence_url = OptionalURLField(read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done", "done_on", "evidence_url"]
        read_only_fields = fields

    def get_done(self, milestone: Milestone) -> bool:
        return milestone.done_on is not None


class ProjectSerializer(ModelSerializer):
    methods = serializers.SerializerMethodField()
    teams = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()
    leads = serializers.SerializerMethodField()
    is_member = serializers.BooleanField(read_only=True, help_text="Whether you are a member of it.")
    is_lead = serializers.BooleanField(read_only=True, help_text="Whether you are one of its leads.")

    class Meta:
        model = Project
        fields = [
            "id",
            "acronym",
            "title",
            "summary",
            "clinical_domain",
            "status",
            "confidential",
            "start_date",
            "end_date",
            "methods",
            "teams",
            "departments",
            "leads",
            "is_member",
            "is_lead",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_methods(self, project: Project) -> list[str]:
        return sorted(method.name for method in project.methods.all())

    @extend_schema_field(NamedUnitSerializer(many=True))
    def get_teams(self, project: Project) -> list[dict[str, Any]]:
        return [{"id": team.pk, "name": team.acronym} for team in project.teams.all()]

    @extend_schema_field(NamedUnitSerializer(many=True))
    def get_departments(self, project: Project) -> list[dict[str, Any]]:
        return [{"id": department.pk, "name": str(department)} for department in project.departments.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_leads(self, project: Project) -> list[str]:
        """The usernames of its leads."""
        return leads_of(project)


class ProjectDetailSerializer(ProjectSerializer):
    members = MemberSerializer(source="memberships", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    history = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "members", "milestones", "history"]
        read_only_fields = fields

    @extend_schema_field(ProjectHistoryEntrySerializer(many=True))
    def get_history(self, project: Project) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return history_data(project_history(user=user, project=project), ProjectHistoryEntrySerializer)


class DataRequestSerializer(ModelSerializer):
    project = serializers.SerializerMethodField()
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    department = serializers.SerializerMethodField()

    class Meta:
        model = DataAccessRequest
        fields = [
            "id",
            "project",
            "status",
            "route",
            "department",
            "perimeter",
            "categories",
            "requested_by",
            "created_at",
            "committee_reference",
            "expires_on",
            "reason",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields

    @extend_schema_field(NamedUnitSerializer)
    def get_project(self, request: DataAccessRequest) -> dict[str, Any]:
        return {"id": request.project_id, "name": request.project.acronym}

    @extend_schema_field(NamedUnitSerializer(allow_null=True))
    def get_department(self, request: DataAccessRequest) -> dict[str, Any] | None:
        if request.department_id is None:
            return None
        return {"id": request.department_id, "name": str(request.department)}


# Writing ----------------------------------------------------------------------


class ProjectWriteSerializer(Serializer):
    acronym = serializers.CharField(
        max_length=30, help_text="Unique among the projects the caller sees, whatever the case or accents."
    )
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True, style=MULTILINE)
    clinical_domain = serializers.ChoiceField(choices=ClinicalDomain.choices, required=False)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    confidential = serializers.BooleanField(
        required=False, help_text="Seen by its members only (and direction, operations)."
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True, help_text="After the start date.")
    methods = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, help_text="Names of digital methods (tags)."
    )
    teams = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), many=True, required=False)
    departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), many=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The end after the start, the dates given or kept (an edit gives ``instance``)."""
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end_date": [_("The end comes after the start.")]})
        return attrs


class ProjectFilterSerializer(Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Words to search for.")
    clinical_domain = serializers.ChoiceField(choices=ClinicalDomain.choices, required=False)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    team = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="A project-team's id.")
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="A department's id.")
    mine = serializers.BooleanField(required=False, default=False, help_text="Only the projects I am a member of.")
    confidential = OptionalBooleanFilter(help_text="Only the confidential ones (true) or the others.")


class MemberWriteSerializer(Serializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), help_text="The new member's username."
    )
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a person the user sees in the directory: any other is "does not exist", like a missing one.
        request = self.context.get("request")
        if request is not None:
            self.fields["user"].queryset = person_list(user=request.user)


class MilestoneWriteSerializer(Serializer):
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="", max_length=200)


class MilestoneDoneSerializer(Serializer):
    done = serializers.BooleanField(help_text="Done (today) or not done.")
    evidence_url = serializers.URLField(required=False, allow_blank=True, max_length=200)


class DataRequestWriteSerializer(Serializer):
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), help_text="A project you lead (or any, for direction and operations)."
    )
    route = serializers.ChoiceField(choices=DataAccessRequest.Route.choices)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The department an internal study stays within.",
    )
    perimeter = serializers.CharField(
        allow_blank=True, style=MULTILINE, help_text="The patients and the period concerned."
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), allow_empty=True, help_text="At least one."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a project the user sees: any other is "not found", like a missing one.
        request = self.context.get("request")
        if request is not None:
            self.fields["project"].queryset = project_list(user=request.user)


class DataRequestFilterSerializer(Serializer):
    status = serializers.ChoiceField(choices=DataAccessRequest.Status.choices, required=False)
    project = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="A project's id.")


class DataRequestApproveSerializer(Serializer):
    committee_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Required."
    )
    expires_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Required: when the approval ends, in the future."
    )


class DataRequestRejectSerializer(Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", style=MULTILINE, help_text="Required, not blank."
    )


class DataRequestAttachmentSerializer(AttachmentSerializer):
    download_view = "projects:datarequest-attachment"


ProjectReasonSerializer = reason_serializer("ProjectReasonSerializer", CLAUSES)
MyAccessSerializer = my_access_serializer("MyProjectAccessSerializer", ProjectReasonSerializer, "project")


class ProjectViewerSerializer(BaseViewerSerializer):
    """A person of "who can see this project" (``projects.access.who_sees``' rows)."""

    role = serializers.CharField(read_only=True, help_text="`lead`, `member`, or empty: their role in the project.")
    reasons = ProjectReasonSerializer(many=True, read_only=True)
    as_viewer = viewer_of(viewer)


ViewerSerializer = ProjectViewerSerializer
