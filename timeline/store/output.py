"""The folder a Dask build writes, and reading it back: partitioned Parquet (``events/``, ``mentions/``,
``documents/``, one file per publication or event year) plus the manifest ``timeline.json``.

Nothing here imports dask: the dashboard and the command line recognise and read such a folder without it.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd

from . import frames
from .build import Corpus
from ..extract.records import Problem

MANIFEST = "timeline.json"
TABLES = ("events", "mentions", "documents")


def _year(s: pd.Series) -> pd.Series:
    return s.dt.year.astype("Int64").astype("string").fillna("undated")


def write(out: Path, events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame,
          problems: list[Problem]) -> None:
    """Partitioned Parquet: one file per publication (or event) year in each table's folder."""
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    documents = documents.assign(_order=range(len(documents)))
    for name, df, by in (("events", events, events["date"]), ("mentions", mentions, mentions["published"]),
                         ("documents", documents, documents["published"])):
        folder = tmp / name
        folder.mkdir(parents=True)
        years = _year(by)
        for year in sorted(set(years)):
            df[(years == year).to_numpy()].to_parquet(folder / f"year={year}.parquet", index=False)
        if df.empty:
            df.to_parquet(folder / "year=none.parquet", index=False)
    (tmp / MANIFEST).write_text(json.dumps({
        "format": "timeline", "tables": list(TABLES), "events": len(events), "mentions": len(mentions),
        "documents": len(documents),
        "problems": [[p.file, p.message] for p in problems]}, indent=1), encoding="utf-8")
    if out.exists():
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def is_output(folder: str | Path) -> bool:
    """Whether ``folder`` was written by a Dask build (it holds the manifest)."""
    return (Path(folder) / MANIFEST).is_file()


def read(folder: str | Path) -> Corpus:
    """A folder written by ``write`` (a Dask build) as a Corpus, in the order a local build gives."""
    folder = Path(folder)
    meta = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    parts = {}
    for name in TABLES:
        files = sorted((folder / name).glob("*.parquet"))
        parts[name] = pd.concat([frames.read_parquet(f) for f in files], ignore_index=True)
    events = parts["events"]
    events = events.sort_values(["date", "event_id"], na_position="last", kind="stable").reset_index(drop=True)
    order = {e: i for i, e in enumerate(events["event_id"])}
    mentions = parts["mentions"]
    mentions = mentions.assign(_o=mentions["event_id"].map(order)).sort_values(["_o", "doc", "start"], kind="stable") \
        .drop(columns="_o").reset_index(drop=True)
    documents = parts["documents"].sort_values("_order").drop(columns="_order").reset_index(drop=True)
    for c in ("precision", "event_type"):
        events[c] = events[c].astype("category")
    return Corpus(events, mentions, documents, [Problem(f, m) for f, m in meta.get("problems", [])], from_cache=True)
