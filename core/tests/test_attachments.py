"""What an attachment may be (read from its content, never its name), how
big, and the name and headers of its download."""

import io

import pytest
from django.core.exceptions import ValidationError

from core.attachments import (
    DOCX,
    JPEG,
    MAX_ATTACHMENT_SIZE,
    ODS,
    ODT,
    OLE,
    PDF,
    PNG,
    PPTX,
    XLSX,
    clean_name,
    content_disposition,
    sniff,
    validate_upload,
)
from core.tests.attachments import (
    EXE_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    OLE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    odf,
    ooxml,
    upload,
    zipped,
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        (ooxml(DOCX), DOCX),
        (ooxml(XLSX), XLSX),
        (ooxml(PPTX), PPTX),
        (odf(ODT), ODT),
        (odf(ODS), ODS),
        (OLE_BYTES, OLE),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "doc-or-xls"],
)
def test_each_accepted_type_is_recognised_from_its_content(content: bytes, expected: str) -> None:
    file = io.BytesIO(content)
    assert sniff(file) == expected
    assert file.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        EXE_BYTES,
        HTML_BYTES,
        b"",
        b"PK\x03\x04 not really a zip",
        zipped({"word/document.xml": b"<x/>"}),
        zipped({"mimetype": b"application/vnd.oasis.opendocument.presentation"}),
        zipped({"[Content_Types].xml": b"<Types/>"}),
        zipped({"mimetype": b"application/epub+zip"}),
    ],
    ids=["exe", "html", "empty", "broken-zip", "zip-without-manifest", "odp", "ooxml-other", "epub"],
)
def test_anything_else_is_not_recognised(content: bytes) -> None:
    assert sniff(io.BytesIO(content)) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", EXE_BYTES), ("photo.png", HTML_BYTES), ("agreement.docx", zipped({"a.txt": b"a"}))],
    ids=["renamed-exe", "renamed-html", "renamed-zip"],
)
def test_a_renamed_file_is_refused_whatever_its_name(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content, "application/pdf"))
    assert error.value.code == "type"


def test_an_accepted_file_gives_its_detected_type_not_the_declared_one() -> None:
    assert validate_upload(upload("scan.bin", PNG_BYTES, "text/html")) == PNG


def test_a_file_over_10_mb_is_refused_with_its_size() -> None:
    content = PDF_BYTES + b"\x00" * (MAX_ATTACHMENT_SIZE - len(PDF_BYTES) + 1)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", content))
    assert error.value.code == "too_big"
    assert any(size in str(error.value.messages[0]) for size in ("10 MB", "10 Mo"))


def test_a_file_of_exactly_10_mb_is_accepted() -> None:
    content = PDF_BYTES + b"\x00" * (MAX_ATTACHMENT_SIZE - len(PDF_BYTES))
    assert validate_upload(upload("big.pdf", content)) == PDF


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("empty.pdf", b""))
    assert error.value.code == "empty"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CV Dupont.pdf", "CV Dupont.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\lettre.docx", "lettre.docx"),
        ("a\r\nSet-Cookie: x.pdf", "aSet-Cookie: x.pdf"),
        (".htaccess", "htaccess"),
        ("", "attachment"),
        ("/", "attachment"),
        ("é" * 300 + ".pdf", "é" * 196 + ".pdf"),
    ],
)
def test_a_name_is_cleaned_of_paths_and_controls(name: str, expected: str) -> None:
    assert clean_name(name) == expected


def test_the_disposition_is_an_attachment_with_an_ascii_fallback_and_the_real_name() -> None:
    header = content_disposition('Lettre d\'accord "été".pdf')
    assert header.startswith('attachment; filename="Lettre d_accord _ete_.pdf"; ')
    assert header.endswith("filename*=UTF-8''Lettre%20d%27accord%20%22%C3%A9t%C3%A9%22.pdf")
