"""What a run reads once: who decides what today, what changed in the period,
and, per chunk, the recipients and what the rules ask of them."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import AuditEvent
from notifications.content.compiled import CompiledQueries, Viewer, viewers_of
from people.models import Position, User
from people.workflow import Approvers
from projects.models import Project
from transfer.models import Innovation

TRACKED = {"position": Position, "project": Project, "innovation": Innovation}

# label → {object id → (new in the period, its creator, ids of the people who changed it)}
Changes = dict[str, dict[int, tuple[bool, int | None, frozenset[int]]]]


@dataclass
class RunContext:
    """What every recipient of a run shares, read once."""

    today: date
    now: datetime
    approvers: Approvers
    changes: Changes = field(default_factory=dict)
    # person id → the people who delegate to them today
    delegators: dict[int, set[int]] = field(default_factory=dict)
    sql: CompiledQueries = field(default_factory=CompiledQueries)
    # person id → what the rules ask of them, read once per chunk (``meet``)
    viewers: dict[int, Viewer] = field(default_factory=dict)
    _changed: dict[tuple[str, int], dict[int, bool]] = field(default_factory=dict)

    @classmethod
    def build(cls, *, today: date, changes: dict[str, Any] | None = None) -> "RunContext":
        approvers = Approvers(today)
        delegators: dict[int, set[int]] = defaultdict(set)
        for delegator_id, delegates in approvers.delegates.items():
            for delegate in delegates:
                delegators[delegate.pk].add(delegator_id)
        parsed = {
            label: {
                int(pk): (bool(info["new"]), info.get("by"), frozenset(info["actors"])) for pk, info in objects.items()
            }
            for label, objects in (changes or {}).items()
        }
        return cls(
            today=today,
            now=_noon(today),
            approvers=approvers,
            changes=parsed,
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

    def all_changed(self, label: str) -> list[int]:
        """Every object of ``label`` changed in the period (the same list for everyone: one SQL form)."""
        return sorted(self.changes.get(label, {}))

    def changed_ids(self, label: str, user: User) -> dict[int, bool]:
        """Objects changed in the period by someone other than ``user``: id → new
        (new to them: what they created themselves is only changed)."""
        key = (label, user.pk)
        if key not in self._changed:
            self._changed[key] = self._changed_for(label, user)
        return self._changed[key]

    def _changed_for(self, label: str, user: User) -> dict[int, bool]:
        me = user.pk
        return {
            pk: new and by != me
            for pk, (new, by, actors) in self.changes.get(label, {}).items()
            if len(actors) > 1 or me not in actors
        }


def _noon(day: date) -> datetime:
    """The moment a run for ``day`` is taken to happen (ages and periods are in whole days)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def period_changes(*, since: datetime, until: datetime) -> dict[str, dict[str, dict[str, Any]]]:
    """What changed between ``since`` and ``until``, from the audit trail: for
    each tracked model, each object's id, whether it was created then, and who
    changed it. Read once per run; stored on the run as JSON."""
    types = ContentType.objects.get_for_models(*TRACKED.values())
    labels = {types[model].pk: label for label, model in TRACKED.items()}
    events = AuditEvent.objects.filter(at__gte=since, at__lt=until, content_type_id__in=labels).values_list(
        "content_type_id", "object_id", "action", "actor_id"
    )
    result: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in TRACKED}
    for type_id, object_id, action, actor_id in events.iterator():
        entry = result[labels[type_id]].setdefault(object_id, {"new": False, "by": None, "actors": []})
        if action == "created":
            entry["new"], entry["by"] = True, actor_id or 0
        actor = actor_id or 0
        if actor not in entry["actors"]:
            entry["actors"].append(actor)
    return result


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
