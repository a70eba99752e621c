"""YAML sidecars: researcher-written metadata next to each original.

A sidecar is the original's file name plus ``.yaml``. It is read with a safe
loader that also refuses anchors and aliases (an alias bomb loads fast but
explodes later), capped in size, and validated field by field: an unknown key
or a wrong type is an error that names the file and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.config import DOC_TYPES, SUPPORTED_LANGUAGES
from kb.errors import SidecarError
from kb.storage import atomic_write_bytes

SIDECAR_SUFFIX = ".yaml"
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_URL = re.compile(r"^https?://\S+$")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("must be a non-empty text")
    return value.strip()


def _text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TypeError("must be a list of texts")
    return [v.strip() for v in value]


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise TypeError(f"must be one of {', '.join(options)}")
        return str(value)

    return check


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise TypeError("must be a year such as 2015")
    return value


def _countries(value: Any) -> list[str]:
    if isinstance(value, list) and any(isinstance(v, bool) for v in value):
        raise TypeError('must be country codes; write Norway as "NO" in quotes (YAML reads a bare NO as false)')
    codes = [v.upper() for v in _text_list(value)]
    bad = [c for c in codes if not _COUNTRY.match(c)]
    if bad:
        raise TypeError(f"must be two-letter ISO country codes (got {', '.join(bad)})")
    return codes


def _url(value: Any) -> str:
    text = _text(value)
    if not _URL.match(text):
        raise TypeError("must be an http(s) address")
    return text


def _topics(value: Any) -> list[str]:
    return [t.lower() for t in _text_list(value)]


@dataclass(frozen=True)
class FieldSpec:
    check: Callable[[Any], Any]
    help: str


FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec(_text, "document title shown in results"),
    "doc_type": FieldSpec(_choice(DOC_TYPES), "one of " + ", ".join(DOC_TYPES)),
    "language": FieldSpec(_choice(SUPPORTED_LANGUAGES), "main language code: " + ", ".join(SUPPORTED_LANGUAGES)),
    "topics": FieldSpec(_topics, "topic ids from the thesaurus; replace the detected topics"),
    "programmes": FieldSpec(_text_list, "funding programmes, e.g. Interreg 4A Syddanmark-Schleswig-K.E.R.N."),
    "countries": FieldSpec(_countries, "ISO 3166 two-letter codes of the countries covered"),
    "regions": FieldSpec(_text_list, "regions or border regions covered"),
    "year": FieldSpec(_year, "year of publication"),
    "source_url": FieldSpec(_url, "where the original was published"),
    "original_name": FieldSpec(_text, "the file name the document was uploaded or received with"),
    "description": FieldSpec(_text, "a short summary written by a researcher"),
    "keywords": FieldSpec(_text_list, "free keywords, searchable"),
    "project": FieldSpec(_text, "the project the document belongs to"),
    "publisher": FieldSpec(_text, "organisation that published the document"),
    "licence": FieldSpec(_text, "licence or terms of reuse"),
    "added_by": FieldSpec(_text, "who added the document"),
    "added_at": FieldSpec(_text, "when it was added (ISO date)"),
}
#: Accepted for convenience and stored under the plural name.
ALIASES = {"programme": "programmes", "country": "countries", "topic": "topics", "lang": "language", "type": "doc_type"}


class _NoAliasLoader(yaml.SafeLoader):
    """Safe loader that refuses anchors and aliases outright."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases are not allowed in sidecars", event.start_mark
            )
        return super().compose_node(parent, index)


def sidecar_path(document: Path) -> Path:
    return document.with_name(document.name + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def parse_sidecar(text: str, where: str) -> dict[str, Any]:
    """Validate sidecar YAML text; ``where`` names the file in error messages."""
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        raise SidecarError(f"{where}: not valid YAML ({exc}); fix the syntax or delete the sidecar") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SidecarError(f"{where}: must be a mapping of field: value (see the README's sidecar fields)")
    clean: dict[str, Any] = {}
    for key, value in data.items():
        name = ALIASES.get(str(key), str(key))
        spec = FIELDS.get(name)
        if spec is None:
            raise SidecarError(f"{where}: unknown field '{key}'; known fields: {', '.join(FIELDS)}")
        if value is None:
            continue
        try:
            clean[name] = spec.check(value)
        except TypeError as exc:
            raise SidecarError(f"{where}: field '{key}' {exc} (got {value!r:.60})") from exc
    return clean


def load_sidecar(document: Path, max_bytes: int, label: str | None = None) -> tuple[dict[str, Any], bytes | None]:
    """The validated sidecar of ``document`` and its raw bytes; ``({}, None)`` when there is none."""
    path = sidecar_path(document)
    where = label or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        raise SidecarError(f"{where}: cannot be read ({exc.strerror})") from exc
    if size > max_bytes:
        raise SidecarError(f"{where}: {size} bytes is larger than the {max_bytes}-byte limit for sidecars")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SidecarError(f"{where}: not UTF-8 text; save it as UTF-8") from exc
    return parse_sidecar(text, where), raw


def dump_sidecar(values: dict[str, Any]) -> str:
    ordered = {k: values[k] for k in FIELDS if k in values and values[k] not in (None, "", [])}
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)


def write_sidecar(document: Path, values: dict[str, Any]) -> Path:
    """Validate and write atomically (temporary file, fsync, rename, fsync of the folder)."""
    text = dump_sidecar(values)
    parse_sidecar(text, str(sidecar_path(document)))
    path = sidecar_path(document)
    atomic_write_bytes(path, text.encode("utf-8"))
    return path
