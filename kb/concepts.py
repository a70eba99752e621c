"""Finding thesaurus concepts in text and in queries.

Labels are analysed exactly like documents (same stemmer, same stop words), so
"Windkraftanlagen" in a German passage meets the label "Windkraftanlage" and
"health and welfare technology" meets "health & welfare technologies".
Matching is longest-first over the analysed token sequence. For a query whose
language is unknown, every language is tried and each match is also evidence
for the language it was found in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kb.analysis import Analyzer, fold, tokenize
from kb.thesaurus import Thesaurus

MAX_LABEL_TOKENS = 6


@dataclass(frozen=True)
class ConceptMatch:
    concept: str
    lang: str  # language of the label that matched
    start: int  # token positions [start, end) in the analysed sequence
    end: int
    text: str  # the matched words as written
    exact: bool  # surface forms equal (not only stems)


class ConceptMatcher:
    """Label lookup tables per language; immutable and shareable between threads."""

    def __init__(self, thesaurus: Thesaurus, analyzer: Analyzer) -> None:
        self.thesaurus = thesaurus
        self.analyzer = analyzer
        self._stems: dict[str, dict[tuple[str, ...], set[str]]] = {}
        self._surface: dict[str, dict[tuple[str, ...], set[str]]] = {}
        self._label_stems: dict[str, set[tuple[str, str]]] = {}
        for concept in thesaurus.concepts.values():
            for lang, label in concept.all_labels():
                stems, surface = self._keys(label, lang)
                if stems:
                    self._stems.setdefault(lang, {}).setdefault(stems, set()).add(concept.id)
                    self._label_stems.setdefault(concept.id, set()).update((lang, stem) for stem in stems)
                    self._surface.setdefault(lang, {}).setdefault(surface, set()).add(concept.id)

    def label_stems(self, concepts: list[str]) -> dict[str, set[tuple[str, str]]]:
        """(language, stem) of every word in the labels of ``concepts``."""
        return {c: self._label_stems.get(c, set()) for c in concepts}

    @property
    def languages(self) -> list[str]:
        return sorted(self._stems)

    def _keys(self, text: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Analysed key of a label; empty for labels text matching cannot find reliably.

        "IT sector" or "Interreg A" lose an acronym that is also a stop word ("it", "a") and would
        match every "sector": such labels stay for display only. Single letters are fine inside a
        label of several words ("R&D", "e-health", "Industry 4.0" are cut the same way in text), but
        a label that is one letter would match every stray letter.
        """
        tokens = tokenize(text)
        for token in tokens:
            surface = text[token.start : token.end]
            if surface.isupper() and self.analyzer.is_stopword(token.text, lang):
                return (), ()
        words = [t.text for t in tokens if not self.analyzer.is_stopword(t.text, lang)]
        if not words or (len(words) == 1 and len(words[0]) < 2):
            return (), ()
        return tuple(self.analyzer.stem(w, lang) for w in words), tuple(fold(w) for w in words)

    def match_words(
        self, words: list[str], lang: str, source: tuple[str, list[tuple[int, int]]] | None = None
    ) -> list[ConceptMatch]:
        """Concepts in a sequence of lower-case words of one language.

        ``source`` (the text and each word's character span) lets a match quote the words as
        written, punctuation included; by default the lower-case words are joined.
        """
        kept = [i for i, w in enumerate(words) if not self.analyzer.is_stopword(w, lang)]
        stems = [self.analyzer.stem(words[i], lang) for i in kept]
        folded = [fold(words[i]) for i in kept]
        table = self._stems.get(lang, {})
        surface = self._surface.get(lang, {})
        matches: list[ConceptMatch] = []
        i = 0
        while i < len(stems):
            for n in range(min(MAX_LABEL_TOKENS, len(stems) - i), 0, -1):
                key = tuple(stems[i : i + n])
                ids = table.get(key)
                if ids:
                    exact = tuple(folded[i : i + n]) in surface
                    first, last = kept[i], kept[i + n - 1]
                    if source is not None:
                        text = source[0][source[1][first][0] : source[1][last][1]]
                    else:
                        text = " ".join(words[first : last + 1])
                    matches.extend(ConceptMatch(cid, lang, i, i + n, text, exact) for cid in sorted(ids))
                    i += n
                    break
            else:
                i += 1
        return matches

    def match_text(self, text: str, lang: str) -> list[ConceptMatch]:
        tokens = tokenize(text)
        return self.match_words([t.text for t in tokens], lang, (text, [(t.start, t.end) for t in tokens]))

    def count_concepts(self, passages: Iterable[tuple[str, str]]) -> Counter[str]:
        """Concept frequencies over (text, language) pairs."""
        counts: Counter[str] = Counter()
        for text, lang in passages:
            counts.update(m.concept for m in self.match_text(text, lang))
        return counts

    def match_query(self, words: list[str], languages: Iterable[str]) -> list[ConceptMatch]:
        """Matches of the query words in each candidate language (a word may match in several)."""
        lowered = [w.casefold() for w in words]
        found: list[ConceptMatch] = []
        for lang in languages:
            found.extend(self.match_words(lowered, lang))
            for position, word in enumerate(lowered):
                parts = self.analyzer.decompounder.split(word, lang)
                for part_match in self.match_words(list(parts), lang) if parts else []:
                    found.append(ConceptMatch(part_match.concept, lang, position, position + 1, word, False))
        return found
