"""One committed state of the index and what is derived from it, built once and shared.

A snapshot is what every request of one index generation reads: the catalog of
documents, the analyzer (its compound lexicon belongs to the generation), and,
built on first use by whichever request comes first, the concept matcher, the
scoring arrays (``kb.engine``), the facet table and the similarity model.
Nothing here is rebuilt per request; a commit makes a new snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from kb.analysis import Analyzer
from kb.concepts import ConceptMatcher
from kb.engine import Engine, open_searcher
from kb.facets import DocTable
from kb.models import DocumentRecord
from kb.similar import SimilarityModel
from kb.thesaurus import Thesaurus


class Snapshot:
    """One committed state of the index: its catalog of documents, analyzer and concept matcher."""

    def __init__(
        self,
        gen_dir: Path,
        generation: int,
        ix: Any,
        catalog: dict[str, DocumentRecord],
        analyzer: Analyzer,
        thesaurus: Thesaurus | None,
    ):
        self.gen_dir = gen_dir
        self.generation = generation
        self.ix = ix
        self.catalog = catalog
        self.analyzer = analyzer
        self._thesaurus = thesaurus
        self._matcher: ConceptMatcher | None = None
        self.hash_to_path = {rec.content_hash: path for path, rec in catalog.items()}
        self._similarity: SimilarityModel | None = None
        self._engine: Engine | None = None
        self._table: DocTable | None = None
        self._build_lock = threading.RLock()  # the table is built from the engine

    def _once(self, name: str, build: Callable[[], Any]) -> Any:
        """The attribute ``name``, built on first use by one thread while others wait for it."""
        value = getattr(self, name)
        if value is None:
            with self._build_lock:
                value = getattr(self, name)
                if value is None:
                    value = build()
                    setattr(self, name, value)
        return value

    @property
    def matcher(self) -> ConceptMatcher | None:
        """Thesaurus label tables analysed like this snapshot's text (built on first search)."""
        if self._thesaurus is None:
            return None
        thesaurus = self._thesaurus
        return cast(ConceptMatcher, self._once("_matcher", lambda: ConceptMatcher(thesaurus, self.analyzer)))

    @property
    def engine(self) -> Engine:
        """Scoring arrays of this snapshot (built on first search, then shared by all requests)."""
        return cast(Engine, self._once("_engine", lambda: Engine(self.ix, sorted(self.catalog))))

    @property
    def table(self) -> DocTable:
        """Facet values of every document, by the engine's document ordinal."""
        return cast(DocTable, self._once("_table", lambda: DocTable(self.engine.paths, self.catalog)))

    @property
    def similarity(self) -> SimilarityModel:
        """Document vectors for similar documents and siblings (built on first use)."""
        if self._similarity is None:
            self._similarity = SimilarityModel(self.catalog)
        return self._similarity

    def searcher(self) -> Any:
        """A Whoosh searcher of this state, for ``kb.index`` (document pages, statistics); close it."""
        return open_searcher(self.ix)
