"""The corpus folder: the source of truth (originals plus YAML sidecars).

Listing skips sidecars, hidden files and our own temporary files. Adding a
file stores it under a name kb makes (a slug of the title or original name
plus a short content hash), never under a client-supplied path, and writes its
sidecar; both writes are atomic and durable before ``add_document`` returns.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kb.errors import CorpusError, DuplicateDocumentError, UnsupportedFormatError
from kb.formats import EXTENSIONS, sniff
from kb.sidecar import is_sidecar, load_sidecar, sidecar_path, write_sidecar
from kb.storage import atomic_write_bytes, sha256_bytes


@dataclass(frozen=True)
class CorpusFile:
    path: str  # relative to the corpus folder, forward slashes: the document's id
    abspath: Path
    size: int
    mtime_ns: int


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name.endswith((".part", ".tmp", "~"))


def iter_corpus(corpus_dir: Path) -> Iterator[CorpusFile]:
    """Every document file under ``corpus_dir`` (nested folders allowed), in a stable order."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"{corpus_dir}: corpus folder not found; create it or set KB_HOME / --home")
    for root, dirs, files in os.walk(corpus_dir):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        for name in sorted(files):
            if _skipped(name):
                continue
            abspath = Path(root) / name
            if is_sidecar(abspath):
                continue
            try:
                stat = abspath.stat()
            except OSError:
                continue  # vanished or a dangling link: nothing to index
            if not abspath.is_file():
                continue
            rel = abspath.relative_to(corpus_dir).as_posix()
            yield CorpusFile(rel, abspath, stat.st_size, stat.st_mtime_ns)


def resolve_document(corpus_dir: Path, rel: str) -> Path:
    """The absolute path of a document id, refusing anything that escapes the corpus."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not rel:
        raise CorpusError(f"{rel!r}: not a path inside the corpus")
    path = corpus_dir.joinpath(*pure.parts)
    if not path.resolve().is_relative_to(corpus_dir.resolve()):
        raise CorpusError(f"{rel!r}: points outside the corpus")
    return path


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "document"


def clean_original_name(name: str) -> str:
    """NFC-normalised base name of a client-supplied file name, without any folders."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name))[-1].strip()
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return base[:200] or "unnamed"


def _stem(name: str) -> str:
    stem = name
    for _ in range(2):  # "report.md.txt" -> "report"
        stem, dot, ext = stem.rpartition(".")
        if not dot or len(ext) > 5:
            stem = f"{stem}{dot}{ext}" if dot else ext
            break
    return stem


def find_by_hash(corpus_dir: Path, digest: str, known: dict[str, str] | None = None) -> str | None:
    """A document with this content hash: from ``known`` (hash -> path, e.g. the index) or by kb's naming."""
    if known and digest in known:
        return known[digest]
    short = digest[:10]
    for entry in iter_corpus(corpus_dir):
        if PurePosixPath(entry.path).stem.endswith(short):
            return entry.path
    return None


def add_document(
    corpus_dir: Path,
    data: bytes,
    original_name: str,
    metadata: dict[str, Any] | None = None,
    *,
    folder: str = "",
    known_hashes: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> str:
    """Store ``data`` in the corpus with a sidecar and return its document id.

    Refuses unsupported formats, oversized files and content already present.
    """
    original = clean_original_name(original_name)
    if max_bytes is not None and len(data) > max_bytes:
        raise CorpusError(
            f"{original}: {len(data) / 2**20:.1f} MiB is over the {max_bytes / 2**20:.0f} MiB limit per file"
        )
    sniffed = sniff(data[:65536], original, data=data)
    if sniffed.format is None:
        raise UnsupportedFormatError(f"{original}: {sniffed.reason}")
    digest = sha256_bytes(data)
    existing = find_by_hash(corpus_dir, digest, known_hashes)
    if existing:
        raise DuplicateDocumentError(f"{original}: the same file is already in the corpus as {existing}", existing)
    values = dict(metadata or {})
    values["original_name"] = original
    title = values.get("title") or _stem(original)
    name = f"{slugify(str(title))}-{digest[:10]}{EXTENSIONS[sniffed.format]}"
    target_dir = corpus_dir / folder if folder else corpus_dir
    target = target_dir / name
    rel = target.relative_to(corpus_dir).as_posix()
    resolve_document(corpus_dir, rel)
    write_sidecar(target, values)  # sidecar first: a crash leaves an orphan sidecar, never an unlabelled file
    try:
        atomic_write_bytes(target, data, exclusive=True)
    except BaseException:
        sidecar_path(target).unlink(missing_ok=True)
        raise
    return rel


def update_metadata(corpus_dir: Path, rel: str, values: dict[str, Any]) -> Path:
    """Merge ``values`` into a document's sidecar (``None`` or empty removes a field); atomic write."""
    document = resolve_document(corpus_dir, rel)
    if not document.is_file():
        raise CorpusError(f"{rel}: no such file in the corpus")
    current, _raw = load_sidecar(document, max_bytes=1 << 20)
    merged = {**current, **values}
    merged = {k: v for k, v in merged.items() if v not in (None, "", [])}
    return write_sidecar(document, merged)


_KB_NAMED_SIDECAR = re.compile(r"-[0-9a-f]{10}\.[a-z]{2,4}\.yaml$")


def remove_orphan_sidecars(corpus_dir: Path) -> list[str]:
    """Delete sidecars of kb-named files that are gone (left by an interrupted add). Returns their paths.

    Only names kb makes are considered, so hand-written YAML (profiles, notes) is never touched.
    """
    removed = []
    for root, _dirs, files in os.walk(corpus_dir):
        for name in files:
            path = Path(root) / name
            if _KB_NAMED_SIDECAR.search(name) and not path.with_name(name[: -len(".yaml")]).exists():
                path.unlink(missing_ok=True)
                removed.append(path.relative_to(corpus_dir).as_posix())
    return removed
