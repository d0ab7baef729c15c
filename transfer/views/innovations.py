"""The innovation pages: the board by stage, the list with its search and
export, an innovation with its agreements, deployments and history, its forms,
and moving it along the pipeline."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.access import get_visible_or_404, require_permission
from core.audit import read_log
from core.errors import Conflict
from core.filters import filters_checked, remembers_filters
from core.lookups import rows_of_slices
from core.models import ReadLog
from core.pagination import SEARCH_LIMIT, paginator_for
from people.models import User
from people.selectors import person_list
from projects.models import Project
from projects.selectors import project_choices, project_list, project_visible
from transfer import services
from transfer.access import why_visible
from transfer.exports import innovation_export_response
from transfer.forms import BoardFilterForm, InnovationFilterForm, InnovationForm, MoveForm
from transfer.models import PIPELINE, Innovation, Kind, Route, Stage
from transfer.selectors import (
    agreement_list,
    can_edit_transfer,
    deployment_list,
    innovation_detail_queryset,
    innovation_list,
    partner_list,
    sees_all_transfer,
)
from transfer.views.common import PAGE_SIZE, bad_request, export_format, innovation_for_change
from transfer.views.history import innovation_history

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BOARD_COLUMN_SIZE = 25  # cards per column; the column's count and a link to the list say the rest
BOARD_STAGES = (*PIPELINE, Stage.ABANDONED)


def _projects_seen(request: HttpRequest) -> QuerySet[Project]:
    """What the project filter accepts (the page names only the one chosen)."""
    return project_choices(user=request.user)


def _with_project_visibility(innovations: QuerySet[Innovation], user: User) -> QuerySet[Innovation]:
    """``project_visible``: whether the user sees the innovation's project (its
    acronym is shown only then): the project list's rule, on the one project."""
    rule = project_visible(user)
    if not rule:
        # Every project (direction): no subquery, which PostgreSQL, costing random
        # reads as on SSDs, would read whole into a hash for a page of 25 (400 ms).
        has_project = ExpressionWrapper(Q(project__isnull=False), output_field=BooleanField())
        return innovations.annotate(project_visible=has_project)
    return innovations.annotate(project_visible=Exists(Project.objects.filter(rule, pk=OuterRef("project_id"))))


def _back(request: HttpRequest, target: str) -> str:
    """Where to go after a move: the page it was made from, if it is ours."""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # Only a path: ``redirect`` would take a bare word for a URL pattern's name.
    return target if target and target.startswith("/") and safe else reverse("transfer:board")


# The board -------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    innovation: Innovation
    move_form: MoveForm | None
    kind: "StrOrPromise"  # the labels, looked up once per page (``get_kind_display`` hashes every choice per card)
    route: "StrOrPromise"


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    count: int
    cards: list[Card]

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def _column_cards(shown: QuerySet[Innovation]) -> list[Innovation]:
    """The latest moved ``BOARD_COLUMN_SIZE`` cards of each column, in
    one query: a LIMITed query per stage, joined by UNION ALL (each reads its own
    first rows, where a rank over every innovation the viewer sees read them all)."""
    latest = [F("stage_changed_at").desc(), F("pk").desc()]
    cards = rows_of_slices([shown.filter(stage=stage).order_by(*latest)[:BOARD_COLUMN_SIZE] for stage in BOARD_STAGES])
    # A union keeps no order: each column's own, again.
    cards.sort(key=lambda innovation: (innovation.stage_changed_at, innovation.pk), reverse=True)
    return cards


@login_required
@remembers_filters("transfer-board")
def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = BoardFilterForm(request.GET, projects=_projects_seen(request))
    q, filters = form.search()
    filters_checked(request, form)
    # Every match: the columns count them all (the board shows the latest moved, not the best ranked).
    shown = innovation_list(user=user, q=q, filters=filters, search_limit=None)
    counts = dict(shown.order_by().values_list("stage").annotate(n=Count("pk")))
    by_stage: dict[str, list[Card]] = {stage: [] for stage in BOARD_STAGES}
    officer = can_edit_transfer(user)
    kinds, routes = dict(Kind.choices), dict(Route.choices)
    for innovation in _column_cards(_with_project_visibility(shown, user)):
        move_form = None
        if officer:
            initial = {"expected": innovation.stage, "next": request.get_full_path()}
            move_form = MoveForm(innovation=innovation, initial=initial)
        kind, route = kinds.get(innovation.kind, innovation.kind), routes.get(innovation.route, innovation.route)
        by_stage[innovation.stage].append(Card(innovation, move_form, kind, route))
    columns = [Column(stage, Stage(stage).label, counts.get(stage, 0), by_stage[stage]) for stage in BOARD_STAGES]
    context = {
        "form": form,
        "columns": columns,
        "total": sum(counts.values()),
        "filtered": form.filtered,
        "may_edit": officer,
        "pipeline": [stage.value for stage in BOARD_STAGES],
    }
    return render(request, "transfer/innovation_board.html", context)


# The list, its search and its export -----------------------------------------------


