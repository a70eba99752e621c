"""Training packs: documents, passages, recommendations and workshops picked by a trainer.

A pack is an ordered list of references into the index. ``build_zip`` makes
the download: the original files, an overview in Markdown and as printable
HTML listing every item with its source and a citation, and ``pack.json``
(the pack itself, to load it again). Document text is escaped in both
overviews: a pack never carries live HTML or Markdown from a document.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
import zipfile
from dataclasses import dataclass, field
from typing import Literal

from kb.corpus import resolve_document
from kb.errors import KBError
from kb.index import IndexStore
from kb.models import DocumentRecord, from_dict, to_dict

ItemKind = Literal["document", "passage", "recommendation", "workshop"]
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


@dataclass
class PackItem:
    kind: ItemKind
    path: str
    ordinal: int | None = None  # passage ordinal (passages) or index into the document's items
    note: str | None = None  # the trainer's own note


@dataclass
class TrainingPack:
    title: str = "Training pack"
    items: list[PackItem] = field(default_factory=list)

    def add(self, item: PackItem) -> bool:
        """Append unless the same reference is already in the pack."""
        key = (item.kind, item.path, item.ordinal)
        if any((i.kind, i.path, i.ordinal) == key for i in self.items):
            return False
        self.items.append(item)
        return True

    def move(self, index: int, offset: int) -> None:
        target = index + offset
        if 0 <= index < len(self.items) and 0 <= target < len(self.items):
            self.items[index], self.items[target] = self.items[target], self.items[index]

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.items):
            del self.items[index]

    def to_json(self) -> str:
        return json.dumps(to_dict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> TrainingPack:
        return from_dict(cls, json.loads(text))


@dataclass
class ResolvedItem:
    item: PackItem
    heading: str  # what the item is: document title, passage heading, "Recommendation 3" ...
    text: str
    document: DocumentRecord
    citation: str
    page: int | None = None


def _citation(record: DocumentRecord, page: int | None, ordinal: int | None) -> str:
    parts = [record.title]
    if record.year:
        parts.append(str(record.year))
    if record.project:
        parts.append(record.project)
    where = f"p. {page}" if page else (f"passage {ordinal + 1}" if ordinal is not None else "")
    source = record.source_url or f"kb corpus: {record.path}"
    return ". ".join(p for p in [*parts, where, source] if p) + "."


def resolve(pack: TrainingPack, store: IndexStore) -> list[ResolvedItem]:
    """Look every item up in the index; items whose document is gone are skipped."""
    resolved: list[ResolvedItem] = []
    cache: dict[str, DocumentRecord] = {}
    for item in pack.items:
        try:
            record = cache.get(item.path) or store.document(item.path)
        except KBError:
            continue
        cache[item.path] = record
        if item.kind == "document":
            text = record.description or (record.passages[0].text if record.passages else "")
            resolved.append(ResolvedItem(item, record.title, text, record, _citation(record, None, None)))
        elif item.kind == "passage" and item.ordinal is not None and item.ordinal < len(record.passages):
            passage = record.passages[item.ordinal]
            heading = passage.heading or f"{record.title}, passage {passage.ordinal + 1}"
            citation = _citation(record, passage.page, passage.ordinal)
            resolved.append(ResolvedItem(item, heading, passage.text, record, citation, passage.page))
        elif (
            item.kind in ("recommendation", "workshop")
            and item.ordinal is not None
            and item.ordinal < len(record.items)
        ):
            found = record.items[item.ordinal]
            label = "Recommendation" if found.kind == "recommendation" else "Workshop"
            heading = found.title or (f"{label} {found.number}" if found.number else label)
            if found.date:
                heading += f" ({found.date})"
            page = record.passages[found.passage].page if found.passage < len(record.passages) else None
            text = found.text + (("\nFocus: " + ", ".join(found.focus)) if found.focus else "")
            resolved.append(ResolvedItem(item, heading, text, record, _citation(record, page, found.passage), page))
    return resolved


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def overview_markdown(pack: TrainingPack, items: list[ResolvedItem], created: str) -> str:
    lines = [f"# {_md(pack.title)}", "", f"Made with kb on {created}. {len(items)} items.", ""]
    for number, entry in enumerate(items, start=1):
        lines.append(f"## {number}. {_md(entry.heading)}")
        lines.append("")
        lines.append(f"*Source:* {_md(entry.document.title)} (`{entry.document.path}`, {entry.document.language})")
        if entry.item.note:
            lines.append(f"*Note:* {_md(entry.item.note)}")
        lines.append("")
        lines.extend(f"> {_md(line)}" if line.strip() else ">" for line in entry.text.splitlines())
        lines.append("")
        lines.append(f"*Citation:* {_md(entry.citation)}")
        lines.append("")
    return "\n".join(lines)


_CSS = (
    "body{font-family:Georgia,serif;max-width:48em;margin:2em auto;line-height:1.5;color:#222}"
    "h1{font-size:1.8em}h2{font-size:1.2em;margin-top:2em;page-break-after:avoid}"
    "blockquote{margin:0.5em 0;padding-left:1em;border-left:3px solid #ccc;white-space:pre-wrap}"
    ".meta{color:#555;font-size:0.9em}@media print{body{margin:0}}"
)


def overview_html(pack: TrainingPack, items: list[ResolvedItem], created: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{e(pack.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(pack.title)}</h1><p class='meta'>Made with kb on {e(created)}. {len(items)} items.</p>",
    ]
    for number, entry in enumerate(items, start=1):
        doc = entry.document
        parts.append(f"<h2>{number}. {e(entry.heading)}</h2>")
        parts.append(f"<p class='meta'>Source: {e(doc.title)} ({e(doc.path)}, {e(doc.language)})</p>")
        if entry.item.note:
            parts.append(f"<p class='meta'>Note: {e(entry.item.note)}</p>")
        parts.append(f"<blockquote>{e(entry.text)}</blockquote>")
        parts.append(f"<p class='meta'>Citation: {e(entry.citation)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def build_zip(pack: TrainingPack, store: IndexStore, created: str | None = None) -> bytes:
    """The pack as a ZIP: originals/, overview.md, overview.html, pack.json."""
    created = created or time.strftime("%Y-%m-%d")
    items = resolve(pack, store)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("overview.md", overview_markdown(pack, items, created))
        archive.writestr("overview.html", overview_html(pack, items, created))
        archive.writestr("pack.json", pack.to_json())
        seen: set[str] = set()
        for entry in items:
            path = entry.document.path
            if path in seen:
                continue
            seen.add(path)
            try:
                data = resolve_document(store.settings.corpus_dir, path).read_bytes()
            except (OSError, KBError):
                continue
            archive.writestr(f"originals/{path}", data)
    return buffer.getvalue()
