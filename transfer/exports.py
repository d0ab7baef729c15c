"""Transfer records as files: the innovation list (CSV or XLSX, the rows the list
shows, every page of them) and the data of each key figure."""

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import ExportFormat, table_export_response
from transfer.models import Innovation
from transfer.selectors import KeyFigures


def innovation_headers() -> list[str]:
    return [
        _("ID"),
        _("Title"),
        _("Kind"),
        _("Stage"),
        _("Technology readiness level"),
        _("Transfer route"),
        _("Project"),
        _("Confidential"),
        _("Transferred on"),
    ]


def innovation_values(innovation: Innovation) -> list[Any]:
    """One innovation's cells, typed. Its project is named only to who sees it
    (``project_visible``, annotated by the view)."""
    project = innovation.project.acronym if innovation.project and innovation.project_visible else ""
    return [
        innovation.pk,
        innovation.title,
        innovation.get_kind_display(),
        innovation.get_stage_display(),
        innovation.readiness_level,
        innovation.get_route_display(),
        project,
        _("yes") if innovation.confidential else _("no"),
        innovation.transferred_on,
    ]


def innovation_export_response(
    request: HttpRequest, innovations: Iterable[Innovation], export_format: ExportFormat, *, filename: str
) -> HttpResponse:
    rows = (innovation_values(innovation) for innovation in innovations)
    return table_export_response(
        request, innovation_headers(), rows, export_format, filename=filename, sheet_title=_("Innovations")
    )


# Key figures ---------------------------------------------------------------------------


class Figure(StrEnum):
    STAGES = "stages"
    TRANSFERS = "transfers"
    EXPIRING = "expiring"
    DEPLOYMENTS = "deployments"


def _stages(figures: KeyFigures) -> tuple[list[str], list[list[Any]]]:
    return [_("Stage"), _("Innovations")], [[str(label), count] for _stage, label, count in figures.by_stage]


def _transfers(figures: KeyFigures) -> tuple[list[str], list[list[Any]]]:
    rows = [[year, str(label), count] for year, _route, label, count in figures.transfers]
    return [_("Year"), _("Transfer route"), _("Transfers")], rows


def _expiring(figures: KeyFigures) -> tuple[list[str], list[list[Any]]]:
    header = [_("Reference"), _("Kind"), _("Partner"), _("Innovation"), _("Signed on"), _("Expires on")]
    rows = [
        [
            agreement.reference,
            agreement.get_kind_display(),
            agreement.partner.name,
            agreement.innovation.title,
            agreement.signed_on,
            agreement.expires_on,
        ]
        for agreement in figures.expiring
    ]
    return header, rows


def _deployments(figures: KeyFigures) -> tuple[list[str], list[list[Any]]]:
    header = [_("Hospital"), _("Name"), _("Deployments"), _("Live")]
    return header, [[short, name, total, live] for short, name, total, live in figures.deployments]


TABLES: dict[Figure, Callable[[KeyFigures], tuple[list[str], list[list[Any]]]]] = {
    Figure.STAGES: _stages,
    Figure.TRANSFERS: _transfers,
    Figure.EXPIRING: _expiring,
    Figure.DEPLOYMENTS: _deployments,
}


SHEET_TITLES = {
    Figure.STAGES: gettext_lazy("Stages"),
    Figure.TRANSFERS: gettext_lazy("Transfers"),
    Figure.EXPIRING: gettext_lazy("Expiring agreements"),
    Figure.DEPLOYMENTS: gettext_lazy("Deployments"),
}


def figure_export_response(
    request: HttpRequest, figures: KeyFigures, figure: Figure, export_format: ExportFormat, *, filename: str
) -> HttpResponse:
    header, rows = TABLES[figure](figures)
    sheet_title = str(SHEET_TITLES[figure])
    return table_export_response(request, header, rows, export_format, filename=filename, sheet_title=sheet_title)
