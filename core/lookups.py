"""Filters that read better on PostgreSQL than the ORM's own."""

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Expression, F, Model, QuerySet, Subquery
from django.db.models.expressions import Combinable


class AmongIds(Expression):
    """``column IN (ids)``, for a small set of ``ids`` read by a subquery.

    PostgreSQL reads it as ``column = ANY(ARRAY(ids))``: the ids are gathered
    first (an init plan, planned on its own) and the list's table is read by
    them from its index, instead of joining the subquery into the query, which
    adds a table to the joins the planner orders (with the list's own joins,
    planning the page took longer than running it). Other databases read the
    plain ``IN``.
    """

    conditional = True

    def __init__(self, column: str, ids: QuerySet[Any, Any]) -> None:
        super().__init__(output_field=BooleanField())
        self.column: Any = F(column)
        self.ids: Any = Subquery(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.ids]

    def set_source_expressions(self, exprs: Sequence[Combinable | Expression]) -> None:
        self.column, self.ids = exprs

    def _parts(self, compiler: Any, connection: Any) -> tuple[str, str, tuple[Any, ...]]:
        column, column_params = compiler.compile(self.column)
        ids, ids_params = compiler.compile(self.ids)
        return column, ids, (*column_params, *ids_params)

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, tuple[Any, ...]]:
        column, ids, params = self._parts(compiler, connection)
        return f"{column} IN {ids}", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, tuple[Any, ...]]:
        column, ids, params = self._parts(compiler, connection)
        return f"{column} = ANY(ARRAY{ids})", params


def rows_of_slices[M: Model](slices: Sequence[QuerySet[M]]) -> list[M]:
    """The rows of several LIMITed querysets: in one ``UNION ALL`` where the
    database allows a LIMIT in each part (PostgreSQL), else one query each
    (SQLite, ``make run``'s database). A union keeps no order: callers sort."""
    if not slices:
        return []
    first, *others = slices
    if not others:
        return list(first)
    if connections[first.db].features.supports_slicing_ordering_in_compound:
        return list(first.union(*others, all=True))
    return [row for rows in slices for row in rows]
