"""Compound splitting for German, Danish, Swedish, Norwegian and Dutch.

``Grenzregion`` is found by "Region", ``klyngesamarbejde`` by "samarbejde".
The splitter is driven by a lexicon of words seen on their own in the corpus
(per language, with counts) plus the thesaurus labels, in the spirit of
Koehn and Knight (2003): a word splits into parts that are themselves known
words, joined by the language's linking elements (``Arbeit-s-kräfte``), and
the split whose parts are most frequent wins. To avoid false splits, parts
must have at least four letters (a short allow-list of prefixes aside) and be
known words; English is never split (so "potato" never meets German "Tat").
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

COMPOUND_LANGUAGES = frozenset({"de", "da", "sv", "nb", "nl"})
_LINKERS: dict[str, tuple[str, ...]] = {
    "de": ("es", "en", "er", "s", "n", "e", ""),
    "da": ("s", "e", ""),
    "sv": ("s", "a", "u", "o", ""),
    "nb": ("s", "e", ""),
    "nl": ("en", "s", "e", ""),
}
#: Modifiers dropping a final -e: "Grenze" -> "Grenz-region", "grænse" -> "grænse-" keeps it.
_DROPPED_ENDINGS: dict[str, tuple[str, ...]] = {
    "de": ("e", "en"),
    "da": ("e",),
    "sv": ("a", "e"),
    "nb": ("e",),
    "nl": ("e",),
}
_SHORT_MODIFIERS = frozenset({"bio", "öko", "eco", "neu", "ny", "alt", "eu", "ikt", "ict", "hoch"})
MIN_PART = 4
MIN_WORD = 8
MIN_COUNT = 2


class Decompounder:
    """Splits compounds using per-language word counts; immutable once built."""

    def __init__(self, counts: Mapping[str, Mapping[str, int]], extra_words: Mapping[str, Iterable[str]] | None = None):
        self._counts: dict[str, dict[str, int]] = {lang: dict(c) for lang, c in counts.items()}
        self._extra: dict[str, frozenset[str]] = {lang: frozenset(w) for lang, w in (extra_words or {}).items()}
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}

    # -- lexicon -------------------------------------------------------------------------------
    def frequency(self, word: str, lang: str) -> int:
        count = self._counts.get(lang, {}).get(word, 0)
        if count < MIN_COUNT and word in self._extra.get(lang, ()):
            return MIN_COUNT
        return count if count >= MIN_COUNT else 0

    def _known_modifier(self, stem: str, lang: str) -> tuple[int, str]:
        """Frequency of a modifier and the known word it stands for ("grenz" -> "grenze")."""
        if len(stem) < MIN_PART and stem not in _SHORT_MODIFIERS:
            return 0, stem
        best, form = self.frequency(stem, lang), stem
        for ending in _DROPPED_ENDINGS.get(lang, ()):
            freq = self.frequency(stem + ending, lang)
            if freq > best:
                best, form = freq, stem + ending
        if best == 0 and stem in _SHORT_MODIFIERS:
            return MIN_COUNT, stem
        return best, form

    # -- splitting -----------------------------------------------------------------------------
    def split(self, word: str, lang: str) -> tuple[str, ...]:
        """The parts of ``word`` (lower case), or ``()`` when it is not a compound we recognise."""
        if lang not in COMPOUND_LANGUAGES or len(word) < MIN_WORD or not word.isalpha():
            return ()
        key = (lang, word)
        if key not in self._cache:
            if len(self._cache) > 200_000:
                self._cache.clear()
            found = self._best_split(word, lang, depth=0)
            self._cache[key] = found[1] if found else ()
        return self._cache[key]

    def _best_split(self, word: str, lang: str, depth: int) -> tuple[float, tuple[str, ...]] | None:
        best: tuple[float, tuple[str, ...]] | None = None
        for cut in range(3, len(word) - MIN_PART + 1):
            head = word[cut:]
            head_freq = self.frequency(head, lang)
            head_parts: tuple[str, ...] = (head,)
            if not head_freq and depth < 2 and len(head) >= MIN_WORD:
                inner = self._best_split(head, lang, depth + 1)
                if inner:
                    head_freq, head_parts = int(inner[0]), inner[1]
            if not head_freq:
                continue
            modifier = word[:cut]
            for linker in _LINKERS[lang]:
                if linker and not modifier.endswith(linker):
                    continue
                stem = modifier[: len(modifier) - len(linker)] if linker else modifier
                mod_freq, form = self._known_modifier(stem, lang)
                mod_parts: tuple[str, ...] = (form,)
                if not mod_freq and depth < 2 and len(stem) >= MIN_WORD:
                    inner = self._best_split(stem, lang, depth + 1)
                    if inner:
                        mod_freq, mod_parts = int(inner[0]), inner[1]
                if not mod_freq:
                    continue
                parts = mod_parts + head_parts
                score = math.exp((math.log(mod_freq) + math.log(head_freq)) / 2)
                if best is None or score > best[0] or (score == best[0] and len(parts) < len(best[1])):
                    best = (score, parts)
        return best

    # -- persistence ---------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({"counts": self._counts}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, path: Path, extra_words: Mapping[str, Iterable[str]] | None = None) -> Decompounder:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"counts": {}}
        return cls(data.get("counts", {}), extra_words)


def merge_counts(base: Mapping[str, Mapping[str, int]], new: Mapping[str, Counter[str]]) -> dict[str, dict[str, int]]:
    """Add ``new`` word counts to ``base`` (both per language); only compound languages are kept."""
    merged: dict[str, dict[str, int]] = {lang: dict(words) for lang, words in base.items()}
    for lang, counter in new.items():
        if lang not in COMPOUND_LANGUAGES:
            continue
        target = merged.setdefault(lang, {})
        for word, count in counter.items():
            if len(word) >= 3 and word.isalpha():
                target[word] = target.get(word, 0) + count
    return merged
