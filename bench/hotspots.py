"""Where the time goes: pyinstrument profiles of the search request and of ingest.

Sampling (pyinstrument) rather than tracing, so Python-heavy code is not overstated.
Search: the full request of the search page (``Searching.search``) for the 200 benchmark
queries on a generated corpus (``bench/scale.py``), after a warm-up. Ingest: what one
extraction worker does for every file of the seeds + domain set (extract, clean, passages,
language, enrich), run in this process so the profiler sees it, then the index writes.

    python bench/hotspots.py --size 10000            # search profile, then ingest profile
    python bench/hotspots.py --only search --html out.html
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest_speed import domain_home
from bench.scale import ensure_corpus, queries
from ingest.enrich import load_enricher
from ingest.pipeline import open_index
from ingest.prepare import Job, Preparer
from kb.analysis import word_counts
from kb.config import Settings
from kb.corpus import iter_corpus
from kb.index import open_store
from kb.search import Searching, SearchRequest


def profile_search(size: int, seed: int) -> Profiler:
    home = ensure_corpus(size, seed)
    settings = Settings.from_env(home=home)
    searching = Searching(open_index(settings), settings)
    texts = queries(seed)
    for text in texts:  # warm-up: snapshot arrays, matcher, postings cache
        searching.search(SearchRequest(query=text, limit=10))
    profiler = Profiler(interval=0.0005)
    with profiler:
        for text in texts:
            searching.search(SearchRequest(query=text, limit=10))
    return profiler


def profile_ingest(root: Path) -> Profiler:
    settings = Settings.from_env(home=domain_home(root))
    profiler = Profiler(interval=0.001)
    with profiler:
        preparer = Preparer(settings, load_enricher(settings))
        records = []
        for entry in iter_corpus(settings.corpus_dir):
            try:
                records.append(preparer.prepare(Job(entry.path, str(entry.abspath))))
            except Exception as exc:  # a file that fails is part of ingest too
                print(f"{entry.path}: {exc}", file=sys.stderr)
        with open_store(settings.replace(home=root / "profile-index")).writer(rebuild=True) as writer:
            writer.extend_lexicon(word_counts((p.text, p.language) for r in records for p in r.passages))
            for record in records:
                writer.add(record)
    return profiler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000, help="passages of the generated corpus for search")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["search", "ingest"])
    parser.add_argument("--html", type=Path, help="also write the last profile as HTML")
    args = parser.parse_args()
    profiler = None
    if args.only in (None, "search"):
        profiler = profile_search(args.size, args.seed)
        print(f"== search: 200 full requests at {args.size} passages ==")
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    if args.only in (None, "ingest"):
        with tempfile.TemporaryDirectory(prefix="kb-profile-") as tmp:
            profiler = profile_ingest(Path(tmp))
        print("== ingest: seeds + domain documents, one process ==")
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    if args.html and profiler is not None:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
