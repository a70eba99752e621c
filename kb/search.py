"""Search: documents ranked by their best passages, with snippets and facet counts.

Words are OR-combined and ranked with BM25F over per-language fields (title
and headings boosted); phrases are required, ``-exclusions`` remove whole
documents, filters narrow by document fields. Every passage that matches is
scored (``kb.engine``, whole posting lists at once) and passages are grouped
into documents: a document scores its best passage plus a share of the next
two, so a document that answers the query in several places ranks above one
that mentions it once. The same arrays give the facet counts. Results leave
this module as kb dataclasses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from kb.analysis import INDEX_LANGUAGES
from kb.config import Settings
from kb.coverage import coverage
from kb.engine import Session, TermWeight
from kb.errors import SearchQueryError
from kb.facets import FACET_FIELDS, Filters
from kb.gazetteer import PlaceMatch
from kb.index import IndexStore
from kb.models import PassageHit, SearchHit, SearchResult
from kb.planner import PhraseClause, PlaceRef, QueryPlan, WordClause, plan_query
from kb.query import ParsedQuery, parse_query
from kb.querylang import detect_query_language
from kb.ranking import Ranked, rank_documents
from kb.schema import PLACE_PREFIX, text_field
from kb.snapshot import Snapshot
from kb.snippets import best_window, compact, matched_spans
from kb.suggest import suggest

ROLE_BOOSTS = (("title", 2.5), ("heading", 1.5), ("body", 1.0))
PLAIN_WEIGHT = 0.35
FUZZY_WEIGHT = 0.3
CONCEPT_WEIGHT = 3.0  # a thesaurus concept found in a passage, in any language
TITLE_CONCEPT_WEIGHT = 1.5
PLACE_TERM_WEIGHT = 1.0  # a passage naming a place, programme or organisation the query names
PLACE_COUNTRY_WEIGHT = 0.3  # ... or a country of a macro-region the query names
PLACE_MAX_COUNTRIES = 4  # "Baltic states" also means documents about EE, LV or LT; "North Sea Region" does not
PREFIX_TERMS = 50
SUGGEST_BELOW = 3  # offer "did you mean" when fewer documents than this were found

__all__ = ["FACET_FIELDS", "SearchRequest", "Searching", "search"]


@dataclass
class SearchRequest:
    query: str = ""
    languages: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    years: list[int] = field(default_factory=list)  # any of these years (facet selection)
    limit: int = 10
    offset: int = 0
    expand: bool = True
    fuzzy: bool = True
    passages_per_hit: int = 3


def _filters(request: SearchRequest, parsed: ParsedQuery) -> Filters:
    wanted = parsed.filters
    return Filters(
        values={
            "language": set(request.languages) | set(wanted.get("language", [])),
            "doc_type": set(request.doc_types) | set(wanted.get("doc_type", [])),
            "topic": set(request.topics) | set(wanted.get("topic", [])),
            "country": {c.upper() for c in request.countries} | set(wanted.get("country", [])),
            "programme": set(request.programmes) | set(wanted.get("programme", [])),
            "year": {str(y) for y in request.years},
        },
        year_from=parsed.year_from if parsed.year_from is not None else request.year_from,
        year_to=parsed.year_to if parsed.year_to is not None else request.year_to,
    )


# -- from a plan to scored terms ---------------------------------------------------------------
def word_terms(session: Session, clause: WordClause) -> list[TermWeight]:
    """The scored terms of one word: its analysed forms in every language field and role, plus the
    language-neutral surface form and, for words of five letters or more, its one-edit neighbours."""
    terms = [
        TermWeight(text_field(role, lang), term, boost * weight * clause.weight)
        for lang, analysed in clause.terms.items()
        for term, weight in analysed
        for role, boost in ROLE_BOOSTS
    ]
    if clause.expansion:
        return terms
    terms.append(TermWeight("plain", clause.plain, PLAIN_WEIGHT * clause.weight))
    if clause.fuzzy and len(clause.plain) >= 5 and not clause.plain.isdigit():
        for near in session.terms_within("plain", clause.plain, maxdist=1, prefix=2):
            terms.append(TermWeight("plain", near, FUZZY_WEIGHT * clause.weight))
    return terms


def concept_terms(concept: str, weight: float) -> list[TermWeight]:
    return [
        TermWeight("concepts", concept, CONCEPT_WEIGHT * weight),
        TermWeight("title_concepts", concept, TITLE_CONCEPT_WEIGHT * weight),
    ]


def phrase_scores(session: Session, clause: PhraseClause, into: np.ndarray) -> np.ndarray:
    """Add the phrase's scores to ``into``; return the mask of passages containing the phrase."""
    found = np.zeros(len(into), dtype=bool)
    for lang, terms in clause.terms.items():
        for role, boost in ROLE_BOOSTS:
            name = text_field(role, lang)
            if len(terms) > 1:
                ids, scores = session.phrase(name, terms, boost * clause.weight)
                into[ids] += scores
                found[ids] = True
            else:
                item = TermWeight(name, terms[0], boost * clause.weight)
                session.score([item], into=into)
                found[session.matches([item])] = True
    return found


