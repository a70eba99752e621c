"""Search page: the query and filters live in the URL, so a search can be shared."""

from __future__ import annotations

import streamlit as st

from kb.config import DOC_TYPES
from kb.errors import KBError
from kb.search import SearchRequest
from webui import components
from webui.state import messages, searching

msgs = messages()
PAGE_SIZE = 10
FILTERS = (
    ("lang", "language"),
    ("type", "doc_type"),
    ("topic", "topic"),
    ("country", "country"),
    ("programme", "programme"),
)


def _current(key: str) -> list[str]:
    if key in st.session_state:
        return list(st.session_state[key] or [])
    return st.query_params.get_all(key)


def _current_text(key: str) -> str:
    if key in st.session_state:
        return str(st.session_state[key] or "")
    return st.query_params.get(key, "")


st.title(msgs.t("search.title"))
query_text = _current_text("q")
selected = {param: _current(param) for param, _facet in FILTERS}
expand = st.session_state.get("expand", st.query_params.get("expand", "1") != "0")
page = max(1, int(st.query_params.get("page", "1") or 1)) if str(st.query_params.get("page", "1")).isdigit() else 1

request = SearchRequest(
    query=query_text,
    languages=selected["lang"],
    doc_types=[t for t in selected["type"] if t in DOC_TYPES],
    topics=selected["topic"],
    countries=selected["country"],
    programmes=selected["programme"],
    limit=PAGE_SIZE,
    offset=(page - 1) * PAGE_SIZE,
    expand=expand,
)
try:
    result = searching().search(request)
    error = None
except KBError as exc:
    result, error = None, str(exc)

st.text_input(
    msgs.t("search.query_label"),
    key="q",
    bind="query-params",
    placeholder=msgs.t("search.placeholder"),
    type="search",
)
left, right = st.columns([1, 3], gap="large")
with left:
    st.subheader(msgs.t("search.filters"))
    facets = result.facets if result else {}
    for param, facet in FILTERS:
        counts = facets.get(facet, {})
        options = list(dict.fromkeys([*counts.keys(), *selected[param]]))
        if not options:
            continue
        st.multiselect(
            msgs.t(f"facet.{facet}"),
            options,
            key=param,
            bind="query-params",
            format_func=lambda value, counts=counts, facet=facet: components.facet_label(
                msgs, facet, value, counts.get(value, 0)
            ),
        )
    st.toggle(msgs.t("search.expand"), value=True, key="expand", help=msgs.t("search.expand_help"))

with right:
    if error:
        st.warning(error)
    elif result is not None:
        if not query_text.strip():
            components.empty_state(msgs)
            st.subheader(msgs.t("search.browse", total=result.total))
        else:
            components.search_summary(msgs, result)
            if not result.hits:
                st.info(msgs.t("search.no_results"))
        for hit in result.hits:
            components.result_card(msgs, hit)
        pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
        if pages > 1:
            components.pagination(msgs, page, pages)
