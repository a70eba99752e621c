"""Checks on Office (ZIP) containers before any parser opens them.

A 645 KB DOCX can inflate to over a gigabyte; python-docx would read it all.
The central directory tells the uncompressed sizes up front, so totals,
ratios and entry counts are checked first (the defence Apache Tika uses).
The declared sizes can lie, so the worker's memory limit stays the backstop.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.extract.base import Limits
from kb.errors import ExtractionError, ResourceLimitError


def check_archive(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError(f"damaged Office file: the ZIP container cannot be read ({exc})") from exc
    if len(entries) > limits.zip_max_entries:
        raise ResourceLimitError(
            f"Office file has {len(entries):,} parts (limit {limits.zip_max_entries:,}): refused as a possible zip bomb"
        )
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if total > limits.zip_max_bytes:
        raise ResourceLimitError(
            f"Office file would unpack to {total / 2**20:,.0f} MiB (limit {limits.zip_max_bytes / 2**20:,.0f} MiB): "
            "refused as a possible zip bomb"
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > limits.zip_max_ratio:
            raise ResourceLimitError(
                f"Office part {entry.filename} is compressed {ratio:,.0f}:1 (limit {limits.zip_max_ratio:,.0f}:1): "
                "refused as a possible zip bomb"
            )
    if total / packed > limits.zip_max_ratio and total > 10_000_000:
        raise ResourceLimitError(
            f"Office file is compressed {total / packed:,.0f}:1 overall (limit {limits.zip_max_ratio:,.0f}:1): "
            "refused as a possible zip bomb"
        )
