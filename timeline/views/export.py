"""The events as records, and the data exports of a view: CSV, JSON, Parquet, a TimelineJS 3 file, and the
mentions (the sentences the events were found in) as CSV.

``event_records`` is the one serializer of events: ``python -m timeline extract`` writes its records (the
``EXTRACT_FIELDS``) as JSONL, CSV or Parquet, and the dashboard's exports write theirs (the ``EXPORT_FIELDS``)
the same ways. In CSV a list of names or sentences is one cell, joined with ``LIST_SEPARATOR``; the nested
mentions are one JSON cell. The export functions take a ``View`` (a corpus with filters) and return bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd

from . import query
from .text import csv_safe, html_text
from .view import View
from ..extract.records import iso_day

DATA_FORMATS = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet",
                "timelinejs": "application/json", "mentions": "text/csv"}
FILE_SUFFIX = {"csv": ".csv", "json": ".json", "parquet": ".parquet", "timelinejs": ".timelinejs.json",
               "mentions": ".mentions.csv"}
MAX_EVIDENCE = 3          # sentences quoted per event in TimelineJS text


# ------------------------------------------------------------------ event records

# ``python -m timeline extract`` (the README's list): each event with its mentions.
EXTRACT_FIELDS = ("event_id", "date", "date_end", "precision", "date_value", "date_text", "actors", "event_type",
                  "summary", "confidence", "sources", "planned", "caption", "anchored", "mentions")
# The dashboard's data exports: each event with the outlets, documents, titles, URLs and sentences it came from.
EXPORT_FIELDS = ("event_id", "date", "date_end", "precision", "date_text", "event_type", "subject", "actors",
                 "summary", "confidence", "sources", "n_mentions", "planned", "caption", "anchored", "outlets",
                 "documents", "titles", "urls", "evidence")
LIST_SEPARATOR = " | "    # a list in one CSV cell: actors, outlets, documents, titles, URLs, evidence sentences
_TEXT_LISTS = ("actors", "outlets", "documents", "titles", "urls", "evidence")
_SOURCE_FIELDS = {"outlets", "documents", "titles", "urls", "evidence"}


def _text(value) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def _mention(m) -> dict:
    return {"doc": m.doc, "sentence": m.sentence, "start": int(m.start), "end": int(m.end),
            "date_start": int(m.date_start), "date_end": int(m.date_end), "caption": bool(m.caption)}


_FIELDS = {
    "event_id": lambda e, ms, src: str(e.event_id),
    "date": lambda e, ms, src: iso_day(e.date),
    "date_end": lambda e, ms, src: iso_day(e.date_end),
    "precision": lambda e, ms, src: _text(e.precision),
    "date_value": lambda e, ms, src: _text(e.date_value),
    "date_text": lambda e, ms, src: _text(e.date_text),
    "actors": lambda e, ms, src: list(e.actors),
    "event_type": lambda e, ms, src: _text(e.event_type),
    "subject": lambda e, ms, src: _text(e.subject),
    "summary": lambda e, ms, src: _text(e.summary),
    "confidence": lambda e, ms, src: round(float(e.confidence), 3),
    "sources": lambda e, ms, src: int(e.sources),
    "n_mentions": lambda e, ms, src: int(e.n_mentions),
    "planned": lambda e, ms, src: bool(e.planned),
    "caption": lambda e, ms, src: bool(e.caption),
    "anchored": lambda e, ms, src: bool(e.anchored),
    "mentions": lambda e, ms, src: [_mention(m) for m in ms],
    "outlets": lambda e, ms, src: list(dict.fromkeys(src.outlet(m) for m in ms)),
    "documents": lambda e, ms, src: list(dict.fromkeys(str(m.doc) for m in ms)),
    "titles": lambda e, ms, src: list(dict.fromkeys(src.title(m) for m in ms)),
    "urls": lambda e, ms, src: [u for u in dict.fromkeys(src.url(m) for m in ms) if u],
    "evidence": lambda e, ms, src: list(dict.fromkeys(str(m.sentence) for m in ms)),
}


class _Sources:
    """Where a mention was found: its outlet (or NO_OUTLET), and its document's title and URL ("" if none)."""

    def __init__(self, documents: pd.DataFrame | None):
        docs = documents if documents is not None else pd.DataFrame(columns=["doc", "title", "url"])
        self.titles = dict(zip(docs["doc"].astype(str), docs["title"]))
        self.urls = dict(zip(docs["doc"].astype(str), docs["url"]))

    @staticmethod
    def outlet(m) -> str:
        return _text(m.outlet) or query.NO_OUTLET

    def title(self, m) -> str:
        return _text(self.titles.get(str(m.doc))) or ""

    def url(self, m) -> str:
        return _text(self.urls.get(str(m.doc))) or ""


