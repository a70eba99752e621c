"""Editor access: reading is open; adding and editing documents need an editor login.

Three configurations, checked in this order:
1. an OIDC provider in ``.streamlit/secrets.toml`` (an ``[auth]`` section): ``st.login``;
2. an editor password: ``editor_token`` in ``st.secrets`` or ``KB_EDITOR_TOKEN``, compared in
   constant time; the token is never logged or shown;
3. neither: the editor pages say so and stay locked.
"""

from __future__ import annotations

import hmac

import streamlit as st

from webui.i18n import Messages
from webui.state import settings

SESSION_KEY = "editor_unlocked"


def _secret(name: str) -> object:
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, KeyError, AttributeError):
        return None
    except Exception:  # noqa: BLE001 - a malformed secrets.toml must not open or break the page
        return None


def oidc_configured() -> bool:
    auth = _secret("auth")
    return bool(auth) and hasattr(auth, "get") and bool(auth.get("redirect_uri"))  # type: ignore[union-attr]


def editor_token() -> str:
    token = _secret("editor_token")
    return str(token) if token else settings().editor_token


def token_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so response times reveal nothing about the token."""
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def is_editor() -> bool:
    if oidc_configured():
        return bool(getattr(st.user, "is_logged_in", False))
    return bool(st.session_state.get(SESSION_KEY))


def require_editor(msgs: Messages) -> bool:
    """Show the login (or why editing is locked); True when the user may edit."""
    if is_editor():
        return True
    if oidc_configured():
        st.info(msgs.t("auth.login_needed"))
        if st.button(msgs.t("auth.login_button"), key="oidc_login"):
            st.login()
        return False
    expected = editor_token()
    if not expected:
        st.warning(msgs.t("auth.not_configured"))
        return False
    with st.form("editor_login"):
        given = st.text_input(msgs.t("auth.token_label"), type="password", key="editor_token_input")
        submitted = st.form_submit_button(msgs.t("auth.unlock"))
    if submitted:
        if token_matches(given or "", expected):
            st.session_state[SESSION_KEY] = True
            st.session_state.pop("editor_token_input", None)
            st.rerun()
        st.error(msgs.t("auth.wrong_token"))
    return False


def logout_button(msgs: Messages) -> None:
    if oidc_configured():
        if st.button(msgs.t("auth.logout"), key="editor_logout"):
            st.logout()
    elif st.session_state.get(SESSION_KEY) and st.button(msgs.t("auth.logout"), key="editor_logout"):
        st.session_state[SESSION_KEY] = False
        st.rerun()
