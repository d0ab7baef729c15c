"""An acronym is unique among the projects a person sees, whatever its case or
accents; a project the person cannot see answers as if its acronym were free
(SPEC §3: no uniqueness check hints at it), on every surface: services, the
API and the pages, when creating and when renaming."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from people.models import User
from projects import services
from projects.models import Project, acronym_key

TAKEN = "A project with this acronym already exists."


@pytest.fixture(autouse=True)
def in_english():
    """The services' messages are compared in English (the site's default is French)."""
    with translation.override("en"):
        yield


@pytest.fixture
def hidden(personas: dict[str, User]) -> Project:
    """HEARTWATCH, confidential, led by ``teamlead``: ``clinician2`` cannot see it."""
    return services.project_create(by=personas["teamlead"], acronym="HEARTWATCH", title="Hidden", confidential=True)


@pytest.fixture
def open_project(personas: dict[str, User]) -> Project:
    """PULSE, not confidential: every member of staff sees it."""
    return services.project_create(by=personas["teamlead"], acronym="PULSE", title="Open")


@pytest.fixture
def own(personas: dict[str, User]) -> Project:
    """MINE, led by ``clinician2``."""
    return services.project_create(by=personas["clinician2"], acronym="MINE", title="Mine")


def test_acronyms_compare_without_case_or_accents():
    assert acronym_key(" Cœur ") != acronym_key("COEUR")  # œ is a letter of its own, not an accented o
    assert acronym_key("Éva") == acronym_key("EVA") == acronym_key("eva")
    assert acronym_key("HeartWatch") == acronym_key("HEARTWATCH")


@pytest.mark.parametrize("acronym", ["pulse", "Pulsé", " PULSE "])
def test_an_open_acronym_is_taken_whatever_its_case_or_accents(personas, open_project, acronym):
    with pytest.raises(ValidationError) as error:
        services.project_create(by=personas["clinician2"], acronym=acronym, title="Again")
    assert error.value.message_dict == {"acronym": [TAKEN]}


@pytest.mark.parametrize("confidential", [False, True])
def test_a_hidden_acronym_answers_as_a_free_one(personas, hidden, confidential):
    project = services.project_create(
        by=personas["clinician2"], acronym="heartwatch", title="Mine", confidential=confidential
    )
    assert project.acronym == "heartwatch"


def test_a_confidential_acronym_is_taken_for_whoever_sees_it(personas, hidden):
    for username in ("teamlead", "director", "ops"):
        with pytest.raises(ValidationError):
            services.project_create(by=personas[username], acronym="Heartwatch", title="Again", confidential=True)


def test_renaming_to_a_hidden_acronym_answers_as_a_free_one(personas, hidden, own):
    services.project_update(project=own, by=personas["clinician2"], acronym="HEARTWATCH")
    own.refresh_from_db()
    assert own.acronym == "HEARTWATCH"
    with pytest.raises(ValidationError):  # whoever sees both is told
        services.project_update(project=hidden, by=personas["director"], confidential=False)


def test_renaming_to_a_seen_acronym_is_refused(personas, open_project, own):
    with pytest.raises(ValidationError) as error:
        services.project_update(project=own, by=personas["clinician2"], acronym="Pulse")
    assert error.value.message_dict == {"acronym": [TAKEN]}


def test_an_edit_that_keeps_the_acronym_is_not_checked_again(personas, hidden):
    """A confidential project whose acronym someone who could not see it gave
    again stays editable by its leads."""
    services.project_create(by=personas["clinician2"], acronym="HEARTWATCH", title="Open twin")
    services.project_update(project=hidden, by=personas["teamlead"], title="Still hidden")


def test_the_database_keeps_open_acronyms_unique(personas, open_project):
    with pytest.raises(Exception, match="project_acronym_unique_when_open"):
        Project.objects.create(acronym="pulse", title="Twin")


# The API and the pages -------------------------------------------------------------


def api_create(client: Client, acronym: str) -> tuple[int, object]:
    response = client.post(
        reverse("api:project-list"), {"acronym": acronym, "title": "Probe"}, content_type="application/json"
    )
    return response.status_code, response.json().get("acronym")


def api_rename(client: Client, project: Project, acronym: str) -> tuple[int, object]:
    url = reverse("api:project-detail", args=[project.pk])
    response = client.patch(url, {"acronym": acronym}, content_type="application/json")
    return response.status_code, response.json().get("acronym")


FORM = {"title": "Probe", "clinical_domain": "neurology", "status": "proposed"}


def page_create(client: Client, acronym: str) -> tuple[int, object]:
    response = client.post(reverse("projects:project-create"), {**FORM, "acronym": acronym})
    return response.status_code, response.context["form"].errors.get("acronym") if response.context else None


def page_rename(client: Client, project: Project, acronym: str) -> tuple[int, object]:
    response = client.post(reverse("projects:project-update", args=[project.pk]), {**FORM, "acronym": acronym})
    return response.status_code, response.context["form"].errors.get("acronym") if response.context else None


@pytest.mark.parametrize("create", [api_create, page_create])
def test_creating_with_a_hidden_acronym_answers_as_with_a_free_one(
    sign_in: Callable[[str], Client], hidden: Project, open_project: Project, create
):
    client = sign_in("clinician2")
    status, _errors = create(client, "HEARTWATCH")
    free, _errors = create(client, "NOWHERE")
    assert status == free and status in (201, 302)
    status, errors = create(client, "pulsé")
    assert status == 400 and errors == [TAKEN]


@pytest.mark.parametrize("rename", [api_rename, page_rename])
def test_renaming_to_a_hidden_acronym_answers_as_to_a_free_one(
    sign_in: Callable[[str], Client], hidden: Project, open_project: Project, own: Project, rename
):
    client = sign_in("clinician2")
    status, _errors = rename(client, own, "heartwatch")
    free, _errors = rename(client, own, "NOWHERE")
    assert status == free and status in (200, 302)
    status, errors = rename(client, own, "PULSE")
    assert status == 400 and errors == [TAKEN]
