"""Small files of each kind an attachment may be, and of kinds it may not,
built in memory for the tests of core and of the apps."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from core.attachments import DOCX, PPTX, XLSX

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
OLE_BYTES = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"PE\x00\x00"
HTML_BYTES = b"<!doctype html><script>alert(1)</script>"

OOXML_MAIN = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(content_type: str) -> bytes:
    manifest = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/main.xml" ContentType="{OOXML_MAIN[content_type]}"/></Types>'
    )
    return zipped({"[Content_Types].xml": manifest.encode(), "main.xml": b"<x/>"})


def odf(content_type: str) -> bytes:
    return zipped({"mimetype": content_type.encode(), "content.xml": b"<x/>"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """An uploaded file as a form or the API receives it (its declared type is never trusted)."""
    return SimpleUploadedFile(name, content, content_type=content_type)
