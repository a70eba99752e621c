"""PDF with pdfminer.six: text per page, headings guessed from font size.

Images are never decoded (only text objects are laid out), so a PDF that
declares giant images costs nothing. Encrypted files are tried with the empty
user password; if that fails the file ends ``encrypted`` with that reason.
pdfminer signals damaged input with several unrelated exception types
(``PSEOF`` is not a ``PDFException``; fuzzed files raise plain ``ValueError``),
so all of them become one ``ExtractionError`` naming what went wrong.
"""

from __future__ import annotations

import contextlib
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTFigure, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSException

from ingest.extract.base import CharBudget, Limits, plausible_title, year_from_metadata
from kb.errors import EncryptedDocumentError, ExtractionError
from kb.models import Block, Extracted

_HEADING_RATIO = 1.25
_MAX_HEADING_CHARS = 160
#: A "heading" ending in one of these is a line of a larger-font paragraph.
_CONNECTORS = frozenset(
    [
        "and",
        "or",
        "of",
        "the",
        "a",
        "an",
        "in",
        "for",
        "to",
        "with",
        "by",
        "on",
        "at",
        "as",
        "und",
        "oder",
        "der",
        "die",
        "das",
        "des",
        "von",
        "für",
        "mit",
        "og",
        "eller",
        "af",
        "til",
        "med",
        "en",
        "et",
        "och",
        "av",
        "för",
        "van",
        "het",
        "voor",
        "de",
        "la",
        "le",
        "les",
        "pour",
    ]
)


def _box_size(box: Any) -> tuple[float, int]:
    """Median character size of a text box (first 40 characters) and its number of lines."""
    sizes: list[float] = []
    lines = 0
    for line in box:
        if isinstance(line, LTTextLine):
            lines += 1
            for char in line:
                if len(sizes) < 40 and isinstance(char, LTChar) and char.get_text().strip():
                    sizes.append(round(char.size, 1))
    return (statistics.median(sizes) if sizes else 0.0), lines


def _info(document: PDFDocument) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for entry in document.info or []:
        with contextlib.suppress(Exception):  # damaged metadata is not worth failing the file
            merged.update({k: resolve1(v) for k, v in entry.items()})
    return merged


def extract(path: Path, limits: Limits) -> Extracted:
    warnings: list[str] = []
    budget = CharBudget(limits.max_chars)
    boxes: list[tuple[str, tuple[float, int], int]] = []
    info: dict[str, Any] = {}
    pages = 0
    try:
        with path.open("rb") as handle:
            parser = PDFParser(handle)
            try:
                document = PDFDocument(parser, password="")
            except PDFPasswordIncorrect as exc:
                raise EncryptedDocumentError("encrypted PDF: a password is needed to open it") from exc
            except PDFEncryptionError as exc:
                raise EncryptedDocumentError(f"encrypted PDF with an unsupported scheme ({exc})") from exc
            if getattr(document, "encryption", None):
                warnings.append("encrypted PDF opened without a password (text may be restricted)")
            info = _info(document)
            manager = PDFResourceManager(caching=True)
            device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
            interpreter = PDFPageInterpreter(manager, device)
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                pages = number
                if budget.full:
                    budget.truncated = True
                    break
                interpreter.process_page(page)
                for element in _text_boxes(device.get_result()):
                    text = budget.take(element.get_text())
                    if text.strip():
                        boxes.append((text, _box_size(element), number))
    except ExtractionError:
        raise
    except MemoryError:
        raise
    except (
        PSException,
        ValueError,
        TypeError,
        KeyError,
        AssertionError,
        IndexError,
        AttributeError,
        OSError,
        EOFError,
    ) as exc:
        if boxes:
            warnings.append(f"damaged PDF: text after page {boxes[-1][2]} could not be read ({type(exc).__name__})")
        else:
            raise ExtractionError(f"damaged or unreadable PDF ({type(exc).__name__}: {str(exc)[:120]})") from exc
    except RecursionError as exc:
        raise ExtractionError("PDF structure nested too deeply to read (damaged or hostile file)") from exc
    return Extracted(
        "pdf",
        _blocks(boxes),
        title=plausible_title(info.get("Title")),
        year=year_from_metadata(info.get("CreationDate")),
        warnings=warnings + budget.warnings(),
        pages=pages,
    )


def _text_boxes(container: Any) -> Any:
    """Text boxes in reading order, including those inside figures (Form XObjects)."""
    for element in container:
        if isinstance(element, LTTextContainer):
            yield element
        elif isinstance(element, LTFigure):
            yield from _text_boxes(element)


def _blocks(boxes: list[tuple[str, tuple[float, int], int]]) -> list[Block]:
    weight: Counter[float] = Counter()
    for text, (size, _lines), _page in boxes:
        if size:
            weight[size] += len(text)
    body = weight.most_common(1)[0][0] if weight else 0.0
    candidates = []
    for text, (size, lines), page in boxes:
        compact = " ".join(text.split())
        heading = bool(
            body
            and size >= body * _HEADING_RATIO
            and lines <= 3
            and not compact.endswith(("-", ",", ";"))
            and sum(c.isalpha() for c in compact) >= 3
            and (compact[0].isupper() or compact[0].isdigit())
            and compact.rsplit(" ", 1)[-1].lower() not in _CONNECTORS
        )
        candidates.append((text, compact, size, page, heading))
    blocks: list[Block] = []
    i = 0
    while i < len(candidates):
        text, compact, size, page, heading = candidates[i]
        if not heading:
            blocks.append(Block(text, 0, page))
            i += 1
            continue
        # consecutive large boxes of one size on one page: a heading if short, else a lead paragraph
        j = i + 1
        while j < len(candidates) and candidates[j][4] and candidates[j][2] == size and candidates[j][3] == page:
            j += 1
        joined = " ".join(c[1] for c in candidates[i:j])
        if len(joined) <= _MAX_HEADING_CHARS:
            blocks.append(Block(joined, 1 if size >= body * 1.6 else 2, page))
        else:
            blocks.append(Block("\n".join(c[0] for c in candidates[i:j]), 0, page))
        i = j
    return blocks
