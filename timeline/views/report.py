"""A self-contained HTML report of a view: filters and corpus at the top, interactive charts, and the
filtered events with their evidence and sources.

plotly.js is embedded once, inline, so the file opens in any browser with no server and no
network (for email attachments or static hosting). Everything taken from documents is escaped.
"""
from __future__ import annotations

import datetime as dt

import plotly.io as pio

from . import charts as charts_mod, export, footnote, story
from .text import html_text
from .view import View
from ..extract.records import iso_day

REPORT_CHARTS = ("timeline", "actors", "network", "heatmap")
MAX_EVENTS = 2_000       # events listed with their evidence; the data exports hold them all
MAX_QUOTES = 4
DEFAULT_TITLE = "Timeline report"

_CSS = """
body{font-family:'Liberation Sans',Arial,Helvetica,sans-serif;color:#1F2328;margin:0;background:#fff}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px 0} .subtitle{font-size:17px;color:#57606A;margin:0 0 10px 0}
h2{font-size:19px;margin:28px 0 8px 0;border-bottom:1px solid #E3E6EB}
.meta{color:#57606A;font-size:14px;margin:2px 0} .meta b{color:#1F2328}
.chart{margin:8px 0 20px 0} .note{color:#57606A;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #E3E6EB;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#F4F6FA;position:sticky;top:0}
blockquote{margin:4px 0;padding:2px 8px;border-left:3px solid #9CCB86;background:#F6FAF3}
.src{color:#57606A;font-size:12px;margin:0 0 6px 8px} .nowrap{white-space:nowrap}
ol.story-list{padding-left:22px} li.story{margin:0 0 10px 0;font-size:14px}
@media print{th{position:static} .chart{break-inside:avoid}}
"""


def _events_html(view: View) -> str:
    records = export.view_records(view)
    order = sorted(records, key=lambda e: (e["date"] is None, e["date"] or "", e["event_id"]))
    ms = export.mentions_with_sources(view)
    by_event = {k: g for k, g in ms.groupby(ms["event_id"].astype(str), sort=False)}
    rows = []
    for e in order[:MAX_EVENTS]:
        when = e["date"] or "undated"
        if e["date"] and e["date_end"] and e["date_end"] != e["date"]:
            when += f" – {e['date_end']}"
        quotes = []
        for m in list(by_event.get(e["event_id"], ms.iloc[:0]).itertuples(index=False))[:MAX_QUOTES]:
            url = html_text(m.url)
            link = f" · <a href='{url}'>{url}</a>" if isinstance(m.url, str) and m.url.startswith("http") else ""
            published = iso_day(m.published) or "publication date unknown"
            quotes.append(f"<blockquote>{html_text(m.sentence)}</blockquote><div class='src'>{html_text(m.outlet)} · "
                          f"{html_text(m.title)} · {html_text(published)}{link}</div>")
        rows.append(
            f"<tr id='event-{html_text(e['event_id'])}'><td class='nowrap'><b>{html_text(when)}</b><br>"
            f"<span class='note'>“{html_text(e['date_text'])}” · {html_text(e['precision'] or 'undated')}"
            "</span></td>"
            f"<td>{html_text(e['event_type'])}</td><td>{html_text(', '.join(e['actors']))}</td>"
            f"<td>{html_text(e['summary'])}{''.join(quotes)}</td>"
            f"<td>{html_text(', '.join(e['outlets']))}<br><span class='note'>{e['sources']} source(s), "
            f"{e['n_mentions']} mention(s)</span></td></tr>")
    more = (f"<p class='note'>The first {MAX_EVENTS:,} of {len(records):,} events are listed; the data exports hold "
            "all of them.</p>") if len(records) > MAX_EVENTS else ""
    return ("<table><thead><tr><th>date</th><th>type</th><th>actors</th><th>summary and evidence</th>"
            "<th>sources</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + more)


def report_html(view: View, corpus: str = "", link: str = "", charts=REPORT_CHARTS,
                made: dt.datetime | None = None, title: str = "", subtitle: str | None = None) -> str:
    """The report as one HTML string, under ``title`` (by default ``DEFAULT_TITLE``) and ``subtitle`` (by default
    the number of events and their dates; "" for none)."""
    made = made or dt.datetime.now().replace(microsecond=0)
    s = charts_mod.stats(view)
    span = f"{s['first']} – {s['last']}" if s["first"] else "no dated events"
    title = title.strip() or DEFAULT_TITLE
    subtitle = charts_mod.subtitle(view) if subtitle is None else subtitle.strip()
    sources = footnote.sources_line(footnote.sources_of(view))
    head = [
        f"<h1>{html_text(title)}</h1>",
        f"<p class='subtitle'>{html_text(subtitle)}</p>" if subtitle else "",
        f"<p class='meta'><b>Filters:</b> {html_text(charts_mod.describe(view.filters))}</p>",
        f"<p class='meta'><b>Corpus:</b> {html_text(corpus or view.data.folder)} · {len(view.data.documents):,} "
        f"documents, {len(view.data.events):,} events</p>",
        f"<p class='meta'><b>This view:</b> {s['events']:,} events ({s['undated']:,} undated) · "
        f"dates {html_text(span)} · {s['sources']:,} sources in {s['documents']:,} articles</p>",
        f"<p class='meta'><b>Sources:</b> {html_text(sources.removeprefix('Sources: '))}</p>",
        f"<p class='meta'><b>Made:</b> {html_text(made.isoformat(sep=' '))} with Timeline"
        + (f" · <a href='{html_text(link)}'>open this view in the dashboard</a>" if link else "") + "</p>",
    ]
    parts = []
    first = True
    story_part = ""
    if len(view.events) and story.mode_of(view) == "key":  # key-events mode: the story of the key dates
        kds = story.key_dates_of(view)
        story_part = f"<h2 id='story'>Story ({len(kds):,} key dates)</h2>" + story.story_html(kds)
    if len(view.events):
        for kind in charts:
            fig = charts_mod.figure(kind, view)
            fig.update_layout(width=None, autosize=True)
            div = pio.to_html(fig, include_plotlyjs=True if first else False, full_html=False,
                              config={"displaylogo": False, "responsive": True}, div_id=f"chart-{kind}")
            first = False
            parts.append(f"<h2>{html_text(charts_mod.title(kind, view))}</h2><div class='chart'>{div}</div>")
            if kind == "timeline" and story_part:  # the story reads right under its chart
                parts.append(story_part)
                story_part = ""
    else:
        parts.append("<p>No events match the filters.</p>")
    parts.append(story_part)
    body = "".join(head) + "".join(parts) + f"<h2>Events ({s['events']:,})</h2>" + _events_html(view)
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html_text(title)} · {html_text(charts_mod.describe(view.filters))}</title>"
            f"<style>{_CSS}</style></head><body><main>{body}</main></body></html>")


def report_bytes(view: View, corpus: str = "", link: str = "", title: str = "", subtitle: str | None = None) -> bytes:
    return report_html(view, corpus, link, title=title, subtitle=subtitle).encode("utf-8")

