"""The gazetteer (``kb/data/gazetteer.yaml``): countries, regions, programmes, projects, organisations.

Each entry has names in several languages, aliases, and where it makes sense
coordinates, NUTS codes, programme strands and periods. ``GazetteerMatcher``
finds them in text by their word sequence: names that are also ordinary
words (``ambiguous``) and short all-capital acronyms must match with their
exact capitals, everything else matches without regard to case or accents.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kb.analysis import fold, tokenize
from kb.errors import DataFileError

KINDS = ("country", "region", "programme", "project", "organisation")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_TOKENS = 10


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, whatever its kind."""

    id: str
    kind: str  # one of KINDS
    name: str
    forms: tuple[str, ...]  # every surface form that names it
    case_sensitive: frozenset[str] = frozenset()
    code: str | None = None  # ISO code (countries) or NUTS code (regions)
    countries: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    period: str | None = None
    family: str | None = None
    strand: str | None = None
    subkind: str | None = None  # region kind, organisation kind, programme kind
    extra: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name per language, where it differs

    def label(self, lang: str) -> str:
        """The name in ``lang`` when the gazetteer has one, else the English name."""
        return self.names.get(lang) or self.name


def _forms(entry: dict[str, Any]) -> list[str]:
    forms = []
    if entry.get("name"):
        forms.append(entry["name"])
    names = entry.get("names") or {}
    forms.extend(names.values() if isinstance(names, dict) else names)
    forms.extend(entry.get("aliases") or [])
    forms.extend(entry.get("adjectives") or [])
    return [str(f) for f in forms if f]


def _case_sensitive(entry: dict[str, Any], forms: list[str]) -> frozenset[str]:
    strict = {str(f) for f in entry.get("ambiguous") or []}
    for form in forms:
        letters = [ch for ch in form if ch.isalpha()]
        if letters and len(letters) <= 5 and all(ch.isupper() for ch in letters):
            strict.add(form)  # acronyms: KVCA, WTSH, NSR, REG X
    return frozenset(strict)


def _place(kind: str, entry: dict[str, Any], where: str) -> Place:
    pid = entry.get("code") if kind == "country" else entry.get("id")
    if not pid:
        raise DataFileError(f"{where}: a {kind} entry has no {'code' if kind == 'country' else 'id'}")
    forms = _forms(entry)
    names = entry.get("names") or {}
    name = entry.get("name") or (names.get("en") if isinstance(names, dict) else None) or pid
    countries = entry.get("countries") or ([entry["country"]] if entry.get("country") else [])
    if kind == "country":
        countries = [pid]
    return Place(
        id=str(pid),
        kind=kind,
        name=str(name),
        forms=tuple(dict.fromkeys(forms)),
        case_sensitive=_case_sensitive(entry, forms),
        code=str(pid) if kind == "country" else entry.get("nuts"),
        countries=tuple(str(c) for c in countries),
        lat=entry.get("lat"),
        lon=entry.get("lon"),
        period=entry.get("period"),
        family=entry.get("family") or entry.get("programme"),
        strand=entry.get("strand"),
        subkind=entry.get("kind"),
        extra={k: v for k, v in entry.items() if k in ("intranet_cluster", "sectors", "partners", "city", "programme")},
        names={str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {},
    )


@dataclass
class Gazetteer:
    places: dict[str, Place]
    fingerprint: str = ""  # SHA-256 of the source file: an index built with other entries is rebuilt

    def of_kind(self, kind: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == kind]

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def children(self, family: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind == "programme" and p.family == family]


def parse_gazetteer(text: str, where: str = "gazetteer.yaml") -> Gazetteer:
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (libyaml's when available)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{where}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{where}: must be a mapping with countries, regions, programmes, projects, organisations")
    places: dict[str, Place] = {}
    for kind, section in (
        ("country", "countries"),
        ("region", "regions"),
        ("programme", "programmes"),
        ("project", "projects"),
        ("organisation", "organisations"),
    ):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise DataFileError(f"{where}: '{section}' must be a list")
        for entry in entries:
            if not isinstance(entry, dict):
                raise DataFileError(f"{where}: every entry of '{section}' must be a mapping")
            place = _place(kind, entry, where)
            if place.id in places:
                raise DataFileError(f"{where}: id '{place.id}' is used twice")
            places[place.id] = place
    return Gazetteer(places, hashlib.sha256(text.encode()).hexdigest())


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    path = path or Path(str(resources.files("kb") / "data" / "gazetteer.yaml"))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from exc
    return parse_gazetteer(text, str(path))


@dataclass(frozen=True)
class PlaceMatch:
    place: Place
    start: int  # character offsets in the text
    end: int
    text: str


class GazetteerMatcher:
    """Finds gazetteer entries in text, longest match first; shareable between threads."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._folded: dict[tuple[str, ...], list[Place]] = {}
        self._exact: dict[tuple[str, ...], list[Place]] = {}
        for place in gazetteer.places.values():
            for form in place.forms:
                words = [form[t.start : t.end] for t in tokenize(form)]
                if not words or len(words) > MAX_TOKENS:
                    continue
                if form in place.case_sensitive:
                    self._exact.setdefault(tuple(words), []).append(place)
                else:
                    self._folded.setdefault(tuple(fold(w) for w in words), []).append(place)

    def find(self, text: str) -> list[PlaceMatch]:
        tokens = tokenize(text)
        surface = [text[t.start : t.end] for t in tokens]
        folded = [fold(w) for w in surface]
        matches: list[PlaceMatch] = []
        i = 0
        while i < len(tokens):
            found = False
            for n in range(min(MAX_TOKENS, len(tokens) - i), 0, -1):
                places = self._exact.get(tuple(surface[i : i + n])) or self._folded.get(tuple(folded[i : i + n]))
                if places:
                    start, end = tokens[i].start, tokens[i + n - 1].end
                    matches.extend(PlaceMatch(p, start, end, text[start:end]) for p in places)
                    i += n
                    found = True
                    break
            if not found:
                i += 1
        return matches
