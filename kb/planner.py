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
from kb.concepts import ConceptMatcher
from kb.decompound import COMPOUND_LANGUAGES
from kb.query import ParsedQuery
from kb.querylang import QueryLanguage

PART_WEIGHT = 0.5
EXPANSION_WEIGHT = 0.5
ALT_SHARE = 0.8
MAX_EXPANDED_CONCEPTS = 6
STEM_MATCH_WEIGHT = 0.8
OTHER_LANGUAGE_WEIGHT = 0.35  # the user's words in languages the query is unlikely to be written in
LABEL_EXPANSION = False


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
    weight: float = 1.0


@dataclass(frozen=True)
class PlaceRef:
    """A gazetteer entry named in the query, the countries it stands for, and the words that named it."""

    id: str
    countries: frozenset[str]
    groups: frozenset[int]


@dataclass
class QueryPlan:
    words: list[WordClause] = field(default_factory=list)
    phrases: list[PhraseClause] = field(default_factory=list)  # required
    optional_phrases: list[PhraseClause] = field(default_factory=list)  # expansions of several words
    prefixes: list[str] = field(default_factory=list)
    excluded: list[WordClause | PhraseClause] = field(default_factory=list)
    concepts: list[tuple[str, float]] = field(default_factory=list)  # thesaurus concepts recognised, with weights
    places: list[PlaceRef] = field(default_factory=list)  # gazetteer entries the query names
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
        for phrase in [*self.phrases, *self.optional_phrases]:
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
    language_weights: dict[str, float] | None = None,
) -> WordClause:
    lower = word.casefold()
    terms: dict[str, list[tuple[str, float]]] = {}
    for lang in languages:
        if analyzer.is_stopword(lower, lang):
            continue
        weight = (language_weights or {}).get(lang, 1.0)
        analysed = analyzer.word_terms(lower, lang, compounds=lang in compound_languages)
        entry = [(analysed[0], weight)] + [(t, PART_WEIGHT * weight) for t in analysed[1:]]
        terms[lang] = entry
    return WordClause(word, weight, terms, fold(lower), fuzzy=fuzzy, expansion=expansion, group=group)


def analyse_phrase(
    analyzer: Analyzer, text: str, languages: tuple[str, ...] = INDEX_LANGUAGES, weight: float = 1.0
) -> PhraseClause:
    per_lang: dict[str, list[str]] = {}
    for lang in languages:
        terms = [analyzer.stem(t.text, lang) for t in tokenize(text) if not analyzer.is_stopword(t.text, lang)]
        if terms:
            per_lang[lang] = terms
    return PhraseClause(text, per_lang, weight)


def split_hyphenated(word: str) -> list[tuple[str, float]]:
    """``cross-border`` is searched as "cross", "border" and "crossborder", as documents are indexed."""
    parts = [t.text for t in tokenize(word)]
    if len(parts) <= 1:
        return [(word, 1.0)]
    joined = "".join(parts)
    return [*((p, 0.7) for p in parts), (joined, 0.7)]


def plan_query(
    parsed: ParsedQuery,
    analyzer: Analyzer,
    *,
    fuzzy: bool = True,
    matcher: ConceptMatcher | None = None,
    language: QueryLanguage | None = None,
    expand: bool = True,
) -> QueryPlan:
    """Analyse the user's words for every language field; expand recognised concepts into all languages.

    Compound splitting of the user's words happens only in the languages the query is likely
    written in. Expansions are searched only in their own language's fields, weighted below
    the user's words, and never in the language-neutral field.
    """
    plan = QueryPlan()
    likely = language.top(2) if language and language.scores else list(COMPOUND_LANGUAGES)
    compound_langs = set(likely) & COMPOUND_LANGUAGES
    weights: dict[str, float] = {}
    if language is not None and language.scores:
        plan.language, plan.languages = language.language, dict(language.scores)
        peak = max(language.scores.values())
        weights = {lang: 1.0 if p >= peak * 0.5 else OTHER_LANGUAGE_WEIGHT for lang, p in language.scores.items()}
    for group, word in enumerate(parsed.words):
        for part, weight in split_hyphenated(word):
            plan.words.append(
                analyse_word(
                    analyzer,
                    part,
                    weight,
                    compound_languages=compound_langs,
                    group=group,
                    fuzzy=fuzzy,
                    language_weights=weights,
                )
            )
    plan.phrases = [analyse_phrase(analyzer, p) for p in parsed.phrases]

    plan.prefixes = [fold(p) for p in parsed.prefixes]
    for item in parsed.excluded:
        if " " in item:
            plan.excluded.append(analyse_phrase(analyzer, item))
        else:
            plan.excluded.append(analyse_word(analyzer, item, 1.0))
    if expand and matcher is not None:
        _expand(plan, parsed, analyzer, matcher, likely)
    return plan


def _expand(
    plan: QueryPlan, parsed: ParsedQuery, analyzer: Analyzer, matcher: ConceptMatcher, likely: list[str]
) -> None:
    words = [t.text for w in [*parsed.words, *parsed.phrases] for t in tokenize(w)]
    typed = {fold(w) for w in words}
    matches = matcher.match_query(words, likely or matcher.languages)
    strength: dict[str, float] = {}
    for match in matches:
        strength[match.concept] = max(strength.get(match.concept, 0.0), 1.0 if match.exact else STEM_MATCH_WEIGHT)
    plan.concepts = list(strength.items())[:MAX_EXPANDED_CONCEPTS]
    seen_labels: set[tuple[str, str]] = set()
    for concept_id, _strength in plan.concepts:
        concept = matcher.thesaurus.concepts[concept_id]
        for lang, labels in concept.labels.items():
            if lang not in INDEX_LANGUAGES:
                continue
            for rank, label in enumerate(labels):
                key = (lang, fold(label))
                tokens = [t.text for t in tokenize(label)]
                if key in seen_labels or not tokens or all(fold(t) in typed for t in tokens):
                    continue
                seen_labels.add(key)
                weight = EXPANSION_WEIGHT if rank == 0 else EXPANSION_WEIGHT * ALT_SHARE
                if rank == 0 and label not in plan.expanded_terms:
                    plan.expanded_terms.append(label)
                if not LABEL_EXPANSION:
                    continue
                if len(tokens) == 1:
                    clause = analyse_word(analyzer, tokens[0], weight, languages=(lang,), expansion=True)
                    if clause.terms:
                        plan.words.append(clause)
                else:
                    phrase = analyse_phrase(analyzer, label, (lang,), weight)
                    if phrase.terms:
                        plan.optional_phrases.append(phrase)
