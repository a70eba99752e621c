"""The ingestion pipeline: corpus -> isolated extraction -> enrichment -> index.

``index_corpus`` is incremental by content hash (new files added, changed
files or sidecars replaced, deleted files removed) or, with ``rebuild``, builds
a fresh index aside and swaps it in. ``open_index`` is how the CLI and the app
open a home: a missing, damaged or outdated index is rebuilt from the corpus
with the reason logged, and an index that disagrees with the corpus is
brought up to date, so a half-broken index is never served.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.enrich import Enricher, load_enricher
from ingest.enrich.topics import sidecar_topics
from ingest.prepare import Job, failed_record
from ingest.worker import Outcome, WorkerPool
from kb.analysis import word_counts
from kb.config import Settings
from kb.corpus import iter_corpus, remove_orphan_sidecars
from kb.errors import IndexCorruptError, SidecarError
from kb.index import IndexedState, IndexStore, open_store
from kb.models import DocumentRecord, FileStatus, IndexReport
from kb.sidecar import load_sidecar, sidecar_path
from kb.storage import sha256_bytes, sha256_file

log = logging.getLogger("kb.ingest")

Progress = Callable[[Outcome], None]


@dataclass
class CheckReport:
    """Differences between the corpus and the index (``kb check``)."""

    integrity: str | None = None
    missing: list[str] = field(default_factory=list)  # in the corpus, not indexed
    changed: list[str] = field(default_factory=list)  # indexed from other content or another sidecar
    extra: list[str] = field(default_factory=list)  # indexed, no longer in the corpus

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.missing or self.changed or self.extra)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "integrity": self.integrity,
            "missing": self.missing,
            "changed": self.changed,
            "extra": self.extra,
        }


def _sidecar_state(settings: Settings, abspath: Path, rel: str) -> tuple[dict[str, Any], str | None, str | None]:
    """(values, hash of the raw sidecar, error) for one document."""
    try:
        values, raw = load_sidecar(abspath, settings.sidecar_max_bytes, label=f"{rel}.yaml")
        return values, sha256_bytes(raw) if raw is not None else None, None
    except SidecarError as exc:
        return {}, _sidecar_hash(abspath), str(exc)


def apply_sidecar(
    record: DocumentRecord,
    values: dict[str, Any],
    error: str | None,
    sidecar_hash: str | None,
    enricher: Enricher | None = None,
) -> None:
    """Sidecar values override what was detected; a bad sidecar is reported and ignored."""
    record.sidecar_hash = sidecar_hash
    if error:
        record.warnings.append(f"sidecar ignored: {error}")
        if record.status == "ok":
            record.status = "warning"
        return
    simple = ("title", "doc_type", "language", "year", "source_url", "original_name", "description", "project")
    for name in simple:
        if name in values:
            setattr(record, name, values[name])
            record.overrides.append(name)
    for name in ("programmes", "countries", "regions", "keywords"):
        if name in values:
            setattr(record, name, list(values[name]))
            record.overrides.append(name)
    if "language" in values and not any(s.code == values["language"] for s in record.languages):
        record.language_confidence = 1.0
    if "topics" in values:
        record.topics = sidecar_topics(values["topics"], enricher.thesaurus if enricher else None)
        record.overrides.append("topics")
    if enricher is not None:
        if "programmes" in values:
            record.programmes = list(dict.fromkeys(enricher.canonical_programme(p) for p in record.programmes))
        if "title" in values:
            found = enricher.matcher.match_text(record.title, record.language)
            record.title_concepts = list(dict.fromkeys(m.concept for m in found))


def _sidecar_hash(abspath: Path) -> str | None:
    try:
        return sha256_file(sidecar_path(abspath))
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"


def _scan(settings: Settings) -> dict[str, tuple[Path, str, str | None]]:
    """(file, content hash, sidecar hash) per document; sidecars are parsed only for files that changed."""
    scanned = {}
    for entry in iter_corpus(settings.corpus_dir):
        try:
            digest = sha256_file(entry.abspath)
        except OSError:
            continue
        scanned[entry.path] = (entry.abspath, digest, _sidecar_hash(entry.abspath))
    return scanned


def _report_statuses(report: IndexReport, catalog: dict[str, DocumentRecord]) -> None:
    """Every file currently failed or with warnings (the state of the corpus, not only this run's files)."""
    for path in sorted(catalog):
        record = catalog[path]
        if record.status == "failed":
            report.failed.append(FileStatus(path, "failed", list(record.warnings)))
        elif record.status == "warning":
            report.warnings.append(FileStatus(path, "warning", list(record.warnings)))


def index_corpus(settings: Settings, *, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
    """Bring the index in line with the corpus; returns what changed and every file's trouble."""
    started = time.perf_counter()
    store = open_store(settings)
    report = IndexReport()
    remove_orphan_sidecars(settings.corpus_dir)
    state: dict[str, IndexedState] = {}
    if not rebuild and store.exists():
        try:
            store.verify()
            state = store.indexed_state()
        except IndexCorruptError as exc:
            log.warning("rebuilding the index from the corpus: %s", exc)
            report.rebuilt_reason = str(exc)
            rebuild = True
    scanned = _scan(settings)
    jobs, unchanged = [], []
    for path, (abspath, digest, side_hash) in scanned.items():
        known = state.get(path)
        if known is not None and known.content_hash == digest and known.sidecar_hash == side_hash:
            unchanged.append(path)
        else:
            jobs.append(Job(path, str(abspath)))
    removed = [p for p in state if p not in scanned]
    records: dict[str, DocumentRecord] = {}
    enricher = load_enricher(settings) if jobs else None
    for outcome in WorkerPool(settings, size=min(settings.worker_count, max(1, len(jobs)))).run(jobs, progress):
        abspath = scanned[outcome.path][0]
        values, side_hash, error = _sidecar_state(settings, abspath, outcome.path)
        if outcome.record is None:
            record = failed_record(Job(outcome.path, str(abspath)), outcome.error or "unknown failure")
            record.sidecar_hash = side_hash
        else:
            record = outcome.record
            apply_sidecar(record, values, error, side_hash, enricher)
        records[outcome.path] = record
    if rebuild or records or removed or not store.exists():  # an unchanged corpus commits nothing
        with store.writer(rebuild=rebuild) as writer:
            writer.extend_lexicon(word_counts((p.text, p.language) for r in records.values() for p in r.passages))
            for path in removed:
                writer.delete(path)
            for path in sorted(records):
                writer.add(records[path])
    for path in records:
        if path in state:
            report.updated += 1
        else:
            report.added += 1
    report.removed = len(removed)
    report.unchanged = len(unchanged)
    _report_statuses(report, store.snapshot().catalog)
    report.seconds = time.perf_counter() - started
    return report


def check_index(settings: Settings, store: IndexStore | None = None) -> CheckReport:
    """Compare the corpus with the index without changing anything."""
    store = store or open_store(settings)
    report = CheckReport()
    try:
        store.verify()
        state = store.indexed_state()
    except IndexCorruptError as exc:
        report.integrity = str(exc)
        return report
    scanned = _scan(settings)
    for path, (_abspath, digest, side_hash) in sorted(scanned.items()):
        known = state.get(path)
        if known is None:
            report.missing.append(path)
        elif known.content_hash != digest or known.sidecar_hash != side_hash:
            report.changed.append(path)
    report.extra = sorted(p for p in state if p not in scanned)
    return report


def open_index(settings: Settings, *, sync: bool = True) -> IndexStore:
    """An index that is sound and matches the corpus, repairing or rebuilding it first if needed."""
    store = open_store(settings)
    problem = check_index(settings, store)
    if problem.integrity:
        log.warning("index unusable, rebuilding from the corpus: %s", problem.integrity)
        index_corpus(settings, rebuild=True)
    elif sync and not problem.ok:
        log.info(
            "index out of date (%d missing, %d changed, %d extra): updating",
            len(problem.missing),
            len(problem.changed),
            len(problem.extra),
        )
        index_corpus(settings)
    return store
