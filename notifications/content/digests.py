"""What a digest says to one person: what waits for their decision, what
changed in the period, and the coming deadlines."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.content.context import RunContext
from notifications.content.items import Item, Section, days, path_of, position_path, position_title
from notifications.content.sections import (
    CHANGED,
    CHANGED_LIMIT,
    awaited_positions,
    changed_objects,
    deadlines_for,
    section_rows,
)
from people.models import PositionStatus, User
from people.roles import sees_everything
from projects.models import DataAccessRequest
from projects.selectors import data_request_list


@dataclass
class Digest:
    waiting: Section = field(default_factory=Section)
    changed: Section = field(default_factory=Section)
    deadlines: Section = field(default_factory=Section)

    def __bool__(self) -> bool:
        return bool(self.waiting or self.changed or self.deadlines)

    def titles(self) -> list[str]:
        return [item.title for section in (self.waiting, self.changed, self.deadlines) for item in section.items]


def digest_for(user: User, ctx: RunContext) -> Digest:
    """The three sections of ``user``'s digest (in the active language)."""
    digest = Digest()
    _waiting_section(user, ctx, digest.waiting)
    _changed_section(user, ctx, digest.changed)
    for deadline in deadlines_for(user, ctx):
        digest.deadlines.add(deadline.item)
    return digest


def _waiting_section(user: User, ctx: RunContext, section: Section) -> None:
    for pk, kind, topic, first, last, username, since in awaited_positions(user, ctx):
        age = max((ctx.today - timezone.localdate(since)).days, 0) if since else 0
        section.add(
            Item(
                kind="position",
                title=position_title(kind, topic, first, last, username),
                path=position_path(pk, kind),
                note=str(_("waiting for %(age)s") % {"age": days(age)}),
            )
        )
    if sees_everything(user):
        requests = (
            data_request_list(user=user, status=DataAccessRequest.Status.SUBMITTED)
            .order_by("created_at", "pk")
            .values_list("pk", "project_id", "project__acronym", "created_at")
        )
        for _pk, project_id, acronym, created in requests:
            age = max((ctx.today - timezone.localdate(created)).days, 0)
            section.add(
                Item(
                    kind="data_request",
                    title=str(_("Data-access request of %(project)s") % {"project": acronym}),
                    path=path_of("projects:project-detail", project_id),
                    note=str(_("waiting for %(age)s") % {"age": days(age)}),
                )
            )


def _changed_section(user: User, ctx: RunContext, section: Section) -> None:
    """What others changed in the period that ``user`` sees, newest first, kind
    by kind: requests, projects, innovations. Each kind's query stops at
    CHANGED_LIMIT objects; if one stopped there, the count of the others is a
    floor ("more than")."""

    def note(new: bool) -> str:
        return str(_("new") if new else _("changed"))

    for label, kind in CHANGED.items():
        if not ctx.changed(label):
            continue
        rows = section_rows(kind.section, user, ctx)
        if len(rows) > CHANGED_LIMIT:
            section.more_is_floor = True
            rows = rows[:CHANGED_LIMIT]
        objects = changed_objects(label, [row[0] for row in rows], ctx)
        for pk, new in rows:
            if pk not in objects or section.full():
                continue
            section.add(_changed_item(label, objects[pk], note(new)))


def _changed_item(label: str, columns: tuple[Any, ...], note: str) -> Item:
    if label == "position":
        pk, kind, topic, first, last, username, status = columns
        if status == PositionStatus.CHANGES_REQUESTED:
            note = str(_("sent back for changes"))
        return Item("position", position_title(kind, topic, first, last, username), position_path(pk, kind), note)
    if label == "project":
        pk, acronym, title = columns
        return Item("project", f"{acronym} — {title}", path_of("projects:project-detail", pk), note)
    pk, title = columns
    return Item("innovation", title, path_of("transfer:innovation-detail", pk), note)
