"""Search: documents ranked by their best passages, with snippets and facet counts.

Words are OR-combined and ranked with BM25F over per-language fields (title
and headings boosted); phrases are required, ``-exclusions`` remove whole
documents, filters narrow by document fields. Passages are scored and then
grouped: a document scores its best passage plus a share of the next two, so
a document that answers the query in several places ranks above one that
mentions it once. Every search runs under a time limit; prefix searches expand
to a bounded number of terms. Results leave this module as kb dataclasses.
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from whoosh import collectors, sorting
from whoosh import query as wq
from whoosh.searching import Searcher, TimeLimit

from kb.analysis import INDEX_LANGUAGES, fold
from kb.config import Settings
from kb.errors import SearchQueryError
from kb.index import IndexStore, Snapshot
from kb.models import DocumentRecord, PassageHit, SearchHit, SearchResult
from kb.planner import PhraseClause, QueryPlan, WordClause, plan_query
from kb.query import ParsedQuery, parse_query
from kb.querylang import detect_query_language
from kb.schema import text_field
from kb.snippets import best_window, compact, matched_spans

ROLE_BOOSTS = (("title", 2.5), ("heading", 1.5), ("body", 1.0))
PLAIN_WEIGHT = 0.35
FUZZY_WEIGHT = 0.3
CONCEPT_WEIGHT = 3.0  # a thesaurus concept found in a passage, in any language
TITLE_CONCEPT_WEIGHT = 1.5
DENSITY_WEIGHT = 1.5
PLACE_WEIGHT = 1.0  # documents about the places, programmes or projects named in the query
PLACE_MAX_COUNTRIES = 4  # "Baltic states" also means documents about EE, LV or LT; "North Sea Region" does not
PASSAGE_LIMIT = 1500
SECOND_SHARE, THIRD_SHARE = 0.35, 0.15
FACET_FIELDS = ("language", "doc_type", "topic", "country", "programme", "year")
SIBLING_SOURCES = 30  # top documents whose siblings are brought along
SIBLING_SHARE = 0.95
SUGGEST_BELOW = 3  # offer "did you mean" when fewer documents than this were found


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


def _doc_values(record: DocumentRecord) -> dict[str, list[str]]:
    langs = {record.language} | {s.code for s in record.languages if s.share >= 0.15}
    return {
        "language": sorted(langs),
        "doc_type": [record.doc_type],
        "topic": record.topic_ids,
        "country": list(record.countries),
        "programme": list(record.programmes),
        "year": [str(record.year)] if record.year is not None else [],
    }


class _Filters:
    """Document filters, evaluated on the catalog (for facets) and as a Whoosh filter query."""

    def __init__(self, request: SearchRequest, parsed: ParsedQuery) -> None:
        self.values: dict[str, set[str]] = {
            "language": set(request.languages) | set(parsed.filters.get("language", [])),
            "doc_type": set(request.doc_types) | set(parsed.filters.get("doc_type", [])),
            "topic": set(request.topics) | set(parsed.filters.get("topic", [])),
            "country": {c.upper() for c in request.countries} | set(parsed.filters.get("country", [])),
            "programme": set(request.programmes) | set(parsed.filters.get("programme", [])),
            "year": {str(y) for y in request.years},
        }
        self.year_from = parsed.year_from if parsed.year_from is not None else request.year_from
        self.year_to = parsed.year_to if parsed.year_to is not None else request.year_to

    def active(self) -> bool:
        return any(self.values.values()) or self.year_from is not None or self.year_to is not None

    def accepts(self, record: DocumentRecord, skip: str | None = None) -> bool:
        values = _doc_values(record)
        for name, wanted in self.values.items():
            if name != skip and wanted and not wanted.intersection(values[name]):
                return False
        if skip != "year" and (self.year_from is not None or self.year_to is not None):
            if record.year is None:
                return False
            if self.year_from is not None and record.year < self.year_from:
                return False
            if self.year_to is not None and record.year > self.year_to:
                return False
        return True

    def whoosh(self) -> wq.Query | None:
        fields = {
            "language": "languages",
            "doc_type": "doc_type",
            "topic": "topics",
            "country": "countries",
            "programme": "programmes",
        }
        parts: list[wq.Query] = []
        for name, wanted in self.values.items():
            if wanted and name == "year":
                parts.append(wq.Or([wq.NumericRange("year", int(v), int(v)) for v in sorted(wanted) if v.isdigit()]))
            elif wanted:
                parts.append(wq.Or([wq.Term(fields[name], v) for v in sorted(wanted)]))
        if self.year_from is not None or self.year_to is not None:
            parts.append(wq.NumericRange("year", self.year_from, self.year_to))
        return wq.And(parts) if parts else None


def _word_query(clause: WordClause) -> wq.Query:
    subs: list[wq.Query] = []
    for lang, terms in clause.terms.items():
        for term, weight in terms:
            for role, boost in ROLE_BOOSTS:
                subs.append(wq.Term(text_field(role, lang), term, boost=boost * weight * clause.weight))
    if clause.expansion:
        return wq.Or(subs)
    subs.append(wq.Term("plain", clause.plain, boost=PLAIN_WEIGHT * clause.weight))
    if clause.fuzzy and len(clause.plain) >= 5 and not clause.plain.isdigit():
        subs.append(wq.FuzzyTerm("plain", clause.plain, boost=FUZZY_WEIGHT * clause.weight, maxdist=1, prefixlength=2))
    return wq.Or(subs)


def _phrase_query(clause: PhraseClause) -> wq.Query:
    subs: list[wq.Query] = []
    for lang, terms in clause.terms.items():
        for role, boost in ROLE_BOOSTS:
            field_name = text_field(role, lang)
            if len(terms) > 1:
                subs.append(wq.Phrase(field_name, terms, slop=1, boost=boost * clause.weight))
            else:
                subs.append(wq.Term(field_name, terms[0], boost=boost * clause.weight))
    return wq.Or(subs)


def _concept_query(concept: str, weight: float) -> wq.Query:
    return wq.Or(
        [
            wq.Term("concepts", concept, boost=CONCEPT_WEIGHT * weight),
            wq.Term("title_concepts", concept, boost=TITLE_CONCEPT_WEIGHT * weight),
        ]
    )


def _prefix_query(searcher: Searcher, prefix: str) -> wq.Query:
    expanded = []
    for term in searcher.reader().expand_prefix("plain", prefix):
        expanded.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        if len(expanded) >= 50:
            break
    return wq.Or([wq.Term("plain", t) for t in expanded]) if expanded else wq.NullQuery


def build_query(searcher: Searcher, plan: QueryPlan) -> wq.Query | None:
    should: list[wq.Query] = [_word_query(c) for c in plan.words]
    should += [_prefix_query(searcher, p) for p in plan.prefixes]
    should += [_phrase_query(p) for p in plan.optional_phrases]
    should += [_concept_query(concept, weight) for concept, weight in plan.concepts]
    must = [_phrase_query(p) for p in plan.phrases]
    if not should and not must:
        return None
    if must:
        required = wq.And(must)
        return wq.AndMaybe(required, wq.Or(should)) if should else required
    return wq.Or(should)


def _excluded_paths(searcher: Searcher, plan: QueryPlan) -> set[str]:
    if not plan.excluded:
        return set()
    subs = [_phrase_query(c) if isinstance(c, PhraseClause) else _word_query(c) for c in plan.excluded]
    results = searcher.search(wq.Or(subs), limit=None, scored=False, groupedby={"path": sorting.FieldFacet("path")})
    return set(results.groups("path"))


def _facets(records: Iterable[DocumentRecord], filters: _Filters) -> dict[str, dict[str, int]]:
    """Counts per facet value; each facet ignores its own filter, so other values stay selectable."""
    records = list(records)
    facets: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        counts: dict[str, int] = defaultdict(int)
        for record in records:
            if filters.accepts(record, skip=name):
                for value in _doc_values(record)[name]:
                    counts[value] += 1
        facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return facets


class Searching:
    """Runs searches against an IndexStore; one instance may serve many threads."""

    def __init__(self, store: IndexStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def plan(self, parsed: ParsedQuery, snapshot: Snapshot, searcher: Searcher, request: SearchRequest) -> QueryPlan:
        reader = searcher.reader()
        totals = {lang: reader.doc_frequency("lang", lang) for lang in INDEX_LANGUAGES}

        def frequency(lang: str, term: str) -> tuple[int, int]:
            return reader.doc_frequency(text_field("body", lang), term), totals[lang]

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
            for match in self.store.places.find(parsed.text()):
                place = match.place
                countries = frozenset(place.countries) if len(place.countries) <= PLACE_MAX_COUNTRIES else frozenset()
                if all(existing != place.id for existing, _ in plan.places):
                    plan.places.append((place.id, countries))
        return plan

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        parsed = parse_query(
            request.query, max_chars=self.settings.query_max_chars, max_terms=self.settings.query_max_terms
        )
        snapshot = self.store.snapshot()
        filters = _Filters(request, parsed)
        timed_out = False
        with snapshot.searcher() as searcher:
            plan = self.plan(parsed, snapshot, searcher, request)
            query = build_query(searcher, plan)
            if query is None:
                ranked, matched = self._browse(snapshot, filters)
                passages: dict[str, list[tuple[float, dict[str, Any]]]] = {}
            else:
                excluded = _excluded_paths(searcher, plan)
                passages, timed_out = self._passages(searcher, query, filters)
                for path in excluded:
                    passages.pop(path, None)
                ranked = self._with_siblings(self._rank(passages, snapshot, plan), snapshot, filters, excluded)
                matched = self._matched_paths(searcher, query, excluded)
            suggestion = self._suggest(searcher, snapshot, parsed, request, len(ranked)) if query is not None else None
            page = ranked[request.offset : request.offset + request.limit]
            hits = []
            for path, score in page:
                found = passages.get(path) or self._first_passage(searcher, path)
                hits.append(self._hit(snapshot, path, score, found, plan, request))
        records = [snapshot.catalog[p] for p in matched if p in snapshot.catalog]
        return SearchResult(
            query=request.query,
            total=len(ranked),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            hits=hits,
            facets=_facets(records, filters),
            expanded_terms=list(plan.expanded_terms),
            suggestion=suggestion,
            query_language=plan.language,
            message="; ".join(parsed.notes) or None,
            timed_out=timed_out,
        )

    # -- internals -----------------------------------------------------------------------------
    def _passages(
        self, searcher: Searcher, query: wq.Query, filters: _Filters
    ) -> tuple[dict[str, list[tuple[float, dict[str, Any]]]], bool]:
        # The filter goes into the query (Require: scores from the query only): Whoosh drops a
        # collector's filter when a TimeLimitCollector wraps it.
        restriction = filters.whoosh()
        if restriction is not None:
            query = wq.Require(query, restriction)
        collector = searcher.collector(limit=PASSAGE_LIMIT)
        limited = collectors.TimeLimitCollector(collector, timelimit=self.settings.search_time_limit, use_alarm=False)
        timed_out = False
        try:
            searcher.search_with_collector(query, limited)
        except TimeLimit:
            timed_out = True
        grouped: dict[str, list[tuple[float, dict[str, Any]]]] = defaultdict(list)
        for hit in limited.results():
            stored = hit.fields()
            if stored.get("kind") == "p":
                grouped[stored["path"]].append((hit.score, stored))
        return grouped, timed_out

    def _matched_paths(self, searcher: Searcher, query: wq.Query, excluded: set[str]) -> list[str]:
        """Every document the query matches, ignoring filters (for facet counts)."""
        collector = searcher.collector(
            limit=None, groupedby={"path": sorting.FieldFacet("path", maptype=sorting.Count)}
        )
        limited = collectors.TimeLimitCollector(collector, timelimit=self.settings.search_time_limit, use_alarm=False)
        with contextlib.suppress(TimeLimit):
            searcher.search_with_collector(query, limited)
        return [p for p in limited.results().groups("path") if p not in excluded]

    def _rank(
        self, passages: dict[str, list[tuple[float, dict[str, Any]]]], snapshot: Snapshot, plan: QueryPlan
    ) -> list[tuple[str, float]]:
        ranked = []
        for path, hits in passages.items():
            record = snapshot.catalog.get(path)
            if record is None:
                continue
            scores = sorted((s for s, _ in hits), reverse=True)
            score = scores[0] + SECOND_SHARE * sum(scores[1:2]) + THIRD_SHARE * sum(scores[2:3])
            if plan.concepts and record.passage_count:
                # a document where the query's concepts run through many passages is about them
                density = sum(
                    weight * min(1.0, record.concepts.get(concept, 0) / record.passage_count)
                    for concept, weight in plan.concepts
                ) / len(plan.concepts)
                score *= 1 + DENSITY_WEIGHT * density
            if plan.places:
                score *= 1 + PLACE_WEIGHT * _place_share(record, plan.places)
            ranked.append((path, score))
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked

    def _with_siblings(
        self, ranked: list[tuple[str, float]], snapshot: Snapshot, filters: _Filters, excluded: set[str]
    ) -> list[tuple[str, float]]:
        """Let each found document bring its translations and other-format copies along, just below it."""
        scores = dict(ranked)
        for path, score in ranked[:SIBLING_SOURCES]:
            for sibling, similarity in snapshot.similarity.siblings(path):
                record = snapshot.catalog.get(sibling)
                if record is None or sibling in excluded or not filters.accepts(record):
                    continue
                candidate = score * SIBLING_SHARE * similarity
                if candidate > scores.get(sibling, 0.0):
                    scores[sibling] = candidate
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))

    def _browse(self, snapshot: Snapshot, filters: _Filters) -> tuple[list[tuple[str, float]], list[str]]:
        """No words: every searchable document that passes the filters, newest first."""
        records = [r for r in snapshot.catalog.values() if r.status != "failed"]
        matched = [r.path for r in records]
        kept = [r for r in records if filters.accepts(r)]
        kept.sort(key=lambda r: (-(r.year or 0), r.title.casefold()))
        return [(r.path, 0.0) for r in kept], matched

    def _suggest(
        self, searcher: Searcher, snapshot: Snapshot, parsed: ParsedQuery, request: SearchRequest, total: int
    ) -> str | None:
        """A spelling correction from the index vocabulary, offered only when it finds more documents."""
        if not parsed.words or total >= SUGGEST_BELOW:
            return None
        reader = searcher.reader()
        corrected, changed = [], False
        for word in parsed.words:
            folded = fold(word.casefold())
            if len(folded) < 4 or not folded.isalpha() or reader.doc_frequency("plain", folded) > 0:
                corrected.append(word)
                continue
            candidates = []
            for term in reader.terms_within("plain", folded, maxdist=2, prefix=1):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                candidates.append((_distance(folded, text), -reader.doc_frequency("plain", text), text))
            if candidates:
                corrected.append(min(candidates)[2])
                changed = True
            else:
                corrected.append(word)
        if not changed:
            return None
        suggestion = " ".join(corrected)
        plan = self.plan(
            parse_query(suggestion), snapshot, searcher, SearchRequest(suggestion, fuzzy=False, expand=False)
        )
        query = build_query(searcher, plan)
        if query is None:
            return None
        found = len(self._matched_paths(searcher, query, set()))
        return suggestion if found > total else None

    def _first_passage(self, searcher: Searcher, path: str) -> list[tuple[float, dict[str, Any]]]:
        stored = searcher.document(id=f"p:{path}#0")
        return [(0.0, stored)] if stored else []

    def _hit(
        self,
        snapshot: Snapshot,
        path: str,
        score: float,
        passages: list[tuple[float, dict[str, Any]]],
        plan: QueryPlan,
        request: SearchRequest,
    ) -> SearchHit:
        record = snapshot.catalog[path]
        per_lang, plain = plan.highlight_terms()
        hits = []
        for passage_score, stored in sorted(passages, key=lambda item: -item[0])[: request.passages_per_hit]:
            text = compact(stored.get("text") or "")
            lang = stored.get("lang") or record.language
            spans = matched_spans(text, lang, snapshot.analyzer, per_lang, plain)
            snippet, inside = best_window(text, spans)
            hits.append(
                PassageHit(
                    ordinal=stored["ordinal"],
                    page=stored.get("page"),
                    heading=stored.get("heading"),
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
            score=round(score, 4),
            snippet=snippet,
            highlights=highlights,
            passages=hits,
            programmes=list(record.programmes),
            countries=list(record.countries),
        )


def _place_share(record: DocumentRecord, places: list[tuple[str, frozenset[str]]]) -> float:
    """Share of the places named in the query that the document is about (by name or by country)."""
    entities = record.entities
    named = {
        e.id for group in (entities.countries, entities.regions, entities.programmes, entities.projects) for e in group
    }
    named |= {e.id for e in entities.organisations}
    countries = set(record.countries)
    hits = sum(
        1
        for place_id, place_countries in places
        if place_id in named or place_id in countries or place_countries & countries
    )
    return hits / len(places)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short words only; used to rank spelling suggestions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def search(store: IndexStore, settings: Settings, request: SearchRequest | str) -> SearchResult:
    """Convenience wrapper: ``search(store, settings, "labour mobility")``."""
    if isinstance(request, str):
        request = SearchRequest(query=request)
    if request.limit < 0 or request.offset < 0:
        raise SearchQueryError("limit and offset must not be negative")
    return Searching(store, settings).search(request)
