"""Turning kb results into the CLI's JSON contract and into readable text."""

from __future__ import annotations

import json
import sys
from typing import Any

from kb.models import DocumentRecord, SearchResult, to_dict


def write_json(data: Any, *, lines: bool = False) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":") if lines else None, indent=None if lines else 2)
    sys.stdout.write(text + "\n")


def search_json(result: SearchResult) -> dict[str, Any]:
    """The ``kb search --json`` object (README: the command-line contract)."""
    return {
        "query": result.query,
        "total": result.total,
        "took_ms": result.took_ms,
        "hits": [
            {
                "path": hit.path,
                "title": hit.title,
                "language": hit.language,
                "doc_type": hit.doc_type,
                "topics": hit.topics,
                "year": hit.year,
                "score": hit.score,
                "snippet": hit.snippet,
                "passages": [
                    {"ordinal": p.ordinal, "page": p.page, "heading": p.heading, "snippet": p.snippet}
                    for p in hit.passages
                ],
                "programmes": hit.programmes,
                "countries": hit.countries,
            }
            for hit in result.hits
        ],
        "facets": result.facets,
        "expanded_terms": result.expanded_terms,
        "suggestion": result.suggestion,
        "query_language": result.query_language,
        "message": result.message,
    }


def search_text(result: SearchResult) -> str:
    lines = [f"{result.total} documents ({result.took_ms:.0f} ms)"]
    if result.message:
        lines.append(f"note: {result.message}")
    if result.expanded_terms:
        lines.append("also searched: " + ", ".join(result.expanded_terms))
    if result.suggestion:
        lines.append(f"did you mean: {result.suggestion}")
    for rank, hit in enumerate(result.hits, start=1):
        meta = " · ".join(str(v) for v in (hit.doc_type, hit.language, hit.year) if v)
        lines.append(f"\n{rank}. {hit.title}  [{meta}]")
        lines.append(f"   {hit.path}")
        if hit.snippet:
            lines.append(f"   {hit.snippet}")
    return "\n".join(lines)


def document_json(record: DocumentRecord) -> dict[str, Any]:
    data: dict[str, Any] = to_dict(record)
    entities = data.pop("entities")
    data["entities"] = entities
    return data


def document_text(record: DocumentRecord) -> str:
    lines = [record.title, record.path, ""]
    lines.append(
        f"type: {record.doc_type}   language: {record.language}   year: {record.year or '-'}   status: {record.status}"
    )
    if record.languages:
        lines.append("languages: " + ", ".join(f"{s.code} {s.share:.0%}" for s in record.languages))
    if record.topics:
        lines.append("topics: " + ", ".join(f"{t.label} ({t.score:.2f})" for t in record.topics))
    for warning in record.warnings:
        lines.append(f"warning: {warning}")
    for passage in record.passages:
        where = f"p.{passage.page}" if passage.page else ""
        lines.append(f"\n[{passage.ordinal}] {passage.heading or ''} {where} ({passage.language})")
        lines.append(passage.text)
    return "\n".join(lines)
