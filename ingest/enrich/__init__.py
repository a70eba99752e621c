"""Enrichment: from text to knowledge (concepts, topics, type, entities, facts, items).

Runs inside the extraction worker for each document, after language
detection. The thesaurus and gazetteer load once per worker. Every detected
value keeps its evidence (the words and the passage it came from), so a user
can see why kb says what it says; sidecar values still override.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from kb.analysis import Analyzer, fold, tokenize
from kb.concepts import ConceptMatcher
from kb.config import Settings
from kb.models import DocumentRecord
from kb.thesaurus import Thesaurus, load_thesaurus

SIGNATURE_SIZE = 60
_MARK = re.compile(r"^(?:\d{3,}|[A-ZÆØÅÄÖÜ]{2,}[A-Za-z0-9]*|[A-Za-z]+[A-Z][A-Za-z0-9]*)$")


def signature(record: DocumentRecord) -> list[str]:
    """Language-neutral marks of a document, most frequent first: figures, acronyms, CamelCase names."""
    counts: Counter[str] = Counter()
    for passage in record.passages:
        for token in tokenize(passage.text):
            surface = passage.text[token.start : token.end]
            if _MARK.match(surface):
                counts[fold(surface)] += 1
    return [mark for mark, _count in counts.most_common(SIGNATURE_SIZE)]


class Enricher:
    """Holds the thesaurus and gazetteer; ``enrich`` fills a record in place."""

    def __init__(self, thesaurus: Thesaurus) -> None:
        self.thesaurus = thesaurus
        self.analyzer = Analyzer()
        self.matcher = ConceptMatcher(thesaurus, self.analyzer)

    def enrich(self, record: DocumentRecord) -> None:
        per_passage = []
        for passage in record.passages:
            lang = passage.language if passage.language != "und" else record.language
            text = f"{passage.heading}\n{passage.text}" if passage.heading else passage.text
            matches = self.matcher.match_text(text, lang)
            passage.concepts = [m.concept for m in matches]
            per_passage.append(matches)
        concepts: Counter[str] = Counter(m.concept for matches in per_passage for m in matches)
        record.concepts = dict(concepts.most_common())
        record.title_concepts = list(
            dict.fromkeys(m.concept for m in self.matcher.match_text(record.title, record.language))
        )
        record.signature = signature(record)


def load_enricher(settings: Settings) -> Enricher:
    return Enricher(load_thesaurus(Path(settings.thesaurus) if settings.thesaurus else None))
