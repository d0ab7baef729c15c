"""The API's base viewsets and schema factory (core/api/viewsets.py,
core/api/schema.py), on a small viewset of their own: projects as the projects
app's selectors show them and its services write them, with their members as
a sub-collection (so the module lives at the top layer, which may import any
app). Its permission class is plain ``IsAuthenticated``, so that
what answers 403 and 404 here is the base classes and the services."""

import pytest
from django.core.exceptions import PermissionDenied
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient, APIRequestFactory

from core.api.schema import Errors, crud_schema, record_action, sub_collection
from core.api.viewsets import EditableRecordViewSet
from people.models import User
from projects import services
from projects.models import Membership, Project
from projects.selectors import can_manage, member_list, project_list

pytestmark = pytest.mark.urls(__name__)

ERRORS = Errors(forbidden="Its leads only.", conflict="Not a member.")


class StudyRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = ["id", "acronym"]


class StudySerializer(serializers.ModelSerializer):
    # An annotation of ``project_list``: there only when the record was read through the selector.
    is_lead = serializers.BooleanField(read_only=True)

    class Meta:
        model = Project
        fields = ["id", "acronym", "title", "is_lead"]


class StudyFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, default=False)


class StudyWriteSerializer(serializers.Serializer):
    acronym = serializers.CharField(max_length=30)
    title = serializers.CharField(max_length=300)


class MemberSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role"]


class UsernameSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())


