"""Anchors for the search benchmark: SQLite FTS5 and tantivy doing the search page's work.

A latency figure means little alone on a shared 2-core machine; the same passages and queries,
run in the same process next to kb, through engines known to be fast, give ratios that survive
noise. Each anchor does what one request of kb's search page does: OR of the query's words over
passage text and headings, BM25, passages grouped into documents (best passage plus a share of
the next two, as kb ranks), the top 10 documents with up to 3 highlighted snippets each, and
facet counts over every matching document for language, doc_type, topic, country, programme and
year. Neither anchor stems, expands concepts or corrects typos: kb's extra work shows as the ratio.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.facets import FACET_FIELDS as FACETS
from kb.ranking import SECOND_SHARE, THIRD_SHARE

# the anchors rank the best passages by their own top-k (kb now groups every matching passage) and
# group them into documents with kb's shares; facets count every matching document, as kb does
PASSAGE_LIMIT = 1500
PASSAGES_PER_HIT = 3
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class AnchorPassage:
    ordinal: int
    heading: str
    text: str


@dataclass(frozen=True)
class AnchorDoc:
    """One document as the anchors see it: kb's passages plus the values its facets count."""

    path: str
    title: str
    doc_type: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    countries: tuple[str, ...]
    programmes: tuple[str, ...]
    year: int | None
    passages: tuple[AnchorPassage, ...]

    def facet_values(self) -> dict[str, tuple[str, ...]]:
        return {
            "language": self.languages,
            "doc_type": (self.doc_type,),
            "topic": self.topics,
            "country": self.countries,
            "programme": self.programmes,
            "year": (str(self.year),) if self.year is not None else (),
        }


@dataclass
class AnchorHit:
    path: str
    title: str
    score: float
    snippets: list[str] = field(default_factory=list)


@dataclass
class AnchorResult:
    total: int
    hits: list[AnchorHit]
    facets: dict[str, dict[str, int]]


def export_docs(store: Any) -> list[AnchorDoc]:
    """Every indexed document with its passages, read back from a kb ``IndexStore``."""
    docs = []
    catalog = store.snapshot().catalog
    for path in sorted(catalog):
        record = store.document(path)
        if not record.passages:
            continue
        languages = {record.language} | {s.code for s in record.languages if s.share >= 0.15}
        docs.append(
            AnchorDoc(
                path=path,
                title=record.title,
                doc_type=record.doc_type,
                languages=tuple(sorted(languages)),
                topics=tuple(record.topic_ids),
                countries=tuple(record.countries),
                programmes=tuple(record.programmes),
                year=record.year,
                passages=tuple(AnchorPassage(p.ordinal, p.heading or "", p.text) for p in record.passages),
            )
        )
    return docs


def words(query: str) -> list[str]:
    """The query's words, lower-cased, as both anchors' tokenizers see them."""
    return list(dict.fromkeys(_TOKEN.findall(query.casefold())))


def _group(scored: list[tuple[float, int, Any]]) -> list[tuple[int, float, list[Any]]]:
    """(doc, score, passage keys best first) from (score, doc, passage key), higher scores better."""
    per_doc: dict[int, list[tuple[float, Any]]] = defaultdict(list)
    for score, doc, key in scored:
        per_doc[doc].append((score, key))
    ranked = []
    for doc, hits in per_doc.items():
        hits.sort(key=lambda item: -item[0])
        scores = [s for s, _ in hits]
        total = scores[0] + SECOND_SHARE * sum(scores[1:2]) + THIRD_SHARE * sum(scores[2:3])
        ranked.append((doc, total, [k for _, k in hits[:PASSAGES_PER_HIT]]))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked


def _count(docs: list[AnchorDoc], matched: set[int]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: defaultdict(int) for name in FACETS}
    for doc in matched:
        for name, values in docs[doc].facet_values().items():
            for value in values:
                counts[name][value] += 1
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}


