"""The records kb passes between layers and prints as JSON.

Plain dataclasses, so the CLI, the app and the tests never see engine types.
``to_dict``/``from_dict`` round-trip them through JSON (the index stores a
document's record as JSON, and ``kb show --json`` prints it).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

Status = Literal["ok", "warning", "failed"]
ItemKind = Literal["recommendation", "workshop"]


@dataclass(frozen=True)
class Block:
    """A piece of extracted text before passages are made: a paragraph, heading, table row or slide."""

    text: str
    heading_level: int = 0  # 0 = body text, 1..6 = heading of that level
    page: int | None = None  # page (PDF) or slide (PPTX) number, 1-based


@dataclass
class Extracted:
    """What an extractor returns: text blocks plus what the file itself says about itself."""

    format: str
    blocks: list[Block]
    title: str | None = None
    year: int | None = None
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None


@dataclass(frozen=True)
class LanguageShare:
    code: str
    share: float


@dataclass
class Passage:
    ordinal: int
    text: str
    heading: str | None = None
    page: int | None = None
    language: str = "und"
    language_confidence: float = 0.0
    topics: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)  # thesaurus concepts mentioned (ids, repeated per mention)


@dataclass
class TopicScore:
    id: str
    label: str
    score: float
    evidence: list[str] = field(default_factory=list)
    passages: list[int] = field(default_factory=list)
    source: Literal["detected", "sidecar"] = "detected"


@dataclass
class Entity:
    id: str
    name: str
    kind: str  # country | region | programme | organisation | project
    count: int = 1
    code: str | None = None  # ISO country code or NUTS code
    lat: float | None = None
    lon: float | None = None
    period: str | None = None
    passages: list[int] = field(default_factory=list)


@dataclass
class Entities:
    countries: list[Entity] = field(default_factory=list)
    regions: list[Entity] = field(default_factory=list)
    programmes: list[Entity] = field(default_factory=list)
    organisations: list[Entity] = field(default_factory=list)
    projects: list[Entity] = field(default_factory=list)


@dataclass
class Fact:
    """A figure with provenance: the passage it came from and the sentence as evidence.

    ``value`` is JSON: a number (money in ``unit``, counts), ``{"min": .., "max": ..}`` for ranges,
    ``"YYYY-YYYY"`` for periods, ``"YYYY-MM-DD"`` for dates.
    """

    # total_budget | eu_contribution | budget | project_period | programming_period | start_date | event_date
    # | participants | partners | countries | clusters
    kind: str
    value: Any
    unit: str | None
    text: str
    passage: int
    subject: str | None = None  # project or programme the fact is about, when known


@dataclass
class Item:
    """A citable unit inside a document: one recommendation, or one workshop/event."""

    kind: ItemKind
    text: str
    passage: int
    date: str | None = None  # ISO YYYY-MM-DD (workshops: first day)
    end_date: str | None = None  # ISO, for events over several days
    title: str | None = None
    number: int | None = None  # the item's number in its list, when numbered
    focus: list[str] = field(default_factory=list)  # focus topics as written (workshops)
    topics: list[str] = field(default_factory=list)  # thesaurus topic ids


@dataclass
class FileStatus:
    """How ingesting one file ended: ``ok``, ``warning`` (indexed, with reasons) or ``failed``."""

    path: str
    status: Status
    reasons: list[str] = field(default_factory=list)


@dataclass
class DocumentRecord:
    """Everything known about one corpus file (``kb show``)."""

    path: str
    content_hash: str
    size: int
    format: str
    title: str
    doc_type: str = "other"
    language: str = "und"
    language_confidence: float = 0.0
    languages: list[LanguageShare] = field(default_factory=list)
    topics: list[TopicScore] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    year: int | None = None
    source_url: str | None = None
    original_name: str | None = None
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    project: str | None = None
    pages: int | None = None
    passage_count: int = 0
    status: Status = "ok"
    warnings: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)  # fields set by the sidecar
    sidecar_hash: str | None = None
    entities: Entities = field(default_factory=Entities)
    facts: list[Fact] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    concepts: dict[str, int] = field(default_factory=dict)  # thesaurus concept -> mentions (any language)
    title_concepts: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)  # language-neutral marks: names, acronyms, figures
    passages: list[Passage] = field(default_factory=list)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self.topics]


@dataclass
class PassageHit:
    ordinal: int
    page: int | None
    heading: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # character spans in ``snippet``
    score: float = 0.0
    language: str = "und"


@dataclass
class SearchHit:
    path: str
    title: str
    language: str
    doc_type: str
    topics: list[str]
    year: int | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    passages: list[PassageHit] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: float
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    expanded_terms: list[str] = field(default_factory=list)
    suggestion: str | None = None
    query_language: str | None = None
    message: str | None = None  # a user-safe note, e.g. "query syntax ignored"
    timed_out: bool = False


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    failed: list[FileStatus] = field(default_factory=list)
    warnings: list[FileStatus] = field(default_factory=list)
    rebuilt_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The shape of ``kb index --json`` (the CLI contract)."""
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "seconds": round(self.seconds, 3),
            "failed": [{"path": f.path, "reason": "; ".join(f.reasons)} for f in self.failed],
            "warnings": [{"path": w.path, "reason": "; ".join(w.reasons)} for w in self.warnings],
        }


def to_dict(obj: Any) -> Any:
    """A JSON-ready copy of a dataclass tree (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


T = TypeVar("T")


Converter = typing.Callable[[Any], Any]


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a dataclass tree written by ``to_dict``; unknown keys are ignored."""
    return cast(T, _builder(cls)(data))  # type: ignore[arg-type]


@functools.cache
def _builder(cls: type) -> Converter:
    """A function that rebuilds ``cls`` from a dict. Worked out once per class: resolving type hints
    per record (``typing.get_type_hints``, ``get_origin``) was most of the time to open an index."""
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls)]

    def build(data: Any) -> Any:
        return cls(**{name: convert(data[name]) for name, convert in fields if name in data})

    return build


def _converter(hint: Any) -> Converter:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _optional(_converter(inner[0]))
        return _same
    if origin is list:
        item = _converter(args[0])
        if item is _same:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is tuple:
        return lambda value: None if value is None else tuple(value)
    if dataclasses.is_dataclass(hint):
        return _optional(_builder(hint))  # type: ignore[arg-type]
    return _same


def _optional(convert: Converter) -> Converter:
    return lambda value: None if value is None else convert(value)


def _same(value: Any) -> Any:
    return value
