"""Overview page: the collection at a glance; every chart leads into a filtered search.

Metrics and search links are drawn first, charts afterwards into slots reserved above
their links, so the page is usable before Altair has rendered anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kb.overview import MapPlace, Overview, collection_overview
from webui import components
from webui.render import plain_label
from webui.state import messages, store

msgs = messages()
# (facet in Overview.by, search query parameter, how many values to show)
SECTIONS = (
    ("language", "lang", None),
    ("doc_type", "type", None),
    ("topic", "topic", 15),
    ("programme", "programme", 12),
    ("year", "year", None),
    ("country", "country", None),
)
LINK_COLUMNS = {"programme": 1, "year": 3, "country": 3}
COLOURS = {"country": "#1f77b4", "region": "#ff7f0e"}


def value_label(facet: str, value: str, countries: Mapping[str, str]) -> str:
    """A facet value in the UI language (language and type names, topic labels), raw otherwise."""
    if facet == "language":
        return components.label(msgs, "lang", value)
    if facet == "doc_type":
        return components.label(msgs, "doctype", value)
    if facet == "topic":
        return components.topic_label(msgs, value)
    if facet == "country" and value in countries:
        return f"{countries[value]} · {value}"
    return value


def chart_rows(overview: Overview, facet: str, top: int | None) -> list[tuple[str, str, int]]:
    """(value, label, documents) of one facet, largest first (years in order), cut to ``top``."""
    countries = {p.code: p.name for p in overview.places if p.kind == "country" and p.code}
    counts = list(overview.by.get(facet, {}).items())[: top or None]
    return [(value, value_label(facet, value, countries), count) for value, count in counts]


def search_params(param: str, value: str) -> dict[str, str]:
    params = {param: value, "ui": msgs.lang}
    if param == "year":
        params["q"] = ""
    return params


def link_grid(rows: list[tuple[str, str, int]], param: str, width: int) -> None:
    columns = st.columns(width)
    for index, (value, name, count) in enumerate(rows):
        with columns[index % width]:
            st.page_link(
                components.SEARCH_PAGE,
                label=f"{plain_label(name, 80)} ({count})",
                query_params=search_params(param, value),
            )


def bar_chart(facet: str, rows: list[tuple[str, str, int]]) -> alt.Chart:
    documents = msgs.t("overview.documents_axis")
    value_title = msgs.t(f"facet.{facet}")
    frame = pd.DataFrame([(name, count) for _value, name, count in rows], columns=["label", "documents"])
    tooltip = [alt.Tooltip("label:N", title=value_title), alt.Tooltip("documents:Q", title=documents)]
    count_axis = alt.Axis(tickMinStep=1, format="d")
    if facet == "year":
        return (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X("label:O", title=value_title, sort=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("documents:Q", title=documents, axis=count_axis),
                tooltip=tooltip,
            )
            .properties(height=220)
        )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("documents:Q", title=documents, axis=count_axis),
            y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=280)),
            tooltip=tooltip,
        )
        .properties(height=alt.Step(24))
    )


def map_frame(places: list[MapPlace]) -> pd.DataFrame:
    """Points for st.map: radius in metres grows with the square root of the document count."""
    return pd.DataFrame(
        {
            "lat": [p.lat for p in places],
            "lon": [p.lon for p in places],
            "size": [(25_000 if p.kind == "country" else 12_000) * math.sqrt(p.documents) for p in places],
            "color": [COLOURS.get(p.kind, COLOURS["region"]) for p in places],
        }
    )


st.title(msgs.t("overview.title"))
overview = collection_overview(
    store().snapshot().catalog, store().places.gazetteer if store().places else None, msgs.lang
)
if overview.documents == 0:
    st.info(msgs.t("overview.empty"))
    st.page_link("app_pages/add.py", label=msgs.t("overview.add_documents"), query_params={"ui": msgs.lang})
    st.stop()

metrics = st.columns(4)
metrics[0].metric(msgs.t("overview.documents"), overview.documents)
metrics[1].metric(msgs.t("overview.passages"), overview.passages)
metrics[2].metric(msgs.t("overview.languages"), len(overview.by.get("language", {})))
metrics[3].metric(msgs.t("overview.countries"), len(overview.by.get("country", {})))
problems = {status: count for status, count in overview.statuses.items() if status != "ok"}
if problems:
    st.caption(
        msgs.t(
            "overview.statuses",
            statuses=", ".join(f"{msgs.t(f'overview.status_{s}')} {n}" for s, n in sorted(problems.items())),
        )
    )
st.caption(msgs.t("overview.hint"))

charts: list[tuple[DeltaGenerator, str, list[tuple[str, str, int]]]] = []
for start in range(0, len(SECTIONS), 2):
    for column, (facet, param, top) in zip(st.columns(2, gap="large"), SECTIONS[start : start + 2], strict=False):
        with column:
            rows = chart_rows(overview, facet, top)
            total = len(overview.by.get(facet, {}))
            st.subheader(msgs.t(f"overview.by_{facet}"))
            if facet == "country":
                st.caption(msgs.t("overview.map_legend"))
            elif top and total > top:
                st.caption(msgs.t("overview.top", shown=top, total=total))
            if not rows:
                st.caption(msgs.t("overview.none"))
                continue
            charts.append((st.container(), facet, rows))
            link_grid(rows, param, LINK_COLUMNS.get(facet, 2))

for slot, facet, rows in charts:
    if facet != "country":
        slot.altair_chart(bar_chart(facet, rows), width="stretch")
    elif overview.places:
        slot.map(map_frame(overview.places), latitude="lat", longitude="lon", size="size", color="color", zoom=3)
