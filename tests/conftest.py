"""Shared fixtures: real KB homes built in temporary folders from real files.

``../shared`` (seeds and real-world documents) sits beside the repository on
every machine that runs the suite, CI included; tests that need it skip with
a clear reason only when it is genuinely absent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import index_corpus
from kb.config import Settings
from kb.index import IndexStore, open_store
from kb.search import Searching, SearchRequest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KB_SHARED", REPO.parent / "shared"))
REALWORLD = SHARED / "realworld"
DOMAIN = REALWORLD / "domain"
ROBUSTNESS = REALWORLD / "robustness"
SEED_CORPUS = REPO / "corpus"

needs_realworld = pytest.mark.skipif(not DOMAIN.is_dir(), reason=f"real-world files not found at {REALWORLD}")


def make_home(root: Path, files: dict[str, Path] | None = None, *, seeds: bool = True) -> Path:
    """A KB home under ``root``: the shipped corpus (with sidecars) plus ``files`` (corpus path -> source)."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if seeds:
        for item in SEED_CORPUS.iterdir():
            if item.is_file():
                shutil.copy2(item, corpus / item.name)
    for rel, source in (files or {}).items():
        target = corpus / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return root


def settings_for(home: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"workers": 2, "lock_timeout": 10.0}
    values.update(overrides)
    return Settings.from_env(home=home, env={}, **values)


class Home:
    """A KB home with helpers for the tests."""

    def __init__(self, root: Path, **overrides: object) -> None:
        self.root = root
        self.settings = settings_for(root, **overrides)
        self._store: IndexStore | None = None

    @property
    def corpus(self) -> Path:
        return self.settings.corpus_dir

    def index(self, rebuild: bool = False):  # type: ignore[no-untyped-def]
        return index_corpus(self.settings, rebuild=rebuild)

    def store(self) -> IndexStore:
        """One store per home, as the app and CLI keep one: it follows commits by itself."""
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    def search(self, query: str = "", **kwargs: object):  # type: ignore[no-untyped-def]
        return Searching(self.store(), self.settings).search(SearchRequest(query=query, **kwargs))  # type: ignore[arg-type]

    def paths(self, query: str, **kwargs: object) -> list[str]:
        return [hit.path for hit in self.search(query, **kwargs).hits]


@pytest.fixture
def seed_home(tmp_path: Path) -> Home:
    """A fresh, indexed copy of the shipped corpus (safe to modify)."""
    home = Home(make_home(tmp_path / "kb"))
    home.index()
    return home


@pytest.fixture(scope="session")
def shared_seed_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """One indexed copy of the shipped corpus for read-only tests."""
    home = Home(make_home(tmp_path_factory.mktemp("seedkb")))
    home.index()
    return home


@pytest.fixture
def empty_home(tmp_path: Path) -> Iterator[Home]:
    root = tmp_path / "kb"
    (root / "corpus").mkdir(parents=True)
    yield Home(root)


def _as_app_home(home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    import streamlit as st

    monkeypatch.setenv("KB_HOME", str(home.root))
    monkeypatch.chdir(REPO)
    st.cache_resource.clear()  # cached resources outlive AppTest instances in one process
    yield home
    st.cache_resource.clear()


@pytest.fixture
def app_home(shared_seed_home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    """The shared (read-only) seed home as the app's KB_HOME."""
    yield from _as_app_home(shared_seed_home, monkeypatch)


@pytest.fixture
def fresh_app_home(seed_home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    """A fresh seed home as the app's KB_HOME, for tests that change the corpus."""
    yield from _as_app_home(seed_home, monkeypatch)
