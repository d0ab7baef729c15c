"""The pages of joint research projects: list and search, export, a project with
its members, milestones, data-access requests and history, and the forms that
change them.

Every read goes through projects.selectors and every change through
projects.services. A project the user cannot see answers 404; one they see but
do not manage (its leads, direction and operations do) answers 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import get_visible_or_404, require_permission, who_sees_response
from core.attachments import attachment_response
from core.audit import read_log
from core.calendar import ics_response
from core.errors import Conflict
from core.exports import ExportFormat
from core.filters import filters_checked, remembers_filters
from core.forms import AttachmentForm
from core.models import ReadLog
from core.pagination import paginator_for
from core.suggest import suggest_response
from people.models import User
from people.roles import sees_everything
from people.selectors import department_choices, department_list, person_list, team_choices, team_list
from projects import services
from projects.access import viewer, who_sees, why_visible
from projects.calendar import milestone_event
from projects.exports import project_export_response
from projects.forms import (
    DataDecisionForm,
    DataRequestForm,
    MemberAddForm,
    MemberForm,
    MilestoneForm,
    ProjectFilterForm,
    ProjectForm,
    project_contains,
    project_label,
    project_prefix,
)
from projects.history import PROJECT_HISTORY
from projects.models import DataAccessAttachment, DataAccessRequest, DataCategory, Membership, Project, ProjectStatus
from projects.selectors import (
    can_manage,
    data_request_list,
    member_list,
    milestone_list,
    project_choices,
    project_detail_queryset,
    project_history,
    project_list,
)

PAGE_SIZE = 25
SUGGEST_CANDIDATES = 200  # projects containing the text read, at most, before the suggestions' order

# The list, its search and its export -------------------------------------------


def _filter_form(request: HttpRequest) -> ProjectFilterForm:
    user = request.user
    return ProjectFilterForm(request.GET, teams=team_choices(user=user), departments=department_choices(user=user))


@login_required
@require_GET
def project_suggest(request: HttpRequest) -> HttpResponse:
    """The projects the user sees whose acronym starts with ``?q=``, then (from
    three characters, projects/0008's trigrams) whose acronym or title contains it."""
    return suggest_response(
        request,
        project_choices(user=request.user).only("pk", "acronym", "title"),
        prefix=project_prefix,
        contains=project_contains,
        order=("acronym_key", "pk"),
        label=project_label,
        contains_from=3,
        candidates=SUGGEST_CANDIDATES,
    )


@login_required
@remembers_filters("projects")
def project_list_view(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    q, filters = form.search()
    filters_checked(request, form)
    rows = project_list(user=request.user, q=q, filters=filters)
    page = paginator_for(rows, PAGE_SIZE, q=q).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": form.filtered,
        "may_create": request.user.has_perm("projects.add_project"),
    }
    return render(request, "projects/project_list.html", context)


@login_required
def project_export(request: HttpRequest) -> HttpResponse:
    """The list as a file: the same search and filters, every page of it."""
    try:
        export_format = ExportFormat(request.GET.get("format", ExportFormat.CSV))
    except ValueError:
        return HttpResponse(_("Choose the csv or xlsx format."), status=400, content_type="text/plain; charset=utf-8")
    q, filters = _filter_form(request).search()
    # Every match of a search, ranked: an export is not capped as the list's pages are.
    projects = project_list(user=request.user, q=q, filters=filters, search_limit=None)
    return project_export_response(request, projects, export_format, filename=f"projects-{timezone.localdate()}")


# A project ---------------------------------------------------------------------------


def _visible(request: HttpRequest, pk: int) -> Project:
    return get_visible_or_404(project_detail_queryset(user=request.user), pk=pk)


def _managed(request: HttpRequest, pk: int) -> Project:
    """404 if the user cannot see the project, 403 if they see it but do not manage it."""
    project = _visible(request, pk)
    if not can_manage(request.user, project):
        raise PermissionDenied(_("Only the project's leads, direction and operations change it."))
    return project


@dataclass(frozen=True)
class DataRequestRow:
    request: DataAccessRequest
    categories: list[str]
    decision_form: DataDecisionForm | None
    may_attach: bool
    attachment_form: AttachmentForm | None


def _data_request_rows(
    request: HttpRequest,
    project: Project,
    decision_form: DataDecisionForm | None,
    attachment_form: AttachmentForm | None = None,
) -> list[DataRequestRow]:
    labels = dict(DataCategory.choices)
    decides = sees_everything(request.user)
    manages = can_manage(request.user, project)
    rows = []
    data_requests = project.data_requests.select_related(
        "requested_by", "decided_by", "department__hospital"
    ).prefetch_related(Prefetch("attachments", queryset=DataAccessAttachment.objects.select_related("uploaded_by")))
    for data_request in data_requests:
        form = None
        if decides and data_request.status == DataAccessRequest.Status.SUBMITTED:
            # Several forms on one page: each its own element ids, all the same field names.
            auto_id = f"dr{data_request.pk}-%s"
            kept = decision_form is not None and decision_form.auto_id == auto_id
            form = decision_form if kept else DataDecisionForm(auto_id=auto_id)
        categories = [str(labels.get(name, name)) for name in data_request.categories]
        may_attach = manages and data_request.status in services.ATTACHMENT_OPEN_STATUSES
        upload = None
        if may_attach:
            kept = attachment_form is not None and attachment_form.auto_id == f"at{data_request.pk}-%s"
            upload = attachment_form if kept else AttachmentForm(auto_id=f"at{data_request.pk}-%s")
        rows.append(DataRequestRow(data_request, categories, form, may_attach, upload))
    return rows


def _render_detail(
    request: HttpRequest,
    project: Project,
    *,
    status: int = 200,
    milestone_form: MilestoneForm | None = None,
    decision_form: DataDecisionForm | None = None,
    attachment_form: AttachmentForm | None = None,
    conflict: str = "",
) -> HttpResponse:
    context = {
        "project": project,
        "may_manage": can_manage(request.user, project),
        "members": project.memberships.all(),
        "milestones": project.milestones.all(),
        "data_requests": _data_request_rows(request, project, decision_form, attachment_form),
        "history": PROJECT_HISTORY.entries(project_history(user=request.user, project=project)),
        "milestone_form": milestone_form or MilestoneForm(),
        "today": timezone.localdate(),
        "conflict": conflict,
        "access_reasons": why_visible(request.user, project),
    }
    return render(request, "projects/project_detail.html", context, status=status)


@login_required
@require_GET
def project_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Who can see the project, each with their reasons and what they may do:
    for those who manage it (404 for who cannot see it, 403 for who only sees it);
    ``?format=csv`` or ``xlsx``: every one of them as a file."""
    project = _managed(request, pk)
    if project.confidential:
        read_log(request, surface=ReadLog.Surface.PAGE, obj=project)
    return who_sees_response(
        request,
        who_sees(project),
        viewer,
        filename=f"access-{project.acronym}",
        template="projects/project_access.html",
        context={"project": project},
        roles=dict(Membership.Role.choices),
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _visible(request, pk)
    if project.confidential:
        read_log(request, surface=ReadLog.Surface.PAGE, obj=project)
    return _render_detail(request, project)


def _project_form(request: HttpRequest, project: Project | None = None) -> ProjectForm:
    user = request.user
    return ProjectForm(
        request.POST or None,
        initial=ProjectForm.initial_of(project) if project else {"status": ProjectStatus.PROPOSED},
        teams=team_list(user=user),
        departments=department_list(user=user),
    )


def _render_project_form(
    request: HttpRequest, form: ProjectForm, project: Project | None = None, status: int = 200
) -> HttpResponse:
    return render(request, "projects/project_form.html", {"form": form, "project": project}, status=status)


@login_required
def project_create_view(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "projects.add_project")
    form = _project_form(request)
    if request.method != "POST":
        return _render_project_form(request, form)
    if form.is_valid():
        try:
            project = services.project_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The project is created. You are its lead."))
            return redirect(project)
    return _render_project_form(request, form, status=400)


@login_required
def project_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    form = _project_form(request, project)
    if request.method != "POST":
        return _render_project_form(request, form, project)
    if form.is_valid():
        try:
            services.project_update(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project)
    return _render_project_form(request, form, project, status=400)


# Members -----------------------------------------------------------------------------


def _addable(request: HttpRequest, project: Project) -> QuerySet[User]:
    """The people the user may pick: those they see, who are not members yet."""
    people = person_list(user=request.user).exclude(project_memberships__project=project)
    return people.order_by("last_name", "username")


def _members(project: Project) -> QuerySet[User]:
    return User.objects.filter(project_memberships__project=project)


def _render_members(
    request: HttpRequest,
    project: Project,
    *,
    status: int = 200,
    add_form: MemberAddForm | None = None,
    action_form: MemberForm | None = None,
    conflict: str = "",
) -> HttpResponse:
    context = {
        "project": project,
        "members": member_list(project=project),
        "roles": Membership.Role.choices,
        "add_form": add_form or MemberAddForm(people=_addable(request, project)),
        "action_form": action_form,
        "conflict": conflict,
    }
    return render(request, "projects/project_members.html", context, status=status)


def _after_member_change(request: HttpRequest, project: Project, message: str) -> HttpResponse:
    """Back to the members, or further out if the change took them out of the user's hands."""
    messages.success(request, message)
    project = project_list(user=request.user).filter(pk=project.pk).first()
    if project is None:
        return redirect("projects:project-list")
    if can_manage(request.user, project):
        return redirect("projects:project-members", project.pk)
    return redirect(project)


@login_required
def project_members(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_members(request, _managed(request, pk))


@login_required
@require_POST
def member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    form = MemberAddForm(request.POST, people=_addable(request, project))
    if form.is_valid():
        try:
            membership = services.member_add(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as error:
            return _render_members(request, project, status=409, conflict=str(error))
        else:
            name = membership.user.full_name
            return _after_member_change(request, project, _("%(name)s is now a member.") % {"name": name})
    return _render_members(request, project, status=400, add_form=form)


@login_required
@require_POST
def member_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    form = MemberForm(request.POST, members=_members(project))
    if form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.member_remove(project=project, by=request.user, user=user)
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as error:
            return _render_members(request, project, status=409, conflict=str(error))
        else:
            message = _("%(name)s is no longer a member.") % {"name": user.full_name}
            return _after_member_change(request, project, message)
    return _render_members(request, project, status=400, action_form=form)


@login_required
@require_POST
def member_role_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    form = MemberForm(request.POST, members=_members(project), role_required=True)
    if form.is_valid():
        user, role = form.cleaned_data["user"], form.cleaned_data["role"]
        try:
            services.member_set_role(project=project, by=request.user, user=user, role=role)
        except ValidationError as error:
            form.add_service_errors(error)
        except Conflict as error:
            return _render_members(request, project, status=409, conflict=str(error))
        else:
            message = _("%(name)s is now %(role)s.") % {"name": user.full_name, "role": Membership.Role(role).label}
            return _after_member_change(request, project, message)
    return _render_members(request, project, status=400, action_form=form)


# Milestones --------------------------------------------------------------------------


@login_required
@require_POST
def milestone_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_create(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The milestone is added."))
            return redirect(reverse("projects:project-detail", args=[project.pk]) + "#milestones")
    return _render_detail(request, project, status=400, milestone_form=form)


@login_required
@require_POST
def milestone_done_view(request: HttpRequest, pk: int, done: bool) -> HttpResponse:
    milestone = get_visible_or_404(milestone_list(user=request.user), pk=pk)
    services.milestone_set_done(milestone=milestone, by=request.user, done=done)
    messages.success(request, _("The milestone is done.") if done else _("The milestone is open again."))
    return redirect(reverse("projects:project-detail", args=[milestone.project_id]) + "#milestones")


# Data-access requests ----------------------------------------------------------------


@login_required
def data_request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed(request, pk)
    form = DataRequestForm(request.POST or None, departments=department_list(user=request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.data_request_create(project=project, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The request is saved as a draft. Submit it when it is ready."))
                return redirect(reverse("projects:project-detail", args=[project.pk]) + "#data-requests")
        status = 400
    return render(request, "projects/datarequest_form.html", {"form": form, "project": project}, status=status)


def _visible_data_request(request: HttpRequest, pk: int) -> DataAccessRequest:
    return get_visible_or_404(data_request_list(user=request.user), pk=pk)


@login_required
@require_POST
def data_request_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = _visible_data_request(request, pk)
    try:
        services.data_request_submit(request=data_request, by=request.user)
    except Conflict as error:
        return _render_detail(request, _visible(request, data_request.project_id), status=409, conflict=str(error))
    messages.success(request, _("The request is submitted to operations and the direction."))
    return redirect(reverse("projects:project-detail", args=[data_request.project_id]) + "#data-requests")


def _decision_errors_kept(form: DataDecisionForm, error: ValidationError) -> None:
    """The service's refusals, except where the form already says what is wrong."""
    for field, field_messages in error.message_dict.items():
        if field not in form.errors:
            form.add_error(field if field in form.fields else None, field_messages)


@login_required
@require_POST
def data_request_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = _visible_data_request(request, pk)
    if not sees_everything(request.user):
        raise PermissionDenied(_("Only operations and direction decide data-access requests."))
    form = DataDecisionForm(request.POST, auto_id=f"dr{data_request.pk}-%s")
    form.is_valid()
    data = form.cleaned_data
    project = _visible(request, data_request.project_id)
    if "decision" in form.errors:
        return _render_detail(request, project, status=400, decision_form=form)
    approve = data["decision"] == "approve"
    try:
        services.data_request_decide(
            request=data_request,
            by=request.user,
            approve=approve,
            committee_reference=data.get("committee_reference", ""),
            expires_on=data.get("expires_on"),
            reason=data.get("reason", ""),
        )
    except ValidationError as error:
        # A field the form could not read reaches the service empty, which refuses it
        # when the decision needs it; the form's own message is the one shown.
        _decision_errors_kept(form, error)
        return _render_detail(request, project, status=400, decision_form=form)
    except Conflict as error:
        return _render_detail(request, project, status=409, conflict=str(error))
    messages.success(request, _("The request is approved.") if approve else _("The request is rejected."))
    return redirect(reverse("projects:project-detail", args=[project.pk]) + "#data-requests")


# Files attached to data-access requests -------------------------------------------------


@login_required
@require_GET
def data_request_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """One attached file, to whoever sees its request (404 otherwise)."""
    visible = DataAccessAttachment.objects.filter(request__in=data_request_list(user=request.user).values("pk"))
    return attachment_response(get_visible_or_404(visible, pk=pk))


@login_required
@require_POST
def data_request_attach_view(request: HttpRequest, pk: int) -> HttpResponse:
    data_request = _visible_data_request(request, pk)
    if not services.data_request_may_attach(request.user, data_request):
        raise PermissionDenied(_("Only the project's leads, direction and operations attach files, until decided."))
    form = AttachmentForm(request.POST, request.FILES, auto_id=f"at{data_request.pk}-%s")
    if form.is_valid():
        try:
            services.data_request_attachment_add(request=data_request, by=request.user, file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(reverse("projects:project-detail", args=[data_request.project_id]) + "#data-requests")
    project = _visible(request, data_request.project_id)
    return _render_detail(request, project, status=400, attachment_form=form)


@login_required
@require_POST
def data_request_detach_view(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    data_request = _visible_data_request(request, pk)
    attachment = get_visible_or_404(data_request.attachments.all(), pk=attachment_id)
    services.data_request_attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, _("The file is removed."))
    return redirect(reverse("projects:project-detail", args=[data_request.project_id]) + "#data-requests")


@login_required
@require_GET
def milestone_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """A milestone's due date as a one-event ``.ics`` file; 404 if its project is hidden."""
    milestone = get_visible_or_404(milestone_list(user=request.user).select_related("project"), pk=pk)
    return ics_response([milestone_event(milestone)], f"milestone-{milestone.pk}.ics")
