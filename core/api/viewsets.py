"""The API's base viewsets: one kind of record, seen through its app's
visibility selector and written through its app's services.

``RecordViewSet`` lists and reads, ``CreatableRecordViewSet`` adds POST and
``EditableRecordViewSet`` PATCH (there is no PUT). A subclass names its
serializers (``serializer_class`` for one record, ``list_serializer_class`` for
the rows of the list when they say less, ``filter_serializer_class`` for the
list's query parameters, ``write_serializer_class`` for a body) and writes two
methods: ``listed`` (what the user sees: the app's selector) and ``write`` (the
app's service). A subclass whose records may be confidential says which with
``logs_read``: reading one of them is then in the read log. What a write answers is the record read again
(``represented_queryset``) and shown with ``serializer_class``.

The errors are the exception handler's (``core.api.exceptions``): a body or a
query string the serializer refuses, or a model's ``ValidationError`` raised by
a service, is a 400; a ``core.errors.Conflict`` a 409; a refusal a 403; a record
the user does not see a 404, whatever the method.

The docstrings of these classes are left out of the OpenAPI schema
(``core.api.schema.doc_excludes``); their action methods have none, so that an
operation never borrows one for a description.
"""

from functools import cached_property
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.audit import read_log
from core.models import ReadLog


def parsed(serializer_class: type[BaseSerializer], data: Any, **kwargs: Any) -> dict[str, Any]:
    """``data`` as ``serializer_class`` validates it (a 400 otherwise), in a new dict."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and read one kind of record: those ``listed`` returns, any other is a 404."""

    list_serializer_class: type[BaseSerializer] | None = None
    filter_serializer_class: type[BaseSerializer] | None = None
    http_method_names = ["get", "head", "options"]

    def listed(self, filters: dict[str, Any]) -> QuerySet[Any]:
        """The records the user sees, through the app's selector. ``filters``
        are the list's validated query parameters, empty for any other action."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        # Asked for twice a request (by the permission check, then the action): built once.
        return self._visible

    @cached_property
    def _visible(self) -> QuerySet[Any]:
        filters: dict[str, Any] = {}
        if self.action == "list" and self.filter_serializer_class is not None:
            # A plain dict, not the QueryDict: DRF reads an empty value in a
            # QueryDict as no value, so that ``?status=`` would go unfiltered;
            # here it is a 400, as the schema says.
            filters = parsed(self.filter_serializer_class, self.request.query_params.dict())
        return self.listed(filters)

    def logs_read(self, obj: Any) -> bool:
        """Whether reading ``obj`` goes in the read log: a subclass says which
        records are confidential."""
        return False

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        if self.logs_read(obj):
            read_log(request, surface=ReadLog.Surface.API, obj=obj)
        return Response(self.get_serializer(obj).data)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return super().get_serializer_class()

    def represented_queryset(self) -> QuerySet[Any]:
        """Where a record just written or acted on is read again to be shown:
        among those the user sees, unless a subclass says otherwise."""
        return self.listed({})

    def represent(self, obj: Model) -> Any:
        """``obj`` as it now stands, read again and shown as one record."""
        return self.get_serializer(self.represented_queryset().get(pk=obj.pk)).data

    def page(self, rows: QuerySet[Any], serializer_class: type[BaseSerializer]) -> Response:
        """One page of a record's sub-collection (a project's members), paginated as the lists are."""
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)


class CreatableRecordViewSet(RecordViewSet):
    """Records the API also creates: POST a ``write_serializer_class`` body (or
    a ``create_serializer_class`` one, when creating takes more than editing
    changes), answered 201 with the new record."""

    write_serializer_class: type[BaseSerializer]
    create_serializer_class: type[BaseSerializer] | None = None
    http_method_names = ["get", "post", "head", "options"]

    def write(self, obj: Any, fields: dict[str, Any]) -> Any:
        """Create a record (``obj`` is None) or change ``obj`` through the app's
        services, with the validated ``fields``; return it."""
        raise NotImplementedError

    def body(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        """The request's body as ``serializer_class`` validates it, given the
        serializer context (who asks: a related record is looked up among those
        they see)."""
        return parsed(serializer_class, self.request.data, context=self.get_serializer_context(), **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.body(self.create_serializer_class or self.write_serializer_class)
        return Response(self.represent(self.write(None, fields)), status=status.HTTP_201_CREATED)


class EditableRecordViewSet(CreatableRecordViewSet):
    """Records the API also edits: PATCH a ``write_serializer_class`` body,
    partial unless ``partial_writes`` is False (every field then given)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    partial_writes = True

    def authorize_change(self, obj: Any) -> None:
        """Refuse (403) a change the user may not make, before the body is read,
        so that a refusal never depends on the input. By default the permission
        classes and the services decide."""

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.authorize_change(obj)
        fields = self.body(self.write_serializer_class, instance=obj, partial=self.partial_writes)
        return Response(self.represent(self.write(obj, fields)))
