"""Document page: metadata, topics with evidence, entities, facts and items with their passages, the text.

Editors can correct the metadata here; the change is written to the sidecar and the document is
indexed again before the page shows it.
"""

from __future__ import annotations

import mimetypes

import streamlit as st

from ingest.pipeline import index_corpus
from kb.config import DOC_TYPES, SUPPORTED_LANGUAGES
from kb.corpus import resolve_document, update_metadata
from kb.errors import KBError
from kb.models import DocumentRecord, Fact
from webui.auth import is_editor, require_editor
from webui.pack_state import add_to_pack
from webui.render import escape_markdown, plain_label
from webui.state import messages, settings, store

msgs = messages()
path = st.query_params.get("doc", "")
if not path:
    st.info(msgs.t("doc.none"))
    st.page_link("app_pages/search.py", label=msgs.t("doc.back"), query_params={"ui": msgs.lang})
    st.stop()
try:
    record = store().document(path)
except KBError as exc:
    st.error(plain_label(str(exc), 300))
    st.stop()
thesaurus = store().thesaurus


def _label(kind: str, value: str) -> str:
    return msgs.t(f"{kind}.{value}") if msgs.has(f"{kind}.{value}") else value


def _passage_link(ordinal: int) -> str:
    return f"[§{ordinal + 1}](#p{ordinal})"  # built from numbers only: safe Markdown


def _money(value: object, unit: str | None) -> str:
    if isinstance(value, dict):
        low, high = value.get("min", 0), value.get("max", 0)
        return f"{low / 1e6:.1f}–{high / 1e6:.1f} million {unit or ''}".strip()
    if isinstance(value, int | float) and unit:
        return f"{value:,.0f} {unit}"
    return str(value)


def _facts_table(facts: list[Fact]) -> None:
    for fact in facts:
        cols = st.columns([2, 2, 5, 1])
        cols[0].caption(_label("fact", fact.kind))
        cols[1].markdown(f"**{escape_markdown(_money(fact.value, fact.unit))}**")
        cols[2].caption(plain_label(fact.text, 300))
        cols[3].markdown(_passage_link(fact.passage))


def _edit_form(record: DocumentRecord) -> None:
    topic_ids = [t.id for t in thesaurus.topics()] if thesaurus else []
    with st.form("edit_metadata"):
        title = st.text_input(msgs.t("add.field_title"), value=record.title)
        cols = st.columns(3)
        doc_type = cols[0].selectbox(
            msgs.t("facet.doc_type"),
            DOC_TYPES,
            index=DOC_TYPES.index(record.doc_type),
            format_func=lambda v: _label("doctype", v),
        )
        languages = list(SUPPORTED_LANGUAGES)
        language = cols[1].selectbox(
            msgs.t("facet.language"),
            languages,
            index=languages.index(record.language) if record.language in languages else 0,
            format_func=lambda v: _label("lang", v),
        )
        year = cols[2].number_input(msgs.t("facet.year"), min_value=1900, max_value=2100, value=record.year, step=1)
        topics = st.multiselect(
            msgs.t("facet.topic"),
            topic_ids,
            default=[t.id for t in record.topics if t.id in topic_ids],
            format_func=lambda t: thesaurus.label(t, msgs.lang) if thesaurus else t,
        )
        countries = st.text_input(msgs.t("doc.countries_field"), value=", ".join(record.countries))
        description = st.text_area(msgs.t("add.field_description"), value=record.description or "")
        submitted = st.form_submit_button(msgs.t("doc.save_metadata"), type="primary")
    if submitted:
        values = {
            "title": title,
            "doc_type": doc_type,
            "language": language,
            "topics": topics,
            "year": int(year) if year else None,
            "countries": [c.strip().upper() for c in countries.split(",") if c.strip()],
            "description": description.strip() or None,
        }
        try:
            with st.spinner(msgs.t("add.saving")):
                update_metadata(settings().corpus_dir, record.path, values)
                index_corpus(settings())
        except KBError as exc:
            st.error(plain_label(str(exc), 400))
            return
        st.success(msgs.t("doc.metadata_saved"))
        st.rerun()


st.title(plain_label(record.title))
st.caption(plain_label(record.path))
cols = st.columns(4)
cols[0].metric(msgs.t("doc.type"), _label("doctype", record.doc_type))
cols[1].metric(msgs.t("doc.language"), _label("lang", record.language))
cols[2].metric(msgs.t("doc.year"), str(record.year or "–"))
cols[3].metric(msgs.t("doc.passages"), str(len(record.passages)))
if len(record.languages) > 1:
    st.caption(
        msgs.t("doc.languages") + ": " + ", ".join(f"{_label('lang', s.code)} {s.share:.0%}" for s in record.languages)
    )
if record.programmes:
    st.caption(msgs.t("facet.programme") + ": " + ", ".join(plain_label(p) for p in record.programmes))
if record.description:
    st.markdown(escape_markdown(record.description))
for warning in record.warnings:
    st.warning(plain_label(warning, 400))

