"""A milestone as a calendar event (core.calendar), for its one-event ``.ics``
download on the project's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import Event
from projects.models import Milestone


def milestone_event(milestone: Milestone) -> Event:
    """A milestone's due date, linking to its project's page."""
    return Event(
        kind="milestone",
        pk=milestone.pk,
        start=milestone.due_date,
        title=_("Milestone due: %(title)s") % {"title": f"{milestone.project.acronym} — {milestone.title}"},
        path=reverse("projects:project-detail", args=[milestone.project_id]),
    )
