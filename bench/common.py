"""Helpers shared by the benchmark scripts: where things are, running `kb`, percentiles, JSON.

Timings on a shared 2-core machine are noisy, so every figure is summarised per run (p50, p95,
max) and then as the median across runs; the load average is recorded next to it.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KB_SHARED", REPO.parent / "shared"))
REALWORLD = SHARED / "realworld"
DOMAIN = REALWORLD / "domain"
CACHE = Path(tempfile.gettempdir()) / "kb-scale"


class KbFailed(RuntimeError):
    """`kb` exited with a usage or configuration error, or printed no JSON."""


def run_kb(home: Path, *args: str, allowed: tuple[int, ...] = (0, 1)) -> tuple[dict[str, Any], float]:
    """Run ``python -m kbcli --home HOME ARGS --json`` as users do; (parsed JSON, wall seconds).

    Exit code 1 of ``kb index`` means some files failed while all others were indexed: still a run.
    """
    command = [sys.executable, "-m", "kbcli", "--home", str(home), *args, "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in allowed:
        raise KbFailed(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    try:
        return json.loads(done.stdout), seconds
    except json.JSONDecodeError as exc:
        raise KbFailed(f"{' '.join(command)} printed no JSON: {done.stdout[:500]!r}") from exc


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest): no interpolation games."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarize(samples_ms: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(samples_ms, 0.50),
        "p95": percentile(samples_ms, 0.95),
        "max": max(samples_ms) if samples_ms else float("nan"),
        "mean": statistics.fmean(samples_ms) if samples_ms else float("nan"),
    }


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per-statistic median across runs (the figure the tables show)."""
    keys = runs[0].keys() if runs else []
    return {key: statistics.median(run[key] for run in runs) for key in keys}


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in load],
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nJSON written to {path}")


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"
