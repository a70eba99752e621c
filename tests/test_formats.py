from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pptx
import pytest

from kb.formats import sniff, sniff_file
from tests.conftest import ROBUSTNESS, needs_realworld


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("hello")
    document.save(buffer)
    return buffer.getvalue()


def _pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    pptx.Presentation().save(buffer)
    return buffer.getvalue()


def test_office_files_are_told_apart_by_content_not_name() -> None:
    data = _docx_bytes()
    assert sniff(data[:65536], "slides.pptx", data=data).format == "docx"
    data = _pptx_bytes()
    assert sniff(data[:65536], "report.docx", data=data).format == "pptx"


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "scan.txt", "pdf"),
        (b"\xef\xbb\xbf# Title\n", "notes.md", "markdown"),
        (b"# Title\n", "notes.md.txt", "markdown"),
        ("Grænse".encode("utf-16"), "note.txt", "text"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page.txt", "html"),
        (b"  <html lang='de'><p>Hallo</p>", "index", "html"),
        (b"plain words\n", "readme", "text"),
    ],
)
def test_supported(head: bytes, name: str, expected: str) -> None:
    assert sniff(head, name).format == expected


@pytest.mark.parametrize(
    ("head", "name", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "legacy Word .doc: save as .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.ppt", "legacy PowerPoint .ppt: save as .pptx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "fake.docx", "OLE2"),
        (b"\x89PNG\r\n\x1a\n....", "scan.pdf", "PNG image"),
        (b"\xff\xd8\xff\xe0....", "photo.jpg", "JPEG image"),
        (b"{\\rtf1\\ansi", "letter.rtf", "RTF"),
        (b"\x1f\x8b\x08\x00", "docs.tar.gz", "gzip"),
        (os.urandom(4096).replace(b"%PDF", b"xxxx") + b"\x00\x01\x02" * 50, "random.bin", "unknown binary"),
    ],
)
def test_unsupported_with_reason(head: bytes, name: str, reason: str) -> None:
    result = sniff(head, name)
    assert result.format is None
    assert reason in (result.reason or "")


def test_damaged_zip_is_reported() -> None:
    result = sniff(b"PK\x03\x04garbage", "x.docx", data=b"PK\x03\x04garbage")
    assert result.format is None and "damaged ZIP" in (result.reason or "")


@needs_realworld
def test_real_legacy_doc() -> None:
    result = sniff_file(ROBUSTNESS / "office/odd/PHPExcel_developer_documentation.doc")
    assert result.reason == "legacy Word .doc: save as .docx"


def test_sniff_file_reads_only_the_head(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100_000)
    assert sniff_file(path).format == "text"
