"""Search speed at scale: the search page's full request, kb beside SQLite FTS5 and tantivy.

For each size a corpus is generated from real sentences (``bench/scale.py``, cached under
/tmp/kb-scale/<passages>-<seed>/) and indexed with ``kb index``, in a child process so this
process's memory peak is the searching alone. Then every query runs the request the search page
makes: ``Searching(...).search(SearchRequest(query=q, limit=10))``, which ranks passages, groups them
into documents with snippets and counts every facet. Wall time per request is taken here with
``perf_counter``; a warm-up pass comes first, then ``--runs`` passes, each summarised as p50, p95 and
max; the tables show the median across passes. The anchors index the very passages kb stored and
answer the same queries with the same shape of work (``bench/anchors.py``); kb/anchor ratios are
what to compare across machines.

    python bench/search_speed.py                       # 1k and 10k passages, 200 queries, 3 runs
    python bench/search_speed.py --sizes 100000 --runs 1
    python bench/search_speed.py --sizes 10000 --profile 25    # where kb's time goes
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.anchors import Fts5Anchor, TantivyAnchor, export_docs, tantivy_problem  # noqa: E402
from bench.common import CACHE, machine, median_of, run_kb, summarize, verdict, write_json  # noqa: E402
from bench.scale import build_pool, ensure_corpus, queries  # noqa: E402
from ingest.pipeline import open_index  # noqa: E402
from kb.config import Settings  # noqa: E402
from kb.search import Searching, SearchRequest  # noqa: E402

P95_TARGET_MS = {10_000: 50.0, 100_000: 150.0}
FTS5_RATIO_TARGET = 8.0

Request = Callable[[str], Any]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_pass(request: Request, texts: list[str]) -> list[float]:
    took = []
    for text in texts:
        started = time.perf_counter()
        request(text)
        took.append((time.perf_counter() - started) * 1000)
    return took


def measure(request: Request, texts: list[str], runs: int) -> dict[str, Any]:
    """A warm-up pass, then ``runs`` timed passes: per-run summaries, their medians, per-query medians."""
    _timed_pass(request, texts)
    passes = [_timed_pass(request, texts) for _ in range(runs)]
    per_query = [statistics.median(p[i] for p in passes) for i in range(len(texts))]
    summaries = [summarize(p) for p in passes]
    return {"runs": summaries, "median": median_of(summaries), "per_query_ms": per_query}


def _allocation_peaks(request: Request, texts: list[str]) -> dict[str, float]:
    """Peak Python allocation of each request (tracemalloc; slow, so one separate pass)."""
    peaks = []
    tracemalloc.start()
    try:
        for text in texts:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            request(text)
            peaks.append((tracemalloc.get_traced_memory()[1] - before) / 2**20)
    finally:
        tracemalloc.stop()
    return {"median_mib": statistics.median(peaks), "max_mib": max(peaks)}


def _profile(request: Request, texts: list[str], top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        request(text)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _prepared(size: int, seed: int, root: Path, pool: Any) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    home = ensure_corpus(size, seed, root, pool)
    report, seconds = run_kb(home, "index")
    built = {"seconds": round(seconds, 2), "added": report["added"], "failed": len(report["failed"])}
    stats, _ = run_kb(home, "stats", allowed=(0,))
    return home, built, stats


def bench_size(size: int, args: argparse.Namespace, pool: Any, texts: list[str]) -> dict[str, Any]:
    home, built, stats = _prepared(size, args.seed, args.root, pool)
    if built["added"]:
        print(f"  indexed {built['added']} documents for this run in {built['seconds']} s")
    settings = Settings.from_env(home=home)
    store = open_index(settings, sync=False)
    searching = Searching(store, settings)
    outcome: dict[str, Any] = {}

    def kb_request(text: str) -> Any:
        result = searching.search(SearchRequest(query=text, limit=10))
        outcome[text] = (result.total, [h.path for h in result.hits], result.timed_out)
        return result

    opened_rss = _rss_mib()
    results: dict[str, Any] = {"kb": measure(kb_request, texts, args.runs)}
    memory: dict[str, Any] = {"rss_after_open_mib": round(opened_rss, 1), "rss_peak_kb_mib": round(_rss_mib(), 1)}
    if args.tracemalloc:
        memory["allocation_per_request"] = _allocation_peaks(kb_request, texts)
    if args.profile:
        print(_profile(kb_request, texts, args.profile))
    started = time.perf_counter()
    docs = export_docs(store)
    exported = {"seconds": round(time.perf_counter() - started, 2), "passages": sum(len(d.passages) for d in docs)}
    anchors: list[Any] = [Fts5Anchor] if "fts5" in args.anchors else []
    problem = tantivy_problem() if "tantivy" in args.anchors else None
    if "tantivy" in args.anchors and problem is None:
        anchors.append(TantivyAnchor)
    elif problem:
        print(f"  tantivy skipped: {problem}")
    builds: dict[str, float] = {}
    found: dict[str, dict[str, tuple[int, list[str]]]] = {"kb": {t: (o[0], o[1]) for t, o in outcome.items()}}
    for anchor_class in anchors:
        started = time.perf_counter()
        anchor = anchor_class(home / "anchors" / anchor_class.name, docs)
        builds[anchor_class.name] = round(time.perf_counter() - started, 2)
        answers: dict[str, tuple[int, list[str]]] = {}

        def anchor_request(text: str, anchor: Any = anchor, answers: dict[str, Any] = answers) -> Any:
            result = anchor.search(text)
            answers[text] = (result.total, [h.path for h in result.hits])
            return result

        results[anchor_class.name] = measure(anchor_request, texts, args.runs)
        found[anchor_class.name] = answers
        anchor.close()
    return {
        "requested_passages": size,
        "indexed_passages": stats["passages"],
        "documents": stats["documents"],
        "home": str(home),
        "index": built,
        "export": exported,
        "anchor_build_seconds": builds,
        "memory": memory,
        "timed_out": sum(1 for o in outcome.values() if o[2]),
        "systems": results,
        "documents_found_median": {n: statistics.median(a[t][0] for t in texts) for n, a in found.items()},
        "overlap_at_10_with_kb": {
            n: statistics.fmean(_overlap(found["kb"][t][1], a[t][1]) for t in texts) for n, a in found.items()
        },
    }


def _overlap(a: list[str], b: list[str]) -> float:
    """Jaccard overlap of two top-10 lists (two empty lists agree)."""
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else 1.0


def print_size(figures: dict[str, Any], texts: list[str], runs: int) -> None:
    systems = figures["systems"]
    kb = systems["kb"]["median"]
    print(
        f"\nsearch: {figures['indexed_passages']} passages indexed ({figures['requested_passages']} requested), "
        f"{figures['documents']} documents, {len(texts)} queries, median of {runs} runs (ms)"
    )
    header = f"{'system':<12}{'p50':>8}{'p95':>8}{'max':>8}{'kb/x p50':>10}{'kb/x p95':>10}"
    print(header + f"{'docs found':>12}{'top10 ~kb':>11}")
    for name, figure in systems.items():
        m = figure["median"]
        ratio50 = "-" if name == "kb" else f"{kb['p50'] / m['p50']:.1f}"
        ratio95 = "-" if name == "kb" else f"{kb['p95'] / m['p95']:.1f}"
        docs = figures["documents_found_median"][name]
        overlap = figures["overlap_at_10_with_kb"][name]
        print(
            f"{name:<12}{m['p50']:>8.2f}{m['p95']:>8.2f}{m['max']:>8.1f}{ratio50:>10}{ratio95:>10}"
            f"{docs:>12.0f}{overlap:>11.2f}"
        )
    memory = figures["memory"]
    line = f"memory: peak RSS {memory['rss_peak_kb_mib']:.0f} MiB after kb's searches"
    line += f" ({memory['rss_after_open_mib']:.0f} MiB after opening the index)"
    if "allocation_per_request" in memory:
        alloc = memory["allocation_per_request"]
        line += f"; Python allocation per request median {alloc['median_mib']:.1f} MiB, max {alloc['max_mib']:.1f}"
    print(line)
    if figures["timed_out"]:
        print(f"timed out: {figures['timed_out']} of {len(texts)} queries hit KB_SEARCH_TIME_LIMIT")
    slowest = sorted(zip(systems["kb"]["per_query_ms"], texts, strict=True), reverse=True)[:5]
    print("slowest kb queries (median ms): " + "; ".join(f"{text!r} {ms:.0f}" for ms, text in slowest))
    target = P95_TARGET_MS.get(figures["requested_passages"])
    checks = []
    if target is not None:
        checks.append(f"kb p95 <= {target:.0f} ms: {kb['p95']:.1f} {verdict(kb['p95'], target)}")
    if "sqlite-fts5" in systems:
        ratio, most = kb["p95"] / systems["sqlite-fts5"]["median"]["p95"], FTS5_RATIO_TARGET
        checks.append(f"kb p95 within {most:.0f}x of FTS5: {ratio:.1f}x {verdict(ratio, most)}")
    if checks:
        print("targets: " + "; ".join(checks))
    figures["targets"] = checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="passages per corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="timed passes after the warm-up")
    parser.add_argument("--queries", type=int, default=200, help="number of benchmark queries")
    parser.add_argument("--anchors", nargs="*", default=["fts5", "tantivy"], choices=["fts5", "tantivy"])
    parser.add_argument("--root", type=Path, default=CACHE, help=f"corpus cache (default {CACHE})")
    parser.add_argument("--json-out", type=Path, help="default: <root>/search-<seed>.json")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure Python allocation per request")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's top N for kb")
    args = parser.parse_args()
    pool = build_pool()
    texts = queries(args.seed, args.queries, pool)
    report: dict[str, Any] = {"machine": machine(), "seed": args.seed, "queries": texts, "sizes": {}}
    for size in args.sizes:
        figures = bench_size(size, args, pool, texts)
        print_size(figures, texts, args.runs)
        report["sizes"][str(size)] = figures
    report["machine_after"] = machine()
    write_json(args.json_out or args.root / f"search-{args.seed}.json", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
