"""Scale corpora: real sentences from ../shared re-mixed into Markdown documents with sidecars.

Search and ingest cost depend on vocabulary, language mix, passage length and how many passages a
word matches; invented words would flatter or punish kb. So the text is real: sentences from the
plain-text and HTML domain documents (``realworld/domain``, language from ``MANIFEST.tsv``) and the
labelled sentences of ``realworld/langid/lingua/sentences`` (da, de, en, sv, nb, nl, fr, pl; see
``bench/pool.py``). Each
document has a ``# title`` and 10-30 ``##`` sections of 2-8 sentences (45-220 words), one passage per
section for kb's splitter; mostly one language, a few mixed. Sidecars give facets values. The same
seed gives byte-identical files; nothing from ../shared is copied into the repository.

    python bench/scale.py --sizes 1000 10000            # generate (cached under /tmp/kb-scale)
    python bench/scale.py --sizes 1000 --check          # ... and index, requested vs indexed passages
    python bench/scale.py --queries 20                  # print the first benchmark queries
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import CACHE, run_kb  # noqa: E402
from bench.pool import LANGUAGES, Pool, build_pool, content_words  # noqa: E402
from kb.config import DOC_TYPES  # noqa: E402

__all__ = ["LANGUAGES", "Pool", "build_pool", "ensure_corpus", "generate", "plan_documents", "queries"]

GENERATOR_VERSION = 1
DOC_LANGUAGES = {"en": 30, "de": 22, "da": 10, "sv": 10, "nl": 8, "fr": 8, "nb": 6, "pl": 6}
MIXED_SHARE = 0.05
FILES_PER_FOLDER = 500
MIN_WORDS, MAX_WORDS = 45, 220  # kb keeps a 40-300 word section as one passage
DOC_TYPE_WEIGHTS = {
    "case_study": 14,
    "project_summary": 14,
    "report": 12,
    "workshop_material": 10,
    "strategy": 10,
    "guideline": 10,
    "recommendations": 8,
    "funding_rule": 8,
    "project_idea": 6,
    "news": 5,
}
COUNTRIES = {
    "da": ["DK", "DE", "SE"],
    "de": ["DE", "DK", "AT", "NL", "PL", "FR"],
    "en": ["DE", "DK", "SE", "NO", "NL", "BE", "FR", "PL", "FI", "EE", "LV", "LT", "GB", "IE"],
    "sv": ["SE", "NO", "FI", "DK"],
    "nb": ["NO", "SE", "DK"],
    "nl": ["NL", "BE", "DE"],
    "fr": ["FR", "BE", "LU", "DE"],
    "pl": ["PL", "DE", "LT"],
}
PROGRAMMES = (
    "Interreg Deutschland-Danmark",
    "Interreg Öresund-Kattegat-Skagerrak",
    "Interreg North Sea",
    "Interreg Baltic Sea Region",
    "Interreg North-West Europe",
    "Interreg Vlaanderen-Nederland",
    "Interreg Deutschland-Nederland",
    "Interreg Grande Région",
    "Interreg South Baltic",
    "Interreg Central Baltic",
    "Interreg Sverige-Norge",
    "Interreg Europe",
)


@dataclass
class Summary:
    documents: int = 0
    passages: int = 0
    mixed: int = 0
    languages: dict[str, int] = field(default_factory=dict)


def _words_label(rng: random.Random, sentence: str, lang: str, low: int, high: int) -> str:
    """A heading or title: a few consecutive words of a real sentence, starting at a content word."""
    words = [w.strip(".,;:!?()„“\"'") for w in sentence.split()]
    words = [w for w in words if w]
    content = set(content_words(sentence, lang))
    starts = [i for i, w in enumerate(words) if w in content] or [0]
    start = rng.choice(starts)
    label = " ".join(words[start : start + rng.randint(low, high)])
    return label[:1].upper() + label[1:]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


class _Drawer:
    """Sentences for one document: mostly from one source of its language, some from anywhere."""

    def __init__(self, rng: random.Random, pool: Pool, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.home = rng.choice(pool.groups[lang])
        self.all = [s for group in pool.groups[lang] for s in group]
        self.used: set[str] = set()

    def sentence(self) -> str:
        """A sentence not yet used in this document, when a few tries find one."""
        for _ in range(8):
            source = self.home if self.rng.random() < 0.7 else self.all
            sentence = self.rng.choice(source)
            if sentence not in self.used:
                break
        self.used.add(sentence)
        return sentence

    def section(self) -> list[str]:
        wanted = self.rng.randint(2, 8)
        chosen: list[str] = []
        words = 0
        for _ in range(60):
            if len(chosen) >= wanted and words >= MIN_WORDS:
                break
            sentence = self.sentence()
            count = len(sentence.split())
            if words + count > MAX_WORDS:
                continue
            chosen.append(sentence)
            words += count
        return chosen


def plan_documents(passages: int, seed: int) -> list[int]:
    """Passages per document: 10-30 each, summing exactly to ``passages``."""
    rng = random.Random(seed)
    sizes: list[int] = []
    remaining = passages
    while remaining > 0:
        size = remaining if remaining <= 30 else min(rng.randint(10, 30), remaining - 10)
        sizes.append(size)
        remaining -= size
    return sizes


def _sidecar(rng: random.Random, lang: str, drawer: _Drawer, topics: list[str]) -> dict[str, object]:
    weights = {t: DOC_TYPE_WEIGHTS.get(t, 3) for t in DOC_TYPES}
    values: dict[str, object] = {"doc_type": _weighted(rng, weights), "language": lang}
    if topics and rng.random() < 0.6:
        values["topics"] = sorted(rng.sample(topics, rng.randint(1, 3)))
    if rng.random() < 0.7:
        values["programmes"] = sorted(rng.sample(PROGRAMMES, rng.randint(1, 2)))
    values["countries"] = sorted(rng.sample(COUNTRIES[lang], rng.randint(1, min(3, len(COUNTRIES[lang])))))
    values["year"] = rng.randint(2008, 2024)
    if rng.random() < 0.25:
        values["description"] = drawer.sentence()
    if rng.random() < 0.3:
        words = list(dict.fromkeys(w.casefold() for w in content_words(drawer.sentence(), lang)))
        if words:
            values["keywords"] = words[:3]
    return values


def _document(seed: int, index: int, size: int, pool: Pool, topics: list[str]) -> tuple[str, str, str, bool]:
    """(language, Markdown text, sidecar YAML, mixed?) of document ``index``; its own random stream."""
    rng = random.Random(seed * 1_000_003 + index)
    lang = _weighted(rng, {k: v for k, v in DOC_LANGUAGES.items() if k in pool.groups})
    mixed = rng.random() < MIXED_SHARE
    second = rng.choice([x for x in ("en", "de", "da", "nl") if x != lang and x in pool.groups]) if mixed else None
    drawers = {lang: _Drawer(rng, pool, lang)}
    if second:
        drawers[second] = _Drawer(rng, pool, second)
    lines = [f"# {_words_label(rng, drawers[lang].sentence(), lang, 3, 8)}", ""]
    for section in range(size):
        section_lang = second if second and section >= size // 2 else lang
        sentences = drawers[section_lang].section()
        level = "###" if section and rng.random() < 0.15 else "##"
        lines += [f"{level} {_words_label(rng, rng.choice(sentences), section_lang, 2, 5)}", ""]
        lines += [" ".join(sentences), ""]
    sidecar = _sidecar(rng, lang, drawers[lang], topics)
    text = yaml.safe_dump(sidecar, sort_keys=False, allow_unicode=True, width=100)
    return lang, "\n".join(lines), text, mixed


def _topic_ids() -> list[str]:
    from kb.thesaurus import load_thesaurus

    return sorted(concept.id for concept in load_thesaurus().topics())


def generate(out_dir: Path, passages: int, seed: int, pool: Pool | None = None) -> Summary:
    """Write documents holding ``passages`` sections into the empty (or new) folder ``out_dir``."""
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir}: not empty; generate into a new folder")
    pool = pool or build_pool()
    topics = _topic_ids()
    summary = Summary()
    for index, size in enumerate(plan_documents(passages, seed)):
        lang, text, sidecar, mixed = _document(seed, index, size, pool, topics)
        folder = out_dir / f"d{index // FILES_PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{lang}-{index:06d}.md"
        path.write_bytes(text.encode("utf-8"))
        (folder / f"{path.name}.yaml").write_bytes(sidecar.encode("utf-8"))
        summary.documents += 1
        summary.passages += size
        summary.mixed += mixed
        summary.languages[lang] = summary.languages.get(lang, 0) + 1
    summary.languages = dict(sorted(summary.languages.items(), key=lambda kv: (-kv[1], kv[0])))
    return summary


def queries(seed: int, n: int = 200, pool: Pool | None = None) -> list[str]:
    """``n`` distinct queries of 1-3 plain words drawn from the pool's content words, mixed frequencies."""
    pool = pool or build_pool()
    rng = random.Random(f"queries-{seed}")
    frequent: dict[str, list[str]] = {}
    rare: dict[str, list[str]] = {}
    for lang in pool.groups:
        counts = Counter(w.casefold() for s in pool.sentences(lang) for w in content_words(s, lang))
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        frequent[lang] = ranked[:300]
        rare[lang] = [w for w in ranked if 2 <= counts[w] <= 5] or ranked[300:]
    weights = {k: v for k, v in DOC_LANGUAGES.items() if k in pool.groups}
    found: list[str] = []
    for _ in range(n * 50):
        if len(found) >= n:
            break
        lang = _weighted(rng, weights)
        roll = rng.random()
        size = 1 if roll < 0.45 else 2 if roll < 0.8 else 3
        if size > 1 and rng.random() < 0.5:  # words that stand together in a real sentence
            words = [w.casefold() for w in content_words(rng.choice(pool.sentences(lang)), lang)]
            if len(words) < size:
                continue
            start = rng.randrange(len(words) - size + 1)
            picked = words[start : start + size]
        else:
            picked = [rng.choice(frequent[lang] if rng.random() < 0.5 else rare[lang]) for _ in range(size)]
        query = " ".join(dict.fromkeys(picked))
        if query not in found:
            found.append(query)
    return found


