"""Calls for applications (with the requests answering them) and research chairs."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.access import get_visible_or_404
from people.models import Call
from people.selectors import call_list, chair_list, position_list
from people.views.positions import KINDS, PAGE_SIZE, position_rows
from people.workflow import Approvers


@login_required
def call_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(call_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/call_list.html", {"page": page, "today": timezone.localdate()})


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
    page = Paginator(chair_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/chair_list.html", {"page": page, "today": timezone.localdate()})


@login_required
def chair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chair = get_visible_or_404(chair_list(user=request.user), pk=pk)
    holders = chair.holders.select_related("team", "department__hospital")
    return render(request, "people/chair_detail.html", {"chair": chair, "holders": holders})
