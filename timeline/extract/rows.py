"""One article's output as plain rows: its document row, and one row per mention of each of its events.

The rows are what a worker sends back (from a local process or a Dask cluster) and what the cache keeps per
article; ``timeline.store.frames`` gives them their types and ``merge`` combines the rows of every article.
"""
from __future__ import annotations

from .records import ActorMention, Document, Event, iso_day

# Mentions that name an actor, as opposed to standing for one ("the Kremlin spokesperson", "he"): their text
# may serve as an alias.
_NAMING = ("name", "alias", "discovered", "body", "surname", "bare")
# A one-word person name waiting for the full name elsewhere in the corpus (see ``linking``): after Mr, Ms...
# ("surname", a person for sure), or only before a speech verb ("bare", dropped when it names no one).
BARE_LEVELS = {"surname": 1, "bare": 2}

# One row per mention as extracted from one document, before merging.
RAW_EVENT_COLUMNS = ["doc", "date", "date_end", "precision", "date_value", "date_text", "actors", "event_type",
                     "summary", "confidence", "planned", "caption", "anchored", "m_start", "m_end", "sentence",
                     "date_start", "date_stop", "actor_spans"]
RAW_DOC_COLUMNS = ["doc", "cache_key", "path", "title", "title_source", "outlet", "outlet_source", "url",
                   "published", "published_source", "published_text", "encoding", "sha256", "chars",
                   "boilerplate_chars", "caption_chars", "problems", "fingerprints", "actor_info"]


def event_rows(doc_id: str, events: list[Event]) -> list[dict]:
    """One row per mention of each event of the document ``doc_id``."""
    rows = []
    for e in events:
        for m in e.mentions:
            rows.append({
                "doc": doc_id, "date": iso_day(e.date), "date_end": iso_day(e.date_end), "precision": e.precision,
                "date_value": e.date_value, "date_text": e.date_text, "actors": list(e.actors),
                "event_type": e.event_type, "summary": e.summary, "confidence": float(e.confidence),
                "planned": bool(e.planned), "caption": bool(e.caption), "anchored": bool(e.anchored),
                "m_start": m.start, "m_end": m.end, "sentence": m.sentence, "date_start": m.date_start,
                "date_stop": m.date_end,
                "actor_spans": [{"start": int(a), "end": int(b), "actor": n} for a, b, n in m.actor_spans],
            })
    return rows


def actor_rows(text: str, events: list[Event], mentions: list[ActorMention], describe) -> list[dict]:
    """Each actor of a document's events, in order of first appearance: its kind, side and origin (``describe``
    gives them: see ``ActorFinder.describe``) and the forms the document names it by ("Hayward", "RSF"), which
    are its aliases should the user add it to data/actors.csv."""
    named = dict.fromkeys(a for e in events for a in e.actors)
    forms: dict[str, dict[str, None]] = {a: {} for a in named}
    bare: dict[str, int] = {}
    for m in mentions:
        if m.actor in forms and m.how in BARE_LEVELS:
            bare[m.actor] = min(bare.get(m.actor, 9), BARE_LEVELS[m.how])
        if m.actor in forms and m.how in _NAMING:
            form = text[m.start:m.end]
            if form[:1].isupper() and "\n" not in form:
                forms[m.actor].setdefault(form, None)
    out = []
    for a in named:
        kind, side, origin = describe(a)
        out.append({"actor": a, "kind": kind, "side": side or "", "origin": origin, "forms": list(forms[a]),
                    "bare": bare.get(a, 0)})
    return out


def document_row(doc: Document, cache_key: str, fingerprints: list[int], actor_info: list[dict] = ()) -> dict:
    """The document's metadata, sizes and problems, with the fingerprints of its sentences (which tell
    copies of one article apart from other articles when they are merged) and its actors (``actor_rows``)."""
    chars = {k: sum(b.end - b.start for b in doc.blocks if b.kind == k) for k in ("boilerplate", "caption")}
    return {
        "doc": doc.doc_id, "cache_key": cache_key, "path": doc.path, "title": doc.title,
        "title_source": doc.title_source, "outlet": doc.outlet, "outlet_source": doc.outlet_source, "url": doc.url,
        "published": iso_day(doc.published), "published_source": doc.published_source,
        "published_text": doc.published_text, "encoding": doc.encoding, "sha256": doc.sha256, "chars": len(doc.text),
        "boilerplate_chars": chars["boilerplate"], "caption_chars": chars["caption"], "problems": list(doc.problems),
        "fingerprints": fingerprints, "actor_info": list(actor_info),
    }