class Fts5Anchor:
    """SQLite FTS5: bm25() ordering, snippet(), facet counts by GROUP BY over the matching documents."""

    name = "sqlite-fts5"

    def __init__(self, folder: Path, docs: list[AnchorDoc]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "passages.sqlite").unlink(missing_ok=True)
        self.db = sqlite3.connect(folder / "passages.sqlite")
        self.db.executescript(
            """
            CREATE VIRTUAL TABLE passages USING fts5(
                heading, body, doc UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
            CREATE TABLE docs(id INTEGER PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL);
            CREATE TABLE doc_values(doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
            """
        )
        with self.db:
            for number, doc in enumerate(docs):
                self.db.execute("INSERT INTO docs VALUES (?, ?, ?)", (number, doc.path, doc.title))
                self.db.executemany(
                    "INSERT INTO passages(heading, body, doc) VALUES (?, ?, ?)",
                    [(p.heading, p.text, number) for p in doc.passages],
                )
                self.db.executemany(
                    "INSERT INTO doc_values VALUES (?, ?, ?)",
                    [(number, name, v) for name, values in doc.facet_values().items() for v in values],
                )
            self.db.execute("CREATE INDEX doc_values_doc ON doc_values(doc)")
            self.db.execute("INSERT INTO passages(passages) VALUES ('optimize')")

    def search(self, query: str, limit: int = 10) -> AnchorResult:
        terms = words(query)
        if not terms:
            return AnchorResult(0, [], {name: {} for name in FACETS})
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self.db.execute(
            "SELECT rowid, doc, bm25(passages, 2.0, 1.0) AS score FROM passages WHERE passages MATCH ? "
            "ORDER BY score LIMIT ?",
            (match, PASSAGE_LIMIT),
        ).fetchall()
        ranked = _group([(-score, doc, rowid) for rowid, doc, score in rows])
        top = ranked[:limit]
        wanted = [rowid for _doc, _score, rowids in top for rowid in rowids]
        marks = ",".join("?" * len(wanted))
        snippets = dict(
            self.db.execute(
                f"SELECT rowid, snippet(passages, 1, '[', ']', '…', 24) FROM passages "
                f"WHERE passages MATCH ? AND rowid IN ({marks})",
                (match, *wanted),
            ).fetchall()
        )
        titles = dict(
            self.db.execute(
                f"SELECT id, path || char(9) || title FROM docs WHERE id IN ({','.join('?' * len(top))})",
                [doc for doc, _s, _r in top],
            ).fetchall()
        )
        hits = []
        for doc, score, rowids in top:
            path, title = titles[doc].split("\t", 1)
            hits.append(AnchorHit(path, title, score, [snippets[r] for r in rowids if r in snippets]))
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        total = 0
        for facet, value, count in self.db.execute(
            "WITH matched AS (SELECT DISTINCT doc FROM passages WHERE passages MATCH ?) "
            "SELECT v.facet, v.value, count(*) AS n FROM doc_values v JOIN matched m ON v.doc = m.doc "
            "GROUP BY v.facet, v.value ORDER BY v.facet, n DESC, v.value",
            (match,),
        ):
            facets[facet][value] = count
            if facet == "doc_type":
                total += count
        return AnchorResult(total, hits, facets)

    def close(self) -> None:
        self.db.close()


def tantivy_problem() -> str | None:
    """Why tantivy cannot be used here (not installed, fails to import), or None."""
    try:
        import tantivy  # noqa: F401
    except Exception as exc:  # a broken wheel can raise more than ImportError
        return f"{type(exc).__name__}: {exc}"
    return None


class TantivyAnchor:
    """tantivy (the official Python bindings): BM25, SnippetGenerator, a terms aggregation for facets."""

    name = "tantivy"

    def __init__(self, folder: Path, docs: list[AnchorDoc]) -> None:
        import tantivy

        self._tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("heading", stored=True)
        builder.add_text_field("body", stored=True)
        builder.add_integer_field("doc", stored=True, indexed=True, fast=True)
        self.schema = builder.build()
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        self.index: Any = tantivy.Index(self.schema, path=str(folder))
        writer = self.index.writer(heap_size=100_000_000)
        for number, doc in enumerate(docs):
            for passage in doc.passages:
                writer.add_document(tantivy.Document(heading=passage.heading, body=passage.text, doc=number))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.docs = docs

    def search(self, query: str, limit: int = 10) -> AnchorResult:
        tantivy = self._tantivy
        terms = words(query)
        if not terms:
            return AnchorResult(0, [], {name: {} for name in FACETS})
        parsed = self.index.parse_query(" ".join(terms), ["heading", "body"], field_boosts={"heading": 2.0})
        searcher = self.index.searcher()
        found = searcher.search(parsed, limit=PASSAGE_LIMIT, count=False).hits
        numbers = searcher.fast_field_values("doc", [address for _score, address in found])
        ranked = _group([(score, number, address) for (score, address), number in zip(found, numbers, strict=True)])
        top = ranked[:limit]
        generator = tantivy.SnippetGenerator.create(searcher, parsed, self.schema, "body")
        hits = []
        for number, score, addresses in top:
            snippets = [generator.snippet_from_doc(searcher.doc(a)).to_html() for a in addresses]
            doc = self.docs[number]
            hits.append(AnchorHit(doc.path, doc.title, score, snippets))
        aggregation = searcher.aggregate(parsed, {"docs": {"terms": {"field": "doc", "size": len(self.docs) + 1}}})
        matched = {int(bucket["key"]) for bucket in aggregation["docs"]["buckets"]}
        return AnchorResult(len(matched), hits, _count(self.docs, matched))

    def close(self) -> None:
        self.index = None
