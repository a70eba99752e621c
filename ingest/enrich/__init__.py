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

from ingest.enrich.doctype import classify
from ingest.enrich.entities import find_entities, implied_countries
from ingest.enrich.facts import extract_facts
from ingest.enrich.items import extract_items
from ingest.enrich.topics import score_topics
from kb.analysis import Analyzer, fold, tokenize
from kb.concepts import ConceptMatcher
from kb.config import Settings
from kb.gazetteer import Gazetteer, GazetteerMatcher, load_gazetteer
from kb.models import DocumentRecord
from kb.thesaurus import Thesaurus, load_thesaurus

SIGNATURE_SIZE = 60
_MARK = re.compile(r"^(?:\d{3,}|[A-ZÆØÅÄÖÜ]{2,}[A-Za-z0-9]*|[A-Za-z]+[A-Z][A-Za-z0-9]*)$")
_NOT_PROGRAMMES = frozenset({"fund", "strategy"})


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

    def __init__(self, thesaurus: Thesaurus, gazetteer: Gazetteer) -> None:
        self.thesaurus = thesaurus
        self.analyzer = Analyzer()
        self.matcher = ConceptMatcher(thesaurus, self.analyzer)
        self.places = GazetteerMatcher(gazetteer)

    def enrich(self, record: DocumentRecord) -> None:
        per_passage = []
        for passage in record.passages:
            lang = passage.language if passage.language != "und" else record.language
            text = f"{passage.heading}\n{passage.text}" if passage.heading else passage.text
            matches = self.matcher.match_text(text, lang)
            passage.concepts = [m.concept for m in matches]
            per_passage.append(matches)
        title_matches = self.matcher.match_text(record.title, record.language)
        record.concepts = dict(Counter(m.concept for matches in per_passage for m in matches).most_common())
        record.title_concepts = list(dict.fromkeys(m.concept for m in title_matches))
        record.signature = signature(record)
        record.entities = find_entities(record, self.places)
        record.countries = implied_countries(record.entities, self.places)
        record.regions = [e.name for e in record.entities.regions]
        record.programmes = [
            e.name
            for e in record.entities.programmes
            if (place := self.places.gazetteer.get(e.id)) is not None and place.subkind not in _NOT_PROGRAMMES
        ]
        record.facts = extract_facts(record.passages, record.language)
        record.items = extract_items(record.passages, record.language)
        for item in record.items:
            lang = record.passages[item.passage].language if item.passage < len(record.passages) else record.language
            found = self.matcher.match_text(" ".join([item.text, *item.focus]), lang)
            item.topics = list(dict.fromkeys(m.concept for m in found))
        record.topics = score_topics(record, title_matches, per_passage, self.thesaurus)
        record.doc_type, _evidence = classify(record, title_matches, per_passage)

    def canonical_programme(self, name: str) -> str:
        """A sidecar's programme text under its gazetteer name, so facets group equal programmes."""
        for match in self.places.find(name):
            if match.place.kind == "programme" and match.end - match.start >= len(name.strip()) * 0.6:
                place = match.place
                return (
                    place.name if not place.period or place.period in place.name else f"{place.name} ({place.period})"
                )
        return name


def load_enricher(settings: Settings) -> Enricher:
    thesaurus = load_thesaurus(Path(settings.thesaurus) if settings.thesaurus else None)
    return Enricher(thesaurus, load_gazetteer())
