"""Workshops page for trainers: workshop material, dated workshops, recommendations, and the training pack.

Filters live in the URL (``bind="query-params"``; multiselects store their labels there), so a filtered view
can be shared. The pack lives in the session (``webui.pack_state``); ``kb.packs.build_zip`` makes the download.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import streamlit as st

from kb.models import DocumentRecord, Item
from kb.packs import PackItem, ResolvedItem, TrainingPack, build_zip, resolve
from webui import components
from webui.i18n import UI_LANGUAGES, Messages
from webui.pack_state import add_to_pack, get_pack
from webui.render import escape_markdown, plain_label
from webui.state import messages, store

msgs = messages()
catalog = store().snapshot().catalog
KINDS = ("document", "passage", "recommendation", "workshop")
DEFAULT = "workshops.default_title"


@dataclass(frozen=True)
class Found:
    """An item of one document, with its index in that document's ``items`` (the pack's ordinal)."""

    record: DocumentRecord
    index: int
    item: Item


def _found(kind: str) -> list[Found]:
    return [
        Found(r, i, item) for _, r in sorted(catalog.items()) for i, item in enumerate(r.items) if item.kind == kind
    ]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _multi(label: str, options: Iterable[str], key: str, fmt: Callable[[str], str] = str) -> list[str]:
    """A multiselect kept in the URL, its options sorted by their label."""
    names = {o: fmt(o) for o in set(options)}
    ordered = sorted(names, key=lambda o: names[o].lower())
    return st.multiselect(
        label,
        ordered,
        key=key,
        bind="query-params",
        format_func=lambda o: names.get(o, o),
        placeholder=msgs.t("workshops.any"),
    )


def _topics(key: str, ids: Iterable[str]) -> list[str]:
    return _multi(msgs.t("facet.topic"), ids, key, lambda t: components.topic_label(msgs, t))


def _topic_names(ids: Iterable[str]) -> str:
    return msgs.t("workshops.topics") + ": " + ", ".join(plain_label(components.topic_label(msgs, t), 40) for t in ids)


def _add_button(kind: str, path: str, ordinal: int | None) -> None:
    if st.button(msgs.t("workshops.add"), key=f"add_{kind}_{path}_{ordinal}", icon=":material/add:"):
        st.toast(msgs.t("workshops.added") if add_to_pack(kind, path, ordinal) else msgs.t("workshops.already"))


def _document_link(record: DocumentRecord, limit: int = 80) -> None:
    st.page_link(
        components.DOCUMENT_PAGE,
        label=plain_label(record.title, limit),
        query_params={"doc": record.path, "ui": msgs.lang},
        icon=":material/description:",
    )


def _material() -> None:
    docs = [r for r in catalog.values() if r.doc_type == "workshop_material"]
    cols = st.columns(3)
    with cols[0]:
        topics = _topics("material_topic", (t.id for r in docs for t in r.topics))
    with cols[1]:
        langs = _multi(msgs.t("facet.language"), (r.language for r in docs), "material_lang", _language)
    with cols[2]:
        years = _multi(msgs.t("facet.year"), (str(r.year) for r in docs if r.year), "material_year")
    shown = [
        r
        for r in sorted(docs, key=lambda r: (-(r.year or 0), r.title.lower()))
        if (not topics or any(t.id in topics for t in r.topics))
        and (not langs or r.language in langs)
        and (not years or str(r.year) in years)
    ]
    st.page_link(
        components.SEARCH_PAGE,
        label=msgs.t("workshops.search_material"),
        query_params={"type": "workshop_material", "ui": msgs.lang},
        icon=":material/search:",
    )
    st.caption(msgs.t("workshops.material_count", count=len(shown)) if shown else msgs.t("workshops.no_material"))
    for record in shown:
        with st.container(border=True):
            _document_link(record, 200)
            parts = [_language(record.language), str(record.year or "–"), *record.programmes[:2]]
            st.caption(" · ".join(plain_label(p, 60) for p in parts))
            if record.topics:
                st.caption(_topic_names(t.id for t in record.topics[:6]))
            if record.description:
                st.markdown(escape_markdown(record.description))
            _add_button("document", record.path, None)


def _language(code: str) -> str:
    return components.label(msgs, "lang", code)


def _workshops() -> None:
    found = _found("workshop")
    days = [d for f in found for d in (_day(f.item.date), _day(f.item.end_date)) if d]
    cols = st.columns(2)
    with cols[0]:
        topics = _topics("workshop_topic", (t for f in found for t in f.item.topics))
    chosen: tuple[date, ...] = ()
    if days:
        default = (min(days), max(days))
        label = msgs.t("workshops.date_range")
        picked = cols[1].date_input(
            label, default, *default, key="workshop_dates", format="YYYY-MM-DD", bind="query-params"
        )
        chosen = () if tuple(picked) == default else tuple(picked)  # while picking, a range has one day

    def keep(f: Found) -> bool:
        start, end = _day(f.item.date), _day(f.item.end_date) or _day(f.item.date)
        if topics and not set(topics) & set(f.item.topics):
            return False
        if len(chosen) < 2:
            return True
        return start is not None and end is not None and start <= chosen[1] and end >= chosen[0]

    shown = sorted(filter(keep, found), key=lambda f: (f.item.date or "9999", f.item.title or f.item.text))
    st.caption(msgs.t("workshops.workshop_count", count=len(shown)) if shown else msgs.t("workshops.no_workshops"))
    widths = [2, 4, 3]
    if shown:
        for col, key in zip(st.columns(widths), ("col_date", "col_workshop", "col_source"), strict=False):
            col.markdown(f"**{msgs.t('workshops.' + key)}**")
    for f in shown:
        st.divider()
        row = st.columns(widths)
        when = (f.item.date or msgs.t("workshops.undated")) + (f" – {f.item.end_date}" if f.item.end_date else "")
        row[0].markdown(escape_markdown(when))
        row[1].markdown(f"**{plain_label(f.item.title or f.item.text, 200)}**")
        if f.item.focus:
            row[1].caption(msgs.t("workshops.focus") + ": " + ", ".join(plain_label(x, 80) for x in f.item.focus))
        with row[2]:
            _document_link(f.record, 60)
            _add_button("workshop", f.record.path, f.index)


def _recommendations() -> None:
    found = _found("recommendation")
    topics = _topics("recommendation_topic", (t for f in found for t in f.item.topics))
    shown = [f for f in found if not topics or set(topics) & set(f.item.topics)]
    count = len(shown)
    st.caption(
        msgs.t("workshops.recommendation_count", count=count) if count else msgs.t("workshops.no_recommendations")
    )
    for f in shown:
        with st.container(border=True):
            head = f"**{f.item.number}.** " if f.item.number else ""
            st.markdown(head + plain_label(f.item.title or f.item.text, 600))
            if f.item.topics:
                st.caption(_topic_names(f.item.topics))
            left, right = st.columns(2)
            with left:
                _document_link(f.record)
            with right:
                _add_button("recommendation", f.record.path, f.index)


def _heading(entry: ResolvedItem) -> str:
    """What an item is, in the UI language (``resolve`` gives English headings)."""
    item, record = entry.item, entry.document
    if item.kind == "passage" and item.ordinal is not None:
        return record.passages[item.ordinal].heading or msgs.t("workshops.passage_n", number=item.ordinal + 1)
    if item.kind in ("recommendation", "workshop") and item.ordinal is not None:
        found = record.items[item.ordinal]
        if found.number and item.kind == "recommendation":
            return msgs.t("workshops.recommendation_n", number=found.number)
        return (found.title or msgs.t(f"workshops.{item.kind}")) + (f" ({found.date})" if found.date else "")
    return entry.heading


def _set_title(pack: TrainingPack) -> None:
    pack.title = str(st.session_state.get("pack_title") or "").strip() or pack.title


def _set_note(item: PackItem, key: str) -> None:
    item.note = str(st.session_state.get(key) or "").strip() or None


def _load_pack() -> None:
    """Replace the pack with an uploaded pack.json (references to unknown kinds are dropped)."""
    upload = st.session_state.get("pack_upload")
    if upload is None:
        return
    try:
        loaded = TrainingPack.from_json(upload.getvalue().decode("utf-8"))
        items = [
            PackItem(i.kind, i.path, i.ordinal, str(i.note) if i.note else None)
            for i in loaded.items
            if i.kind in KINDS
            and isinstance(i.path, str)
            and (i.ordinal is None or (type(i.ordinal) is int and i.ordinal >= 0))
        ]
    except (ValueError, TypeError, KeyError, AttributeError):
        st.session_state["pack_loaded"] = None
        return
    pack = get_pack()
    pack.title = str(loaded.title or pack.title)
    pack.items.clear()
    for item in items:
        pack.add(item)
    st.session_state["pack_loaded"] = pack.title


def _pack_item(pack: TrainingPack, index: int, item: PackItem, entry: ResolvedItem | None) -> None:
    ident = f"{item.kind}_{item.path}_{item.ordinal}"
    kind = msgs.t(f"workshops.kind.{item.kind}") if item.kind in KINDS else item.kind
    with st.container(border=True):
        if entry is None:
            st.markdown(f"**{index + 1}. {plain_label(kind)}**")
            st.caption(msgs.t("workshops.missing", path=plain_label(item.path, 120)))
        else:
            st.markdown(f"**{index + 1}. {plain_label(_heading(entry), 160)}**")
            where = [kind, plain_label(entry.document.title, 100)]
            st.caption(" · ".join(where + ([msgs.t("workshops.page", page=entry.page)] if entry.page else [])))
            if entry.text and item.kind != "document":
                with st.expander(msgs.t("workshops.show_text")):
                    st.markdown(escape_markdown(entry.text))
        st.session_state[f"pack_note_{ident}"] = item.note or ""  # the pack, not the widget, holds the note
        st.text_input(
            msgs.t("workshops.note"),
            key=f"pack_note_{ident}",
            placeholder=msgs.t("workshops.note_placeholder"),
            on_change=_set_note,
            args=(item, f"pack_note_{ident}"),
        )
        actions: list[tuple[str, str, bool, Callable[..., None], tuple[int, ...]]] = [
            ("up", ":material/arrow_upward:", index == 0, pack.move, (index, -1)),
            ("down", ":material/arrow_downward:", index == len(pack.items) - 1, pack.move, (index, 1)),
            ("remove", ":material/delete:", False, pack.remove, (index,)),
        ]
        with st.container(horizontal=True):
            for name, icon, disabled, action, args in actions:
                label = msgs.t(f"workshops.{name}")
                st.button(label, key=f"pack_{name}_{ident}", icon=icon, disabled=disabled, on_click=action, args=args)


def _pack_panel() -> None:
    pack = get_pack()
    if not pack.items and pack.title in {TrainingPack().title, *(Messages(lang).t(DEFAULT) for lang in UI_LANGUAGES)}:
        pack.title = msgs.t(DEFAULT)  # an untouched pack is named in the UI language
    st.subheader(msgs.t("workshops.pack"))
    st.session_state["pack_title"] = pack.title
    st.text_input(msgs.t("workshops.pack_title"), key="pack_title", on_change=_set_title, args=(pack,))
    if "pack_loaded" in st.session_state:
        loaded = st.session_state.pop("pack_loaded")
        if loaded is None:
            st.error(msgs.t("workshops.load_failed"))
        else:
            st.success(msgs.t("workshops.loaded", title=plain_label(loaded, 80)))
    if not pack.items:
        st.info(msgs.t("workshops.pack_empty"))
    else:
        st.caption(msgs.t("workshops.pack_count", count=len(pack.items)))
        resolved = {id(entry.item): entry for entry in resolve(pack, store())}
        for index, item in enumerate(pack.items):
            _pack_item(pack, index, item, resolved.get(id(item)))
        name = (re.sub(r"[^\w-]+", "-", pack.title).strip("-")[:80] or "training-pack") + ".zip"
        data, label = build_zip(pack, store()), msgs.t("workshops.download")
        st.download_button(label, data, name, "application/zip", key="pack_download", type="primary", on_click="ignore")
        st.caption(msgs.t("workshops.download_help"))
        st.button(msgs.t("workshops.clear"), key="pack_clear", icon=":material/clear_all:", on_click=pack.items.clear)
    st.file_uploader(
        msgs.t("workshops.load"),
        type=["json"],
        key="pack_upload",
        on_change=_load_pack,
        help=msgs.t("workshops.load_help"),
    )


st.title(msgs.t("workshops.title"))
st.caption(msgs.t("workshops.intro"))
browse, pack_column = st.columns([3, 2], gap="large")
with browse:
    tabs = st.tabs([msgs.t(f"workshops.tab_{name}") for name in ("material", "workshops", "recommendations")])
    for tab, section in zip(tabs, (_material, _workshops, _recommendations), strict=True):
        with tab:
            section()
with pack_column:
    _pack_panel()
