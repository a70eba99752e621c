"""Adding documents from the app: preview what kb detects, then save under names kb makes.

``preview`` reads each uploaded file in the same isolated workers as indexing
(from a temporary folder outside the corpus) and reports what was detected
(title, type, language, topics) or why the file cannot be used: too large,
an unsupported format, a duplicate of a document already in the corpus.
``save`` stores a file (slug plus short hash, the uploaded name kept only as
metadata; atomic and durable) with the metadata the researcher confirmed,
and indexes it, so it is searchable when ``save`` returns.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.pipeline import index_corpus
from ingest.prepare import Job
from ingest.worker import WorkerPool
from kb.config import Settings
from kb.corpus import add_document, clean_original_name, find_by_hash
from kb.formats import EXTENSIONS, sniff
from kb.index import IndexStore
from kb.models import DocumentRecord, IndexReport
from kb.storage import sha256_bytes


@dataclass
class Preview:
    name: str  # the uploaded name, cleaned (NFC, no folders)
    size: int
    record: DocumentRecord | None = None  # what was detected
    duplicate_of: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.record is not None and self.record.status != "failed" and not self.duplicate_of


def check_sizes(settings: Settings, files: list[tuple[str, bytes]]) -> str | None:
    """A message when the request as a whole is too large, else None."""
    total = sum(len(data) for _name, data in files)
    if total > settings.max_request_mb * 2**20:
        limit = settings.max_request_mb
        return f"{total / 2**20:.0f} MiB in one upload is over the {limit} MiB limit; upload fewer files at a time"
    return None


def preview(settings: Settings, store: IndexStore, files: list[tuple[str, bytes]]) -> list[Preview]:
    """Detect what each file holds, without touching the corpus."""
    known = store.snapshot().hash_to_path
    previews: list[Preview] = []
    jobs: list[Job] = []
    with tempfile.TemporaryDirectory(prefix="kb-upload-") as tmp:
        for number, (raw_name, data) in enumerate(files):
            name = clean_original_name(raw_name)
            item = Preview(name, len(data))
            previews.append(item)
            if len(data) > settings.max_file_mb * 2**20:
                item.problems.append(
                    f"{len(data) / 2**20:.1f} MiB is over the {settings.max_file_mb} MiB limit per file"
                )
                continue
            sniffed = sniff(data[:65536], name, data=data)
            if sniffed.format is None:
                item.problems.append(sniffed.reason or "not a format kb reads")
                continue
            existing = find_by_hash(settings.corpus_dir, sha256_bytes(data), known)
            if existing:
                item.duplicate_of = existing
                item.problems.append(f"the same file is already in the corpus as {existing}")
                continue
            path = Path(tmp) / f"upload-{number}{EXTENSIONS[sniffed.format]}"
            path.write_bytes(data)
            jobs.append(Job(str(number), str(path)))
        for outcome in WorkerPool(settings, size=min(settings.worker_count, max(1, len(jobs)))).run(jobs):
            item = previews[int(outcome.path)]
            if outcome.record is None:
                item.problems.append(outcome.error or "could not be read")
            else:
                outcome.record.path = item.name
                item.record = outcome.record
                item.problems.extend(outcome.record.warnings)
    return previews


def save(
    settings: Settings, store: IndexStore, name: str, data: bytes, metadata: dict[str, Any], folder: str = "uploads"
) -> tuple[str, IndexReport]:
    """Store one file with its sidecar and index it; returns its document id and the index report.

    Raises a KBError (duplicate, unsupported format, too large) with a message fit for the user.
    """
    known = store.snapshot().hash_to_path
    path = add_document(
        settings.corpus_dir,
        data,
        name,
        metadata,
        folder=folder,
        known_hashes=known,
        max_bytes=settings.max_file_mb * 2**20,
    )
    return path, index_corpus(settings)
