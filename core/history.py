"""One history pipeline: an object's audit events (core.audit) as its reader may
read them, and in words.

Each app writes its actions as typed choices (``<app>/history.py``) and reads an
object's history through one selector, ``<model>_history(*, user, obj)``, which
hides what the reader may not see with ``readable``: values of the changes, and
the people who acted (``actors``, those the reader sees in the directory, asked
once with ``actor_ids``). ``Describer`` turns those events into entries (who,
when, what, the changes with field and choice labels) for the pages
(``templates/core/history.html``) and the emails; the API serialises the same
events (``core.api.history``)."""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol

from django.db.models import DateField, DateTimeField, Model
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.models import AuditEvent


class Person(Protocol):
    """Who acted, as a history names them (the user model, which core may not import)."""

    @property
    def username(self) -> str: ...

    @property
    def full_name(self) -> str: ...


@dataclass(frozen=True)
class HistoryEvent:
    """An audit event as a reader may read it: ``changes`` without any value
    they may not see, and without a change that says nothing once those are
    left out; ``actor`` and ``on_behalf_of`` the event's, or None when there was
    none or the reader does not see them."""

    event: AuditEvent
    changes: dict[str, Any]
    actor: Person | None = None
    on_behalf_of: Person | None = None
    names: Mapping[str, str] = field(default_factory=dict)
    """The people its changes name (by username, as the audit row keeps them), by full name."""


WHO = "%(who)s"
"""Where a sentence (``HistoryEntry.sentence``) names who acted."""


class Transition(NamedTuple):
    """A change of state in words: ``before`` is empty for the first state."""

    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """An event in words: ``action`` its label, ``changes`` its (field label,
    text) lines, ``transition`` the change of state it made, if the describer
    shows one."""

    event: AuditEvent
    actor: Person | None
    on_behalf_of: Person | None
    action: str
    changes: list[tuple[str, str]]
    transition: Transition | None = None
    sentence: str = ""
    """The event in a sentence naming who acted with ``WHO`` ("Approved by
    %(who)s, department head"); empty: who acted, then the action."""

    @property
    def who(self) -> str:
        """Who acted, and for whom: "someone" for a person the reader does not see."""
        by = self.actor.full_name if self.actor else _("someone")
        if self.event.on_behalf_of_id is None:
            return by
        other = self.on_behalf_of.full_name if self.on_behalf_of else _("someone")
        return _("%(by)s on behalf of %(other)s") % {"by": by, "other": other}

    def _parts(self) -> tuple[str, str, str]:
        before, _who, after = (self.sentence or f"{WHO} {self.action}").partition(WHO)
        return before, self.who if before else capfirst(self.who), after

    @property
    def text(self) -> str:
        """The event in a sentence, as an email's text says it."""
        return "".join(self._parts())

    @property
    def html(self) -> SafeString:
        """The event in a sentence, who acted in bold, as a page says it."""
        return format_html("{}<strong>{}</strong>{}", *self._parts())


def values_of(events: Iterable[AuditEvent], key: str) -> set[str]:
    """Every value the events' changes give ``key``, before or after (to ask once which the reader sees)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif value not in (None, ""):
            found.add(str(value))

    for event in events:
        walk(event.changes.get(key))
    return found


def _left_out(value: Any, seen: set[str]) -> Any:
    """``value`` without what the reader may not see. A change is read as
    ``Describer.lines`` reads it: a list of two, ``[before, after]``, each side
    a value or a list; an item of a list the reader may not see is dropped, a
    single value becomes None (nothing, as before a first value)."""
    if isinstance(value, list) and len(value) == 2:
        return [_side_left_out(side, seen) for side in value]
    return _side_left_out(value, seen)


def _side_left_out(value: Any, seen: set[str]) -> Any:
    if isinstance(value, list):
        return [item for item in value if not _unseen(item, seen)]
    return None if _unseen(value, seen) else value


def _unseen(value: Any, seen: set[str]) -> bool:
    return value not in (None, "") and str(value) not in seen


def _says_nothing(original: Any, value: Any) -> bool:
    """A change that, once what the reader may not see is left out, says
    nothing: empty, or ``[before, after]`` equal (a hidden owner added beside a
    seen one), or a single value that was all hidden."""
    if value in (None, "", []):
        return True
    if isinstance(original, list) and len(original) == 2 and isinstance(value, list) and len(value) == 2:
        return _blank(value[0]) == _blank(value[1])
    return False


def _blank(value: Any) -> Any:
    return None if value in (None, "", []) else value


def actor_ids(events: Iterable[AuditEvent]) -> set[int]:
    """The people who acted in the events, or for whom (to ask once which the reader sees)."""
    return {pk for event in events for pk in (event.actor_id, event.on_behalf_of_id) if pk is not None}


def readable(
    events: Iterable[AuditEvent],
    seen: Mapping[str, set[str]],
    *,
    actors: Collection[int],
    names: Mapping[str, str] | None = None,
) -> list[HistoryEvent]:
    """``events`` for a reader who sees, for each key of ``seen``, only the values
    in it; keys not in ``seen`` are shown whole. Any other value is left out,
    not marked: dropped from a list, nothing in place of a single value, and a
    change that then says nothing (a hidden owner added) is not shown at all,
    nor an event left with no change, so no history announces what its reader may not see (SPEC §3). Of the
    people who acted, the reader sees those whose id is in ``actors``; the
    others read "someone" (``HistoryEntry.who``; null in the API). ``names``
    gives the full names of the people the changes name (by username), asked
    once for the whole history."""
    result = []
    for event in events:
        changes = {}
        for key, value in event.changes.items():
            if key in seen:
                shown = _left_out(value, seen[key])
                if _says_nothing(value, shown):
                    continue
                value = shown
            changes[key] = value
        if event.changes and not changes:
            continue  # a change made only of what the reader may not see: not even that it happened
        actor = event.actor if event.actor_id in actors else None
        on_behalf_of = event.on_behalf_of if event.on_behalf_of_id in actors else None
        result.append(HistoryEvent(event, changes, actor, on_behalf_of, names or {}))
    return result


def usernames_of(events: Iterable[AuditEvent], keys: Iterable[str]) -> set[str]:
    """Every username the events' changes name under ``keys`` (to ask once for their full names)."""
    events = list(events)
    return {name for key in keys for name in values_of(events, key)}


