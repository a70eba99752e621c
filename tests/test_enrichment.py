"""Enrichment end to end: topics with evidence, types, entities, facts and items on the seeds.

Sidecars would set some of these values, so the seeds are indexed here without their
``doc_type`` lines: every value asserted below is detected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kb.gazetteer import load_gazetteer
from kb.models import DocumentRecord, to_dict
from kb.profiles import build_profiles, load_overrides
from tests.conftest import DOMAIN, Home, make_home, needs_realworld

EN, DE, SLIDES = "intra-net-summary-en.txt", "intra-net-summary-de.txt", "intra-net-presentation.txt"
ALPS, NSR = "clusteragentur-bw-alpine-space-danube.txt", "nsr-project-idea-urban-rural-s3.txt"
INTRANET_CLUSTERS = {
    "AluCluster", "CEwind Center of Excellence Wind Energy", "Design2Innovate",
    "Digitale Wirtschaft Schleswig-Holstein",
    "Food Cluster of Southern Denmark", "FURGY", "KNE Food Cluster Schleswig-Holstein", "KVCA", "Lean Energy Cluster",
    "Life Science Nord", "Logistik-Initiative Schleswig-Holstein", "Maritime Cluster Northern Germany",
    "Mechatronics Cluster Denmark", "Offshore Center Denmark", "Plast Center Denmark", "ROBIN", "RoboCluster",
    "Staalcentrum", "Welfare Tech Region", "Windcomm Schleswig-Holstein",
}  # fmt: skip


@pytest.fixture(scope="module")
def detected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DocumentRecord]:
    home = Home(make_home(tmp_path_factory.mktemp("enrich")))
    for sidecar in home.corpus.glob("*.yaml"):
        sidecar.write_text("".join(line for line in sidecar.read_text().splitlines(True) if "doc_type" not in line))
    home.index()
    store = home.store()
    return {path: store.document(path) for path in store.snapshot().catalog}


def _facts(record: DocumentRecord, kind: str) -> list[Any]:
    return [f.value for f in record.facts if f.kind == kind]


@pytest.mark.parametrize("path", [EN, DE])
def test_project_summaries(detected: dict[str, DocumentRecord], path: str) -> None:
    record = detected[path]
    assert record.language == ("de" if path == DE else "en")
    assert record.doc_type == "project_summary"
    topics = {t.id: t for t in record.topics}
    assert {"health_welfare_technology", "energy", "experience_economy"} <= set(topics)
    assert all(t.evidence and 0.5 <= t.score <= 1 for t in record.topics)
    assert {"DK", "DE"} <= set(record.countries)
    programmes = {e.id: e for e in record.entities.programmes}
    assert programmes["interreg_4a_syddanmark_schleswig_kern"].period == "2007-2013"
    assert 295578.0 in _facts(record, "total_budget")
    assert 192126.0 in _facts(record, "eu_contribution")
    assert 171 in _facts(record, "participants")
    fact = next(f for f in record.facts if f.kind == "eu_contribution")
    assert "192 126" in fact.text and record.passages[fact.passage].text.find("192 126") >= 0


def test_presentation_clusters_recommendations_workshops(detected: dict[str, DocumentRecord]) -> None:
    record = detected[SLIDES]
    clusters = {e.name for e in record.entities.organisations}
    assert len(INTRANET_CLUSTERS & clusters) >= 20
    recommendations = [i for i in record.items if i.kind == "recommendation"]
    assert [i.number for i in recommendations] == [1, 2, 3, 4, 5]
    assert "labour mobility programme" in recommendations[2].text
    workshops = [i for i in record.items if i.kind == "workshop"]
    assert [w.date for w in workshops] == ["2012-01-17", "2012-06-12", "2012-09-14"]
    assert "Open innovation" in workshops[0].focus and "Choosing partners" in workshops[2].focus
    assert "open_innovation" in workshops[0].topics
    assert 220000.0 in _facts(record, "eu_contribution")  # kept beside the 192 126 of the summaries


def test_alpine_space_and_danube(detected: dict[str, DocumentRecord]) -> None:
    record = detected[ALPS]
    programmes = {e.id for e in record.entities.programmes}
    assert any(p.startswith("alpine_space") for p in programmes)
    assert any(p.startswith("danube_transnational") for p in programmes)
    money = {(f.kind, f.value) for f in record.facts}
    assert ("eu_contribution", 1930000.0) in money and ("total_budget", 2520000.0) in money
    assert 17 in _facts(record, "partners") and 10 in _facts(record, "countries")
    assert "2017-01-01" in _facts(record, "start_date")
    assert "bioeconomy" in {t.id for t in record.topics}


def test_project_idea(detected: dict[str, DocumentRecord]) -> None:
    record = detected[NSR]
    assert record.doc_type == "project_idea"
    assert any("North Sea" in e.name for e in [*record.entities.programmes, *record.entities.regions])
    assert {"min": 2500000.0, "max": 3000000.0} in _facts(record, "budget")


def test_show_json_shape(detected: dict[str, DocumentRecord]) -> None:
    data = to_dict(detected[EN])
    assert {"language", "doc_type", "topics", "entities", "facts", "items"} <= set(data)
    assert {"id", "label", "score", "evidence"} <= set(data["topics"][0])
    assert {"countries", "regions", "programmes", "organisations"} <= set(data["entities"])
    assert {"kind", "value", "unit", "text", "passage"} <= set(data["facts"][0])


def test_profiles_keep_conflicting_figures(detected: dict[str, DocumentRecord], tmp_path: Path) -> None:
    (tmp_path / "profiles.yaml").write_text("projects:\n  intra_net:\n    description: Edited by a researcher.\n")
    projects, clusters = build_profiles(detected, load_gazetteer(), load_overrides(tmp_path))
    intranet = next(p for p in projects if p.id == "intra_net")
    funding = {(sf.fact.value, sf.path) for sf in intranet.facts if sf.fact.kind == "eu_contribution"}
    assert (192126.0, EN) in funding and (220000.0, SLIDES) in funding
    assert intranet.description == "Edited by a researcher." and "description" in intranet.edited
    assert len(intranet.related) >= 20
    assert {c.name for c in clusters} >= {"AluCluster", "Welfare Tech Region"}
    assert next(c for c in clusters if c.name == "AluCluster").lat is not None


def test_search_filters_and_items_are_searchable(tmp_path: Path) -> None:
    home = Home(make_home(tmp_path / "kb"))
    home.index()
    assert home.paths("cluster", topics=["bioeconomy"]) == [ALPS]
    assert SLIDES in home.paths("workshop", countries=["DE"])
    result = home.search("Choosing partners relationship costs")
    assert result.hits[0].path == SLIDES


@needs_realworld
@pytest.mark.parametrize(
    ("path", "doc_type", "topic"),
    [
        ("onlines3/SWOT_Analysis_Guideline.pdf", "guideline", "smart_specialisation"),
        ("onlines3/S3_Guideline_Stakeholder_Engagement.docx", "guideline", "stakeholder_engagement"),
        ("foerderprogramme-de/KMUinnovativBiookonomie.md.txt", "funding_rule", "bioeconomy"),
        ("futural-bioeconomy/BP_KernTec_EN.pdf", "case_study", "circular_economy"),
        ("regeringen-se-sv/pm_2023-09_gransregionalt_forum.md.txt", "news", "regional_development"),
        ("onlines3/NL_Northern_Netherlands_RIS3_2013.pdf", "strategy", "smart_specialisation"),
    ],
)
def test_real_documents_checked_by_reading(tmp_path: Path, path: str, doc_type: str, topic: str) -> None:
    home = Home(make_home(tmp_path / "kb", {f"domain/{path}": DOMAIN / path}, seeds=False))
    home.index()
    record = home.store().snapshot().catalog[f"domain/{path}"]
    assert record.doc_type == doc_type
    assert topic in {t.id for t in record.topics}
