"""Document page: metadata, passages with anchors, and the original file to download."""

from __future__ import annotations

import mimetypes

import streamlit as st

from kb.corpus import resolve_document
from kb.errors import KBError
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
    st.error(str(exc))
    st.stop()

st.title(plain_label(record.title))
st.caption(plain_label(record.path))
cols = st.columns(4)
cols[0].metric(
    msgs.t("doc.type"),
    msgs.t(f"doctype.{record.doc_type}") if msgs.has(f"doctype.{record.doc_type}") else record.doc_type,
)
cols[1].metric(msgs.t("doc.language"), record.language)
cols[2].metric(msgs.t("doc.year"), str(record.year or "–"))
cols[3].metric(msgs.t("doc.passages"), str(len(record.passages)))

if record.languages and len(record.languages) > 1:
    st.caption(msgs.t("doc.languages") + ": " + ", ".join(f"{s.code} {s.share:.0%}" for s in record.languages))
if record.programmes:
    st.caption(msgs.t("facet.programme") + ": " + ", ".join(plain_label(p) for p in record.programmes))
if record.countries:
    st.caption(msgs.t("facet.country") + ": " + ", ".join(record.countries))
if record.description:
    st.markdown(escape_markdown(record.description))
for warning in record.warnings:
    st.warning(plain_label(warning, 400))

try:
    original = resolve_document(settings().corpus_dir, record.path)
    data = original.read_bytes()
except (OSError, KBError):
    data = None
if data is not None:
    st.download_button(
        msgs.t("doc.download"),
        data=data,
        file_name=record.original_name or original.name,
        mime=mimetypes.guess_type(original.name)[0] or "application/octet-stream",
        key="download_original",
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
