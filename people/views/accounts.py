from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import get_visible_or_404
from core.filters import filters_checked, remembers_filters
from core.pagination import paginator_for
from core.personal_data import personal_data_download, personal_data_export, personal_data_tables
from core.suggest import suggest_response
from people import services
from people.access import manages_person, why_person_visible
from people.forms import (
    DirectorySearchForm,
    PasswordResetForm,
    ProfileForm,
    person_contains,
    person_prefix,
    person_with_unit,
)
from people.identity import has_second_factor, mfa_required
from people.models import STAFF_INSTITUTIONS, Language, User
from people.roles import may_reset_second_factor
from people.selectors import person_list

DIRECTORY_PAGE_SIZE = 25


@login_required
@require_GET
def person_suggest(request: HttpRequest) -> HttpResponse:
    """The people of ``person_list`` whose name starts with, then contains, ``?q=``;
    ``?staff=1``: staff only (an innovation's owners, a delegate)."""
    people = person_list(user=request.user)
    if request.GET.get("staff"):
        people = people.filter(institution__in=STAFF_INSTITUTIONS)
    return suggest_response(
        request,
        people,
        prefix=person_prefix,
        contains=person_contains,
        order=("last_name", "first_name", "pk"),
        label=person_with_unit,
    )


@login_required
@remembers_filters("people")
def person_list_view(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    filters_checked(request, form)
    # A search counts up to SEARCH_LIMIT (its rows are a capped search's, best first); the directory, exactly.
    page = paginator_for(person_list(user=request.user, q=q), DIRECTORY_PAGE_SIZE, q=q, exact=True).get_page(
        request.GET.get("page")
    )
    return render(request, "people/person_list.html", {"form": form, "page": page, "q": q})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(person_list(user=request.user), pk=pk)
    context: dict[str, Any] = {
        "person": person,
        "may_reset_second_factor": False,
        "access_reasons": why_person_visible(request.user, person),
        "may_see_access": manages_person(request.user),
    }
    if may_reset_second_factor(request.user, person):
        context |= {"may_reset_second_factor": True, "has_second_factor": has_second_factor(person)}
    return render(request, "people/person_detail.html", context)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    # A copy of the user: a refused form must not change the signed-in user shown on the page.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=User.objects.get(pk=request.user.pk), by=request.user, **form.cleaned_data)
        # The next page speaks the language just chosen: so does the message saying it was saved.
        translation.activate(form.cleaned_data["language"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:me")
    context = {
        "form": form,
        "has_second_factor": has_second_factor(request.user),
        "second_factor_required": mfa_required(request.user),
    }
    return render(request, "people/user_profile.html", context)


@login_required
def me_personal_data(request: HttpRequest) -> HttpResponse:
    """All that labsite holds about the signed-in person, as a page."""
    export = personal_data_export(user=request.user, by=request.user, export_format="html")
    return render(
        request,
        "people/user_personal_data.html",
        {"summary": export["summary"], "tables": personal_data_tables(export)},
    )


@login_required
def me_personal_data_download(request: HttpRequest) -> HttpResponse:
    """The same, as a JSON file."""
    export = personal_data_export(user=request.user, by=request.user)
    return personal_data_download(export, user=request.user)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the site's language; a signed-in user's choice is kept in their profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in Language.values:
        if request.user.is_authenticated:
            services.user_update_profile(user=request.user, by=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 60 * 60,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_changed(user=self.request.user, request=self.request)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def get_user(self, uidb64: str) -> User | None:
        # A link sent before the account was deactivated dies with it: Django's
        # token covers the password and last sign-in, not whether the account is active.
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_changed(user=self.user, request=self.request)
        return response
