"""Text analysis shared by indexing and querying: tokens, stop words, stems, compounds.

Analysis happens here, in plain Python, not inside the search engine: the
index receives pre-analysed terms, so one function decides how both documents
and queries are cut into terms, highlighting can map terms back to characters,
and the engine stays swappable. Each supported language has its Snowball
stemmer (PyStemmer); ``und`` text is only lower-cased and folded. After
stemming, diacritics are folded (``grænse`` and ``graense`` meet).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import Stemmer

from kb.config import SUPPORTED_LANGUAGES
from kb.decompound import COMPOUND_LANGUAGES, Decompounder
from kb.stopwords import STOPWORDS

INDEX_LANGUAGES: tuple[str, ...] = (*SUPPORTED_LANGUAGES, "und")
_ALGORITHMS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "sv": "swedish",
    "nb": "norwegian",
    "nl": "dutch",
    "fr": "french",
    "pl": "polish",
    "fi": "finnish",
}
#: Danish Snowball leaves "virksomhed" vs "virksom" apart depending on the ending; a second pass joins them.
_RESTEM = frozenset({"da", "nb"})
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_HYPHEN_JOIN = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
_FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe", "ı": "i"})
_TERM_CACHE = 500_000
ELISION = re.compile(r"^(?:l|d|j|qu|n|s|c|m|t)['’]")


@dataclass(frozen=True)
class Token:
    text: str  # lower-cased surface form
    start: int
    end: int
    position: int
    joined: str | None = None  # "intra-net" -> "intranet" on the first part of a hyphenated word


def fold(text: str) -> str:
    """Lower case without diacritics: ``Grænse`` -> ``graense``, ``Württemberg`` -> ``wurttemberg``."""
    if text.isascii():
        return text.lower()
    lowered = text.casefold().translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[Token]:
    """Words with their character spans; hyphenated words also give their joined form."""
    joined_at: dict[int, str] = {}
    for match in _HYPHEN_JOIN.finditer(text):
        joined_at[match.start()] = match.group().replace("-", "").casefold()
    tokens = []
    for position, match in enumerate(WORD.finditer(text)):
        word = match.group().casefold()
        word = ELISION.sub("", word) or word
        tokens.append(Token(word, match.start(), match.end(), position, joined_at.get(match.start())))
    return tokens


class Analyzer:
    """Turns text into index terms for one language field; thread-safe (stemmers are per thread)."""

    def __init__(self, decompounder: Decompounder | None = None) -> None:
        self.decompounder = decompounder or Decompounder({})
        self._local = threading.local()
        # word -> terms, per language: the same few thousand words recur in every passage and query
        self._terms: dict[tuple[str, str, bool], list[str]] = {}

    def _stemmer(self, lang: str) -> Stemmer.Stemmer | None:
        algorithm = _ALGORITHMS.get(lang)
        if algorithm is None:
            return None
        cache = getattr(self._local, "stemmers", None)
        if cache is None:
            cache = self._local.stemmers = {}
        if lang not in cache:
            cache[lang] = Stemmer.Stemmer(algorithm, 20_000)
        return cache[lang]  # type: ignore[no-any-return]

    def stem(self, word: str, lang: str) -> str:
        """The index term of one lower-case word in ``lang`` (stemmed, then folded)."""
        stemmer = self._stemmer(lang)
        if stemmer is not None and not word.isdigit():
            stemmed = stemmer.stemWord(word)
            if lang in _RESTEM:
                stemmed = stemmer.stemWord(stemmed)
            word = stemmed
        return fold(word)

    def is_stopword(self, word: str, lang: str) -> bool:
        return word in STOPWORDS.get(lang, ())

    def word_terms(self, word: str, lang: str, *, compounds: bool = True) -> list[str]:
        """Terms for one word: its stem first, then the stems of its compound parts."""
        key = (word, lang, compounds)
        cached = self._terms.get(key)
        if cached is not None:
            return list(cached)
        terms = [self.stem(word, lang)]
        if compounds and lang in COMPOUND_LANGUAGES:
            for part in self.decompounder.split(word, lang):
                term = self.stem(part, lang)
                if term not in terms:
                    terms.append(term)
        if len(self._terms) > _TERM_CACHE:
            self._terms.clear()
        self._terms[key] = terms
        return list(terms)

    def positions(self, text: str, lang: str) -> Iterator[tuple[Token, list[str]]]:
        """Each non-stop token with its terms (the first is the main term)."""
        for token in tokenize(text):
            if self.is_stopword(token.text, lang):
                continue
            terms = self.word_terms(token.text, lang)
            if token.joined:
                joined = self.stem(token.joined, lang)
                if joined not in terms:
                    terms.append(joined)
            yield token, terms

    def field_text(self, text: str, lang: str) -> str:
        """Pre-analysed form for the index: positions separated by spaces, same-position terms by ``|``."""
        return " ".join("|".join(terms) for _token, terms in self.positions(text, lang))

    def plain_text(self, text: str) -> str:
        """Language-neutral terms: folded surface words (names, numbers, typo correction)."""
        parts = []
        for token in tokenize(text):
            parts.append(fold(token.text) + (f"|{fold(token.joined)}" if token.joined else ""))
        return " ".join(parts)


def word_counts(texts: Iterable[tuple[str, str]]) -> dict[str, Counter[str]]:
    """Lower-case word counts per language from (text, language) pairs, for the compound lexicon."""
    counts: dict[str, Counter[str]] = {}
    for text, lang in texts:
        if lang in COMPOUND_LANGUAGES:
            counts.setdefault(lang, Counter()).update(t.text for t in tokenize(text))
    return counts
