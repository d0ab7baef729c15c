"""Every change to a project, its members, milestones and data-access requests:
atomic, audited on the project (its page shows the history)."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.attachments import store_upload
from core.audit import audit_log, audit_value, model_update
from core.errors import Conflict
from people.models import Department, Team, User
from people.roles import is_partner, sees_everything
from projects.history import ProjectAction
from projects.models import (
    DataAccessAttachment,
    DataAccessRequest,
    DataCategory,
    Membership,
    Method,
    Milestone,
    Project,
    acronym_key,
)
from projects.selectors import can_manage, project_visible

PROJECT_FIELDS = ("acronym", "title", "summary", "clinical_domain", "status", "confidential", "start_date", "end_date")


def _require_manager(user: User, project: Project) -> None:
    if not can_manage(user, project):
        raise PermissionDenied(_("Only the project's leads, direction and operations change it."))


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _save_with_free_acronym(project: Project, *, by: User) -> None:
    """Validate and save ``project``, its acronym unique among the projects
    ``by`` sees (compared without case or accents). A project ``by`` cannot see
    does not count: its acronym answers as a free one (SPEC §3), and the
    database constraint only covers non-confidential projects, which every
    creator sees."""
    project.acronym_key = acronym_key(project.acronym)
    taken = Project.objects.filter(project_visible(by), acronym_key=project.acronym_key).exclude(pk=project.pk)
    if taken.exists():
        raise ValidationError({"acronym": [_("A project with this acronym already exists.")]})
    project.full_clean()
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:  # lost a race for the same acronym
        raise ValidationError({"acronym": [_("A project with this acronym already exists.")]}) from None


def _set_relations(project: Project, methods: Any, teams: Any, departments: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if methods is not None:
        names = sorted({name.strip() for name in methods if name and name.strip()})
        tags = [Method.objects.get_or_create(name=name)[0] for name in names]
        old = sorted(project.methods.values_list("name", flat=True))
        if old != names:
            project.methods.set(tags)
            changes["methods"] = [old, names]
    for name, values in (("teams", teams), ("departments", departments)):
        if values is None:
            continue
        manager = getattr(project, name)
        old = sorted(str(unit) for unit in manager.all())
        new = sorted(str(unit) for unit in values)
        if old != new:
            manager.set(values)
            changes[name] = [old, new]
    return changes


@transaction.atomic
def project_create(
    *,
    by: User,
    acronym: str,
    title: str,
    summary: str = "",
    clinical_domain: str = "other",
    status: str = "proposed",
    confidential: bool = False,
    start_date: date | None = None,
    end_date: date | None = None,
    methods: list[str] | None = None,
    teams: list[Team] | None = None,
    departments: list[Department] | None = None,
) -> Project:
    """A new project; its creator is its first lead."""
    if is_partner(by):
        raise PermissionDenied(_("Partners do not create projects."))
    project = Project(
        acronym=acronym.strip(),
        title=title.strip(),
        summary=summary,
        clinical_domain=clinical_domain,
        status=status,
        confidential=confidential,
        start_date=start_date,
        end_date=end_date,
    )
    _save_with_free_acronym(project, by=by)
    Membership.objects.create(project=project, user=by, role=Membership.Role.LEAD)
    changes = {name: [None, audit_value(getattr(project, name))] for name in PROJECT_FIELDS}
    changes |= _set_relations(project, methods, teams, departments)
    audit_log(actor=by, obj=project, action=ProjectAction.CREATED, changes=changes)
    audit_log(actor=by, obj=project, action=ProjectAction.MEMBER_ADDED, changes={"user": by.username, "role": "lead"})
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: User,
    methods: list[str] | None = None,
    teams: list[Team] | None = None,
    departments: list[Department] | None = None,
    **fields: Any,
) -> Project:
    project = _lock(project)
    _require_manager(by, project)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Not project fields: {sorted(unknown)}")
    changes: dict[str, Any] = model_update(project, fields, save=False)
    if "acronym" in changes or "confidential" in changes:
        _save_with_free_acronym(project, by=by)
    else:
        project.full_clean()
        project.save()
    if "confidential" in changes:
        # Its data-access requests follow it (DataAccessRequest.project_confidential).
        project.data_requests.update(project_confidential=project.confidential)
    changes |= _set_relations(project, methods, teams, departments)
    if changes:
        audit_log(actor=by, obj=project, action=ProjectAction.UPDATED, changes=changes)
    return project


@transaction.atomic
def member_add(*, project: Project, by: User, user: User, role: str = Membership.Role.MEMBER) -> Membership:
    project = _lock(project)
    _require_manager(by, project)
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("The role is lead or member.")]})
    if not user.is_active:
        raise ValidationError({"user": [_("This account is deactivated.")]})
    _check_lead_is_staff(user, role)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(project=project, user=user, role=role)
    except IntegrityError:
        raise ValidationError({"user": [_("%(name)s is already a member.") % {"name": user.full_name}]}) from None
    audit_log(actor=by, obj=project, action=ProjectAction.MEMBER_ADDED, changes={"user": user.username, "role": role})
    return membership


def _check_lead_is_staff(user: User, role: str) -> None:
    """Leads are lab staff: a partner company's account takes part as a member."""
    if role == Membership.Role.LEAD and is_partner(user):
        raise ValidationError({"role": [_("A partner company's account can be a member, not a lead.")]})


