"""The delegations page: an approver hands their decisions to someone else for a while."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_visible_or_404
from core.errors import Conflict
from people import services
from people.forms import DelegationForm
from people.models import STAFF_INSTITUTIONS, Delegation, User
from people.roles import is_approver, is_operations, sees_everything
from people.selectors import approver_list, delegation_list, person_list

OTHERS_PAGE_SIZE = 25


def _delegate_choices(user: User) -> QuerySet[User]:
    """Active staff the user sees, but themselves."""
    return person_list(user=user).filter(institution__in=STAFF_INSTITUTIONS).exclude(pk=user.pk)


def _form(request: HttpRequest, data: Any = None) -> DelegationForm:
    """Operations may delegate for any approver (one who is away and could not); others for themselves."""
    user = request.user
    delegators = approver_list() if is_operations(user) else None
    return DelegationForm(data, people=_delegate_choices(user), delegators=delegators)


def _render_delegations(request: HttpRequest, form: DelegationForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    mine = list(delegation_list(user=user).filter(Q(delegator_id=user.pk) | Q(delegate_id=user.pk)))
    # Everyone else's (direction and operations see them all): a page at a time, latest first.
    others = (
        delegation_list(user=user).exclude(delegator_id=user.pk).exclude(delegate_id=user.pk)
        if sees_everything(user)
        else Delegation.objects.none()  # nobody else's: not even a count to read
    )
    context = {
        "form": form,
        "may_delegate": is_approver(user) or is_operations(user),
        "given": [d for d in mine if d.delegator_id == user.pk],
        "received": [d for d in mine if d.delegate_id == user.pk],
        "others": Paginator(others.order_by("-starts_on", "-pk"), OTHERS_PAGE_SIZE).get_page(request.GET.get("page")),
        "may_end_any": is_operations(user),
        "today": timezone.localdate(),
        **extra,
    }
    return render(request, "people/delegation_list.html", context, status=status)


@login_required
def delegation_list_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = _form(request, request.POST or None)
    if request.method != "POST":
        return _render_delegations(request, form)
    if form.is_valid():
        data = dict(form.cleaned_data)
        delegator = data.pop("delegator", None) or user
        try:
            services.delegation_create(delegator=delegator, by=user, **data)
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
        return _render_delegations(request, _form(request), status=409, conflict=str(error))
    messages.success(request, _("The delegation is ended."))
    return redirect("people:delegation-list")
