"""From passage scores to a ranking of documents.

A document scores its best passage plus a share of the next two (a document
that answers the query in several places beats one that mentions it once),
then is lifted when the query's concepts run through many of its passages
(density) and when it is about the places named in the query; finally each
of the first documents brings its translations and other-format copies
(siblings) along just below it. A document that covers only some of the
query's words is scaled down by the share it covers (``kb.coverage``), and a
small length prior keeps long strategies from winning on breadth alone. Everything before the siblings works on
arrays over all matching passages, so the ranking and the facet counts come
from the same complete match, not from a truncated top list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kb.models import DocumentRecord
from kb.planner import PlaceRef, QueryPlan
from kb.snapshot import Snapshot

SECOND_SHARE, THIRD_SHARE = 0.35, 0.15
DENSITY_WEIGHT = 1.5
PLACE_WEIGHT = 1.0  # documents about the places, programmes or projects named in the query
SIBLING_SOURCES = 30  # top documents whose siblings are brought along
SIBLING_SHARE = 0.95
PASSAGES_KEPT = 5  # best passages remembered per document (for snippets)
LENGTH_PRIOR = 0.1  # score / passages ** this: long strategies match a little of everything
COVERAGE_POWER = 1.5  # score * (share of the query's words the document covers) ** this


@dataclass
class Ranked:
    order: list[str]  # paths, best first
    scores: dict[str, float]
    passages: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # path -> [(docnum, score)]
    matched: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # documents matched, any filter


def rank_documents(
    scores: np.ndarray,
    doc_of: np.ndarray,
    snapshot: Snapshot,
    plan: QueryPlan,
    allowed: np.ndarray,
    excluded: np.ndarray,
    cover: np.ndarray | None = None,
) -> Ranked:
    """Rank documents by their passages; ``allowed``/``excluded``/``cover`` are arrays over document ordinals."""
    engine = snapshot.engine
    hits = np.flatnonzero(scores > 0)
    docs = doc_of[hits]
    keep = docs >= 0
    hits, docs = hits[keep], docs[keep]
    keep = ~excluded[docs]
    hits, docs = hits[keep], docs[keep]
    matched = np.zeros(len(allowed), dtype=bool)
    matched[docs] = True
    keep = allowed[docs]
    hits, docs = hits[keep], docs[keep]
    values = scores[hits]
    order = np.lexsort((-values, docs))  # by document, best passage first
    hits, docs, values = hits[order], docs[order], values[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]]) if len(docs) else np.zeros(0, dtype=np.int64)
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(docs)]))
    rank_in_doc = np.arange(len(docs)) - starts[group]
    group_docs = docs[starts]
    total = values[starts].copy()
    for share, rank in ((SECOND_SHARE, 1), (THIRD_SHARE, 2)):
        at = rank_in_doc == rank
        total[group[at]] += share * values[at]  # one passage of each rank per document
    by_path: dict[str, float] = {}
    for doc, base in zip(group_docs.tolist(), total.tolist(), strict=True):
        covered = float(cover[doc]) ** COVERAGE_POWER if cover is not None else 1.0
        if covered == 0:  # matched only through something no query word stands for (a region's countries)
            continue
        record = snapshot.catalog[engine.paths[doc]]
        by_path[record.path] = base * _boost(record, plan) * covered
    passages: dict[str, list[tuple[int, float]]] = {}
    kept = rank_in_doc < PASSAGES_KEPT
    for docnum, doc, value in zip(hits[kept].tolist(), docs[kept].tolist(), values[kept].tolist(), strict=True):
        passages.setdefault(engine.paths[doc], []).append((docnum, value))
    ranked = sorted(by_path.items(), key=lambda item: (-item[1], item[0]))
    ranked = _with_siblings(ranked, snapshot, allowed, excluded)
    return Ranked([path for path, _ in ranked], dict(ranked), passages, matched)


def _boost(record: DocumentRecord, plan: QueryPlan) -> float:
    factor: float = max(1, record.passage_count) ** -LENGTH_PRIOR
    if plan.concepts and record.passage_count:
        # a document where the query's concepts run through many passages is about them
        share = [min(1.0, record.concepts.get(concept, 0) / record.passage_count) for concept, _ in plan.concepts]
        density = sum(weight * s for (_, weight), s in zip(plan.concepts, share, strict=True)) / len(plan.concepts)
        factor *= 1 + DENSITY_WEIGHT * density
    if plan.places:
        factor *= 1 + PLACE_WEIGHT * _place_share(record, plan.places)
    return factor


def _with_siblings(
    ranked: list[tuple[str, float]], snapshot: Snapshot, allowed: np.ndarray, excluded: np.ndarray
) -> list[tuple[str, float]]:
    """Let each found document bring its translations and other-format copies along, just below it."""
    scores = dict(ranked)
    ordinal = snapshot.engine.ordinal
    for path, score in ranked[:SIBLING_SOURCES]:
        for sibling, similarity in snapshot.similarity.siblings(path):
            index = ordinal.get(sibling)
            if index is None or excluded[index] or not allowed[index]:
                continue
            candidate = score * SIBLING_SHARE * similarity
            if candidate > scores.get(sibling, 0.0):
                scores[sibling] = candidate
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _place_share(record: DocumentRecord, places: list[PlaceRef]) -> float:
    """Share of the places named in the query that the document is about (by name or by country)."""
    entities = record.entities
    named = {
        e.id for group in (entities.countries, entities.regions, entities.programmes, entities.projects) for e in group
    }
    named |= {e.id for e in entities.organisations}
    countries = set(record.countries)
    hits = sum(1 for place in places if place.id in named or place.id in countries or place.countries & countries)
    return hits / len(places)
