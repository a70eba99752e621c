"""Message catalogues for the app: ``webui/locales/<language>/*.yaml``.

Pages never hold user-visible strings; they ask ``Messages.t(key)``. Each
language is a folder of YAML files (one per page or area, merged; a key
defined twice is an error), so pages can be translated and reviewed apart.
A key missing in a language falls back to English at run time (and a test
fails), so a forgotten translation never breaks a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

UI_LANGUAGES = ("en", "de", "da")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "da": "Dansk"}


def locales_dir() -> Path:
    return Path(str(resources.files("webui") / "locales"))


def _flatten(prefix: str, data: Any, out: dict[str, str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
    else:
        out[prefix] = str(data)


@cache
def load_catalog(lang: str) -> dict[str, str]:
    """All messages of one language as flat dotted keys (read once per process; the files are static)."""
    flat: dict[str, str] = {}
    for path in sorted((locales_dir() / lang).glob("*.yaml")):
        part: dict[str, str] = {}
        _flatten("", yaml.safe_load(path.read_text(encoding="utf-8")) or {}, part)
        twice = set(part) & set(flat)
        if twice:
            raise ValueError(f"{path}: message keys defined in another file too: {', '.join(sorted(twice))}")
        flat.update(part)
    return flat


@dataclass(frozen=True)
class Messages:
    lang: str

    def t(self, key: str, **values: Any) -> str:
        catalog = load_catalog(self.lang)
        text = catalog.get(key) or load_catalog("en").get(key) or key
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in load_catalog(self.lang) or key in load_catalog("en")
