"""Cutting a document into passages of roughly 40-300 words.

A passage is what search matches and cites: a section, or a group of
paragraphs of one section, with its ordinal, the nearest heading above it and
the page (or slide) it starts on. Slides are never merged with each other.
Very long paragraphs are cut at sentence ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.models import Block, Passage

MIN_WORDS = 40
TARGET_WORDS = 180
MAX_WORDS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÆØÅÄÖÜ0-9•\"“(])")


@dataclass
class _Draft:
    heading: str | None
    page: int | None
    paragraphs: list[str] = field(default_factory=list)
    words: int = 0

    def add(self, text: str) -> None:
        self.paragraphs.append(text)
        self.words += len(text.split())


def _pieces(text: str) -> list[str]:
    """A paragraph, cut at sentence ends when longer than MAX_WORDS."""
    if len(text.split()) <= MAX_WORDS:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in _SENTENCE_END.split(text):
        words = len(sentence.split())
        if current and count + words > TARGET_WORDS:
            pieces.append(" ".join(current))
            current, count = [], 0
        if words > MAX_WORDS:  # no sentence ends at all: cut by words
            tokens = sentence.split()
            for start in range(0, len(tokens), TARGET_WORDS):
                pieces.append(" ".join(tokens[start : start + TARGET_WORDS]))
            continue
        current.append(sentence)
        count += words
    if current:
        pieces.append(" ".join(current))
    return pieces


def make_passages(blocks: list[Block], *, per_page: bool = False, languages: list[str] | None = None) -> list[Passage]:
    """Passages in reading order. ``per_page`` keeps pages apart (slides: one passage each).

    ``languages`` (one code per block, ``und`` when unknown) starts a new passage where the
    language changes, so a document with sections in several languages is cut at the seams.
    """
    if per_page:
        return _page_passages(blocks)
    drafts: list[_Draft] = []
    heading: str | None = None
    current: _Draft | None = None
    current_lang = "und"
    for index, block in enumerate(blocks):
        if block.heading_level:
            if current is not None and current.paragraphs:
                drafts.append(current)
            current = None
            heading = block.text
            continue
        lang = languages[index] if languages else "und"
        switched = lang != "und" and current_lang != "und" and lang != current_lang
        if lang != "und":
            current_lang = lang
        for piece in _pieces(block.text):
            words = len(piece.split())
            full = current is not None and (
                switched
                or (current.words >= MIN_WORDS and current.words + words > TARGET_WORDS)
                or current.words + words > MAX_WORDS
            )
            switched = False
            if current is None or full:
                if current is not None:
                    drafts.append(current)
                current = _Draft(heading, block.page)
            current.add(piece)
    if current is not None and current.paragraphs:
        drafts.append(current)
    merged = drafts if languages else _merge_small(drafts)
    passages = [Passage(i, "\n\n".join(d.paragraphs), d.heading, d.page) for i, d in enumerate(merged)]
    return _add_lonely_headings(passages, blocks)


def _page_passages(blocks: list[Block]) -> list[Passage]:
    """One passage per page or slide: its first heading, then its text (cut only if very long)."""
    pages: dict[int | None, list[Block]] = {}
    for block in blocks:
        pages.setdefault(block.page, []).append(block)
    passages: list[Passage] = []
    for page, group in pages.items():
        heading = next((b.text for b in group if b.heading_level), None)
        body = [b.text for b in group if not b.heading_level]
        pieces = [p for text in body for p in _pieces(text)] or ([heading] if heading else [])
        chunk: list[str] = []
        for piece in pieces:
            if chunk and len(" ".join(chunk).split()) + len(piece.split()) > MAX_WORDS:
                passages.append(Passage(len(passages), "\n\n".join(chunk), heading, page))
                chunk = []
            chunk.append(piece)
        if chunk:
            passages.append(Passage(len(passages), "\n\n".join(chunk), heading, page))
    return passages


def _merge_small(drafts: list[_Draft]) -> list[_Draft]:
    """Fold passages under MIN_WORDS into a neighbour of the same section when that stays under MAX_WORDS."""
    merged: list[_Draft] = []
    for draft in drafts:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and (draft.words < MIN_WORDS or previous.words < MIN_WORDS)
            and previous.words + draft.words <= MAX_WORDS
            and (previous.heading == draft.heading or previous.words < MIN_WORDS)
        ):
            if previous.heading != draft.heading and draft.heading:
                previous.paragraphs.append(draft.heading)
            previous.paragraphs.extend(draft.paragraphs)
            previous.words += draft.words
            continue
        merged.append(draft)
    return merged


def _add_lonely_headings(passages: list[Passage], blocks: list[Block]) -> list[Passage]:
    """A document made only of headings (a title page, a slide with a title) still gets passages."""
    if passages:
        return passages
    headings = [b for b in blocks if b.heading_level]
    return [Passage(i, b.text, b.text, b.page) for i, b in enumerate(headings)]
