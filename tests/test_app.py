"""The Streamlit app driven by AppTest (no browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO, Home

APP = str(REPO / "streamlit_app.py")


@pytest.fixture
def app_home(shared_seed_home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    monkeypatch.setenv("KB_HOME", str(shared_seed_home.root))
    monkeypatch.chdir(REPO)
    st.cache_resource.clear()
    yield shared_seed_home
    st.cache_resource.clear()


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
