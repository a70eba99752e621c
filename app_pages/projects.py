"""Projects and clusters: profiles gathered from the documents, correctable in ``corpus/profiles.yaml``.

Every figure is shown with the documents it comes from; when documents disagree, all figures
are shown with a visible note, never one picked silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from kb.errors import KBError
from kb.gazetteer import Gazetteer
from kb.models import DocumentRecord
from kb.profiles import MONEY, PROFILES_FILE, Profile, SourcedFact, build_profiles, load_overrides
from webui import components
from webui.render import escape_markdown, plain_label
from webui.state import messages, settings, store

msgs = messages()
EDITED_MARK = " ✎"
EXAMPLE = """projects:
  intra_net:
    description: Cross-border cluster cooperation on the Danish-German border.
    partners: [REG X, WTSH]
clusters:
  alucluster:
    website: https://example.org
    sectors: [metal, aluminium]
"""


def number(value: float, decimals: int = 0) -> str:
    """Thousands separators and decimal mark of the UI language."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if msgs.lang in ("de", "da") else text


def fact_value(value: Any, unit: str | None) -> str:
    """A fact's value for display: money with its unit, ranges in millions, anything else as written."""
    if isinstance(value, dict) and "min" in value and "max" in value:
        low, high = number(float(value["min"]) / 1e6, 1), number(float(value["max"]) / 1e6, 1)
        return msgs.t("projects.range_million", low=low, high=high, unit=unit or "").strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{number(value)} {unit or ''}".strip()
    return str(value)


def grouped(facts: list[SourcedFact]) -> dict[str, dict[str, list[SourcedFact]]]:
    """kind -> displayed value -> the facts (sources) that state it, in the order found."""
    groups: dict[str, dict[str, list[SourcedFact]]] = {}
    for item in facts:
        shown = fact_value(item.fact.value, item.fact.unit)
        groups.setdefault(item.fact.kind, {}).setdefault(shown, []).append(item)
    return groups


def texts(value: object) -> list[str]:
    """A list of strings from a profile field (``profiles.yaml`` may give one string or a list)."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def place_names(ids: object, gazetteer: Gazetteer) -> str:
    """Gazetteer names for ids (ISO codes, organisation ids); free text stays as written."""
    return ", ".join(
        plain_label((place.label(msgs.lang) if (place := gazetteer.get(i)) else i), 80) for i in texts(ids)
    )


def field_line(profile: Profile, field: str, label_key: str, value: str) -> None:
    """``**Label:** value`` with the value escaped and a mark when researchers set the field."""
    if value:
        mark = EDITED_MARK if field in profile.edited else ""
        st.markdown(f"**{msgs.t(label_key)}{mark}:** {value}")


def figures(profile: Profile, catalog: Mapping[str, DocumentRecord]) -> None:
    groups = grouped(profile.facts)
    order = sorted(groups, key=lambda kind: (MONEY.index(kind), "") if kind in MONEY else (len(MONEY), kind))
    for kind in order:
        values = groups[kind]
        st.markdown(f"**{escape_markdown(components.label(msgs, 'fact', kind))}**")
        if len(values) > 1:
            st.warning(msgs.t("projects.sources_differ", count=len(values)), icon=":material/compare_arrows:")
        for shown, sources in values.items():
            left, right = st.columns([1, 3])
            left.markdown(escape_markdown(shown))
            with right:
                for source in dict.fromkeys(s.path for s in sources):
                    title = catalog[source].title if source in catalog else source
                    st.page_link(
                        components.DOCUMENT_PAGE,
                        label=msgs.t("projects.source", title=plain_label(title, 100)),
                        query_params={"doc": source, "ui": msgs.lang},
                        help=plain_label(next(s.fact.text for s in sources if s.path == source), 300),
                    )


def profile_card(profile: Profile, catalog: Mapping[str, DocumentRecord], gazetteer: Gazetteer) -> None:
    title = plain_label(str(profile.name), 120) + (EDITED_MARK if profile.edited else "")
    count = len(profile.documents)
    title += " · " + msgs.t("projects.one_document" if count == 1 else "projects.documents_count", count=count)
    with st.expander(title):
        if profile.edited:
            fields = ", ".join(msgs.t(f"projects.field_{f}") for f in profile.edited)
            st.caption(msgs.t("projects.edited", fields=fields, file=PROFILES_FILE))
        field_line(profile, "programme", "projects.programme", plain_label(str(profile.programme or ""), 200))
        field_line(profile, "period", "projects.period", plain_label(str(profile.period or ""), 40))
        field_line(profile, "country", "projects.countries", place_names(profile.countries, gazetteer))
        sectors = ", ".join(plain_label(components.topic_label(msgs, s), 60) for s in texts(profile.sectors))
        field_line(profile, "sectors", "projects.sectors", sectors)
        field_line(profile, "website", "projects.website", plain_label(str(profile.website or ""), 200))
        if profile.description:
            field_line(profile, "description", "projects.description", escape_markdown(str(profile.description)))
        field_line(profile, "partners", "projects.partners", place_names(profile.partners, gazetteer))
        related = ", ".join(plain_label(name, 80) for name in profile.related)
        related_key = "projects.related_clusters" if profile.kind == "project" else "projects.related_projects"
        field_line(profile, "related", related_key, related)
        if profile.facts:
            st.markdown(f"##### {msgs.t('projects.figures')}")
            figures(profile, catalog)
        if profile.documents:
            st.markdown(f"##### {msgs.t('projects.documents')}")
            for path in profile.documents:
                st.page_link(
                    components.DOCUMENT_PAGE,
                    label=plain_label(catalog[path].title if path in catalog else path, 120),
                    query_params={"doc": path, "ui": msgs.lang},
                    icon=":material/description:",
                )


def seats_map(clusters: list[Profile]) -> None:
    seats = [c for c in clusters if c.lat is not None and c.lon is not None]
    if not seats:
        return
    frame = pd.DataFrame({"lat": [c.lat for c in seats], "lon": [c.lon for c in seats]})
    st.map(frame, latitude="lat", longitude="lon", size=6_000, zoom=5, height=380)
    st.caption(msgs.t("projects.seats", shown=len(seats), total=len(clusters)))


st.title(msgs.t("projects.title"))
st.caption(msgs.t("projects.intro", file=f"corpus/{PROFILES_FILE}"))
gazetteer = store().places.gazetteer if store().places else None
if gazetteer is None:
    st.info(msgs.t("projects.no_gazetteer"))
    st.stop()
try:
    overrides = load_overrides(settings().corpus_dir)
except KBError as exc:
    st.error(msgs.t("projects.overrides_error", error=plain_label(str(exc), 300)))
    overrides = {}
catalog = store().snapshot().catalog
projects, clusters = build_profiles(catalog, gazetteer, overrides)

tab_projects, tab_clusters = st.tabs(
    [
        msgs.t("projects.tab_projects", count=len(projects)),
        msgs.t("projects.tab_clusters", count=len(clusters)),
    ]
)
with tab_projects:
    if not projects:
        st.info(msgs.t("projects.no_projects"))
    for item in projects:
        profile_card(item, catalog, gazetteer)
with tab_clusters:
    if not clusters:
        st.info(msgs.t("projects.no_clusters"))
    seats_map(clusters)
    for item in clusters:
        profile_card(item, catalog, gazetteer)

with st.expander(msgs.t("projects.how_to_edit", file=f"corpus/{PROFILES_FILE}")):
    st.markdown(msgs.t("projects.edit_help", file=f"corpus/{PROFILES_FILE}"))
    st.code(EXAMPLE, language="yaml")
