from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.pagination import CappedPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` (a whole number, 1 or more) and ``?page_size=`` (1 to 200).

    Any other value of either is a 400 naming it, rather than the default page
    or size DRF falls back to; a page past the last is a 404. The schema says
    both (``core.api.schema.paging_errors``).

    A search (``?q=``) counts at most 1,000 rows (``core.pagination``): past
    that, ``count`` is 1,000, the pages are the first 1,000 rows', and
    ``count_capped`` is true."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        self.django_paginator_class = CappedPaginator if request.query_params.get("q") else Paginator
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        if self.page is not None and getattr(self.page.paginator, "capped", False):
            response.data["count_capped"] = True
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "Present and true when a search (`q`) matches more than 1,000 rows: "
            "`count` is then 1,000 and the pages are the first 1,000 rows'.",
        }
        return response

    def get_page_size(self, request: Request) -> int:
        size = self._whole_number(request, self.page_size_query_param, maximum=self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        number = self._whole_number(request, self.page_query_param)
        return 1 if number is None else number

    def _whole_number(self, request: Request, name: str, maximum: int | None = None) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        value = values[0]
        number = int(value) if len(values) == 1 and value.isascii() and value.isdigit() else 0
        if number < 1 or (maximum is not None and number > maximum):
            message = (
                _("Enter a whole number, 1 or more.")
                if maximum is None
                else _("Enter a whole number from 1 to %(maximum)d.") % {"maximum": maximum}
            )
            raise ValidationError({name: [message]})
        return number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
