"""Crashes, corruption and concurrent use: the corpus is the truth and the index always recovers."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest.pipeline import check_index, open_index
from kb.errors import IndexBusyError
from kb.search import Searching, SearchRequest
from kb.storage import file_lock
from tests.conftest import Home

SLIDES = "intra-net-presentation.txt"


def _kb(home: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, KB_WORKERS="1")
    return subprocess.Popen(
        [sys.executable, "-m", "kbcli", "--home", str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _crash_rounds(home: Home, tmp_path: Path, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    acknowledged: dict[str, str] = {}  # marker word -> corpus path
    for number in range(rounds):
        marker = f"zebracrash{number}x{rng.randrange(10**6)}"
        source = tmp_path / f"note-{number}.md"
        source.write_text(f"# Crash note {number}\n\nThis note mentions {marker} and cluster cooperation.\n")
        command = ["add", str(source), "--json"] if number % 2 == 0 else ["index", "--rebuild", "--json"]
        process = _kb(home.root, *command)
        time.sleep(rng.uniform(0.05, 2.5))
        process.send_signal(signal.SIGKILL)
        out, _err = process.communicate(timeout=60)
        if process.returncode == 0 and command[0] == "add":
            acknowledged[marker] = json.loads(out)["added"][0]["path"]
    # afterwards: the index recovers, agrees with the corpus, and nothing acknowledged is missing
    recovered = home.index()
    assert not recovered.failed
    assert check_index(home.settings).ok
    for marker, path in acknowledged.items():
        assert (home.corpus / path).exists()
        assert home.paths(marker) == [path]
    assert home.paths("labour mobility")[0] == SLIDES


def test_crash_rounds(seed_home: Home, tmp_path: Path) -> None:
    _crash_rounds(seed_home, tmp_path, rounds=3, seed=1)


@pytest.mark.slow
def test_crash_rounds_many(seed_home: Home, tmp_path: Path) -> None:
    _crash_rounds(seed_home, tmp_path, rounds=20, seed=2)


def _current(home: Home) -> Path:
    current = home.store().current_dir()
    assert current is not None
    return current


@pytest.mark.parametrize("damage", ["delete_toc", "truncate_segment", "zero_segment", "delete_segment", "bad_current"])
def test_corrupted_index_is_rebuilt_on_open(seed_home: Home, damage: str) -> None:
    current = _current(seed_home)
    # the largest file of the segment (kb writes segments as separate files: postings, stored fields...)
    segment = max(
        (p for p in current.iterdir() if p.name.startswith("MAIN_") and p.is_file()), key=lambda p: p.stat().st_size
    )
    toc = next(p for p in current.iterdir() if p.suffix == ".toc")
    if damage == "delete_toc":
        toc.unlink()
    elif damage == "truncate_segment":
        segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 3])
    elif damage == "zero_segment":
        segment.write_bytes(b"\x00" * segment.stat().st_size)
    elif damage == "delete_segment":
        segment.unlink()
    else:
        (seed_home.settings.index_dir / "CURRENT").write_text("../../etc")
    store = open_index(seed_home.settings)
    result = Searching(store, seed_home.settings).search(SearchRequest("labour mobility"))
    assert result.hits[0].path == SLIDES
    assert check_index(seed_home.settings).ok


def test_one_writer_at_a_time(seed_home: Home) -> None:
    lock = seed_home.settings.index_dir / ".write.lock"
    with file_lock(lock, timeout=1):
        busy = Home(seed_home.root, lock_timeout=0.5)
        (busy.corpus / "new.txt").write_text("A new note about maritime clusters.")
        with pytest.raises(IndexBusyError, match="being written by another process"):
            busy.index()
    assert seed_home.index().added == 1


def _load(home: Home, seconds: float) -> tuple[int, list[str], int]:
    """8 threads search one shared store while a writer adds documents; (searches, errors, documents added)."""
    searching = Searching(home.store(), home.settings)
    queries = ["labour mobility", "cluster financing", "grænseoverskridende samarbejde", "Interreg", "offshore wind"]
    stop = time.monotonic() + seconds
    counts = [0] * 8
    errors: list[str] = []

    def reader(slot: int) -> None:
        while time.monotonic() < stop:
            try:
                searching.search(SearchRequest(queries[(slot + counts[slot]) % len(queries)]))
                counts[slot] += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    added = 0
    while time.monotonic() < stop:
        (home.corpus / f"load-{added}.txt").write_text(f"Load test note {added} about cluster cooperation and wind.")
        home.index()
        added += 1
    for thread in threads:
        thread.join()
    return sum(counts), errors, added


def test_searches_keep_working_while_indexing(seed_home: Home) -> None:
    searches, errors, added = _load(seed_home, seconds=6)
    print(
        f"load: {searches} searches in 6 s ({searches / 6:.1f}/s) by 8 threads, {added} commits, {len(errors)} errors"
    )
    assert errors == []
    assert added >= 1 and searches > 0


@pytest.mark.slow
def test_load_thirty_seconds(seed_home: Home) -> None:
    searches, errors, added = _load(seed_home, seconds=30)
    print(
        f"load: {searches} searches in 30 s ({searches / 30:.1f}/s) by 8 threads, {added} commits, {len(errors)} errors"
    )
    assert errors == []
