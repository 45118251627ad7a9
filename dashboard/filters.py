"""The sidebar's filters and the address bar: widgets <-> ``Filters`` <-> URL query parameters.

The URL is the source of truth when it is new (first run, pasted address, link between pages); after the
page has run, the view (with whatever the page changed) is written back to the address bar.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from timeline.views import query
from timeline.views.text import html_text
from timeline.views.view import Data, View, make_view

ss = st.session_state
PAGE_KEYS = ("lanes", "color", "period", "mode", "doc")  # widgets that live on one page only


def widget_values(f: query.Filters, domain: query.Domain) -> dict:
    """Session-state values of the filter widgets for ``f`` (dates clamped to the corpus)."""
    out = {k: getattr(f, k) for k in ("q", "min_sources", "undated", "captions", "lanes", "color", "period",
                                          "mode")}
    for k in ("actors", "sides", "types", "outlets"):
        out[k] = list(getattr(f, k))
    if domain.first and domain.last:
        first, last = default_dates(domain)
        lo = min(max(f.start or first, domain.first), domain.last)
        hi = max(min(f.end or last, domain.last), lo)
        out["dates"] = (lo, hi)
    out["doc"] = f.doc or None
    out["event"] = f.event
    return out


def default_dates(domain: query.Domain) -> tuple:
    """The date filter's default range: where the events are (photo captions and a few far-off mentions left
    out; ``query.Domain.window_first``), which means no date filter."""
    return domain.window_first or domain.first, domain.window_last or domain.last


def filters_from(values: dict, domain: query.Domain) -> query.Filters:
    """The widgets' session-state values -> Filters (the default range means no date filter)."""
    start = end = None
    dates = values.get("dates")
    first, last = default_dates(domain)
    if isinstance(dates, (tuple, list)) and dates:
        start = dates[0] if dates[0] and dates[0] != first else None
        end = dates[1] if len(dates) > 1 and dates[1] and dates[1] != last else None
    ms = values.get("min_sources") or 1
    return query.Filters(
        start=start, end=end, actors=tuple(values.get("actors") or ()), sides=tuple(values.get("sides") or ()),
        types=tuple(values.get("types") or ()), outlets=tuple(values.get("outlets") or ()),
        q=str(values.get("q") or "")[: query.MAX_QUERY], min_sources=max(1, int(ms)),
        undated=bool(values.get("undated", True)), captions=bool(values.get("captions", False)),
        lanes=values.get("lanes") or "actor", color=values.get("color") or "type",
        period=values.get("period") or "auto", mode=values.get("mode") or "auto", event=values.get("event") or "", doc=values.get("doc") or "",
        view=values.get("_page") or "chronology")


def current(data: Data) -> query.Filters:
    """The filters the widgets hold now."""
    return filters_from(dict(ss), data.domain)


def follow_dates(before: Data | None, after: Data) -> None:
    """Edits can move the corpus's first or last date: keep the date filter valid (a full range stays full)."""
    dates = ss.get("dates")
    if before is None or not isinstance(dates, (tuple, list)) or not dates or not after.domain.first:
        return
    lo, hi = dates[0], dates[-1]
    if (lo, hi) == default_dates(before.domain):
        ss["dates"] = default_dates(after.domain)
    else:
        lo = min(max(lo or after.domain.first, after.domain.first), after.domain.last)
        ss["dates"] = (lo, max(min(hi or after.domain.last, after.domain.last), lo))


