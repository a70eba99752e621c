"""One file in, one DocumentRecord out: sniff, extract, clean, cut, detect language, enrich.

This is what runs inside an isolated worker process. Everything it learns
about trouble ends up as a reason on the record: ``failed`` (nothing usable),
or ``warning`` (indexed, but a person should know: no text layer, garbage
characters, truncated, encrypted, unknown or mixed language).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import clean_blocks, measure
from ingest.enrich import Enricher
from ingest.extract.base import Limits, registry
from ingest.language import LanguageDetector, document_languages, tag_passages
from ingest.passages import make_passages
from kb.config import Settings
from kb.errors import ExtractionError, ResourceLimitError, UnsupportedFormatError
from kb.formats import sniff_file
from kb.models import Block, DocumentRecord, Extracted
from kb.storage import sha256_file

GARBAGE_LIMIT = 0.25
MIXED_SHARE = 0.2
_TITLE_JUNK = re.compile(
    r"^(?:page \d+|\d+|contents?|table of contents|inhalt|inhaltsverzeichnis|indhold|innehåll|best practices?|"
    r"abstract|introduction|einleitung|to cite this version:?|hal id.*|submitted on.*)$",
    re.I,
)


@dataclass(frozen=True)
class Job:
    path: str  # document id (relative to the corpus)
    abspath: str


class Preparer:
    """Holds what is costly to load (language profiles, enrichment data) for many files."""

    def __init__(self, settings: Settings, enricher: Enricher | None = None) -> None:
        self.settings = settings
        self.limits = Limits(
            max_chars=settings.max_chars,
            zip_max_bytes=settings.zip_max_mb * 2**20,
            zip_max_ratio=settings.zip_max_ratio,
            zip_max_entries=settings.zip_max_entries,
        )
        self.detector = LanguageDetector()
        self.extractors = registry()
        self.enricher = enricher

    def prepare(self, job: Job) -> DocumentRecord:
        path = Path(job.abspath)
        size = path.stat().st_size
        digest = sha256_file(path)
        if size > self.settings.max_file_mb * 2**20:
            raise ResourceLimitError(
                f"file is {size / 2**20:.0f} MiB; the limit is {self.settings.max_file_mb} MiB (KB_MAX_FILE_MB)"
            )
        sniffed = sniff_file(path)
        if sniffed.format is None:
            raise UnsupportedFormatError(sniffed.reason or "unsupported format")
        extracted = self.extractors[sniffed.format](path, self.limits)
        return self.build(job, extracted, digest, size)

    def build(self, job: Job, extracted: Extracted, digest: str, size: int) -> DocumentRecord:
        warnings = list(extracted.warnings)
        quality = measure(extracted.blocks)
        blocks = clean_blocks(extracted.blocks)
        passages = make_passages(blocks, per_page=extracted.format == "pptx")
        full_text = "\n\n".join(p.text for p in passages)
        letters = sum(ch.isalpha() for ch in full_text)
        if quality.chars and quality.garbage_share > GARBAGE_LIMIT:
            warnings.append(
                f"mostly (cid:..) codes or unreadable characters ({quality.garbage_share:.0%}): "
                "the PDF's fonts have no usable text mapping; only the readable part is indexed"
            )
        if full_text and letters < len(full_text) * 0.3:
            warnings.append("text is mostly symbols or numbers, not words: not indexed")
            passages, full_text = [], ""
        elif not passages:
            if extracted.format == "pdf":
                warnings.append("no text layer: probably a scanned or image-only PDF; run OCR and add it again")
            else:
                warnings.append("no text found: the document is empty")
        tag_passages(self.detector, passages)
        if len({p.language for p in passages} - {"und"}) > 1:
            # several languages: cut again at the blocks where the language changes
            block_langs = [self.detector.detect(b.text).code if not b.heading_level else "und" for b in blocks]
            passages = make_passages(blocks, languages=block_langs)
            tag_passages(self.detector, passages)
        language, confidence, shares = document_languages(self.detector, passages, full_text)
        if passages and language == "und":
            warnings.append("language unknown or not supported (kb reads da, de, en, sv, nb, nl, fr, pl, fi)")
        mixed = [s for s in shares if s.share >= MIXED_SHARE]
        if len(mixed) > 1:
            warnings.append("mixed languages: " + ", ".join(f"{s.code} {s.share:.0%}" for s in mixed))
        record = DocumentRecord(
            path=job.path,
            content_hash=digest,
            size=size,
            format=extracted.format,
            title=choose_title(extracted, blocks, job.path),
            language=language,
            language_confidence=confidence,
            languages=shares,
            year=extracted.year,
            pages=extracted.pages,
            passage_count=len(passages),
            status="warning" if warnings else "ok",
            warnings=warnings,
            passages=passages,
        )
        if self.enricher is not None and passages:
            self.enricher.enrich(record)
        return record


def choose_title(extracted: Extracted, blocks: list[Block], path: str) -> str:
    """First real heading on the first page, else the file's own title, else its first line, else its name."""
    first_page = [b for b in blocks if b.page in (None, 1)] or blocks
    for block in first_page:
        text = " ".join(block.text.split())
        if block.heading_level and 3 <= len(text) <= 160 and len(text.split()) >= 2 and not _TITLE_JUNK.match(text):
            return text
    if extracted.title:
        return str(extracted.title)
    for block in blocks[:3]:
        line = block.text.strip().split("\n")[0].strip()
        if 3 <= len(line) <= 160 and sum(ch.isalpha() for ch in line) >= 3:
            return line
    name = os.path.basename(path)
    stem = name.split(".")[0] or name
    return stem.replace("_", " ").replace("-", " ").strip() or name


def failed_record(job: Job, reason: str) -> DocumentRecord:
    """A record for a file that could not be read: kept so health views and ``kb check`` know it."""
    path = Path(job.abspath)
    try:
        digest, size = sha256_file(path), path.stat().st_size
    except OSError:
        digest, size = "", 0
    return DocumentRecord(
        path=job.path,
        content_hash=digest,
        size=size,
        format="unknown",
        title=os.path.basename(job.path),
        status="failed",
        warnings=[reason],
    )


__all__ = ["ExtractionError", "Job", "Preparer", "choose_title", "failed_record"]
