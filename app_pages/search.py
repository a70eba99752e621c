"""Search page: the query and filters live in the URL, so a search can be shared."""

from __future__ import annotations

import streamlit as st

from kb.config import DOC_TYPES
from kb.errors import KBError
from kb.search import SearchRequest
from webui import components
from webui.render import plain_label
from webui.state import messages, searching, store

msgs = messages()
PAGE_SIZE = 10
FILTERS = (
    ("lang", "language"),
    ("type", "doc_type"),
    ("topic", "topic"),
    ("country", "country"),
    ("programme", "programme"),
    ("year", "year"),
)


def _current(key: str) -> list[str]:
    if key in st.session_state:
        return [str(v) for v in st.session_state[key] or []]
    return st.query_params.get_all(key)


def _current_text(key: str) -> str:
    if key in st.session_state:
        return str(st.session_state[key] or "")
    return st.query_params.get(key, "")


def _similar(path: str) -> None:
    snapshot = store().snapshot()
    record = snapshot.catalog.get(path)
    if record is None:
        st.warning(msgs.t("search.similar_unknown"))
        return
    st.subheader(msgs.t("search.similar_to", title=plain_label(record.title, 120)))
    for other, score in snapshot.similarity.similar(path, 10):
        hit = snapshot.catalog[other]
        st.page_link(
            components.DOCUMENT_PAGE,
            label=f"{plain_label(hit.title, 120)} · {components.label(msgs, 'lang', hit.language)} · {score:.2f}",
            query_params={"doc": other, "ui": msgs.lang},
        )


st.title(msgs.t("search.title"))
query_text = _current_text("q")
selected = {param: _current(param) for param, _facet in FILTERS}
expand = bool(st.session_state.get("expand", st.query_params.get("expand", "true") != "false"))
signature = (query_text, tuple(tuple(v) for v in selected.values()), expand)
if st.session_state.get("search_signature") not in (None, signature):
    st.query_params.pop("page", None)  # a new search starts at its first page
st.session_state["search_signature"] = signature
raw_page = st.query_params.get("page", "1")
page = max(1, int(raw_page)) if raw_page.isdigit() else 1

request = SearchRequest(
    query=query_text,
    languages=selected["lang"],
    doc_types=[t for t in selected["type"] if t in DOC_TYPES],
    topics=selected["topic"],
    countries=selected["country"],
    programmes=selected["programme"],
    years=[int(y) for y in selected["year"] if y.isdigit()],
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
        if facet == "year":
            options.sort(reverse=True)
        if not options:
            continue
        # Not bound to the URL by Streamlit: a bound multiselect keeps its labels ("German (3)") there,
        # and links from other pages carry values (lang=de). The URL is kept in sync below instead.
        chosen = st.multiselect(
            msgs.t(f"facet.{facet}"),
            options,
            default=[v for v in selected[param] if v in options] if param not in st.session_state else None,
            key=param,
            format_func=lambda value, counts=counts, facet=facet: components.facet_label(
                msgs, facet, value, counts.get(value, 0)
            ),
        )
        if chosen:
            st.query_params[param] = chosen
        else:
            st.query_params.pop(param, None)
    st.toggle(msgs.t("search.expand"), value=True, key="expand", bind="query-params", help=msgs.t("search.expand_help"))

with right:
    similar_to = st.query_params.get("similar", "")
    if similar_to:
        _similar(similar_to)
    elif error:
        st.warning(plain_label(error, 300))
    elif result is not None:
        if not query_text.strip() and not any(selected.values()):
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
