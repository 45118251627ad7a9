"""The story of a view: its key dates (``keydates.key_dates`` over the events the filters keep), whether the
Timeline page shows them ("Key events" mode), and the story as HTML and Markdown for the exports.

The mode is the URL's ``mode`` parameter: ``key`` or ``all``; absent (``auto``), key events are shown when more
than ``KEY_AT`` events pass the filters.
"""
from __future__ import annotations

from . import keydates
from .keydates import KeyDate, sources_line
from .text import html_text
from .view import View

NO_STORY = "No key dates: no events dated to the day pass the filters."
KEY_AT = 300   # events passing the filters above which the Timeline page starts in key-events mode
EVENTS_PER_KEY_DATE = 10   # a story has at most one key date per this many events (at least K_MIN)


def mode_of(view: View) -> str:
    """The mode the Timeline page shows: "key" or "all"."""
    m = view.filters.mode
    if m in ("key", "all"):
        return m
    return "key" if int(view.keep.sum()) > KEY_AT else "all"


def compute(view: View, k: int | None = None) -> list[KeyDate]:
    """The key dates of the view's events (an actor filter gives that actor's key dates), best first; without
    ``k``, keydates' default but at most one per ``EVENTS_PER_KEY_DATE`` events. A day whose
    sentences gave no headline (all too short, too long or dated only in their dateline) takes its best-sourced
    event's summary as headline and summary."""
    kds = keydates.key_dates((view.events, view.data.mentions, view.data.documents), k=k)
    if k is None:  # a narrow view (one actor's events) tells a short story
        kds = kds[:max(keydates.K_MIN, len(view.events) // EVENTS_PER_KEY_DATE)]
    missing = [kd for kd in kds if not kd.headline.strip()]
    if missing:
        events = view.events.set_index(view.events["event_id"].astype(str))
        for kd in missing:
            day = events.loc[[e for e in kd.event_ids if e in events.index]]
            day = day[day["summary"].astype("string").fillna("").str.strip() != ""]
            if day.empty:
                continue
            best = day.sort_values("sources", ascending=False, kind="stable").iloc[0]
            words = str(best["summary"]).split()
            kd.headline = " ".join(words[:keydates.HEADLINE_WORDS]) + (" …" if len(words) > keydates.HEADLINE_WORDS
                                                                         else "")
            kd.summary = kd.summary or str(best["summary"])
            kd.headline_event = str(best.name)
    return kds


def key_dates_of(view: View) -> list[KeyDate]:
    """The view's key dates, computed once per view (the dashboard sets them from its cache)."""
    if view.key_dates is None:
        view.key_dates = compute(view)
    return view.key_dates


def chronological(kds: list[KeyDate]) -> list[KeyDate]:
    """Key dates in date order, the way a story reads (best-first order breaks no ties: dates are distinct)."""
    return sorted(kds, key=lambda kd: kd.date)


def headline_event(kd: KeyDate) -> str:
    """The event a key date's evidence link selects: its headline's event, else its first summary sentence's."""
    if kd.headline_event:
        return kd.headline_event
    if kd.sentences:
        return str(kd.sentences[0].get("event_id") or "")
    return kd.event_ids[0] if kd.event_ids else ""


def headlines(kds: list[KeyDate]) -> dict[str, str]:
    """event id -> headline, for the events whose sentence a key date's headline was made from."""
    return {headline_event(kd): kd.headline for kd in kds if kd.headline and headline_event(kd)}


def entry_html(kd: KeyDate) -> str:
    """One story entry (date, headline, summary, sources), every document string escaped."""
    return (f"<div class='story-entry' style='margin:0 0 2px 0'>"
            f"<div style='color:#57606A;font-size:13px'><b>{html_text(kd.date)}</b> · "
            f"{html_text(sources_line(kd))}</div>"
            f"<div style='font-weight:600;font-size:16px;margin:2px 0'>{html_text(kd.headline)}</div>"
            f"<div style='font-size:14px'>{html_text(kd.summary)}</div></div>")


def story_html(kds: list[KeyDate], anchor: str = "event-") -> str:
    """The story for the HTML report: the key dates in date order, each linking to its event's row."""
    if not kds:
        return f"<p class='note'>{NO_STORY}</p>"
    items = []
    for kd in chronological(kds):
        ev = headline_event(kd)
        link = f" · <a href='#{html_text(anchor + ev)}'>evidence</a>" if ev else ""
        items.append(f"<li class='story'><b>{html_text(kd.date)}</b> — <b>{html_text(kd.headline)}</b><br>"
                     f"{html_text(kd.summary)}<div class='src'>{html_text(sources_line(kd))}{link}</div></li>")
    return "<ol class='story-list'>" + "".join(items) + "</ol>"


def to_markdown(kds: list[KeyDate], title: str = "Story", filters: str = "") -> str:
    """The story as Markdown (keydates' writer): key dates in date order, each with its headline, summary,
    sources and the sentences behind it, every document string escaped."""
    return keydates.to_markdown(kds, title=title, filters=filters, by_date=True, empty=NO_STORY)
