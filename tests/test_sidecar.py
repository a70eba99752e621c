from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import SidecarError
from kb.sidecar import load_sidecar, parse_sidecar, write_sidecar


def test_valid_sidecar_is_normalised() -> None:
    values = parse_sidecar(
        "title: Grenzregion\ntype: case_study\nprogramme: Interreg 5A\n"
        "countries: [dk, DE]\nyear: 2016\ntopics: [Labour_Mobility]\n",
        "x.pdf.yaml",
    )
    assert values == {
        "title": "Grenzregion",
        "doc_type": "case_study",
        "programmes": ["Interreg 5A"],
        "countries": ["DK", "DE"],
        "year": 2016,
        "topics": ["labour_mobility"],
    }


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("tittle: typo\n", "tittle"),
        ("year: twenty\n", "year"),
        ("year: 1200\n", "year"),
        ("doc_type: brochure\n", "doc_type"),
        ("language: xx\n", "language"),
        ("countries: [Denmark]\n", "countries"),
        ("source_url: ftp://example.org/x\n", "source_url"),
        ("keywords: 7\n", "keywords"),
    ],
)
def test_invalid_field_names_file_and_field(text: str, field: str) -> None:
    with pytest.raises(SidecarError) as info:
        parse_sidecar(text, "corpus/report.pdf.yaml")
    message = str(info.value)
    assert "corpus/report.pdf.yaml" in message
    assert f"'{field}'" in message


def test_norway_without_quotes_gets_a_hint() -> None:
    with pytest.raises(SidecarError, match='"NO" in quotes'):
        parse_sidecar("countries: [DK, NO]\n", "a.yaml")
    assert parse_sidecar('countries: [DK, "NO"]\n', "a.yaml")["countries"] == ["DK", "NO"]


def test_aliases_and_python_tags_are_refused() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    with pytest.raises(SidecarError, match="anchors and aliases"):
        parse_sidecar(bomb, "bomb.yaml")
    with pytest.raises(SidecarError, match="not valid YAML"):
        parse_sidecar("title: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")


def test_not_a_mapping_and_empty() -> None:
    assert parse_sidecar("", "e.yaml") == {}
    with pytest.raises(SidecarError, match="mapping"):
        parse_sidecar("- a\n- b\n", "l.yaml")


def test_size_cap_and_round_trip(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("text")
    (tmp_path / "doc.txt.yaml").write_text("title: " + "x" * 5000)
    with pytest.raises(SidecarError, match="limit"):
        load_sidecar(doc, max_bytes=1000)
    write_sidecar(doc, {"title": "Grænseregion", "countries": ["DK"], "year": 2020})
    values, raw = load_sidecar(doc, max_bytes=1000)
    assert values == {"title": "Grænseregion", "countries": ["DK"], "year": 2020}
    assert raw is not None and "Grænseregion" in raw.decode()
    assert load_sidecar(tmp_path / "missing.txt", 1000) == ({}, None)
