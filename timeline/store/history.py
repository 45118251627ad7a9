"""The edit history as people read it: each edit names its event by date and headline (a document by its
title) and says its change in full, with the values it set."""
from __future__ import annotations

import pandas as pd

from ..extract.records import iso_day
from .curation import Edit, _show

HEADLINE_CHARS = 90  # an event is named by its date and the start of its summary
DOCUMENT_ACTIONS = ("meta", "upload")
COLUMNS = ["when", "who", "action", "what", "change", "undone", "target"]


def headline(date, summary) -> str:
    """'2025-01-24 · Putin says Russia is ready for talks…': how an event is named to people."""
    text = " ".join(str(summary or "").split())
    if len(text) > HEADLINE_CHARS:
        text = text[:HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:—–- ") + "…"
    day = iso_day(date) if date not in (None, "") and not (not isinstance(date, str) and pd.isna(date)) else None
    return f"{day or 'undated'} · {text or '(no summary)'}"


class Names:
    """Names of events and documents: from the current frames, else from what the edits themselves recorded
    (an event merged away or no longer extracted)."""

    def __init__(self, edits: list[Edit], events: pd.DataFrame | None = None,
                 documents: pd.DataFrame | None = None):
        self.events: dict[str, str] = {}
        self.documents: dict[str, str] = {}
        recorded: dict[str, dict] = {}
        for e in edits:  # oldest first: later records win
            for eid, values in _recorded_values(e):
                recorded.setdefault(str(eid), {}).update({k: v for k, v in values.items() if k in ("date", "summary")})
        for eid, values in recorded.items():
            if values.get("summary") or values.get("date"):
                self.events[eid] = headline(values.get("date"), values.get("summary"))
        if events is not None and len(events):
            for eid, date, summary in zip(events["event_id"], events["date"], events["summary"]):
                self.events[str(eid)] = headline(date, summary)
        if documents is not None and len(documents):
            for path, title in zip(documents["path"], documents["title"]):
                if isinstance(title, str) and title.strip():
                    self.documents[_norm_path(path)] = title.strip()

    def event(self, event_id: str) -> str:
        return self.events.get(str(event_id)) or f"event {event_id} (no longer found)"

    def document(self, rel: str) -> str:
        key = _norm_path(rel)
        title = self.documents.get(key) or next((t for p, t in self.documents.items() if p.endswith("/" + key)),
                                                "")
        return f"{title} ({rel})" if title else str(rel)

    def target(self, edit: Edit) -> str:
        return self.document(edit.target) if edit.action in DOCUMENT_ACTIONS else self.event(edit.target)


def change(edit: Edit, names: Names) -> str:
    """What the edit does, in full."""
    n = edit.new if isinstance(edit.new, dict) else {}
    if edit.action == "merge":
        other = (edit.previous or {}).get("other") if isinstance(edit.previous, dict) else None
        shown = headline(other.get("date"), other.get("summary")) if isinstance(other, dict) and other \
            else names.event(n.get("other", "?"))
        return f"merged in the same event reported elsewhere: {shown}"
    if edit.action == "split":
        return f"{len(n.get('mentions', []))} mention(s) split off into a new event"
    if edit.action == "add":
        return f"added by hand: {headline(n.get('date'), n.get('summary'))}"
    if edit.action in ("accept", "reject"):
        return {"accept": "accepted", "reject": "rejected (hidden unless shown)"}[edit.action]
    if edit.action in ("edit", "conflict", "meta"):
        prev = edit.previous if isinstance(edit.previous, dict) else {}
        prev = prev.get("values", prev) if edit.action == "meta" else prev
        parts = [f"{k}: {_show(prev.get(k))} → {_show(v)}" if k in prev else f"{k} → {_show(v)}"
                 for k, v in n.items() if k != "file"]
        lead = "proposal not applied (someone else changed it first): " if edit.action == "conflict" else ""
        return lead + "; ".join(parts)
    if edit.action == "upload":
        return f"article added: {n.get('file', edit.target)}"
    return edit.describe()


def history_table(edits: list[Edit], events: pd.DataFrame | None = None,
                  documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every edit, newest first: when, who, the action, what it was made to (named), the change, undone."""
    names = Names(edits, events, documents)
    rows = [{"when": _when(e.at), "who": e.who, "action": e.action, "what": names.target(e),
             "change": change(e, names),
             "undone": f"undone by {e.undone_by} at {_when(e.undone_at)}" if e.undone else "",
             "target": e.target}
            for e in reversed(edits)]
    return pd.DataFrame(rows, columns=COLUMNS)


def _recorded_values(e: Edit):
    n = e.new if isinstance(e.new, dict) else {}
    p = e.previous if isinstance(e.previous, dict) else {}
    if e.action == "add":
        yield n.get("event_id", e.target), n
    elif e.action == "merge" and isinstance(p.get("other"), dict):
        yield n.get("other", ""), p["other"]
    elif e.action == "edit":
        yield e.target, {**p, **n}


def _when(at) -> str:
    """'2026-12-04T18:40:12+00:00' as '2026-12-04 18:40 UTC'."""
    text = str(at or "")
    return f"{text[:10]} {text[11:16]} UTC" if len(text) >= 16 and text[10] == "T" else text


def _norm_path(p) -> str:
    return str(p).replace("\\", "/")
