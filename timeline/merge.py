"""Merging the same event reported by several documents (or twice in one) into one.

Two events are the same when they share the date (as normalized), the event type and
the subject. Copies of one article (the same story saved twice, or syndicated) count
as one source; distinct outlets count as distinct sources.

Works on the table of raw events (one row per mention, as extracted per document), so
that a corpus of any size merges in a few vectorized passes.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np
import pandas as pd

_NON_WORD = re.compile(r"\W+")


def norm(s: str) -> str:
    return _NON_WORD.sub(" ", s.lower()).strip()


def fingerprints(sentences: list[str]) -> list[int]:
    """Stable 63-bit fingerprints of a document's story sentences (long enough to be distinctive)."""
    out = set()
    for s in sentences:
        n = norm(s)
        if len(n) > 30:
            out.add(int.from_bytes(hashlib.blake2b(n.encode(), digest_size=8).digest(), "big") >> 1)
    return sorted(out)


def source_keys(docs: pd.DataFrame) -> dict[str, str]:
    """doc -> source identity: the outlet when known, else the group of copies it belongs to.

    ``docs`` has columns doc, outlet and fingerprints. Two documents sharing at least 60 % of
    the smaller one's story sentences are copies of one article.
    """
    ids = list(docs["doc"])
    prints = {d: set(fp) for d, fp in zip(ids, docs["fingerprints"])}
    parent = {d: d for d in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    index: dict[int, list[str]] = defaultdict(list)
    for d, fps in prints.items():
        for fp in fps:
            index[fp].append(d)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for group in index.values():
        if 1 < len(group) <= 50:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    shared[(a, b) if a < b else (b, a)] += 1
    for (a, b), n in shared.items():
        if n >= 0.6 * max(1, min(len(prints[a]), len(prints[b]))):
            parent[find(a)] = find(b)
    return {d: ("outlet:" + o.lower()) if isinstance(o, str) and o else "copy:" + find(d)
            for d, o in zip(ids, docs["outlet"])}


def merge(raw: pd.DataFrame, source_of: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw events (one row per mention) -> (events, mentions), both plain frames with an event_id."""
    if raw.empty:
        return raw.iloc[0:0].assign(event_id=pd.Series(dtype="object")), raw.iloc[0:0].assign(
            event_id=pd.Series(dtype="object"))
    raw = raw.reset_index(drop=True)
    anchored = raw["anchored"].to_numpy(bool)
    doc = raw["doc"].to_numpy(object)
    value = raw["date_value"].to_numpy(object)
    date_part = np.where(anchored, value, doc + ":" + value)
    subject = np.array([a[0] if len(a) else None for a in raw["actors"]], dtype=object)
    lone = np.flatnonzero(pd.isna(subject))
    who = subject.copy()
    summaries = raw["summary"].to_numpy(object)
    for i in lone:
        who[i] = "~" + norm(summaries[i])[:80]
    keys = (date_part + "\x1f" + raw["event_type"].to_numpy(object) + "\x1f" + who + "\x1f"
            + np.where(raw["caption"].to_numpy(bool), "caption", "story"))
    raw = raw.assign(_key=keys, _slen=raw["sentence"].str.len())
    raw = raw.drop_duplicates(["_key", "doc", "m_start", "date_start"])
    ids = {k: hashlib.sha1(k.encode()).hexdigest()[:12] for k in set(raw["_key"])}
    raw = raw.assign(event_id=raw["_key"].map(ids))
    best = raw.sort_values(["_key", "confidence", "_slen"], ascending=[True, False, True], kind="stable") \
        .drop_duplicates("_key")
    groups = raw.groupby("_key", sort=False)
    named = raw[["_key", "actors"]].explode("actors").dropna().drop_duplicates()
    actors = named.groupby("_key", sort=False)["actors"].agg(list)
    src = raw["doc"].map(source_of).fillna(raw["doc"])
    n_sources = src.groupby(raw["_key"]).nunique()
    n_mentions = groups.size()
    docs = raw[["_key", "doc"]].drop_duplicates().sort_values(["_key", "doc"]).groupby("_key")["doc"].agg(list)
    planned = groups["planned"].all()
    caption = groups["caption"].all()
    ev = best.set_index("_key")
    head = [list(a[:1]) for a in ev["actors"]]
    every = actors.reindex(ev.index)
    ev = ev.assign(
        actors=[h + [x for x in (e if isinstance(e, list) else []) if x not in h] for e, h in zip(every, head)],
        sources=n_sources.reindex(ev.index).to_numpy(),
        n_mentions=n_mentions.reindex(ev.index).to_numpy(),
        docs=docs.reindex(ev.index).to_list(),
        planned=planned.reindex(ev.index).to_numpy(),
        caption=caption.reindex(ev.index).to_numpy(),
    )
    ev["confidence"] = np.minimum(1.0, ev["confidence"] + 0.05 * (ev["sources"] - 1)).round(2)
    ev = ev.reset_index(drop=True)
    ev = ev.assign(_order=ev["date"].fillna("9999")).sort_values(["_order", "event_id"], kind="stable")
    ev = ev.drop(columns=["_order", "_slen", "doc", "m_start", "m_end", "sentence", "date_start", "date_stop",
                          "actor_spans", "key"], errors="ignore").reset_index(drop=True)
    order = {e: i for i, e in enumerate(ev["event_id"])}
    mentions = raw.assign(_o=raw["event_id"].map(order)).sort_values(["_o", "doc", "m_start"], kind="stable")
    mentions = mentions.drop(columns=["_o", "_key", "_slen"]).reset_index(drop=True)
    return ev, mentions
