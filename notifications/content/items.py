"""The lines of an email: an item (what, a link, why), a section of a digest,
and the titles, links and wording they share."""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from people.models import PositionKind

# A digest lists this many items per section, then says how many more there are.
SECTION_LIMIT = 25

# The columns of a request that its line names.
POSITION_FIELDS = ("pk", "kind", "topic", "applicant__first_name", "applicant__last_name", "applicant__username")


@dataclass(frozen=True)
class Item:
    """One line of an email: what, a link to it, and why it is there."""

    kind: str
    title: str
    path: str
    note: str = ""

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


@dataclass
class Section:
    items: list[Item] = field(default_factory=list)
    more: int = 0
    # ``more`` counts only what was read: there are others beyond it ("more than")
    more_is_floor: bool = False

    def add(self, item: Item) -> None:
        if len(self.items) < SECTION_LIMIT:
            self.items.append(item)
        else:
            self.more += 1

    def full(self) -> bool:
        """No room for another item: count it (``more``) without building it."""
        if len(self.items) < SECTION_LIMIT:
            return False
        self.more += 1
        return True

    def __bool__(self) -> bool:
        return bool(self.items)


@functools.cache
def _path_pattern(name: str) -> str:
    return reverse(name, args=[_PATH_MARK]).replace(str(_PATH_MARK), "{}")


_PATH_MARK = 987_654_321


def path_of(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])``, worked out once per name (thousands of links per run)."""
    return _path_pattern(name).format(int(pk))


def position_title(kind: str, topic: str, first: str, last: str, username: str) -> str:
    label = _("Host position") if kind == PositionKind.HOST else _("Secondment")
    applicant = f"{first} {last}".strip() or username
    return f"{label} — {applicant}: {topic}"


def position_path(pk: int, kind: str) -> str:
    name = "hostposition-detail" if kind == PositionKind.HOST else "secondment-detail"
    return path_of(f"people:{name}", pk)


def days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def on(day: date) -> str:
    return date_format(day, "DATE_FORMAT")
