"""Project and cluster profiles, aggregated from the documents and editable in the corpus.

A project profile gathers what the documents say about one project: its
programme and period, budget figures (every figure with its source; when
documents disagree, all are shown), partner and participant counts, the
clusters named alongside it, and the documents themselves. A cluster profile
gathers a cluster's country, sectors, seat and the projects and documents
that name it. ``corpus/profiles.yaml`` corrects or completes any of them:

    projects:
      intra_net:
        description: Cross-border cluster cooperation on the Danish-German border.
        partners: [REG X, WTSH]
    clusters:
      alucluster:
        website: https://example.org
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.errors import DataFileError
from kb.gazetteer import Gazetteer
from kb.models import DocumentRecord, Fact

PROFILES_FILE = "profiles.yaml"
EDITABLE = ("name", "description", "programme", "period", "partners", "website", "country", "sectors")
MONEY = ("total_budget", "eu_contribution", "budget")
COUNTS = ("partners", "participants", "clusters", "countries")


@dataclass
class SourcedFact:
    fact: Fact
    path: str
    title: str


@dataclass
class Profile:
    id: str
    kind: str  # "project" or "cluster"
    name: str
    programme: str | None = None
    period: str | None = None
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    description: str | None = None
    website: str | None = None
    partners: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # clusters of a project, projects of a cluster (names)
    documents: list[str] = field(default_factory=list)
    facts: list[SourcedFact] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # fields set in profiles.yaml


def load_overrides(corpus_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The researcher-edited ``profiles.yaml``, validated; empty when there is none."""
    path = corpus_dir / PROFILES_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from exc
    if not isinstance(data, dict) or set(data) - {"projects", "clusters"}:
        raise DataFileError(f"{path}: must have only 'projects:' and 'clusters:' sections")
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for section, entries in data.items():
        if not isinstance(entries, dict):
            raise DataFileError(f"{path}: '{section}' must map ids to fields")
        for pid, fields in entries.items():
            if not isinstance(fields, dict):
                raise DataFileError(f"{path}: {section}.{pid} must be a mapping of fields")
            unknown = set(fields) - set(EDITABLE)
            if unknown:
                raise DataFileError(f"{path}: {section}.{pid} has unknown field(s) {', '.join(sorted(unknown))}")
        result[section] = {str(k): dict(v) for k, v in entries.items()}
    return result


def build_profiles(
    catalog: Mapping[str, DocumentRecord], gazetteer: Gazetteer, overrides: Mapping[str, Mapping[str, Any]]
) -> tuple[list[Profile], list[Profile]]:
    """(projects, clusters), each sorted by the number of documents, then name."""
    projects: dict[str, Profile] = {}
    clusters: dict[str, Profile] = {}
    for record in catalog.values():
        project_ids = [e.id for e in record.entities.projects]
        cluster_ids = [
            e.id
            for e in record.entities.organisations
            if (place := gazetteer.get(e.id)) is not None and place.subkind == "cluster"
        ]
        for pid in project_ids:
            profile = projects.setdefault(pid, _project(pid, gazetteer))
            profile.documents.append(record.path)
            if not profile.programme and record.programmes:
                profile.programme = record.programmes[0]
            profile.countries = list(dict.fromkeys([*profile.countries, *record.countries]))
            names = {profile.name.casefold(), *(f.casefold() for f in _forms(pid, gazetteer))}
            for fact in record.facts:
                about = (fact.subject or "").casefold()
                ours = (about and any(n in about or about in n for n in names)) or (not about and len(project_ids) == 1)
                if ours and (fact.kind in MONEY or fact.kind in COUNTS or fact.kind.endswith("period")):
                    profile.facts.append(SourcedFact(fact, record.path, record.title))
            profile.related = list(dict.fromkeys([*profile.related, *(_name(c, gazetteer) for c in cluster_ids)]))
            if not profile.period:
                profile.period = next((str(f.value) for f in record.facts if f.kind == "project_period"), None)
        for cid in cluster_ids:
            profile = clusters.setdefault(cid, _cluster(cid, gazetteer))
            profile.documents.append(record.path)
            profile.related = list(dict.fromkeys([*profile.related, *(_name(p, gazetteer) for p in project_ids)]))
    for section, profiles in (("projects", projects), ("clusters", clusters)):
        for pid, fields in overrides.get(section, {}).items():
            profile = profiles.get(pid) or (
                _project(pid, gazetteer) if section == "projects" else _cluster(pid, gazetteer)
            )
            profiles[pid] = profile
            for name, value in fields.items():
                setattr(profile, "countries" if name == "country" else name, [value] if name == "country" else value)
                profile.edited.append(name)

    def order(items: dict[str, Profile]) -> list[Profile]:
        return sorted(items.values(), key=lambda p: (-len(p.documents), p.name.casefold()))

    return order(projects), order(clusters)


def _forms(place_id: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    place = gazetteer.get(place_id)
    return place.forms if place else ()


def _name(place_id: str, gazetteer: Gazetteer) -> str:
    place = gazetteer.get(place_id)
    return place.name if place else place_id


def _project(pid: str, gazetteer: Gazetteer) -> Profile:
    place = gazetteer.get(pid)
    if place is None:
        return Profile(pid, "project", pid.replace("_", " "))
    programme = gazetteer.get(str(place.extra.get("programme") or place.family or ""))
    return Profile(
        pid,
        "project",
        place.name,
        programme=programme.name if programme else None,
        period=place.period,
        countries=list(place.countries),
        partners=[str(p) for p in place.extra.get("partners") or []],
    )


def _cluster(cid: str, gazetteer: Gazetteer) -> Profile:
    place = gazetteer.get(cid)
    if place is None:
        return Profile(cid, "cluster", cid.replace("_", " "))
    return Profile(
        cid,
        "cluster",
        place.name,
        countries=list(place.countries),
        sectors=[str(s) for s in place.extra.get("sectors") or []],
        lat=place.lat,
        lon=place.lon,
    )
