"""What a digest says to one person: what waits for their decision, what
changed in the period, and the coming deadlines."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.content.context import RunContext
from notifications.content.items import Item, Section, days, path_of, position_path, position_title
from notifications.content.sections import awaited_positions, deadlines_for, section_rows
from people.models import User
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
    def note(new: bool) -> str:
        return str(_("new") if new else _("changed"))

    changed = ctx.changed_ids("position", user)
    if changed:
        for pk, kind, topic, first, last, username in section_rows("changed-positions", user, ctx):
            if pk in changed and not section.full():
                title = position_title(kind, topic, first, last, username)
                section.add(Item("position", title, position_path(pk, kind), note(changed[pk])))
    changed = ctx.changed_ids("project", user)
    if changed:
        for pk, acronym, title in section_rows("changed-projects", user, ctx):
            if pk in changed and not section.full():
                path = path_of("projects:project-detail", pk)
                section.add(Item("project", f"{acronym} — {title}", path, note(changed[pk])))
    changed = ctx.changed_ids("innovation", user)
    if changed:
        for pk, title in section_rows("changed-innovations", user, ctx):
            if pk in changed and not section.full():
                path = path_of("transfer:innovation-detail", pk)
                section.add(Item("innovation", title, path, note(changed[pk])))
