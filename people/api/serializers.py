from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import ModelSerializer, Serializer
from people.models import STAFF_INSTITUTIONS, Department, DigestFrequency, Hospital, Language, Team, User
from people.roles import user_roles


class UnitSerializer(Serializer):
    kind = serializers.ChoiceField(choices=["team", "department", "company"])
    id = serializers.IntegerField()
    name = serializers.CharField()


def unit_of(user: User) -> dict[str, Any] | None:
    if user.team_id:
        return {"kind": "team", "id": user.team_id, "name": user.team.acronym}
    if user.department_id:
        return {"kind": "department", "id": user.department_id, "name": str(user.department)}
    if user.company_id:
        return {"kind": "company", "id": user.company_id, "name": user.company.name}
    return None


class PersonSerializer(ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    unit = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "institution", "unit"]

    @extend_schema_field(UnitSerializer(allow_null=True))
    def get_unit(self, user: User) -> dict[str, Any] | None:
        return unit_of(user)


class MeSerializer(PersonSerializer):
    roles = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "roles", "language"]

    def get_roles(self, user: User) -> list[str]:
        return user_roles(user)


class PreferencesSerializer(ModelSerializer):
    digest = serializers.ChoiceField(choices=DigestFrequency.choices, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)

    class Meta:
        model = User
        fields = ["digest", "language"]


# A unit is headed by an active member of the lab's staff, never by a partner account.
UNIT_HEADS = User.objects.filter(is_active=True, institution__in=STAFF_INSTITUTIONS)


class TeamSerializer(ModelSerializer):
    leader = serializers.SlugRelatedField(slug_field="username", queryset=UNIT_HEADS, allow_null=True, required=False)

    class Meta:
        model = Team
        fields = ["id", "acronym", "name", "leader"]


class DepartmentSerializer(ModelSerializer):
    head = serializers.SlugRelatedField(slug_field="username", queryset=UNIT_HEADS, allow_null=True, required=False)
    hospital = serializers.SlugRelatedField(slug_field="short_name", queryset=Hospital.objects.all())

    class Meta:
        model = Department
        fields = ["id", "name", "hospital", "head"]


class DirectorySearchSerializer(Serializer):
    """``?q=``: the words to look for (the directory page's search, with its limits)."""

    q = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TokenRequestSerializer(Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="The current code of the account's authenticator app, or one unused recovery code. Required "
        "for an account with a second factor, and for direction, operations and partner accounts when the "
        "site requires one (MFA_REQUIRED).",
    )


class TokenSerializer(Serializer):
    token = serializers.CharField()
