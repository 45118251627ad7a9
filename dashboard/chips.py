"""The view at a glance above every page: the event count and each active filter as a small chip.

On a phone the sidebar (where the count and the filter widgets live) is folded away; the chips keep both in
sight. On a wide screen they sum up a long filter list in one line.
"""
from __future__ import annotations

import streamlit as st

from timeline.extract.records import iso_day
from timeline.views.query import Filters
from timeline.views.text import html_text
from timeline.views.view import View

MAX_CHIPS = 8  # filter chips shown; the rest are counted in a last chip

STYLE = """<style>
.tl-chips {display: flex; flex-wrap: wrap; gap: 4px 6px; align-items: center; margin: 0 0 2px 0;
           font-size: 12px; line-height: 1.4;}
.tl-chip {border: 1px solid #D5DCE8; background: #F4F6FA; color: #3A3F47; border-radius: 999px;
          padding: 1px 9px; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;}
.tl-chip b {font-weight: 600; color: #6B6F76;}
.tl-chip.tl-count {background: #2C5AA0; border-color: #2C5AA0; color: #FFFFFF; font-weight: 600;}
</style>"""


def filter_labels(f: Filters) -> list[tuple[str, str]]:
    """(kind, value) of every filter that narrows the view, in the sidebar's order."""
    out: list[tuple[str, str]] = []
    if f.q.strip():
        out.append(("search", f"“{f.q.strip()}”"))
    if f.start or f.end:
        out.append(("dates", f"{iso_day(f.start) if f.start else '…'} – {iso_day(f.end) if f.end else '…'}"))
    for kind, values in (("actor", f.actors), ("side", f.sides), ("type", f.types), ("outlet", f.outlets)):
        out.extend((kind, value) for value in values)
    if f.min_sources > 1:
        out.append(("sources", f"≥ {f.min_sources}"))
    if not f.undated:
        out.append(("undated", "hidden"))
    if f.captions:
        out.append(("captions", "included"))
    return out


def chips_html(view: View) -> str:
    """The count and the filter chips as HTML (every value escaped)."""
    labels = filter_labels(view.filters)
    chips = [f"<span class='tl-chip tl-count' data-testid='tl-count'>{html_text(view.count)}</span>"]
    for kind, value in labels[:MAX_CHIPS]:
        text = f"{kind}: {value}"
        chips.append(f"<span class='tl-chip' title='{html_text(text)}'><b>{html_text(kind)}</b> "
                     f"{html_text(value)}</span>")
    if len(labels) > MAX_CHIPS:
        chips.append(f"<span class='tl-chip'>+{len(labels) - MAX_CHIPS} more</span>")
    return f"{STYLE}<div class='tl-chips' data-testid='tl-chips'>{''.join(chips)}</div>"


def show(view: View) -> None:
    """The chips, at the top of the page about to run."""
    st.html(chips_html(view))
