"""The stored files of attachments follow their rows, however the rows go
(core.attachments.file_cleanup): removed by a service, deleted with their
request, in a queryset; only once the transaction commits, never when it rolls
back; a store that fails is logged. Then the orphans no row names, and the
uploader whose account is gone ("a former member").

clinician asks to join CARDIOSIM (led by teamlead); depthead heads her department.
"""

import logging
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from core.attachments import PDF, attachment_models, orphan_files, orphan_files_remove
from core.tests.attachments import PDF_BYTES, upload
from people import services
from people.models import Position, PositionAttachment, User
from people.tests.factories import UserFactory
from people.tests.positions import host, submit


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def request_(personas: dict[str, User]) -> Position:
    return submit(host(personas["clinician"], "CARDIOSIM", share=20))


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


def attach(position: Position, by: User) -> PositionAttachment:
    return services.position_attachment_add(position=position, by=by, file=upload("CV.pdf", PDF_BYTES))


def test_every_attachment_model_cleans_its_files():
    assert {model._meta.label for model in attachment_models()} == {
        "people.PositionAttachment",
        "projects.DataAccessAttachment",
    }


def test_a_deleted_row_takes_its_file_after_commit(request_, personas, media, django_capture_on_commit_callbacks):
    attachment = attach(request_, personas["clinician"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment.delete()
    assert len(stored_files(media)) == 1
    for callback in callbacks:
        callback()
    assert stored_files(media) == []


def test_a_deleted_request_takes_its_files(request_, personas, media, django_capture_on_commit_callbacks):
    attach(request_, personas["clinician"])
    attach(request_, personas["teamlead"])
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Position.objects.filter(pk=request_.pk).delete()
    assert not PositionAttachment.objects.exists()
    assert stored_files(media) == []


def test_a_queryset_delete_takes_its_files(request_, personas, media, django_capture_on_commit_callbacks):
    attach(request_, personas["clinician"])
    with django_capture_on_commit_callbacks(execute=True):
        PositionAttachment.objects.filter(position=request_).delete()
    assert stored_files(media) == []


def test_a_rolled_back_deletion_keeps_the_file(request_, personas, media, django_capture_on_commit_callbacks):
    attachment = attach(request_, personas["clinician"])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Position.objects.filter(pk=request_.pk).delete()
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert PositionAttachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files(media)) == 1


def test_a_store_that_fails_to_delete_is_logged_not_raised(
    request_, personas, media, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    attachment = attach(request_, personas["clinician"])
    storage = attachment.file.storage

    def refuse(name: str) -> None:
        raise PermissionError(f"read-only: {name}")

    monkeypatch.setattr(storage, "delete", refuse)
    with caplog.at_level(logging.ERROR, logger="core.attachments"), django_capture_on_commit_callbacks(execute=True):
        services.position_attachment_remove(attachment=attachment, by=personas["clinician"])
    assert not PositionAttachment.objects.exists()
    assert f"attachment file not removed: {attachment.file.name}" in caplog.text


# Orphans --------------------------------------------------------------------------------------


def test_an_orphan_older_than_a_day_is_found_and_removed(request_, personas, media):
    kept = attach(request_, personas["clinician"])
    storage = kept.file.storage
    orphan = storage.save("attachments/0123456789abcdef", ContentFile(b"left by raw SQL"))
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    assert orphan_files(now=timezone.now()) == []
    assert orphan_files(now=tomorrow) == [orphan]
    assert orphan_files_remove(now=tomorrow) == [orphan]
    assert [path.name for path in stored_files(media)] == [Path(kept.file.name).name]


def test_the_orphans_command_lists_and_deletes_only_when_asked(media, db, capsys):
    storage_path = media / "attachments"
    storage_path.mkdir()
    orphan = storage_path / "feedfacefeedface"
    orphan.write_bytes(b"x")
    old = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    call_command("attachment_orphans")
    assert "attachments/feedfacefeedface" in capsys.readouterr().out
    assert orphan.exists()
    call_command("attachment_orphans", "--delete")
    assert not orphan.exists()


def test_no_store_directory_means_no_orphans(media, db):
    assert orphan_files() == []


# An uploader whose account is gone ------------------------------------------------------------


def test_an_uploader_deleted_leaves_the_file_to_a_former_member(request_, personas, media, sign_in):
    # Through the services an upload is audited, and the audit trail keeps its
    # actors (PROTECT): a row made directly stands for an account deleted anyway.
    leaver = UserFactory()
    attachment = PositionAttachment(position=request_, name="CV.pdf", size=len(PDF_BYTES), content_type=PDF)
    attachment.uploaded_by = leaver
    attachment.file.save("upload", ContentFile(PDF_BYTES), save=True)
    leaver.delete()
    attachment.refresh_from_db()
    assert attachment.uploaded_by is None
    assert len(stored_files(media)) == 1
    with translation.override("en"):
        assert attachment.uploader_name == "a former member"
    page = sign_in("clinician").get(request_.get_absolute_url()).content.decode()
    assert "a former member" in page or "ancien membre" in page
