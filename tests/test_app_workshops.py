"""The workshops page (material, workshops, recommendations, training pack) driven by AppTest."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
import yaml
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from kb.packs import PackItem, TrainingPack
from tests.conftest import REPO, Home, make_home

APP = str(REPO / "streamlit_app.py")
PAGE = "app_pages/workshops.py"
PRESENTATION = "intra-net-presentation.txt"
LOCALES = REPO / "webui" / "locales"


def _page(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if "ui" in params:  # the interface language is chosen before the first run, as in a shared link
        at.query_params["ui"] = params.pop("ui")
    at.run()
    at.switch_page(PAGE)
    for key, value in params.items():  # bound filters of this page, in the URL it is opened with
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    """Markdown, captions and notices with kb's escaping undone."""
    texts = [e.value for kind in (at.markdown, at.caption, at.info, at.success, at.error) for e in kind]
    return re.sub(r"\\(.)", r"\1", "\n".join(texts))


def _pack_headings(at: AppTest) -> list[str]:
    """The numbered headings of the items in the pack panel, in order."""
    found = [re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown]
    return [m for m in found if re.match(r"\*\*\d+\. ", m)]


def _links(at: AppTest) -> list[tuple[str, str]]:
    return [(link.proto.label, link.proto.query_string) for link in at.get("page_link")]


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """Every media store AppTest creates, to read what download buttons serve."""
    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, media_endpoint: str) -> None:
            super().__init__(media_endpoint)
            stores.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return stores


def _download(at: AppTest, stores: list[MemoryMediaFileStorage]) -> MemoryFile:
    """The file the pack's download button serves (the last run's media store holds it)."""
    url = at.download_button(key="pack_download").proto.url
    return stores[-1].get_file(url.rsplit("/", 1)[-1])


def test_three_workshops_with_dates(app_home: Home) -> None:
    at = _page()
    text = _markdown(at)
    for title, when in (
        ("Workshop 1 and networking event", "2012-01-17 – 2012-01-18"),
        ("Workshop 2 and networking event", "2012-06-12 – 2012-06-13"),
        ("Workshop 3", "2012-09-14"),
    ):
        assert f"**{title}**" in text and when in text
    assert text.index("2012-01-17") < text.index("2012-06-12") < text.index("2012-09-14")
    assert "Focus: Open innovation, Facilitating innovation processes" in text
    assert "Workshops: 3" in text
    sources = [q for label, q in _links(at) if "InTra-Net" in label.replace("\\", "")]
    assert f"doc={PRESENTATION}&ui=en" in sources


def test_workshops_filtered_by_date_range_and_topic(app_home: Home) -> None:
    at = _page()
    at.date_input(key="workshop_dates").set_value((date(2012, 5, 1), date(2012, 9, 14))).run()
    text = _markdown(at)
    assert "Workshops: 2" in text
    assert "Workshop 1 and networking event" not in text and "**Workshop 3**" in text
    at.multiselect(key="workshop_topic").set_value(["eu_funding"]).run()
    text = _markdown(at)
    assert "Workshops: 1" in text and "Workshop 2 and networking event" in text and "**Workshop 3**" not in text


def test_workshop_filters_from_the_url(app_home: Home) -> None:
    """Bound multiselects keep their labels in the URL, dates as ISO days."""
    at = _page(workshop_topic="EU funding", workshop_dates=["2012-06-01", "2012-09-14"])
    assert at.multiselect(key="workshop_topic").value == ["eu_funding"]
    assert at.date_input(key="workshop_dates").value == (date(2012, 6, 1), date(2012, 9, 14))
    assert "Workshops: 1" in _markdown(at)


