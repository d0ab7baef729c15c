"""Sections a higher app adds to a lower app's page, so that the lower app
need not know it: the page names a slot (``{% page_sections "projects:project-detail" project %}``,
from core's ``page_sections`` tags), and the higher app fills it in its
``AppConfig.ready`` (transfer shows a project's innovations on the project's page).
The lower app's page only knows the slot's name; what fills it, and whether
anything does, is the higher app's business."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# The section's context for this request and object, or None to show nothing.
SectionContext = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    template: str
    context: SectionContext


_sections: dict[str, list[Section]] = defaultdict(list)


def register_section(slot: str, *, template: str, context: SectionContext) -> None:
    """Show ``template`` in ``slot``, with the context ``context(request, obj)`` returns."""
    section = Section(template=template, context=context)
    if section not in _sections[slot]:
        _sections[slot].append(section)


def sections_of(slot: str) -> list[Section]:
    return list(_sections.get(slot, ()))
