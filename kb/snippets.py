"""Snippets: the best window of a passage, with the character spans that matched.

Matching re-uses ``kb.analysis``, so a highlighted word is exactly a word the
search matched (same stemming, same compound parts). Snippets are plain text
plus spans; the app escapes the text and adds the marks itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping

from kb.analysis import ELISION, WORD, Analyzer, fold
from kb.decompound import COMPOUND_LANGUAGES, MIN_WORD

ELLIPSIS = "…"


def matched_spans(
    text: str,
    lang: str,
    analyzer: Analyzer,
    terms: Mapping[str, Collection[str]],
    plain: Collection[str],
    verdicts: dict[str, dict[str, bool]] | None = None,
) -> list[tuple[int, int]]:
    """Character spans of words in ``text`` that match the query's terms for ``lang`` or its plain words.

    ``verdicts`` caches the decision per language and word as written across the passages of one
    request: passages repeat their words, and analysing a word costs far more than looking it up.
    """
    wanted = terms.get(lang, ())
    known = ({} if verdicts is None else verdicts).setdefault(lang, {})
    # stems and folded words begin like the words they come from: a word whose first letters begin
    # none of them is no match (unless it is long enough to be a compound whose part might be)
    heads = {t[:3] for t in wanted} | {p[:3] for p in plain}
    long_word = MIN_WORD if lang in COMPOUND_LANGUAGES else 10**6
    words = set(WORD.findall(text))  # each distinct word is decided once, then found again in C
    for raw in words.difference(known):
        if len(raw) < long_word and fold(raw[:3])[:3] not in heads:
            known[raw] = False
        else:
            known[raw] = _matches(raw, lang, analyzer, wanted, plain)
    hits = frozenset(raw for raw in words if known[raw])
    if not hits:
        return []
    return [(m.start(), m.end()) for m in _finder(hits).finditer(text)]


@functools.lru_cache(maxsize=4096)
def _finder(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding exactly these whole words (as ``WORD`` cuts them)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?<![^\W_]['’])(?:{alternatives})(?![^\W_])(?!['’][^\W_])")


def _matches(raw: str, lang: str, analyzer: Analyzer, wanted: Collection[str], plain: Collection[str]) -> bool:
    word = raw.casefold()
    if "'" in word or "’" in word:
        word = ELISION.sub("", word) or word
    if word in plain or fold(word) in plain:
        return True
    if not wanted or analyzer.is_stopword(word, lang):
        return False
    return any(t in wanted for t in analyzer.word_terms(word, lang))


def best_window(text: str, spans: list[tuple[int, int]], width: int = 300) -> tuple[str, list[tuple[int, int]]]:
    """The ``width``-character window with the most matches, cut at word boundaries."""
    if len(text) <= width:
        return text, list(spans)
    start = 0
    if spans:
        best_count, best_start = -1, 0
        for i, (s, _e) in enumerate(spans):
            count = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
            if count > best_count:
                best_count, best_start = count, s
        start = max(0, best_start - width // 5)
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    if start > 0:
        space = text.find(" ", start, start + 30)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space > start else end
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return prefix + text[start:end] + suffix, inside


def compact(text: str) -> str:
    """Passage text on one line for snippets (paragraph breaks become spaces)."""
    return " ".join(text.split())
