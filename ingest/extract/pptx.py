"""PPTX with python-pptx: one passage per slide, its title as heading, the slide number as page.

Text is gathered from text frames, tables and group shapes (recursively),
then the notes slide. Macro-enabled decks (.pptm) carry a different content
type that python-pptx refuses, so their main part is relabelled in memory;
the macros themselves are never touched.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pptx
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError

from ingest.extract.base import CharBudget, Limits, plausible_title, year_from_metadata
from ingest.officecheck import check_archive
from kb.errors import ExtractionError
from kb.models import Block, Extracted

_MACRO = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
_PLAIN = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)


def _open(path: Path) -> Any:
    try:
        return pptx.Presentation(str(path))
    except ValueError as exc:
        if "macroEnabled" not in str(exc):
            raise
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(_MACRO, _PLAIN)
            target.writestr(item, data)
    buffer.seek(0)
    return pptx.Presentation(buffer)


def _shape_texts(shapes: Any) -> Iterator[str]:
    for shape in shapes:
        try:
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                yield from _shape_texts(shape.shapes)
                continue
        except (NotImplementedError, KeyError, ValueError):
            pass
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            text = shape.text_frame.text.strip()
            if text:
                yield text
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):
                        cells.append(value)
                if cells:
                    yield " | ".join(cells)


def _title_shape(slide: Any) -> Any:
    for shape in slide.placeholders:
        try:
            if shape.placeholder_format.type in _TITLES:
                return shape
        except (ValueError, AttributeError):
            continue
    return None


def extract(path: Path, limits: Limits) -> Extracted:
    check_archive(path, limits)
    try:
        deck = _open(path)
    except PackageNotFoundError as exc:
        raise ExtractionError("not a PowerPoint package (damaged, or a legacy .ppt renamed .pptx)") from exc
    except Exception as exc:  # python-pptx/lxml raise many types on damaged parts
        raise ExtractionError(f"damaged PowerPoint file ({type(exc).__name__}: {str(exc)[:120]})") from exc
    budget = CharBudget(limits.max_chars)
    blocks: list[Block] = []
    number = 0
    for number, slide in enumerate(deck.slides, start=1):
        title_shape = _title_shape(slide)
        title = title_shape.text_frame.text.strip() if title_shape is not None and title_shape.has_text_frame else ""
        if title:
            blocks.append(Block(budget.take(" ".join(title.split())), 2, number))
        others = [s for s in slide.shapes if s is not title_shape]
        for text in _shape_texts(others):
            kept = budget.take(text)
            if kept:
                blocks.append(Block(kept, 0, number))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                blocks.append(Block(budget.take(notes.text.strip()), 0, number))
        if budget.full:
            break
    props = deck.core_properties
    return Extracted(
        "pptx",
        blocks,
        title=plausible_title(props.title),
        year=year_from_metadata(props.created),
        warnings=budget.warnings(),
        pages=number,
    )