def event_records(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame | None = None,
                  fields=EXTRACT_FIELDS) -> list[dict]:
    """One JSON-ready dict per event, with ``fields`` in that order: dates as YYYY-MM-DD, missing values as
    None, lists as lists, ``mentions`` as dicts (doc, sentence, start, end, date_start, date_end, caption).
    The outlets, titles and URLs of ``EXPORT_FIELDS`` come from ``documents``."""
    unknown = [f for f in fields if f not in _FIELDS]
    if unknown:
        raise ValueError(f"unknown event field(s) {', '.join(unknown)}; fields: {', '.join(_FIELDS)}")
    columns = [(f, _FIELDS[f]) for f in fields]
    sources = _Sources(documents) if _SOURCE_FIELDS & set(fields) else None
    by_event: dict[str, list] = {}
    if "mentions" in fields or sources is not None:
        kept = mentions[mentions["event_id"].isin(set(events["event_id"]))]
        for m in kept.itertuples(index=False):
            by_event.setdefault(str(m.event_id), []).append(m)
    return [{f: value(e, by_event.get(str(e.event_id), ()), sources) for f, value in columns}
            for e in events.itertuples(index=False)]


def csv_table(records: list[dict], fields=EXTRACT_FIELDS) -> pd.DataFrame:
    """Records as a table for CSV: lists of text joined with ``LIST_SEPARATOR``, mentions as one JSON cell, and
    text a spreadsheet would read as a formula (``=HYPERLINK(...)``) prefixed with ``'`` (``text.csv_cell``)."""
    table = pd.DataFrame(records, columns=list(fields))
    for c in table.columns:
        if c in _TEXT_LISTS:
            table[c] = [LIST_SEPARATOR.join(v) for v in table[c]]
        elif c == "mentions":
            table[c] = [json.dumps(v, ensure_ascii=False) for v in table[c]]
    return csv_safe(table)


def parquet_table(records: list[dict], fields=EXTRACT_FIELDS) -> pd.DataFrame:
    """Records as a table for Parquet: dates as dates (to the second, so any year 1-9999 fits), lists as lists."""
    table = pd.DataFrame(records, columns=list(fields))
    for c in ("date", "date_end"):
        if c in table.columns:
            table[c] = pd.to_datetime(table[c], format="ISO8601").astype("datetime64[s]")
    return table


# ------------------------------------------------------------------ a view's data

def view_records(view: View) -> list[dict]:
    """The records (``EXPORT_FIELDS``) of the view's events."""
    return event_records(view.events, view.data.mentions, view.data.documents, EXPORT_FIELDS)


def mentions_with_sources(view: View) -> pd.DataFrame:
    """The mentions of the view's events with their document's title and url, and their outlet."""
    ids = set(view.events["event_id"].astype(str))
    ms = view.data.mentions[view.data.mentions["event_id"].astype(str).isin(ids)]
    docs = view.data.documents.set_index("doc")
    return ms.assign(title=ms["doc"].map(docs["title"]), url=ms["doc"].map(docs["url"]),
                     outlet=ms["outlet"].astype("string").fillna("").replace("", query.NO_OUTLET))


def mentions_table(view: View) -> pd.DataFrame:
    """One row per mention of a filtered event: the sentence, its offsets and its document."""
    ms = mentions_with_sources(view)
    return pd.DataFrame({
        "event_id": ms["event_id"].astype(str), "doc": ms["doc"].astype(str), "title": ms["title"],
        "outlet": ms["outlet"], "published": [iso_day(v) for v in ms["published"]], "url": ms["url"],
        "sentence": ms["sentence"], "start": ms["start"], "end": ms["end"], "date_start": ms["date_start"],
        "date_end": ms["date_end"], "caption": ms["caption"],
    }).reset_index(drop=True)


def to_csv(view: View) -> bytes:
    """Lists joined with ``LIST_SEPARATOR`` (evidence sentences too); UTF-8 with a BOM so spreadsheets read it
    right."""
    return csv_table(view_records(view), EXPORT_FIELDS).to_csv(index=False).encode("utf-8-sig")


def to_json(view: View, corpus: str = "") -> bytes:
    doc = {"filters": query.serialize(view.filters), "description": _describe(view.filters), "corpus": corpus,
           "made": iso_day(dt.date.today()), "events": view_records(view)}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_parquet(view: View) -> bytes:
    buf = io.BytesIO()
    parquet_table(view_records(view), EXPORT_FIELDS).to_parquet(buf, index=False)
    return buf.getvalue()


def mentions_csv(view: View) -> bytes:
    return csv_safe(mentions_table(view)).to_csv(index=False).encode("utf-8-sig")


def _describe(f: query.Filters) -> str:
    from .charts import describe

    return describe(f)


# ------------------------------------------------------------------ TimelineJS

