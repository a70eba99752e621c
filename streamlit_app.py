"""kb's Streamlit app: navigation over the pages in ``app_pages/``.

Run with ``make run`` or ``kb serve``; the KB home comes from ``KB_HOME``.
"""

from __future__ import annotations

import streamlit as st

from webui.state import language_switch, messages

st.set_page_config(page_title="kb", page_icon="🔎", layout="wide")
msgs = messages()
pages = [
    st.Page(
        "app_pages/search.py", title=msgs.t("nav.search"), icon=":material/search:", default=True, url_path="search"
    ),
    st.Page("app_pages/document.py", title=msgs.t("nav.document"), icon=":material/description:", url_path="document"),
]
navigation = st.navigation(pages)
language_switch(msgs)
navigation.run()