def date_keys(*models: type[Model]) -> frozenset[str]:
    """The names of the models' date fields (the audit keeps a date in ISO form)."""
    return frozenset(
        field.name
        for model in models
        for field in model._meta.get_fields()
        if isinstance(field, DateField) and not isinstance(field, DateTimeField)
    )


def field_labels(*models: type[Model]) -> dict[str, Any]:
    """The verbose names of the models' fields, the first model's first."""
    labels: dict[str, Any] = {}
    for model in models:
        for model_field in model._meta.get_fields():
            if hasattr(model_field, "verbose_name"):
                labels.setdefault(model_field.name, model_field.verbose_name)
    return labels


class Describer:
    """Audit events in words. ``actions`` names each action, ``labels`` each
    changed field, ``choices(key)`` the labels of a field's values (capitalised);
    a change ``[before, after]`` reads "before → after",
    except for the keys in ``plain_lists`` whose value is a list of two items.
    A yes/no value reads "Yes" or "No", a date (the keys in ``dates``) as people
    write it, in the reader's language, a person (the keys in ``people``, kept
    by username) by full name (``HistoryEvent.names``). A field that had and
    has no value is not listed."""

    def __init__(
        self,
        *,
        actions: Mapping[str, Any],
        labels: Mapping[str, Any],
        choices: Callable[[str], Mapping[str, Any]],
        plain_lists: frozenset[str] = frozenset(),
        dates: frozenset[str] = frozenset(),
        people: frozenset[str] = frozenset(),
    ) -> None:
        self.actions = actions
        self.labels = labels
        self.choices = choices
        self.plain_lists = plain_lists
        self.dates = dates
        self.people = people

    def value(self, key: str, value: Any, names: Mapping[str, str] | None = None) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, list):
            return ", ".join(self.value(key, item, names) for item in value)
        if key in self.people and names is not None:
            return names.get(str(value), str(value))
        if key in self.dates and isinstance(value, str):
            try:
                return date_format(date.fromisoformat(value), "DATE_FORMAT")
            except ValueError:
                return value
        choices = self.choices(key)
        if isinstance(value, str) and value in choices:
            text = str(choices[value])
            return capfirst(text)
        return str(value)

    def lines(self, changes: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        lines = []
        for key, value in changes.items():
            label = capfirst(str(self.labels.get(key, key)))
            if isinstance(value, list) and len(value) == 2 and key not in self.plain_lists:
                if _blank(value[0]) is None and _blank(value[1]) is None:
                    continue
                texts = [self.value(key, item, names) for item in value]
                text = texts[1] if _blank(value[0]) is None else " → ".join(texts)
            else:
                text = self.value(key, value, names)
            lines.append((label, text))
        return lines

    def action(self, event: AuditEvent) -> str:
        return str(self.actions.get(event.action, event.action))

    def entry(self, event: HistoryEvent) -> HistoryEntry:
        return HistoryEntry(
            event.event,
            event.actor,
            event.on_behalf_of,
            self.action(event.event),
            self.lines(event.changes, event.names),
        )

    def entries(self, events: Iterable[HistoryEvent]) -> list[HistoryEntry]:
        return [self.entry(event) for event in events]
