"""Accounts awaiting activation: made by a first single sign-on, with no role and
no unit, until operations activate them and give their unit (or refuse them)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.forms import CleanTextMixin
from core.widgets import OnePassSelect
from people.models import Department, Team
from people.roles import is_operations
from people.selectors import pending_accounts
from people.services import identity


class ActivationForm(CleanTextMixin, forms.Form):
    """The unit an activated account joins: a project-team, a department, or none."""

    unit = forms.ChoiceField(label=gettext_lazy("Unit"), required=False, widget=OnePassSelect)

    def __init__(self, *args: Any, teams: list[Team], departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units: dict[str, Team | Department] = {f"team:{t.pk}": t for t in teams} | {
            f"department:{d.pk}": d for d in departments
        }
        self.fields["unit"].choices = [
            ("", _("No unit (academic partner)")),
            (_("Project-teams"), [(f"team:{t.pk}", f"{t.acronym} — {t.name}") for t in teams]),
            (_("Departments"), [(f"department:{d.pk}", str(d)) for d in departments]),
        ]

    def unit_fields(self) -> dict[str, Any]:
        unit = self.units.get(self.cleaned_data["unit"])
        return {
            "team": unit if isinstance(unit, Team) else None,
            "department": unit if isinstance(unit, Department) else None,
        }


def _operations_only(request: HttpRequest) -> None:
    if not is_operations(request.user):
        raise PermissionDenied(_("Only the lab’s operations team activates accounts."))


def _form(data: Any = None, *, prefix: str | None = None) -> ActivationForm:
    teams = list(Team.objects.order_by("acronym"))
    departments = list(Department.objects.select_related("hospital"))
    return ActivationForm(data, teams=teams, departments=departments, prefix=prefix)


@login_required
@require_GET
def pending_list(request: HttpRequest) -> HttpResponse:
    _operations_only(request)
    accounts = list(pending_accounts())
    form = _form()
    return render(request, "people/pending_list.html", {"accounts": accounts, "form": form})


@login_required
@require_POST
def pending_activate(request: HttpRequest, pk: int) -> HttpResponse:
    _operations_only(request)
    user = get_object_or_404(pending_accounts(), pk=pk)
    form = _form(request.POST)
    if not form.is_valid():
        accounts = list(pending_accounts())
        context = {"accounts": accounts, "form": _form(), "failed": user.pk, "failed_form": form}
        return render(request, "people/pending_list.html", context, status=400)
    identity.account_activate(user=user, by=request.user, **form.unit_fields())
    messages.success(request, _("%(name)s’s account is active.") % {"name": user.full_name})
    return redirect("people:pending-list")


@login_required
@require_POST
def pending_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    _operations_only(request)
    user = get_object_or_404(pending_accounts(), pk=pk)
    identity.account_refuse(user=user, by=request.user)
    messages.success(request, _("%(name)s’s account stays inactive.") % {"name": user.full_name})
    return redirect("people:pending-list")
