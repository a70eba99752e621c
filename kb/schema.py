"""The Whoosh schema and what a document becomes in it: one record per passage plus one per document.

Passages carry their document's filter fields (type, languages, topics,
countries, programmes, year) so a query matches at passage level and results
group by document. Text fields receive terms already analysed by
``kb.analysis`` (space-separated positions, ``|`` between terms sharing a
position), so the engine never decides how text is cut. Bump
``SCHEMA_VERSION`` whenever fields or analysis change: an index built with
another version is rebuilt instead of being misread.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kb.analysis import INDEX_LANGUAGES, Analyzer
from kb.models import DocumentRecord, to_dict

SCHEMA_VERSION = 7
PLACE_PREFIX = "place:"  # gazetteer ids in the concepts field: places are language-independent too
TEXT_ROLES = ("title", "heading", "body")
FILTER_FIELDS = ("doc_type", "languages", "topics", "countries", "programmes", "year")


class PreAnalyzed(Tokenizer):  # type: ignore[misc]
    """Reads ``a b|c d``: three positions, the second holding two terms."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Any:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        offset = 0
        for pos, group in enumerate(value.split(" ") if tokenize else [value]):
            for term in group.split("|") if tokenize else [group]:
                if not term:
                    continue
                token.text = term
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = term
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar = start_char + offset
                    token.endchar = start_char + offset + len(group)
                yield token
            offset += len(group) + 1


def text_field(role: str, lang: str) -> str:
    return f"{role}_{lang}"


def build_schema() -> Schema:
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "kind": ID(stored=True),  # "d" document record, "p" passage
        "path": ID(stored=True),
        "ordinal": NUMERIC(int, stored=True),
        "lang": ID(stored=True),
        "page": STORED(),
        "heading": STORED(),
        "text": STORED(),
        "meta": STORED(),
        "lang_confidence": STORED(),
        "passage_topics": STORED(),
        "concepts": TEXT(analyzer=PreAnalyzed(), phrase=False),  # thesaurus concept ids: language-independent
        "title_concepts": TEXT(analyzer=PreAnalyzed(), phrase=False),
        "content_hash": ID(stored=True),
        "plain": TEXT(analyzer=PreAnalyzed(), phrase=False),
        "doc_type": ID(stored=True),
        "languages": KEYWORD(commas=True, lowercase=False),
        "topics": KEYWORD(commas=True, lowercase=False),
        "countries": KEYWORD(commas=True, lowercase=False),
        "programmes": KEYWORD(commas=True, lowercase=False),
        "year": NUMERIC(int, stored=True),
    }
    for lang in INDEX_LANGUAGES:
        for role in TEXT_ROLES:
            fields[text_field(role, lang)] = TEXT(analyzer=PreAnalyzed(), phrase=True)
    return Schema(**fields)


_DOC_LANGUAGE_SHARE = 0.15  # a language counts for filters when it covers this share of the text


def record_to_fields(record: DocumentRecord, analyzer: Analyzer) -> Iterator[dict[str, Any]]:
    """The Whoosh documents for one record: the document record, then one per passage."""
    meta = to_dict(record)
    meta["passages"] = []
    filters = _filter_fields(record)
    yield {
        "id": f"d:{record.path}",
        "kind": "d",
        "path": record.path,
        "content_hash": record.content_hash,
        "meta": json.dumps(meta, ensure_ascii=False),
        **filters,
    }
    doc_lang = record.language
    title_text = " ".join([record.title, *record.keywords])
    title_terms = analyzer.field_text(title_text, doc_lang)
    title_plain = analyzer.plain_text(title_text)
    title_concepts = " ".join(record.title_concepts)
    places = _places_by_passage(record)
    for passage in record.passages:
        lang = passage.language if passage.language != "und" else doc_lang
        fields: dict[str, Any] = {
            "id": f"p:{record.path}#{passage.ordinal}",
            "kind": "p",
            "path": record.path,
            "ordinal": passage.ordinal,
            "lang": lang,
            "page": passage.page,
            "heading": passage.heading,
            "text": passage.text,
            "lang_confidence": passage.language_confidence,
            "passage_topics": list(passage.topics),
            "concepts": " ".join([*passage.concepts, *places.get(passage.ordinal, ())]),
            "title_concepts": title_concepts,
            "plain": " ".join(
                [title_plain, analyzer.plain_text(passage.heading or ""), analyzer.plain_text(passage.text)]
            ),
            text_field("title", doc_lang): title_terms,
            **filters,
        }
        if passage.heading:
            fields[text_field("heading", lang)] = analyzer.field_text(passage.heading, lang)
        body = analyzer.field_text(passage.text, lang)
        if body:
            fields[text_field("body", lang)] = body
        yield fields


def _places_by_passage(record: DocumentRecord) -> dict[int, list[str]]:
    """Gazetteer entities (places, programmes, projects, organisations) per passage, as concept terms."""
    found: dict[int, list[str]] = {}
    entities = record.entities
    for group in (entities.countries, entities.regions, entities.programmes, entities.projects, entities.organisations):
        for entity in group:
            for ordinal in entity.passages:
                found.setdefault(ordinal, []).append(PLACE_PREFIX + entity.id)
    return found


def _filter_fields(record: DocumentRecord) -> dict[str, Any]:
    languages = {record.language} | {s.code for s in record.languages if s.share >= _DOC_LANGUAGE_SHARE}
    fields: dict[str, Any] = {
        "doc_type": record.doc_type,
        "languages": ",".join(sorted(languages)),
        "topics": ",".join(record.topic_ids),
        "countries": ",".join(record.countries),
        "programmes": ",".join(p.replace(",", " ") for p in record.programmes),
    }
    if record.year is not None:
        fields["year"] = record.year
    return fields