def _leads_after(project: Project, user: User, role: str | None) -> int:
    leads = set(project.memberships.filter(role=Membership.Role.LEAD).values_list("user_id", flat=True))
    leads.discard(user.pk)
    if role == Membership.Role.LEAD:
        leads.add(user.pk)
    return len(leads)


@transaction.atomic
def member_remove(*, project: Project, by: User, user: User) -> None:
    project = _lock(project)
    _require_manager(by, project)
    membership = project.memberships.filter(user=user).first()
    if membership is None:
        raise Conflict(_("%(name)s is not a member.") % {"name": user.full_name})
    if _leads_after(project, user, None) == 0:
        raise ValidationError({"user": [_("A project always keeps at least one lead.")]})
    membership.delete()
    audit_log(
        actor=by,
        obj=project,
        action=ProjectAction.MEMBER_REMOVED,
        changes={"user": user.username, "role": membership.role},
    )


@transaction.atomic
def member_set_role(*, project: Project, by: User, user: User, role: str) -> Membership:
    project = _lock(project)
    _require_manager(by, project)
    membership = project.memberships.filter(user=user).first()
    if membership is None:
        raise Conflict(_("%(name)s is not a member.") % {"name": user.full_name})
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("The role is lead or member.")]})
    if _leads_after(project, user, role) == 0:
        raise ValidationError({"role": [_("A project always keeps at least one lead.")]})
    _check_lead_is_staff(user, role)
    if membership.role != role:
        audit_log(
            actor=by,
            obj=project,
            action=ProjectAction.MEMBER_ROLE_CHANGED,
            changes={"user": user.username, "role": [membership.role, role]},
        )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def milestone_create(*, project: Project, by: User, title: str, due_date: date, evidence_url: str = "") -> Milestone:
    project = _lock(project)
    _require_manager(by, project)
    milestone = Milestone(project=project, title=title.strip(), due_date=due_date, evidence_url=evidence_url)
    milestone.full_clean()
    milestone.save()
    audit_log(
        actor=by,
        obj=project,
        action=ProjectAction.MILESTONE_ADDED,
        changes={"title": milestone.title, "due": str(due_date)},
    )
    return milestone


@transaction.atomic
def milestone_set_done(
    *, milestone: Milestone, by: User, done: bool, evidence_url: str | None = None, today: date | None = None
) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    _require_manager(by, milestone.project)
    before = milestone.done_on
    milestone.done_on = (today or timezone.localdate()) if done else None
    if evidence_url is not None:
        milestone.evidence_url = evidence_url
    milestone.full_clean()
    milestone.save()
    audit_log(
        actor=by,
        obj=milestone.project,
        action=ProjectAction.MILESTONE_DONE if done else ProjectAction.MILESTONE_UNDONE,
        changes={"title": milestone.title, "done_on": [audit_value(before), audit_value(milestone.done_on)]},
    )
    return milestone


@transaction.atomic
def data_request_create(
    *,
    project: Project,
    by: User,
    route: str,
    perimeter: str,
    categories: list[str],
    department: Department | None = None,
) -> DataAccessRequest:
    project = _lock(project)
    _require_manager(by, project)
    errors: dict[str, list[str]] = {}
    if route == DataAccessRequest.Route.INTERNAL and department is None:
        errors["department"] = [_("An internal study names the department it stays within.")]
    bad = sorted(set(categories) - set(DataCategory.values))
    if bad or not categories:
        errors["categories"] = [_("Choose data categories from the list.")]
    if not perimeter.strip():
        errors["perimeter"] = [_("Describe the patients and the period concerned.")]
    if errors:
        raise ValidationError(errors)
    request = DataAccessRequest(
        project=project,
        requested_by=by,
        route=route,
        perimeter=perimeter.strip(),
        categories=sorted(set(categories)),
        department=department if route == DataAccessRequest.Route.INTERNAL else None,
    )
    request.full_clean()
    request.save()
    audit_log(
        actor=by,
        obj=project,
        action=ProjectAction.DATA_REQUEST_CREATED,
        changes={"request": request.pk, "route": route},
    )
    return request


