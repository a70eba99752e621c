"""Safe rendering of document text in Streamlit.

Document text is untrusted: it may contain HTML, scripts, or Markdown that
loads images and links (tracking beacons). Text is therefore never passed to
Streamlit as HTML or as live Markdown: every ASCII punctuation character is
backslash-escaped, line structure is kept with hard breaks, and matches are
wrapped in ``:orange-background[...]``, a Streamlit directive that only
colours text.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: no links, images, HTML, emphasis or directives."""
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")


def highlighted(text: str, spans: list[tuple[int, int]] | list[list[int]]) -> str:
    """Escaped Markdown of ``text`` with the character ``spans`` highlighted."""
    parts: list[str] = []
    cursor = 0
    for start, end in sorted((int(s), int(e)) for s, e in spans):
        if start < cursor or end > len(text) or start >= end:
            continue
        parts.append(escape_markdown(text[cursor:start]))
        parts.append(":orange-background[" + escape_markdown(text[start:end]) + "]")
        cursor = end
    parts.append(escape_markdown(text[cursor:]))
    return "".join(parts)


def plain_label(text: str, limit: int = 200) -> str:
    """A one-line escaped label (titles, headings)."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return escape_markdown(line)
