"""The Streamlit app driven by AppTest (no browser)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, Home

APP = str(REPO / "streamlit_app.py")


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _markdown(at: AppTest) -> str:
    """The page's Markdown with kb's escaping undone, for readable assertions."""
    return re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in at.markdown))


def test_shared_search_url_shows_results(app_home: Home) -> None:
    at = _app(q="labour mobility")
    assert not at.exception
    assert at.text_input(key="q").value == "labour mobility"
    text = _markdown(at)
    assert "InTra-Net: Innovation in Transnational Networks" in text
    assert ":orange-background[mobility]" in text


def test_typing_a_query_searches(app_home: Home) -> None:
    at = _app()
    assert not at.exception
    at.text_input(key="q").set_value("DanuBioValNet").run()
    assert "ClusterAgentur Baden-Württemberg" in _markdown(at)


def test_language_filter(app_home: Home) -> None:
    at = _app(q="cluster")
    at.multiselect(key="lang").set_value(["de"]).run()
    text = _markdown(at)
    assert "InTra-Net setzt Entwicklung" in text
    assert "Innovation in Transnational Networks" not in text


def test_empty_state_teaches(app_home: Home) -> None:
    at = _app()
    assert not at.exception
    assert any("grænseoverskridende samarbejde sundhed" in str(link.proto) for link in at.get("page_link"))


def test_document_page(app_home: Home) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["doc"] = "intra-net-summary-de.txt"
    at.run()
    at.switch_page("app_pages/document.py").run()
    assert not at.exception
    assert "InTra\\-Net setzt Entwicklung" in at.title[0].value
    assert at.get("download_button")


def test_german_interface(app_home: Home) -> None:
    at = _app(q="cluster", ui="de")
    assert not at.exception
    assert at.title[0].value == "Grenzüberschreitende gute Praxis finden"


def test_document_page_shows_enrichment(app_home: Home) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["doc"] = "intra-net-presentation.txt"
    at.run()
    at.switch_page("app_pages/document.py").run()
    assert not at.exception
    text = _markdown(at)
    assert "Welfare Tech Region" in text and "AluCluster" in text
    assert "Initiate a labour mobility programme" in text
    assert "2012-01-17" in text
    assert "220,000 EUR" in text
    assert "[§" in text  # facts and items link to their passage


def test_add_page_locked_without_configuration(app_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KB_EDITOR_TOKEN", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/add.py").run()
    assert not at.exception
    assert any("Editing is locked" in w.value for w in at.warning)
    assert not at.get("file_uploader")


def test_add_page_wrong_and_right_token(app_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_EDITOR_TOKEN", "s3cret-token")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/add.py").run()
    at.text_input(key="editor_token_input").set_value("wrong")  # a form: the value goes with the submit
    at.button[0].click().run()
    assert any("not right" in e.value for e in at.error)
    at.text_input(key="editor_token_input").set_value("s3cret-token")
    at.button[0].click().run()
    assert not at.exception
    assert at.get("file_uploader")
    assert "s3cret-token" not in str([e.proto for e in at.main])  # the token is never echoed


def test_upload_preview_edit_and_save(fresh_app_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    seed_home = fresh_app_home
    monkeypatch.setenv("KB_EDITOR_TOKEN", "tok")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/add.py").run()
    at.text_input(key="editor_token_input").set_value("tok")
    at.button[0].click().run()
    note = (
        b"# Grenzpendler in der Region\n\nArbeitskraeftemobilitaet und Zusammenarbeit von Clustern ueber die Grenze.\n"
    )
    duplicate = (seed_home.corpus / "intra-net-summary-en.txt").read_bytes()
    at.get("file_uploader")[0].set_value(
        [
            ("../../etc/Notiz über Pendler.md", note, "text/markdown"),
            ("copy.txt", duplicate, "text/plain"),
            ("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "application/pdf"),
        ]
    ).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    errors = " ".join(e.value for e in at.error)
    assert "already in the knowledge base as intra" in warnings.replace("\\", "")
    assert "PNG image" in errors
    assert at.text_input(key="title_0").value == "Grenzpendler in der Region"
    at.text_input(key="title_0").set_value("Grenzpendler: eine Notiz")
    at.selectbox(key="type_0").set_value("case_study")
    at.button(key="FormSubmitter:upload_form_0-Save to the knowledge base").click().run()
    assert not at.exception, at.exception
    saved = " ".join(s.value for s in at.success).replace("\\", "")
    assert "uploads/grenzpendler-eine-notiz-" in saved
    st.cache_resource.clear()
    hits = seed_home.search("Grenzpendler").hits
    assert hits and hits[0].path.startswith("uploads/grenzpendler-eine-notiz-")
    assert hits[0].doc_type == "case_study"
    stored = seed_home.corpus / (hits[0].path + ".yaml")
    assert "original_name: Notiz über Pendler.md" in stored.read_text()
