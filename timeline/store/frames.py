"""Typed pandas frames: raw rows per document, then events, mentions, documents and actors."""
from __future__ import annotations

import pandas as pd

from ..extract.records import Document, Event

EVENT_COLUMNS = ["event_id", "date", "date_end", "precision", "date_value", "date_text", "actors", "subject",
                 "event_type", "summary", "confidence", "sources", "n_mentions", "docs", "planned", "caption",
                 "anchored"]
MENTION_COLUMNS = ["event_id", "doc", "sentence", "start", "end", "date_start", "date_end", "caption", "outlet",
                   "published", "actor_spans"]
DOCUMENT_COLUMNS = ["doc", "path", "title", "title_source", "outlet", "outlet_source", "url", "published",
                    "published_source", "published_text", "encoding", "sha256", "n_events", "chars",
                    "boilerplate_chars", "caption_chars", "problems", "cache_key"]
ACTOR_COLUMNS = ["actor", "kind", "side", "role", "known", "n_events"]
# One row per mention as extracted from one document, before merging.
RAW_EVENT_COLUMNS = ["doc", "date", "date_end", "precision", "date_value", "date_text", "actors", "event_type",
                     "summary", "confidence", "planned", "caption", "anchored", "m_start", "m_end", "sentence",
                     "date_start", "date_stop", "actor_spans"]
RAW_DOC_COLUMNS = ["doc", "cache_key", "path", "title", "title_source", "outlet", "outlet_source", "url",
                   "published", "published_source", "published_text", "encoding", "sha256", "chars",
                   "boilerplate_chars", "caption_chars", "problems", "fingerprints"]
_LIST_COLUMNS = {"actors", "docs", "problems", "actor_spans", "fingerprints"}
_DATE_COLUMNS = {"date", "date_end", "published"}


# Dates are held to the second, not the nanosecond: datetime64[s] holds every calendar date (years 1-9999),
# where nanoseconds stop at 1677 and 2262.
DATE_DTYPE = "datetime64[s]"


