"""What the pages share: settings, the cached index, the UI language.

The index handle is cached with ``st.cache_resource`` (one per KB home, shared
by all sessions and threads). It is never mutated by pages: each search opens
its own Whoosh searcher, and the handle notices commits by other processes
on its own, so a cached object never serves a closed searcher.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ingest.pipeline import open_index
from kb.config import Settings
from kb.index import IndexStore
from kb.search import Searching
from webui.i18n import LANGUAGE_NAMES, UI_LANGUAGES, Messages


def settings() -> Settings:
    return _settings(os.environ.get("KB_HOME") or str(Path.cwd()))


@st.cache_resource(show_spinner=False)
def _settings(home: str) -> Settings:
    return Settings.from_env(home=home)


@st.cache_resource(show_spinner="Opening the knowledge base…")
def _store(home: str) -> IndexStore:
    return open_index(Settings.from_env(home=home))


def store() -> IndexStore:
    return _store(str(settings().home))


def searching() -> Searching:
    return Searching(store(), settings())


def messages() -> Messages:
    """The UI language, from the ``ui`` query parameter (shared links keep it)."""
    lang = st.query_params.get("ui", "en")
    return Messages(lang if lang in UI_LANGUAGES else "en")


def language_switch(msgs: Messages) -> None:
    """A selector in the sidebar that keeps the choice in the URL."""
    current = msgs.lang
    choice = st.sidebar.selectbox(
        msgs.t("app.ui_language"),
        UI_LANGUAGES,
        index=UI_LANGUAGES.index(current),
        format_func=lambda code: LANGUAGE_NAMES[code],
        key="ui_language_select",
    )
    if choice != current:
        st.query_params["ui"] = choice
        st.rerun()
