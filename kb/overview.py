"""The collection at a glance: counts for charts and places for a map.

Everything comes from the index catalog (searchable documents only), so the
overview always matches what search finds. Places are the countries and
regions the documents name, with the gazetteer's coordinates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from kb.gazetteer import Gazetteer
from kb.models import DocumentRecord


@dataclass
class MapPlace:
    id: str
    name: str
    kind: str  # "country" or "region"
    lat: float
    lon: float
    documents: int
    code: str | None = None  # ISO or NUTS code: the search filter value for countries


@dataclass
class Overview:
    documents: int = 0
    passages: int = 0
    by: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> documents
    places: list[MapPlace] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)


def _count(values: list[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))


def collection_overview(
    catalog: Mapping[str, DocumentRecord], gazetteer: Gazetteer | None, lang: str = "en"
) -> Overview:
    """Counts per facet and the places on the map, named in ``lang`` where the gazetteer knows the name."""
    records = [r for r in catalog.values() if r.status != "failed"]
    overview = Overview(documents=len(records), passages=sum(r.passage_count for r in records))
    overview.statuses = _count([r.status for r in catalog.values()])
    overview.by = {
        "language": _count([r.language for r in records]),
        "doc_type": _count([r.doc_type for r in records]),
        "topic": _count([t.id for r in records for t in r.topics]),
        "programme": _count([p for r in records for p in r.programmes]),
        "year": dict(sorted(Counter(str(r.year) for r in records if r.year).items())),
        "country": _count([c for r in records for c in r.countries]),
    }
    if gazetteer is not None:
        for code, count in overview.by["country"].items():
            place = gazetteer.get(code)
            if place is not None and place.lat is not None and place.lon is not None:
                overview.places.append(MapPlace(code, place.label(lang), "country", place.lat, place.lon, count, code))
        regions = Counter(e.id for r in records for e in r.entities.regions)
        for region_id, count in regions.items():
            place = gazetteer.get(region_id)
            if place is not None and place.lat is not None and place.lon is not None:
                overview.places.append(
                    MapPlace(region_id, place.label(lang), "region", place.lat, place.lon, count, place.code)
                )
    return overview
