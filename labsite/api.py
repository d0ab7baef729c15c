"""``GET /api/search/?q=``: the header's search (``labsite.search``), as JSON."""

from typing import cast

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.serializers import Serializer
from labsite.search import KINDS, MAX_LENGTH, PAGE_RESULTS, groups_data, search_everything
from people.models import User


class SearchQuerySerializer(Serializer):
    """``?q=``: the words to look for, as the header's search box reads them."""

    q = serializers.CharField(max_length=MAX_LENGTH, required=False, allow_blank=True, default="")


class SearchResultSerializer(Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The record's page on the site.")


class SearchGroupSerializer(Serializer):
    kind = serializers.ChoiceField(choices=[kind.code for kind in KINDS])
    label = serializers.CharField(help_text="The kind's name, in the caller's language.")  # type: ignore[assignment]
    results = SearchResultSerializer(many=True)
    more = serializers.BooleanField(help_text="The kind's list holds more matches than those given.")
    list_url = serializers.CharField(help_text="The kind's list on the site, filtered by the same words.")


class SearchAnswerSerializer(Serializer):
    q = serializers.CharField()
    groups = SearchGroupSerializer(many=True)


@extend_schema(
    operation_id="search",
    summary="Search everything the caller may see",
    description=(
        f"People, projects, host positions, secondments, innovations, agreements, calls and chairs matching `q`, "
        f"grouped by kind, the kind with the best match first, each with its best {PAGE_RESULTS} records "
        "(ranked full text in French and English, accents ignored, the last word read as a prefix). Every record "
        "comes from the list the caller sees: a search never names another. No words: no groups."
    ),
    parameters=[OpenApiParameter("q", str, description="The words to look for.")],
    responses={
        200: SearchAnswerSerializer,
        400: OpenApiResponse(description="Invalid input: messages by field."),
    },
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def search(request: Request) -> Response:
    query = SearchQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    q = query.validated_data["q"]
    groups = search_everything(cast(User, request.user), q)
    payload = {"q": q, "groups": groups_data(groups)}
    return Response(SearchAnswerSerializer(payload).data)
