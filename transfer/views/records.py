"""Agreements, deployments and partner companies: lists, pages and the
transfer office's forms."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import get_for_action_or_404, get_visible_or_404, require_permission
from core.filters import filters_checked, remembers_filters
from core.pagination import paginator_for
from core.suggest import suggest_response
from people.models import Company
from people.selectors import person_list
from transfer import services
from transfer.access import why_visible
from transfer.forms import (
    AgreementFilterForm,
    AgreementForm,
    DeploymentForm,
    PartnerForm,
    PartnerSearchForm,
    partner_contains,
    partner_prefix,
)
from transfer.models import Agreement, Deployment, Innovation
from transfer.selectors import agreement_list, can_edit_transfer, deployment_list, partner_list, sees_all_transfer
from transfer.views.common import PAGE_SIZE, innovation_for_change
from transfer.views.history import agreement_history, partner_history

EXPIRING_WITHIN_DAYS = 90


# Agreements ------------------------------------------------------------------------


def _agreement_filter_form(request: HttpRequest) -> AgreementFilterForm:
    return AgreementFilterForm(request.GET, partners=partner_list(user=request.user).order_by("name"))


@login_required
@remembers_filters("agreements")
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    form = _agreement_filter_form(request)
    q, data = form.search()
    filters_checked(request, form)
    filters: dict[str, Any] = {"kind": data.get("kind"), "partner": data.get("partner")}
    today = timezone.localdate()
    if data.get("expiring"):
        filters |= {"expires_after": today, "expires_before": today + timedelta(days=EXPIRING_WITHIN_DAYS)}
    agreements = agreement_list(user=request.user, filters=filters, q=q)
    # A search counts up to SEARCH_LIMIT (its rows are a capped search's, best first); the list, exactly.
    page = paginator_for(agreements, PAGE_SIZE, q=q, exact=True).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": form.filtered, "today": today}
    return render(request, "transfer/agreement_list.html", context)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_visible_or_404(agreement_list(user=request.user), pk=pk)
    context = {
        "agreement": agreement,
        "history": agreement_history(request.user, agreement),
        "may_edit": can_edit_transfer(request.user),
        "access_reasons": why_visible(request.user, agreement),
        "may_see_access": sees_all_transfer(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "transfer/agreement_detail.html", context)


def _render_agreement_form(
    request: HttpRequest, form: AgreementForm, innovation: Innovation, agreement: Agreement | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "innovation": innovation, "agreement": agreement}
    return render(request, "transfer/agreement_form.html", context, status=status)


@login_required
def agreement_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = innovation_for_change(request, pk)
    initial = {"partner": request.GET["partner"]} if request.GET.get("partner", "").isdigit() else {}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method != "POST":
        return _render_agreement_form(request, form, innovation, None)
    if form.is_valid():
        try:
            agreement = services.agreement_create(by=request.user, innovation=innovation, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The agreement is recorded."))
            return redirect(agreement)
    return _render_agreement_form(request, form, innovation, None, status=400)


@login_required
def agreement_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_for_action_or_404(
        agreement_list(user=request.user), request.user, "transfer.change_agreement", pk=pk
    )
    form = AgreementForm(request.POST or None, initial=AgreementForm.initial_of(agreement))
    if request.method != "POST":
        return _render_agreement_form(request, form, agreement.innovation, agreement)
    if form.is_valid():
        try:
            services.agreement_update(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(agreement)
    return _render_agreement_form(request, form, agreement.innovation, agreement, status=400)


# Deployments -------------------------------------------------------------------------


def _render_deployment_form(
    request: HttpRequest, form: DeploymentForm, innovation: Innovation, deployment: Deployment | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "innovation": innovation, "deployment": deployment}
    return render(request, "transfer/deployment_form.html", context, status=status)


def _after_deployment(request: HttpRequest, innovation: Innovation, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("transfer:innovation-detail", args=[innovation.pk]) + "#deployments")


@login_required
def deployment_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = innovation_for_change(request, pk)
    form = DeploymentForm(request.POST or None, initial={"status": Deployment.Status.PLANNED})
    if request.method != "POST":
        return _render_deployment_form(request, form, innovation, None)
    if form.is_valid():
        try:
            services.deployment_create(by=request.user, innovation=innovation, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _after_deployment(request, innovation, _("The deployment is recorded."))
    return _render_deployment_form(request, form, innovation, None, status=400)


@login_required
def deployment_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    visible = deployment_list(user=request.user)
    deployment = get_for_action_or_404(visible, request.user, "transfer.change_deployment", pk=pk)
    form = DeploymentForm(request.POST or None, initial=DeploymentForm.initial_of(deployment))
    if request.method != "POST":
        return _render_deployment_form(request, form, deployment.innovation, deployment)
    if form.is_valid():
        try:
            services.deployment_update(deployment=deployment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _after_deployment(request, deployment.innovation, _("The deployment is saved."))
    return _render_deployment_form(request, form, deployment.innovation, deployment, status=400)


# Partners ----------------------------------------------------------------------------


@login_required
@require_GET
def partner_suggest(request: HttpRequest) -> HttpResponse:
    """The partner companies the user sees whose name starts with, then contains, ``?q=``."""
    partners = Company.objects.filter(pk__in=partner_list(user=request.user).values("pk"))
    return suggest_response(request, partners, prefix=partner_prefix, contains=partner_contains, order=("name", "pk"))


@login_required
@remembers_filters("partners")
def partner_list_view(request: HttpRequest) -> HttpResponse:
    form = PartnerSearchForm(request.GET)
    q, _filters = form.search()
    filters_checked(request, form)
    page = Paginator(partner_list(user=request.user, q=q).order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "filtered": form.filtered, "may_edit": can_edit_transfer(request.user)}
    return render(request, "transfer/partner_list.html", context)


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    partner = get_visible_or_404(partner_list(user=user), pk=pk)
    officer = can_edit_transfer(user)
    context = {
        "partner": partner,
        "agreements": agreement_list(user=user, filters={"partner": partner.pk}),
        # Its accounts as the directory shows them to the viewer (SPEC §3, directory).
        "accounts": person_list(user=user).filter(company=partner).order_by("last_name", "username"),
        # The history of what the viewer sees: the company's name as it changed.
        "history": partner_history(request.user, partner),
        "may_edit": officer,
        "today": timezone.localdate(),
    }
    return render(request, "transfer/partner_detail.html", context)


def _render_partner_form(
    request: HttpRequest, form: PartnerForm, partner: Company | None = None, status: int = 200
) -> HttpResponse:
    return render(request, "transfer/partner_form.html", {"form": form, "partner": partner}, status=status)


@login_required
def partner_create_view(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "transfer.add_partner")
    form = PartnerForm(request.POST or None)
    if request.method != "POST":
        return _render_partner_form(request, form)
    if form.is_valid():
        try:
            partner = services.partner_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The partner is recorded."))
            return redirect("transfer:partner-detail", partner.pk)
    return _render_partner_form(request, form, status=400)


@login_required
def partner_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_visible_or_404(partner_list(user=request.user), pk=pk)
    # A company is a people/ record: the rule is asked without it (guardian refuses another app's object).
    require_permission(request.user, "transfer.change_partner")
    form = PartnerForm(request.POST or None, initial={"name": partner.name})
    if request.method != "POST":
        return _render_partner_form(request, form, partner)
    if form.is_valid():
        try:
            services.partner_update(partner=partner, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The partner is saved."))
            return redirect("transfer:partner-detail", partner.pk)
    return _render_partner_form(request, form, partner, status=400)
