"""Ingest speed: cold ``kb index --rebuild`` and a no-op ``kb index``, run as users run them.

Each figure is the wall time of ``python -m kbcli --home H index ... --json`` in a child process
(interpreter start, extraction workers, enrichment, writing, commit), so it is what a person waits
for. Sets: the 5 seeds plus the 67 real domain documents of ../shared (copied into a temporary
home, never into the repository), and the generated scale corpora (``bench/scale.py``). The no-op
run comes after a rebuild on the unchanged corpus: it measures scanning, hashing and the index
check. Medians of ``--runs`` runs (3; 1 at 100k passages and more unless ``--runs`` is given).

    python bench/ingest_speed.py                          # domain set, 1k and 10k passages
    python bench/ingest_speed.py --sizes 10000 --skip-domain
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import CACHE, DOMAIN, machine, run_kb, verdict, write_json  # noqa: E402
from bench.scale import build_pool, ensure_corpus  # noqa: E402

COLD_DOMAIN_TARGET_S = 60.0
NOOP_TARGET_S = {10_000: 2.0}
LARGE = 100_000


def domain_home(root: Path) -> Path:
    """A home with the shipped seeds and ../shared/realworld/domain, rebuilt from scratch each time."""
    home = root / "domain"
    shutil.rmtree(home, ignore_errors=True)
    corpus = home / "corpus"
    corpus.mkdir(parents=True)
    for item in (REPO / "corpus").iterdir():
        if item.is_file():
            shutil.copy2(item, corpus / item.name)
    shutil.copytree(DOMAIN, corpus / "domain")
    return home


def _child_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench_home(name: str, home: Path, runs: int) -> dict[str, Any]:
    cold, cold_reported, noop = [], [], []
    report: dict[str, Any] = {}
    for _ in range(runs):
        report, seconds = run_kb(home, "index", "--rebuild")
        cold.append(seconds)
        cold_reported.append(float(report["seconds"]))
    for _ in range(runs):
        again, seconds = run_kb(home, "index")
        if again["added"] or again["updated"] or again["removed"]:
            raise RuntimeError(f"{name}: kb index changed an unchanged corpus: {again}")
        noop.append(seconds)
    stats, _ = run_kb(home, "stats", allowed=(0,))
    median = statistics.median(cold)
    return {
        "set": name,
        "home": str(home),
        "documents": stats["documents"],
        "passages": stats["passages"],
        "failed": [f["path"] for f in report.get("failed", [])],
        "warnings": len(report.get("warnings", [])),
        "runs": runs,
        "cold_wall_s": cold,
        "cold_reported_s": cold_reported,
        "cold_median_s": median,
        "passages_per_s": stats["passages"] / median if median else 0.0,
        "noop_wall_s": noop,
        "noop_median_s": statistics.median(noop),
        "child_peak_rss_mib_so_far": round(_child_peak_mib(), 1),
    }


def print_table(rows: list[dict[str, Any]]) -> list[str]:
    print(
        f"\n{'set':<14}{'docs':>6}{'passages':>10}{'runs':>5}{'cold s':>9}{'min':>8}{'max':>8}"
        f"{'passages/s':>12}{'no-op s':>9}{'failed':>8}"
    )
    for row in rows:
        print(
            f"{row['set']:<14}{row['documents']:>6}{row['passages']:>10}{row['runs']:>5}"
            f"{row['cold_median_s']:>9.1f}{min(row['cold_wall_s']):>8.1f}{max(row['cold_wall_s']):>8.1f}"
            f"{row['passages_per_s']:>12.0f}{row['noop_median_s']:>9.2f}{len(row['failed']):>8}"
        )
    print(f"(wall time of the `kb index` process, median of runs; peak child RSS {_child_peak_mib():.0f} MiB)")
    checks = []
    for row in rows:
        if row["set"] == "domain":
            value, target = row["cold_median_s"], COLD_DOMAIN_TARGET_S
            checks.append(f"cold domain <= {target:.0f} s: {value:.1f} {verdict(value, target)}")
        noop = NOOP_TARGET_S.get(row.get("requested_passages", -1))
        if noop is not None:
            value = row["noop_median_s"]
            checks.append(f"no-op at {row['set']} <= {noop:.0f} s: {value:.2f} {verdict(value, noop)}")
    if checks:
        print("targets: " + "; ".join(checks))
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="scale corpora (passages)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, help="runs per set (default 3; 1 from 100k passages)")
    parser.add_argument("--skip-domain", action="store_true", help="leave out the seeds + domain set")
    parser.add_argument("--root", type=Path, default=CACHE, help=f"work folder (default {CACHE})")
    parser.add_argument("--json-out", type=Path, help="default: <root>/ingest-<seed>.json")
    args = parser.parse_args()
    rows = []
    if not args.skip_domain:
        if not DOMAIN.is_dir():
            print(f"domain set skipped: {DOMAIN} not found")
        else:
            rows.append(bench_home("domain", domain_home(args.root), args.runs or 3))
            print(f"domain: {rows[-1]['cold_median_s']:.1f} s cold, {rows[-1]['noop_median_s']:.2f} s no-op")
    pool = build_pool() if args.sizes else None
    for size in args.sizes:
        runs = args.runs or (1 if size >= LARGE else 3)
        home = ensure_corpus(size, args.seed, args.root, pool)
        row = bench_home(f"scale-{size}", home, runs)
        row["requested_passages"] = size
        rows.append(row)
        print(f"scale-{size}: {row['cold_median_s']:.1f} s cold, {row['noop_median_s']:.2f} s no-op")
    checks = print_table(rows)
    write_json(
        args.json_out or args.root / f"ingest-{args.seed}.json",
        {"machine": machine(), "seed": args.seed, "sets": rows, "targets": checks},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
