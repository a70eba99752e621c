"""Reusable pieces of the pages: result cards, facet labels, summaries, pagination.

Everything that shows document text goes through ``webui.render`` (escaped
Markdown); nothing here decides what is found or how it ranks.
"""

from __future__ import annotations

import streamlit as st

from kb.models import SearchHit, SearchResult
from webui.i18n import Messages
from webui.pack_state import add_to_pack
from webui.render import highlighted, plain_label
from webui.state import store

DOCUMENT_PAGE = "app_pages/document.py"
SEARCH_PAGE = "app_pages/search.py"
EXAMPLES = {
    "en": [
        "labour mobility across the border",
        "cluster financing models",
        "smart specialisation stakeholder engagement",
    ],
    "de": ["grenzüberschreitende Zusammenarbeit", "Bioökonomie Wertschöpfungsketten", "Clustermanagement Förderung"],
    "da": ["grænseoverskridende samarbejde sundhed", "klyngesamarbejde", "arbejdskraftens mobilitet"],
    "sv": ["gränsregionalt samarbete", "innovationskluster"],
    "nl": ["grensoverschrijdende samenwerking", "cofinanciering Interreg"],
}


def label(msgs: Messages, kind: str, value: str) -> str:
    """A catalogue label (``lang.de``, ``doctype.case_study``) or the value itself."""
    return msgs.t(f"{kind}.{value}") if msgs.has(f"{kind}.{value}") else value


def topic_label(msgs: Messages, topic: str) -> str:
    thesaurus = store().thesaurus
    return thesaurus.label(topic, msgs.lang) if thesaurus else topic.replace("_", " ")


def facet_label(msgs: Messages, facet: str, value: str, count: int) -> str:
    if facet == "language":
        name = label(msgs, "lang", value)
    elif facet == "doc_type":
        name = label(msgs, "doctype", value)
    elif facet == "topic":
        name = topic_label(msgs, value)
    else:
        name = value
    return f"{name} ({count})"


def search_summary(msgs: Messages, result: SearchResult) -> None:
    if result.query.strip():
        st.caption(msgs.t("search.summary", total=result.total, ms=f"{result.took_ms:.0f}"))
    if result.message:
        st.info(msgs.t("search.note", note=result.message))
    if result.expanded_terms:
        st.caption(msgs.t("search.also_searched", terms=", ".join(result.expanded_terms)))
    if result.suggestion:
        st.page_link(
            SEARCH_PAGE,
            label=msgs.t("search.did_you_mean", suggestion=result.suggestion),
            query_params={"q": result.suggestion, "ui": msgs.lang},
        )
    if result.timed_out:
        st.warning(msgs.t("search.timed_out"))


def empty_state(msgs: Messages) -> None:
    st.markdown(msgs.t("search.empty_intro"))
    for lang, queries in EXAMPLES.items():
        cols = st.columns(len(queries) + 1)
        cols[0].caption(msgs.t(f"lang.{lang}"))
        for col, example in zip(cols[1:], queries, strict=True):
            with col:
                st.page_link(SEARCH_PAGE, label=example, query_params={"q": example, "ui": msgs.lang})


def badges(msgs: Messages, hit: SearchHit) -> str:
    parts = [label(msgs, "doctype", hit.doc_type), label(msgs, "lang", hit.language)]
    if hit.year:
        parts.append(str(hit.year))
    parts.extend(hit.programmes[:2])
    return " · ".join(plain_label(p, 60) for p in parts)


def result_card(msgs: Messages, hit: SearchHit) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain_label(hit.title)}**")
        st.caption(badges(msgs, hit))
        if hit.topics:
            names = ", ".join(plain_label(topic_label(msgs, t), 40) for t in hit.topics[:6])
            st.caption(msgs.t("search.topics") + ": " + names)
        if hit.snippet:
            st.markdown(highlighted(hit.snippet, hit.highlights))
        if len(hit.passages) > 1:
            with st.expander(msgs.t("search.more_passages", count=len(hit.passages) - 1)):
                for passage in hit.passages[1:]:
                    where = plain_label(passage.heading or "", 80)
                    if passage.page:
                        where += f" · {msgs.t('doc.page')} {passage.page}"
                    if where:
                        st.caption(where)
                    st.markdown(highlighted(passage.snippet, passage.highlights))
        cols = st.columns(4)
        with cols[0]:
            st.page_link(
                DOCUMENT_PAGE, label=msgs.t("search.open_document"), query_params={"doc": hit.path, "ui": msgs.lang}
            )
        with cols[1]:
            st.page_link(
                SEARCH_PAGE, label=msgs.t("search.similar"), query_params={"similar": hit.path, "ui": msgs.lang}
            )
        if cols[2].button(msgs.t("search.add_document"), key=f"pack_doc_{hit.path}"):
            st.toast(
                msgs.t("doc.added_to_pack") if add_to_pack("document", hit.path) else msgs.t("doc.already_in_pack")
            )
        if hit.passages and cols[3].button(msgs.t("search.add_passage"), key=f"pack_passage_{hit.path}"):
            added = add_to_pack("passage", hit.path, hit.passages[0].ordinal)
            st.toast(msgs.t("doc.added_to_pack") if added else msgs.t("doc.already_in_pack"))


def pagination(msgs: Messages, page: int, pages: int) -> None:
    cols = st.columns(3)
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if page > 1:
        with cols[0]:
            st.page_link(SEARCH_PAGE, label=msgs.t("search.previous"), query_params={**params, "page": str(page - 1)})
    cols[1].caption(msgs.t("search.page_of", page=page, pages=pages))
    if page < pages:
        with cols[2]:
            st.page_link(SEARCH_PAGE, label=msgs.t("search.next"), query_params={**params, "page": str(page + 1)})
