"""DOCX with python-docx: paragraphs with heading levels, tables, text boxes, headers and footers.

Much real text sits outside plain body paragraphs (tables, content
controls, text boxes, headers/footers), so the body is walked element by
element in document order. Table rows become one line each with cells joined
by " | " (merged cells appear once). The archive is checked before parsing
(see ``ingest.officecheck``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

from ingest.extract.base import CharBudget, Limits, plausible_title, year_from_metadata
from ingest.officecheck import check_archive
from kb.errors import ExtractionError
from kb.models import Block, Extracted

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|overskrift|rubrik|kop|titre)\s*(\d)", re.I)


def _heading_level(p: Any, styles: dict[str, str]) -> int:
    style_id = p.find(f"{_W}pPr/{_W}pStyle")
    name = styles.get(style_id.get(f"{_W}val"), "") if style_id is not None else ""
    if name.lower() == "title":
        return 1
    match = _HEADING_STYLE.match(name)
    if match:
        return min(6, max(1, int(match.group(1))))
    outline = p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None:
        try:
            return min(6, int(outline.get(f"{_W}val", "9")) + 1)
        except ValueError:
            return 0
    return 0


def _walk(element: Any, styles: dict[str, str]) -> Iterator[Block]:
    for child in element:
        tag = child.tag
        if tag == f"{_W}p":
            text = _runs_outside_textboxes(child)
            if text:
                yield Block(text, _heading_level(child, styles))
            for box in child.iter(f"{_W}txbxContent"):
                yield from _walk(box, styles)
        elif tag == f"{_W}tbl":
            yield from _table(child, styles)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _walk(content, styles)


def _runs_outside_textboxes(p: Any) -> str:
    parts = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if any(anc.tag == f"{_W}txbxContent" for anc in node.iterancestors()):
            continue
        parts.append(node.text or "" if node.tag == f"{_W}t" else (" " if node.tag == f"{_W}tab" else "\n"))
    return "".join(parts).strip()


def _table(tbl: Any, styles: dict[str, str]) -> Iterator[Block]:
    for row in tbl.iter(f"{_W}tr"):
        if any(anc.tag == f"{_W}tr" for anc in row.iterancestors()):
            continue  # nested tables are read inside their cell
        cells: list[str] = []
        for cell in row.findall(f"{_W}tc"):
            text = " ".join(b.text for b in _walk(cell, styles)).strip()
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield Block(" | ".join(cells))


def extract(path: Path, limits: Limits) -> Extracted:
    check_archive(path, limits)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise ExtractionError("not a Word document package (damaged, or a legacy .doc renamed .docx)") from exc
    except (KeyError, ValueError) as exc:
        raise ExtractionError(f"damaged Word document ({type(exc).__name__}: {str(exc)[:120]})") from exc
    except Exception as exc:  # lxml raises XMLSyntaxError for malformed parts and hostile entity expansion
        raise ExtractionError(f"damaged Word document ({type(exc).__name__}: {str(exc)[:120]})") from exc
    styles = {}
    try:
        for style in document.styles:
            styles[style.style_id] = style.name or ""
    except (KeyError, ValueError, AttributeError):
        styles = {}
    budget = CharBudget(limits.max_chars)
    blocks: list[Block] = []
    for block in _walk(document.element.body, styles):
        text = budget.take(block.text)
        if text:
            blocks.append(Block(text, block.heading_level))
        if budget.full:
            break
    seen: set[str] = set()
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            try:
                if part.is_linked_to_previous:
                    continue
                for block in _walk(part._element, styles):
                    if block.text not in seen:
                        seen.add(block.text)
                        text = budget.take(block.text)
                        if text:
                            blocks.append(Block(text))
            except (KeyError, ValueError, AttributeError):
                continue
    props = document.core_properties
    return Extracted(
        "docx",
        blocks,
        title=plausible_title(props.title),
        year=year_from_metadata(props.created),
        warnings=budget.warnings(),
    )
