"""Whole-posting-list scoring over the Whoosh index, with NumPy.

Whoosh scores one posting at a time through a tree of Python matchers
(several calls per posting), so a three-word query over kb's per-language
fields cost 100+ ms at 2k passages and would cost seconds at 100k. kb keeps
Whoosh as the store (segments, postings, lengths, stored fields) but reads a
term's postings block by block into arrays and scores them in one step with
Whoosh's own BM25F formula, idf and quantised field lengths, so scores equal
what Whoosh computes. Matching every passage this way also gives, for free,
the set of matching documents the facet counts need.

Per snapshot (one committed index state) ``Engine`` holds read-only arrays:
passage -> document, field lengths, deleted documents. Per request a
``Session`` opens one Whoosh searcher (file handles are not shared between
threads) and answers scoring, phrase, vocabulary and stored-field questions.
Nothing Whoosh-typed leaves this module.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

BM25_B, BM25_K1 = 0.4, 1.0
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_POSTINGS_CACHE = 4_000_000  # postings (ids) kept across requests per snapshot


@dataclass(frozen=True)
class TermWeight:
    """One scored term: BM25F of ``term`` in ``field``, times ``weight``."""

    field: str
    term: str
    weight: float


def open_searcher(ix: Any) -> Any:
    """A Whoosh searcher with kb's BM25F parameters (for what still asks Whoosh directly)."""
    return ix.searcher(weighting=scoring.BM25F(B=BM25_B, K1=BM25_K1))


