"""The small interface every format module implements, and the registry that picks one.

An extractor turns a file into ``Extracted`` (text blocks with heading levels
and page numbers, plus what the file says about its own title and year).
The registry is keyed by the format that ``kb.formats.sniff`` found in the
bytes, so a renamed file still reaches the right parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kb.models import Extracted

_YEAR = re.compile(r"(19[89]\d|20[0-4]\d)")


@dataclass(frozen=True)
class Limits:
    """What an extractor may consume; it stops (and warns) when ``max_chars`` is reached."""

    max_chars: int
    zip_max_bytes: int
    zip_max_ratio: float
    zip_max_entries: int


class Extractor(Protocol):
    def __call__(self, path: Path, limits: Limits) -> Extracted: ...


class CharBudget:
    """Counts extracted characters; tells the extractor when to stop."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.truncated = False

    def take(self, text: str) -> str:
        room = self.limit - self.used
        if room <= 0:
            self.truncated = True
            return ""
        if len(text) > room:
            self.truncated = True
            text = text[:room]
        self.used += len(text)
        return text

    @property
    def full(self) -> bool:
        return self.used >= self.limit

    def warnings(self) -> list[str]:
        return [f"text truncated at {self.limit:,} characters (KB_MAX_CHARS)"] if self.truncated else []


def year_from_metadata(value: object) -> int | None:
    """A plausible year from a metadata date (``D:20150316...``, ``2015-03-16``, datetime)."""
    year = getattr(value, "year", None)
    if isinstance(year, int):
        return year if 1980 <= year <= 2049 else None
    if isinstance(value, bytes):
        value = value.decode("latin-1", "ignore")
    if isinstance(value, str):
        match = _YEAR.search(value)
        if match:
            return int(match.group(1))
    return None


def plausible_title(value: object) -> str | None:
    """A metadata title worth showing (not "Microsoft Word - x.docx", not "untitled")."""
    if isinstance(value, bytes):
        raw = value
        if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
            value = raw.decode("utf-16", errors="replace")
        else:
            try:
                value = raw.decode("utf-8")
            except UnicodeDecodeError:
                value = raw.decode("latin-1")
    if not isinstance(value, str):
        return None
    title = " ".join(value.replace("\x00", "").split())
    lowered = title.lower()
    if len(title) < 4 or len(title) > 200 or lowered in ("untitled", "title", "document", "presentation"):
        return None
    if lowered.startswith(("microsoft word", "microsoft powerpoint", "powerpoint presentation")):
        return None
    if re.search(r"\.(docx?|pptx?|pdf|indd|qxp)$", lowered) or sum(ch.isalpha() for ch in title) < len(title) / 2:
        return None
    return title


def registry() -> dict[str, Callable[[Path, Limits], Extracted]]:
    from ingest.extract import docx, html, pdf, pptx, text

    return {
        "pdf": pdf.extract,
        "docx": docx.extract,
        "pptx": pptx.extract,
        "html": html.extract,
        "markdown": text.extract_markdown,
        "text": text.extract_text,
    }
