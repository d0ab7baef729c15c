"""Visibility rules written once, as named clauses that filter and explain.

A model's rule ("who sees which object", SPEC §3) is a list of ``Clause``s,
each one reason a person may see an object: "direction sees everything", "you
are a member of the project", "the project is not confidential and you are
lab staff". One clause answers three questions, so that they cannot disagree:

- **which objects** a person sees through it (``objects(user)``: a ``Q`` on the
  model, ``None`` when the clause never applies to that person, ``Q()`` when it
  lets them see everything). The app's selector is the ``OR`` of them
  (``visible_filter``): the same SQL as a hand-written rule.
- **why** a person sees one object (``explain``): every applicable clause is
  evaluated on that one row, in one query, and each that holds gives its
  sentence.
- **who** sees one object through it (``people(obj)``: a ``Q`` on users, ``None``
  for nobody), which "who can see this" adds up, again in one query
  (``viewers``), with each person's reasons.

A property test of each app checks, on random worlds, that the three agree.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, Model, OuterRef, Q, QuerySet, Value
from django.utils.functional import Promise


@dataclass(frozen=True)
class Clause[M: Model]:
    code: str
    # The objects ``user`` sees through this clause: None when it never applies to them.
    objects: Callable[[Any], Q | None]
    # The people who see ``obj`` through it: None when nobody does.
    people: Callable[[M], Q | None]
    # What the viewer is told, given the object (and what ``explain`` read of it).
    sentence: Callable[[M, dict[str, Any]], str | Promise]


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Viewer:
    """A person of "who can see this", with their reasons and what they may do."""

    person: Any
    reasons: list[Reason]
    may_edit: bool = False
    may_decide: bool = False
    role: str = ""  # in the record's project, where it has one: "lead", "member" or ""

    @property
    def may(self) -> list[str]:
        return ["view", *(["edit"] if self.may_edit else []), *(["decide"] if self.may_decide else [])]


def in_name_order(people: QuerySet[Any]) -> QuerySet[Any]:
    """The people of ``viewers``, as "who can see this" lists them, with their unit."""
    return people.select_related("team", "department", "company").order_by("last_name", "first_name", "username", "pk")


def visible_filter(clauses: Sequence[Clause[Any]], user: Any) -> Q:
    """The ``OR`` of the clauses that apply to ``user`` (``Q()``: everything;
    nothing applies: a filter that holds for no row)."""
    filters = [found for clause in clauses if (found := clause.objects(user)) is not None]
    if not filters:
        return Q(pk__in=[])
    if any(not found for found in filters):
        return Q()
    return reduce(or_, filters)


def _as_flag(condition: Q) -> Any:
    return Value(True) if not condition else ExpressionWrapper(condition, output_field=BooleanField())


def explain[M: Model](
    clauses: Sequence[Clause[M]], queryset: QuerySet[M], obj: M, user: Any, **read: Any
) -> list[Reason]:
    """Each reason ``user`` sees ``obj``, in the clauses' order: the clauses that
    apply to them, evaluated on its row in one query (with ``read``: more
    annotations the sentences use). Empty: they do not see it."""
    applicable = {clause.code: found for clause in clauses if (found := clause.objects(user)) is not None}
    if not applicable:
        return []
    flags = {f"holds_{code}": _as_flag(found) for code, found in applicable.items()}
    row = queryset.model._default_manager.filter(pk=obj.pk).annotate(**flags, **read)
    values = row.values(*flags, *read).first()
    if values is None:
        return []
    return [
        Reason(clause.code, str(clause.sentence(obj, values)))
        for clause in clauses
        if values.get(f"holds_{clause.code}")
    ]


def viewers[M: Model](clauses: Sequence[Clause[M]], obj: M) -> QuerySet[Any]:
    """The people who see ``obj``, each annotated ``sees_<code>`` for every clause
    (whether it is one of their reasons): one query, whatever their number. Each
    clause is a subquery on the person's row, so that one that follows a relation
    (their memberships, their groups) never repeats a person."""
    user_model = get_user_model()
    people = {clause.code: found for clause in clauses if (found := clause.people(obj)) is not None}
    if not people:
        return user_model.objects.none()
    flags = {
        f"sees_{code}": Exists(user_model.objects.filter(found, pk=OuterRef("pk"))) for code, found in people.items()
    }
    return user_model.objects.annotate(**flags).filter(reduce(or_, (Q(**{flag: True}) for flag in flags)))


def reasons_of(clauses: Sequence[Clause[Any]], person: Any, sentences: dict[str, str | Promise]) -> list[Reason]:
    """A listed person's reasons, from the ``sees_<code>`` flags of ``viewers``,
    in words for whoever reads the list (``sentences``: by clause code)."""
    return [
        Reason(clause.code, str(sentences[clause.code]))
        for clause in clauses
        if getattr(person, f"sees_{clause.code}", False)
    ]
