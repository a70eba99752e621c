"""Speed figures: indexing the seeds and the real-world domain documents, and search latency.

The machine is shared and noisy, so every figure is a median (and p95 for searches) over
repeated runs, and search latency is shown beside an anchor run (the same queries with
thesaurus expansion and typo tolerance off) as a ratio.

    python bench/speed.py              # seeds x3, domain x1, 76 benchmark queries x5
    python bench/speed.py --quick      # seeds x1, no domain
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.pipeline import index_corpus, open_index  # noqa: E402
from ingest.worker import peak_child_memory_mb  # noqa: E402
from kb.config import Settings  # noqa: E402
from kb.search import Searching, SearchRequest  # noqa: E402

DOMAIN = REPO.parent / "shared" / "realworld" / "domain"
QUERIES = REPO / "bench" / "relevance" / "queries.tsv"


def _home(root: Path, domain: bool) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for item in (REPO / "corpus").iterdir():
        if item.is_file():
            shutil.copy2(item, corpus / item.name)
    if domain:
        shutil.copytree(DOMAIN, corpus / "domain")
    return Settings.from_env(home=root)


def _index_seconds(domain: bool, runs: int) -> tuple[list[float], Settings, Path]:
    times = []
    root = Path(tempfile.mkdtemp(prefix="kb-speed-"))
    settings = _home(root / "kb", domain)
    for _ in range(runs):
        started = time.perf_counter()
        index_corpus(settings, rebuild=True)
        times.append(time.perf_counter() - started)
    return times, settings, root


def _latency(settings: Settings, queries: list[str], expand: bool, rounds: int) -> list[float]:
    searching = Searching(open_index(settings, sync=False), settings)
    took = []
    for _ in range(rounds):
        for query in queries:
            result = searching.search(SearchRequest(query=query, expand=expand, fuzzy=expand))
            took.append(result.took_ms)
    return took


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    seeds, _settings, root = _index_seconds(False, 1 if args.quick else 3)
    shutil.rmtree(root, ignore_errors=True)
    print(f"kb index --rebuild, 5 seed documents: median {statistics.median(seeds):.2f} s over {len(seeds)} runs")
    if args.quick or not DOMAIN.is_dir():
        return 0
    domain, settings, root = _index_seconds(True, 1)
    peak = peak_child_memory_mb()
    print(f"kb index --rebuild, seeds + 67 domain documents: {domain[0]:.1f} s; peak worker RSS {peak:.0f} MiB")
    started = time.perf_counter()
    index_corpus(settings)
    print(f"kb index (nothing changed): {time.perf_counter() - started:.2f} s")
    with QUERIES.open(encoding="utf-8") as handle:
        queries = [row["query"] for row in csv.DictReader(handle, delimiter="\t")]
    anchor = _latency(settings, queries, expand=False, rounds=5)
    full = _latency(settings, queries, expand=True, rounds=5)
    print(f"\nsearch latency over {len(queries)} queries x5 (ms)   median    p95")
    print(f"  anchor: words only                      {statistics.median(anchor):7.1f} {_p95(anchor):7.1f}")
    print(f"  kb: expansion, places, typo tolerance   {statistics.median(full):7.1f} {_p95(full):7.1f}")
    ratio = statistics.median(full) / statistics.median(anchor)
    print(f"  ratio kb / anchor (medians)             {ratio:7.2f} {_p95(full) / _p95(anchor):7.2f}")
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
