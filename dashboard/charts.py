"""The dashboard's charts, made once per corpus version (with its edits) and filter state.

A rerun with the same filters (a click in the chart, the evidence below it, going back to earlier filters) takes
the figure from ``st.cache_data`` instead of building it again: the cache holds the figure as a plain dict,
which is turned back into a figure without plotly's validation (it was validated when it was made).
The figures themselves are ``timeline.views.charts.figure``: the same as ``python -m timeline chart``.
"""
from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st

from timeline.views import charts, query, story
from timeline.views.view import View

ss = st.session_state
# Filter fields no chart depends on: the event or document a link opens, and the page.
NOT_DRAWN = ("event", "doc", "view")


@st.cache_data(show_spinner=False, max_entries=64)
def _figure(kind: str, _view: View, corpus_key: str, filter_key: tuple) -> dict:
    return charts.figure(kind, _view).to_dict()


def state_key(view: View) -> tuple:
    """The filter state a chart depends on, comparable and hashable."""
    drawn = replace(view.filters, **{f: getattr(query.Filters(), f) for f in NOT_DRAWN})
    return query.normalized(query.serialize(drawn))


def corpus_key(view: View) -> str:
    """The corpus version the session shows (its folder's signature, the edit log's revision)."""
    return repr(ss.get("_curated_key") or view.data.folder)


def figure(kind: str, view: View) -> go.Figure:
    """The dashboard's figure of ``kind`` for ``view``, from the cache when these filters were drawn before."""
    shown = story.mode_of(view) if kind == "timeline" else ""  # "auto" is key events or all events
    spec = _figure(kind, view, corpus_key(view), state_key(view) + (("shown", shown),))
    return go.Figure(spec, _validate=False)
