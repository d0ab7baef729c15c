from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.schema import Errors, access_schemas
from core.api.serializers import ErrorSerializer
from core.personal_data import personal_data_export, personal_data_filename
from core.security import LOCKED_OUT_MESSAGE
from people import services
from people.access import manages_person, who_sees_person, why_person_visible
from people.api.access_serializers import MyPersonAccessSerializer, PersonViewerSerializer
from people.api.serializers import (
    DepartmentSerializer,
    DirectorySearchSerializer,
    MeSerializer,
    PersonSerializer,
    PreferencesSerializer,
    TeamSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from people.identity import has_second_factor, token_needs_code
from people.models import Department, Team, User
from people.selectors import department_list, person_list, team_list
from people.services.identity import mfa_code_verify

ERRORS = Errors(forbidden="Operations only.")


def unit_schema(serializer: type[BaseSerializer]) -> Any:
    """The error answers of a unit viewset (teams, departments), which operations write."""
    return extend_schema_view(
        retrieve=extend_schema(responses={200: serializer, **ERRORS(404)}),
        create=extend_schema(responses={201: serializer, **ERRORS(400, 403)}),
        update=extend_schema(responses={200: serializer, **ERRORS(400, 403, 404)}),
        partial_update=extend_schema(responses={200: serializer, **ERRORS(400, 403, 404)}),
    )


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(
            OpenApiTypes.OBJECT,
            description="Invalid input, wrong username or password, or (for an account with a second factor, "
            'or one that must have it) a missing or wrong `code`: `{"code": ["…"]}`.',
        ),
        429: OpenApiResponse(ErrorSerializer, description="Locked out after five failures (passwords or codes)."),
    },
)
@api_view(["POST"])
@permission_classes([permissions.AllowAny])
def token_obtain(request: Request) -> Response:
    """Exchange a username and password for an API token. An account with a
    second factor (and, when the site requires it, a direction, operations or
    partner account) gives its current `code` too: its authenticator app's, or
    one unused recovery code. Goes through the same lockout as the sign-in
    page: five failures, of password or code, lock the username (429)."""
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    django_request = request._request
    user = authenticate(django_request, username=data["username"], password=data["password"])
    if getattr(django_request, "axes_locked_out", False):
        return Response({"detail": LOCKED_OUT_MESSAGE}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if user is None:
        return Response(
            {"detail": _("Unable to sign in with these credentials.")},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if token_needs_code(user):
        refusal = _second_factor_refusal(django_request, user, data.get("code", ""))
        if refusal is not None:
            return refusal
    # A success clears the failures, as a sign-in on the page does (AXES_RESET_ON_SUCCESS).
    ip_address = getattr(django_request, "axes_ip_address", None)
    if ip_address:
        axes_reset(ip=ip_address, username=data["username"])
    token = services.token_issue(user=user, request=django_request)
    return Response({"token": token.key})


def _second_factor_refusal(django_request: Any, user: User, code: str) -> Response | None:
    """None when ``code`` is right; else the answer: 400 asking for it, or 429
    when this wrong code was the last one allowed."""
    if not has_second_factor(user):
        message = _("This account needs a second factor: set one up on the site (/accounts/2fa/) first.")
        return Response({"code": [message]}, status=status.HTTP_400_BAD_REQUEST)
    if not code:
        message = _("This account has a second factor: send the current code of your authenticator app as `code`.")
        return Response({"code": [message]}, status=status.HTTP_400_BAD_REQUEST)
    if mfa_code_verify(user=user, code=code, request=django_request):
        return None
    if getattr(django_request, "axes_locked_out", False):
        return Response({"detail": LOCKED_OUT_MESSAGE}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    return Response({"code": [_("This code is wrong or has expired.")]}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def me(request: Request) -> Response:
    user = User.objects.select_related("team", "department__hospital", "company").get(pk=request.user.pk)
    return Response(MeSerializer(user).data)


@extend_schema(
    responses={200: OpenApiTypes.OBJECT},
    description="All that labsite holds about the caller: a summary in their language, "
    "and one list of rows per section.",
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def me_personal_data(request: Request) -> Response:
    export = personal_data_export(user=request.user, by=request.user)
    return Response(
        export, headers={"Content-Disposition": f'attachment; filename="{personal_data_filename(request.user)}"'}
    )


@extend_schema(methods=["GET"], responses=PreferencesSerializer)
@extend_schema(methods=["PATCH"], request=PreferencesSerializer, responses={200: PreferencesSerializer, **ERRORS(400)})
@api_view(["GET", "PATCH"])
@permission_classes([permissions.IsAuthenticated])
def me_preferences(request: Request) -> Response:
    user = request.user
    if request.method == "PATCH":
        serializer = PreferencesSerializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.user_update_profile(user=user, by=user, **serializer.validated_data)
    return Response(PreferencesSerializer(user).data)


ACCESS_FORBIDDEN = "Direction and operations only."
ACCESS_ERRORS = Errors(forbidden=ACCESS_FORBIDDEN, not_visible="No such person, or not one you see.")


@extend_schema_view(
    retrieve=extend_schema(responses={200: PersonSerializer, **ERRORS(404)}),
    **access_schemas(
        ACCESS_ERRORS,
        noun="person",
        managers="direction and operations (`edit`: their own profile; operations, anyone's)",
        reasons=MyPersonAccessSerializer,
        viewers=PersonViewerSerializer,
    ),
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """The directory, as SPEC §3: staff see all staff; partners see the people
    they share a project with."""

    serializer_class = PersonSerializer
    queryset = User.objects.none()

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Search words")])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        search = DirectorySearchSerializer(data=self.request.query_params)
        search.is_valid(raise_exception=True)
        return person_list(user=self.request.user, q=search.validated_data["q"])

    @action(detail=True, methods=["get"], url_path="access/me", url_name="access-me")
    def access_me(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        return Response(MyPersonAccessSerializer({"reasons": why_person_visible(request.user, person)}).data)

    @action(detail=True, methods=["get"], url_path="access", url_name="access")
    def access(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        if not manages_person(request.user):
            raise PermissionDenied(ACCESS_FORBIDDEN)
        page = self.paginate_queryset(who_sees_person(person))
        return self.get_paginated_response(PersonViewerSerializer(page, many=True).data)


@unit_schema(TeamSerializer)
class TeamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Inria project-teams. Operations may create and change them."""

    serializer_class = TeamSerializer
    queryset = Team.objects.none()

    def get_queryset(self) -> Any:
        return team_list(user=self.request.user)

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.team_save(team=Team(), by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer) -> None:
        services.team_save(team=serializer.instance, by=self.request.user, **serializer.validated_data)


@unit_schema(DepartmentSerializer)
class DepartmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """AP-HP hospital departments. Operations may create and change them."""

    serializer_class = DepartmentSerializer
    queryset = Department.objects.none()

    def get_queryset(self) -> Any:
        return department_list(user=self.request.user)

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = services.department_save(
            department=Department(), by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        services.department_save(department=serializer.instance, by=self.request.user, **serializer.validated_data)