@crud_schema(
    ERRORS,
    rows=StudyRowSerializer,
    read=StudySerializer,
    filters=StudyFilterSerializer,
    write=StudyWriteSerializer,
    list=("The studies you see", "Paginated."),
    create=("Start a study", "You lead it."),
    retrieve="One study",
    partial_update=("Edit a study", "Its leads."),
    members=sub_collection(
        ERRORS, read=MemberSerializer, write=UsernameSerializer, listed="Its members", added="Add a member"
    ),
    drop=record_action(ERRORS, "Remove a member", read=StudySerializer, request=UsernameSerializer),
)
class Studies(EditableRecordViewSet):
    queryset = Project.objects.none()
    permission_classes = [IsAuthenticated]
    serializer_class = StudySerializer
    list_serializer_class = StudyRowSerializer
    filter_serializer_class = StudyFilterSerializer
    write_serializer_class = StudyWriteSerializer

    def listed(self, filters):
        return project_list(user=self.request.user, filters=filters).order_by("acronym")

    def authorize_change(self, project):
        if not can_manage(self.request.user, project):
            raise PermissionDenied("Its leads only.")

    def write(self, project, fields):
        if project is None:
            return services.project_create(by=self.request.user, **fields)
        return services.project_update(project=project, by=self.request.user, **fields)

    @action(detail=True, methods=["get", "post"])
    def members(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            return self.page(member_list(project=project), MemberSerializer)
        self.authorize_change(project)
        membership = services.member_add(project=project, by=request.user, **self.body(UsernameSerializer))
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        project = self.get_object()
        services.member_remove(project=project, by=request.user, **self.body(UsernameSerializer))
        return Response(self.represent(project))


class WholeStudies(Studies):
    # Every field given on an edit.
    partial_writes = False


router = SimpleRouter()
router.register("studies", Studies, basename="study")
router.register("whole-studies", WholeStudies, basename="whole-study")
urlpatterns = router.urls


@pytest.fixture
def lead(db):
    return User.objects.create_user(username="lead")


@pytest.fixture
def colleague(db):
    return User.objects.create_user(username="colleague")


@pytest.fixture
def studies(lead):
    return {
        acronym: services.project_create(by=lead, acronym=acronym, title=f"{acronym} study", confidential=secret)
        for acronym, secret in [("OPEN", False), ("OTHER", False), ("SECRET", True)]
    }


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# Reading ----------------------------------------------------------------------


def test_the_list_is_what_the_selector_shows_in_the_list_serializer(studies, colleague):
    response = client_of(colleague).get("/studies/")
    assert response.status_code == 200
    assert response.data["results"] == [
        {"id": studies["OPEN"].pk, "acronym": "OPEN"},
        {"id": studies["OTHER"].pk, "acronym": "OTHER"},
    ]


def test_the_list_filters_by_its_validated_query_parameters(studies, lead, colleague):
    services.member_add(project=studies["OTHER"], by=lead, user=colleague)
    response = client_of(colleague).get("/studies/", {"mine": "true"})
    assert [row["acronym"] for row in response.data["results"]] == ["OTHER"]


def test_an_invalid_query_parameter_is_a_400_by_field(studies, colleague):
    response = client_of(colleague).get("/studies/", {"mine": "perhaps"})
    assert response.status_code == 400
    assert set(response.data) == {"mine"}


def test_the_query_parameters_are_read_for_the_list_only(studies, colleague):
    response = client_of(colleague).get(f"/studies/{studies['OPEN'].pk}/", {"mine": "perhaps"})
    assert response.status_code == 200
    assert response.data == {"id": studies["OPEN"].pk, "acronym": "OPEN", "title": "OPEN study", "is_lead": False}


def test_a_record_the_selector_hides_is_a_404_whatever_the_method(studies, colleague):
    client = client_of(colleague)
    url = f"/studies/{studies['SECRET'].pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "Seen"}, format="json").status_code == 404
    assert client.post(f"{url}members/", {"user": "colleague"}, format="json").status_code == 404


def test_the_visible_records_are_built_once_a_request(lead):
    request = Request(APIRequestFactory().get("/studies/1/"))
    request.user = lead
    view = Studies(request=request, action="retrieve", kwargs={"pk": "1"}, format_kwarg=None)
    assert view.get_queryset() is view.get_queryset()


def test_there_is_no_put_nor_delete(studies, lead):
    client = client_of(lead)
    url = f"/studies/{studies['OPEN'].pk}/"
    assert client.put(url, {"acronym": "OPEN", "title": "New"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


# Writing ------------------------------------------------------------------------


def test_create_writes_through_the_service_and_answers_the_record_read_again(lead):
    response = client_of(lead).post("/studies/", {"acronym": "NEW", "title": "A new study"}, format="json")
    assert response.status_code == 201
    project = Project.objects.get(acronym="NEW")
    # ``is_lead`` comes from the selector: the answer is the record read again, not the service's object.
    assert response.data == {"id": project.pk, "acronym": "NEW", "title": "A new study", "is_lead": True}
    assert project.memberships.get().user == lead


def test_an_invalid_body_is_a_400_by_field_and_writes_nothing(lead):
    response = client_of(lead).post("/studies/", {"acronym": "NEW"}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"title"}
    assert not Project.objects.filter(acronym="NEW").exists()


def test_a_service_s_validation_error_is_a_400_by_field(studies, lead):
    response = client_of(lead).post("/studies/", {"acronym": "OPEN", "title": "Again"}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"acronym"}


def test_an_edit_is_partial_and_answers_the_record(studies, lead):
    url = f"/studies/{studies['OPEN'].pk}/"
    response = client_of(lead).patch(url, {"title": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.data == {"id": studies["OPEN"].pk, "acronym": "OPEN", "title": "Renamed", "is_lead": True}


def test_an_edit_takes_every_field_when_writes_are_not_partial(studies, lead):
    url = f"/whole-studies/{studies['OPEN'].pk}/"
    response = client_of(lead).patch(url, {"title": "Renamed"}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"acronym"}
    assert Project.objects.get(pk=studies["OPEN"].pk).title == "OPEN study"


def test_a_refused_change_is_a_403_before_the_body_is_read(studies, colleague):
    url = f"/studies/{studies['OPEN'].pk}/"
    response = client_of(colleague).patch(url, {"title": ""}, format="json")
    assert response.status_code == 403
    assert response.data == {"detail": "Its leads only."}


# A sub-collection and an action on one record -------------------------------------


def test_a_sub_collection_is_paginated_as_the_lists_are(studies, lead, colleague):
    services.member_add(project=studies["OPEN"], by=lead, user=colleague)
    response = client_of(colleague).get(f"/studies/{studies['OPEN'].pk}/members/", {"page_size": 1})
    assert response.status_code == 200
    assert response.data["count"] == 2
    assert response.data["results"] == [{"user": "lead", "role": "lead"}]
    assert response.data["next"] is not None


def test_adding_to_a_sub_collection_answers_201_with_the_new_row(studies, lead, colleague):
    url = f"/studies/{studies['OPEN'].pk}/members/"
    response = client_of(lead).post(url, {"user": "colleague"}, format="json")
    assert response.status_code == 201
    assert response.data == {"user": "colleague", "role": "member"}
    again = client_of(lead).post(url, {"user": "colleague"}, format="json")
    assert again.status_code == 400
    assert set(again.data) == {"user"}


def test_a_service_s_conflict_is_a_409(studies, lead, colleague):
    response = client_of(lead).post(f"/studies/{studies['OPEN'].pk}/drop/", {"user": "colleague"}, format="json")
    assert response.status_code == 409
    assert set(response.data) == {"detail"}


def test_an_action_answers_the_record_read_again(studies, lead, colleague):
    services.member_add(project=studies["OPEN"], by=lead, user=colleague)
    response = client_of(lead).post(f"/studies/{studies['OPEN'].pk}/drop/", {"user": "colleague"}, format="json")
    assert response.status_code == 200
    assert response.data["is_lead"] is True
    assert not studies["OPEN"].memberships.filter(user=colleague).exists()


# The schema ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def operations():
    schema = SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
    return {
        (method.upper(), path): operation
        for path, methods in schema["paths"].items()
        if path.startswith("/studies/")
        for method, operation in methods.items()
    }


def _answers(operation):
    return {code: answer.get("description", "") for code, answer in operation["responses"].items()}


def test_the_schema_declares_the_list_with_its_filters(operations):
    listing = operations["GET", "/studies/"]
    assert (listing["summary"], listing["description"]) == ("The studies you see", "Paginated.")
    assert [parameter["name"] for parameter in listing["parameters"]] == ["mine", "page", "page_size"]
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedStudyRowList"
    }
    assert _answers(listing)["400"] == "Invalid input: messages by field."


def test_the_schema_declares_create_and_edit_with_their_errors(operations):
    create, edit = operations["POST", "/studies/"], operations["PATCH", "/studies/{id}/"]
    assert _answers(create) == {"201": "", "400": "Invalid input: messages by field.", "403": "Its leads only."}
    assert set(_answers(edit)) == {"200", "400", "403", "404"}
    assert _answers(edit)["404"] == "No such object, or not one you see."
    assert edit["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PatchedStudyWriteRequest"
    }


def test_an_operation_without_a_description_borrows_none_from_the_base_classes(operations):
    retrieve = operations["GET", "/studies/{id}/"]
    assert retrieve["summary"] == "One study"
    assert "description" not in retrieve


def test_the_schema_declares_a_sub_collection(operations):
    listing, adding = operations["GET", "/studies/{id}/members/"], operations["POST", "/studies/{id}/members/"]
    assert listing["summary"] == "Its members"
    # A page, as the lists are.
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedMemberList"
    }
    # 400 to a page or page size out of range (core.api.schema.paging_errors).
    assert set(_answers(listing)) == {"200", "400", "404"}
    assert adding["summary"] == "Add a member"
    assert set(_answers(adding)) == {"201", "400", "403", "404"}


def test_the_schema_declares_an_action_on_one_record(operations):
    drop = operations["POST", "/studies/{id}/drop/"]
    assert drop["summary"] == "Remove a member"
    assert _answers(drop)["409"] == "Not a member."
    assert set(_answers(drop)) == {"200", "400", "403", "404", "409"}
