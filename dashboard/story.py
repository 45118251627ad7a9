"""The Timeline page's "Key events" mode: the mode control, the view's key dates (cached per corpus version and
filter state) and the Story list under the chart. The work is done in ``timeline.views.story``."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from timeline.views import query, story
from timeline.views.text import markdown_text
from timeline.views.view import View

ss = st.session_state
MODE_LABELS = {"auto": "Automatic", "key": "Key events", "all": "All events"}


@st.cache_data(show_spinner="Finding the key dates…", max_entries=32)
def _key_dates(_view: View, corpus_key: str, filter_key: tuple) -> list:
    return story.compute(_view)


def key_dates(view: View) -> list:
    """The view's key dates, computed once per corpus version (with its edits) and filter state."""
    if view.key_dates is None:
        only_filters = replace(view.filters, **{f: getattr(query.Filters(), f) for f in query.VIEW_FIELDS})
        view.key_dates = _key_dates(view, repr(ss.get("_curated_key") or view.data.folder),
                                    query.normalized(query.serialize(only_filters)))
    return view.key_dates


def mode_control(view: View, container) -> str:
    """The mode control ("Automatic" says what it chose); returns the mode shown: "key" or "all"."""
    shown = story.mode_of(view)
    container.segmented_control(
        "Show", list(MODE_LABELS), key="mode", required=True,
        format_func=lambda m: f"Automatic ({MODE_LABELS[shown].lower()})" if m == "auto" else MODE_LABELS[m],
        help=f"Automatic shows the key events when more than {story.KEY_AT:,} events pass the filters")
    return shown


def story_list(view: View) -> None:
    """The key dates in date order: date, headline, summary, sources and a link that selects the evidence."""
    kds = key_dates(view)
    with st.expander(f"Story: {len(kds)} key dates", expanded=True, icon=":material/auto_stories:"):
        if not kds:
            st.caption("No key dates: no events dated to the day pass the filters.")
            return
        st.caption("The days the filtered articles refer to most (also weeks later), in date order. "
                   "Evidence selects the event the headline was made from.")
        for kd in story.chronological(kds):
            st.html(story.entry_html(kd))
            event_id = story.headline_event(kd)
            if event_id:
                st.page_link("pages/timeline.py", label=f"Evidence for {markdown_text(kd.date)}",
                             icon=":material/format_quote:", query_params=view.link_params(event=event_id))
