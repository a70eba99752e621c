"""Plain text and Markdown.

Decoding tries, in order: a byte-order mark (UTF-8, UTF-16 LE/BE), UTF-16
without a mark (recognised by its zero bytes), strict UTF-8, then
Windows-1252 (with a warning, since that is a guess). Markdown headings
(``#`` and underlined) become heading blocks; links, images, emphasis and
stray HTML tags are reduced to their text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ingest.extract.base import CharBudget, Limits
from kb.errors import ExtractionError
from kb.models import Block, Extracted

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_TAG = re.compile(r"</?[A-Za-z][^>\n]{0,400}>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`+)(?=\S)(.+?)(?<=\S)\1")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LIST = re.compile(r"^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text from bytes, with a warning when the encoding had to be guessed."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), []
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, [f"{name}: not UTF-8; read as Windows-1252 (save it as UTF-8 to be sure)"]


def _read(path: Path, limits: Limits) -> tuple[str, list[str]]:
    size = path.stat().st_size
    # UTF-16 needs two bytes per character; read no more than the character cap can use
    with path.open("rb") as handle:
        data = handle.read(min(size, limits.max_chars * 4 + 4))
    text, warnings = decode(data, path.name)
    return text, warnings


def _paragraphs(lines: list[str], page: int | None = None) -> list[Block]:
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            blocks.append(Block("\n".join(buffer), 0, page))
            buffer.clear()

    for line in lines:
        if line.strip():
            buffer.append(line)
        else:
            flush()
    flush()
    return blocks


_SENTENCE_END = (".", ",", ";", ":", "?", "!", "…", '"', "”")


def _heading_like(text: str) -> bool:
    """A one-line paragraph that reads as a heading: short, capitalised, no sentence punctuation."""
    line = text.strip()
    words = line.split()
    return (
        "\n" not in line
        and 1 <= len(words) <= 10
        and len(line) <= 90
        and not line.endswith(_SENTENCE_END)
        and (line[0].isupper() or line[0].isdigit())
        and sum(ch.isalpha() for ch in line) >= 4
    )


def extract_text(path: Path, limits: Limits) -> Extracted:
    text, warnings = _read(path, limits)
    budget = CharBudget(limits.max_chars)
    text = budget.take(text)
    if "\x00" in text:
        raise ExtractionError("binary content in a text file: it is not plain text")
    blocks = [Block(b.text, 2 if _heading_like(b.text) else 0, b.page) for b in _paragraphs(text.splitlines())]
    return Extracted("text", blocks, warnings=warnings + budget.warnings())


def _inline(line: str) -> str:
    line = _IMAGE.sub(lambda m: m.group(1), line)
    line = _LINK.sub(lambda m: m.group(1), line)
    line = _REF_LINK.sub(lambda m: m.group(1), line)
    line = _TAG.sub(" ", line)
    for _ in range(2):
        line = _EMPHASIS.sub(lambda m: m.group(2), line)
    return line


def extract_markdown(path: Path, limits: Limits) -> Extracted:
    text, warnings = _read(path, limits)
    budget = CharBudget(limits.max_chars)
    text = budget.take(text)
    blocks: list[Block] = []
    body: list[str] = []
    in_fence = False
    title: str | None = None
    lines = text.splitlines()

    def flush() -> None:
        blocks.extend(_paragraphs(body))
        body.clear()

    for i, raw in enumerate(lines):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            body.append(raw)
            continue
        heading = _ATX.match(raw)
        underline = i + 1 < len(lines) and raw.strip() and _SETEXT.match(lines[i + 1]) and not _LIST.match(raw)
        if heading or underline:
            flush()
            level = len(heading.group(1)) if heading else (1 if lines[i + 1].strip().startswith("=") else 2)
            words = _inline(heading.group(2) if heading else raw).strip()
            if words:
                blocks.append(Block(words, level))
                if title is None and level <= 2:
                    title = words
            continue
        if _SETEXT.match(raw) and i > 0 and lines[i - 1].strip():
            continue  # underline of a heading handled above
        if _REF_DEF.match(raw) or _TABLE_RULE.match(raw):
            continue
        line = _LIST.sub("• ", raw) if _LIST.match(raw) else raw
        line = _inline(line)
        if line.count("|") >= 2:
            line = " | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        body.append(line)
    flush()
    return Extracted("markdown", blocks, title=title, warnings=warnings + budget.warnings())