def _lock_request(request: DataAccessRequest) -> DataAccessRequest:
    return DataAccessRequest.objects.select_for_update(of=("self",)).select_related("project").get(pk=request.pk)


@transaction.atomic
def data_request_submit(*, request: DataAccessRequest, by: User) -> DataAccessRequest:
    request = _lock_request(request)
    _require_manager(by, request.project)
    if request.status != DataAccessRequest.Status.DRAFT:
        raise Conflict(_("This request has already been submitted."))
    request.status = DataAccessRequest.Status.SUBMITTED
    request.save(update_fields=["status"])
    audit_log(
        actor=by,
        obj=request.project,
        action=ProjectAction.DATA_REQUEST_SUBMITTED,
        changes={"request": request.pk, "status": ["draft", "submitted"]},
    )
    return request


@transaction.atomic
def data_request_decide(
    *,
    request: DataAccessRequest,
    by: User,
    approve: bool,
    committee_reference: str = "",
    expires_on: date | None = None,
    reason: str = "",
    today: date | None = None,
) -> DataAccessRequest:
    """Operations or direction approve (with the committee's reference and an
    expiry date) or reject (with a reason) a submitted request."""
    today = today or timezone.localdate()
    request = _lock_request(request)
    if not sees_everything(by):
        raise PermissionDenied(_("Only operations and direction decide data-access requests."))
    if request.status != DataAccessRequest.Status.SUBMITTED:
        raise Conflict(_("This request is not awaiting a decision."))
    errors: dict[str, list[str]] = {}
    if approve:
        if not committee_reference.strip():
            errors["committee_reference"] = [_("Give the committee's reference.")]
        if expires_on is None or expires_on <= today:
            errors["expires_on"] = [_("The approval needs an expiry date in the future.")]
    elif not reason.strip():
        errors["reason"] = [_("Say why the request is rejected.")]
    if errors:
        raise ValidationError(errors)
    request.status = DataAccessRequest.Status.APPROVED if approve else DataAccessRequest.Status.REJECTED
    request.committee_reference = committee_reference.strip()
    request.expires_on = expires_on if approve else None
    request.reason = reason.strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    audit_log(
        actor=by,
        obj=request.project,
        action=ProjectAction.DATA_REQUEST_APPROVED if approve else ProjectAction.DATA_REQUEST_REJECTED,
        changes={"request": request.pk, "status": ["submitted", request.status]},
        comment=reason.strip(),
    )
    return request


# Files attached to data-access requests -------------------------------------------------

ATTACHMENT_OPEN_STATUSES = (DataAccessRequest.Status.DRAFT, DataAccessRequest.Status.SUBMITTED)


def data_request_may_attach(user: User, request: DataAccessRequest) -> bool:
    """Who prepares or decides a request (the project's leads, direction and
    operations: ``can_manage``) attaches files to it until it is decided."""
    return request.status in ATTACHMENT_OPEN_STATUSES and can_manage(user, request.project)


@transaction.atomic
def data_request_attachment_add(*, request: DataAccessRequest, by: User, file: UploadedFile) -> DataAccessAttachment:
    """Attach ``file`` to ``request``; a ValidationError (on ``file``) if it is
    too big or not of an accepted type."""
    request = _lock_request(request)
    if not data_request_may_attach(by, request):
        raise PermissionDenied(_("Only the project's leads, direction and operations attach files, until decided."))
    return store_upload(
        DataAccessAttachment(request=request),
        file,
        by=by,
        audit=lambda attachment: audit_log(
            actor=by,
            obj=request.project,
            action=ProjectAction.DATA_REQUEST_ATTACHED,
            changes={"request": request.pk, "attachment": [None, attachment.name]},
        ),
    )


@transaction.atomic
def data_request_attachment_remove(*, attachment: DataAccessAttachment, by: User) -> None:
    """Remove ``attachment``: its uploader, until the request is decided. The
    file leaves the store once the transaction commits (``core.attachments.file_cleanup``)."""
    request = _lock_request(attachment.request)
    if request.status not in ATTACHMENT_OPEN_STATUSES or attachment.uploaded_by_id != by.pk:
        raise PermissionDenied(_("Only who attached a file removes it, until the request is decided."))
    name = attachment.name
    attachment.delete()
    audit_log(
        actor=by,
        obj=request.project,
        action=ProjectAction.DATA_REQUEST_DETACHED,
        changes={"request": request.pk, "attachment": [name, None]},
    )
