"""Plain helpers behind the dashboard pages: locating and loading a corpus, display tables.

Nothing here imports streamlit; the app wraps ``load`` in ``st.cache_data``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import html
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import highlight, query
from ..extract.documents import SUFFIXES
from ..extract.records import Document
from ..extract.records import iso_day
from ..store.articles import SOURCES_FILE
from ..store.build import Corpus, build
from ..store.output import MANIFEST, is_output, load as load_output

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATA = ROOT / "data" / "articles"
ENV_DATA = "TIMELINE_DATA"


def data_folder(setting: str | None = None) -> Path:
    """The articles folder: $TIMELINE_DATA, else the ``[timeline] data`` setting, else data/articles.

    A relative environment value is read from the working directory; a relative setting from
    the project folder (where app.py is).
    """
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        return Path(env).expanduser()
    if setting:
        p = Path(str(setting)).expanduser()
        return p if p.is_absolute() else ROOT / p
    return DEFAULT_DATA


def signature(folder: Path) -> str:
    """A cheap fingerprint of a folder: names, sizes and modification times of its article files."""
    h = hashlib.sha256(str(folder.resolve()).encode())
    if not folder.is_dir():
        return h.hexdigest()[:16] + "-missing"
    entries = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not (name.lower().endswith(SUFFIXES) or name in (SOURCES_FILE, MANIFEST)):
                continue
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            entries.append(f"{os.path.relpath(os.path.join(root, name), folder)}|{st.st_size}|{st.st_mtime_ns}")
    for e in sorted(entries):
        h.update(e.encode())
    return f"{h.hexdigest()[:16]}-{len(entries)}"


@dataclass
class Data:
    """A loaded corpus with everything the pages need precomputed."""

    folder: str
    events: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    actors: pd.DataFrame
    problems: list[tuple[str, str]]
    index: query.Index
    domain: query.Domain
    sides: dict[str, str]
    cache_dir: str | None = None
    from_cache: bool = False
    options: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.documents.empty

    def corpus(self) -> Corpus:
        return Corpus(self.events, self.mentions, self.documents, cache_dir=Path(self.cache_dir)
                      if self.cache_dir else None)


def prepare(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame,
            problems=(), folder: str = "", cache_dir: str | None = None, from_cache: bool = False) -> Data:
    events = events.reset_index(drop=True)
    index = query.build_index(events, mentions, actors)
    domain = query.domain_of(events, mentions, documents, actors, index)
    counts = actors.set_index("actor")["n_events"] if not actors.empty else pd.Series(dtype=int)
    options = {
        "actors": sorted(domain.actors, key=lambda a: (-int(counts.get(a, 0)), a)),
        "sides": sorted(domain.sides, key=lambda s: (s == query.NO_SIDE, s)),
        "types": sorted(domain.types),
        "outlets": sorted(domain.outlets, key=lambda s: (s == query.NO_OUTLET, s)),
    }
    return Data(folder=folder, events=events, mentions=mentions, documents=documents, actors=actors,
                problems=[(p.file, p.message) if hasattr(p, "file") else tuple(p) for p in problems],
                index=index, domain=domain, sides=query.side_map(actors), cache_dir=cache_dir,
                from_cache=from_cache, options=options)


def load(folder: str | Path) -> Data:
    """Build (or load from the on-disk cache) the corpus of ``folder``; a folder written by
    ``python -m timeline extract --engine dask`` is read as it is."""
    c = load_output(folder) if is_output(folder) else build([folder])
    return prepare(c.events, c.mentions, c.documents, c.actors, c.problems, folder=str(folder),
                   cache_dir=str(c.cache_dir) if c.cache_dir else None, from_cache=c.from_cache)


def document(data: Data, doc_id: str) -> Document | None:
    """The text and blocks of one document (re-read when the on-disk cache was cleared meanwhile)."""
    doc = data.corpus().document(doc_id)
    if doc is None and data.folder and doc_id in data.domain.docs:
        doc = build([data.folder]).document(doc_id)
    return doc


# ------------------------------------------------------------ filter widgets

WIDGET_KEYS = ("dates", "actors", "sides", "types", "outlets", "q", "min_sources", "undated", "captions",
               "lanes", "color", "period", "doc")
PAGE_KEYS = ("lanes", "color", "period", "doc")


def widget_values(f: query.Filters, domain: query.Domain) -> dict:
    """Session-state values of the filter widgets for ``f`` (dates clamped to the corpus)."""
    out = {k: getattr(f, k) for k in ("q", "min_sources", "undated", "captions", "lanes", "color", "period")}
    for k in ("actors", "sides", "types", "outlets"):
        out[k] = list(getattr(f, k))
    if domain.first and domain.last:
        lo = min(max(f.start or domain.first, domain.first), domain.last)
        hi = max(min(f.end or domain.last, domain.last), lo)
        out["dates"] = (lo, hi)
    out["doc"] = f.doc or None
    out["event"] = f.event
    return out


def filters_from(values: dict, domain: query.Domain) -> query.Filters:
    """The widgets' session-state values -> Filters (a full date range means no date filter)."""
    start = end = None
    dates = values.get("dates")
    if isinstance(dates, (tuple, list)) and dates:
        start = dates[0] if dates[0] and dates[0] != domain.first else None
        end = dates[1] if len(dates) > 1 and dates[1] and dates[1] != domain.last else None
    ms = values.get("min_sources") or 1
    return query.Filters(
        start=start, end=end, actors=tuple(values.get("actors") or ()), sides=tuple(values.get("sides") or ()),
        types=tuple(values.get("types") or ()), outlets=tuple(values.get("outlets") or ()),
        q=str(values.get("q") or "")[: query.MAX_QUERY], min_sources=max(1, int(ms)),
        undated=bool(values.get("undated", True)), captions=bool(values.get("captions", False)),
        lanes=values.get("lanes") or "actor", color=values.get("color") or "type",
        period=values.get("period") or "auto", event=values.get("event") or "", doc=values.get("doc") or "",
        view=values.get("_page") or "chronology")


