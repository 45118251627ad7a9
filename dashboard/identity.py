"""The analyst's name (*Your name* in the sidebar) kept across reloads in this browser.

The name is kept in a cookie of the app's own address, written by a two-line script when the name changes
and read by the server from the next page load on (``st.context.cookies``). Another browser, or a private
window, starts with the default name again. The cookie only says who the edits are recorded under; it grants
nothing (who may edit is decided in ``dashboard.access``).
"""
from __future__ import annotations

import json
from urllib.parse import unquote

import streamlit as st

from timeline.store.curation import DEFAULT_USER, clean_name

ss = st.session_state
COOKIE = "timeline_editor"
MAX_AGE = 400 * 24 * 3600  # seconds: browsers keep a cookie at most about this long
_SAVED = "_who_saved"      # the name the cookie holds (as far as this session knows)


def remembered() -> str:
    """The name this browser kept ("" when none)."""
    try:
        raw = st.context.cookies.get(COOKIE)
    except Exception:  # no browser (a bare script run)
        return ""
    return clean_name(unquote(raw)) if isinstance(raw, str) and raw.strip() else ""  # (a test run has no str)


def initial() -> str:
    """The name a new session starts with: the one this browser kept, else the default."""
    name = remembered()
    ss.setdefault(_SAVED, name or DEFAULT_USER)
    return name or DEFAULT_USER


def remember(name: str) -> None:
    """Keep ``name`` in this browser's cookie when it is not what the cookie already holds."""
    if ss.get(_SAVED) == name:
        return
    ss[_SAVED] = name
    # the name as a JavaScript string: JSON with every non-ASCII character and <, >, & escaped, so nothing
    # in it can end the script or start markup
    value = json.dumps(name, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")
    st.html(f"<script>document.cookie = '{COOKIE}=' + encodeURIComponent({value}) + "
            f"'; path=/; max-age={MAX_AGE}; SameSite=Strict';</script>", unsafe_allow_javascript=True)