def test_five_recommendations(app_home: Home) -> None:
    at = _page()
    text = _markdown(at)
    assert "Recommendations: 5" in text
    for number, start in enumerate(
        (
            "Identify challenges and opportunities",
            "Be aware that lack of understanding",
            "Initiate a labour mobility programme",
            "Make sure that business development policies",
            "The word “border” often has a meaning",
        ),
        start=1,
    ):
        assert f"**{number}.** {start}" in text
    at.multiselect(key="recommendation_topic").set_value(["labour_mobility"]).run()
    text = _markdown(at)
    assert "Recommendations: 1" in text and "Initiate a labour mobility programme" in text
    assert "Identify challenges" not in text


def test_material_lists_workshop_material_with_filters_in_url(app_home: Home) -> None:
    at = _page(material_lang="English", material_year="2012")
    assert at.multiselect(key="material_lang").value == ["en"]
    assert at.multiselect(key="material_year").value == ["2012"]
    assert "Documents: 1" in _markdown(at)
    assert ("InTra-Net: Innovation in Transnational Networks (project presentation)", f"doc={PRESENTATION}&ui=en") in [
        (label.replace("\\", ""), query) for label, query in _links(at)
    ]
    assert "ClusterAgentur" not in _markdown(at) + str(_links(at))  # news, not workshop material
    assert ("Search all workshop material", "type=workshop_material&ui=en") in _links(at)
    at.multiselect(key="material_topic").set_value(["food"]).run()
    assert "Documents: 1" in _markdown(at)


def test_adding_and_moving_pack_items(app_home: Home, media: list[MemoryMediaFileStorage]) -> None:
    at = _page()
    assert "The pack is empty." in _markdown(at)
    at.button(key=f"add_workshop_{PRESENTATION}_6").click().run()
    at.button(key=f"add_document_{PRESENTATION}_None").click().run()
    assert not at.exception
    headings = _pack_headings(at)
    assert headings[0].startswith("**1. Workshop 2 and networking event (2012-06-12)")
    assert headings[1].startswith("**2. InTra-Net")
    assert "Items: 2" in _markdown(at)
    at.button(key=f"add_document_{PRESENTATION}_None").click().run()  # already there: no duplicate
    assert len(_pack_headings(at)) == 2

    at.button(key=f"pack_down_workshop_{PRESENTATION}_6").click().run()
    headings = _pack_headings(at)
    assert headings[0].startswith("**1. InTra-Net") and headings[1].startswith("**2. Workshop 2")

    at.text_input(key="pack_title").set_value("Cross-border clusters 2024").run()
    at.text_input(key=f"pack_note_workshop_{PRESENTATION}_6").set_value("Use as warm-up").run()
    download = _download(at, media)
    assert download.filename == "Cross-border-clusters-2024.zip" and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = set(archive.namelist())
    assert {"overview.md", "overview.html", "pack.json", f"originals/{PRESENTATION}"} <= names
    pack = json.loads(archive.read("pack.json"))
    assert pack["title"] == "Cross-border clusters 2024"
    assert [(i["kind"], i["ordinal"], i["note"]) for i in pack["items"]] == [
        ("document", None, None),
        ("workshop", 6, "Use as warm-up"),
    ]

    at.button(key=f"pack_remove_document_{PRESENTATION}_None").click().run()
    assert len(_pack_headings(at)) == 1
    at.button(key="pack_clear").click().run()
    assert "The pack is empty." in _markdown(at)


def test_pack_shows_passages_and_recommendations(app_home: Home) -> None:
    at = _page()
    at.session_state["training_pack"] = TrainingPack(
        "Mixed", [PackItem("passage", PRESENTATION, 5), PackItem("recommendation", PRESENTATION, 2)]
    )
    at.run()
    headings = _pack_headings(at)
    assert len(headings) == 2
    assert headings[1].startswith("**2. Recommendation 3")
    assert "Passage · InTra-Net" in _markdown(at)
    assert "Recommendation · InTra-Net" in _markdown(at)


