"""Similar documents, across languages.

Two documents are similar when they talk about the same concepts (thesaurus
concepts are language-independent: "Grenzregion" and "border region" are one
concept) and share the same language-neutral marks: names, acronyms and
figures ("InTra-Net", "AluCluster", "295 578"). Both are compared as TF-IDF
vectors with cosine similarity. Near-identical documents (a translation, or
the same text as PDF and Markdown) are *siblings*: search lets a found
document bring its siblings along, so the German version of an English
factsheet is found by an English query too.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from kb.models import DocumentRecord

CONCEPT_SHARE = 0.5
SIBLING_MARKS = 0.45  # signature cosine at least this ...
SIBLING_CONCEPTS = 0.45  # ... and concept cosine at least this
MIN_SHARED_MARKS = 3
SIBLING_NAMED_CONCEPTS = 0.5  # concept cosine enough for files named as language versions of each other
_LANGUAGE_TAGS = frozenset(
    {"en", "eng", "english", "de", "deu", "ger", "german", "deutsch", "da", "dan", "dansk", "danish", "sv", "swe"}
    | {"svenska", "no", "nb", "nor", "norsk", "nl", "nld", "dutch", "fr", "fra", "french", "pl", "fi"}
)


def _idf(vectors: Iterable[Mapping[str, float]]) -> dict[str, float]:
    documents = 0
    df: Counter[str] = Counter()
    for vector in vectors:
        documents += 1
        df.update(vector.keys())
    return {key: math.log(1 + documents / count) for key, count in df.items()}


def _weighted(vector: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    weighted = {key: (1 + math.log(value)) * idf.get(key, 0.0) for key, value in vector.items() if value > 0}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {key: value / norm for key, value in weighted.items()} if norm else {}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())


def _marks(record: DocumentRecord) -> dict[str, float]:
    return {key: float(value) for key, value in Counter(record.signature).items()}


class SimilarityModel:
    """Concept and signature vectors of every searchable document of one index snapshot."""

    def __init__(self, catalog: Mapping[str, DocumentRecord]) -> None:
        records = [r for r in catalog.values() if r.status != "failed" and (r.concepts or r.signature)]
        concept_idf = _idf({k: float(v) for k, v in r.concepts.items()} for r in records)
        mark_idf = _idf(_marks(r) for r in records)
        self.records = {r.path: r for r in records}
        self.concepts = {r.path: _weighted({k: float(v) for k, v in r.concepts.items()}, concept_idf) for r in records}
        self.marks = {r.path: _weighted(_marks(r), mark_idf) for r in records}
        self._siblings: dict[str, list[tuple[str, float]]] | None = None

    def pair(self, a: str, b: str) -> tuple[float, float]:
        """(concept similarity, mark similarity) of two documents."""
        return _cosine(self.concepts[a], self.concepts[b]), _cosine(self.marks[a], self.marks[b])

    def similar(self, path: str, limit: int = 10) -> list[tuple[str, float]]:
        if path not in self.records:
            return []
        scored = []
        for other in self.records:
            if other == path:
                continue
            concepts, marks = self.pair(path, other)
            score = CONCEPT_SHARE * concepts + (1 - CONCEPT_SHARE) * marks
            if score > 0:
                scored.append((other, score))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:limit]

    def siblings(self, path: str) -> list[tuple[str, float]]:
        """Near-identical documents (translations, other formats) with their similarity."""
        if self._siblings is None:
            self._siblings = self._find_siblings()
        return self._siblings.get(path, [])

    def _find_siblings(self) -> dict[str, list[tuple[str, float]]]:
        by_mark: dict[str, list[str]] = defaultdict(list)
        for path, record in self.records.items():
            for mark in set(record.signature):
                by_mark[mark].append(path)
        shared: Counter[tuple[str, str]] = Counter()
        for paths in by_mark.values():
            if len(paths) > 50:  # a mark in very many documents says nothing about siblings
                continue
            for i, a in enumerate(paths):
                for b in paths[i + 1 :]:
                    shared[(a, b) if a < b else (b, a)] += 1
        siblings: dict[str, list[tuple[str, float]]] = defaultdict(list)

        def link(a: str, b: str, score: float) -> None:
            if all(other != b for other, _ in siblings[a]):
                siblings[a].append((b, score))
                siblings[b].append((a, score))

        for (a, b), count in shared.items():
            if count < MIN_SHARED_MARKS:
                continue
            concepts, marks = self.pair(a, b)
            if concepts >= SIBLING_CONCEPTS and marks >= SIBLING_MARKS:
                link(a, b, (concepts + marks) / 2)
        # "report_EN.pdf" and "report_DE.pdf" in one folder, about the same concepts: versions of one document
        by_name: dict[str, list[str]] = defaultdict(list)
        for path in self.records:
            by_name[_version_key(path)].append(path)
        for paths in by_name.values():
            for i, a in enumerate(paths):
                for b in paths[i + 1 :]:
                    concepts, marks = self.pair(a, b)
                    if concepts >= SIBLING_NAMED_CONCEPTS:
                        link(a, b, max(concepts, (concepts + marks) / 2))
        return dict(siblings)


def _version_key(path: str) -> str:
    """The path without a language tag in the file name: ``BP_KernTec_DE.pdf`` -> ``BP_KernTec.``."""
    folder, _, name = path.rpartition("/")
    stem = name.split(".", 1)[0].lower()
    parts = [p for p in re.split(r"[-_ .]+", stem) if p and p not in _LANGUAGE_TAGS]
    return f"{folder}/{'_'.join(parts)}"