@dataclass
class View:
    """What every page works on: the corpus, the filters and the events they keep."""

    data: Data
    filters: query.Filters
    keep: np.ndarray

    @cached_property
    def events(self) -> pd.DataFrame:
        return self.data.events[self.keep]

    @cached_property
    def pairs(self) -> pd.DataFrame:
        return self.data.index.pairs(self.keep)

    @property
    def count(self) -> str:
        return count_line(int(self.keep.sum()), len(self.data.events))

    def link_params(self, **changes) -> dict:
        """Query parameters of this view with some fields changed (for links to another page)."""
        return query.serialize(replace(self.filters, **changes))


def make_view(data: Data, f: query.Filters) -> View:
    return View(data, f, query.mask(f, data.events, index=data.index))


_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def md_safe(text: str) -> str:
    """Text that shows literally where streamlit renders markdown (labels, captions)."""
    return _MD.sub(r"\\\1", str(text))


# ------------------------------------------------------------------ evidence

def _doc_line(doc: pd.Series | None, m: pd.Series) -> str:
    title = doc["title"] if doc is not None else m["doc"]
    outlet = m["outlet"] or query.NO_OUTLET
    pub = fmt_day(m["published"]) or "publication date unknown"
    extra = " · photo caption" if m["caption"] else ""
    return (f'<div style="color:#6B6F76;font-size:13px;margin:2px 0 10px 0">{highlight.esc(title)} · '
            f'{highlight.esc(outlet)} · {highlight.esc(pub)}{extra}</div>')


def evidence_html(data: Data, event_id: str) -> str:
    """An event card: its date (as written and resolved), summary and every mention, highlighted."""
    rows = data.events[data.events["event_id"] == event_id]
    if rows.empty:
        return ""
    e = rows.iloc[0]
    if pd.isna(e["date"]):
        when = "undated" + ("" if e["anchored"] else " (relative date in an undated article)")
    elif e["date_end"] is not pd.NaT and not pd.isna(e["date_end"]) and e["date_end"] != e["date"]:
        when = f"{fmt_day(e['date'])} – {fmt_day(e['date_end'])} ({e['precision']})"
    else:
        when = fmt_day(e["date"])
    flags = [x for x, on in (("planned", e["planned"]), ("photo caption only", e["caption"])) if on]
    docs = data.documents.set_index("doc")
    ms = data.mentions[data.mentions["event_id"] == event_id]
    parts = [
        '<div style="border:1px solid #E3E6EB;border-radius:8px;padding:12px 14px;margin:6px 0;background:#FFF">',
        f'<div style="font-size:15px"><b>{highlight.esc(e["date_text"])}</b> '
        f'<span style="color:#6B6F76">→ {highlight.esc(when)} · {highlight.esc(e["event_type"])} · '
        f'{int(e["sources"])} source(s) · {int(e["n_mentions"])} mention(s)'
        f'{" · " + highlight.esc(", ".join(flags)) if flags else ""}</span></div>',
        f'<div style="color:#31333F;font-size:13px;margin:2px 0 8px 0">Actors: '
        f'{highlight.esc(", ".join(e["actors"]) or "none found")}</div>',
    ]
    for _, m in ms.iterrows():
        parts.append(highlight.sentence(m))
        parts.append(_doc_line(docs.loc[m["doc"]] if m["doc"] in docs.index else None, m))
    parts.append("</div>")
    return "".join(parts)


def docs_of(data: Data, event_id: str) -> list[str]:
    return list(dict.fromkeys(data.mentions.loc[data.mentions["event_id"] == event_id, "doc"].astype(str)))


# -------------------------------------------------------------- display tables

def fmt_day(v) -> str:
    return iso_day(v) or ""


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


def count_line(kept: int, total: int) -> str:
    return f"{kept:,} of {total:,} events" if kept != total else f"all {total:,} events"


# ------------------------------------------------------------- synthetic data