def scale_home(size: int, seed: int, root: Path = CACHE) -> Path:
    return root / f"{size}-{seed}"


def ensure_corpus(size: int, seed: int, root: Path = CACHE, pool: Pool | None = None) -> Path:
    """A kb home with a generated corpus, reused when generator, seed, size and pool are unchanged."""
    pool = pool or build_pool()
    home = scale_home(size, seed, root)
    marker = home / "scale.json"
    wanted = {"version": GENERATOR_VERSION, "passages": size, "seed": seed, "pool": pool.fingerprint()}
    if marker.is_file():
        known = json.loads(marker.read_text(encoding="utf-8"))
        if all(known.get(k) == v for k, v in wanted.items()):
            return home
    shutil.rmtree(home, ignore_errors=True)
    summary = generate(home / "corpus", size, seed, pool)
    marker.write_text(json.dumps({**wanted, "summary": summary.__dict__}, indent=2) + "\n", encoding="utf-8")
    return home


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="passages per corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--root", type=Path, default=CACHE, help=f"cache folder (default {CACHE})")
    parser.add_argument("--check", action="store_true", help="index each corpus and compare passage counts")
    parser.add_argument("--queries", type=int, default=0, help="print the first N benchmark queries")
    args = parser.parse_args()
    pool = build_pool()
    print("sentence pool: " + ", ".join(f"{lang} {len(pool.sentences(lang))}" for lang in pool.groups))
    for query in queries(args.seed, pool=pool)[: args.queries]:
        print(f"  query: {query}")
    print(f"\n{'requested':>10} {'documents':>10} {'written':>8} {'indexed':>8} {'ratio':>6}  home")
    for size in args.sizes:
        home = ensure_corpus(size, args.seed, args.root, pool)
        summary = json.loads((home / "scale.json").read_text(encoding="utf-8"))["summary"]
        indexed = "-"
        ratio = "-"
        if args.check:
            run_kb(home, "index")
            stats, _seconds = run_kb(home, "stats", allowed=(0,))
            indexed, ratio = str(stats["passages"]), f"{stats['passages'] / size:.3f}"
        print(f"{size:>10} {summary['documents']:>10} {summary['passages']:>8} {indexed:>8} {ratio:>6}  {home}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
