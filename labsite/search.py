"""Find anything: the header's search box, its page and ``/api/search/``.

One search asks every kind of record a person may see — people, projects,
host positions, secondments, innovations, agreements, calls and chairs — for
the same words, each through its app's own selector with its ``q`` (so a
search never names what the person may not see: what the selector hides, the
search cannot find), and keeps each kind's best few (``core.search``: ranked
full text in French and English, accents ignored, the last word a prefix).

Each kind costs one query, whatever the number of matches: its selector's
first ``shown + 1`` rows (the one more says whether its list holds others),
its prefetches dropped. Groups come best first: the kind whose best match
ranks highest leads (on SQLite, which does not rank, in the order below).
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from people.forms import person_with_unit
from people.models import Call, Chair, PositionKind, User
from people.selectors import call_list, chair_list, person_list, position_list
from projects.selectors import project_list
from transfer.selectors import agreement_list, innovation_list

# Results of each kind on the search page, and in the header's suggestions.
PAGE_RESULTS = 5
SUGGESTED_RESULTS = 3
# Characters typed before anything is suggested, and the most read of a search.
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass(frozen=True)
class Result:
    """One record found: what names it, a second line, and its page."""

    id: int
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Group:
    """A kind's best matches, and its list filtered by the same words."""

    kind: str
    label: str
    results: list[Result]
    more: bool  # the list holds more matches than are shown
    list_url: str
    rank: float


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any  # lazily translated: the group's heading
    list_url_name: str
    rows: Callable[[User, str], QuerySet[Any]]
    result: Callable[[Any], Result]


def _position_result(position: Any) -> Result:
    """A request by its topic; then who applies, where, and its number."""
    unit = position.team if position.kind == PositionKind.HOST else position.department
    detail = " — ".join(str(part) for part in (position.applicant.full_name, unit, f"#{position.pk}") if part)
    return Result(position.pk, position.topic, detail, position.get_absolute_url())


def _positions(kind: str) -> Callable[[User, str], QuerySet[Any]]:
    return lambda user, q: position_list(user=user, kind=kind, q=q)


def _call_result(call: Call) -> Result:
    closes = _("closes on %(day)s") % {"day": date_format(call.closes_on)}
    return Result(call.pk, call.title, closes, reverse("people:call-detail", args=[call.pk]))


def _chair_result(chair: Chair) -> Result:
    period = f"{date_format(chair.start_date)} – {date_format(chair.end_date)}"
    return Result(chair.pk, chair.title, period, chair.get_absolute_url())


KINDS: tuple[Kind, ...] = (
    Kind(
        "people",
        gettext_lazy("People"),
        "people:person-list",
        lambda user, q: person_list(user=user, q=q),
        lambda person: Result(person.pk, person_with_unit(person), person.email, person.get_absolute_url()),
    ),
    Kind(
        "projects",
        gettext_lazy("Projects"),
        "projects:project-list",
        lambda user, q: project_list(user=user, q=q),
        lambda project: Result(project.pk, project.acronym, project.title, project.get_absolute_url()),
    ),
    Kind(
        "host_positions",
        gettext_lazy("Host positions"),
        "people:hostposition-list",
        _positions(PositionKind.HOST),
        _position_result,
    ),
    Kind(
        "secondments",
        gettext_lazy("Secondments"),
        "people:secondment-list",
        _positions(PositionKind.SECONDMENT),
        _position_result,
    ),
    Kind(
        "innovations",
        gettext_lazy("Innovations"),
        "transfer:innovation-list",
        lambda user, q: innovation_list(user=user, q=q),
        lambda innovation: Result(
            innovation.pk, innovation.title, innovation.get_stage_display(), innovation.get_absolute_url()
        ),
    ),
    Kind(
        "agreements",
        gettext_lazy("Agreements"),
        "transfer:agreement-list",
        lambda user, q: agreement_list(user=user, q=q),
        lambda agreement: Result(
            agreement.pk,
            f"{agreement.reference} — {agreement.partner.name}",
            agreement.innovation.title,
            agreement.get_absolute_url(),
        ),
    ),
    Kind(
        "calls",
        pgettext_lazy("calls for applications", "Calls"),
        "people:call-list",
        lambda user, q: call_list(user=user, q=q),
        _call_result,
    ),
    Kind(
        "chairs", gettext_lazy("Chairs"), "people:chair-list", lambda user, q: chair_list(user=user, q=q), _chair_result
    ),
)


def clean_query(q: str) -> str:
    """``q`` as searched: its words, at most ``MAX_LENGTH`` characters."""
    return " ".join(q.split())[:MAX_LENGTH]


def search_everything(user: User, q: str, *, shown: int = PAGE_RESULTS) -> list[Group]:
    """The kinds that match ``q`` for ``user``, best first, each with its best
    ``shown`` records: one query per kind. No words, no query."""
    q = clean_query(q)
    if not q:
        return []
    groups: list[Group] = []
    for position, kind in enumerate(KINDS):
        rows = list(kind.rows(user, q).prefetch_related(None)[: shown + 1])
        if not rows:
            continue
        rank = getattr(rows[0], "search_rank", None)
        groups.append(
            Group(
                kind=kind.code,
                label=str(kind.label),
                results=[kind.result(row) for row in rows[:shown]],
                more=len(rows) > shown,
                list_url=f"{reverse(kind.list_url_name)}?{urlencode({'q': q})}",
                # Unranked (SQLite): the order of KINDS.
                rank=float(rank) if rank is not None else -position,
            )
        )
    return sorted(groups, key=lambda group: group.rank, reverse=True)


def groups_data(groups: list[Group]) -> list[dict[str, Any]]:
    """The groups as the suggestions and the API answer them (their rank, an
    ordering aid, left out)."""
    return [{key: value for key, value in asdict(group).items() if key != "rank"} for group in groups]
