"""The project list as a file (CSV or XLSX): the projects the list shows,
every page of them, one row per project."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.exports import ExportFormat, table_export_response
from projects.models import Project


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
