"""The message of a curation action, shown next to the button that caused it.

An action records its message with the place it belongs to and reruns the app; on that rerun the panel at
that place shows it, right under its button (``show``). A place the rerun no longer draws (an event rejected
away from the chart) gives the message as a toast instead (``TOAST``). A message no panel showed in the run
after its action is dropped, so it never turns up later somewhere else.
"""
from __future__ import annotations

import streamlit as st

from timeline.views.text import markdown_text

ss = st.session_state
KEY = "_curation_notice"
TOAST = "toast"


def done(message: str, place: str, error: bool = False) -> None:
    """Keep the message for ``place`` and rerun the app (the edit is written: every page must see it)."""
    ss[KEY] = {"place": place, "text": message, "error": error, "runs": 0}
    st.rerun()


def age() -> None:
    """Once per run, before the panels: drop a message no panel showed in the run after its action, and show
    a toast message."""
    n = ss.get(KEY)
    if not n:
        return
    n["runs"] += 1
    if n["runs"] > 1:
        ss.pop(KEY, None)
    elif n["place"] == TOAST:
        ss.pop(KEY, None)
        st.toast(markdown_text(n["text"]), icon=":material/error:" if n["error"] else ":material/check_circle:")


def show(place: str) -> None:
    """The message of the action just taken at ``place``, if any (names files and events: shown as text)."""
    n = ss.get(KEY)
    if not n or n["place"] != place:
        return
    ss.pop(KEY, None)
    if n["error"]:
        st.error(markdown_text(n["text"]), icon=":material/error:")
    else:
        st.success(markdown_text(n["text"]), icon=":material/check_circle:")


def pending(*places: str) -> bool:
    """Whether a message waits for one of ``places`` (its panel is then drawn open, the message in sight)."""
    n = ss.get(KEY)
    return bool(n) and n["place"] in places
