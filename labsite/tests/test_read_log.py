"""The read log: every read of a confidential project or innovation (page and
API) and every export, with who, what and when. One INSERT each."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import ReadLog
from people.models import User
from projects import services as project_services
from projects.models import Project
from transfer import services as transfer_services
from transfer.models import Innovation

pytestmark = pytest.mark.django_db

# Every export the site offers, by URL name: a new one must be added here.
EXPORTS = {
    "projects:project-export": "",
    "transfer:innovation-export": "",
    "people:hostposition-export": "",
    "people:secondment-export": "",
    "transfer:figures-export": "figure=stages&",
}


@pytest.fixture
def secret(personas: dict[str, User]) -> Project:
    return project_services.project_create(
        by=personas["teamlead"], acronym="SECRET", title="A confidential project", confidential=True
    )


@pytest.fixture
def open_project(personas: dict[str, User]) -> Project:
    return project_services.project_create(by=personas["teamlead"], acronym="OPEN", title="An open project")


def _innovation(personas: dict[str, User], project: Project, *, confidential: bool) -> Innovation:
    return transfer_services.innovation_create(
        by=personas["transfer"],
        title=f"Innovation {confidential}",
        kind="software",
        readiness_level=4,
        project=project,
        confidential=confidential,
    )


def _reads() -> list[tuple[str, str, str, str]]:
    return list(ReadLog.objects.order_by("id").values_list("username", "surface", "object_type", "object_id"))


@pytest.mark.parametrize(
    ("url", "surface"),
    [("projects:project-detail", ReadLog.Surface.PAGE), ("api:project-detail", ReadLog.Surface.API)],
)
def test_reading_a_confidential_project_is_logged(
    sign_in: Callable[[str], Client], secret: Project, open_project: Project, url: str, surface: str
) -> None:
    client = sign_in("director")
    assert client.get(reverse(url, args=[open_project.pk])).status_code == 200
    assert _reads() == []
    assert client.get(reverse(url, args=[secret.pk])).status_code == 200
    assert _reads() == [("director", surface, "projects.project", str(secret.pk))]
    read = ReadLog.objects.get()
    assert read.path == reverse(url, args=[secret.pk])
    assert read.user is not None and read.user.username == "director"


@pytest.mark.parametrize(
    ("url", "surface"),
    [("transfer:innovation-detail", ReadLog.Surface.PAGE), ("api:innovation-detail", ReadLog.Surface.API)],
)
def test_reading_a_confidential_innovation_is_logged(
    personas: dict[str, User], sign_in: Callable[[str], Client], open_project: Project, url: str, surface: str
) -> None:
    confidential = _innovation(personas, open_project, confidential=True)
    public = _innovation(personas, open_project, confidential=False)
    client = sign_in("teamlead")
    assert client.get(reverse(url, args=[public.pk])).status_code == 200
    assert _reads() == []
    assert client.get(reverse(url, args=[confidential.pk])).status_code == 200
    assert _reads() == [("teamlead", surface, "transfer.innovation", str(confidential.pk))]


def test_a_refused_read_is_not_a_read(sign_in: Callable[[str], Client], secret: Project) -> None:
    """A confidential project someone cannot see answers 404, and nothing was read."""
    client = sign_in("clinician")
    assert client.get(reverse("projects:project-detail", args=[secret.pk])).status_code == 404
    assert client.get(reverse("api:project-detail", args=[secret.pk])).status_code == 404
    assert _reads() == []


@pytest.mark.parametrize("name", sorted(EXPORTS))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_export_is_logged(
    sign_in: Callable[[str], Client], secret: Project, open_project: Project, name: str, file_format: str
) -> None:
    client = sign_in("director")
    response = client.get(f"{reverse(name)}?{EXPORTS[name]}format={file_format}")
    assert response.status_code == 200
    read = ReadLog.objects.get()
    filename = response["Content-Disposition"].split('filename="', 1)[1].rstrip('"')
    assert (read.username, read.surface, read.object_type) == ("director", ReadLog.Surface.EXPORT, filename)
    assert read.detail.endswith(" rows")
    if name == "projects:project-export":
        assert read.detail == "2 rows"


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_the_export_list_above_is_every_export() -> None:
    assert {name for name in _names(get_resolver().url_patterns) if name.endswith("export")} == set(EXPORTS)


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("url", ["api:project-detail", "projects:project-detail"])
def test_a_logged_read_costs_one_insert(
    sign_in: Callable[[str], Client], secret: Project, open_project: Project, url: str
) -> None:
    """The same page of an open and of a confidential project: the second one
    INSERT more, into the read log, and nothing else."""
    client = sign_in("director")
    client.get(reverse(url, args=[open_project.pk]))  # the session's first save
    open_queries = _queries(client, reverse(url, args=[open_project.pk]))
    secret_queries = _queries(client, reverse(url, args=[secret.pk]))
    inserts = [sql for sql in secret_queries if sql.startswith("INSERT")]
    assert len(inserts) == 1 and inserts[0].startswith('INSERT INTO "core_readlog"')
    assert len(secret_queries) == len(open_queries) + 1


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_logged_export_costs_one_insert(sign_in: Callable[[str], Client], secret: Project, name: str) -> None:
    client = sign_in("director")
    client.get(reverse("projects:project-list"))  # the session's first save
    inserts = [sql for sql in _queries(client, f"{reverse(name)}?{EXPORTS[name]}format=csv") if "INSERT" in sql]
    assert len(inserts) == 1 and inserts[0].startswith('INSERT INTO "core_readlog"')
