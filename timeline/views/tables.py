"""The display tables of the pages: events, documents, one document's facts, and edits without their event."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import query
from ..extract.records import iso_day


TABLE_LIMIT = 10_000


def event_table(events: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The filtered events as a table: sortable plain columns, newest first, undated last."""
    order = np.lexsort((events["event_id"].astype(str).to_numpy(), -events["date"].fillna(pd.Timestamp(0)).astype(
        "int64").to_numpy(), events["date"].isna().to_numpy()))
    events = events.iloc[order[:limit] if limit else order]
    t = pd.DataFrame({
        "date": events["date"],
        "precision": events["precision"].astype("string").fillna("undated"),
        "as written": events["date_text"],
        "type": events["event_type"].astype("string"),
        "subject": events["subject"],
        "summary": events["summary"],
        "actors": [", ".join(a) for a in events["actors"]],
        "sources": events["sources"],
        "mentions": events["n_mentions"],
        "confidence": events["confidence"],
        "event_id": events["event_id"],
    })
    return t.reset_index(drop=True)


def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents as a table: title, outlet, publication date and where it came from, problems, file."""
    return pd.DataFrame({
        "title": documents["title"],
        "outlet": documents["outlet"].fillna("").replace("", query.NO_OUTLET),
        "published": documents["published"],
        "date from": documents["published_source"].fillna("").replace("", "—"),
        "events": documents["n_events"],
        "problems": ["; ".join(p) for p in documents["problems"]],
        "removed": [f"{b:,} of {c:,} chars" if b else "" for b, c in zip(documents["boilerplate_chars"],
                                                                          documents["chars"])],
        "file": documents["path"],
        "doc": documents["doc"],
    })


def document_facts(row: pd.Series) -> pd.DataFrame:
    """What we know about one document and where each fact came from."""
    facts = [
        ("file", row["path"], ""),
        ("title", row["title"], row["title_source"]),
        ("outlet", row["outlet"] or query.NO_OUTLET, row["outlet_source"]),
        ("published", iso_day(row["published"]) or "unknown",
         f"{row['published_source']}: “{row['published_text']}”" if row["published_text"] else row["published_source"]),
        ("url", row["url"], ""),
        ("events extracted", str(row["n_events"]), ""),
        ("text", f"{row['chars']:,} characters, {row['encoding']}", ""),
        ("boilerplate removed", f"{row['boilerplate_chars']:,} characters", ""),
        ("photo captions", f"{row['caption_chars']:,} characters", ""),
        ("problems", "; ".join(row["problems"]) or "none", ""),
    ]
    return pd.DataFrame(facts, columns=["", "value", "where it came from"])


def orphans_table(orphans) -> pd.DataFrame:
    """The edits whose event a build no longer has (``Curated.orphans``: (edit, why) pairs)."""
    rows = [{"edit": e.id, "when": e.at, "who": e.who, "action": e.action, "event": e.target,
             "change": e.describe(), "why": why} for e, why in orphans]
    return pd.DataFrame(rows, columns=["edit", "when", "who", "action", "event", "change", "why"])
