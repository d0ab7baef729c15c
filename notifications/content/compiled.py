"""Queries compiled once per kind of person.

Composing thousands of emails, compiling each person's queries through the ORM
costs more than running them. So each section's query is built by the
selector once per chunk and per *shape* of person (roles, institution, units
headed, project roles: what decides the query's form), for a stand-in with
that shape and an id no row has; each person's query is that SQL with the
stand-in's id replaced by theirs. The rule is the selector's, evaluated as the
recipient: only the id bound to it differs.

What the rules ask of a person is read once per chunk, in bulk, into a
``Viewer``: the value every section's query is built from.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet, prefetch_related_objects

from people.models import User
from people.roles import remember_group_names
from projects.models import Membership

STAND_IN_USER = -7_391_235
STAND_IN_COMPANY = -7_391_236

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Shape:
    """What decides the form of a person's queries (everything but their ids)."""

    groups: frozenset[str]
    institution: str
    has_company: bool
    is_active: bool
    is_superuser: bool
    heads_unit: bool
    project_roles: frozenset[str]

    def stand_in(self) -> "Viewer":
        """A person of this shape whose ids no row has."""
        return Viewer(
            id=STAND_IN_USER,
            company_id=STAND_IN_COMPANY if self.has_company else None,
            institution=self.institution,
            is_active=self.is_active,
            is_superuser=self.is_superuser,
            groups=self.groups,
            heads_unit=self.heads_unit,
            project_roles=self.project_roles,
        )


@dataclass(frozen=True)
class Viewer:
    """Who a section is read as: a person's ids and what the rules ask of them
    (groups, whether they head a unit, their roles in projects)."""

    id: int
    company_id: int | None
    institution: str
    is_active: bool
    is_superuser: bool
    groups: frozenset[str]
    heads_unit: bool
    project_roles: frozenset[str]

    @property
    def shape(self) -> Shape:
        return Shape(
            groups=self.groups,
            institution=self.institution,
            has_company=self.company_id is not None,
            is_active=self.is_active,
            is_superuser=self.is_superuser,
            heads_unit=self.heads_unit,
            project_roles=self.project_roles,
        )

    @property
    def leads_a_project(self) -> bool:
        return Membership.Role.LEAD in self.project_roles

    def as_user(self) -> User:
        """The person as the selectors take them: the columns and groups their
        rules read, and nothing read from the database."""
        person = User(
            pk=self.id,
            institution=self.institution,
            company_id=self.company_id,
            is_active=self.is_active,
            is_superuser=self.is_superuser,
        )
        remember_group_names(person, self.groups)
        return person


def viewers_of(users: list[User]) -> dict[int, Viewer]:
    """Each person's ``Viewer``, by id, in one query for the whole list (their
    groups and the units they head are read with them by ``prepare_users``, or
    here if they were not). Their groups are handed to ``people.roles`` so that
    no check on them reads them again."""
    prefetch_related_objects(users, "groups", "led_teams", "headed_departments")
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in Membership.objects.filter(user__in=users).values_list("user_id", "role"):
        roles[user_id].add(role)
    viewers: dict[int, Viewer] = {}
    for user in users:
        groups = frozenset(group.name for group in user.groups.all())
        remember_group_names(user, groups)
        viewers[user.pk] = Viewer(
            id=user.pk,
            company_id=user.company_id,
            institution=user.institution,
            is_active=user.is_active,
            is_superuser=user.is_superuser,
            groups=groups,
            heads_unit=bool(user.led_teams.all() or user.headed_departments.all()),
            project_roles=frozenset(roles[user.pk]),
        )
    return viewers


# ``build(viewer)``: a section's rows for ``viewer``, as a ``values_list`` queryset.
Build = Callable[[Viewer], QuerySet[Any]]


class CompiledQueries:
    """Each section's SQL, compiled once per shape of person, and the rows of a
    whole chunk of people read in one query per section and shape."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, Shape], tuple[str, tuple[Any, ...]] | None] = {}
        self._rows: dict[tuple[str, int], list[Row]] = {}

    def _compile(self, name: str, shape: Shape, build: Build) -> tuple[str, tuple[Any, ...]] | None:
        key = (name, shape)
        if key not in self._compiled:
            sql, params = build(shape.stand_in()).query.sql_with_params()
            inlined = str(STAND_IN_USER) in sql or str(STAND_IN_COMPANY) in sql
            self._compiled[key] = None if inlined else (sql, tuple(params))
        return self._compiled[key]

    def rows(self, name: str, viewer: Viewer, build: Build) -> list[Row]:
        """The rows of section ``name`` for ``viewer`` (read with the chunk's, or now)."""
        if (name, viewer.id) in self._rows:
            return self._rows[(name, viewer.id)]
        compiled = self._compile(name, viewer.shape, build)
        if compiled is None:  # the stand-in's id went into the SQL text: no template
            return list(build(viewer))
        sql, params = compiled
        bound = [
            viewer.id if _is(value, STAND_IN_USER) else viewer.company_id if _is(value, STAND_IN_COMPANY) else value
            for value in params
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            return cursor.fetchall()

    def prefetch(self, name: str, viewers: list[Viewer], build: Build) -> None:
        """Read the rows of ``viewers`` at once: per shape, the compiled query
        joined laterally to the list of their ids, in one statement. (On
        PostgreSQL; elsewhere, the SQLite demo, ``rows`` asks person by person.)"""
        if connection.vendor != "postgresql":
            return
        by_shape: dict[Shape, list[Viewer]] = defaultdict(list)
        for viewer in viewers:
            by_shape[viewer.shape].append(viewer)
        for shape, people in by_shape.items():
            compiled = self._compile(name, shape, build)
            if compiled is None:
                continue  # ``rows`` will ask person by person
            inner, params = bind_to_columns(*compiled)
            # ``inner`` is SQL the ORM compiled; every value in it is a parameter.
            sql = LATERAL.format(inner=inner)
            found: dict[int, list[Row]] = {person.id: [] for person in people}
            with connection.cursor() as cursor:
                cursor.execute(sql, [[p.id for p in people], [p.company_id for p in people], *params])
                for row in cursor.fetchall():
                    found[row[0]].append(tuple(row[1:-1]))
            for user_id, rows in found.items():
                self._rows[(name, user_id)] = rows


LATERAL = (
    "SELECT u.id, t.* FROM unnest(%s::integer[], %s::integer[]) AS u(id, company_id) "
    "CROSS JOIN LATERAL (SELECT s.*, row_number() OVER () AS labsite_n FROM ({inner}) AS s) AS t "
    "ORDER BY u.id, t.labsite_n"
)
_PLACEHOLDER = re.compile(r"(%%|%s)")


def bind_to_columns(sql: str, params: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """The stand-in's ids in ``sql`` become the lateral join's columns ``u.id``
    and ``u.company_id``; the other parameters stay parameters."""
    values = iter(params)
    parts: list[str] = []
    bound: list[Any] = []
    for part in _PLACEHOLDER.split(sql):
        if part == "%s":
            value = next(values)
            if _is(value, STAND_IN_USER):
                part = "u.id"
            elif _is(value, STAND_IN_COMPANY):
                part = "u.company_id"
            else:
                bound.append(value)
        parts.append(part)
    return "".join(parts), bound


def _is(value: Any, sentinel: int) -> bool:
    return type(value) is int and value == sentinel
