"""Rules of the codebase that are easy to break silently: layering, engine confinement, docs, catalogues."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kb.config import settings_table
from kbcli.main import build_parser
from tests.conftest import REPO
from webui.i18n import UI_LANGUAGES, load_catalog

WHOOSH_MODULES = {"kb/schema.py", "kb/index.py", "kb/engine.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (REPO / folder).rglob("*.py")]


def test_core_imports_neither_ingest_nor_streamlit() -> None:
    for path in _python_files("kb"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert not roots & {"ingest", "streamlit", "kbcli", "webui"}, path


def test_ingest_does_not_import_the_ui() -> None:
    for path in _python_files("ingest"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert not roots & {"streamlit", "kbcli", "webui"}, path


def test_only_the_index_modules_import_whoosh() -> None:
    for path in _python_files("kb", "ingest", "kbcli", "webui", "app_pages"):
        rel = path.relative_to(REPO).as_posix()
        uses_whoosh = any(name.split(".")[0] == "whoosh" for name in _imports(path))
        assert not uses_whoosh or rel in WHOOSH_MODULES, rel


def test_readme_documents_every_command_and_setting() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    for command in subparsers.choices:  # type: ignore[union-attr]
        assert f"kb {command}" in readme, command
    for name, _kind, _default, _help in settings_table():
        assert f"KB_{name.upper()}" in readme, name


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGUAGES if lang != "en"])
def test_every_message_exists_in_every_language(lang: str) -> None:
    english, other = set(load_catalog("en")), set(load_catalog(lang))
    assert english - other == set(), f"missing in {lang}"
    assert other - english == set(), f"only in {lang}"
    assert all(load_catalog(lang)[key].strip() for key in other)


def test_pages_hold_no_hard_coded_labels() -> None:
    """Widget labels and headings come from the catalogues (msgs.t), never from string literals."""
    calls = {"title", "header", "subheader", "button", "text_input", "multiselect", "selectbox", "tabs", "toggle"}
    for path in _python_files("app_pages"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in calls):
                continue
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                pytest.fail(f"{path.name}:{node.lineno}: literal label {first.value!r}")
