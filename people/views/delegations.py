"""The delegations page: an approver hands their decisions to someone else for a while."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_visible_or_404
from core.errors import Conflict
from people import services
from people.forms import DelegationForm
from people.models import STAFF_INSTITUTIONS, User
from people.roles import is_approver, is_operations
from people.selectors import delegation_list, person_list


def _delegate_choices(user: User) -> QuerySet[User]:
    """Active staff the user sees, but themselves."""
    return person_list(user=user).filter(institution__in=STAFF_INSTITUTIONS).exclude(pk=user.pk)


def _render_delegations(request: HttpRequest, form: DelegationForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    delegations = list(delegation_list(user=user))
    context = {
        "form": form,
        "may_delegate": is_approver(user),
        "given": [d for d in delegations if d.delegator_id == user.pk],
        "received": [d for d in delegations if d.delegate_id == user.pk],
        "others": [d for d in delegations if user.pk not in (d.delegator_id, d.delegate_id)],
        "may_end_any": is_operations(user),
        "today": timezone.localdate(),
        **extra,
    }
    return render(request, "people/delegation_list.html", context, status=status)


@login_required
def delegation_list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DelegationForm(request.POST or None, people=_delegate_choices(user))
    if request.method != "POST":
        return _render_delegations(request, form)
    if form.is_valid():
        try:
            services.delegation_create(delegator=user, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your delegation is saved."))
            return redirect("people:delegation-list")
    return _render_delegations(request, form, status=400)


@login_required
@require_POST
def delegation_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = get_visible_or_404(delegation_list(user=request.user), pk=pk)
    try:
        services.delegation_end(delegation=delegation, by=request.user)
    except Conflict as error:
        form = DelegationForm(people=_delegate_choices(request.user))
        return _render_delegations(request, form, status=409, conflict=str(error))
    messages.success(request, _("The delegation is ended."))
    return redirect("people:delegation-list")
