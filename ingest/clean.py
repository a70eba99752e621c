"""Cleaning extracted text: Unicode, whitespace, hyphenation, boilerplate, garbage.

Boilerplate is what repeats without carrying content: running headers and
footers (the same line on many pages), bare URL or e-mail lines (a slide deck
converted to text can carry dozens: the InTra-Net presentation has ~90), and
page numbers. Text that is mostly ``(cid:NN)`` codes or unreadable characters
is measured here so the pipeline can refuse to index it silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from kb.models import Block

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HYPHEN_BREAK = re.compile(r"(\w)[-\u2010\u00ad]\n(?=[a-zæøåäöüß])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_URL_LINE = re.compile(r"^\s*(?:(?:https?|ftp)://\S+|www\.\S+|mailto:\S+|[\w.+-]+@[\w-]+\.[\w.-]+)\s*$", re.I)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:page|seite|side|sida|pagina|blz\.?)\s*)?\d{1,4}(?:\s*(?:/|of|von|af|av|van)\s*\d{1,4})?\s*$", re.I
)
_CID = re.compile(r"\(cid:\d+\)")
_BULLET_ONLY = re.compile(r"^\s*[•·▪◦‣∙●○■□➢►\-–—*]\s*$")


@dataclass
class Quality:
    """How much of the raw text was unusable, for honest statuses."""

    chars: int
    cid_codes: int
    replacement: int
    letters: int

    @property
    def garbage_share(self) -> float:
        if not self.chars:
            return 0.0
        return (self.cid_codes * 7 + self.replacement) / self.chars

    @property
    def letter_share(self) -> float:
        return self.letters / self.chars if self.chars else 0.0


def measure(blocks: list[Block]) -> Quality:
    text = "".join(b.text for b in blocks)
    letters = sum(1 for ch in text if ch.isalpha())
    replacement = text.count("\ufffd") + sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF)
    return Quality(len(text), len(_CID.findall(text)), replacement, letters)


def normalise(text: str) -> str:
    """NFC, no invisible or control characters, joined line-break hyphenation, tidy spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CID.sub("", text)
    text = _CONTROL.sub("", text).replace("\ufffd", "")
    text = _HYPHEN_BREAK.sub(r"\1", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def _boilerplate_lines(blocks: list[Block]) -> set[str]:
    """Lines that repeat on many pages (running headers/footers)."""
    pages = {b.page for b in blocks if b.page is not None}
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = {line.strip() for b in blocks if b.page == page for line in b.text.split("\n") if line.strip()}
        seen.update(lines)
    threshold = max(3, int(len(pages) * 0.3))
    return {line for line, count in seen.items() if count >= threshold and len(line) < 120}


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Normalised blocks without boilerplate lines; empty blocks dropped."""
    normalised = [Block(normalise(b.text), b.heading_level, b.page) for b in blocks]
    repeated = _boilerplate_lines(normalised)
    cleaned: list[Block] = []
    for block in normalised:
        lines = []
        for line in block.text.split("\n"):
            if not line or line in repeated or _URL_LINE.match(line) or _PAGE_NUMBER.match(line):
                continue
            if _BULLET_ONLY.match(line):
                continue
            lines.append(line)
        text = "\n".join(lines).strip()
        if text and any(ch.isalnum() for ch in text):
            cleaned.append(Block(text, block.heading_level if "\n" not in text else 0, block.page))
    return cleaned
