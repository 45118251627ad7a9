"""The analyst workflow on top of the loader: the edit log, the data folder and the curated frames together.

Used by the dashboard (through its ``st.connection`` engine) and by the command line (``--curated``).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from . import articles, curation, edits
from ..views import view as app_data
from .build import Corpus
from ..extract.records import iso_day


def open_log(folder: str | Path, url: str | None = None) -> curation.Log:
    """The edit log of a data folder: ``url`` when given, else the SQLite file in the folder."""
    return curation.Log(edits.engine(url or edits.default_url(folder)))


def rel_path(folder: str | Path, path: str | Path) -> str:
    """A document's path inside the data folder, as sources.csv names it."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()
    except ValueError:
        return Path(path).name


# --------------------------------------------------------------------------------- articles

def add_article(log: curation.Log, folder: str | Path, who: str, name: str, data: bytes,
                meta: dict | None = None) -> Path:
    """Store an uploaded or pasted article, give it its metadata, and log who added it."""
    meta = {k: v for k, v in (meta or {}).items() if v not in (None, "")}
    if meta.get("published"):
        meta["published"] = articles.check_date(meta["published"])  # refuse before anything is written
    path = articles.save_article(folder, name, data)
    rel = rel_path(folder, path)
    undo = articles.set_metadata(folder, rel, meta) if meta else {"row": None, "sources_csv": None}
    log.record(who, "upload", rel, new={"file": rel, "asked_as": name, **meta, "bytes": len(data),
                                        "sha256": hashlib.sha256(data).hexdigest()},
               previous=undo)
    return path


def set_document(log: curation.Log, folder: str | Path, who: str, document: pd.Series, values: dict) -> bool:
    """Set a document's publication date, outlet, title or URL. Returns False when nothing changes."""
    rel = rel_path(folder, document["path"])
    current = document_values(document)
    row = articles.row_of(folder, rel) or {}
    changes = {}
    for k, v in values.items():
        if k not in articles.META_FIELDS:
            continue
        v = "" if v is None else str(v).strip()
        if k == "published" and v:
            v = articles.check_date(v)
        if v != current.get(k, "") or (v and v != (row.get(k) or "").strip()):
            changes[k] = v
    if not changes:
        return False
    undo = articles.set_metadata(folder, rel, changes)
    log.record(who, "meta", rel, new={"file": rel, **changes},
               previous={"values": {k: current.get(k, "") for k in changes}, **undo})
    return True


def document_values(document: pd.Series) -> dict:
    pub = document.get("published")
    return {"published": iso_day(pub) or "",
            "outlet": "" if pd.isna(document.get("outlet")) else str(document.get("outlet") or ""),
            "title": "" if pd.isna(document.get("title")) else str(document.get("title") or ""),
            "url": "" if pd.isna(document.get("url")) else str(document.get("url") or "")}


def undo_last(log: curation.Log, folder: str | Path, who: str | None = None) -> curation.Edit | None:
    """Undo the newest live edit (of ``who`` when given), files included; returns it."""
    ed = log.undo_last(who)
    if ed is None:
        return None
    prev = ed.previous if isinstance(ed.previous, dict) else {}
    if ed.action == "meta":
        articles.restore_row(folder, ed.target, prev.get("row"))
    elif ed.action == "upload":
        if set(ed.new or {}) & set(articles.META_FIELDS):  # it was given a sources.csv row
            articles.restore_row(folder, ed.target, prev.get("row"))
        articles.remove_article(folder, ed.target)
    return ed


# ----------------------------------------------------------------------------- curated frames

def curate(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame,
           log: curation.Log | None) -> curation.Curated:
    edits = log.edits() if log is not None else []
    return curation.apply(events, mentions, edits, documents)


def curated_data(data: app_data.Data, cur: curation.Curated, show_rejected: bool = False) -> app_data.Data:
    """The dashboard's Data with the edits applied (rejected events left out unless asked for)."""
    ev, me = cur.visible(show_rejected)
    actors = Corpus(ev, me, data.documents).actors
    out = app_data.prepare(ev, me, data.documents, actors, data.problems, folder=data.folder,
                           cache_dir=data.cache_dir, from_cache=data.from_cache)
    return out


def curated_corpus(c: Corpus, log: curation.Log, show_rejected: bool = False) -> tuple[Corpus, curation.Curated]:
    """A built corpus with the edits applied (for the command line and scripts)."""
    cur = curate(c.events, c.mentions, c.documents, log)
    ev, me = cur.visible(show_rejected)
    return Corpus(ev, me, c.documents, c.problems, cache_dir=c.cache_dir, from_cache=c.from_cache,
                  knowledge_dir=c.knowledge_dir), cur


def orphans_table(cur: curation.Curated) -> pd.DataFrame:
    rows = [{"edit": e.id, "when": e.at, "who": e.who, "action": e.action, "event": e.target,
             "change": e.describe(), "why": why} for e, why in cur.orphans]
    return pd.DataFrame(rows, columns=["edit", "when", "who", "action", "event", "change", "why"])


def for_command_line(c: Corpus, inputs, curated: bool | None, url: str | None = None) -> tuple[Corpus, list[str]]:
    """The corpus the command line writes: curated when asked (``--curated``), or by default when an edit
    database exists (``url``, else the SQLite file of an input folder). Returns it with lines for stderr."""
    if curated is False:
        return c, []
    if url is None:
        found = [Path(i) for i in inputs if Path(i).is_dir() and edits.default_exists(i)]
        if not found:
            return c, (["--curated: no edit database in " + ", ".join(map(str, inputs)) +
                        f" ({edits.DB_FILE}); writing the extracted events as they are"] if curated else [])
        url = edits.default_url(found[0])
    cc, cur = curated_corpus(c, curation.Log(edits.engine(url)))
    notes = [f"curated: {cur.applied} edit(s) applied, {len(c.events) - len(cc.events)} event(s) rejected or merged "
             f"away"]
    for ed, why in cur.orphans:
        notes.append(f"edit {ed.id} ({ed.action} {ed.target} by {ed.who}) not applied: {why}")
    return cc, notes
