"""The API's OpenAPI declarations, each shape written once.

``Errors`` describes the error answers of one part of the API. ``crud_schema``
declares a record viewset (``core.api.viewsets``) in one decorator: its list,
create, retrieve and edit, and any of its actions given as ``operation``,
``record_action`` or ``sub_collection`` declarations.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from drf_spectacular.plumbing import get_lib_doc_excludes
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.fields import empty

from core.api.serializers import ErrorSerializer
from core.api.viewsets import CreatableRecordViewSet, EditableRecordViewSet, RecordViewSet

# A summary, or a summary and a description.
Doc = str | tuple[str, str]
Declaration = Callable[[Any], Any]
Declarations = Declaration | list[Declaration]


@dataclass(frozen=True)
class Errors:
    """The error answers of one part of the API, each described once: 400 with
    messages by field, 403 to who sees the record but may not act
    (``forbidden`` says who may), 404 for a record the user does not see, 409
    for one in a state that does not allow it."""

    forbidden: str
    not_visible: str = "No such object, or not one you see."
    conflict: str = "Not possible in the request's current state."

    def __call__(self, *codes: int) -> dict[int, OpenApiResponse]:
        return {code: self._response(code) for code in codes}

    def _response(self, code: int) -> OpenApiResponse:
        if code == 400:
            return OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input: messages by field.")
        described = {403: self.forbidden, 404: self.not_visible, 409: self.conflict}
        return OpenApiResponse(ErrorSerializer, description=described[code])


def operation(
    doc: Doc,
    *,
    responses: dict[int, Any],
    request: Any = empty,
    parameters: list[Any] | None = None,
    methods: list[str] | None = None,
) -> Declaration:
    """One operation: ``request=None`` says it takes no body; without
    ``request`` the body is drf-spectacular's guess."""
    summary, description = (doc, None) if isinstance(doc, str) else doc
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        responses=responses,
        parameters=parameters,
        methods=methods,
    )


def record_action(
    errors: Errors, doc: Doc, *, read: Any, request: Any, codes: tuple[int, ...] = (400, 403, 404, 409)
) -> Declaration:
    """A POST on one record (a workflow step) answered with the record as it now stands."""
    return operation(doc, request=request, responses={200: read, **errors(*codes)})


def sub_collection(errors: Errors, *, read: Any, write: Any, listed: Doc, added: Doc) -> list[Declaration]:
    """A record's sub-collection (a project's members): GET a page of ``read``
    rows (``listed``), POST a ``write`` body to add one (``added``, 201)."""
    return [
        operation(added, methods=["POST"], request=write, responses={201: read, **errors(400, 403, 404)}),
        operation(listed, methods=["GET"], responses={200: read(many=True), **errors(404)}),
    ]


def crud_schema(
    errors: Errors,
    *,
    read: Any,
    filters: Any,
    list: Doc,
    retrieve: Doc,
    rows: Any = None,
    write: Any = None,
    create_body: Any = None,
    create: Doc | None = None,
    partial_update: Doc | None = None,
    create_errors: tuple[int, ...] = (400, 403),
    update_errors: tuple[int, ...] = (400, 403, 404),
    **actions: Declarations,
) -> Declaration:
    """A record viewset's operations: the list (``rows``, else ``read``, with
    the ``filters`` serializer's query parameters), one record (``read``),
    creating it from a ``create_body`` (else ``write``) and editing it with a
    ``write`` body, both answered with ``read``; ``actions`` by name."""
    declared: dict[str, Declarations] = {
        "list": operation(list, parameters=[filters], responses={200: rows or read, **errors(400)}),
        "retrieve": operation(retrieve, responses={200: read, **errors(404)}),
    }
    if create is not None:
        declared["create"] = operation(
            create, request=create_body or write, responses={201: read, **errors(*create_errors)}
        )
    if partial_update is not None:
        declared["partial_update"] = operation(
            partial_update, request=write, responses={200: read, **errors(*update_errors)}
        )
    return extend_schema_view(**declared, **actions)


@cache
def doc_excludes() -> list[type]:
    """The classes whose docstrings never describe an operation (drf-spectacular's
    ``GET_LIB_DOC_EXCLUDES``): the library's, and the base viewsets, whose
    docstrings speak to who writes a viewset, not to who calls the API."""
    return [*get_lib_doc_excludes(), RecordViewSet, CreatableRecordViewSet, EditableRecordViewSet]


NO_SUCH_PAGE = "No such page: past the last one."


def paging_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook: every paginated list (an
    operation taking ``?page=``) also answers 400 to a ``page`` or
    ``page_size`` that is not a number in range, and 404 to a page past the
    last (``core.api.pagination``)."""
    error = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not any(parameter.get("name") == "page" for parameter in operation.get("parameters", [])):
                continue
            responses = operation["responses"]
            responses.setdefault(
                "400",
                {
                    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {}}}},
                    "description": "Invalid input: messages by field.",
                },
            )
            if "404" in responses:
                responses["404"]["description"] += f" {NO_SUCH_PAGE}"
            else:
                responses["404"] = {"content": {"application/json": {"schema": error}}, "description": NO_SUCH_PAGE}
    return result


def access_schemas(errors: Errors, *, noun: str, managers: str, reasons: Any, viewers: Any) -> dict[str, Declaration]:
    """The schema of a record's ``access_me`` and ``access`` actions
    (``core.explain``): why the reader sees it, and who can see it, for
    ``managers`` (in words) — 403 for anyone else who sees it, 404 for who does not."""
    return {
        "access_me": operation(
            (
                f"Why you see this {noun}",
                "Each reason you see it (SPEC §3), in your language: the same rules as the list's. 404 if you do not.",
            ),
            responses={200: reasons, **errors(404)},
        ),
        "access": operation(
            (
                f"Who can see this {noun}",
                "Paginated, in name order: each person who sees it, their reasons and what they may do. For "
                f"{managers}: 403 for anyone else who sees it, 404 for who does not.",
            ),
            responses={200: viewers(many=True), **errors(403, 404)},
        ),
    }
