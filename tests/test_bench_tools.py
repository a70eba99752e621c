"""The benchmark tooling itself: deterministic scale corpora, valid sidecars, sane queries, anchors.

Timings are never asserted here (a shared 2-core machine makes them noise); the benchmarks print
them. What is checked is that the figures they print are computed on what they claim.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bench import anchors, scale
from bench.common import percentile
from kb.config import DOC_TYPES
from kb.sidecar import load_sidecar

REPO = Path(__file__).resolve().parents[1]
REALWORLD = Path(os.environ.get("KB_SHARED", REPO.parent / "shared")) / "realworld"
needs_shared = pytest.mark.skipif(
    not (REALWORLD / "langid" / "lingua" / "sentences").is_dir() or not (REALWORLD / "domain").is_dir(),
    reason=f"real-world sentences not found under {REALWORLD}",
)
HEADING = re.compile(r"^#{2,3} ", re.M)


@pytest.fixture(scope="module")
def pool() -> scale.Pool:
    if not (REALWORLD / "langid").is_dir():
        pytest.skip(f"real-world sentences not found under {REALWORLD}")
    return scale.build_pool(REALWORLD)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_shared
def test_pool_keeps_every_corpus_language(pool: scale.Pool) -> None:
    assert set(pool.groups) == set(scale.LANGUAGES)
    assert all(len(pool.sentences(lang)) >= 500 for lang in scale.LANGUAGES)


@needs_shared
def test_generator_is_byte_identical_for_a_seed(tmp_path: Path, pool: scale.Pool) -> None:
    scale.generate(tmp_path / "a", 400, seed=5, pool=pool)
    scale.generate(tmp_path / "b", 400, seed=5, pool=pool)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first and first == second


@needs_shared
def test_different_seeds_give_different_corpora(tmp_path: Path, pool: scale.Pool) -> None:
    scale.generate(tmp_path / "a", 400, seed=5, pool=pool)
    scale.generate(tmp_path / "b", 400, seed=6, pool=pool)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


@needs_shared
def test_generator_refuses_a_folder_in_use(tmp_path: Path, pool: scale.Pool) -> None:
    (tmp_path / "old.md").write_text("# old\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        scale.generate(tmp_path, 20, seed=1, pool=pool)


@needs_shared
@pytest.mark.parametrize("passages", [35, 1000])
def test_passages_as_requested_in_sections_kb_keeps_whole(tmp_path: Path, pool: scale.Pool, passages: int) -> None:
    summary = scale.generate(tmp_path, passages, seed=2, pool=pool)
    documents = sorted(tmp_path.rglob("*.md"))
    sections = [len(HEADING.findall(p.read_text(encoding="utf-8"))) for p in documents]
    assert sum(sections) == summary.passages == passages
    assert summary.documents == len(documents)
    assert all(10 <= n <= 30 for n in sections)
    assert max(sum(1 for _ in folder.glob("*.md")) for folder in tmp_path.iterdir()) <= scale.FILES_PER_FOLDER
    for path in documents[:5]:
        bodies = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b and not b.startswith("#")]
        assert all(scale.MIN_WORDS <= len(b.split()) <= scale.MAX_WORDS for b in bodies)


def test_document_plan_sums_exactly() -> None:
    for total in (1, 10, 31, 1000, 12345):
        sizes = scale.plan_documents(total, seed=3)
        assert sum(sizes) == total
        assert all(n <= 30 for n in sizes)
        if total >= 10:
            assert all(n >= 10 for n in sizes)


@needs_shared
def test_sidecars_pass_kbs_own_validation(tmp_path: Path, pool: scale.Pool) -> None:
    scale.generate(tmp_path, 600, seed=4, pool=pool)
    facets: dict[str, set[str]] = {"doc_type": set(), "language": set(), "countries": set(), "year": set()}
    for path in sorted(tmp_path.rglob("*.md")):
        values, raw = load_sidecar(path, 65_536)
        assert raw is not None
        assert values["doc_type"] in DOC_TYPES
        assert values["language"] == path.name.split("-")[0]
        assert 2008 <= values["year"] <= 2024
        facets["doc_type"].add(values["doc_type"])
        facets["language"].add(values["language"])
        facets["countries"].update(values["countries"])
        facets["year"].add(str(values["year"]))
    assert all(len(found) >= 3 for found in facets.values())


@needs_shared
def test_queries_are_deterministic_plain_words(pool: scale.Pool) -> None:
    texts = scale.queries(7, pool=pool)
    assert texts == scale.queries(7, pool=pool)
    assert texts != scale.queries(8, pool=pool)
    assert len(texts) == 200 and len(set(texts)) == 200
    assert all(1 <= len(t.split()) <= 3 for t in texts)
    assert all(re.fullmatch(r"[^\W\d_]+( [^\W\d_]+){0,2}", t) for t in texts)
    lengths = {len(t.split()) for t in texts}
    assert lengths == {1, 2, 3}


def _tiny_docs() -> list[anchors.AnchorDoc]:
    def doc(path: str, lang: str, year: int, *texts: str) -> anchors.AnchorDoc:
        passages = tuple(anchors.AnchorPassage(i, f"Section {i}", t) for i, t in enumerate(texts))
        return anchors.AnchorDoc(path, path.upper(), "report", (lang,), ("energy",), ("DK",), (), year, passages)

    return [
        doc("wind.md", "en", 2015, "Offshore wind farms in the North Sea.", "Turbines and cables."),
        doc("grenze.md", "de", 2018, "Grenzüberschreitende Zusammenarbeit an der deutsch-dänischen Grenze."),
        doc("food.md", "en", 2015, "Food clusters and wind of change in agriculture.", "Dairy."),
    ]


@pytest.mark.parametrize("engine", ["fts5", "tantivy"])
def test_anchor_finds_the_expected_document_with_facets(tmp_path: Path, engine: str) -> None:
    if engine == "tantivy" and anchors.tantivy_problem():
        pytest.skip(f"tantivy unavailable: {anchors.tantivy_problem()}")
    docs = _tiny_docs()
    anchor_class = anchors.Fts5Anchor if engine == "fts5" else anchors.TantivyAnchor
    anchor = anchor_class(tmp_path / engine, docs)
    try:
        result = anchor.search("offshore wind")
        assert [h.path for h in result.hits] == ["wind.md", "food.md"]
        assert result.total == 2
        assert "wind" in result.hits[0].snippets[0].casefold()
        assert result.facets["year"] == {"2015": 2}
        assert result.facets["language"] == {"en": 2}
        assert anchor.search("zusammenarbeit").hits[0].path == "grenze.md"
        assert anchor.search("").total == 0
    finally:
        anchor.close()


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 201)]
    assert percentile(values, 0.95) == 190.0
    assert percentile(values, 0.5) == 100.0
    assert percentile([3.0], 0.95) == 3.0