actions = st.columns(3)
try:
    original = resolve_document(settings().corpus_dir, record.path)
    actions[0].download_button(
        msgs.t("doc.download"),
        data=original.read_bytes(),
        file_name=record.original_name or original.name,
        mime=mimetypes.guess_type(original.name)[0] or "application/octet-stream",
        key="download_original",
    )
except (OSError, KBError):
    actions[0].caption(msgs.t("doc.original_missing"))
if actions[1].button(msgs.t("doc.add_to_pack"), key="pack_document"):
    added = add_to_pack("document", record.path)
    st.toast(msgs.t("doc.added_to_pack") if added else msgs.t("doc.already_in_pack"))
actions[2].page_link("app_pages/workshops.py", label=msgs.t("doc.open_pack"), query_params={"ui": msgs.lang})

about, found, similar_tab = st.tabs([msgs.t("doc.tab_about"), msgs.t("doc.tab_found"), msgs.t("doc.tab_similar")])
with about:
    st.subheader(msgs.t("doc.topics"))
    if not record.topics:
        st.caption(msgs.t("doc.no_topics"))
    for topic in record.topics:
        label = thesaurus.label(topic.id, msgs.lang) if thesaurus else topic.label
        where = " ".join(_passage_link(p) for p in topic.passages[:8])
        evidence = ", ".join(f"“{plain_label(e, 60)}”" for e in topic.evidence)
        source = msgs.t("doc.from_sidecar") if topic.source == "sidecar" else f"{topic.score:.2f}"
        st.markdown(f"**{plain_label(label)}** ({source}) · {evidence} {where}")
    st.subheader(msgs.t("doc.entities"))
    groups = record.entities
    for kind, entities in (
        ("country", groups.countries),
        ("region", groups.regions),
        ("programme", groups.programmes),
        ("project", groups.projects),
        ("organisation", groups.organisations),
    ):
        if entities:
            names = ", ".join(f"{plain_label(e.name, 80)} ({e.count})" for e in entities[:40])
            st.markdown(f"**{msgs.t('doc.entity_' + kind)}**: {names}")
with found:
    money = [f for f in record.facts if f.unit]
    other = [f for f in record.facts if not f.unit]
    if not record.facts and not record.items:
        st.caption(msgs.t("doc.nothing_found"))
    if money:
        st.subheader(msgs.t("doc.figures"))
        if len({(f.kind, str(f.value)) for f in money if f.kind == "eu_contribution"}) > 1:
            st.info(msgs.t("doc.figures_differ"))
        _facts_table(money)
    if other:
        st.subheader(msgs.t("doc.facts"))
        _facts_table(other)
    for kind in ("recommendation", "workshop"):
        items = [(i, item) for i, item in enumerate(record.items) if item.kind == kind]
        if not items:
            continue
        st.subheader(msgs.t(f"doc.items_{kind}"))
        for index, item in items:
            cols = st.columns([8, 1, 2])
            head = f"{item.number}. " if item.number else ""
            if item.date:
                head += f"{item.date} · "
            cols[0].markdown(f"{escape_markdown(head)}{plain_label(item.title or item.text, 300)}")
            if item.focus:
                cols[0].caption(msgs.t("doc.focus") + ": " + ", ".join(plain_label(f, 80) for f in item.focus))
            cols[1].markdown(_passage_link(item.passage))
            if cols[2].button(msgs.t("doc.add_item"), key=f"pack_item_{index}"):
                added = add_to_pack(kind, record.path, index)
                st.toast(msgs.t("doc.added_to_pack") if added else msgs.t("doc.already_in_pack"))
with similar_tab:
    snapshot = store().snapshot()
    neighbours = snapshot.similarity.similar(record.path, 8)
    if not neighbours:
        st.caption(msgs.t("doc.no_similar"))
    for other_path, score in neighbours:
        other_record = snapshot.catalog[other_path]
        st.page_link(
            "app_pages/document.py",
            label=f"{plain_label(other_record.title, 120)} · {_label('lang', other_record.language)} · {score:.2f}",
            query_params={"doc": other_path, "ui": msgs.lang},
        )
st.subheader(msgs.t("doc.text"))
for passage in record.passages:
    label = f"§{passage.ordinal + 1}"
    if passage.heading:
        label += f" · {plain_label(passage.heading, 100)}"
    if passage.page:
        label += f" · {msgs.t('doc.page')} {passage.page}"
    st.subheader(label, anchor=f"p{passage.ordinal}")
    st.markdown(escape_markdown(passage.text))
    if st.button(msgs.t("doc.add_passage"), key=f"pack_passage_{passage.ordinal}"):
        added = add_to_pack("passage", record.path, passage.ordinal)
        st.toast(msgs.t("doc.added_to_pack") if added else msgs.t("doc.already_in_pack"))

st.divider()
with st.expander(msgs.t("doc.edit"), expanded=is_editor()):
    if require_editor(msgs):
        _edit_form(record)