def _filter_form(request: HttpRequest) -> InnovationFilterForm:
    user = request.user
    partners = partner_list(user=user).order_by("name")
    return InnovationFilterForm(request.GET, projects=_projects_seen(request), partners=partners)


def _listed(request: HttpRequest, q: str, filters: dict[str, Any], *, search_limit: int | None) -> QuerySet[Innovation]:
    """What the list shows and the export writes: the innovations the user sees, searched and filtered."""
    innovations = innovation_list(user=request.user, q=q, filters=filters, search_limit=search_limit)
    return _with_project_visibility(innovations, request.user)


@login_required
@remembers_filters("innovations")
def innovation_list_view(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    q, filters = form.search()
    filters_checked(request, form)
    rows = _listed(request, q, filters, search_limit=SEARCH_LIMIT + 1)
    page = paginator_for(rows, PAGE_SIZE, q=q).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": form.filtered, "may_edit": can_edit_transfer(request.user)}
    return render(request, "transfer/innovation_list.html", context)


@login_required
def innovation_export(request: HttpRequest) -> HttpResponse:
    """The list as a file: the same search and filters, every page of it."""
    file_format = export_format(request)
    if file_format is None:
        return bad_request(_("Choose the csv or xlsx format."))
    q, filters = _filter_form(request).search()
    # Every match of a search, ranked: an export is not capped as the list's pages are.
    innovations = _listed(request, q, filters, search_limit=None)
    return innovation_export_response(request, innovations, file_format, filename=f"innovations-{timezone.localdate()}")


# An innovation -----------------------------------------------------------------------


def _visible(request: HttpRequest, pk: int) -> Innovation:
    return get_visible_or_404(innovation_detail_queryset(user=request.user), pk=pk)


@login_required
def innovation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    innovation = _visible(request, pk)
    if innovation.confidential:
        read_log(request, surface=ReadLog.Surface.PAGE, obj=innovation)
    agreements = list(agreement_list(user=user, filters={"innovation": innovation.pk}))
    officer = can_edit_transfer(user)
    context = {
        "innovation": innovation,
        "project_visible": innovation.project_id is not None
        and project_list(user=user).filter(pk=innovation.project_id).exists(),
        "owners": person_list(user=user).filter(owned_innovations=innovation).order_by("last_name", "username"),
        "agreements": agreements,
        "deployments": deployment_list(user=user).filter(innovation=innovation),
        "history": innovation_history(request.user, innovation),
        "may_edit": officer,
        "access_reasons": why_visible(user, innovation),
        "may_see_access": sees_all_transfer(user),
        "today": timezone.localdate(),
        "move_form": MoveForm(innovation=innovation, initial={"expected": innovation.stage, "next": request.path})
        if officer
        else None,
    }
    return render(request, "transfer/innovation_detail.html", context)


def _render_innovation_form(
    request: HttpRequest, form: InnovationForm, innovation: Innovation | None = None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "innovation": innovation}
    return render(request, "transfer/innovation_form.html", context, status=status)


@login_required
def innovation_create_view(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "transfer.add_innovation")
    initial = {"stage": Stage.IDENTIFIED, "readiness_level": 1, "confidential": True}
    if request.GET.get("project", "").isdigit():
        initial["project"] = request.GET["project"]
    form = InnovationForm(request.POST or None, initial=initial, creating=True, user=request.user)
    if request.method != "POST":
        return _render_innovation_form(request, form)
    if form.is_valid():
        data = dict(form.cleaned_data)
        owners = list(data.pop("owners"))
        try:
            innovation = services.innovation_create(by=request.user, owners=owners, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The innovation is recorded."))
            return redirect(innovation)
    return _render_innovation_form(request, form, status=400)


@login_required
def innovation_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = innovation_for_change(request, pk)
    form = InnovationForm(
        request.POST or None,
        initial=InnovationForm.initial_of(innovation),
        creating=False,
        user=request.user,
        current_project=innovation.project_id,
    )
    if request.method != "POST":
        return _render_innovation_form(request, form, innovation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        owners = list(data.pop("owners"))
        try:
            services.innovation_update(innovation=innovation, by=request.user, owners=owners, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The innovation is saved."))
            return redirect(innovation)
    return _render_innovation_form(request, form, innovation, status=400)


@login_required
def innovation_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card: from the board, the innovation's page, or this page's own form."""
    innovation = innovation_for_change(request, pk)
    initial = {"expected": innovation.stage, "next": innovation.get_absolute_url()}
    form = MoveForm(request.POST or None, innovation=innovation, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            back = _back(request, data["next"])
            try:
                services.innovation_move(
                    innovation=innovation,
                    by=request.user,
                    to=data["to"],
                    reason=data["reason"],
                    expected=data["expected"],
                )
            except Conflict as error:
                messages.error(
                    request, _("“%(title)s” was not moved: %(error)s") % {"title": innovation, "error": error}
                )
                return redirect(back)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                stage = Stage(data["to"]).label
                messages.success(request, _("“%(title)s” is now %(stage)s.") % {"title": innovation, "stage": stage})
                return redirect(back)
        status = 400
    else:
        status = 200
    context = {"innovation": innovation, "form": form}
    return render(request, "transfer/innovation_move.html", context, status=status)