def iso_day(value) -> str | None:
    """A date, datetime, Timestamp or ISO string as ``YYYY-MM-DD`` (years 1-9999 padded to four digits);
    None for a missing value. The one way dates become text."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value[:10]
    return pd.Timestamp(value).date().isoformat()


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"), format="ISO8601", errors="coerce").astype(DATE_DTYPE)


def raw_event_rows(doc_id: str, events: list[Event]) -> list[dict]:
    rows = []
    for e in events:
        for m in e.mentions:
            rows.append({
                "doc": doc_id, "date": e.date.isoformat() if e.date else None,
                "date_end": e.date_end.isoformat() if e.date_end else None, "precision": e.precision,
                "date_value": e.date_value, "date_text": e.date_text, "actors": list(e.actors),
                "event_type": e.event_type, "summary": e.summary, "confidence": float(e.confidence),
                "planned": bool(e.planned), "caption": bool(e.caption), "anchored": bool(e.anchored),
                "m_start": m.start, "m_end": m.end, "sentence": m.sentence, "date_start": m.date_start,
                "date_stop": m.date_end,
                "actor_spans": [{"start": int(a), "end": int(b), "actor": n} for a, b, n in m.actor_spans],
            })
    return rows


def raw_doc_row(doc: Document, key: str, fingerprints: list[int]) -> dict:
    chars = {k: sum(b.end - b.start for b in doc.blocks if b.kind == k) for k in ("boilerplate", "caption")}
    return {
        "doc": doc.doc_id, "cache_key": key, "path": doc.path, "title": doc.title, "title_source": doc.title_source,
        "outlet": doc.outlet, "outlet_source": doc.outlet_source, "url": doc.url,
        "published": doc.published.isoformat() if doc.published else None, "published_source": doc.published_source,
        "published_text": doc.published_text, "encoding": doc.encoding, "sha256": doc.sha256, "chars": len(doc.text),
        "boilerplate_chars": chars["boilerplate"], "caption_chars": chars["caption"], "problems": list(doc.problems),
        "fingerprints": fingerprints,
    }


def raw_events_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=RAW_EVENT_COLUMNS)
    for c in ("m_start", "m_end", "date_start", "date_stop"):
        df[c] = df[c].astype("int64")
    df["confidence"] = df["confidence"].astype("float64")
    for c in ("planned", "caption", "anchored"):
        df[c] = df[c].astype("bool")
    return df


def raw_docs_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=RAW_DOC_COLUMNS)
    for c in ("chars", "boilerplate_chars", "caption_chars"):
        df[c] = df[c].astype("int64")
    return df


def events_frame(ev: pd.DataFrame) -> pd.DataFrame:
    df = ev.reindex(columns=EVENT_COLUMNS).copy()
    df["subject"] = [a[0] if len(a) else None for a in df["actors"]] if len(df) else pd.Series(dtype="object")
    df["date"] = _dates(df["date"])
    df["date_end"] = _dates(df["date_end"])
    for c in ("precision", "event_type"):
        df[c] = df[c].astype("category")
    df["confidence"] = df["confidence"].astype("float64")
    for c in ("sources", "n_mentions"):
        df[c] = df[c].astype("int64")
    for c in ("planned", "caption", "anchored"):
        df[c] = df[c].astype("bool")
    for c in ("event_id", "date_value", "date_text", "summary", "subject"):
        df[c] = df[c].astype("string")
    return df.reset_index(drop=True)


def mentions_frame(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    df = mentions[["event_id", "doc", "sentence", "m_start", "m_end", "date_start", "date_stop", "caption",
                   "actor_spans"]].rename(columns={"m_start": "start", "m_end": "end", "date_stop": "date_end"})
    meta = docs.set_index("doc")
    df = df.assign(outlet=df["doc"].map(meta["outlet"]), published=df["doc"].map(meta["published"]))
    df = df.reindex(columns=MENTION_COLUMNS).copy()
    for c in ("start", "end", "date_start", "date_end"):
        df[c] = df[c].astype("int64")
    df["caption"] = df["caption"].astype("bool")
    df["published"] = _dates(df["published"])
    for c in ("event_id", "doc", "sentence", "outlet"):
        df[c] = df[c].astype("string")
    return df.reset_index(drop=True)


def documents_frame(docs: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    n_events = mentions.groupby("doc")["event_id"].nunique() if len(mentions) else pd.Series(dtype="int64")
    df = docs.assign(n_events=docs["doc"].map(n_events).fillna(0)).reindex(columns=DOCUMENT_COLUMNS).copy()
    df["published"] = _dates(df["published"])
    for c in ("n_events", "chars", "boilerplate_chars", "caption_chars"):
        df[c] = df[c].astype("int64")
    for c in DOCUMENT_COLUMNS:
        if c not in _LIST_COLUMNS and df[c].dtype == object:
            df[c] = df[c].astype("string")
    return df.reset_index(drop=True)


def read_parquet(path) -> pd.DataFrame:
    """A frame written by ``to_parquet``, with its list columns back as plain Python lists (fast, in C)."""
    import pyarrow.parquet as pq

    return from_table(pq.read_table(path))


def from_table(table) -> pd.DataFrame:
    """An Arrow table as a frame, with its list columns as plain Python lists (fast, in C)."""
    lists = [c for c in table.column_names if c in _LIST_COLUMNS]
    df = table.drop_columns(lists).to_pandas()
    for c in lists:
        df[c] = table.column(c).to_pylist()
    for c in _DATE_COLUMNS.intersection(df.columns):
        if str(df[c].dtype).startswith("datetime64") and str(df[c].dtype) != DATE_DTYPE:
            df[c] = df[c].astype(DATE_DTYPE)  # Parquet keeps no seconds unit: dates come back in ms
    return df[table.column_names]


def restore_lists(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives list cells back as arrays: make them plain lists again."""
    for c in _LIST_COLUMNS & set(df.columns):
        df[c] = [[dict(x) if isinstance(x, dict) else x for x in v] if v is not None else [] for v in df[c]]
    return df


def actors_frame(events: pd.DataFrame, known: dict) -> pd.DataFrame:
    """One row per actor that appears in an event: kind, side and role from data/actors.csv when listed."""
    counts: dict[str, int] = {}
    for actors in events["actors"]:
        for a in actors:
            counts[a] = counts.get(a, 0) + 1
    rows = []
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        a = known.get(name)
        rows.append((name, a.kind if a else "person", a.side if a else "", a.role if a else "", a is not None, n))
    df = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    for c in ("actor", "role"):
        df[c] = df[c].astype("string")
    for c in ("kind", "side"):
        df[c] = df[c].astype("category")
    df["known"] = df["known"].astype("bool")
    df["n_events"] = df["n_events"].astype("int64")
    return df
