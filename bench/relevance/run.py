"""Relevance benchmark: nDCG@10 and Recall@10 per query language and for the cross-lingual slice.

The collection is the shipped corpus plus ../shared/realworld/domain (copied under ``domain/`` in a
benchmark home, never into the repository). Judgments are graded 0-3 in ``qrels.tsv``; queries, with
their language and a ``cross`` flag (all relevant documents in another language), in ``queries.tsv``.
Metrics come from ir-measures (nDCG@10 with the graded judgments; Recall@10 counts grade >= 2 as
relevant).

    python bench/relevance/run.py                 # table with thesaurus expansion on
    python bench/relevance/run.py --compare       # expansion off vs on, side by side, and per-query changes
    python bench/relevance/run.py --json          # machine-readable figures
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import ir_measures
from ir_measures import R, nDCG

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from ingest.pipeline import open_index  # noqa: E402
from kb.config import Settings  # noqa: E402
from kb.search import Searching, SearchRequest  # noqa: E402

HERE = Path(__file__).resolve().parent
DOMAIN = REPO.parent / "shared" / "realworld" / "domain"
MEASURES = [nDCG @ 10, R(rel=2) @ 10]
DEPTH = 10


def load_queries() -> list[dict[str, str]]:
    with (HERE / "queries.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_qrels() -> list[Any]:
    rows = []
    with (HERE / "qrels.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rows.append(ir_measures.Qrel(row["qid"], row["doc"], int(row["grade"])))
    return rows


def prepare_home(home: Path) -> Settings:
    """A KB home with the shipped corpus plus the real-world domain documents, indexed."""
    corpus = home / "corpus"
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for item in (REPO / "corpus").iterdir():
            if item.is_file():
                shutil.copy2(item, corpus / item.name)
        shutil.copytree(DOMAIN, corpus / "domain")
    settings = Settings.from_env(home=home)
    open_index(settings)
    return settings


def run(settings: Settings, queries: list[dict[str, str]], expand: bool) -> tuple[list[Any], dict[str, float]]:
    searching = Searching(open_index(settings, sync=False), settings)
    scored = []
    took: dict[str, float] = {}
    for query in queries:
        result = searching.search(SearchRequest(query=query["query"], limit=DEPTH, expand=expand))
        took[query["id"]] = result.took_ms
        for rank, hit in enumerate(result.hits):
            scored.append(ir_measures.ScoredDoc(query["id"], hit.path, float(DEPTH - rank)))
    return scored, took


def slices(queries: list[dict[str, str]]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for query in queries:
        groups["all"].add(query["id"])
        groups["mono" if query["cross"] == "0" else "cross"].add(query["id"])
        groups[f"lang:{query['lang']}"].add(query["id"])
    return dict(groups)


def evaluate(
    qrels: list[Any], scored: list[Any], queries: list[dict[str, str]]
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    per_query: dict[str, dict[str, float]] = defaultdict(dict)
    for metric in ir_measures.iter_calc(MEASURES, qrels, scored):
        per_query[metric.query_id][str(metric.measure)] = metric.value
    table: dict[str, dict[str, float]] = {}
    for name, ids in slices(queries).items():
        table[name] = {"queries": float(len(ids))}
        for measure in MEASURES:
            values = [per_query.get(qid, {}).get(str(measure), 0.0) for qid in ids]
            table[name][str(measure)] = sum(values) / len(values) if values else 0.0
    ndcg = {qid: values.get(str(nDCG @ 10), 0.0) for qid, values in per_query.items()}
    for query in queries:
        ndcg.setdefault(query["id"], 0.0)
    return table, ndcg


def order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: (n != "all", n != "mono", n != "cross", n))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="benchmark KB home (default: a folder under the system temp dir)")
    parser.add_argument("--compare", action="store_true", help="expansion off and on side by side")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    home = args.home or Path(tempfile.gettempdir()) / "kb-relevance-bench"
    settings = prepare_home(home)
    queries = load_queries()
    qrels = load_qrels()
    runs = {"on": run(settings, queries, expand=True)}
    if args.compare:
        runs["off"] = run(settings, queries, expand=False)
    results = {name: evaluate(qrels, scored, queries) for name, (scored, _took) in runs.items()}
    if args.json:
        print(json.dumps({name: table for name, (table, _ndcg) in results.items()}, indent=2))
        return 0
    table_on, ndcg_on = results["on"]
    names = order(list(table_on))
    if args.compare:
        table_off, ndcg_off = results["off"]
        print(f"{'slice':<10}{'queries':>8}  {'nDCG@10 off':>12}{'on':>8}  {'R@10 off':>10}{'on':>8}")
        for name in names:
            off, on = table_off[name], table_on[name]
            print(
                f"{name:<10}{int(on['queries']):>8}  {off['nDCG@10']:>12.3f}{on['nDCG@10']:>8.3f}  "
                f"{off['R(rel=2)@10']:>10.3f}{on['R(rel=2)@10']:>8.3f}"
            )
        text = {q["id"]: q for q in queries}
        changes = sorted(((ndcg_on[q] - ndcg_off[q], q) for q in ndcg_on), reverse=True)
        print("\nper-query nDCG@10 changes from expansion (|delta| >= 0.1):")
        for delta, qid in changes:
            if abs(delta) >= 0.1:
                q = text[qid]
                print(f"  {qid} [{q['lang']}{'/x' if q['cross'] == '1' else ''}] {delta:+.3f}  {q['query']}")
    else:
        print(f"{'slice':<10}{'queries':>8}{'nDCG@10':>10}{'R@10':>8}")
        for name in names:
            row = table_on[name]
            print(f"{name:<10}{int(row['queries']):>8}{row['nDCG@10']:>10.3f}{row['R(rel=2)@10']:>8.3f}")
    took = sorted(runs["on"][1].values())
    print(f"\nsearch time per query: median {took[len(took) // 2]:.1f} ms, p95 {took[int(len(took) * 0.95)]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
