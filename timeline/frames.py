"""Records to typed pandas frames (events, mentions, documents) and back from Parquet."""
from __future__ import annotations

import pandas as pd

from .records import Document, Event

EVENT_COLUMNS = ["event_id", "date", "date_end", "precision", "date_value", "date_text", "actors", "subject",
                 "event_type", "summary", "confidence", "sources", "n_mentions", "docs", "planned", "caption",
                 "anchored"]
MENTION_COLUMNS = ["event_id", "doc", "sentence", "start", "end", "date_start", "date_end", "caption", "outlet",
                   "published", "actor_spans"]
ACTOR_COLUMNS = ["actor", "kind", "side", "role", "known", "n_events"]
DOCUMENT_COLUMNS = ["doc", "path", "title", "title_source", "outlet", "outlet_source", "url", "published",
                    "published_source", "published_text", "encoding", "sha256", "n_events", "chars",
                    "boilerplate_chars", "caption_chars", "problems"]
_LIST_COLUMNS = {"actors", "docs", "problems", "actor_spans"}
_CATEGORIES = {"precision", "event_type"}


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce").astype("datetime64[ns]")


def events_frame(events: list[Event]) -> pd.DataFrame:
    rows = {c: [] for c in EVENT_COLUMNS}
    for e in events:
        rows["event_id"].append(e.event_id)
        rows["date"].append(e.date)
        rows["date_end"].append(e.date_end)
        rows["precision"].append(e.precision)
        rows["date_value"].append(e.date_value)
        rows["date_text"].append(e.date_text)
        rows["actors"].append(list(e.actors))
        rows["subject"].append(e.actors[0] if e.actors else None)
        rows["event_type"].append(e.event_type)
        rows["summary"].append(e.summary)
        rows["confidence"].append(e.confidence)
        rows["sources"].append(e.sources)
        rows["n_mentions"].append(len(e.mentions))
        rows["docs"].append(sorted({m.doc_id for m in e.mentions}))
        rows["planned"].append(e.planned)
        rows["caption"].append(e.caption)
        rows["anchored"].append(e.anchored)
    return _typed_events(pd.DataFrame(rows, columns=EVENT_COLUMNS))


def _typed_events(df: pd.DataFrame) -> pd.DataFrame:
    df["date"] = _dates(df["date"])
    df["date_end"] = _dates(df["date_end"])
    for c in _CATEGORIES:
        df[c] = df[c].astype("category")
    df["confidence"] = df["confidence"].astype("float64")
    for c in ("sources", "n_mentions"):
        df[c] = df[c].astype("int64")
    for c in ("planned", "caption", "anchored"):
        df[c] = df[c].astype("bool")
    for c in ("event_id", "date_value", "date_text", "summary", "subject"):
        df[c] = df[c].astype("string")
    return df


def mentions_frame(events: list[Event], docs: dict[str, Document]) -> pd.DataFrame:
    rows = []
    for e in events:
        for m in e.mentions:
            d = docs.get(m.doc_id)
            rows.append((e.event_id, m.doc_id, m.sentence, m.start, m.end, m.date_start, m.date_end, m.caption,
                         d.outlet if d else "", d.published if d else None,
                         [{"start": int(a), "end": int(b), "actor": n} for a, b, n in m.actor_spans]))
    df = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    for c in ("start", "end", "date_start", "date_end"):
        df[c] = df[c].astype("int64")
    df["caption"] = df["caption"].astype("bool")
    df["published"] = _dates(df["published"])
    for c in ("event_id", "doc", "sentence", "outlet"):
        df[c] = df[c].astype("string")
    return df


def documents_frame(docs: list[Document], n_events: dict[str, int]) -> pd.DataFrame:
    rows = []
    for d in docs:
        chars = {k: sum(b.end - b.start for b in d.blocks if b.kind == k) for k in ("boilerplate", "caption")}
        rows.append((d.doc_id, d.path, d.title, d.title_source, d.outlet, d.outlet_source, d.url, d.published,
                     d.published_source, d.published_text, d.encoding, d.sha256, n_events.get(d.doc_id, 0),
                     len(d.text), chars["boilerplate"], chars["caption"], list(d.problems)))
    df = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    df["published"] = _dates(df["published"])
    for c in ("n_events", "chars", "boilerplate_chars", "caption_chars"):
        df[c] = df[c].astype("int64")
    for c in DOCUMENT_COLUMNS:
        if c not in _LIST_COLUMNS and df[c].dtype == object:
            df[c] = df[c].astype("string")
    return df


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