def passage_scores(session: Session, plan: QueryPlan) -> np.ndarray | None:
    """The score of every passage for the plan (0 = no match), or None when the plan searches nothing."""
    should: list[TermWeight] = []
    for clause in plan.words:
        should += word_terms(session, clause)
    for prefix in plan.prefixes:
        should += [TermWeight("plain", t, 1.0) for t in session.expand_prefix("plain", prefix, PREFIX_TERMS)]
    for concept, weight in plan.concepts:
        should += concept_terms(concept, weight)
    for place in plan.places:
        should.append(TermWeight("concepts", PLACE_PREFIX + place.id, PLACE_TERM_WEIGHT))
        should += [TermWeight("concepts", PLACE_PREFIX + c, PLACE_COUNTRY_WEIGHT) for c in sorted(place.countries)]
    if not should and not plan.phrases and not plan.optional_phrases:
        return None
    scores = session.score(should)
    for phrase in plan.optional_phrases:
        phrase_scores(session, phrase, scores)
    required = None
    for phrase in plan.phrases:
        found = phrase_scores(session, phrase, scores)
        required = found if required is None else required & found
    if required is not None:
        scores[~required] = 0.0
    return scores


def excluded_docs(session: Session, plan: QueryPlan, doc_of: np.ndarray, size: int) -> np.ndarray:
    """Documents that contain any of the ``-excluded`` words or phrases (a mask over documents)."""
    mask = np.zeros(size, dtype=bool)
    for clause in plan.excluded:
        if isinstance(clause, PhraseClause):
            hit = phrase_scores(session, clause, np.zeros(len(doc_of), dtype=np.float64))
            docs = doc_of[hit]
        else:  # excluded words are planned without typo tolerance: exactly the word, in every language
            docs = doc_of[session.matches(word_terms(session, clause))]
        mask[docs[docs >= 0]] = True
    return mask


def _places(matches: list[PlaceMatch], words: list[str]) -> list[PlaceRef]:
    """Gazetteer entries named by the query's words and phrases (joined by single spaces for matching);
    a word's group is its position, as in the plan's word clauses."""
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    found: dict[str, PlaceRef] = {}
    for match in matches:
        place = match.place
        groups = frozenset(i for i, start in enumerate(starts) if match.start <= start < match.end)
        countries = frozenset(place.countries) if len(place.countries) <= PLACE_MAX_COUNTRIES else frozenset()
        known = found.get(place.id)
        found[place.id] = PlaceRef(place.id, countries, groups | (known.groups if known else frozenset()))
    return list(found.values())


