"""Which kind of file is this? Decided from the bytes, with the name only as a tie-breaker.

Extension alone lies (an OLE2 ``.doc`` renamed ``.docx``, a PDF saved as
``.txt``), so extractors are chosen by content. Formats kb cannot read get a
reason a user can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

#: Formats kb extracts, with the extension it gives stored files.
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "pptx": ".pptx", "html": ".html", "markdown": ".md", "text": ".txt"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image",
    b"BM": "BMP image",
}
_ARCHIVES = {b"\x1f\x8b": "gzip archive", b"7z\xbc\xaf\x27\x1c": "7-Zip archive", b"Rar!": "RAR archive"}
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANY = re.compile(rb"<(html|body|head|div|p|h1|table)\b[^>]*>", re.I)


@dataclass(frozen=True)
class Sniffed:
    format: str | None  # one of EXTENSIONS, or None when unsupported
    reason: str | None = None  # why it is unsupported

    @property
    def supported(self) -> bool:
        return self.format is not None


def _zip_kind(data: bytes | None, path: PurePath | None) -> Sniffed:
    try:
        source = io.BytesIO(data) if data is not None else path
        with zipfile.ZipFile(source) as archive:  # type: ignore[arg-type]
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return Sniffed(None, "damaged ZIP container: the file is truncated or not an Office document")
    if "word/document.xml" in names:
        return Sniffed("docx")
    if "ppt/presentation.xml" in names:
        return Sniffed("pptx")
    if any(n.startswith("xl/") for n in names):
        return Sniffed(None, "Excel workbook: spreadsheets are not indexed; save the text as .docx or PDF")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return Sniffed(None, "OpenDocument file: save it as .docx, .pptx or PDF")
    return Sniffed(None, "ZIP archive: unpack it and add the documents inside")


def _ole2_kind(head: bytes, suffix: str) -> Sniffed:
    if "EncryptedPackage".encode("utf-16-le") in head:
        return Sniffed(None, "encrypted Office file: remove the password and save it again")
    if suffix in (".ppt", ".pps", ".pot"):
        return Sniffed(None, "legacy PowerPoint .ppt: save as .pptx")
    if suffix in (".xls", ".xlt"):
        return Sniffed(None, "legacy Excel .xls: spreadsheets are not indexed")
    if suffix == ".doc":
        return Sniffed(None, "legacy Word .doc: save as .docx")
    return Sniffed(
        None, f"legacy Microsoft Office file (OLE2) named {suffix or 'without extension'}: save as .docx/.pptx"
    )


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:8192]
    if not sample:
        return True
    if sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without BOM: every other byte is zero
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        return max(even, odd) > len(sample) // 2 * 0.8
    if b"\x00" in sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) * 0.01


def sniff(head: bytes, name: str, *, data: bytes | None = None, path: PurePath | None = None) -> Sniffed:
    """Classify a file from its first bytes (64 KiB is plenty) and its name.

    ``data`` (all bytes) or ``path`` lets ZIP containers be opened to tell DOCX from PPTX.
    """
    lowered = name.lower()
    suffix = PurePath(lowered).suffix
    stripped = head.lstrip()
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, path)
    if head.startswith(_OLE2):
        return _ole2_kind(head, suffix)
    for magic, label in _IMAGES.items():
        if head.startswith(magic):
            return Sniffed(None, f"{label}: it has no text layer; run OCR and add the result as PDF")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(None, "WebP image: it has no text layer; run OCR and add the result as PDF")
    for magic, label in _ARCHIVES.items():
        if head.startswith(magic):
            return Sniffed(None, f"{label}: unpack it and add the documents inside")
    if stripped.startswith(b"{\\rtf"):
        return Sniffed(None, "RTF document: save it as .docx or PDF")
    if not _looks_textual(head):
        return Sniffed(None, "unknown binary format: kb reads PDF, DOCX, PPTX, HTML, Markdown and plain text")
    if _HTML_START.match(head) or (suffix in (".html", ".htm", ".xhtml") and _HTML_ANY.search(head)):
        return Sniffed("html")
    if suffix in (".md", ".markdown") or lowered.endswith(".md.txt"):
        return Sniffed("markdown")
    return Sniffed("text")


def sniff_file(path: PurePath, head_bytes: int = 65536) -> Sniffed:
    with open(path, "rb") as handle:
        head = handle.read(head_bytes)
    return sniff(head, path.name, path=path)
