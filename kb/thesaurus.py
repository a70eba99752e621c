"""The multilingual domain thesaurus (``kb/data/thesaurus/*.yaml``), loaded and validated.

Concepts have preferred and alternative labels per language and broader
links (narrower links are derived). Concepts flagged ``topic`` form the
topic taxonomy used to tag documents. The file is data, editable without
code; a mistake in it is a ``DataFileError`` naming the concept and field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kb.analysis import WORD
from kb.decompound import COMPOUND_LANGUAGES
from kb.errors import DataFileError

GROUPS = ("sector", "theme", "instrument", "genre", "geography")
REQUIRED_LANGUAGES = ("en", "de", "da", "sv", "nb", "nl")
MAX_BYTES = 5_000_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Concept:
    id: str
    group: str
    topic: bool
    broader: tuple[str, ...]
    labels: dict[str, tuple[str, ...]]  # lang -> (preferred, *alternatives)
    narrower: tuple[str, ...] = ()

    def pref(self, lang: str, fallback: str = "en") -> str:
        labels = self.labels.get(lang) or self.labels.get(fallback) or next(iter(self.labels.values()))
        return labels[0]

    def all_labels(self) -> Iterable[tuple[str, str]]:
        for lang, labels in self.labels.items():
            for label in labels:
                yield lang, label


@dataclass
class Thesaurus:
    concepts: dict[str, Concept]
    fingerprint: str = ""  # SHA-256 of the source files: an index built with other labels is rebuilt

    def topics(self) -> list[Concept]:
        return [c for c in self.concepts.values() if c.topic]

    def get(self, concept_id: str) -> Concept | None:
        return self.concepts.get(concept_id)

    def label(self, concept_id: str, lang: str = "en") -> str:
        concept = self.concepts.get(concept_id)
        return concept.pref(lang) if concept else concept_id.replace("_", " ")


def _fail(where: str, message: str) -> DataFileError:
    return DataFileError(f"{where}: {message}")


def _labels(where: str, cid: str, raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(where, f"concept '{cid}': 'labels' must map languages to {{pref, alt}}")
    labels: dict[str, tuple[str, ...]] = {}
    for lang, entry in raw.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("pref"), str) or not entry["pref"].strip():
            raise _fail(where, f"concept '{cid}': labels.{lang} needs a text 'pref'")
        alt = entry.get("alt") or []
        if not isinstance(alt, list) or not all(isinstance(a, str) and a.strip() for a in alt):
            raise _fail(where, f"concept '{cid}': labels.{lang}.alt must be a list of texts")
        unknown = set(entry) - {"pref", "alt"}
        if unknown:
            raise _fail(where, f"concept '{cid}': labels.{lang} has unknown field(s) {', '.join(sorted(unknown))}")
        labels[str(lang)] = (entry["pref"].strip(), *(a.strip() for a in alt))
    return labels


def _parse_file(text: str, where: str, concepts: dict[str, Concept]) -> None:
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (libyaml's when available)
    except yaml.YAMLError as exc:
        raise _fail(where, f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise _fail(where, "must be a mapping with a 'concepts' list")
    for position, raw in enumerate(data["concepts"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise _fail(where, f"concept #{position} needs an 'id'")
        cid = raw["id"]
        unknown = set(raw) - {"id", "group", "topic", "broader", "labels", "scope"}
        if unknown:
            raise _fail(where, f"concept '{cid}': unknown field(s) {', '.join(sorted(unknown))}")
        if cid in concepts:
            raise _fail(where, f"concept '{cid}' is defined twice")
        group = raw.get("group", "theme")
        if group not in GROUPS:
            raise _fail(where, f"concept '{cid}': group must be one of {', '.join(GROUPS)} (got {group!r})")
        broader = raw.get("broader") or []
        if not isinstance(broader, list) or not all(isinstance(b, str) for b in broader):
            raise _fail(where, f"concept '{cid}': 'broader' must be a list of concept ids")
        labels = _labels(where, cid, raw.get("labels"))
        missing = [lang for lang in REQUIRED_LANGUAGES if lang not in labels]
        if missing:
            raise _fail(where, f"concept '{cid}': labels missing for {', '.join(missing)}")
        concepts[cid] = Concept(cid, group, bool(raw.get("topic", False)), tuple(broader), labels)


def parse_thesaurus(sources: list[tuple[str, str]]) -> Thesaurus:
    """Build a thesaurus from (text, name) pairs: several files may share one concept space."""
    concepts: dict[str, Concept] = {}
    for text, where in sources:
        _parse_file(text, where, concepts)
    where = ", ".join(name for _text, name in sources) or "thesaurus"
    narrower: dict[str, list[str]] = {}
    for concept in concepts.values():
        for parent in concept.broader:
            if parent not in concepts:
                raise _fail(where, f"concept '{concept.id}': broader concept '{parent}' does not exist")
            narrower.setdefault(parent, []).append(concept.id)
    for cid, children in narrower.items():
        c = concepts[cid]
        concepts[cid] = Concept(c.id, c.group, c.topic, c.broader, c.labels, tuple(children))
    _check_cycles(concepts, where)
    return Thesaurus(concepts, hashlib.sha256("\0".join(text for text, _where in sources).encode()).hexdigest())


def _check_cycles(concepts: dict[str, Concept], where: str) -> None:
    for start in concepts:
        seen: set[str] = set()
        stack = [start]
        while stack:
            current = stack.pop()
            for parent in concepts[current].broader:
                if parent == start:
                    raise _fail(where, f"concept '{start}' is its own broader concept (cycle)")
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)


def default_path() -> Path:
    return Path(str(resources.files("kb") / "data" / "thesaurus"))


def load_thesaurus(path: Path | None = None) -> Thesaurus:
    """Load a thesaurus file, or every ``*.yaml`` file of a folder (default: the shipped one)."""
    path = path or default_path()
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise _fail(str(path), "no thesaurus files (*.yaml) found")
    sources = []
    for file in files:
        try:
            size = file.stat().st_size
            if size > MAX_BYTES:
                raise _fail(str(file), f"{size} bytes is over the {MAX_BYTES}-byte limit")
            sources.append((file.read_text(encoding="utf-8"), str(file)))
        except FileNotFoundError as exc:
            raise _fail(str(file), "thesaurus file not found") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(str(file), f"cannot be read ({exc})") from exc
    return parse_thesaurus(sources)


def extra_words_for_compounds(thesaurus: Thesaurus) -> dict[str, frozenset[str]]:
    """Words of the labels per compound language: known parts for the decompounder."""
    words: dict[str, set[str]] = {lang: set() for lang in COMPOUND_LANGUAGES}
    for concept in thesaurus.concepts.values():
        for lang, label in concept.all_labels():
            if lang in words:
                words[lang].update(w for w in WORD.findall(label.casefold()) if len(w) >= 4 and w.isalpha())
    return {lang: frozenset(w) for lang, w in words.items()}