def synthetic(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A large random corpus with the frames' columns and dtypes, for speed checks."""
    rng = np.random.default_rng(seed)
    names = [f"Actor {i:03d}" for i in range(200)]
    sides = ["Russia", "Ukraine", "United States", "NATO", ""]
    types = ["statement", "meeting", "call", "talks", "interview", "attack", "proposal", "report", "other"]
    weights = 1 / np.arange(1, len(names) + 1)
    weights /= weights.sum()
    k = rng.integers(1, 5, n)
    flat = rng.choice(len(names), size=int(k.sum()), p=weights)
    cuts = np.cumsum(k)[:-1]
    actors = [[names[j] for j in dict.fromkeys(chunk)] for chunk in np.split(flat, cuts)]
    day0 = np.datetime64("2015-01-01")
    date = (day0 + rng.integers(0, 3650, n).astype("timedelta64[D]")).astype("datetime64[s]")
    coarse = rng.random(n) < 0.15
    end = np.where(coarse, date + np.timedelta64(29, "D"), date).astype("datetime64[s]")
    undated = rng.random(n) < 0.05
    date = np.where(undated, np.datetime64("NaT"), date)
    end = np.where(undated, np.datetime64("NaT"), end)
    ids = pd.array([f"e{i:07d}" for i in range(n)], dtype="string")
    words = np.array(["talks", "ceasefire", "sanctions", "Kremlin", "summit", "drone", "border", "energy", "grain"])
    summary = pd.array([f"{a[0]} said something about {w}" for a, w in zip(actors, rng.choice(words, n))],
                       dtype="string")
    events = pd.DataFrame({
        "event_id": ids, "date": pd.to_datetime(date), "date_end": pd.to_datetime(end),
        "precision": pd.Categorical(np.where(undated, None, np.where(coarse, "month", "day"))),
        "date_value": pd.array(["" for _ in range(n)], dtype="string"),
        "date_text": pd.array(np.where(coarse, "in March", "on Monday"), dtype="string"),
        "actors": actors, "subject": pd.array([a[0] for a in actors], dtype="string"),
        "event_type": pd.Categorical(rng.choice(types, n)), "summary": summary,
        "confidence": rng.random(n), "sources": rng.integers(1, 6, n).astype("int64"),
        "n_mentions": np.ones(n, dtype="int64"), "docs": [[f"d{i // 10}"] for i in range(n)],
        "planned": np.zeros(n, bool), "caption": rng.random(n) < 0.02, "anchored": ~undated,
    })
    outlets = np.array(["Reuters", "BBC News", "Associated Press", ""])
    mentions = pd.DataFrame({
        "event_id": ids, "doc": pd.array([f"d{i // 10}" for i in range(n)], dtype="string"),
        "sentence": summary, "start": np.zeros(n, "int64"), "end": np.full(n, 30, "int64"),
        "date_start": np.zeros(n, "int64"), "date_end": np.zeros(n, "int64"), "caption": events["caption"],
        "outlet": pd.array(rng.choice(outlets, n), dtype="string"), "published": events["date"],
        "actor_spans": [[] for _ in range(n)],
    })
    documents = pd.DataFrame({"doc": pd.array(sorted({f"d{i // 10}" for i in range(n)}), dtype="string")})
    cnt = pd.Series([a for lst in actors for a in lst]).value_counts()
    actor_frame = pd.DataFrame({"actor": pd.array(cnt.index, dtype="string"), "kind": "person",
                                "side": pd.Categorical([sides[int(a[-3:]) % len(sides)] for a in cnt.index]),
                                "role": "", "known": True, "n_events": cnt.to_numpy()})
    return events, mentions, documents, actor_frame


def document_facts(row: pd.Series) -> pd.DataFrame:
    """What we know about one document and where each fact came from."""
    facts = [
        ("file", row["path"], ""),
        ("title", row["title"], row["title_source"]),
        ("outlet", row["outlet"] or query.NO_OUTLET, row["outlet_source"]),
        ("published", fmt_day(row["published"]) or "unknown",
         f"{row['published_source']}: “{row['published_text']}”" if row["published_text"] else row["published_source"]),
        ("url", row["url"], ""),
        ("events extracted", str(row["n_events"]), ""),
        ("text", f"{row['chars']:,} characters, {row['encoding']}", ""),
        ("boilerplate removed", f"{row['boilerplate_chars']:,} characters", ""),
        ("photo captions", f"{row['caption_chars']:,} characters", ""),
        ("problems", "; ".join(row["problems"]) or "none", ""),
    ]
    return pd.DataFrame(facts, columns=["", "value", "where it came from"])


def document_html(data: Data, doc: Document, focus=()) -> str:
    """The cleaned text of ``doc`` with blocks, event sentences, dates and actors marked (escaped)."""
    ms = data.mentions[data.mentions["doc"] == doc.doc_id]
    ev = data.events.set_index("event_id")
    summaries = {}
    for eid in ms["event_id"].astype(str).unique():
        if eid in ev.index:
            e = ev.loc[eid]
            summaries[eid] = f"{e['event_type']} · {e['date_text']} → {fmt_day(e['date']) or 'undated'}"
    return highlight.document(doc.text, doc.blocks, ms, focus=focus, summaries=summaries)
