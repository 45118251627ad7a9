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
    outlets = list(docs["outlet"])
    if all(isinstance(o, str) and o for o in outlets):  # every document counts as its outlet
        return {d: "outlet:" + o.lower() for d, o in zip(ids, outlets)}
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
            for d, o in zip(ids, outlets)}


def event_keys(raw: pd.DataFrame) -> np.ndarray:
    """The identity of each raw event: its date (as normalized; an unanchored one only within its document),
    event type, subject (or, with none, the start of its summary) and whether it comes from a caption."""
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
    return (date_part + "\x1f" + raw["event_type"].to_numpy(object) + "\x1f" + who + "\x1f"
            + np.where(raw["caption"].to_numpy(bool), "caption", "story"))


def event_id(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def merge(raw: pd.DataFrame, source_of: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw events (one row per mention) -> (events, mentions), both plain frames with an event_id."""
    if raw.empty:
        return raw.iloc[0:0].assign(event_id=pd.Series(dtype="object")), raw.iloc[0:0].assign(
            event_id=pd.Series(dtype="object"))
    raw = raw.reset_index(drop=True)
    raw = raw.assign(_key=event_keys(raw), _slen=raw["sentence"].str.len())
    raw = raw.drop_duplicates(["_key", "doc", "m_start", "date_start"])
    ids = {k: event_id(k) for k in set(raw["_key"])}
    raw = raw.assign(event_id=raw["_key"].map(ids))
    best = raw.sort_values(["_key", "confidence", "_slen"], ascending=[True, False, True], kind="stable") \
        .drop_duplicates("_key")
    # Per-group lists by sorting once and splitting (no Python-level group iteration).
    raw = raw.sort_values(["_key", "doc", "m_start"], kind="stable").reset_index(drop=True)
    key_arr = raw["_key"].to_numpy(object)
    starts = np.flatnonzero(np.r_[True, key_arr[1:] != key_arr[:-1]])
    group_keys = key_arr[starts]
    bounds = np.r_[starts, len(raw)]
    doc_arr = raw["doc"].to_numpy(object)
    actor_lists = raw["actors"].to_list()
    src_arr = np.array([source_of.get(d, d) for d in doc_arr], dtype=object)
    planned_all = np.logical_and.reduceat(raw["planned"].to_numpy(bool), starts)
    caption_all = np.logical_and.reduceat(raw["caption"].to_numpy(bool), starts)
    agg_actors, agg_docs, n_sources = [], [], []
    for a, b in zip(bounds[:-1], bounds[1:]):
        seen: dict[str, None] = {}
        for lst in actor_lists[a:b]:
            for name in lst:
                seen.setdefault(name, None)
        agg_actors.append(list(seen))
        agg_docs.append(sorted(set(doc_arr[a:b])))
        n_sources.append(len(set(src_arr[a:b])))
    per = pd.DataFrame({"actors_all": agg_actors, "docs": agg_docs, "sources": n_sources,
                        "n_mentions": np.diff(bounds), "planned": planned_all, "caption": caption_all},
                       index=group_keys)
    events = best.set_index("_key").drop(columns=["planned", "caption"])
    per = per.reindex(events.index)
    events = events.assign(
        actors=[list(h[:1]) + [x for x in e if x not in h[:1]] for e, h in zip(per["actors_all"], events["actors"])],
        sources=per["sources"].to_numpy(), n_mentions=per["n_mentions"].to_numpy(), docs=per["docs"].to_list(),
        planned=per["planned"].to_numpy(), caption=per["caption"].to_numpy(),
    )
    events["confidence"] = np.minimum(1.0, events["confidence"] + 0.05 * (events["sources"] - 1)).round(2)
    events = events.reset_index(drop=True)
    events = events.assign(_order=events["date"].fillna("9999")).sort_values(["_order", "event_id"], kind="stable")
    events = events.drop(columns=["_order", "_slen", "doc", "m_start", "m_end", "sentence", "date_start", "date_stop",
                          "actor_spans", "key"], errors="ignore").reset_index(drop=True)
    order = {e: i for i, e in enumerate(events["event_id"])}
    mentions = raw.assign(_o=raw["event_id"].map(order)).sort_values(["_o", "doc", "m_start"], kind="stable")
    mentions = mentions.drop(columns=["_o", "_key", "_slen"]).reset_index(drop=True)
    return events, mentions
