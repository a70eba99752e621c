"""Cross-lingual search: thesaurus, short-query language detection, compounds, expansion, relevance."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from kb.analysis import Analyzer
from kb.concepts import ConceptMatcher
from kb.decompound import Decompounder
from kb.errors import DataFileError
from kb.querylang import detect_query_language
from kb.thesaurus import load_thesaurus, parse_thesaurus
from tests.conftest import DOMAIN, REPO, Home, needs_realworld

GOOD = """concepts:
  - id: a
    labels:
      en: {pref: border}
      de: {pref: Grenze}
      da: {pref: grænse}
      sv: {pref: gräns}
      nb: {pref: grense}
      nl: {pref: grens}
"""


def test_shipped_thesaurus_is_big_and_multilingual() -> None:
    thesaurus = load_thesaurus()
    assert len(thesaurus.concepts) >= 150
    groups = Counter(c.group for c in thesaurus.concepts.values())
    assert {"sector", "theme", "instrument", "genre"} <= set(groups)
    for concept in thesaurus.concepts.values():
        assert {"en", "de", "da", "sv", "nb", "nl"} <= set(concept.labels), concept.id
    assert "wind_energy" in thesaurus.concepts["offshore_wind"].broader
    assert "offshore_wind" in thesaurus.concepts["wind_energy"].narrower


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("concepts: [", "not valid YAML"),
        ("- just a list", "'concepts' list"),
        (GOOD.replace("id: a", "id: a\n    colour: red"), "unknown field(s) colour"),
        (GOOD.replace("      nl: {pref: grens}\n", ""), "labels missing for nl"),
        (GOOD.replace("    labels", "    broader: [nope]\n    labels"), "'nope' does not exist"),
        (GOOD + GOOD.replace("concepts:\n", ""), "defined twice"),
        (GOOD.replace("    labels", "    broader: [a]\n    labels"), "cycle"),
    ],
)
def test_bad_thesaurus_files_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_thesaurus([(text, "broken.yaml")])


@pytest.fixture(scope="module")
def language_tools() -> tuple[Analyzer, ConceptMatcher]:
    analyzer = Analyzer()
    return analyzer, ConceptMatcher(load_thesaurus(), analyzer)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grænseoverskridende samarbejde sundhed", "da"),
        ("arbejdskraftens mobilitet", "da"),
        ("klyngesamarbejde", "da"),
        ("grenzüberschreitende Zusammenarbeit", "de"),
        ("Wertschöpfungskette", "de"),
        ("labour mobility", "en"),
        ("cluster financing models", "en"),
        ("gränsöverskridande samarbete", "sv"),
        ("slimme specialisatie", "nl"),
        ("grensoverskridende samarbeid", "nb"),
    ],
)
def test_short_query_language(language_tools: tuple[Analyzer, ConceptMatcher], query: str, expected: str) -> None:
    analyzer, matcher = language_tools
    found = detect_query_language(query, ["da", "de", "en", "sv", "nb", "nl", "fr"], analyzer, matcher, None)
    assert found.language == expected, found.scores


LEXICON = {
    "de": Counter({"grenze": 5, "region": 9, "arbeit": 4, "kräfte": 3, "mobilität": 4, "tat": 30, "cluster": 6}),
    "da": Counter({"klynge": 5, "samarbejde": 8, "grænse": 4, "region": 6}),
    "sv": Counter({"gräns": 3, "region": 4, "samverkan": 3}),
    "nl": Counter({"grens": 3, "regio": 4, "samenwerking": 5}),
}


@pytest.mark.parametrize(
    ("word", "lang", "parts"),
    [
        ("grenzregion", "de", ("grenze", "region")),
        ("arbeitskräftemobilität", "de", ("arbeit", "kräfte", "mobilität")),
        ("klyngesamarbejde", "da", ("klynge", "samarbejde")),
        ("grænseregion", "da", ("grænse", "region")),
        ("gränsregion", "sv", ("gräns", "region")),
        ("grensregio", "nl", ("grens", "regio")),
    ],
)
def test_compounds_that_must_split(word: str, lang: str, parts: tuple[str, ...]) -> None:
    assert Decompounder(LEXICON).split(word, lang) == parts


@pytest.mark.parametrize(
    ("word", "lang"),
    [
        ("potato", "de"),  # "Tat" is a German word, but three letters are not a part
        ("potato", "en"),  # English is never split
        ("cooperation", "de"),
        ("region", "de"),  # a known word is not a compound of itself
        ("clusterinitiative", "en"),
        ("innovationsfähigkeit", "de"),  # "fähigkeit" is not in this lexicon: no guessing
    ],
)
def test_compounds_that_must_not_split(word: str, lang: str) -> None:
    assert Decompounder(LEXICON).split(word, lang) == ()


@pytest.mark.parametrize(
    ("text", "lang"),
    [("our R&D budget", "en"), ("F&E-Projekte", "de"), ("a pilot in e-health", "en"), ("FoU-samarbete", "sv")],
)
def test_labels_with_single_letters_match(
    language_tools: tuple[Analyzer, ConceptMatcher], text: str, lang: str
) -> None:
    _analyzer, matcher = language_tools
    found = {m.concept for m in matcher.match_text(text, lang)}
    assert found & {"research_innovation", "e_health"}, found


def test_a_lone_letter_or_a_stop_word_acronym_is_no_concept(language_tools: tuple[Analyzer, ConceptMatcher]) -> None:
    _analyzer, matcher = language_tools
    assert not matcher.match_text("plan a or plan b, then d", "en")
    assert "ict" not in {m.concept for m in matcher.match_text("the IT sector", "en")}


def test_compound_parts_reach_the_index(seed_home: Home) -> None:
    (seed_home.corpus / "notiz.md").write_text(
        "# Pendler\n\nIn der Grenzregion pendeln viele Menschen. Die Region und die Grenze prägen den Alltag. "
        "Die Region wächst, die Grenze ist offen, die Region ist jung.\n"
    )
    seed_home.index()
    assert "notiz.md" in seed_home.paths("Grenzregion")
    assert "notiz.md" in seed_home.paths("Grenze Region")


def test_expansion_on_and_off(shared_seed_home: Home) -> None:
    on = shared_seed_home.search("grænseoverskridende samarbejde sundhed")
    off = shared_seed_home.search("grænseoverskridende samarbejde sundhed", expand=False)
    assert on.query_language == "da"
    assert (
        "cross-border cooperation" in on.expanded_terms and "grenzüberschreitende Zusammenarbeit" in on.expanded_terms
    )
    assert off.expanded_terms == []
    top = [h.path for h in on.hits[:3]]
    assert {"intra-net-summary-en.txt", "intra-net-summary-de.txt", "intra-net-presentation.txt"} & set(top)
    assert on.total > off.total


def test_typo_tolerance_and_suggestion(shared_seed_home: Home) -> None:
    assert shared_seed_home.paths("labour mobilty")[0] == "intra-net-presentation.txt"
    result = shared_seed_home.search("Erlebniswirtschaftt", fuzzy=False)
    assert result.total == 0 and result.suggestion == "erlebniswirtschaft"
    assert shared_seed_home.search("zzqxv wwkrp").suggestion is None  # nothing to suggest that finds anything


def test_similar_documents_across_languages(shared_seed_home: Home) -> None:
    similar = shared_seed_home.store().snapshot().similarity.similar("intra-net-summary-en.txt", 3)
    assert similar[0][0] == "intra-net-summary-de.txt"


@needs_realworld
def test_relevance_does_not_regress(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The judged benchmark (76 queries over the seeds and the real-world domain documents)."""
    sys.path.insert(0, str(REPO / "bench" / "relevance"))
    import run as bench

    settings = bench.prepare_home(tmp_path_factory.mktemp("relevance") / "kb")
    queries = bench.load_queries()
    scored, _took = bench.run(settings, queries, expand=True)
    table, _per_query = bench.evaluate(bench.load_qrels(), scored, queries)
    assert DOMAIN.is_dir()
    assert table["all"]["nDCG@10"] >= 0.84, table["all"]
    assert table["mono"]["nDCG@10"] >= 0.86, table["mono"]
    assert table["cross"]["nDCG@10"] >= 0.80, table["cross"]
