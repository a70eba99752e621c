"""Add documents (editors): upload, check what kb detected, correct it, save; and the ingest health view."""

from __future__ import annotations

import hashlib

import streamlit as st

from ingest.uploads import Preview, check_sizes, preview, save
from kb.config import DOC_TYPES, SUPPORTED_LANGUAGES
from kb.errors import KBError
from webui.auth import logout_button, require_editor
from webui.render import plain_label
from webui.state import messages, settings, store

msgs = messages()
st.title(msgs.t("add.title"))
if not require_editor(msgs):
    st.stop()
logout_button(msgs)

upload_tab, health_tab = st.tabs([msgs.t("add.upload_tab"), msgs.t("add.health_tab")])


def _metadata_form(number: int, item: Preview) -> None:
    record = item.record
    assert record is not None
    thesaurus = store().thesaurus
    topic_ids = [t.id for t in thesaurus.topics()] if thesaurus else []
    with st.form(f"upload_form_{number}"):
        title = st.text_input(msgs.t("add.field_title"), value=record.title, key=f"title_{number}")
        cols = st.columns(3)
        doc_type = cols[0].selectbox(
            msgs.t("facet.doc_type"),
            DOC_TYPES,
            index=DOC_TYPES.index(record.doc_type) if record.doc_type in DOC_TYPES else DOC_TYPES.index("other"),
            format_func=lambda value: msgs.t(f"doctype.{value}"),
            key=f"type_{number}",
        )
        languages = list(SUPPORTED_LANGUAGES)
        language = cols[1].selectbox(
            msgs.t("facet.language"),
            languages,
            index=languages.index(record.language) if record.language in languages else languages.index("en"),
            format_func=lambda code: msgs.t(f"lang.{code}"),
            key=f"lang_{number}",
        )
        year = cols[2].number_input(
            msgs.t("facet.year"),
            min_value=1900,
            max_value=2100,
            value=record.year or None,
            step=1,
            key=f"year_{number}",
        )
        topics = st.multiselect(
            msgs.t("facet.topic"),
            topic_ids,
            default=[t.id for t in record.topics if t.id in topic_ids],
            format_func=lambda topic: thesaurus.label(topic, msgs.lang) if thesaurus else topic,
            key=f"topics_{number}",
        )
        description = st.text_area(msgs.t("add.field_description"), key=f"description_{number}")
        submitted = st.form_submit_button(msgs.t("add.save"), type="primary")
    if submitted:
        data = st.session_state["upload_data"][number]
        metadata = {"title": title, "doc_type": doc_type, "language": language, "topics": topics}
        if year:
            metadata["year"] = int(year)
        if description.strip():
            metadata["description"] = description.strip()
        try:
            with st.spinner(msgs.t("add.saving")):
                path, report = save(settings(), store(), item.name, data, metadata)
        except KBError as exc:
            st.error(plain_label(str(exc), 400))
            return
        saved = dict(st.session_state.get("upload_saved", {}))
        saved[number] = path
        st.session_state["upload_saved"] = saved
        failed = {f.path: "; ".join(f.reasons) for f in report.failed}
        if path in failed:
            st.error(msgs.t("add.saved_but_failed", reason=plain_label(failed[path], 300)))
        else:
            st.rerun()


def _show_preview(number: int, item: Preview) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain_label(item.name)}** · {item.size / 1024:.0f} KiB")
        saved = st.session_state.get("upload_saved", {}).get(number)
        if saved:
            st.success(msgs.t("add.saved", path=plain_label(saved)))
            st.page_link(
                "app_pages/document.py", label=msgs.t("add.open"), query_params={"doc": saved, "ui": msgs.lang}
            )
            return
        if item.duplicate_of:
            st.warning(msgs.t("add.duplicate", path=plain_label(item.duplicate_of)))
            st.page_link(
                "app_pages/document.py",
                label=msgs.t("add.open"),
                query_params={"doc": item.duplicate_of, "ui": msgs.lang},
            )
            return
        for problem in item.problems:
            (st.error if not item.ok else st.warning)(plain_label(problem, 400))
        if item.ok:
            _metadata_form(number, item)


with upload_tab:
    st.caption(msgs.t("add.intro", max_mb=settings().max_file_mb))
    files = st.file_uploader(
        msgs.t("add.choose"),
        type=["pdf", "docx", "pptx", "html", "htm", "txt", "md"],
        accept_multiple_files=True,
        key="uploader",
    )
    if files:
        batch = [(f.name, f.getvalue()) for f in files]
        signature = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for _n, d in batch)).hexdigest()
        if st.session_state.get("upload_signature") != signature:
            problem = check_sizes(settings(), batch)
            if problem:
                st.error(problem)
                st.stop()
            progress = st.progress(0.0, text=msgs.t("add.checking", count=len(batch)))
            previews = preview(settings(), store(), batch)
            progress.progress(1.0, text=msgs.t("add.checked", count=len(batch)))
            st.session_state.update(
                upload_signature=signature,
                upload_previews=previews,
                upload_data=[d for _n, d in batch],
                upload_saved={},
            )
        for number, item in enumerate(st.session_state["upload_previews"]):
            _show_preview(number, item)

with health_tab:
    catalog = store().snapshot().catalog
    troubled = sorted((r for r in catalog.values() if r.status != "ok"), key=lambda r: (r.status != "failed", r.path))
    counts = {status: sum(1 for r in catalog.values() if r.status == status) for status in ("ok", "warning", "failed")}
    cols = st.columns(3)
    for col, status in zip(cols, ("ok", "warning", "failed"), strict=True):
        col.metric(msgs.t(f"add.status_{status}"), counts[status])
    if not troubled:
        st.success(msgs.t("add.all_healthy"))
    st.dataframe(
        [
            {
                msgs.t("add.col_status"): msgs.t(f"add.status_{r.status}"),
                msgs.t("add.col_path"): r.path,
                msgs.t("add.col_reason"): "; ".join(r.warnings),
            }
            for r in troubled
        ],
        hide_index=True,
        use_container_width=True,
    )
