"""The sections' queries, compiled once per shape of person and read for a
whole chunk at once, give each person exactly what the selectors give them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.content.compiled import STAND_IN_COMPANY, STAND_IN_USER, bind_to_columns
from notifications.content.context import RunContext, period_changes, prepare_users
from notifications.content.sections import SECTIONS, prefetch_sections, section_rows
from people.models import Position, User
from people.selectors import position_list
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

    together = RunContext.build(today=world.today, changes={k: _raw(v) for k, v in world.changes.items()})
    prefetch_sections(people, together)

    for (name, user_id), rows in alone.items():
        user = next(u for u in people if u.pk == user_id)
        if SECTIONS[name][0](user, together):
            assert section_rows(name, user, together) == rows, (name, user.username)


def _raw(changes: dict[int, tuple[bool, int | None, frozenset[int]]]) -> dict[str, dict[str, object]]:
    return {str(pk): {"new": new, "by": by, "actors": sorted(actors)} for pk, (new, by, actors) in changes.items()}


def test_what_changed_is_what_the_selectors_show_each_person(world: RunContext):
    people = everyone()
    prefetch_sections(people, world)
    assert world.all_changed("project") and world.all_changed("innovation") and world.all_changed("position")
    for user in people:
        cases = (
            ("changed-projects", project_list(user=user), Project),
            ("changed-innovations", innovation_list(user=user), Innovation),
            ("changed-positions", position_list(user=user), Position),
        )
        for name, visible, model in cases:
            label = model._meta.model_name
            expected = set(visible.filter(pk__in=world.all_changed(label)).values_list("pk", flat=True))
            assert {row[0] for row in section_rows(name, user, world)} == expected, (name, user.username)


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


def test_what_someone_created_is_changed_not_new_to_them_and_their_own_changes_are_not_news(personas):
    creator, other, reader = personas["teamlead"], personas["researcher"], personas["clinician"]
    changes = {"project": {"7": {"new": True, "by": creator.pk, "actors": [creator.pk, other.pk]}}}
    ctx = RunContext.build(today=timezone.localdate(), changes=changes)
    assert ctx.changed_ids("project", creator) == {7: False}
    assert ctx.changed_ids("project", reader) == {7: True}
    alone = RunContext.build(
        today=timezone.localdate(), changes={"project": {"7": {"new": True, "by": creator.pk, "actors": [creator.pk]}}}
    )
    assert alone.changed_ids("project", creator) == {}
