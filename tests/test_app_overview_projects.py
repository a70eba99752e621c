"""The overview and the projects-and-clusters pages, driven by AppTest on the seed corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import yaml
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from tests.conftest import REPO, Home
from webui.i18n import UI_LANGUAGES, locales_dir

APP = str(REPO / "streamlit_app.py")


def _page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _plain(text: str) -> str:
    """Markdown with kb's escaping undone."""
    return re.sub(r"\\(.)", r"\1", text)


def _links(node: AppTest | Block) -> list[tuple[str, str, dict[str, list[str]]]]:
    """(label, page, query parameters) of every page link under ``node``."""
    return [
        (
            _plain(link.proto.label),
            link.proto.page,
            parse_qs(link.proto.query_string, keep_blank_values=True),
        )
        for link in node.get("page_link")
    ]


def _text(block: Block) -> str:
    parts = [m.value for kind in ("markdown", "caption", "warning") for m in block.get(kind)]
    return _plain("\n".join(parts))


def _expander(at: AppTest, name: str, tab: int | None = None) -> Block:
    scope = at.tabs[tab] if tab is not None else at
    found = [e for e in scope.get("expander") if _plain(e.label).startswith(name)]
    assert found, f"no profile named {name}"
    return found[0]


# Overview


def test_overview_metrics_and_search_links(app_home: Home) -> None:
    at = _page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "5"
    assert metrics["Passages"] == "31"
    assert metrics["Languages"] == "2"
    assert metrics["Countries"] == "14"
    assert [h.value for h in at.subheader] == [
        "Documents by language",
        "Documents by type",
        "Documents by topic",
        "Documents by programme",
        "Documents by year",
        "Countries and regions covered",
    ]
    links = {label: params for label, _page_hash, params in _links(at)}
    assert links["German (1)"] == {"lang": ["de"], "ui": ["en"]}
    assert links["English (4)"] == {"lang": ["en"], "ui": ["en"]}
    assert links["Project summary (2)"] == {"type": ["project_summary"], "ui": ["en"]}
    assert links["regional development (5)"] == {"topic": ["regional_development"], "ui": ["en"]}
    programme = "Interreg 4A Syddanmark-Schleswig-K.E.R.N. (2007-2013)"
    assert links[f"{programme} (3)"] == {"programme": [programme], "ui": ["en"]}
    assert links["2015 (3)"] == {"year": ["2015"], "q": [""], "ui": ["en"]}
    assert links["Germany · DE (5)"] == {"country": ["DE"], "ui": ["en"]}
    assert links["Denmark · DK (4)"] == {"country": ["DK"], "ui": ["en"]}


def test_overview_topics_are_cut_to_the_top_15(app_home: Home) -> None:
    at = _page("overview")
    topic_links = [label for label, _page_hash, params in _links(at) if "topic" in params]
    assert len(topic_links) == 15
    assert "The 15 most frequent of 22" in [c.value for c in at.caption]


def test_overview_draws_charts_and_a_map(app_home: Home) -> None:
    at = _page("overview")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 5
    first = json.loads(charts[0].proto.spec)
    assert first["mark"]["type"] == "bar"
    assert first["encoding"]["tooltip"][0]["title"] == "Language"
    assert len(at.get("deck_gl_json_chart")) == 1


def test_overview_in_german(app_home: Home) -> None:
    at = _page("overview", ui="de")
    assert at.title[0].value == "Die Sammlung im Überblick"
    assert "Dokumente nach Sprache" in [h.value for h in at.subheader]
    assert {m.label: m.value for m in at.metric}["Dokumente"] == "5"
    links = {label: params for label, _page_hash, params in _links(at)}
    assert links["Deutsch (1)"] == {"lang": ["de"], "ui": ["de"]}
    assert links["Projektzusammenfassung (2)"]["type"] == ["project_summary"]


# Projects and clusters


def test_intranet_shows_both_erdf_figures_with_their_sources(app_home: Home) -> None:
    at = _page("projects")
    assert at.tabs[0].label == "Projects (5)"
    intranet = _expander(at, "InTra-Net", tab=0)
    text = _text(intranet)
    assert "192,126 EUR" in text
    assert "220,000 EUR" in text
    assert "The sources differ: 2 different figures are stated" in text
    assert "**Programme:** Interreg 4A Syddanmark-Schleswig-K.E.R.N." in text
    assert "**Period:** 2011-2012" in text
    clusters = next(line for line in text.splitlines() if line.startswith("**Clusters named with it:**"))
    assert "AluCluster" in clusters
    assert "Welfare Tech Region" in clusters
    # each figure sits beside the documents that state it
    columns = intranet.get("column")
    rows = {
        _plain(left.markdown[0].value): sorted(params["doc"][0] for _label, _page_hash, params in _links(right))
        for left, right in zip(columns[0::2], columns[1::2], strict=True)
    }
    assert rows["220,000 EUR"] == ["intra-net-presentation.txt"]
    assert rows["192,126 EUR"] == ["intra-net-summary-de.txt", "intra-net-summary-en.txt"]
    assert rows["295,578 EUR"] == ["intra-net-summary-de.txt", "intra-net-summary-en.txt"]


