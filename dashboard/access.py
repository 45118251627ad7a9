"""Who may edit in this session, and the sidebar's edit-password form.

Editing is allowed:
* never when ``TIMELINE_READONLY=1`` or ``[timeline] readonly = true`` (secrets);
* after the password is entered when ``[timeline] edit_password`` is set (secrets);
* otherwise only when the app is not hosted: ``TIMELINE_HOSTED=1``, ``[timeline] hosted = true`` or running on
  Streamlit Community Cloud (the app under /mount/src) make a deployment hosted, and a hosted deployment
  without an edit password is read-only.
"""
from __future__ import annotations

import hmac
import os
from pathlib import Path

import streamlit as st

from timeline.store.curation import DEFAULT_USER

ss = st.session_state
_TRUE = ("1", "true", "yes", "on")


def setting(key: str, default=None):
    """A value under ``[timeline]`` in the app's secrets (the secrets file is optional)."""
    try:
        return st.secrets.get("timeline", {}).get(key, default)
    except Exception:  # no secrets.toml
        return default


def _flag(env: str, key: str) -> bool:
    return os.environ.get(env, "").strip().lower() in _TRUE or str(setting(key, "")).strip().lower() in _TRUE


def hosted() -> bool:
    return _flag("TIMELINE_HOSTED", "hosted") or str(Path.cwd()).startswith("/mount/src")


def read_only() -> bool:
    return _flag("TIMELINE_READONLY", "readonly")


def edit_state() -> tuple[bool, str]:
    """(may this session edit?, why not)."""
    if read_only():
        return False, "This deployment is read-only."
    password = setting("edit_password")
    if password:
        return ss.get("_edit_unlocked") is True, "Enter the edit password in the sidebar to edit."
    if hosted():
        return False, "Editing is off on this hosted deployment (its owner can set an edit password)."
    return True, ""


def can_edit() -> bool:
    return edit_state()[0]


def who() -> str:
    """The name edits are recorded under (the sidebar's *Your name*)."""
    return (ss.get("who") or DEFAULT_USER).strip() or DEFAULT_USER


def password_form() -> bool:
    """The edit-password field and its button, when a password would unlock editing; True when shown."""
    if can_edit() or not setting("edit_password") or read_only():
        return False
    pw = st.text_input("Edit password", type="password", key="edit_password")
    if st.button("Unlock editing", key="unlock") and pw:
        if hmac.compare_digest(str(pw).encode(), str(setting("edit_password")).encode()):
            ss["_edit_unlocked"] = True
            st.rerun()
        st.error("Wrong password.")
    return True
