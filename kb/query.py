"""Reading what the user typed: words, "phrases", -exclusions, field:value filters.

The parser never fails on odd input: anything it cannot read as syntax is
read as plain words, and a note says so. Expensive forms are not offered at
all (no leading wildcards, no regular expressions, no open ranges); a
trailing ``*`` needs three letters before it. Limits on length and on the
number of terms come from the settings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kb.config import DOC_TYPES, SUPPORTED_LANGUAGES
from kb.errors import SearchQueryError

FIELD_ALIASES = {
    "lang": "language",
    "language": "language",
    "sprog": "language",
    "sprache": "language",
    "type": "doc_type",
    "doc_type": "doc_type",
    "topic": "topic",
    "country": "country",
    "programme": "programme",
    "program": "programme",
    "year": "year",
    "title": "title",
}
_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))', re.UNICODE)
_YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_MIN_PREFIX = 3


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # words or phrases
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def positive(self) -> bool:
        return bool(self.words or self.phrases or self.prefixes)

    def text(self) -> str:
        """The positive part as plain text (for language detection and suggestions)."""
        return " ".join([*self.words, *self.phrases, *self.prefixes])


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text)


def _add_filter(parsed: ParsedQuery, name: str, value: str) -> bool:
    value = value.strip()
    if name == "language":
        if value.lower() not in (*SUPPORTED_LANGUAGES, "und"):
            parsed.notes.append(f"unknown language '{value}' ignored")
            return True
        value = value.lower()
    elif name == "doc_type" and value.lower() not in DOC_TYPES:
        parsed.notes.append(f"unknown document type '{value}' ignored")
        return True
    elif name == "year":
        match = _YEAR.match(value)
        if not match:
            parsed.notes.append(f"year '{value}' ignored: use year:2015 or year:2010-2015")
            return True
        parsed.year_from = int(match.group(1))
        parsed.year_to = int(match.group(2) or match.group(1))
        return True
    elif name == "country":
        value = value.upper()
    parsed.filters.setdefault(name, []).append(value.lower() if name in ("doc_type", "topic") else value)
    return True


def parse_query(text: str, *, max_chars: int = 500, max_terms: int = 40) -> ParsedQuery:
    """Parse user input; raises SearchQueryError only for input kb refuses outright (too long)."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if len(text) > max_chars:
        raise SearchQueryError(f"The query has {len(text)} characters; the limit is {max_chars}. Please shorten it.")
    parsed = ParsedQuery()
    if text.count('"') % 2:
        parsed.notes.append("unbalanced quote ignored")
    for match in _TOKEN.finditer(text):
        negate, fname, phrase, bare = match.group(1), match.group(2), match.group(3), match.group(4)
        if fname:
            canonical = FIELD_ALIASES.get(fname.lower())
            if canonical and canonical != "title" and not negate:
                _add_filter(parsed, canonical, phrase if phrase is not None else bare or "")
                continue
            if canonical is None:  # "http://..." or "note:" - keep the words
                bare = f"{fname} {bare or ''}"
        if phrase is not None:
            words = _words(phrase)
            if not words:
                continue
            if negate:
                parsed.excluded.append(" ".join(words))
            elif len(words) == 1:
                parsed.words.append(words[0])
            else:
                parsed.phrases.append(" ".join(words))
            continue
        token = bare or ""
        if token.upper() in ("AND", "OR", "&&", "||"):
            continue
        if token.upper() == "NOT":
            parsed.notes.append("NOT is read as a word; put - before a word to exclude it")
        if "*" in token or "?" in token:
            stem = token.rstrip("*")
            words = _words(stem)
            if token.endswith("*") and len(words) == 1 and len(words[0]) >= _MIN_PREFIX and stem == words[0]:
                parsed.prefixes.append(words[0])
                continue
            parsed.notes.append("wildcards work only at the end of a word with three or more letters")
            token = token.replace("*", " ").replace("?", " ")
        words = _words(token)
        if negate and words:
            parsed.excluded.extend(words)
        else:
            parsed.words.extend(words)
    total = len(parsed.words) + len(parsed.phrases) + len(parsed.prefixes) + len(parsed.excluded)
    if total > max_terms:
        parsed.notes.append(f"only the first {max_terms} words were used")
        budget = max_terms
        for name in ("phrases", "words", "prefixes", "excluded"):
            items = getattr(parsed, name)
            setattr(parsed, name, items[:budget])
            budget = max(0, budget - len(items))
    return parsed