class Engine:
    """Arrays of one index snapshot; shareable between threads (read-only after loading)."""

    def __init__(self, ix: Any, paths: Sequence[str]) -> None:
        self._ix = ix
        self.paths = list(paths)
        self.ordinal = {path: i for i, path in enumerate(self.paths)}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._lengths: dict[str, np.ndarray] = {}
        self._populations: dict[str, int] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_postings = 0
        self._buckets: dict[tuple[str, int], dict[tuple[str, int], list[str]]] = {}
        with self._searcher() as searcher:
            reader = searcher.reader()
            self.doc_count = reader.doc_count_all()
            self.field_lengths: dict[str, int] = {}
            doc_of = np.full(self.doc_count, -1, dtype=np.int32)
            for i, path in enumerate(self.paths):
                ids, _tf = self._read(reader, "path", path)
                doc_of[ids] = i
            records, _tf = self._read(reader, "kind", "d")
            doc_of[records] = -1
            for segment, offset in reader.leaf_readers():
                if segment.has_deletions():
                    deleted = np.fromiter(segment.deleted_docs_set, dtype=np.int64)
                    doc_of[deleted + offset] = -1
        self.doc_of = doc_of  # passage docnum -> document ordinal; -1 for document records and deleted

    def _open_searcher(self) -> Any:
        return open_searcher(self._ix)

    @contextmanager
    def _searcher(self) -> Iterator[Any]:
        searcher = self._open_searcher()
        try:
            yield searcher
        finally:
            searcher.close()

    @contextmanager
    def session(self, time_limit: float | None = None) -> Iterator[Session]:
        """One request's view: the snapshot's shared arrays, an optional time budget, and a searcher.

        Opening a Whoosh searcher reads every segment's stored-field offsets (6 ms a request at 10k
        passages, growing with the index), and its file handles must not be shared between threads,
        so each thread keeps one searcher per snapshot and reuses it for its requests. The searchers
        go when the snapshot does (a newer commit makes a new Engine).
        """
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._open_searcher()
        yield Session(self, searcher, time_limit)

    # -- shared arrays -------------------------------------------------------------------------
    def lengths(self, reader: Any, field: str) -> np.ndarray:
        """Quantised length of ``field`` in every document (as Whoosh scores with it)."""
        cached = self._lengths.get(field)
        if cached is not None:
            return cached
        lengths = np.zeros(self.doc_count, dtype=np.float64)
        for segment, offset in reader.leaf_readers():
            column = segment._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
            if column is None:
                continue
            raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            lengths[offset : offset + len(raw)] = _LENGTH_OF_BYTE[raw]
        with self._lock:
            self._lengths[field] = lengths
        return lengths

    def population(self, reader: Any, field: str) -> int:
        """Documents that have ``field`` (counted once per snapshot, not per term of every request)."""
        count = self._populations.get(field)
        if count is None:
            count = self._populations[field] = max(1, int(np.count_nonzero(self.lengths(reader, field))))
        return count

    def postings(self, reader: Any, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, term frequencies) of one term over all segments, cached per snapshot."""
        key = (field, term)
        with self._lock:
            hit = self._postings.get(key)
            if hit is not None:
                self._postings.move_to_end(key)
                return hit
        found = self._read(reader, field, term)
        with self._lock:
            self._postings[key] = found
            self._cached_postings += len(found[0])
            while self._cached_postings > _POSTINGS_CACHE and len(self._postings) > 1:
                _key, (ids, _tf) = self._postings.popitem(last=False)
                self._cached_postings -= len(ids)
        return found

    def near_terms(self, reader: Any, field: str, word: str, prefix: int) -> list[str]:
        """Terms of ``field`` one edit (insertion, deletion, substitution) from ``word``, sharing its
        first ``prefix`` letters. Whoosh's automaton walk over the term file cost ~15 ms a word;
        buckets by (prefix, length) built once per snapshot make it a few hundred comparisons."""
        key = (field, prefix)
        buckets = self._buckets.get(key)
        if buckets is None:
            buckets = {}
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                buckets.setdefault((term[:prefix], len(term)), []).append(term)
            with self._lock:
                self._buckets[key] = buckets
        head = word[:prefix]
        found = []
        for length in (len(word) - 1, len(word), len(word) + 1):
            found += [t for t in buckets.get((head, length), ()) if _one_edit(word, t)]
        return found

    @staticmethod
    def _read(reader: Any, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        ids_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        for segment, offset in reader.leaf_readers():
            if (field, term) not in segment:
                continue
            matcher = segment.postings(field, term)
            if isinstance(matcher, FilterMatcher):  # deletions are masked by doc_of instead
                matcher = matcher.child
            ids, tf = _matcher_arrays(matcher)
            ids_parts.append(ids + offset)
            tf_parts.append(tf)
        if not ids_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        if len(ids_parts) == 1:
            return ids_parts[0], tf_parts[0]
        return np.concatenate(ids_parts), np.concatenate(tf_parts)


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _matcher_arrays(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """All postings of a leaf matcher: block by block for on-disk lists, one by one for inlined ones."""
    ids_parts: list[np.ndarray] = []
    tf_parts: list[np.ndarray] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            deltas, weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            block = np.asarray(deltas, dtype=np.int64)
            ids_parts.append(block if matcher._byteids else np.cumsum(block))
            if weights is None:
                tf_parts.append(np.ones(count, dtype=np.float64))
            elif isinstance(weights, float):
                tf_parts.append(np.full(count, weights, dtype=np.float64))
            else:
                tf_parts.append(np.asarray(weights, dtype=np.float64))
            matcher._next_block()
    else:
        ids, tfs = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            tfs.append(matcher.weight())
            matcher.next()
        ids_parts.append(np.asarray(ids, dtype=np.int64))
        tf_parts.append(np.asarray(tfs, dtype=np.float64))
    if len(ids_parts) == 1:
        return ids_parts[0], tf_parts[0]
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(ids_parts), np.concatenate(tf_parts)


class Session:
    """Questions one request asks of the index, answered with one searcher."""

    def __init__(self, engine: Engine, searcher: Any, time_limit: float | None = None) -> None:
        self.engine = engine
        self._searcher = searcher
        self._reader = searcher.reader()
        self._avg: dict[str, float] = {}
        self._near: dict[tuple[str, str, int, int], list[str]] = {}
        self._deadline = time.perf_counter() + time_limit if time_limit else None
        self.timed_out = False  # terms were left out because the time budget ran out

    def _out_of_time(self) -> bool:
        if self._deadline is not None and time.perf_counter() > self._deadline:
            self.timed_out = True
        return self.timed_out

    # -- statistics ----------------------------------------------------------------------------
    def doc_frequency(self, field: str, term: str) -> int:
        return int(self._reader.doc_frequency(field, term))

    def _population(self, field: str) -> int:
        """Passages that have ``field`` at all: the collection a term of that field is rare or common in.

        Whoosh divides by every record of the index, so a word of a language with few passages
        looked rare (high idf) and its fields short on average; per field, Swedish words are
        weighed against Swedish passages.
        """
        return self.engine.population(self._reader, field)

    def _idf(self, field: str, term: str) -> float:
        return math.log(self._population(field) / (self.doc_frequency(field, term) + 1)) + 1

    def _avg_length(self, field: str) -> float:
        if field not in self._avg:
            self._avg[field] = (self._reader.field_length(field) / self._population(field)) or 1.0
        return self._avg[field]

    # -- scoring -------------------------------------------------------------------------------
    def score(self, terms: Iterable[TermWeight], into: np.ndarray | None = None) -> np.ndarray:
        """Sum of BM25F scores of ``terms`` for every document number (0 where nothing matched)."""
        scores = np.zeros(self.engine.doc_count, dtype=np.float64) if into is None else into
        for item in terms:
            if item.weight == 0:
                continue
            if self._out_of_time():
                break
            ids, tf = self.engine.postings(self._reader, item.field, item.term)
            if not len(ids):
                continue
            lengths = self.engine.lengths(self._reader, item.field)[ids]
            norm = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths / self._avg_length(item.field))
            # a term's postings name each document once, so plain fancy indexing adds correctly (and
            # is several times faster than np.add.at)
            scores[ids] += item.weight * self._idf(item.field, item.term) * (tf * (BM25_K1 + 1)) / (tf + norm)
        return scores

    def matches(self, terms: Iterable[TermWeight]) -> np.ndarray:
        """Document numbers containing any of ``terms`` (unscored)."""
        parts = [self.engine.postings(self._reader, t.field, t.term)[0] for t in terms]
        parts = [p for p in parts if len(p)]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def phrase(self, field: str, terms: list[str], weight: float, slop: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, scores) of passages with ``terms`` in order (within ``slop``) in ``field``."""
        query = wq.Phrase(field, terms, slop=slop, boost=weight)
        matcher = query.matcher(self._searcher, self._searcher.context())
        ids, scores = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        return np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float64)

    # -- vocabulary ----------------------------------------------------------------------------
    def expand_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        found: list[str] = []
        for term in self._reader.expand_prefix(field, prefix):
            found.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            if len(found) >= limit:
                break
        return found

    def terms_within(self, field: str, word: str, maxdist: int, prefix: int) -> list[str]:
        """Terms of ``field`` within ``maxdist`` edits of ``word`` (remembered for the request)."""
        key = (field, word, maxdist, prefix)
        if key not in self._near:
            self._near[key] = self._terms_within(field, word, maxdist, prefix)
        return self._near[key]

    def _terms_within(self, field: str, word: str, maxdist: int, prefix: int) -> list[str]:
        if maxdist == 1:
            return self.engine.near_terms(self._reader, field, word, prefix)
        return [
            term.decode("utf-8") if isinstance(term, bytes) else term
            for term in self._reader.terms_within(field, word, maxdist, prefix=prefix)
        ]

    # -- stored fields -------------------------------------------------------------------------
    def stored(self, docnum: int) -> dict[str, Any]:
        return dict(self._searcher.stored_fields(int(docnum)))

    def stored_by_id(self, record_id: str) -> dict[str, Any] | None:
        found = self._searcher.document(id=record_id)
        return dict(found) if found else None


__all__ = ["Engine", "Session", "TermWeight", "open_searcher"]
