"""Calls for applications (with the requests answering them) and research chairs."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.access import get_visible_or_404
from core.pagination import paginator_for
from people.forms import SearchForm
from people.models import Call
from people.selectors import call_list, chair_list, position_list
from people.views.positions import KINDS, PAGE_SIZE, position_rows
from people.workflow import Approvers


def _searched_list(request: HttpRequest, rows: Callable[..., QuerySet[Any]], template: str) -> HttpResponse:
    """A list of ``rows(user=, q=)``, searched for ``?q=`` (best first)."""
    form = SearchForm(request.GET)
    q = form.search()
    # A search counts up to SEARCH_LIMIT (its rows are a capped search's); a list, exactly.
    page = paginator_for(rows(user=request.user, q=q), PAGE_SIZE, q=q, exact=True).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": bool(form.data.get("q")), "today": timezone.localdate()}
    return render(request, template, context)


@login_required
def call_list_view(request: HttpRequest) -> HttpResponse:
    return _searched_list(request, call_list, "people/call_list.html")


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call: Call = get_visible_or_404(call_list(user=request.user), pk=pk)
    approvers = Approvers(timezone.localdate())
    positions = position_list(user=request.user).filter(call=call)
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "call": call,
        "page": page,
        "rows": position_rows(page, approvers, timezone.now()),
        "is_open": call.is_open(approvers.today),
        "kinds": KINDS,
    }
    return render(request, "people/call_detail.html", context)


@login_required
def chair_list_view(request: HttpRequest) -> HttpResponse:
    return _searched_list(request, chair_list, "people/chair_list.html")


@login_required
def chair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chair = get_visible_or_404(chair_list(user=request.user), pk=pk)
    holders = chair.holders.select_related("team", "department__hospital")
    return render(request, "people/chair_detail.html", {"chair": chair, "holders": holders})
