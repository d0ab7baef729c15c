"""The header's search: its page (``/search/?q=``) and the suggestions its box
shows as one types (``/search/suggest/?q=``), both over ``labsite.search``."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.forms import CleanTextMixin
from labsite.search import MAX_LENGTH, MIN_LENGTH, SUGGESTED_RESULTS, clean_query, groups_data, search_everything
from people.http import AuthenticatedHttpRequest


class SearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_LENGTH)


@login_required
@require_GET
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    valid = form.is_valid()
    q = clean_query(form.cleaned_data["q"]) if valid else ""
    groups = search_everything(request.user, q) if q else []
    context = {"form": form, "q": q, "groups": groups}
    return render(request, "labsite/search.html", context, status=200 if valid else 400)


@login_required
@require_GET
def search_suggest(request: AuthenticatedHttpRequest) -> HttpResponse:
    """``{"groups": [...], "all_url"}``, the groups as ``/api/search/`` gives them:
    the best few of each kind, for the header's box (nothing under ``MIN_LENGTH`` characters)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    q = clean_query(form.cleaned_data["q"])
    groups = search_everything(request.user, q, shown=SUGGESTED_RESULTS) if len(q) >= MIN_LENGTH else []
    response = JsonResponse(
        {
            "groups": groups_data(groups),
            "all_url": f"{reverse('search')}?{urlencode({'q': q})}",
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response
