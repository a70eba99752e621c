"""The Whoosh index on disk: generations, verification, locking and writing.

Layout of ``index/``::

    CURRENT            name of the live generation folder (replaced atomically)
    gen-<stamp>/       a Whoosh index plus lexicon.json and manifest.json
    .write.lock        one writer at a time (flock, waits ``lock_timeout``)
    .commit.lock       writers hold it exclusively while committing, readers
                       shared while opening, so nobody opens a half-written state

Whoosh neither fsyncs nor checksums, so after every commit kb fsyncs the files
and records their sizes and SHA-256 in ``manifest.json``; opening verifies
them and raises ``IndexCorruptError`` (the caller rebuilds from the corpus)
rather than serving a damaged index. ``--rebuild`` builds a new generation
aside and swaps ``CURRENT`` only after it is complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from kb.analysis import Analyzer
from kb.config import Settings
from kb.decompound import Decompounder, merge_counts
from kb.errors import DocumentNotFoundError, IndexBusyError, IndexCorruptError, SchemaMismatchError
from kb.gazetteer import Gazetteer, GazetteerMatcher, load_gazetteer
from kb.models import DocumentRecord, Passage, from_dict, to_dict
from kb.schema import SCHEMA_VERSION, TEXT_ROLES, build_schema, record_to_fields
from kb.snapshot import Snapshot
from kb.storage import atomic_write_bytes, file_lock, fsync_dir, sha256_file
from kb.thesaurus import Thesaurus, extra_words_for_compounds, load_thesaurus

log = logging.getLogger(__name__)

INDEX_NAME = "MAIN"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LEXICON = "lexicon.json"


@dataclass(frozen=True)
class IndexedState:
    """What incremental indexing compares with the corpus."""

    content_hash: str
    sidecar_hash: str | None
    status: str


def _toc_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.toc"


def _current_files(ix: Any, gen_dir: Path) -> list[str]:
    generation = ix.latest_generation()
    segment_ids = [seg.segment_id() for seg in ix._segments()]
    names = [_toc_name(generation)]
    for name in sorted(os.listdir(gen_dir)):
        if any(name.startswith(segment_id) for segment_id in segment_ids):
            names.append(name)
    if (gen_dir / LEXICON).exists():
        names.append(LEXICON)
    return names


def _fsync_files(gen_dir: Path, names: list[str]) -> None:
    for name in names:
        fd = os.open(gen_dir / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fsync_dir(gen_dir)


def _write_manifest(gen_dir: Path, ix: Any, documents: int, vocabulary: str) -> None:
    names = _current_files(ix, gen_dir)
    _fsync_files(gen_dir, names)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "vocabulary": vocabulary,
        "generation": ix.latest_generation(),
        "documents": documents,
        "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": {name: [(gen_dir / name).stat().st_size, sha256_file(gen_dir / name)] for name in names},
    }
    atomic_write_bytes(gen_dir / MANIFEST, json.dumps(manifest, indent=1).encode())


def _check_manifest(gen_dir: Path, vocabulary: str, *, checksums: bool = True) -> dict[str, Any]:
    path = gen_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"{path}: missing; the index was never completed") from exc
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{path}: unreadable ({exc})") from exc
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise SchemaMismatchError(
            f"index schema version {manifest.get('schema_version')} differs from this kb's {SCHEMA_VERSION}; "
            "it must be rebuilt (kb index --rebuild)"
        )
    if vocabulary and manifest.get("vocabulary") != vocabulary:
        # passages carry the concepts and places found in them: other labels mean other terms
        raise SchemaMismatchError(
            f"{gen_dir}: indexed with another thesaurus or gazetteer than the one loaded now; "
            "it must be rebuilt (kb index --rebuild)"
        )
    latest = _latest_toc(gen_dir)
    if latest != manifest.get("generation"):
        raise IndexCorruptError(
            f"{gen_dir}: commit {latest} is not the verified commit {manifest.get('generation')} "
            "(a write was interrupted)"
        )
    for name, (size, digest) in manifest.get("files", {}).items():
        file = gen_dir / name
        try:
            actual = file.stat().st_size
        except FileNotFoundError as exc:
            raise IndexCorruptError(f"{file}: missing from the index") from exc
        if actual != size:
            raise IndexCorruptError(f"{file}: {actual} bytes where {size} were written (truncated or damaged)")
        if checksums and sha256_file(file) != digest:
            raise IndexCorruptError(f"{file}: checksum differs from the one written (damaged)")
    return dict(manifest)


def _latest_toc(gen_dir: Path) -> int | None:
    gens = []
    prefix = f"_{INDEX_NAME}_"
    for name in os.listdir(gen_dir):
        if name.startswith(prefix) and name.endswith(".toc"):
            with contextlib.suppress(ValueError):
                gens.append(int(name[len(prefix) : -4]))
    return max(gens) if gens else None


class IndexStore:
    """The index of one KB home. Safe to share between threads; open a searcher per request."""

    def __init__(
        self, settings: Settings, thesaurus: Thesaurus | None = None, gazetteer: Gazetteer | None = None
    ) -> None:
        self.settings = settings
        self.root = settings.index_dir
        self.thesaurus = thesaurus
        self.places = GazetteerMatcher(gazetteer) if gazetteer is not None else None
        self.extra_words = extra_words_for_compounds(thesaurus) if thesaurus is not None else {}
        #: what the index's concept and place terms were derived from ("" when none is loaded)
        self.vocabulary = hashlib.sha256(
            f"{thesaurus.fingerprint if thesaurus else ''}:{gazetteer.fingerprint if gazetteer else ''}".encode()
        ).hexdigest()
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    # -- locations -----------------------------------------------------------------------------
    @property
    def commit_lock_path(self) -> Path:
        return self.root / ".commit.lock"

    def current_dir(self) -> Path | None:
        try:
            name = (self.root / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise IndexCorruptError(f"{self.root / CURRENT}: unreadable ({exc.strerror})") from exc
        if not name.startswith("gen-") or "/" in name:
            raise IndexCorruptError(f"{self.root / CURRENT}: does not name an index generation")
        return self.root / name

    def exists(self) -> bool:
        try:
            current = self.current_dir()
        except IndexCorruptError:
            return True  # present but broken: verify() says why
        return current is not None

    @contextlib.contextmanager
    def _shared(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.commit_lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- reading -------------------------------------------------------------------------------
    def verify(self, checksums: bool = True) -> dict[str, Any]:
        """Check the live generation against its manifest; raise IndexCorruptError if it does not match."""
        with self._shared():
            current = self.current_dir()
            if current is None:
                raise IndexCorruptError(f"{self.root}: no index yet; run kb index")
            if not current.is_dir():
                raise IndexCorruptError(f"{current}: the live index folder is missing")
            return _check_manifest(current, self.vocabulary, checksums=checksums)

    def snapshot(self) -> Snapshot:
        """The latest committed state, reloaded when a writer has committed since the last call."""
        with self._lock, self._shared():
            current = self.current_dir()
            if current is None:
                raise IndexCorruptError(f"{self.root}: no index yet; run kb index")
            cached = self._snapshot
            latest = _latest_toc(current) if current.is_dir() else None
            if cached is not None and cached.gen_dir == current and cached.generation == latest:
                return cached
            first_open = cached is None or cached.gen_dir != current
            _check_manifest(current, self.vocabulary, checksums=first_open)
            self._snapshot = self._load(current)
            return self._snapshot

    def _load(self, gen_dir: Path) -> Snapshot:
        try:
            ix = whoosh_index.open_dir(str(gen_dir), indexname=INDEX_NAME, schema=build_schema())
            catalog: dict[str, DocumentRecord] = {}
            with ix.searcher() as searcher:
                for stored in searcher.documents(kind="d"):
                    record = from_dict(DocumentRecord, json.loads(stored["meta"]))
                    catalog[record.path] = record
            generation = ix.latest_generation()
            decompounder = Decompounder.load(gen_dir / LEXICON, self.extra_words)
        except (OSError, EOFError, ValueError, KeyError, whoosh_index.EmptyIndexError) as exc:
            raise IndexCorruptError(f"{gen_dir}: cannot be opened ({type(exc).__name__}: {exc})") from exc
        except Exception as exc:  # unpickling a damaged TOC can raise nearly anything
            raise IndexCorruptError(f"{gen_dir}: cannot be opened ({type(exc).__name__}: {exc})") from exc
        return Snapshot(gen_dir, generation, ix, catalog, Analyzer(decompounder), self.thesaurus)

    def indexed_state(self) -> dict[str, IndexedState]:
        snapshot = self.snapshot()
        return {
            path: IndexedState(rec.content_hash, rec.sidecar_hash, rec.status) for path, rec in snapshot.catalog.items()
        }

    def document(self, path: str) -> DocumentRecord:
        """The full record of one document, passages included."""
        snapshot = self.snapshot()
        record = snapshot.catalog.get(path)
        if record is None:
            raise DocumentNotFoundError(f"{path}: no such document in the index (paths are relative to corpus/)")
        full = from_dict(DocumentRecord, to_dict(record))
        with snapshot.searcher() as searcher:
            stored = sorted(searcher.documents(path=path, kind="p"), key=lambda d: d["ordinal"])
        full.passages = [
            Passage(
                ordinal=d["ordinal"],
                text=d.get("text") or "",
                heading=d.get("heading"),
                page=d.get("page"),
                language=d.get("lang") or "und",
                language_confidence=d.get("lang_confidence") or 0.0,
                topics=list(d.get("passage_topics") or []),
            )
            for d in stored
        ]
        return full

    def stats(self) -> dict[str, Any]:
        snapshot = self.snapshot()
        records = list(snapshot.catalog.values())
        with snapshot.searcher() as searcher:
            passages = searcher.doc_frequency("kind", "p")

        def count(values: list[str]) -> dict[str, int]:
            counts: dict[str, int] = {}
            for value in values:
                counts[value] = counts.get(value, 0) + 1
            return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

        return {
            "documents": len(records),
            "passages": passages,
            "languages": count([r.language for r in records]),
            "doc_types": count([r.doc_type for r in records]),
            "statuses": count([r.status for r in records]),
            "formats": count([r.format for r in records]),
            "topics": count([t for r in records for t in r.topic_ids]),
            "generation": snapshot.gen_dir.name,
        }

    # -- writing -------------------------------------------------------------------------------
    def writer(self, *, rebuild: bool = False) -> IndexWriter:
        return IndexWriter(self, rebuild=rebuild)

    def collect_garbage(self) -> None:
        """Delete generation folders except the live one and the newest complete previous one.

        Called by a writer while it holds the write lock, so no other build is in progress.
        """
        try:
            current = self.current_dir()
        except IndexCorruptError:
            return
        others = sorted(p for p in self.root.glob("gen-*") if p.is_dir() and p != current)
        complete = [p for p in others if (p / MANIFEST).exists()]
        keep = complete[-1:] if complete else []
        for stale in others:
            if stale not in keep:
                shutil.rmtree(stale, ignore_errors=True)


class IndexWriter:
    """A write batch: commits only when the ``with`` block ends without an exception.

    On an exception the Whoosh writer is cancelled (never committed after
    cancelling) and a half-built rebuild generation is deleted.
    """

    def __init__(self, store: IndexStore, *, rebuild: bool) -> None:
        self.store = store
        self.rebuild = rebuild
        self._lock_cm: Any = None
        self._writer: SegmentWriter | None = None
        self._ix: Any = None
        self.gen_dir: Path | None = None
        self._counts: dict[str, dict[str, int]] = {}
        self.analyzer: Analyzer | None = None
        self._created = False
        self._documents = 0

    def __enter__(self) -> IndexWriter:
        store = self.store
        store.root.mkdir(parents=True, exist_ok=True)
        self._lock_cm = file_lock(store.root / ".write.lock", store.settings.lock_timeout, "the index")
        self._lock_cm.__enter__()
        try:
            self._open()
        except BaseException:
            self._lock_cm.__exit__(None, None, None)
            raise
        return self

    def _open(self) -> None:
        store = self.store
        current = None if self.rebuild else store.current_dir()
        if current is None:
            self.gen_dir = store.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
            self.gen_dir.mkdir()
            self._created = True
            self._ix = whoosh_index.create_in(str(self.gen_dir), build_schema(), indexname=INDEX_NAME)
        else:
            _check_manifest(current, store.vocabulary, checksums=False)
            self.gen_dir = current
            self._ix = whoosh_index.open_dir(str(current), indexname=INDEX_NAME, schema=build_schema())
            lexicon = current / LEXICON
            if lexicon.exists():
                self._counts = json.loads(lexicon.read_text(encoding="utf-8")).get("counts", {})
        try:
            # separate segment files: opening a searcher on a compound file copies parts of it per request
            self._writer = self._ix.writer(timeout=2.0, limitmb=128, compound=False)
        except Exception as exc:  # whoosh.index.LockError
            raise IndexBusyError(f"{self.gen_dir}: the Whoosh writer lock is held by another process") from exc
        self._refresh_analyzer()

    def _refresh_analyzer(self) -> None:
        self.analyzer = Analyzer(Decompounder(self._counts, self.store.extra_words))

    def extend_lexicon(self, counts: Mapping[str, Any]) -> None:
        """Add word counts (per language) before adding the documents they came from."""
        self._counts = merge_counts(self._counts, counts)
        self._refresh_analyzer()

    def delete(self, path: str) -> None:
        assert self._writer is not None
        self._writer.delete_by_term("path", path)

    def add(self, record: DocumentRecord) -> None:
        """Replace everything indexed for ``record.path`` with this record and its passages."""
        assert self._writer is not None and self.analyzer is not None
        self.delete(record.path)
        for fields in record_to_fields(record, self.analyzer):
            self._writer.add_document(**fields)
        self._documents += 1

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                try:
                    self._commit()
                except BaseException:
                    self._abort()
                    raise
            else:
                self._abort()
        finally:
            self._lock_cm.__exit__(None, None, None)

    def _abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.cancel()
        if self._created and self.gen_dir is not None:
            shutil.rmtree(self.gen_dir, ignore_errors=True)

    def _commit(self) -> None:
        assert self._writer is not None and self.gen_dir is not None
        store = self.store
        lexicon = Decompounder(self._counts).to_json().encode("utf-8")
        fd = os.open(store.commit_lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            atomic_write_bytes(self.gen_dir / LEXICON, lexicon)
            self._writer.commit()
            self._writer = None
            with self._ix.searcher() as searcher:
                documents = sum(1 for _ in searcher.document_numbers(kind="d"))
            _write_manifest(self.gen_dir, self._ix, documents, store.vocabulary)
            if self._created:
                atomic_write_bytes(store.root / CURRENT, self.gen_dir.name.encode())
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        store.collect_garbage()


def open_store(settings: Settings) -> IndexStore:
    """The index of ``settings.home`` with the configured thesaurus (``KB_THESAURUS`` or the shipped one)."""
    return IndexStore(
        settings, load_thesaurus(Path(settings.thesaurus) if settings.thesaurus else None), load_gazetteer()
    )


__all__ = ["TEXT_ROLES", "IndexStore", "IndexWriter", "IndexedState", "Snapshot", "record_to_fields"]