def test_profile_lists_its_documents_as_links(app_home: Home) -> None:
    at = _page("projects")
    links = _links(_expander(at, "InTra-Net", tab=0))
    documents = [params for label, _page_hash, params in links if not label.startswith("Source:")]
    assert {p["doc"][0] for p in documents} == {
        "intra-net-presentation.txt",
        "intra-net-summary-de.txt",
        "intra-net-summary-en.txt",
    }
    assert all(p["ui"] == ["en"] for p in documents)


def test_clusters_tab_lists_clusters_with_their_projects_and_a_map(app_home: Home) -> None:
    at = _page("projects")
    clusters = at.tabs[1]
    assert clusters.label == "Clusters (21)"
    welfare = _expander(at, "Welfare Tech Region", tab=1)
    text = _text(welfare)
    assert "**Countries:** Denmark" in text
    assert "**Projects:** InTra-Net" in text
    assert len(clusters.get("deck_gl_json_chart")) == 1
    assert "of 21 clusters have a known seat" in _text(clusters)


def test_projects_page_says_where_data_comes_from(app_home: Home) -> None:
    at = _page("projects")
    intro = _plain(at.caption[0].value)
    assert "corpus/profiles.yaml" in intro
    assert "sectors: [metal, aluminium]" in at.code[0].value


def test_projects_in_german(app_home: Home) -> None:
    at = _page("projects", ui="de")
    assert at.title[0].value == "Projekte und Cluster"
    assert [t.label for t in at.tabs] == ["Projekte (5)", "Cluster (21)"]
    text = _text(_expander(at, "InTra-Net", tab=0))
    assert "192.126 EUR" in text
    assert "220.000 EUR" in text
    assert "Die Quellen weichen voneinander ab" in text
    assert "**Gemeinsam genannte Cluster:**" in text


def test_researcher_corrections_are_shown_and_marked(fresh_app_home: Home) -> None:
    (fresh_app_home.corpus / "profiles.yaml").write_text(
        "projects:\n"
        "  intra_net:\n"
        "    description: Cross-border <b>cluster</b> cooperation.\n"
        "    partners: [REG X, WTSH]\n"
        "clusters:\n"
        "  alucluster:\n"
        "    website: https://example.org\n",
        encoding="utf-8",
    )
    at = _page("projects")
    intranet = _expander(at, "InTra-Net", tab=0)
    assert "✎" in intranet.label
    text = _text(intranet)
    assert "**Description ✎:** Cross-border <b>cluster</b> cooperation." in text
    assert "**Partners ✎:** REG X, WTSH" in text
    assert "Set by a researcher in profiles.yaml: description, partners" in text
    assert any("\\<b\\>" in m.value for m in intranet.markdown)
    assert "**Website ✎:** https://example.org" in _text(_expander(at, "AluCluster", tab=1))


def test_broken_corrections_file_is_reported_not_fatal(fresh_app_home: Home) -> None:
    (fresh_app_home.corpus / "profiles.yaml").write_text("projects:\n  intra_net:\n    budget: 1\n", encoding="utf-8")
    at = _page("projects")
    assert "unknown field(s) budget" in _plain(at.error[0].value)
    assert "192,126 EUR" in _text(_expander(at, "InTra-Net", tab=0))


# Catalogues


def _keys(data: object, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {k for key, value in data.items() for k in _keys(value, f"{prefix}.{key}" if prefix else str(key))}
    return {prefix}


@pytest.mark.parametrize("name", ["overview", "projects"])
def test_catalogues_have_the_same_keys_in_every_language(name: str) -> None:
    keys = {
        lang: _keys(yaml.safe_load(Path(locales_dir() / lang / f"{name}.yaml").read_text(encoding="utf-8")))
        for lang in UI_LANGUAGES
    }
    assert keys["en"], name
    assert all(k.startswith(f"{name}.") for k in keys["en"])
    for lang in UI_LANGUAGES:
        assert keys[lang] == keys["en"], lang
