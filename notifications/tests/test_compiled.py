"""The sections' queries, compiled once per shape of person and read for a
whole chunk at once, give each person exactly what the selectors give them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.models import AuditEvent
from notifications.content.compiled import STAND_IN_COMPANY, STAND_IN_USER, bind_to_columns
from notifications.content.context import RunContext, content_type_ids, period_changes, prepare_users
from notifications.content.sections import SECTIONS, prefetch_sections, section_rows
from people.models import Position, User
from people.selectors import position_list
from projects import services as project_services
from projects.models import Project
from projects.selectors import project_list
from transfer.models import Innovation
from transfer.selectors import innovation_list
from transfer.tests.scenario import build


@pytest.fixture
def world(personas: dict[str, User]) -> RunContext:
    build(personas)
    from people.demo import seed_content as people_content
    from projects.demo import seed_content as projects_content

    people_content()
    projects_content()
    today = timezone.localdate() + timedelta(days=1)
    since = timezone.now() - timedelta(days=1)
    return RunContext.build(today=today, changes=period_changes(since=since, until=timezone.now()))


def everyone() -> list[User]:
    return prepare_users(User.objects.order_by("pk").values_list("pk", flat=True))


def test_a_chunk_read_at_once_gives_each_person_what_their_own_queries_give(world: RunContext):
    people = everyone()
    alone = {(name, user.pk): section_rows(name, user, world) for name in SECTIONS for user in people}

    together = RunContext.build(
        today=world.today, changes={"counts": world.counts}, since=world.since, until=world.until
    )
    prefetch_sections(people, together)

    for (name, user_id), rows in alone.items():
        user = next(u for u in people if u.pk == user_id)
        if SECTIONS[name][0](user, together):
            assert section_rows(name, user, together) == rows, (name, user.username)


def changed_by_others(label: str, user: User, ctx: RunContext) -> set[int]:
    """The objects of ``label`` with an audit event in the period by someone other than ``user``."""
    return {
        int(object_id)
        for object_id in AuditEvent.objects.filter(
            content_type_id=content_type_ids()[label], at__gte=ctx.since, at__lt=ctx.until
        )
        .exclude(actor_id=user.pk)
        .values_list("object_id", flat=True)
    }


def test_what_changed_is_what_the_selectors_show_each_person(world: RunContext):
    people = everyone()
    prefetch_sections(people, world)
    assert world.changed("project") and world.changed("innovation") and world.changed("position")
    for user in people:
        cases = (
            ("changed-projects", project_list(user=user), Project),
            ("changed-innovations", innovation_list(user=user), Innovation),
            ("changed-positions", position_list(user=user), Position),
        )
        for name, visible, model in cases:
            label = model._meta.model_name
            expected = set(visible.filter(pk__in=changed_by_others(label, user, world)).values_list("pk", flat=True))
            rows = section_rows(name, user, world)
            assert {row[0] for row in rows} == expected, (name, user.username)
            assert len(rows) == len(expected), "each object once"


def test_a_chunk_costs_one_query_per_section_and_kind_of_person(world: RunContext):
    people = everyone()
    with CaptureQueriesContext(connection) as few:
        prefetch_sections(people[:3], world)
    world.sql = type(world.sql)()
    with CaptureQueriesContext(connection) as many:
        prefetch_sections(people, world)
    shapes = len({(world.viewer(u).institution, world.viewer(u).groups) for u in people})
    assert len(many) <= len(SECTIONS) * len(people)
    assert len(many) <= len(SECTIONS) * (shapes + 8), f"{len(many)} queries for {len(people)} people"
    assert len(few) <= len(many)


def test_the_stand_ins_ids_become_columns_and_nothing_else_does():
    sql = "SELECT 1 WHERE a = %s AND b IN (%s, %s) AND c LIKE '%%x' AND d = %s"
    inner, params = bind_to_columns(sql, (STAND_IN_USER, 7, STAND_IN_USER, STAND_IN_COMPANY))
    assert inner == "SELECT 1 WHERE a = u.id AND b IN (%s, u.id) AND c LIKE '%%x' AND d = u.company_id"
    assert params == [7]
    # A parameter equal to the stand-in's id only by type coercion is left alone.
    assert bind_to_columns("a = %s", (float(STAND_IN_USER),))[1] == [float(STAND_IN_USER)]


def _period(ctx_day, since):
    return RunContext.build(
        today=ctx_day, changes=period_changes(since=since, until=timezone.now() + timedelta(seconds=1))
    )


def test_what_someone_created_is_changed_not_new_to_them_and_their_own_changes_are_not_news(personas):
    creator, other, reader = personas["teamlead"], personas["director"], personas["clinician"]
    since = timezone.now() - timedelta(hours=1)
    shared = project_services.project_create(by=creator, acronym="SHARED", title="Shared")
    project_services.project_update(project=shared, by=other, title="Shared, revised")
    project_services.project_create(by=creator, acronym="ALONE", title="Alone")
    ctx = _period(timezone.localdate(), since)
    assert ctx.counts["project"] == 2
    assert section_rows("changed-projects", creator, ctx) == [(shared.pk, False)]
    rows = section_rows("changed-projects", reader, ctx)
    assert set(rows) == {(shared.pk, True), (Project.objects.get(acronym="ALONE").pk, True)}


def test_newest_change_first_at_most_the_limit_and_the_rest_counted_as_a_floor(personas, monkeypatch):
    from notifications.content import sections
    from notifications.content.digests import digest_for

    monkeypatch.setattr(sections, "CHANGED_LIMIT", 3)
    monkeypatch.setattr("notifications.content.digests.CHANGED_LIMIT", 3)
    monkeypatch.setattr("notifications.content.items.SECTION_LIMIT", 2)
    lead, reader = personas["teamlead"], personas["researcher"]
    since = timezone.now() - timedelta(hours=1)
    made = [project_services.project_create(by=lead, acronym=f"P{n}", title=f"P{n}") for n in range(5)]
    project_services.project_update(project=made[0], by=lead, title="P0, revised")  # now the newest
    ctx = _period(timezone.localdate(), since)
    rows = section_rows("changed-projects", reader, ctx)
    assert [pk for pk, _new in rows] == [made[0].pk, made[4].pk, made[3].pk, made[2].pk]  # limit + 1
    [user] = prepare_users([reader.pk])
    with translation.override("en"):
        digest = digest_for(user, ctx)
    assert [item.title for item in digest.changed.items] == ["P0 — P0, revised", "P4 — P4"]
    assert (digest.changed.more, digest.changed.more_is_floor) == (1, True)
    for language, text in (("en", "… and more than 1 other on the site."), ("fr", "… et plus de 1 autre sur le site.")):
        with translation.override(language):
            rendered = render_to_string("emails/_digest_section.txt", {"section": digest.changed})
        if language == "en":
            assert text in rendered
        else:  # the French catalogue is compiled after this branch: the English text or the French one
            assert text in rendered or "… and more than 1 other on the site." in rendered


def test_a_run_started_before_is_read_in_its_own_format(personas):
    since, until = timezone.now() - timedelta(days=1), timezone.now()
    old = {"project": {"7": {"new": True, "by": 1, "actors": [1]}, "8": {"new": False, "by": None, "actors": [2]}}}
    ctx = RunContext.build(today=timezone.localdate(), changes=old, since=since, until=until)
    assert ctx.counts == {"project": 2} and ctx.changed("project") and not ctx.changed("innovation")
    assert (ctx.since, ctx.until) == (since, until)
    assert RunContext.build(today=timezone.localdate(), changes=old).counts == {}  # no period, nothing to read
