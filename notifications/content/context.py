"""What a run reads once: who decides what today, the period and how much
changed in it, and, per chunk, the recipients and what the rules ask of them."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.models import AuditEvent
from notifications.content.compiled import CompiledQueries, Viewer, viewers_of
from people.models import Position, User
from people.workflow import Approvers
from projects.models import Project
from transfer.models import Innovation

TRACKED = {"position": Position, "project": Project, "innovation": Innovation}

# A run's changes (``Run.changes``): the period and, per tracked model, how many
# objects changed in it: {"since": iso, "until": iso, "counts": {label: n}}.
# Runs started before kept every changed object instead, {label: {id: {...}}}:
# read as their counts. What each person is told is read from the audit trail
# of the period itself (``sections``), newest first, a bounded number per kind.


@dataclass
class RunContext:
    """What every recipient of a run shares, read once."""

    today: date
    now: datetime
    approvers: Approvers
    since: datetime | None = None
    until: datetime | None = None
    # label → how many objects of that kind changed in the period, on the whole site
    counts: dict[str, int] = field(default_factory=dict)
    # person id → the people who delegate to them today
    delegators: dict[int, set[int]] = field(default_factory=dict)
    sql: CompiledQueries = field(default_factory=CompiledQueries)
    # person id → what the rules ask of them, read once per chunk (``meet``)
    viewers: dict[int, Viewer] = field(default_factory=dict)
    # (label, id) → the columns a changed object's line names, read once per chunk
    objects: dict[tuple[str, int], tuple[Any, ...]] = field(default_factory=dict)
    # The days (first, last) every deadline section reads, instead of each
    # section's own window from ``today`` (a calendar feed looks further ahead).
    horizon: tuple[date, date] | None = None

    @classmethod
    def build(
        cls,
        *,
        today: date,
        changes: dict[str, Any] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> "RunContext":
        approvers = Approvers(today)
        delegators: dict[int, set[int]] = defaultdict(set)
        for delegator_id, delegates in approvers.delegates.items():
            for delegate in delegates:
                delegators[delegate.pk].add(delegator_id)
        changes = changes or {}
        if "counts" in changes:
            counts = {label: int(n) for label, n in changes["counts"].items()}
            since = since or _moment(changes.get("since"))
            until = until or _moment(changes.get("until"))
        else:  # the format of runs started before: every changed object, by label
            counts = {label: len(objects) for label, objects in changes.items() if label in TRACKED}
        return cls(
            today=today,
            now=_noon(today),
            approvers=approvers,
            since=since,
            until=until,
            counts=counts if since and until else {},
            delegators=dict(delegators),
        )

    def meet(self, users: list[User]) -> None:
        """Read what the rules ask of ``users`` at once (one query for a chunk)."""
        unknown = [user for user in users if user.pk not in self.viewers]
        if unknown:
            self.viewers.update(viewers_of(unknown))

    def viewer(self, user: User) -> Viewer:
        """``user``'s ``Viewer``, read now if ``meet`` did not."""
        if user.pk not in self.viewers:
            self.meet([user])
        return self.viewers[user.pk]

    def changed(self, label: str) -> bool:
        """Whether anything of ``label`` changed in the period, on the whole site."""
        return self.counts.get(label, 0) > 0


def _noon(day: date) -> datetime:
    """The moment a run for ``day`` is taken to happen (ages and periods are in whole days)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def _moment(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def content_type_ids() -> dict[str, int]:
    """The content type of each tracked model, by label (cached by Django)."""
    types = ContentType.objects.get_for_models(*TRACKED.values())
    return {label: types[model].pk for label, model in TRACKED.items()}


def period_changes(*, since: datetime, until: datetime) -> dict[str, Any]:
    """The period and how many objects of each tracked model changed in it, from
    the audit trail, in one query: read once per run, stored on the run as
    JSON. (Which of them each person is told of, the sections read from the
    period's events, as that person.)"""
    labels = {type_id: label for label, type_id in content_type_ids().items()}
    counted = (
        AuditEvent.objects.filter(at__gte=since, at__lt=until, content_type_id__in=labels)
        .order_by()
        .values_list("content_type_id")
        .annotate(n=Count("object_id", distinct=True))
    )
    counts = dict.fromkeys(TRACKED, 0)
    for type_id, n in counted:
        counts[labels[type_id]] = n
    return {"since": since.isoformat(), "until": until.isoformat(), "counts": counts}


def prepare_users(ids: Iterable[int]) -> list[User]:
    """The recipients of a chunk, with what their ``Viewer`` reads (groups,
    units headed) in three more queries for the whole chunk."""
    return list(
        User.objects.filter(pk__in=list(ids), is_active=True)
        .exclude(email="")
        .select_related("company")
        .prefetch_related("groups", "led_teams", "headed_departments")
        .order_by("pk")
    )