def test_loading_a_pack_json(app_home: Home) -> None:
    at = _page()
    bogus = PackItem("bogus", "x", 1)  # type: ignore[arg-type]  # a kind kb does not know: dropped on loading
    saved = TrainingPack("Loaded pack", [PackItem("workshop", PRESENTATION, 7, "last one"), bogus])
    at.file_uploader(key="pack_upload").set_value(("pack.json", saved.to_json().encode(), "application/json")).run()
    assert not at.exception
    assert "Loaded the pack “Loaded pack”." in _markdown(at)
    assert at.text_input(key="pack_title").value == "Loaded pack"
    assert _pack_headings(at)[0].startswith("**1. Workshop 3 (2012-09-14)")
    assert at.text_input(key=f"pack_note_workshop_{PRESENTATION}_7").value == "last one"
    at.file_uploader(key="pack_upload").set_value(("pack.json", b"not json", "application/json")).run()
    assert "This file is not a pack.json saved by kb." in _markdown(at)
    assert len(_pack_headings(at)) == 1


def test_overview_html_escapes_document_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, media: list[MemoryMediaFileStorage]
) -> None:
    import streamlit as st

    extra = tmp_path / "hostile.txt"
    extra.write_text("Workshop notes <script>alert(1)</script>\n\nMore text about clusters.\n", encoding="utf-8")
    home = Home(make_home(tmp_path / "kb", {"hostile.txt": extra}, seeds=False))
    home.index()
    monkeypatch.setenv("KB_HOME", str(home.root))
    monkeypatch.chdir(REPO)
    st.cache_resource.clear()
    try:
        at = _page()
        at.session_state["training_pack"] = TrainingPack("<b>Pack</b>", [PackItem("passage", "hostile.txt", 0)])
        at.run()
        assert not at.exception
        shown = "\n".join(m.value for m in at.markdown)
        assert "alert\\(1\\)" in shown and "<script>" not in shown  # the page shows the text escaped
        archive = zipfile.ZipFile(io.BytesIO(_download(at, media).content))
        overview = archive.read("overview.html").decode("utf-8")
        assert "<script>" not in overview and "&lt;script&gt;alert(1)&lt;/script&gt;" in overview
        assert "<b>Pack</b>" not in overview
        assert archive.read("originals/hostile.txt") == extra.read_bytes()
    finally:
        st.cache_resource.clear()


def test_german_labels(app_home: Home) -> None:
    at = _page(ui="de")
    assert at.title[0].value == "Workshopmaterial und Schulungspakete"
    assert [t.label for t in at.tabs] == ["Workshopmaterial", "Workshops", "Empfehlungen"]
    text = _markdown(at)
    assert "Workshops: 3" in text and "Empfehlungen: 5" in text and "Das Paket ist leer." in text
    assert at.button(key=f"add_document_{PRESENTATION}_None").label == "Ins Paket"
    assert at.date_input(key="workshop_dates").label == "Zeitraum"
    assert at.text_input(key="pack_title").value == "Schulungspaket"  # an untouched pack is named in German
    assert ("Alles Workshopmaterial durchsuchen", "type=workshop_material&ui=de") in _links(at)
    at.button(key=f"add_recommendation_{PRESENTATION}_0").click().run()
    assert _pack_headings(at)[0].startswith("**1. Empfehlung 1")
    assert at.button(key=f"pack_up_recommendation_{PRESENTATION}_0").label == "Nach oben"
    assert at.download_button(key="pack_download").label == "Paket herunterladen (ZIP)"


def _keys(data: object, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {k for key, value in data.items() for k in _keys(value, f"{prefix}.{key}" if prefix else str(key))}
    return {prefix}


def test_catalogues_have_the_same_keys() -> None:
    keys = {
        lang: _keys(yaml.safe_load((LOCALES / lang / "workshops.yaml").read_text(encoding="utf-8")))
        for lang in ("en", "de", "da")
    }
    assert keys["en"] == keys["de"] == keys["da"]
    assert all(key.startswith("workshops.") for key in keys["en"])
