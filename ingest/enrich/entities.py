"""Places, programmes, projects and organisations named in a document.

Entities come from the gazetteer (with coordinates, NUTS codes, programme
strands and periods). A programme family named without its period ("Alpine
Space") is resolved to the period the document itself mentions ("from 2014
to 2020") when the gazetteer knows that period; the generic "Interreg" entry
is kept only when no specific programme is named. The document's countries
are those named plus those implied by named regions, cross-border programmes
and organisations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kb.gazetteer import GazetteerMatcher, Place
from kb.models import DocumentRecord, Entities, Entity

_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|—|to|bis|til|till|tot|à|au)\s*((?:19|20)\d\d)\b", re.I)
_GENERIC_PROGRAMMES = frozenset({"interreg", "interreg_a", "interreg_b", "interreg_c", "erdf"})
_MACRO = frozenset({"macro_region"})


@dataclass
class _Found:
    place: Place
    count: int = 0
    passages: set[int] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)


def _entity(found: _Found) -> Entity:
    place = found.place
    name = place.name if not place.period or place.period in place.name else f"{place.name} ({place.period})"
    return Entity(
        id=place.id,
        name=name,
        kind=place.kind,
        count=found.count,
        code=place.code,
        lat=place.lat,
        lon=place.lon,
        period=place.period,
        passages=sorted(found.passages)[:20],
    )


def _resolve_families(found: dict[str, _Found], matcher: GazetteerMatcher, periods: set[str]) -> None:
    """Replace a programme family by its period entry when the document names that period."""
    for place_id in list(found):
        item = found[place_id]
        if item.place.kind != "programme" or item.place.period:
            continue
        for child in matcher.gazetteer.children(place_id):
            if child.period in periods:
                target = found.setdefault(child.id, _Found(child))
                target.count += item.count
                target.passages |= item.passages
                del found[place_id]
                break


def find_entities(record: DocumentRecord, matcher: GazetteerMatcher) -> Entities:
    found: dict[str, _Found] = {}
    periods: set[str] = set()
    texts = [(-1, record.title)] + [(p.ordinal, f"{p.heading or ''}\n{p.text}") for p in record.passages]
    for ordinal, text in texts:
        periods.update(f"{a}-{b}" for a, b in _PERIOD.findall(text))
        for match in matcher.find(text):
            item = found.setdefault(match.place.id, _Found(match.place))
            item.count += 1
            item.forms.add(match.text)
            if ordinal >= 0:
                item.passages.add(ordinal)
    _resolve_families(found, matcher, periods)
    programmes = [f for f in found.values() if f.place.kind == "programme"]
    specific = [f for f in programmes if f.place.id not in _GENERIC_PROGRAMMES]
    if specific:
        for generic in [f for f in programmes if f.place.id in _GENERIC_PROGRAMMES and f.place.id != "erdf"]:
            del found[generic.place.id]
        families = {f.place.family for f in specific if f.place.period}
        for family in families:
            found.pop(str(family), None)  # "Interreg Deutschland-Danmark" when "Interreg 5A ... 2014-2020" is named
    by_kind: dict[str, list[Entity]] = defaultdict(list)
    for item in sorted(found.values(), key=lambda f: (-f.count, f.place.name)):
        by_kind[item.place.kind].append(_entity(item))
    return Entities(
        countries=by_kind["country"],
        regions=by_kind["region"],
        programmes=by_kind["programme"],
        organisations=by_kind["organisation"],
        projects=by_kind["project"],
    )


def implied_countries(entities: Entities, matcher: GazetteerMatcher) -> list[str]:
    """Countries named, then those implied by regions (not macro-regions), cross-border programmes, organisations."""
    codes: list[str] = [e.id for e in entities.countries]
    for entity in [*entities.regions, *entities.programmes, *entities.organisations]:
        place = matcher.gazetteer.get(entity.id)
        if place is None or (place.kind == "region" and place.subkind in _MACRO):
            continue
        if place.kind == "programme" and place.strand != "A":
            continue
        codes.extend(place.countries)
    return list(dict.fromkeys(c for c in codes if c))
