"""Dashboard controls for sharing and exporting: the link to the view, the HTML report, data files,
and a download menu under each chart. The work is done in ``timeline.views.export``, ``timeline.views.report``,
``timeline.views.charts`` and ``timeline.views.images``; files are made only when a button is clicked.
"""
from __future__ import annotations

import os
from functools import partial
from urllib.parse import urlencode

import streamlit as st

from timeline.views import charts, export, images, query, report, story
from timeline.views.view import Data, View, make_view

from dashboard import story as story_panel

LINK_SETTING = "TIMELINE_URL"   # the public address of the app, for links made where the browser's is unknown


@st.cache_resource(show_spinner=False)
def image_server() -> images.ImageServer:
    """The app's one image-export server; its browser starts on the first PNG/SVG/PDF download."""
    return images.server()


def base_url() -> str:
    try:
        url = st.context.url
    except Exception:  # outside a browser session (tests, bare mode)
        url = None
    return url or os.environ.get(LINK_SETTING, "").strip() or "http://localhost:8501/"


def share_link(filters: query.Filters) -> str:
    """The full address of the view: the app's root address, the page as ``view=`` and the filters as query
    parameters (a root address opens the right page even as a freshly started server's first request)."""
    qs = urlencode(query.serialize(filters), doseq=True)
    base = base_url().split("?")[0]
    head, _, last = base.rstrip("/").rpartition("/")
    if last in query.VIEWS and "//" in head + "/":
        base = head
    return base.rstrip("/") + "/" + (f"?{qs}" if qs else "")


def _chart_file(kind: str, view: View, fmt: str, preset: str, heading: str, sub: str | None) -> bytes:
    return charts.export(kind, view, fmt, preset, server=image_server(), heading=heading, sub=sub)


def heading_fields(prefix: str, default_title: str, default_subtitle: str) -> tuple[str, str | None]:
    """Title and subtitle fields (kept in the session under ``prefix``): empty fields take the defaults shown as
    placeholders; "No subtitle" leaves it out. Returns the title ("" for the default) and the subtitle (None for
    the default, "" for none)."""
    heading = st.text_input("Title", key=f"{prefix}_title", placeholder=default_title, max_chars=200,
                            help="Empty: the title shown in grey")
    no_sub = st.checkbox("No subtitle", key=f"{prefix}_no_subtitle")
    sub = st.text_input("Subtitle", key=f"{prefix}_subtitle", placeholder=default_subtitle, max_chars=300,
                        disabled=no_sub, help="Empty: the subtitle shown in grey")
    return heading.strip(), ("" if no_sub else (sub.strip() or None))


def chart_menu(kind: str, view: View) -> None:
    """A "Download" popover under a chart: title, subtitle, size preset, footnote, and PNG/SVG/PDF/HTML buttons."""
    with st.popover("Download chart", icon=":material/download:"):
        if not len(view.events):
            st.caption("No events match the filters: there is no chart to download.")
            return
        heading, sub = heading_fields(f"export_{kind}", charts.title(kind, view), charts.subtitle(view))
        preset = st.segmented_control(
            "Size", list(images.PRESETS), key=f"export_size_{kind}", default=images.DEFAULT_PRESET, required=True,
            format_func=lambda p: f"{images.PRESETS[p].label}")
        p = images.PRESETS[preset]
        st.caption(f"{p.width}×{p.height} px layout · PNG {p.png_size[0]}×{p.png_size[1]} px ({p.dpi} dpi) · "
                   "light print theme with this footnote (also in the file's metadata):")
        st.text(charts.caption(view))
        problem = image_server().problem()
        cols = st.columns(4)
        for col, fmt in zip(cols, images.FORMATS):
            needs_browser = fmt in images.IMAGE_FORMATS
            col.download_button(fmt.upper(), data=partial(_chart_file, kind, view, fmt, preset, heading, sub),
                                file_name=charts.file_name(kind, view, fmt, preset), mime=images.MIME[fmt],
                                key=f"export_{kind}_{fmt}", on_click="ignore",
                                disabled=bool(problem) and needs_browser,
                                help=(problem if problem and needs_browser else f"Download as {fmt.upper()}"))
        if problem:
            st.warning(problem, icon=":material/info:")


def _story_markdown(view: View) -> bytes:
    return story.to_markdown(story.key_dates_of(view), filters=charts.describe(view.filters)).encode("utf-8")


def share_panel(slot, data: Data, filters: query.Filters, corpus: str) -> None:
    """The sidebar's "Share and export" section for the final view of this run."""
    view = make_view(data, filters)
    link = share_link(filters)
    with slot:
        with st.expander("Share and export", icon=":material/share:"):
            st.caption("Copy link (copy button at the right of the box): opens this page with these filters.")
            st.code(link, language=None, wrap_lines=True)
            if not len(view.events):
                st.caption("No events match the filters: nothing to export.")
                return
            heading, sub = heading_fields("export_report", report.DEFAULT_TITLE, charts.subtitle(view))
            st.download_button("HTML report", data=partial(report.report_bytes, view, corpus, link, heading, sub),
                               file_name="timeline-report.html", mime="text/html", on_click="ignore",
                               icon=":material/description:", key="export_report",
                               help="Charts, events with their evidence and sources, and these filters in one file "
                                    "that opens in a browser without a server")
            key_mode = story.mode_of(view) == "key"
            if key_mode:  # the chart, the report and TimelineJS use the key dates: from the cache
                story_panel.key_dates(view)
            st.download_button("Story (Markdown)", data=partial(_story_markdown, view), file_name="timeline-story.md",
                               mime="text/markdown", on_click="ignore", icon=":material/auto_stories:",
                               key="export_story",
                               help="The key dates of these events in date order: headline, summary, sources and "
                                    "the sentences behind each" + (" (the report includes them too)" if key_mode
                                                                   else ""))
            st.caption(f"{len(view.events):,} events as data:")
            labels = {"csv": "CSV", "json": "JSON", "parquet": "Parquet", "timelinejs": "TimelineJS",
                      "mentions": "Mentions CSV"}
            cols = st.columns(2)
            for i, (fmt, label) in enumerate(labels.items()):
                cols[i % 2].download_button(label, data=partial(export.data_bytes, view, fmt, corpus),
                                            file_name=f"timeline-events{export.FILE_SUFFIX[fmt]}",
                                            mime=export.DATA_FORMATS[fmt], on_click="ignore", key=f"export_{fmt}")
            undated = int(view.events["date"].isna().sum())
            st.caption("TimelineJS: a TimelineJS 3 JSON file, grouped per "
                       f"{'actor' if filters.lanes == 'actor' else 'event type'} (the timeline's lanes)"
                       + (f"; {undated:,} undated event(s) are left out." if undated else "."))
