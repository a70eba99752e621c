"""Enrichment: topics, document type, entities, facts and items."""

from __future__ import annotations

from kb.config import Settings
from kb.models import DocumentRecord


class Enricher:
    def enrich(self, record: DocumentRecord) -> None:
        return None


def load_enricher(settings: Settings) -> Enricher:
    return Enricher()
