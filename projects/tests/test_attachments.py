"""Files attached to data-access requests: the services (who may attach and
remove, audited on the project, the store cleaned after commit), the API's
upload, the download's visibility and headers, and the project page. The
permissions of every persona are in the matrices (projects/tests/matrix.py).

The projects of ``build_projects``: ``secret`` (confidential; researcher
leads it, clinician is a member), ``open`` and ``other``."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from core.attachments import PDF, XLSX
from core.models import AuditEvent
from core.tests.attachments import EXE_BYTES, PDF_BYTES, ooxml, upload
from people.models import User
from people.tests.factories import UserFactory
from projects import services
from projects.models import DataAccessAttachment, DataAccessRequest, Project
from projects.tests.worlds import build_projects


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def projects(personas: dict[str, User]) -> dict[str, Project]:
    return build_projects(personas)


@pytest.fixture
def submitted(projects: dict[str, Project]) -> DataAccessRequest:
    return projects["secret"].data_requests.get(status=DataAccessRequest.Status.SUBMITTED)


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def attach(request: DataAccessRequest, by: User, content: bytes = PDF_BYTES) -> DataAccessAttachment:
    return services.data_request_attachment_add(request=request, by=by, file=upload("Protocole v2.pdf", content))


def test_a_lead_attaches_a_file_audited_on_the_project(submitted, personas, media):
    attachment = attach(submitted, personas["researcher"])
    assert (attachment.name, attachment.content_type) == ("Protocole v2.pdf", "application/pdf")
    assert [path.read_bytes() for path in stored_files(media)] == [PDF_BYTES]
    event = AuditEvent.objects.filter(object_id=str(submitted.project_id)).latest("pk")
    assert event.action == "data_request_attached"
    assert event.changes == {"request": submitted.pk, "attachment": [None, "Protocole v2.pdf"]}


def test_a_member_who_does_not_lead_may_not_attach(submitted, personas):
    with pytest.raises(PermissionDenied):
        attach(submitted, personas["clinician"])


def test_a_decided_request_takes_no_file(submitted, personas):
    services.data_request_decide(request=submitted, by=personas["director"], approve=False, reason="Too broad")
    with pytest.raises(PermissionDenied):
        attach(submitted, personas["researcher"])


def test_a_renamed_program_is_refused_on_its_field(submitted, personas, media):
    with pytest.raises(ValidationError) as error:
        attach(submitted, personas["researcher"], content=EXE_BYTES)
    assert "file" in error.value.message_dict
    assert stored_files(media) == []


def test_a_removal_deletes_the_file_after_commit(submitted, personas, media, django_capture_on_commit_callbacks):
    attachment = attach(submitted, personas["researcher"])
    with django_capture_on_commit_callbacks(execute=True):
        services.data_request_attachment_remove(attachment=attachment, by=personas["researcher"])
    assert stored_files(media) == []
    assert AuditEvent.objects.filter(action="data_request_detached").exists()


def test_only_the_uploader_removes_a_file(submitted, personas, media):
    attachment = attach(submitted, personas["researcher"])
    with pytest.raises(PermissionDenied):
        services.data_request_attachment_remove(attachment=attachment, by=personas["director"])
    assert len(stored_files(media)) == 1


def test_the_api_takes_a_multipart_file(submitted, sign_in):
    url = reverse("api:datarequest-attachments", args=[submitted.pk])
    response = sign_in("director").post(url, {"file": upload("cohort.xlsx", ooxml(XLSX))})
    assert response.status_code == 201
    assert response.json()["content_type"] == XLSX
    assert sign_in("clinician").get(url).json()[0]["name"] == "cohort.xlsx"


def test_the_download_carries_the_safe_name_and_headers(submitted, personas, sign_in):
    attachment = attach(submitted, personas["researcher"])
    response = sign_in("clinician").get(reverse("projects:datarequest-attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="Protocole v2.pdf"; filename*=')


@pytest.mark.parametrize("persona", ["teamlead", "partner", "clinician2"])
def test_who_does_not_see_a_confidential_project_gets_a_404(submitted, personas, sign_in, persona):
    attachment = attach(submitted, personas["researcher"])
    response = sign_in(persona).get(reverse("projects:datarequest-attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_the_project_page_lists_the_files_with_the_form_for_its_leads(submitted, personas, sign_in):
    attachment = attach(submitted, personas["researcher"])
    page = sign_in("researcher").get(reverse("projects:project-detail", args=[submitted.project_id])).content.decode()
    assert reverse("projects:datarequest-attachment", args=[attachment.pk]) in page
    assert reverse("projects:datarequest-detach", args=[submitted.pk, attachment.pk]) in page
    assert reverse("projects:datarequest-attach", args=[submitted.pk]) in page
    member_page = sign_in("clinician").get(reverse("projects:project-detail", args=[submitted.project_id]))
    assert reverse("projects:datarequest-attach", args=[submitted.pk]) not in member_page.content.decode()


def test_the_page_says_why_a_file_is_refused(submitted, sign_in):
    url = reverse("projects:datarequest-attach", args=[submitted.pk])
    response = sign_in("researcher").post(url, {"file": upload("cv.pdf", EXE_BYTES)})
    assert response.status_code == 400
    assert any(words in response.content.decode() for words in ("its content was checked", "son contenu a été vérifié"))


def test_a_deleted_project_takes_its_files(submitted, personas, media, django_capture_on_commit_callbacks):
    attach(submitted, personas["researcher"])
    assert len(stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        Project.objects.filter(pk=submitted.project_id).delete()
    assert not DataAccessAttachment.objects.exists()
    assert stored_files(media) == []


def test_a_rolled_back_project_deletion_keeps_its_files(submitted, personas, media, django_capture_on_commit_callbacks):
    attach(submitted, personas["researcher"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Project.objects.filter(pk=submitted.project_id).delete()
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert len(stored_files(media)) == 1


def test_an_uploader_deleted_leaves_the_file_to_a_former_member(submitted, personas, media, sign_in):
    # The services audit every upload and the audit keeps its actors: a row
    # made directly stands for an account deleted all the same.
    leaver = UserFactory()
    attachment = DataAccessAttachment(request=submitted, name="Avis.pdf", size=len(PDF_BYTES), content_type=PDF)
    attachment.uploaded_by = leaver
    attachment.file.save("upload", ContentFile(PDF_BYTES), save=True)
    leaver.delete()
    attachment.refresh_from_db()
    assert attachment.uploaded_by is None
    page = sign_in("researcher").get(submitted.project.get_absolute_url()).content.decode()
    assert "Avis.pdf" in page
    assert "a former member" in page or "ancien membre" in page