def read_url(data: Data) -> dict[str, list[str]]:
    """Set the widgets from the address bar when it is new; returns its parameters."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if "_written" not in ss or (params and query.normalized(params) != ss["_written"]):
        filters, ss["_notices"] = query.parse(params, data.domain)
        ss.update(widget_values(filters, data.domain))
    else:
        for k in PAGE_KEYS:  # keep the state of widgets that live on one page only
            if k in ss:
                ss[k] = ss[k]
    ss.update(ss.pop("_pending", {}))  # filter changes asked for by a click in a chart
    return params


def write_url(data: Data, params: dict[str, list[str]]) -> query.Filters:
    """The view, with whatever the page changed, back into the address bar; returns its filters."""
    filters = current(data)
    out = query.serialize(filters)
    # also when the view differs from the address last written: a page link's parameters reach the app but
    # not the browser's address bar (not on a first run: the address may hold a link too long for the app, which
    # the sidebar reads from the address bar itself)
    written = ss.get("_written")
    if query.normalized(out) != query.normalized(params) or (written is not None and query.normalized(out) != written):
        st.query_params.from_dict(out)
    ss["_written"] = query.normalized(out)
    return filters


def filter_widgets(data: Data, params: dict[str, list[str]]):
    """The filter widgets (in the sidebar), under a slot for the count of events; returns that slot."""
    def reset() -> None:
        ss.update(widget_values(query.Filters(), data.domain))

    options = data.options
    count = st.empty()
    for notice in ss.get("_notices", []):
        st.html(f"<div style='font-size:13px;color:#8A6100'>⚠ {html_text(notice)}</div>")
    if not params and "_written" not in ss:  # a first run without parameters: maybe a link too long to read
        st.html(query.DROPPED_LINK_HTML, unsafe_allow_javascript=True)
    st.text_input("Search", key="q", placeholder="words in summaries and sentences", max_chars=query.MAX_QUERY)
    if data.domain.first:
        st.date_input("Dates", key="dates", min_value=data.domain.first, max_value=data.domain.last,
                      format="YYYY-MM-DD", help="Opens on where most events are; photo captions and a few far-off "
                                                "mentions (“in 2014”) do not stretch it.")
    outside = outside_default(data) if data.domain.first else ""
    outside = outside if tuple(ss.get("dates") or ()) == default_dates(data.domain) else ""
    if outside:
        st.caption(outside + " “Show all dates” below shows them.")
    st.multiselect("Actors", options["actors"], key="actors", placeholder="all actors")
    st.multiselect("Side / affiliation", options["sides"], key="sides", placeholder="all sides")
    st.multiselect("Event types", options["types"], key="types", placeholder="all types")
    st.multiselect("Sources / outlets", options["outlets"], key="outlets", placeholder="all outlets")
    st.number_input("Minimum corroborating sources", min_value=1, max_value=max(1, int(data.events["sources"].max())),
                    step=1, key="min_sources")
    st.toggle("Include undated events", key="undated")
    st.toggle("Include photo captions", key="captions", help="Events seen only in photo captions")
    st.button("Reset filters", on_click=reset, icon=":material/filter_alt_off:")
    if outside:   # under the filters, after Reset
        st.button("Show all dates", on_click=show_all_dates, args=(data.domain,), icon=":material/first_page:",
                  key="all_dates")
    return count


def outside_default(data: Data) -> str:
    """How many events (not photo captions) lie outside the default date range, in words ("" for none)."""
    d = data.domain
    first, last = default_dates(d)
    if not first or (first, last) == (d.first, d.last):
        return ""
    ix = data.index
    kept = ~ix.undated & ~data.events["caption"].to_numpy(dtype=bool)
    lo = ix.start_s < _seconds(first)
    hi = ix.start_s > _seconds(last) + 86_399
    parts = [f"{int((kept & lo).sum()):,} earlier" if (kept & lo).any() else "",
             f"{int((kept & hi).sum()):,} later" if (kept & hi).any() else ""]
    parts = [p for p in parts if p]
    return f"◀ {' and '.join(parts)} event(s) outside this range." if parts else ""


def _seconds(day) -> int:
    return int(np.datetime64(day, "s").astype(np.int64))


def show_all_dates(domain: query.Domain) -> None:
    ss["dates"] = (domain.first, domain.last)


def view(data: Data, count) -> View:
    """The view the widgets select (kept for the pages as ``_view``), its count written into ``count``."""
    ss["_view"] = v = make_view(data, current(data))
    count.markdown(f"### {v.count}" if v.keep.all() else f"### {int(v.keep.sum()):,} "
                   f"<span style='font-size:0.6em;color:#6B6F76'>of {len(data.events):,} events</span>",
                   unsafe_allow_html=True)
    return v
