"""Data exports of a view: the filtered events as CSV, JSON, Parquet or a TimelineJS 3 file, and their
mentions (the sentences they were found in) as CSV.

Every function takes an ``View`` (a corpus with filters) and returns bytes ready to save.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json

import pandas as pd

from . import query
from .view import View

DATA_FORMATS = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet",
                "timelinejs": "application/json", "mentions": "text/csv"}
FILE_SUFFIX = {"csv": ".csv", "json": ".json", "parquet": ".parquet", "timelinejs": ".timelinejs.json",
               "mentions": ".mentions.csv"}
MAX_EVIDENCE = 3          # sentences quoted per event in TimelineJS text


def _iso(v) -> str | None:
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()


def _sources(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions of the view's events with their document's title, outlet and url."""
    ids = set(view.events["event_id"].astype(str))
    ms = view.data.mentions[view.data.mentions["event_id"].astype(str).isin(ids)]
    docs = view.data.documents.set_index("doc")
    ms = ms.assign(title=ms["doc"].map(docs["title"]), url=ms["doc"].map(docs["url"]),
                   outlet=ms["outlet"].astype("string").fillna("").replace("", query.NO_OUTLET))
    return ms, docs


def events_table(view: View) -> pd.DataFrame:
    """One row per filtered event: dates at their precision, actors, summary, outlets and evidence."""
    ev = view.events
    ms, _ = _sources(view)
    by_event = {k: g for k, g in ms.groupby(ms["event_id"].astype(str), sort=False)}
    empty = ms.iloc[:0]
    rows = []
    for e in ev.itertuples(index=False):
        m = by_event.get(str(e.event_id), empty)
        rows.append({
            "event_id": str(e.event_id), "date": _iso(e.date), "date_end": _iso(e.date_end),
            "precision": None if pd.isna(e.precision) else str(e.precision), "date_text": e.date_text,
            "event_type": str(e.event_type), "subject": None if pd.isna(e.subject) else e.subject,
            "actors": list(e.actors), "summary": e.summary, "confidence": round(float(e.confidence), 3),
            "sources": int(e.sources), "n_mentions": int(e.n_mentions), "planned": bool(e.planned),
            "caption": bool(e.caption), "anchored": bool(e.anchored),
            "outlets": list(dict.fromkeys(m["outlet"].astype(str))),
            "documents": list(dict.fromkeys(m["doc"].astype(str))),
            "titles": list(dict.fromkeys(m["title"].astype("string").fillna("").astype(str))),
            "urls": [u for u in dict.fromkeys(m["url"].astype("string").fillna("").astype(str)) if u],
            "evidence": list(dict.fromkeys(m["sentence"].astype(str))),
        })
    cols = ["event_id", "date", "date_end", "precision", "date_text", "event_type", "subject", "actors", "summary",
            "confidence", "sources", "n_mentions", "planned", "caption", "anchored", "outlets", "documents", "titles",
            "urls", "evidence"]
    return pd.DataFrame(rows, columns=cols)


def mentions_table(view: View) -> pd.DataFrame:
    """One row per mention of a filtered event: the sentence, its offsets and its document."""
    ms, _ = _sources(view)
    return pd.DataFrame({
        "event_id": ms["event_id"].astype(str), "doc": ms["doc"].astype(str), "title": ms["title"],
        "outlet": ms["outlet"], "published": [_iso(v) for v in ms["published"]], "url": ms["url"],
        "sentence": ms["sentence"], "start": ms["start"], "end": ms["end"], "date_start": ms["date_start"],
        "date_end": ms["date_end"], "caption": ms["caption"],
    }).reset_index(drop=True)


_LISTS = ("actors", "outlets", "documents", "titles", "urls", "evidence")


def to_csv(view: View) -> bytes:
    """Lists joined with " | " (evidence sentences too); UTF-8 with a BOM so spreadsheets read it right."""
    t = events_table(view)
    for c in _LISTS:
        t[c] = [" | ".join(v) for v in t[c]]
    return t.to_csv(index=False).encode("utf-8-sig")


def to_json(view: View, corpus: str = "") -> bytes:
    doc = {"filters": query.serialize(view.filters), "description": _describe(view.filters), "corpus": corpus,
           "made": dt.date.today().isoformat(), "events": events_table(view).to_dict(orient="records")}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_parquet(view: View) -> bytes:
    t = events_table(view)
    for c in ("date", "date_end"):
        t[c] = pd.to_datetime(t[c], format="ISO8601").astype("datetime64[s]")
    buf = io.BytesIO()
    t.to_parquet(buf, index=False)
    return buf.getvalue()


def mentions_csv(view: View) -> bytes:
    return mentions_table(view).to_csv(index=False).encode("utf-8-sig")


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


def _esc(v) -> str:
    return html.escape("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


def _headline(e: dict, limit: int = 90) -> str:
    s = str(e["summary"] or "").strip() or f"{e['event_type']} ({e['subject'] or 'no actor'})"
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def timelinejs(view: View, group: str | None = None, title: str = "Timeline",
               corpus: str = "") -> tuple[dict, int]:
    """The filtered events as a TimelineJS 3 document, and how many undated events were left out
    (TimelineJS can only place dated events). ``group`` is "actor" (the subject) or "type"; by
    default the view's timeline lanes."""
    group = group or view.filters.lanes
    t = events_table(view)
    ms, _ = _sources(view)
    ms_by = {k: g for k, g in ms.groupby(ms["event_id"].astype(str), sort=False)}
    events, left_out = [], 0
    for e, raw in zip(t.to_dict(orient="records"), view.events.itertuples(index=False)):
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
            src = " · ".join(x for x in (_esc(m.outlet), _esc(m.title), _esc(_iso(m.published) or "")) if x)
            link = f" <a href='{_esc(m.url)}'>link</a>" if isinstance(m.url, str) and m.url.startswith("http") else ""
            quotes.append(f"<blockquote>{_esc(m.sentence)}</blockquote><p><small>{src}{link}</small></p>")
        extra = len(ms_by.get(e["event_id"], ())) - MAX_EVIDENCE
        text = (f"<p><b>{_esc(e['date_text'])}</b> · {_esc(e['event_type'])} · "
                f"{_esc(', '.join(e['actors']) or 'no actor found')}</p>" + "".join(quotes) +
                (f"<p><small>and {extra} more mention(s)</small></p>" if extra > 0 else "") +
                f"<p><small>Sources: {_esc(', '.join(e['outlets']))}</small></p>")
        item["text"] = {"headline": _esc(_headline(e)), "text": text}
        item["group"] = (e["subject"] or "(no actor)") if group == "actor" else e["event_type"]
        item["unique_id"] = f"event-{e['event_id']}"
        item["display_date"] = e["date_text"] or e["date"]
        events.append(item)
    note = f" {left_out} undated event(s) are not on this timeline." if left_out else ""
    doc = {"title": {"text": {"headline": _esc(title),
                              "text": f"<p>Filters: {_esc(_describe(view.filters))}. {len(events)} dated event(s)"
                                      f"{' from ' + _esc(corpus) if corpus else ''}.{_esc(note)}</p>"}},
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
