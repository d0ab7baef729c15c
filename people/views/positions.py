"""Pages of host positions and secondments: one set for both kinds, under
their own addresses and with their own words.

Every read goes through people.selectors and every change through
people.services; a list builds one ``Approvers`` for all its rows, so that its
cost does not grow with its length.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.access import get_visible_or_404
from core.errors import Conflict
from core.exports import ExportFormat
from core.filters import filters_checked, remembers_filters
from core.forms import AttachmentForm
from core.pagination import SEARCH_LIMIT, paginator_for
from people import services
from people.access import manages_position, why_position_visible
from people.exports import position_export_response
from people.forms import BulkApproveForm, DecisionForm, PositionFilterForm, PositionForm, PositionView
from people.history import POSITION_HISTORY
from people.models import (
    Position,
    PositionKind,
    PositionStatus,
    Step,
    User,
)
from people.models.positions import EDITABLE_STATUSES, FINAL_STATUSES
from people.queue import Next, forget_waiting, next_waiting
from people.roles import is_approver
from people.selectors import (
    call_list,
    department_choices,
    department_list,
    position_history,
    position_list,
    position_overlaps,
    team_choices,
    team_list,
)
from people.services.positions import EDITABLE_FIELDS
from people.workflow import Approvers, may_attach, may_remove_attachment, pending_steps, waiting_age

PAGE_SIZE = 25


@dataclass(frozen=True)
class KindText:
    """What differs between the two kinds of request on their pages: words and URL names."""

    kind: str
    prefix: str
    plural: Promise
    singular: Promise
    intro: Promise
    new: Promise
    host_unit: Promise
    home_unit: Promise

    @property
    def names(self) -> dict[str, str]:
        actions = (
            "list",
            "create",
            "export",
            "detail",
            "update",
            "submit",
            "approve",
            "reject",
            "withdraw",
            "attach",
            "detach",
            "next",
            "access",
            "ics",
        )
        names = {action: f"people:{self.prefix}-{action}" for action in actions}
        return {
            **names,
            "request_changes": f"people:{self.prefix}-request-changes",
            "bulk_approve": f"people:{self.prefix}-bulk-approve",
        }


KINDS = {
    PositionKind.HOST: KindText(
        kind=PositionKind.HOST,
        prefix="hostposition",
        plural=gettext_lazy("Host positions"),
        singular=gettext_lazy("Host position"),
        intro=gettext_lazy("AP-HP professionals who join an Inria project-team, full- or part-time."),
        new=gettext_lazy("New host position request"),
        host_unit=gettext_lazy("Host project-team"),
        home_unit=gettext_lazy("Home department"),
    ),
    PositionKind.SECONDMENT: KindText(
        kind=PositionKind.SECONDMENT,
        prefix="secondment",
        plural=gettext_lazy("Secondments"),
        singular=gettext_lazy("Secondment"),
        intro=gettext_lazy("Inria staff seconded to an AP-HP department, full- or part-time."),
        new=gettext_lazy("New secondment request"),
        host_unit=gettext_lazy("Host department"),
        home_unit=gettext_lazy("Home project-team"),
    ),
}


@dataclass(frozen=True)
class Row:
    """A request in a list, with who must decide it now and for how long it has waited."""

    position: Position
    awaiting: list[User]
    age: timedelta | None


def position_rows(positions: QuerySet[Position] | Any, approvers: Approvers, now: datetime) -> list[Row]:
    return [Row(p, approvers.awaiting(p), waiting_age(p, now)) for p in positions]


# Lists and exports --------------------------------------------------------------


def _filter_form(request: HttpRequest) -> PositionFilterForm:
    user = request.user
    return PositionFilterForm(request.GET, teams=team_choices(user=user), departments=department_choices(user=user))


def _may_decide(user: User, approvers: Approvers) -> bool:
    """Heads a unit, decides as direction or operations, or stands in for someone today."""
    return approvers.principal_ids_of(user) != {user.pk} or is_approver(user)


def _default_view(user: User, approvers: Approvers) -> str:
    """Approvers (and delegates) land on what awaits them; everyone else on their own requests."""
    return PositionView.AWAITING if _may_decide(user, approvers) else PositionView.MINE


def _listed(
    request: HttpRequest, kind: str, form: PositionFilterForm, approvers: Approvers, *, search_limit: int | None
) -> tuple[str, Any]:
    """The tab shown and its requests, filtered and searched: what the list shows
    and the export writes. A search's rows come best first; otherwise the
    awaiting tab's oldest first, the others' newest first. A search without a
    tab (``?q=``: the header's search leads here) looks in every request the
    user sees."""
    user = request.user
    q, filters = form.search()
    view = form.cleaned_data.get("view") or (PositionView.ALL if q else _default_view(user, approvers))
    if view == PositionView.MINE:
        filters["mine"] = True
    awaiting_me = view == PositionView.AWAITING
    positions = position_list(
        user=user,
        kind=kind,
        awaiting_me=awaiting_me,
        approvers=approvers,
        filters=filters,
        q=q,
        search_limit=search_limit,
    )
    if awaiting_me and not q:
        positions = positions.order_by("waiting_since", "pk")
    return view, positions


def _render_list(request: HttpRequest, kind: str, *, status: int = 200, **extra: Any) -> HttpResponse:
    form = _filter_form(request)
    approvers = Approvers(timezone.localdate())
    view, positions = _listed(request, kind, form, approvers, search_limit=SEARCH_LIMIT + 1)
    filters_checked(request, form)
    q = form.cleaned_data.get("q") or ""
    # A search counts up to SEARCH_LIMIT (its rows are a capped search's); a list, exactly.
    page = paginator_for(positions, PAGE_SIZE, q=q, exact=True).get_page(request.GET.get("page"))
    context = {
        "kind": KINDS[kind],
        "form": form,
        "view": view,
        # The "awaiting my decision" tab for who may decide (or stands in for someone who does).
        "views": [
            (value, label)
            for value, label in PositionView.choices
            if value != PositionView.AWAITING or _may_decide(request.user, approvers) or view == value
        ],
        "page": page,
        "searched": bool(q),
        "rows": position_rows(page, approvers, timezone.now()),
        "may_request": services.position_refusal(kind=kind, applicant=request.user) is None,
        "filtered": any(form.data.get(name) for name in ("q", "status", "team", "department", "year")),
        # On the awaiting tab, requests are ticked and approved together.
        "bulk": view == PositionView.AWAITING and page.paginator.count > 0,
        "bulk_form": BulkApproveForm(limit=PAGE_SIZE),
        **extra,
    }
    return render(request, "people/position_list.html", context, status=status)


@login_required
@remembers_filters("positions-{kind}", tabs=("view",))
def position_list_view(request: HttpRequest, kind: str) -> HttpResponse:
    return _render_list(request, kind)


@login_required
def position_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The list as a file: the same tab and filters, every page of it."""
    try:
        export_format = ExportFormat(request.GET.get("format", ExportFormat.CSV))
    except ValueError:
        return HttpResponse(_("Choose the csv or xlsx format."), status=400, content_type="text/plain; charset=utf-8")
    form = _filter_form(request)
    approvers = Approvers(timezone.localdate())
    # Every match of a search, ranked: an export is not capped as the list's pages are.
    view, positions = _listed(request, kind, form, approvers, search_limit=None)
    rows = position_rows(positions.select_related("call"), approvers, timezone.now())
    return position_export_response(
        request, rows, export_format, filename=f"{KINDS[kind].prefix}-{view}-{approvers.today}"
    )


# A request -------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    step: Step
    label: str
    decision: Any
    pending: bool
    actors: list[Any]
    routed_because: str = ""


def _steps(position: Position, approvers: Approvers, pending: list[Step]) -> list[StepRow]:
    """Each step with its decision in the current round; a request sent back for
    changes shows the round that sent it back (the next starts once submitted
    again). Earlier rounds are in its history."""
    shown = position.round - 1 if position.status == PositionStatus.CHANGES_REQUESTED else position.round
    decisions = {d.step: d for d in position.decisions.all() if d.round == shown}
    return [
        StepRow(
            step=step,
            label=str(step.label),
            decision=decisions.get(step),
            pending=step in pending,
            actors=approvers.actors(position, step) if step in pending else [],
            routed_because=approvers.routing_reason(position, step) if step in pending else "",
        )
        for step in (Step.TEAM, Step.DEPARTMENT, Step.FINAL)
    ]


def _render_detail(
    request: HttpRequest, position: Position, kind: str, *, status: int = 200, **extra: Any
) -> HttpResponse:
    user = request.user
    approvers = Approvers(timezone.localdate())
    pending = pending_steps(position)
    found = approvers.actor_for(position, user, pending)
    is_applicant = position.applicant_id == user.pk
    access_reasons = why_position_visible(user, position)
    context = {
        "kind": KINDS[kind],
        "position": position,
        "awaiting": approvers.awaiting(position),
        "age": waiting_age(position, timezone.now()),
        "steps": _steps(position, approvers, pending),
        "history": POSITION_HISTORY.entries(position_history(user=user, position=position)),
        "actor": found[1] if found else None,
        "acting_step": found[0] if found else None,
        "may_edit": is_applicant and position.status in EDITABLE_STATUSES,
        "may_withdraw": is_applicant and position.status not in FINAL_STATUSES,
        "phase": position.phase(approvers.today),
        "overlaps": position_overlaps(user=user, position=position),
        "attachments": position.attachments.select_related("uploaded_by"),
        "may_attach": may_attach(position, user, approvers),
        "may_remove_attachments": may_remove_attachment(position, user.pk, user),
        "attachment_form": AttachmentForm(),
        "decision_form": DecisionForm(),
        "access_reasons": access_reasons,
        "may_see_access": manages_position(access_reasons),
        **extra,
    }
    return render(request, "people/position_detail.html", context, status=status)


def _visible(request: HttpRequest, kind: str, pk: int) -> Position:
    return get_visible_or_404(position_list(user=request.user, kind=kind).select_related("call"), pk=pk)


@login_required
def position_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _render_detail(request, _visible(request, kind, pk), kind)


def _form(request: HttpRequest, kind: str, position: Position | None = None) -> PositionForm:
    user = request.user
    today = timezone.localdate()
    open_calls = call_list(user=user).filter(opens_on__lte=today, closes_on__gte=today)
    if position is not None and position.call_id:
        # A draft keeps the call it answers, even once closed: submitting then says so.
        open_calls = call_list(user=user).filter(Q(pk__in=open_calls.values("pk")) | Q(pk=position.call_id))
    initial = {}
    if position is not None:
        initial = {name: getattr(position, name) for name in EDITABLE_FIELDS}
    return PositionForm(
        request.POST or None,
        initial=initial,
        kind=kind,
        teams=team_list(user=user),
        departments=department_list(user=user),
        calls=open_calls,
    )


def _render_form(
    request: HttpRequest, kind: str, form: PositionForm, position: Position | None = None, status: int = 200
) -> HttpResponse:
    context = {"kind": KINDS[kind], "form": form, "position": position}
    if position is None:
        context["refusal"] = services.position_refusal(kind=kind, applicant=request.user)
    return render(request, "people/position_form.html", context, status=status)


@login_required
def position_create_view(request: HttpRequest, kind: str) -> HttpResponse:
    form = _form(request, kind)
    if request.method != "POST":
        return _render_form(request, kind, form)
    if services.position_refusal(kind=kind, applicant=request.user) is not None:
        return _render_form(request, kind, form, status=400)
    if form.is_valid():
        try:
            position = services.position_create(kind=kind, applicant=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Your draft is saved. Submit it when it is ready: only you can see it until then.")
            )
            return redirect(position)
    return _render_form(request, kind, form, status=400)


@login_required
def position_update_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    position = _visible(request, kind, pk)
    if position.applicant_id != request.user.pk:
        raise PermissionDenied(_("Only the applicant edits a request."))
    if position.status not in EDITABLE_STATUSES:
        return _render_detail(request, position, kind, status=409, conflict=_("Only a draft can be changed."))
    form = _form(request, kind, position)
    if request.method != "POST":
        return _render_form(request, kind, form, position)
    if form.is_valid():
        try:
            services.position_update(position=position, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as error:
            return _render_detail(request, position, kind, status=409, conflict=str(error))
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect(position)
    return _render_form(request, kind, form, position, status=400)


def _after_action(request: HttpRequest, position: Position, kind: str, message: str) -> HttpResponse:
    """Back to the request, or to the list if the action took it out of the user's sight."""
    messages.success(request, message)
    if position_list(user=request.user, kind=kind).filter(pk=position.pk).exists():
        return redirect(position)
    return redirect(KINDS[kind].names["list"])


@login_required
@require_POST
def position_submit_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    position = _visible(request, kind, pk)
    try:
        services.position_submit(position=position, by=request.user)
    except ValidationError as error:
        return _render_detail(request, position, kind, status=400, submit_errors=error.messages)
    except Conflict as error:
        return _render_detail(request, position, kind, status=409, conflict=str(error))
    return _after_action(request, position, kind, _("The request is submitted. Its approvers are told by email."))


def _after_decision(request: HttpRequest, position: Position, kind: str, message: str) -> HttpResponse:
    """A queue, not a list: on to the oldest request still awaiting the
    approver (of the same kind first), or, when none is left, back to the
    awaiting list, which says so."""
    forget_waiting(request)
    following = next_waiting(request.user, kind=kind, skip=position.pk)
    decided = position.get_absolute_url()
    if following is None:
        messages.success(request, _next_message(message, decided, position, None))
        return redirect(f"{reverse(KINDS[kind].names['list'])}?view={PositionView.AWAITING}")
    messages.success(request, _next_message(message, decided, position, following))
    return redirect(following.url_name, pk=following.position_id)


def _next_message(message: str, decided: str, position: Position, following: Next | None) -> str:
    """ "Your approval is recorded (#12, Ana Petit). 3 requests still await you:
    here is the oldest." The decided request stays one click away."""
    done = format_html('{} (<a href="{}">#{}, {}</a>)', message, decided, position.pk, position.applicant.full_name)
    if following is None:
        return format_html("{} {}", done, _("Nothing else awaits your decision."))
    if following.capped:
        left = _("More than %(count)d requests still await you: here is the oldest.") % {"count": following.left}
    else:
        left = ngettext(
            "%(count)d request still awaits you: here it is.",
            "%(count)d requests still await you: here is the oldest.",
            following.left,
        ) % {"count": following.left}
    return format_html("{} {}", done, left)


def _decision_comment(request: HttpRequest) -> DecisionForm:
    form = DecisionForm(request.POST)
    # Always valid (free text): the service decides, in its own order (403 for
    # who may not decide, 409 for a closed step, then the comment it requires).
    form.is_valid()
    return form


@login_required
@require_POST
def position_decide_view(request: HttpRequest, kind: str, pk: int, approve: bool) -> HttpResponse:
    position = _visible(request, kind, pk)
    form = _decision_comment(request)
    try:
        services.position_decide(
            position=position, by=request.user, approve=approve, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        form.add_error("comment", error.messages)
        return _render_detail(request, position, kind, status=400, decision_form=form)
    except Conflict as error:
        return _render_detail(request, position, kind, status=409, conflict=str(error))
    return _after_decision(
        request, position, kind, _("Your approval is recorded.") if approve else _("The request is rejected.")
    )


@login_required
@require_POST
def position_request_changes_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Send the request back to its applicant: as a rejection, the service
    answers who may (403), in which state (409), then asks what should change."""
    position = _visible(request, kind, pk)
    form = _decision_comment(request)
    try:
        services.position_request_changes(
            position=position, by=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationError as error:
        form.add_error("comment", error.messages)
        return _render_detail(request, position, kind, status=400, decision_form=form)
    except Conflict as error:
        return _render_detail(request, position, kind, status=409, conflict=str(error))
    return _after_decision(request, position, kind, _("The request is sent back to its applicant for changes."))


@login_required
def position_next_view(request: HttpRequest, kind: str) -> HttpResponse:
    """ "Next waiting request": the oldest awaiting the person (``?skip=`` one
    put aside), else the awaiting list. It only leads somewhere: no decision is
    ever made by a GET."""
    skip = request.GET.get("skip", "")
    following = next_waiting(request.user, kind=kind, skip=int(skip) if skip.isdigit() else None)
    if following is None:
        messages.info(request, _("Nothing else awaits your decision."))
        return redirect(f"{reverse(KINDS[kind].names['list'])}?view={PositionView.AWAITING}")
    return redirect(following.url_name, pk=following.position_id)


@dataclass(frozen=True)
class BulkResult:
    """One request of a bulk approval and what became of it."""

    position_id: int
    position: Position | None
    outcome: str  # "approved", "refused" (403), "conflict" (409), "missing" (404)
    detail: str


def _approve_one(request: HttpRequest, kind: str, pk: int, found: Position | None, comment: str) -> BulkResult:
    """One request of the batch, in its own service call (its own transaction and
    row lock): one refused or taken by another approver leaves the others alone."""
    if found is None:
        return BulkResult(pk, None, "missing", _("Not found among the requests you can see."))
    try:
        services.position_decide(position=found, by=request.user, approve=True, comment=comment)
    except PermissionDenied as error:
        return BulkResult(pk, found, "refused", str(error) or _("You may not decide this request."))
    except Conflict as error:
        return BulkResult(pk, found, "conflict", str(error))
    except ValidationError as error:
        return BulkResult(pk, found, "refused", " ".join(error.messages))
    return BulkResult(pk, found, "approved", _("Approved."))


@login_required
@require_POST
def position_bulk_approve_view(request: HttpRequest, kind: str) -> HttpResponse:
    """Approve the requests ticked on the awaiting list, with one comment: each
    its own race-safe service call, the result shown per request."""
    form = BulkApproveForm(request.POST, limit=PAGE_SIZE)
    if not form.is_valid():
        return _render_list(request, kind, status=400, bulk_form=form)
    ids: list[int] = form.cleaned_data["positions"]
    visible = position_list(user=request.user, kind=kind).prefetch_related(None).in_bulk(ids)
    results = [_approve_one(request, kind, pk, visible.get(pk), form.cleaned_data["comment"]) for pk in ids]
    forget_waiting(request)
    approved = sum(result.outcome == "approved" for result in results)
    summary = ngettext(
        "%(approved)d of %(count)d request approved.", "%(approved)d of %(count)d requests approved.", len(results)
    ) % {"approved": approved, "count": len(results)}
    level = messages.SUCCESS if approved == len(results) else messages.WARNING
    messages.add_message(request, level, format_html("{}{}", summary, _bulk_list(results)))
    return redirect(f"{reverse(KINDS[kind].names['list'])}?view={PositionView.AWAITING}")


def _bulk_list(results: list[BulkResult]) -> str:
    return format_html(
        '<ul class="bulk-results">{}</ul>',
        format_html_join(
            "",
            '<li class="bulk-results__{}">{}: {}</li>',
            (
                (
                    result.outcome,
                    format_html(
                        '<a href="{}">#{}, {}</a>',
                        result.position.get_absolute_url(),
                        result.position.pk,
                        result.position.applicant.full_name,
                    )
                    if result.position is not None
                    else f"#{result.position_id}",
                    result.detail,
                )
                for result in results
            ),
        ),
    )


@login_required
@require_POST
def position_withdraw_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    position = _visible(request, kind, pk)
    try:
        services.position_withdraw(position=position, by=request.user)
    except Conflict as error:
        return _render_detail(request, position, kind, status=409, conflict=str(error))
    return _after_action(request, position, kind, _("The request is withdrawn."))
