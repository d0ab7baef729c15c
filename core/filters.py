"""Lists that remember their filters, per person and list: the list opened again
from the navigation (its address without a query string) comes back with the
search, filters and tab it was last shown with, and its address still carries
them, so that it can be sent to a colleague (who sees only what they may: every
list reads through its selector).

A list's view takes ``@remembers_filters("projects")`` (under ``login_required``)
and, once it has validated its filter form, calls ``filters_checked(request, form)``:

- a GET of the bare address, when filters are saved, answers 302 to the same
  address with them (the address bar holds them);
- ``?reset=1`` forgets them and answers 302 to the bare address (keeping the
  list's tab, for a list with ``tabs``), which then shows the whole list;
- a GET with filters that the view answered (200) and found valid saves them;
  an invalid query (a project-team since deleted) is shown with its errors, as
  before, and never saved; a form sent with every field empty forgets them.

The page is not remembered; exports (``?format=``), partial requests and
anything but a GET pass through untouched. Each list view costs one query more,
whatever it shows: the saved filters read (the bare address, or a page alone),
or saved (filters given: one statement, which writes only when they changed).

The templates read ``request.remembered_filters`` (``RememberedFilters``) to show
"Reset filters" whenever filters are applied or saved.

Saved filters are a preference, as the session is, and are not audited: the
audit trail is kept for ever and a search may name a person. They are personal
data (core.personal_data lists them) and go with the account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from core.models import SavedFilter

__all__ = [
    "RememberedFilters",
    "filters_checked",
    "remembers_filters",
    "saved_filter",
    "saved_filter_reset",
    "saved_filter_save",
    "saved_filters_forget",
]

ATTRIBUTE = "remembered_filters"
PAGE = "page"
RESET = "reset"
EXPORT = "format"  # a list that writes its own file (the access review)
MAX_QUERY_LENGTH = 2000  # longer is no one's filters: not kept

View = Callable[..., HttpResponse]


@dataclass
class RememberedFilters:
    """What a list view's request knows of its remembered filters."""

    list_name: str
    tabs: tuple[str, ...]
    query: str  # this request's filters and tab, as they would be saved
    saved: str | None = None  # what is saved, when read (the bare address or a page alone)
    valid: bool = True

    @property
    def resettable(self) -> bool:
        """Filters (not a tab alone) are applied or saved: "Reset filters" is shown."""
        return _has_filters(self.query, self.tabs) or _has_filters(self.saved or "", self.tabs)


def _has_filters(query: str, tabs: tuple[str, ...]) -> bool:
    return any(name not in tabs for name, _value in parse_qsl(query))


def _query(request: HttpRequest) -> str:
    """The request's query string as saved: without its page, and without empty fields."""
    pairs = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in (PAGE, RESET)
        for value in values
        if value.strip()
    ]
    return urlencode(pairs)


def _applies(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and EXPORT not in request.GET
        and "HX-Request" not in request.headers
        and request.headers.get("X-Requested-With") != "XMLHttpRequest"
    )


def _address(request: HttpRequest, query: str = "") -> str:
    path = escape_uri_path(request.path)
    return f"{path}?{query}" if query else path


def remembers_filters(name: str, *, tabs: tuple[str, ...] = ()) -> Callable[[View], View]:
    """The list ``name`` remembers its filters per person; ``tabs``: its
    parameters that choose a tab (remembered, and kept by a reset). A view that
    shows several lists names each by its keyword arguments: ``"positions-{kind}"``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def remembering(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _applies(request):
                return view(request, *args, **kwargs)
            user, list_name = request.user, name.format(**kwargs)
            if RESET in request.GET:
                saved_filter_reset(user=user, list_name=list_name)
                kept = [(tab, value) for tab in tabs for value in request.GET.getlist(tab) if value]
                return HttpResponseRedirect(_address(request, urlencode(kept)))
            remembered = RememberedFilters(list_name, tabs, query=_query(request))
            setattr(request, ATTRIBUTE, remembered)
            if not any(key != PAGE for key in request.GET):
                remembered.saved = saved_filter(user=user, list_name=list_name)
                if remembered.saved and not request.GET:
                    return HttpResponseRedirect(_address(request, remembered.saved))
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and remembered.valid:
                if remembered.query:
                    saved_filter_save(user=user, list_name=list_name, query=remembered.query)
                else:
                    saved_filter_reset(user=user, list_name=list_name)
            return response

        return remembering

    return decorator


def filters_checked(request: HttpRequest, form: forms.Form) -> None:
    """Tell the list's ``remembers_filters`` whether its filters are valid (the
    form already validated by the view: no query more)."""
    remembered = getattr(request, ATTRIBUTE, None)
    if remembered is not None:
        remembered.valid = form.is_valid()


# Reads and writes ---------------------------------------------------------------


def saved_filter(*, user: Any, list_name: str) -> str | None:
    """The query string saved for ``user``'s list, if any."""
    return SavedFilter.objects.filter(user_id=user.pk, list_name=list_name).values_list("query", flat=True).first()


def saved_filter_save(*, user: Any, list_name: str, query: str) -> None:
    """Save ``query`` as ``user``'s filters of ``list_name``: one statement (atomic
    by itself), which inserts, or updates only when the query differs, so that a
    list shown again with the same filters writes nothing."""
    if len(query) > MAX_QUERY_LENGTH:
        return
    qn = connection.ops.quote_name
    table = qn(SavedFilter._meta.db_table)
    user_id, name, text, at = (qn(column) for column in ("user_id", "list_name", "query", "updated_at"))
    # Portable (PostgreSQL and SQLite): an upsert whose update is conditional.
    sql = (
        f"INSERT INTO {table} ({user_id}, {name}, {text}, {at}) VALUES (%s, %s, %s, %s) "  # noqa: S608  # nosec B608  # no input in the names
        f"ON CONFLICT ({user_id}, {name}) DO UPDATE SET {text} = EXCLUDED.{text}, {at} = EXCLUDED.{at} "
        f"WHERE {table}.{text} <> EXCLUDED.{text}"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, list_name, query, now])


def saved_filter_reset(*, user: Any, list_name: str) -> None:
    """Forget ``user``'s filters of ``list_name``."""
    SavedFilter.objects.filter(user_id=user.pk, list_name=list_name).delete()


@transaction.atomic
def saved_filters_forget(*, user: Any) -> int:
    """Forget every list's filters of ``user`` (their account deactivated); how many."""
    deleted, _per_model = SavedFilter.objects.filter(user_id=user.pk).delete()
    return deleted
