"""From a parsed query to a plan of weighted terms per language field.

The plan is engine-neutral: ``kb.search`` turns it into Whoosh queries. Each
user word is analysed for every language field (a word is stemmed the German
way for German passages, the Danish way for Danish ones); compound parts count
less than whole words, and only in the languages the query is likely to be
written in, so English words are not cut into German fragments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.analysis import INDEX_LANGUAGES, Analyzer, fold, tokenize
from kb.decompound import COMPOUND_LANGUAGES
from kb.query import ParsedQuery

PART_WEIGHT = 0.5
PREFIX_LIMIT = 50


@dataclass
class WordClause:
    """One word (typed or expanded) and its terms per language field."""

    word: str
    weight: float
    terms: dict[str, list[tuple[str, float]]]  # lang -> [(term, weight)]
    plain: str  # folded surface form for the language-neutral field
    fuzzy: bool = False
    expansion: bool = False
    group: int = 0  # clauses of one user word (and its expansions) share a group


@dataclass
class PhraseClause:
    text: str
    terms: dict[str, list[str]]  # lang -> analysed terms in order


@dataclass
class QueryPlan:
    words: list[WordClause] = field(default_factory=list)
    phrases: list[PhraseClause] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    excluded: list[WordClause | PhraseClause] = field(default_factory=list)
    expanded_terms: list[str] = field(default_factory=list)
    language: str | None = None
    languages: dict[str, float] = field(default_factory=dict)  # query language guesses with weights

    def highlight_terms(self) -> tuple[dict[str, set[str]], set[str]]:
        """Terms to highlight per language, plus folded surface words."""
        per_lang: dict[str, set[str]] = {}
        plain: set[str] = set()
        for clause in self.words:
            plain.add(clause.plain)
            for lang, terms in clause.terms.items():
                per_lang.setdefault(lang, set()).update(t for t, _w in terms)
        for phrase in self.phrases:
            for lang, phrase_terms in phrase.terms.items():
                per_lang.setdefault(lang, set()).update(phrase_terms)
        return per_lang, plain


def analyse_word(
    analyzer: Analyzer,
    word: str,
    weight: float,
    *,
    compound_languages: frozenset[str] | set[str] = COMPOUND_LANGUAGES,
    languages: tuple[str, ...] = INDEX_LANGUAGES,
    group: int = 0,
    expansion: bool = False,
    fuzzy: bool = False,
) -> WordClause:
    lower = word.casefold()
    terms: dict[str, list[tuple[str, float]]] = {}
    for lang in languages:
        if analyzer.is_stopword(lower, lang):
            continue
        analysed = analyzer.word_terms(lower, lang, compounds=lang in compound_languages)
        entry = [(analysed[0], 1.0)] + [(t, PART_WEIGHT) for t in analysed[1:]]
        terms[lang] = entry
    return WordClause(word, weight, terms, fold(lower), fuzzy=fuzzy, expansion=expansion, group=group)


def analyse_phrase(analyzer: Analyzer, text: str, languages: tuple[str, ...] = INDEX_LANGUAGES) -> PhraseClause:
    per_lang: dict[str, list[str]] = {}
    for lang in languages:
        terms = [analyzer.stem(t.text, lang) for t in tokenize(text) if not analyzer.is_stopword(t.text, lang)]
        if terms:
            per_lang[lang] = terms
    return PhraseClause(text, per_lang)


def split_hyphenated(word: str) -> list[tuple[str, float]]:
    """``cross-border`` is searched as "cross", "border" and "crossborder", as documents are indexed."""
    parts = [t.text for t in tokenize(word)]
    if len(parts) <= 1:
        return [(word, 1.0)]
    joined = "".join(parts)
    return [*((p, 0.7) for p in parts), (joined, 0.7)]


def plan_query(parsed: ParsedQuery, analyzer: Analyzer, *, fuzzy: bool = True) -> QueryPlan:
    """A plan that searches every language field with the user's words."""
    plan = QueryPlan()
    compound_langs = set(COMPOUND_LANGUAGES)
    for group, word in enumerate(parsed.words):
        for part, weight in split_hyphenated(word):
            plan.words.append(
                analyse_word(analyzer, part, weight, compound_languages=compound_langs, group=group, fuzzy=fuzzy)
            )
    plan.phrases = [analyse_phrase(analyzer, p) for p in parsed.phrases]
    plan.prefixes = [fold(p) for p in parsed.prefixes]
    for item in parsed.excluded:
        if " " in item:
            plan.excluded.append(analyse_phrase(analyzer, item))
        else:
            plan.excluded.append(analyse_word(analyzer, item, 1.0))
    return plan
