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
    st.Page("app_pages/workshops.py", title=msgs.t("nav.workshops"), icon=":material/school:", url_path="workshops"),
    st.Page("app_pages/overview.py", title=msgs.t("nav.overview"), icon=":material/bar_chart:", url_path="overview"),
    st.Page("app_pages/projects.py", title=msgs.t("nav.projects"), icon=":material/hub:", url_path="projects"),
    st.Page("app_pages/add.py", title=msgs.t("nav.add"), icon=":material/upload_file:", url_path="add"),
]
navigation = st.navigation(pages)
language_switch(msgs)
navigation.run()
