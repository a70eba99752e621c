"""Which language is a 1-4 word query written in?

Statistical detectors guess on so little text (langdetect: 0.46 on single words,
FIELD-NOTES), so the decision combines three kinds of evidence:

- the thesaurus: a word or phrase that is a label in language L (exactly as
  written counts more than by stem);
- the index vocabulary: how common each word's L-stem is in L passages
  (a smoothed unigram model per language, from the index itself);
- letters only some languages use (æ ø å, ä ö ü ß, å ä ö ...).

The result is a probability per language; ``language`` is set only when one
language clearly leads.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kb.analysis import Analyzer, tokenize
from kb.concepts import ConceptMatcher

_LETTERS: dict[str, tuple[str, ...]] = {
    "æ": ("da", "nb"),
    "ø": ("da", "nb"),
    "å": ("da", "nb", "sv"),
    "ä": ("de", "sv", "fi"),
    "ö": ("de", "sv", "fi"),
    "ü": ("de",),
    "ß": ("de",),
    "é": ("fr",),
    "è": ("fr",),
    "ç": ("fr",),
    "ij": ("nl",),
    "ł": ("pl",),
    "ą": ("pl",),
    "ę": ("pl",),
}
CONFIDENT = 0.5
#: A word missing from a language's passages counts against that language at most this much: kb's
#: English passages lack most English words, so unbounded, absence made every query look Norwegian
#: (the language with fewest passages). Word pairs of lingua's test data: 0.43 -> 0.53 correct.
ABSENCE_FLOOR = -1.0


@dataclass
class QueryLanguage:
    scores: dict[str, float] = field(default_factory=dict)  # probabilities over candidate languages
    language: str | None = None  # set when one language clearly leads

    def top(self, n: int = 2, floor: float = 0.15) -> list[str]:
        ranked = sorted(self.scores.items(), key=lambda kv: -kv[1])
        return [lang for lang, p in ranked[:n] if p >= floor]


def detect_query_language(
    text: str,
    languages: Iterable[str],
    analyzer: Analyzer,
    matcher: ConceptMatcher | None,
    frequency: Callable[[str, str], tuple[int, int]] | None,
) -> QueryLanguage:
    """``frequency(lang, term)`` returns (passages of ``lang`` containing ``term``, passages of ``lang``)."""
    words = [t.text for t in tokenize(text)]
    candidates = [lang for lang in languages if lang != "und"]
    if not words or not candidates:
        return QueryLanguage()
    log_scores = dict.fromkeys(candidates, 0.0)
    for lang in candidates:
        for word in words:
            if analyzer.is_stopword(word, lang):
                log_scores[lang] += 1.5  # function words are strong evidence
                continue
            if frequency is not None:
                df, passages = frequency(lang, analyzer.stem(word, lang))
                evidence = math.log((df + 0.1) / (passages + 10)) - math.log(0.1 / 10)
                log_scores[lang] += max(ABSENCE_FLOOR, evidence)
    if matcher is not None:
        for match in matcher.match_query(words, candidates):
            if match.lang in log_scores:
                log_scores[match.lang] += (3.0 if match.exact else 1.5) * (match.end - match.start)
    lowered = text.casefold()
    for letters, langs in _LETTERS.items():
        if letters in lowered:
            for lang in candidates:
                log_scores[lang] += 2.5 if lang in langs else -2.5
    peak = max(log_scores.values())
    weights: dict[str, float] = {lang: math.exp(max(-30.0, score - peak)) for lang, score in log_scores.items()}
    total = sum(weights.values())
    scores = {lang: w / total for lang, w in weights.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    leader = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    language = leader[0] if leader[1] >= CONFIDENT and leader[1] >= 2 * second else None
    return QueryLanguage(scores, language)
