"""Merging the same event reported by several documents (or twice in one) into one.

Two events are the same when they share the date (as normalized), the event type and
the subject. Copies of one article (the same story saved twice, or syndicated) count
as one source; distinct outlets count as distinct sources.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from .records import Document, Event, Mention


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()


def event_key(ev: Event, doc_id: str) -> tuple:
    date_part = ev.date_value if ev.anchored else f"{doc_id}:{ev.date_value}"
    who = ev.actors[0] if ev.actors else "~" + _norm(ev.summary)[:80]
    return (date_part, ev.event_type, who, ev.caption)


def source_keys(docs: list[Document]) -> dict[str, str]:
    """doc_id -> source identity: the outlet when known, else the group of copies it belongs to."""
    sets = {d.doc_id: _body_sentences(d) for d in docs}
    parent = {d.doc_id: d.doc_id for d in docs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    index: dict[str, list[str]] = defaultdict(list)
    for doc_id, ss in sets.items():
        for s in ss:
            index[s].append(doc_id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in index.values():
        if 1 < len(ids) <= 50:
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    shared[(a, b) if a < b else (b, a)] += 1
    for (a, b), n in shared.items():
        if n >= 0.6 * max(1, min(len(sets[a]), len(sets[b]))):
            parent[find(a)] = find(b)
    out = {}
    for d in docs:
        out[d.doc_id] = "outlet:" + d.outlet.lower() if d.outlet else "copy:" + find(d.doc_id)
    return out


def _body_sentences(d: Document) -> set[str]:
    out = set()
    for b in d.blocks:
        if b.kind == "body":
            for part in re.split(r"(?<=[.!?])\s+", d.text[b.start:b.end]):
                n = _norm(part)
                if len(n) > 30:
                    out.add(n)
    return out


def merge(events_by_doc: dict[str, list[Event]], source_of: dict[str, str]) -> list[Event]:
    groups: dict[tuple, list[Event]] = {}
    for doc_id in sorted(events_by_doc):
        for ev in events_by_doc[doc_id]:
            groups.setdefault(event_key(ev, doc_id), []).append(ev)
    merged = []
    for key, evs in groups.items():
        best = max(evs, key=lambda e: (e.confidence, -len(e.mentions[0].sentence)))
        actors: list[str] = list(best.actors[:1])
        for e in evs:
            actors += [a for a in e.actors if a not in actors]
        mentions: list[Mention] = []
        seen = set()
        for e in evs:
            for m in e.mentions:
                k = (m.doc_id, m.start, m.date_start)
                if k not in seen:
                    seen.add(k)
                    mentions.append(m)
        mentions.sort(key=lambda m: (m.doc_id, m.start))
        sources = len({source_of.get(m.doc_id, m.doc_id) for m in mentions})
        merged.append(Event(
            event_id=hashlib.sha1(repr(key).encode()).hexdigest()[:12],
            date=best.date, date_end=best.date_end, precision=best.precision, date_value=best.date_value,
            date_text=best.date_text, actors=actors, event_type=best.event_type, summary=best.summary,
            confidence=round(min(1.0, best.confidence + 0.05 * (sources - 1)), 2),
            planned=all(e.planned for e in evs), caption=all(e.caption for e in evs),
            anchored=best.anchored, mentions=mentions, sources=sources,
        ))
    merged.sort(key=lambda e: (e.date.isoformat() if e.date else "9999", e.event_id))
    return merged
