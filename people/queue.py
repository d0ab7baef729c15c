"""The approver's queue: what awaits a person's decision, oldest first; the
next request after a decision; and the count the navigation shows on every
page.

The count is read in one query (capped: "99+" says enough in a menu) and kept
in the session for a minute, so that a page costs no query for it: read when
the person signs in, again once a minute, and at once after they decide.
Another approver's decision shows within the minute.
"""

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.pagination import CappedCount
from people.models import Position, PositionKind, User
from people.selectors import position_list
from people.workflow import Approvers

# The most the navigation counts: beyond, it says "99+".
COUNT_LIMIT = 99
# How long the session keeps the count before reading it again.
COUNT_SECONDS = 60
SESSION_KEY = "labsite.waiting"


@dataclass(frozen=True)
class Waiting:
    """What awaits a person's decision, by kind, counted up to ``COUNT_LIMIT``
    in all (``capped``: there are more)."""

    host: int = 0
    secondment: int = 0
    capped: bool = False

    @property
    def total(self) -> int:
        return self.host + self.secondment

    def of(self, kind: str) -> int:
        return self.host if kind == PositionKind.HOST else self.secondment


def _awaiting(user: User, approvers: Approvers | None = None) -> QuerySet[Position]:
    """``position_list(awaiting_me=True)`` without the joins a list shows."""
    return position_list(user=user, awaiting_me=True, approvers=approvers).select_related(None).prefetch_related(None)


def count_waiting(user: User, approvers: Approvers | None = None) -> Waiting:
    """In one query (and ``Approvers``' own, unless given): the kinds of the
    first ``COUNT_LIMIT`` + 1 awaited requests."""
    if not getattr(user, "is_lab_staff", False):
        return Waiting()
    kinds = list(_awaiting(user, approvers).order_by().values_list("kind", flat=True)[: COUNT_LIMIT + 1])
    capped = len(kinds) > COUNT_LIMIT
    kinds = kinds[:COUNT_LIMIT]
    return Waiting(
        host=kinds.count(PositionKind.HOST),
        secondment=kinds.count(PositionKind.SECONDMENT),
        capped=capped,
    )


def remember_waiting(request: HttpRequest, waiting: Waiting) -> Waiting:
    request.session[SESSION_KEY] = {"at": timezone.now().timestamp(), **asdict(waiting)}
    return waiting


def forget_waiting(request: HttpRequest) -> None:
    """After a decision (or anything that changes what awaits the person): the
    next page reads the count again."""
    if hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def waiting_for(request: HttpRequest) -> Waiting:
    """The person's count, from the session while under a minute old."""
    user: Any = request.user
    if not user.is_authenticated or not getattr(user, "is_lab_staff", False):
        return Waiting()
    kept = request.session.get(SESSION_KEY)
    if isinstance(kept, dict) and 0 <= timezone.now().timestamp() - float(kept.get("at", 0)) < COUNT_SECONDS:
        try:
            return Waiting(host=int(kept["host"]), secondment=int(kept["secondment"]), capped=bool(kept["capped"]))
        except (KeyError, TypeError, ValueError):
            pass
    return remember_waiting(request, count_waiting(user))


@dataclass(frozen=True)
class Next:
    """The request to decide next, and how many await after it (capped)."""

    position_id: int
    kind: str
    left: int  # awaiting, this one included, counted up to COUNT_LIMIT
    capped: bool  # more than COUNT_LIMIT

    @property
    def url_name(self) -> str:
        return "people:hostposition-detail" if self.kind == PositionKind.HOST else "people:secondment-detail"


def next_waiting(user: User, *, kind: str, skip: int | None = None, approvers: Approvers | None = None) -> Next | None:
    """The oldest request awaiting ``user``'s decision, of ``kind`` first, then
    of the other kind; ``skip``: one to pass over (the request just decided,
    or put aside). One query (and ``Approvers``' own, unless given)."""
    awaiting = _awaiting(user, approvers)
    if skip is not None:
        awaiting = awaiting.exclude(pk=skip)
    row = (
        awaiting.annotate(
            same_kind=Case(When(kind=kind, then=Value(0)), default=Value(1), output_field=IntegerField()),
            left=CappedCount(awaiting, COUNT_LIMIT),
        )
        .order_by("same_kind", "waiting_since", "pk")
        .values_list("pk", "kind", "left")
        .first()
    )
    if row is None:
        return None
    pk, found_kind, left = row
    return Next(position_id=pk, kind=found_kind, left=min(left, COUNT_LIMIT), capped=left > COUNT_LIMIT)


def waiting_context(request: HttpRequest) -> dict[str, Any]:
    """The template context processor: ``waiting``, read only if a page shows it."""
    return {"waiting": SimpleLazyObject(lambda: waiting_for(request))}
