"""Typed pandas frames: the raw rows of the articles (``timeline.extract.rows``), then the merged events,
mentions, documents and actors."""
from __future__ import annotations

import pandas as pd

from ..extract import linking
from ..extract.rows import RAW_DOC_COLUMNS, RAW_EVENT_COLUMNS

EVENT_COLUMNS = ["event_id", "date", "date_end", "precision", "date_value", "date_text", "actors", "subject",
                 "event_type", "summary", "confidence", "sources", "n_mentions", "docs", "planned", "caption",
                 "anchored"]
MENTION_COLUMNS = ["event_id", "doc", "sentence", "start", "end", "date_start", "date_end", "caption", "outlet",
                   "published", "actor_spans"]
DOCUMENT_COLUMNS = ["doc", "path", "title", "title_source", "outlet", "outlet_source", "url", "published",
                    "published_source", "published_text", "encoding", "sha256", "n_events", "chars",
                    "boilerplate_chars", "caption_chars", "problems", "cache_key", "actor_info"]
ACTOR_COLUMNS = ["actor", "kind", "side", "role", "known", "n_events", "origin", "aliases"]
ORIGINS = ("yours", "world", "discovered")  # data/actors.csv, the shipped world tables, found in the text
_LIST_COLUMNS = {"actors", "docs", "problems", "actor_spans", "fingerprints", "actor_info"}
_DATE_COLUMNS = {"date", "date_end", "published"}


# Dates are held to the second, not the nanosecond: datetime64[s] holds every calendar date (years 1-9999),
# where nanoseconds stop at 1677 and 2262.
DATE_DTYPE = "datetime64[s]"


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object"), format="ISO8601", errors="coerce").astype(DATE_DTYPE)


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


def events_frame(merged: pd.DataFrame) -> pd.DataFrame:
    df = merged.reindex(columns=EVENT_COLUMNS).copy()
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


def actors_frame(events: pd.DataFrame, known: dict, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor that appears in an event: kind, side and origin as the extraction found them (the
    ``actor_info`` of ``documents``: see ``timeline.extract.rows.actor_rows``), those of data/actors.csv (``known``)
    first; ``known`` is True for the actors of that file, ``aliases`` the forms the articles name the actor by
    ("|"-separated, as in the file). An actor no record describes (typed in by an edit) is a person."""
    counts: dict[str, int] = {}
    for actors in events["actors"]:
        for a in actors:
            counts[a] = counts.get(a, 0) + 1
    info: dict[str, list] = {}  # actor -> [kind, side, origin, forms]
    if documents is not None and "actor_info" in documents.columns:
        cells = [c for c in documents["actor_info"] if c is not None]
        links = linking.surname_links(cells)  # as the events were linked (see build)
        later = []  # one-word names linked to a full name: more forms of it
        for cell in cells:
            for r in cell:
                if r["actor"] in links:
                    later.append(r)
                    continue
                got = info.get(r["actor"])
                if got is None:
                    info[r["actor"]] = [r["kind"], r["side"] or "", r["origin"], dict.fromkeys(r["forms"] or ())]
                else:
                    got[3].update(dict.fromkeys(r["forms"] or ()))
                    if not got[1] and r["side"]:
                        got[1] = r["side"]
        for r in later:
            if links[r["actor"]] in info:
                info[links[r["actor"]]][3].update(dict.fromkeys(r["forms"] or ()))
    rows = []
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        a = known.get(name)
        kind, side, origin, forms = info.get(name) or ("person", "", "discovered", {})
        if a is not None:
            kind, side, origin = a.kind, a.side, "yours"
        rows.append((name, kind, side, a.role if a else "", a is not None, n, origin,
                     "|".join(f for f in forms if f != name)))
    df = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    for c in ("actor", "role", "aliases"):
        df[c] = df[c].astype("string")
    for c in ("kind", "side"):
        df[c] = df[c].astype("category")
    df["origin"] = pd.Categorical(df["origin"], categories=ORIGINS)
    df["known"] = df["known"].astype("bool")
    df["n_events"] = df["n_events"].astype("int64")
    return df
