"""Settings: one frozen object built from defaults and environment variables.

The fields of ``Settings`` are the single place where a setting's name, default
and help text live; ``settings_table()`` reads them for the README and
``kb settings``, so documentation and code cannot drift apart.
Each setting can be overridden with the environment variable ``KB_<NAME>``.
Nothing here runs at import time; callers build a ``Settings`` and pass it on.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import ConfigError

#: Languages kb detects, stems and searches. ``und`` (undetermined) is added internally.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("da", "de", "en", "sv", "nb", "nl", "fr", "pl", "fi")

DOC_TYPES: tuple[str, ...] = (
    "case_study",
    "recommendations",
    "workshop_material",
    "project_summary",
    "project_idea",
    "strategy",
    "guideline",
    "funding_rule",
    "report",
    "news",
    "other",
)


_BOOL_WORDS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _setting(default: Any, help: str, *, secret: bool = False) -> Any:
    return field(default=default, repr=not secret, metadata={"help": help, "secret": secret})


def _coerce(name: str, kind: type, help_text: str, raw: str) -> Any:
    try:
        value = _BOOL_WORDS[raw.strip().lower()] if kind is bool else kind(raw)
    except (KeyError, ValueError) as exc:
        raise ConfigError(
            f"environment variable KB_{name.upper()}={raw!r} is not a valid {kind.__name__}; it sets {help_text}"
        ) from exc
    if isinstance(value, int | float) and value < 0:
        raise ConfigError(f"environment variable KB_{name.upper()} must not be negative (got {raw!r})")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything configurable, resolved once. ``home`` holds ``corpus/`` and ``index/``."""

    home: Path
    workers: int = _setting(0, "extraction worker processes; 0 means one per CPU core")
    worker_timeout: float = _setting(60.0, "seconds one file may take to extract")
    worker_memory_mb: int = _setting(1024, "address-space limit of an extraction worker (MiB)")
    max_chars: int = _setting(2_000_000, "characters kept from one document; the rest is cut")
    max_file_mb: int = _setting(100, "largest file accepted for indexing or upload (MiB)")
    max_request_mb: int = _setting(300, "largest total of one upload request (MiB)")
    zip_max_mb: int = _setting(400, "largest uncompressed size of an Office file (MiB)")
    zip_max_ratio: float = _setting(200.0, "largest compression ratio of an Office file")
    zip_max_entries: int = _setting(10_000, "most entries in an Office file")
    sidecar_max_bytes: int = _setting(65_536, "largest YAML sidecar read (bytes)")
    lock_timeout: float = _setting(30.0, "seconds to wait for the index write lock")
    query_max_chars: int = _setting(500, "longest query accepted (characters)")
    query_max_terms: int = _setting(40, "most words and phrases in one query")
    search_time_limit: float = _setting(5.0, "seconds one search may take before it is cut short")
    editor_token: str = _setting("", "editor password for the app (st.secrets editor_token also works)", secret=True)
    thesaurus: str = _setting("", "thesaurus file or folder to use instead of the shipped one")

    @property
    def corpus_dir(self) -> Path:
        return self.home / "corpus"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def worker_count(self) -> int:
        return self.workers or max(1, os.cpu_count() or 1)

    @classmethod
    def from_env(
        cls, home: str | Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any
    ) -> Settings:
        """Defaults, then ``KB_*`` variables from ``env`` (default ``os.environ``), then ``overrides``."""
        env = os.environ if env is None else env
        chosen = home if home is not None else env.get("KB_HOME") or "."
        values: dict[str, Any] = {}
        for name, kind, _default, help_text in settings_table():
            raw = env.get(f"KB_{name.upper()}")
            if raw is not None and raw != "":
                values[name] = _coerce(name, kind, help_text, raw)
        values.update(overrides)
        return cls(home=Path(chosen).expanduser().resolve(), **values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def settings_table() -> list[tuple[str, type, Any, str]]:
    """(name, type, default, help) for every setting except ``home``."""
    kinds = {"int": int, "float": float, "str": str, "bool": bool}
    rows = []
    for f in dataclasses.fields(Settings):
        if f.name == "home":
            continue
        rows.append((f.name, kinds[str(f.type)], f.default, f.metadata["help"]))
    return rows
