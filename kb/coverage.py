"""How much of the query each document covers.

Words are OR-combined, so a long document that mentions one query word in
many places could outrank one that is about all of them. Coverage is the
share of the query's content words a document contains, counting a word as
covered when the document has it in any language field or names a thesaurus
concept whose labels contain it ("klyngeorganisationer" is covered by a
German document about Clusterorganisationen), or the gazetteer entry it
names ("Alpenraum" by a report on the Alpine Space). A document that covers
none of the words (it matched only through a region's countries) is dropped. A document is not held
responsible for a word its language does not use at all and no concept
translates: an English query word cannot be asked of a Danish report unless
Danish passages use it too.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kb.engine import Session, TermWeight
from kb.planner import QueryPlan, WordClause
from kb.schema import PLACE_PREFIX, text_field
from kb.snapshot import Snapshot

EXPRESSIBLE_MIN = 3  # passages of a language that must use a word before its documents are expected to
EXPRESSIBLE_SHARE = 0.005  # ... or this share of that language's passages, whichever is more

WordTerms = Callable[[Session, WordClause], list[TermWeight]]


def coverage(session: Session, snapshot: Snapshot, plan: QueryPlan, word_terms: WordTerms) -> np.ndarray | None:
    """Per document ordinal, the share of the query's words it covers; None for one-word queries."""
    groups = _word_groups(snapshot, plan)
    if len(groups) < 2:
        return None
    engine, table = snapshot.engine, snapshot.table
    doc_of = engine.doc_of
    labels = snapshot.matcher.label_stems([c for c, _ in plan.concepts]) if snapshot.matcher else {}
    languages = table.language_codes
    passages = {lang: session.doc_frequency("lang", lang) for lang in languages}
    total = np.zeros(table.size, dtype=np.float64)
    counted = np.zeros(table.size, dtype=np.float64)
    for group, clauses in groups.items():
        words = [t for c in clauses for t in word_terms(session, c)]
        stems = {(lang, terms[0][0]) for c in clauses for lang, terms in c.terms.items() if terms}
        concepts = [TermWeight("concepts", cid, 1.0) for cid, found in labels.items() if stems & found]
        concepts += [TermWeight("concepts", PLACE_PREFIX + p.id, 1.0) for p in plan.places if group in p.groups]
        docs = doc_of[session.matches(words + concepts)]
        covered = np.zeros(table.size, dtype=bool)
        covered[docs[docs >= 0]] = True
        total += covered
        if concepts:
            counted += 1.0
            continue
        usable = np.array(
            [lang == "und" or _used(session, clauses, lang, passages[lang]) for lang in languages], dtype=bool
        )
        counted += usable[table.main_language] | covered
    return np.where(counted > 0, total / np.maximum(counted, 1.0), 1.0)


def _word_groups(snapshot: Snapshot, plan: QueryPlan) -> dict[int, list[WordClause]]:
    """The user's content words (hyphen parts together), without stop words of the likely languages."""
    likely = sorted(plan.languages, key=lambda lang: -plan.languages[lang])[:2]
    groups: dict[int, list[WordClause]] = {}
    for clause in plan.words:
        if clause.expansion or any(snapshot.analyzer.is_stopword(clause.word.casefold(), lang) for lang in likely):
            continue
        groups.setdefault(clause.group, []).append(clause)
    return groups


def _used(session: Session, clauses: list[WordClause], lang: str, passages: int) -> bool:
    floor = max(EXPRESSIBLE_MIN, EXPRESSIBLE_SHARE * passages)
    return any(
        session.doc_frequency(text_field("body", lang), terms[0][0]) >= floor
        for clause in clauses
        if (terms := clause.terms.get(lang))
    )
