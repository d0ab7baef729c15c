"""The header's search never names what its reader may not see (SPEC §3),
whatever the data: in random worlds of projects, members, innovations,
agreements, requests and a delegation, each object named by a distinctive
token (notifications/tests/worlds.py), every reader searches every token;
each record found is one its kind's selector lists for that reader, and each
object the reader sees is found by its own name."""

from dataclasses import replace
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from labsite.search import search_everything
from notifications.tests.worlds import EXAMPLE, PERSONAS, Names, build, world
from people.models import User
from people.selectors import call_list, chair_list, person_list, position_list
from projects.selectors import project_list
from transfer.selectors import agreement_list, innovation_list

SEEN = {
    "people": lambda user: person_list(user=user),
    "projects": lambda user: project_list(user=user),
    "host_positions": lambda user: position_list(user=user, kind="host"),
    "secondments": lambda user: position_list(user=user, kind="secondment"),
    "innovations": lambda user: innovation_list(user=user),
    "agreements": lambda user: agreement_list(user=user),
    "calls": lambda user: call_list(user=user),
    "chairs": lambda user: chair_list(user=user),
}


def named(names: Names) -> dict[str, tuple[str, int]]:
    """Each token that names a searchable field: the kind and id of its object."""
    tokens: dict[str, tuple[str, int]] = {}
    for pk, (acronym, title, _milestone, _reference) in names.projects.items():
        tokens[acronym] = tokens[title] = ("projects", pk)
    tokens |= {token: ("innovations", pk) for pk, token in names.innovations.items()}
    tokens |= {token: ("agreements", pk) for pk, token in names.agreements.items()}
    return tokens


def all_tokens(names: Names) -> list[str]:
    return [
        *(token for tokens in names.projects.values() for token in tokens),
        *names.innovations.values(),
        *names.agreements.values(),
        *names.positions.values(),
    ]


def leaks(users: dict[str, User], names: Names) -> list[tuple[str, str, str, int]]:
    """(reader, token, kind, id) for every record found that its reader's selector hides,
    and (reader, token, kind, id) with kind "missed" for an object seen but not found."""
    found: list[tuple[str, str, str, int]] = []
    tokens = named(names)
    for username in PERSONAS:
        user = User.objects.get(pk=users[username].pk)
        seen = {kind: set(rows(user).values_list("pk", flat=True)) for kind, rows in SEEN.items()}
        for token in all_tokens(names):
            groups = search_everything(user, token)
            results = {(group.kind, result.id) for group in groups for result in group.results}
            found += [(username, token, kind, pk) for kind, pk in results if pk not in seen[kind]]
            if token in tokens and tokens[token][1] in seen[tokens[token][0]] and tokens[token] not in results:
                found.append((username, token, "missed", tokens[token][1]))
        for pk, token in names.positions.items():
            kinds = {result_kind for result_kind in ("host_positions", "secondments") if pk in seen[result_kind]}
            results = {(g.kind, r.id) for g in search_everything(user, token) for r in g.results}
            if kinds and not {(kind, pk) for kind in kinds} & results:
                found.append((username, token, "missed", pk))
    return found


@hypothesis_settings(
    max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=world)
def test_a_search_never_names_what_its_reader_cannot_see(personas, data: dict[str, Any]) -> None:
    with transaction.atomic():
        names = build(personas, data)
        assert leaks(personas, names) == []
        transaction.set_rollback(True)


def test_the_hidden_project_matches_but_is_not_named(personas) -> None:
    """The property is not vacuous: the confidential project's title matches the
    search, direction finds it, and clinician2, outside it, gets nothing."""
    names = build(personas, EXAMPLE)
    secret = min(names.projects)
    acronym, title = names.projects[secret][:2]
    for username, found in {"director": True, "teamlead": True, "clinician": True, "clinician2": False}.items():
        for token in (acronym, title):
            ids = [
                r.id for g in search_everything(personas[username], token) if g.kind == "projects" for r in g.results
            ]
            assert (secret in ids) is found, (username, token)
    assert leaks(personas, names) == []


def test_the_check_finds_a_search_that_names_too_much(personas, monkeypatch) -> None:
    """Were the search to read every project, whoever the confidential one hides were told: the check says so."""
    from labsite import search
    from projects.models import Project

    names = build(personas, EXAMPLE)
    careless = [
        replace(kind, rows=lambda user, q: Project.objects.filter(title=q) | Project.objects.filter(acronym=q))
        if kind.code == "projects"
        else kind
        for kind in search.KINDS
    ]
    monkeypatch.setattr(search, "KINDS", tuple(careless))
    secret = min(names.projects)
    assert ("clinician2", names.projects[secret][0], "projects", secret) in leaks(personas, names)
