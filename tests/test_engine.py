"""The array engine behind search: scores, facet counts, deletions, one-edit neighbours, places, coverage.

Each test checks the engine against an independent computation on a real index (the shipped corpus,
or small corpora written here), not against the engine itself.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from kb.coverage import coverage
from kb.engine import BM25_B, BM25_K1, TermWeight
from kb.facets import FACET_FIELDS, doc_values
from kb.query import parse_query
from kb.search import Searching, SearchRequest, word_terms
from tests.conftest import Home, make_home

ALPS = "clusteragentur-bw-alpine-space-danube.txt"


def test_bm25_score_matches_the_formula_with_per_field_statistics(shared_seed_home: Home) -> None:
    snapshot = shared_seed_home.store().snapshot()
    engine = snapshot.engine
    with engine.session() as session:
        field, term = "body_en", session.expand_prefix("body_en", "mobil", 1)[0]
        scores = session.score([TermWeight(field, term, 2.0)])
        lengths = engine.lengths(session._reader, field)
        population = int((lengths > 0).sum())
        df = session.doc_frequency(field, term)
        avg = session._reader.field_length(field) / population
        ids, tf = engine.postings(session._reader, field, term)
        assert len(ids) == df > 0
        for docnum, freq in zip(ids.tolist(), tf.tolist(), strict=True):
            idf = math.log(population / (df + 1)) + 1
            norm = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths[docnum] / avg)
            expected = 2.0 * idf * freq * (BM25_K1 + 1) / (freq + norm)
            assert math.isclose(scores[docnum], expected, rel_tol=1e-9)
        assert int((scores > 0).sum()) == df  # nothing else scored


def test_facet_counts_equal_a_count_over_the_matching_records(shared_seed_home: Home) -> None:
    result = shared_seed_home.search("cluster", doc_types=["project_summary"], limit=50)
    snapshot = shared_seed_home.store().snapshot()
    everything = shared_seed_home.search("cluster", limit=50)
    matched = [snapshot.catalog[h.path] for h in everything.hits]
    for name in FACET_FIELDS:
        expected: Counter[str] = Counter()
        for record in matched:
            if name == "doc_type" or record.doc_type == "project_summary":
                expected.update(dict.fromkeys(doc_values(record)[name], 1))
        assert result.facets[name] == dict(expected), name


def test_one_edit_neighbours_equal_whooshs_automaton(shared_seed_home: Home) -> None:
    engine = shared_seed_home.store().snapshot().engine
    with engine.session() as session:
        reader = session._reader
        words = [w.decode() if isinstance(w, bytes) else w for w in reader.lexicon("plain")]
        checked = 0
        for word in words[::7]:
            if len(word) < 5:
                continue
            whoosh = {
                t.decode() if isinstance(t, bytes) else t for t in reader.terms_within("plain", word, 1, prefix=2)
            }
            assert set(engine.near_terms(reader, "plain", word, 2)) == whoosh, word
            checked += 1
        assert checked > 50


def test_deleted_and_replaced_documents_are_never_scored(tmp_path: Path) -> None:
    home = Home(make_home(tmp_path / "kb", seeds=False))
    (home.corpus / "a.md").write_text("# Fjord ferries\n\nElectric fjord ferries cut emissions. " * 5, encoding="utf-8")
    (home.corpus / "b.md").write_text("# Fjord tourism\n\nFjord tourism grows every summer. " * 5, encoding="utf-8")
    home.index()
    assert sorted(home.paths("fjord")) == ["a.md", "b.md"]
    (home.corpus / "a.md").write_text("# Harbour cranes\n\nCranes lift containers. " * 5, encoding="utf-8")
    (home.corpus / "b.md").unlink()
    home.index()  # an incremental update: the old records stay in the segment, marked deleted
    assert home.paths("fjord") == []
    assert home.paths("cranes") == ["a.md"]
    assert home.search("fjord").facets["language"] == {}


def test_a_place_named_in_any_language_finds_documents_about_it(shared_seed_home: Home) -> None:
    # "Alpenraum" and "Donauraum" are nowhere in the English document; the gazetteer knows both regions
    result = shared_seed_home.search("Alpenraum Donauraum")
    assert result.hits and result.hits[0].path == ALPS
    assert shared_seed_home.search("Alpenraum Donauraum", expand=False).hits == []


def test_coverage_is_the_share_of_query_words_a_document_has(tmp_path: Path) -> None:
    home = Home(make_home(tmp_path / "kb", seeds=False))
    texts = {
        "both.md": "# Valley\n\nThe valley plan links hydrogen buyers to new electrolysers at the port.",
        "one.md": "# Plant\n\nOur electrolysers run day and night in the new hall by the harbour.",
        "none.md": "# Buses\n\nElectric buses run on every line of the city network since last year.",
    }
    for name, text in texts.items():
        (home.corpus / name).write_text(text, encoding="utf-8")
    home.index()
    store = home.store()
    snapshot = store.snapshot()
    searching = Searching(store, home.settings)
    with snapshot.engine.session() as session:
        request = SearchRequest("hydrogen electrolysers")
        plan = searching.plan(parse_query(request.query), snapshot, session, request)
        cover = coverage(session, snapshot, plan, word_terms)
        single = searching.plan(parse_query("electrolysers"), snapshot, session, SearchRequest("electrolysers"))
        assert coverage(session, snapshot, single, word_terms) is None  # one word: nothing to share out
    assert cover is not None
    ordinal = snapshot.engine.ordinal
    assert cover[ordinal["both.md"]] == 1.0
    assert cover[ordinal["one.md"]] == 0.5
    assert cover[ordinal["none.md"]] == 0.0
    assert home.paths("hydrogen electrolysers") == ["both.md", "one.md"]  # covering nothing: not found


def test_a_search_over_its_time_budget_says_so_and_still_answers(tmp_path: Path) -> None:
    home = Home(make_home(tmp_path / "kb"), search_time_limit=1e-9)
    home.index()
    result = home.search("cross-border cooperation labour mobility")
    assert result.timed_out
    assert result.facets.keys() == set(FACET_FIELDS)
