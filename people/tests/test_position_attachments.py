"""Files attached to host-position and secondment requests: the services
(who may attach and remove, audited, the store cleaned after commit), the
API's upload and its refusals, the download's visibility and headers, and the
request page's list and form. The permissions of every persona are in the
matrices (people/tests/matrix.py).

clinician asks to join CARDIOSIM (led by teamlead); depthead heads her department.
"""

from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core.attachments import DOCX, MAX_ATTACHMENT_SIZE, PDF
from core.history import WHO
from core.models import AuditEvent
from core.tests.attachments import EXE_BYTES, HTML_BYTES, PDF_BYTES, PNG_BYTES, ooxml, upload
from people import services
from people.history import POSITION_HISTORY
from people.models import Position, PositionAttachment, User
from people.selectors import position_history
from people.tests.positions import host, submit


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def request_(personas: dict[str, User]) -> Position:
    return submit(host(personas["clinician"], "CARDIOSIM", share=20))


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def attach(position: Position, by: User, name: str = "CV.pdf", content: bytes = PDF_BYTES) -> PositionAttachment:
    return services.position_attachment_add(position=position, by=by, file=upload(name, content))


# Services ------------------------------------------------------------------------------------


def test_an_upload_is_stored_under_a_random_name_with_its_own_name_on_the_row(request_, personas, media):
    attachment = attach(request_, personas["clinician"], name="../../CV Dupont.pdf")
    assert attachment.name == "CV Dupont.pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.content_type == PDF
    assert "Dupont" not in attachment.file.name
    assert [path.read_bytes() for path in stored_files(media)] == [PDF_BYTES]


def test_an_upload_is_audited_on_the_request(request_, personas):
    attach(request_, personas["teamlead"])
    event = AuditEvent.objects.filter(object_id=str(request_.pk)).latest("pk")
    assert (event.action, event.actor, event.changes) == (
        "attached",
        personas["teamlead"],
        {"attachment": [None, "CV.pdf"]},
    )


def test_a_refused_upload_leaves_nothing_in_the_store(request_, personas, media):
    with pytest.raises(ValidationError, match="PDF"):  # "not a PDF…" in the active language
        attach(request_, personas["clinician"], name="cv.pdf", content=EXE_BYTES)
    assert stored_files(media) == []
    assert not PositionAttachment.objects.exists()


def test_a_closed_request_takes_no_file(request_, personas):
    services.position_withdraw(position=request_, by=personas["clinician"])
    with pytest.raises(PermissionDenied):
        attach(request_, personas["clinician"])


def test_who_decides_no_step_may_not_attach(request_, personas):
    with pytest.raises(PermissionDenied):
        attach(request_, personas["teamlead2"])


def test_a_draft_takes_files_from_its_applicant_only(personas):
    draft = host(personas["clinician"], "CARDIOSIM", share=20)
    attach(draft, personas["clinician"])
    with pytest.raises(PermissionDenied):
        attach(draft, personas["director"])