class Searching:
    """Runs searches against an IndexStore; one instance may serve many threads."""

    def __init__(self, store: IndexStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def plan(self, parsed: ParsedQuery, snapshot: Snapshot, session: Session, request: SearchRequest) -> QueryPlan:
        totals = {lang: session.doc_frequency("lang", lang) for lang in INDEX_LANGUAGES}

        def frequency(lang: str, term: str) -> tuple[int, int]:
            return session.doc_frequency(text_field("body", lang), term), totals[lang]

        # every supported language is a candidate: a Danish query must be recognised even when no
        # Danish document is indexed yet (its words then count as neutral, not as evidence against)
        candidates = [lang for lang in INDEX_LANGUAGES if lang != "und"]
        language = detect_query_language(parsed.text(), candidates, snapshot.analyzer, snapshot.matcher, frequency)
        plan = plan_query(
            parsed,
            snapshot.analyzer,
            fuzzy=request.fuzzy,
            matcher=snapshot.matcher,
            language=language,
            expand=request.expand,
        )
        if request.expand and self.store.places is not None:
            named = [*parsed.words, *parsed.phrases]
            plan.places = _places(self.store.places.find(" ".join(named)), named)
        return plan

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        parsed = parse_query(
            request.query, max_chars=self.settings.query_max_chars, max_terms=self.settings.query_max_terms
        )
        snapshot = self.store.snapshot()
        engine, table = snapshot.engine, snapshot.table
        filters = _filters(request, parsed)
        masks = table.masks(filters)
        allowed = table.accepted(masks) & table.searchable
        with engine.session(self.settings.search_time_limit) as session:
            plan = self.plan(parsed, snapshot, session, request)
            scores = passage_scores(session, plan)
            if scores is None:
                ranked = self._browse(snapshot, allowed)
                matched = table.searchable
            else:
                excluded = excluded_docs(session, plan, engine.doc_of, table.size)
                cover = coverage(session, snapshot, plan, word_terms)
                ranked = rank_documents(scores, engine.doc_of, snapshot, plan, allowed, excluded, cover)
                matched = ranked.matched
            suggestion = None
            if scores is not None and len(ranked.order) < SUGGEST_BELOW:
                suggestion = suggest(self, session, snapshot, parsed, len(ranked.order))
            page = ranked.order[request.offset : request.offset + request.limit]
            verdicts: dict[str, dict[str, bool]] = {}
            hits = [self._hit(session, snapshot, ranked, path, plan, request, verdicts) for path in page]
        return SearchResult(
            query=request.query,
            total=len(ranked.order),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            hits=hits,
            facets=table.counts(matched, masks),
            expanded_terms=list(plan.expanded_terms),
            suggestion=suggestion,
            query_language=plan.language,
            message="; ".join(parsed.notes) or None,
            timed_out=session.timed_out,
        )

    def count(self, session: Session, snapshot: Snapshot, plan: QueryPlan) -> int:
        """How many searchable documents a plan finds (for spelling suggestions)."""
        scores = passage_scores(session, plan)
        if scores is None:
            return 0
        docs = snapshot.engine.doc_of[np.flatnonzero(scores)]
        docs = np.unique(docs[docs >= 0])
        return int(snapshot.table.searchable[docs].sum())

    def _browse(self, snapshot: Snapshot, allowed: np.ndarray) -> Ranked:
        """No words: every searchable document that passes the filters, newest first."""
        engine = snapshot.engine
        records = [snapshot.catalog[engine.paths[i]] for i in np.flatnonzero(allowed)]
        records.sort(key=lambda r: (-(r.year or 0), r.title.casefold()))
        return Ranked(order=[r.path for r in records], scores={r.path: 0.0 for r in records})

    def _hit(
        self,
        session: Session,
        snapshot: Snapshot,
        ranked: Ranked,
        path: str,
        plan: QueryPlan,
        request: SearchRequest,
        verdicts: dict[str, dict[str, bool]],
    ) -> SearchHit:
        record = snapshot.catalog[path]
        per_lang, plain = plan.highlight_terms()
        found = ranked.passages.get(path, [])[: request.passages_per_hit]
        stored = [(score, session.stored(docnum)) for docnum, score in found]
        if not stored:
            first = session.stored_by_id(f"p:{path}#0")
            stored = [(0.0, first)] if first else []
        hits = []
        for passage_score, fields in stored:
            text = compact(fields.get("text") or "")
            lang = fields.get("lang") or record.language
            spans = matched_spans(text, lang, snapshot.analyzer, per_lang, plain, verdicts)
            snippet, inside = best_window(text, spans)
            hits.append(
                PassageHit(
                    ordinal=fields["ordinal"],
                    page=fields.get("page"),
                    heading=fields.get("heading"),
                    snippet=snippet,
                    highlights=inside,
                    score=round(passage_score, 4),
                    language=lang,
                )
            )
        if hits:
            snippet, highlights = hits[0].snippet, hits[0].highlights
        else:
            snippet, highlights = (record.description or "")[:300], []
        return SearchHit(
            path=path,
            title=record.title,
            language=record.language,
            doc_type=record.doc_type,
            topics=record.topic_ids,
            year=record.year,
            score=round(ranked.scores.get(path, 0.0), 4),
            snippet=snippet,
            highlights=highlights,
            passages=hits,
            programmes=list(record.programmes),
            countries=list(record.countries),
        )


def search(store: IndexStore, settings: Settings, request: SearchRequest | str) -> SearchResult:
    """Convenience wrapper: ``search(store, settings, "labour mobility")``."""
    if isinstance(request, str):
        request = SearchRequest(query=request)
    if request.limit < 0 or request.offset < 0:
        raise SearchQueryError("limit and offset must not be negative")
    return Searching(store, settings).search(request)
