"""The index and search on the shipped corpus: ranking, filters, incremental updates, odd queries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.errors import IndexCorruptError, SearchQueryError
from kb.index import MANIFEST
from kb.search import Searching, SearchRequest
from tests.conftest import Home

EN = "intra-net-summary-en.txt"
DE = "intra-net-summary-de.txt"
SLIDES = "intra-net-presentation.txt"
ALPS = "clusteragentur-bw-alpine-space-danube.txt"
NSR = "nsr-project-idea-urban-rural-s3.txt"


def test_labour_mobility_ranks_the_presentation_first(shared_seed_home: Home) -> None:
    result = shared_seed_home.search("labour mobility")
    assert result.hits[0].path == SLIDES
    assert "labour mobility" in result.hits[0].snippet.lower()
    spans = result.hits[0].highlights
    assert any(result.hits[0].snippet[s:e].lower() == "mobility" for s, e in spans)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("urban-rural potential North Sea Region", NSR),
        ("DanuBioValNet bio-based value chains", ALPS),
        ("Erlebniswirtschaft Gesundheit", DE),
        ("total investment ERDF 295 578", EN),
        ("workshop business model creativity", SLIDES),
    ],
)
def test_best_document_first(shared_seed_home: Home, query: str, first: str) -> None:
    assert shared_seed_home.paths(query)[0] == first


def test_or_semantics_keeps_partial_matches(shared_seed_home: Home) -> None:
    paths = shared_seed_home.paths("bioeconomy urban-rural", limit=10)
    assert ALPS in paths and NSR in paths


def test_language_filter_returns_only_german(shared_seed_home: Home) -> None:
    result = shared_seed_home.search("cluster", languages=["de"])
    assert [h.path for h in result.hits] == [DE]
    assert all(h.language == "de" for h in result.hits)
    assert result.facets["language"]["en"] >= 3  # other languages stay selectable


def test_filters_by_fields_and_facets(shared_seed_home: Home) -> None:
    result = shared_seed_home.search("cluster", doc_types=["project_idea"])
    assert [h.path for h in result.hits] == [NSR]
    result = shared_seed_home.search("cluster", countries=["NO"])
    assert [h.path for h in result.hits] == [NSR]
    result = shared_seed_home.search("cluster", year_from=2016)
    assert [h.path for h in result.hits] == [ALPS]
    facets = shared_seed_home.search("cluster").facets
    assert facets["doc_type"]["project_summary"] == 2
    assert facets["country"]["DK"] == 4
    assert facets["year"]["2015"] == 3


def test_query_syntax_filters_phrases_and_exclusion(shared_seed_home: Home) -> None:
    assert shared_seed_home.paths("cluster lang:de") == [DE]
    phrase = shared_seed_home.paths('"labour mobility programme"')
    assert phrase == [SLIDES]
    assert EN not in shared_seed_home.paths("cluster -Nedergaard")
    assert SLIDES in shared_seed_home.paths("cluster -Nedergaard")


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "title:",
        "AND OR NOT",
        "*",
        "*ation",
        "?",
        "((cluster]",
        "lang:xx cluster",
        "year:abc",
        "\\",
        "-",
        '""',
    ],
)
def test_malformed_queries_do_not_fail(shared_seed_home: Home, query: str) -> None:
    result = shared_seed_home.search(query)
    assert result.total >= 0


def test_too_long_query_is_a_user_error(shared_seed_home: Home) -> None:
    with pytest.raises(SearchQueryError, match="limit"):
        shared_seed_home.search("cluster " * 200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_any_text_is_a_safe_query(shared_seed_home: Home, text: str) -> None:
    try:
        result = shared_seed_home.search(text)
    except SearchQueryError as exc:
        assert str(exc)
    else:
        assert result.total >= 0


def test_empty_query_lists_documents_with_filters(shared_seed_home: Home) -> None:
    result = shared_seed_home.search("", languages=["de"])
    assert [h.path for h in result.hits] == [DE]
    assert result.hits[0].snippet  # first passage shown


def test_second_index_changes_nothing(seed_home: Home) -> None:
    report = seed_home.index()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 5)


def test_changed_deleted_and_new_files(seed_home: Home) -> None:
    (seed_home.corpus / NSR).unlink()
    (seed_home.corpus / f"{NSR}.yaml").unlink()
    (seed_home.corpus / "sub").mkdir()
    (seed_home.corpus / "sub" / "note.md").write_text(
        "# Zebra crossing\n\nA note about zebrafish aquaculture clusters.\n"
    )
    with (seed_home.corpus / EN).open("a") as handle:
        handle.write("\nA new paragraph about hydrogen valleys.\n")
    report = seed_home.index()
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert NSR not in seed_home.paths("urban-rural North Sea")
    assert seed_home.paths("zebrafish") == ["sub/note.md"]
    assert seed_home.paths("hydrogen valleys")[0] == EN


def test_sidecar_change_reindexes(seed_home: Home) -> None:
    sidecar = seed_home.corpus / f"{ALPS}.yaml"
    sidecar.write_text(sidecar.read_text().replace("year: 2017", "year: 2019"))
    report = seed_home.index()
    assert report.updated == 1
    assert seed_home.search("cluster", year_from=2019).hits[0].path == ALPS


def test_bad_sidecar_is_reported_and_document_indexed(seed_home: Home) -> None:
    (seed_home.corpus / f"{ALPS}.yaml").write_text("tittle: typo\n")
    report = seed_home.index()
    warned = {w.path: " ".join(w.reasons) for w in report.warnings}
    assert "unknown field 'tittle'" in warned[ALPS]
    assert seed_home.paths("DanuBioValNet")[0] == ALPS


def test_rebuild_swaps_generation(seed_home: Home) -> None:
    store = seed_home.store()
    before = store.current_dir()
    report = seed_home.index(rebuild=True)
    assert report.added == 5
    after = store.current_dir()
    assert after != before and after is not None
    assert seed_home.paths("labour mobility")[0] == SLIDES


def test_damaged_index_is_detected_and_rebuilt(seed_home: Home) -> None:
    store = seed_home.store()
    current = store.current_dir()
    assert current is not None
    # the largest file of the segment (kb writes segments as separate files: postings, stored fields...)
    segment = max(
        (p for p in current.iterdir() if p.name.startswith("MAIN_") and p.is_file()), key=lambda p: p.stat().st_size
    )
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="checksum"):
        seed_home.store().verify()
    report = seed_home.index()
    assert report.rebuilt_reason and "checksum" in report.rebuilt_reason
    assert seed_home.paths("labour mobility")[0] == SLIDES


def test_schema_version_mismatch_triggers_rebuild(seed_home: Home) -> None:
    current = seed_home.store().current_dir()
    assert current is not None
    manifest = json.loads((current / MANIFEST).read_text())
    manifest["schema_version"] = 0
    (current / MANIFEST).write_text(json.dumps(manifest))
    report = seed_home.index()
    assert "schema version" in (report.rebuilt_reason or "")


def test_another_thesaurus_triggers_rebuild(seed_home: Home, tmp_path: Path) -> None:
    """Passages carry the concepts found in them: a changed thesaurus means the index is out of date."""
    custom = tmp_path / "thesaurus.yaml"
    custom.write_text(
        "concepts:\n- id: commuting\n  group: theme\n  labels:\n"
        "    en: {pref: commuting, alt: [labour mobility]}\n    de: {pref: Pendeln}\n    da: {pref: pendling}\n"
        "    sv: {pref: pendling}\n    nb: {pref: pendling}\n    nl: {pref: pendelen}\n",
        encoding="utf-8",
    )
    other = Home(seed_home.root, thesaurus=str(custom))
    report = other.index()
    assert "another thesaurus" in (report.rebuilt_reason or "")
    assert other.search("Pendeln").hits[0].path == SLIDES  # the German label finds the English slides
    assert other.index().rebuilt_reason is None  # and the rebuilt index is current for that thesaurus


def test_missing_index_folder_is_rebuilt(seed_home: Home) -> None:
    current = seed_home.store().current_dir()
    assert current is not None
    shutil.rmtree(current)
    report = seed_home.index()
    assert report.added == 5


def test_searcher_per_request_after_commits(seed_home: Home) -> None:
    """One cached Searching keeps working across commits by writers (no closed searchers)."""
    searching = Searching(seed_home.store(), seed_home.settings)
    assert searching.search(SearchRequest("labour mobility")).hits
    (seed_home.corpus / "extra.txt").write_text("Labour mobility study of Øresund commuters and their employers.")
    seed_home.index()
    paths = [h.path for h in searching.search(SearchRequest("Øresund commuters")).hits]
    assert paths == ["extra.txt"]