def test_a_removal_deletes_the_file_only_after_commit(request_, personas, media, django_capture_on_commit_callbacks):
    attachment = attach(request_, personas["clinician"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.position_attachment_remove(attachment=attachment, by=personas["clinician"])
    assert not PositionAttachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files(media)) == 1
    for callback in callbacks:
        callback()
    assert stored_files(media) == []
    event = AuditEvent.objects.filter(object_id=str(request_.pk)).latest("pk")
    assert (event.action, event.changes) == ("detached", {"attachment": ["CV.pdf", None]})


def test_only_the_uploader_removes_a_file(request_, personas, media):
    attachment = attach(request_, personas["clinician"])
    with pytest.raises(PermissionDenied):
        services.position_attachment_remove(attachment=attachment, by=personas["teamlead"])
    assert len(stored_files(media)) == 1


def test_a_file_stays_once_the_request_is_closed(request_, personas):
    attachment = attach(request_, personas["clinician"])
    services.position_withdraw(position=request_, by=personas["clinician"])
    with pytest.raises(PermissionDenied):
        services.position_attachment_remove(attachment=attachment, by=personas["clinician"])


# API -------------------------------------------------------------------------------------------


def api_url(position: Position, *args: int) -> str:
    if args:
        return reverse("api:hostposition-attachment", args=[position.pk, *args])
    return reverse("api:hostposition-attachments", args=[position.pk])


def test_the_api_takes_a_multipart_file_and_lists_it(request_, sign_in):
    client = sign_in("depthead")
    response = client.post(api_url(request_), {"file": upload("accord.docx", ooxml(DOCX), "text/plain")})
    assert response.status_code == 201
    created = response.json()
    assert (created["name"], created["content_type"]) == ("accord.docx", DOCX)
    listed = client.get(api_url(request_)).json()
    assert listed == [created]
    assert created["url"].endswith(reverse("people:position-attachment", args=[created["id"]]))


@pytest.mark.parametrize(
    ("name", "content"), [("cv.pdf", EXE_BYTES), ("photo.png", HTML_BYTES)], ids=["renamed-exe", "renamed-html"]
)
def test_the_api_refuses_a_renamed_file_with_a_400(request_, sign_in, name, content):
    response = sign_in("clinician").post(api_url(request_), {"file": upload(name, content)})
    assert response.status_code == 400
    assert any(words in response.json()["file"][0] for words in ("not a PDF", "ni un PDF"))
    assert not PositionAttachment.objects.exists()


def test_the_api_refuses_a_file_over_10_mb_with_a_400(request_, sign_in):
    content = PDF_BYTES + b"\x00" * MAX_ATTACHMENT_SIZE
    response = sign_in("clinician").post(api_url(request_), {"file": upload("big.pdf", content)})
    assert response.status_code == 400
    assert any(size in response.json()["file"][0] for size in ("10 MB", "10 Mo"))


def test_the_api_asks_for_a_file(request_, sign_in):
    response = sign_in("clinician").post(api_url(request_), {})
    assert response.status_code == 400
    assert response.json()["file"]


def test_the_uploader_removes_a_file_through_the_api(request_, personas, sign_in, media):
    attachment = attach(request_, personas["clinician"])
    assert sign_in("clinician").delete(api_url(request_, attachment.pk)).status_code == 204
    assert not PositionAttachment.objects.exists()


# The download ---------------------------------------------------------------------------------


def test_the_download_is_an_attachment_with_a_safe_name_and_the_detected_type(request_, personas, sign_in):
    attachment = attach(request_, personas["clinician"], name="Lettre d'accord été.png", content=PNG_BYTES)
    response = sign_in("teamlead").get(reverse("people:position-attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Lettre d_accord ete.png\"; filename*=UTF-8''"
        + quote("Lettre d'accord été.png", safe="")
    )


@pytest.mark.parametrize("persona", ["teamlead2", "researcher", "partner", "clinician2"])
def test_who_does_not_see_the_request_gets_a_404(request_, personas, sign_in, persona):
    attachment = attach(request_, personas["clinician"])
    assert sign_in(persona).get(reverse("people:position-attachment", args=[attachment.pk])).status_code == 404


def test_no_url_serves_the_stored_files(request_, personas, client):
    attachment = attach(request_, personas["clinician"])
    client.force_login(personas["director"])
    assert client.get("/media/" + attachment.file.name).status_code == 404
    assert client.get("/" + attachment.file.name).status_code == 404


# The request's page ----------------------------------------------------------------------------


def test_the_page_lists_the_files_and_offers_the_form(request_, personas, sign_in):
    attachment = attach(request_, personas["clinician"], name="CV Dupont.pdf")
    page = sign_in("clinician").get(request_.get_absolute_url()).content.decode()
    assert "CV Dupont.pdf" in page
    assert reverse("people:position-attachment", args=[attachment.pk]) in page
    assert reverse("people:hostposition-detach", args=[request_.pk, attachment.pk]) in page
    assert 'enctype="multipart/form-data"' in page


def test_the_page_offers_removal_to_the_uploader_only(request_, personas, sign_in):
    attachment = attach(request_, personas["clinician"])
    page = sign_in("teamlead").get(request_.get_absolute_url()).content.decode()
    assert reverse("people:position-attachment", args=[attachment.pk]) in page
    assert reverse("people:hostposition-detach", args=[request_.pk, attachment.pk]) not in page


def test_the_page_form_uploads_and_redirects(request_, sign_in):
    url = reverse("people:hostposition-attach", args=[request_.pk])
    response = sign_in("clinician").post(url, {"file": upload("cv.pdf", PDF_BYTES)})
    assert response.status_code == 302
    assert PositionAttachment.objects.get().uploaded_by.username == "clinician"


def test_the_page_form_says_why_a_file_is_refused(request_, sign_in):
    url = reverse("people:hostposition-attach", args=[request_.pk])
    response = sign_in("clinician").post(url, {"file": upload("cv.pdf", EXE_BYTES)})
    assert response.status_code == 400
    assert any(words in response.content.decode() for words in ("its content was checked", "son contenu a été vérifié"))


def test_the_page_removal_redirects_to_the_request(request_, personas, sign_in):
    attachment = attach(request_, personas["clinician"])
    url = reverse("people:hostposition-detach", args=[request_.pk, attachment.pk])
    response = sign_in("clinician").post(url)
    assert response.status_code == 302
    assert not PositionAttachment.objects.exists()


def test_the_history_names_the_file_attached_and_removed(request_, personas):
    attachment = attach(request_, personas["clinician"], name="CV Dupont.pdf")
    services.position_attachment_remove(attachment=attachment, by=personas["clinician"])
    with translation.override("en"):
        entries = POSITION_HISTORY.entries(position_history(user=personas["teamlead"], position=request_))
        assert [(entry.action, entry.sentence) for entry in entries[-2:]] == [
            ("attached a file", f"{WHO} attached a file: CV Dupont.pdf"),
            ("removed a file", f"{WHO} removed a file: CV Dupont.pdf"),
        ]
