""" "Did you mean": a spelling correction from the index vocabulary.

Offered only when the corrected query finds more documents than the typed one,
so a rare but correct word is never "corrected" into a common one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.analysis import fold
from kb.engine import Session
from kb.query import ParsedQuery, parse_query
from kb.snapshot import Snapshot

if TYPE_CHECKING:
    from kb.search import Searching


def suggest(searching: Searching, session: Session, snapshot: Snapshot, parsed: ParsedQuery, total: int) -> str | None:
    from kb.search import SearchRequest

    if not parsed.words:
        return None
    corrected, changed = [], False
    for word in parsed.words:
        folded = fold(word.casefold())
        if len(folded) < 4 or not folded.isalpha() or session.doc_frequency("plain", folded) > 0:
            corrected.append(word)
            continue
        candidates = [
            (distance(folded, term), -session.doc_frequency("plain", term), term)
            for term in session.terms_within("plain", folded, maxdist=2, prefix=1)
        ]
        if candidates:
            corrected.append(min(candidates)[2])
            changed = True
        else:
            corrected.append(word)
    if not changed:
        return None
    suggestion = " ".join(corrected)
    request = SearchRequest(suggestion, fuzzy=False, expand=False)
    plan = searching.plan(parse_query(suggestion), snapshot, session, request)
    return suggestion if searching.count(session, snapshot, plan) > total else None


def distance(a: str, b: str) -> int:
    """Levenshtein distance (short words only; used to rank spelling suggestions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