def tl_date(value, precision: str | None, date_value: str = "") -> dict | None:
    """A TimelineJS date object at the event's precision: year for year/decade, year+month for month,
    season, quarter and half, the full day otherwise (with hour and minute for times)."""
    if value is None or pd.isna(value):
        return None
    t = pd.Timestamp(value)
    d: dict = {"year": str(t.year)}
    p = (precision or "day").lower()
    if p in ("year", "decade"):
        return d
    d["month"] = str(t.month)
    if p in ("month", "season", "quarter", "half"):
        return d
    d["day"] = str(t.day)
    if p == "time" and "T" in (date_value or ""):
        hm = date_value.split("T", 1)[1]
        parts = hm.split(":")
        if parts and parts[0][:2].isdigit():
            d["hour"] = str(int(parts[0][:2]))
            if len(parts) > 1 and parts[1][:2].isdigit():
                d["minute"] = str(int(parts[1][:2]))
    return d


def _headline(e: dict, limit: int = 90) -> str:
    s = str(e["summary"] or "").strip() or f"{e['event_type']} ({e['subject'] or 'no actor'})"
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def timelinejs(view: View, group: str | None = None, title: str = "Timeline",
               corpus: str = "") -> tuple[dict, int]:
    """The filtered events as a TimelineJS 3 document, and how many undated events were left out
    (TimelineJS can only place dated events). ``group`` is "actor" (the subject) or "type"; by
    default the view's timeline lanes."""
    group = group or view.filters.lanes
    from . import story  # key-events mode: an event a key date's headline was made from carries that headline

    heads = story.headlines(story.key_dates_of(view)) if story.mode_of(view) == "key" else {}
    records = view_records(view)
    ms = mentions_with_sources(view)
    ms_by = {k: g for k, g in ms.groupby(ms["event_id"].astype(str), sort=False)}
    events, left_out = [], 0
    for e, raw in zip(records, view.events.itertuples(index=False)):
        start = tl_date(raw.date, e["precision"], str(raw.date_value or ""))
        if start is None:
            left_out += 1
            continue
        item: dict = {"start_date": start}
        if e["date_end"] and e["date_end"] != e["date"]:
            end = tl_date(raw.date_end, e["precision"], "")
            if end and end != start:
                item["end_date"] = end
        quotes = []
        for m in list(ms_by.get(e["event_id"], ms.iloc[:0]).itertuples(index=False))[:MAX_EVIDENCE]:
            src = " · ".join(x for x in (html_text(m.outlet), html_text(m.title), html_text(iso_day(m.published)))
                             if x)
            link = f" <a href='{html_text(m.url)}'>link</a>" if isinstance(m.url, str) and m.url.startswith("http") \
                else ""
            quotes.append(f"<blockquote>{html_text(m.sentence)}</blockquote><p><small>{src}{link}</small></p>")
        extra = len(ms_by.get(e["event_id"], ())) - MAX_EVIDENCE
        text = (f"<p><b>{html_text(e['date_text'])}</b> · {html_text(e['event_type'])} · "
                f"{html_text(', '.join(e['actors']) or 'no actor found')}</p>" + "".join(quotes) +
                (f"<p><small>and {extra} more mention(s)</small></p>" if extra > 0 else "") +
                f"<p><small>Sources: {html_text(', '.join(e['outlets']))}</small></p>")
        item["text"] = {"headline": html_text(heads.get(e["event_id"]) or _headline(e)), "text": text}
        item["group"] = html_text((e["subject"] or "(no actor)") if group == "actor" else e["event_type"])
        item["unique_id"] = f"event-{e['event_id']}"
        item["display_date"] = html_text(e["date_text"] or e["date"])
        events.append(item)
    note = f" {left_out} undated event(s) are not on this timeline." if left_out else ""
    doc = {"title": {"text": {"headline": html_text(title),
                              "text": f"<p>Filters: {html_text(_describe(view.filters))}. {len(events)} dated event(s)"
                                      f"{' from ' + html_text(corpus) if corpus else ''}.{html_text(note)}</p>"}},
           "events": events}
    return doc, left_out


def to_timelinejs(view: View, group: str | None = None, corpus: str = "") -> bytes:
    doc, _ = timelinejs(view, group, corpus=corpus)
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def data_bytes(view: View, fmt: str, corpus: str = "") -> bytes:
    """The view's events (or mentions) in ``fmt``: csv, json, parquet, timelinejs or mentions."""
    if fmt == "csv":
        return to_csv(view)
    if fmt == "json":
        return to_json(view, corpus)
    if fmt == "parquet":
        return to_parquet(view)
    if fmt == "timelinejs":
        return to_timelinejs(view, corpus=corpus)
    if fmt == "mentions":
        return mentions_csv(view)
    raise ValueError(f"unknown data format {fmt!r}; use one of {', '.join(DATA_FORMATS)}")
