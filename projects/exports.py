"""The project list as a file (CSV or XLSX): the projects the list shows,
every page of them, one row per project."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import ExportFormat, table_export_response
from projects.access import Viewer
from projects.models import Membership, Project


def headers() -> list[str]:
    return [
        _("ID"),
        _("Acronym"),
        _("Title"),
        _("Clinical domain"),
        _("Digital methods"),
        _("Project-teams"),
        _("Departments"),
        _("Status"),
        _("Confidential"),
        _("Start"),
        _("End"),
        _("Member"),
    ]


def values(project: Project) -> list[Any]:
    """One project's cells, typed: dates stay dates. Relations come prefetched."""
    return [
        project.pk,
        project.acronym,
        project.title,
        project.get_clinical_domain_display(),
        ", ".join(method.name for method in project.methods.all()),
        ", ".join(team.acronym for team in project.teams.all()),
        ", ".join(department.name for department in project.departments.all()),
        project.get_status_display(),
        _("yes") if project.confidential else _("no"),
        project.start_date,
        project.end_date,
        _("yes") if getattr(project, "is_member", False) else _("no"),
    ]


def project_export_response(
    request: HttpRequest, projects: Iterable[Project], export_format: ExportFormat, *, filename: str
) -> HttpResponse:
    rows: Iterator[list[Any]] = (values(project) for project in projects)
    return table_export_response(request, headers(), rows, export_format, filename=filename, sheet_title=_("Projects"))


def access_headers() -> list[str]:
    return [_("Name"), _("Username"), _("Email"), _("Active"), _("Role in the project"), _("Reasons"), _("May")]


MAY = {"view": gettext_lazy("view"), "edit": gettext_lazy("edit"), "decide": gettext_lazy("decide")}


def access_export_response(
    request: HttpRequest, project: Project, viewers: Iterable[Viewer], export_format: ExportFormat
) -> HttpResponse:
    """Who can see ``project``, one row per person, as a file."""
    roles = dict(Membership.Role.choices)
    rows = (
        [
            viewer.person.full_name,
            viewer.person.username,
            viewer.person.email,
            viewer.person.is_active,
            str(roles.get(viewer.role, "")),
            "; ".join(reason.text for reason in viewer.reasons),
            ", ".join(str(MAY[may]) for may in viewer.may),
        ]
        for viewer in viewers
    )
    return table_export_response(
        request,
        access_headers(),
        rows,
        export_format,
        filename=f"access-{project.acronym}-{timezone.localdate()}",
        sheet_title=_("Access"),
    )
