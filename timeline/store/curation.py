"""Analysts' corrections to the extracted events, kept as an edit log and re-applied after every build.

Every edit is one row of the log (see :mod:`timeline.store.edits`): who, when, the action, its target, the
previous value and the new one, and whether it was undone. Nothing is ever deleted: an undo only flags
the row. :func:`apply_edits` replays the log, oldest first, on freshly built frames:

* an event edit names its target by ``event_id`` and also by its *evidence*: the mentions it had when
  the edit was made (document, normalized sentence, date as written). When the extractor changes the
  id (another subject, type or date), the event holding most of that evidence gets the edit;
* an edit whose event matches neither is *orphaned*: it stays in the log and is listed, never dropped.

Actions on events: ``accept``, ``reject``, ``edit`` (date, precision, actors, type, summary),
``merge`` (absorb another event), ``split`` (move some mentions to a new event), ``add`` (an event
written by hand with its evidence). Document actions (``meta``, ``upload``) change files in the data
folder (see :mod:`timeline.store.articles`) and are logged here for their history and undo.

Two editors on one event: an ``edit`` carries the version of the event its editor saw (``version_of``: the
id of the newest live edit of that event). When someone else has changed one of the same fields since, the
save is refused with :class:`Conflict` (their values and yours); yours are kept in the log as a ``conflict``
row (a proposal, never applied), and are applied only when the editor saves them again on the newer version.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import edits
from ..extract.records import iso_day

DEFAULT_USER = "local"
MAX_NAME = 100  # characters of an editor's name


def clean_name(name) -> str:
    """An editor's name as it is recorded: control and format characters (newlines, NUL, bidi overrides)
    dropped, runs of spaces made one, at most ``MAX_NAME`` characters; empty -> ``DEFAULT_USER``."""
    text = "".join(c for c in str(name or "") if unicodedata.category(c)[0] != "C")
    return " ".join(text.split())[:MAX_NAME].strip() or DEFAULT_USER
EVENT_ACTIONS = ("accept", "reject", "edit", "merge", "split", "add")
DOC_ACTIONS = ("meta", "upload")
PROPOSALS = ("conflict",)  # logged for the record, never applied
EDITABLE = ("date", "date_end", "precision", "actors", "event_type", "summary")
PRECISIONS = ("day", "week", "month", "quarter", "season", "year", "decade", "century")
STATUS = ("", "accepted", "rejected")

_NON_WORD = re.compile(r"\W+")


def _norm(s) -> str:
    return _NON_WORD.sub(" ", str(s or "").lower()).strip()


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class Edit:
    id: int
    who: str
    at: str
    action: str
    target: str
    evidence: list = field(default_factory=list)
    previous: object = None
    new: object = None
    undone: bool = False
    undone_by: str | None = None
    undone_at: str | None = None

    def describe(self) -> str:
        """One line for people: what the edit does."""
        n = self.new if isinstance(self.new, dict) else {}
        if self.action == "edit":
            return "edit " + ", ".join(f"{k} → {_show(v)}" for k, v in n.items())
        if self.action == "merge":
            return f"merge event {n.get('other', '?')} into this one"
        if self.action == "split":
            return f"split {len(n.get('mentions', []))} mention(s) off into {n.get('new_id', '?')}"
        if self.action == "add":
            return f"add event {n.get('event_id')}: {n.get('summary', '')}"
        if self.action == "meta":
            return "set " + ", ".join(f"{k} → {_show(v)}" for k, v in n.items() if k != "file")
        if self.action == "upload":
            return f"add article {n.get('file', self.target)}"
        if self.action == "conflict":
            return "conflicting proposal (not applied): " + ", ".join(f"{k} → {_show(v)}" for k, v in n.items())
        return self.action


def _show(v) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "(none)"
    return "(none)" if v in (None, "") else str(v)


# ---------------------------------------------------------------------------- the log

class Log:
    """The edit log in one database (SQLite or PostgreSQL, through a SQLAlchemy engine)."""

    def __init__(self, engine: Engine):
        self.engine = edits.configure(engine)
        edits.ensure_schema(self.engine)

    @staticmethod
    def _row(who: str, action: str, target: str, new, previous, evidence) -> dict:
        if action not in EVENT_ACTIONS + DOC_ACTIONS + PROPOSALS:
            raise ValueError(f"unknown action {action!r}")
        return {"who": clean_name(who), "at": now(), "action": action,
                "target": str(target), "evidence": json.dumps(list(evidence), ensure_ascii=False),
                "previous": json.dumps(previous, ensure_ascii=False, default=str),
                "new": json.dumps(new, ensure_ascii=False, default=str), "undone": False}

    def record(self, who: str, action: str, target: str, new=None, previous=None, evidence=()) -> int:
        """Append one edit; returns its id. Each edit is its own transaction, so concurrent writers
        (two browser sessions, the app and a script) only queue, and nothing is lost."""
        row = self._row(who, action, target, new, previous, evidence)

        def go():
            with edits.transaction(self.engine) as conn:
                return int(conn.execute(sa.insert(edits.edit_table).values(**row)).inserted_primary_key[0])
        return edits.retrying(go)

    def record_edit(self, who: str, event_id: str, new: dict, previous: dict, evidence=(),
                    base: int | None = None, seen: dict | None = None) -> int:
        """Record an ``edit`` of ``event_id`` made on version ``base`` of the event (``version_of``), where
        its editor saw the values ``seen``. When a newer live edit of the event changed one of the same fields
        to another value, nothing is applied: the values are logged as a ``conflict`` proposal and
        :class:`Conflict` is raised with theirs and yours. ``base=None`` saves over whatever is there."""
        row = self._row(who, "edit", event_id, new, previous, evidence)
        t = edits.edit_table.c

        def go():
            with edits.transaction(self.engine) as conn:
                if base is not None:
                    edits.lock_target(conn, str(event_id))
                    newer = conn.execute(
                        sa.select(edits.edit_table).where(t.target == str(event_id), t.undone == sa.false(),
                                                          t.id > int(base), t.action.in_(EVENT_ACTIONS))
                        .order_by(t.id)).mappings().all()
                    theirs, by = _changed_since([_edit(r) for r in newer], new, seen or previous or {})
                    if theirs:
                        proposal = dict(row, action="conflict",
                                        previous=json.dumps(theirs, ensure_ascii=False, default=str))
                        pid = int(conn.execute(sa.insert(edits.edit_table).values(**proposal))
                                  .inserted_primary_key[0])
                        return Conflict(str(event_id), theirs, {k: new[k] for k in theirs}, by,
                                        int(newer[-1]["id"]), pid)
                return int(conn.execute(sa.insert(edits.edit_table).values(**row)).inserted_primary_key[0])
        result = edits.retrying(go)
        if isinstance(result, Conflict):
            raise result
        return result

    def version_of(self, event_id: str) -> int:
        """The version of an event: the id of its newest live edit (0 when it has none)."""
        t = edits.edit_table.c
        q = sa.select(sa.func.max(t.id)).where(t.target == str(event_id), t.undone == sa.false(),
                                                t.action.in_(EVENT_ACTIONS))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar() or 0)

    def edits(self, include_undone: bool = True) -> list[Edit]:
        q = sa.select(edits.edit_table).order_by(edits.edit_table.c.id)
        if not include_undone:
            q = q.where(edits.edit_table.c.undone == sa.false())
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        return [_edit(r) for r in rows]

    def revision(self) -> str:
        """Changes whenever an edit is added or undone (a cache key for the curated frames)."""
        t = edits.edit_table.c
        q = sa.select(sa.func.count(), sa.func.max(t.id),
                      sa.func.sum(sa.case((t.undone == sa.true(), 1), else_=0)))
        with self.engine.connect() as conn:
            n, top, undone = conn.execute(q).one()
        return f"{n}-{top or 0}-{undone or 0}"

    def undo_last(self, who: str | None = None, actions=None) -> Edit | None:
        """Flag the newest edit (of ``who`` when given) as undone; returns it, or None if none is left."""
        t = edits.edit_table.c

        def go():
            with edits.transaction(self.engine) as conn:
                q = sa.select(edits.edit_table).where(t.undone == sa.false()).order_by(t.id.desc()).limit(1)
                if who:
                    q = q.where(t.who == who)
                if actions:
                    q = q.where(t.action.in_(list(actions)))
                row = conn.execute(q.with_for_update()).mappings().first()
                if row is None:
                    return None
                conn.execute(sa.update(edits.edit_table).where(t.id == row["id"], t.undone == sa.false())
                             .values(undone=True, undone_by=who or DEFAULT_USER, undone_at=now()))
                return _edit(row)
        return edits.retrying(go)

    def withdraw(self, edit_id: int, why: str) -> None:
        """Flag one edit as undone (an edit recorded before its change, when the change could not be made)."""
        t = edits.edit_table.c

        def go():
            with edits.transaction(self.engine) as conn:
                conn.execute(sa.update(edits.edit_table).where(t.id == edit_id)
                             .values(undone=True, undone_by=why, undone_at=now()))
        edits.retrying(go)

    def history(self) -> pd.DataFrame:
        """Every edit, newest first, for display."""
        rows = [{"id": e.id, "when": e.at, "who": e.who, "action": e.action, "target": e.target,
                 "change": e.describe(), "previous": json.dumps(e.previous, ensure_ascii=False, default=str),
                 "undone": f"undone by {e.undone_by} at {e.undone_at}" if e.undone else ""}
                for e in reversed(self.edits())]
        return pd.DataFrame(rows, columns=["id", "when", "who", "action", "target", "change", "previous", "undone"])


class Conflict(Exception):
    """A save refused because someone else changed the same fields of the event since the editor saw it."""

    def __init__(self, event_id: str, theirs: dict, yours: dict, by: list[str], version: int, proposal: int):
        self.event_id, self.theirs, self.yours, self.by = event_id, theirs, yours, by
        self.version = version    # the event's version now: save on it to put yours over theirs
        self.proposal = proposal  # the log row that keeps yours as a conflicting proposal
        super().__init__(f"{', '.join(by) or 'someone'} changed this event while you were editing it: "
                         + "; ".join(f"{k}: theirs {_show(theirs[k])}, yours {_show(yours[k])}" for k in theirs))


def conflict_lines(theirs: dict, yours: dict) -> list[tuple[str, str, str]]:
    """(field, their value, your value) as text, for each field of a conflict."""
    return [(k, _show(theirs[k]), _show(yours.get(k))) for k in theirs]


def _changed_since(newer: list[Edit], mine: dict, seen: dict) -> tuple[dict, list[str]]:
    """The fields of ``mine`` that newer edits set to another value (their newest values), and who did."""
    theirs: dict = {}
    by: list[str] = []
    for e in newer:
        changed = dict(e.new) if e.action == "edit" and isinstance(e.new, dict) else {}
        if e.action in ("accept", "reject", "merge", "split"):
            continue  # status and mentions: no field of an edit
        for k, v in changed.items():
            if k in mine:
                theirs[k] = v
                if e.who not in by:
                    by.append(e.who)
    theirs = {k: v for k, v in theirs.items() if v != mine[k] and v != seen.get(k, object())}
    return theirs, (by if theirs else [])


def _edit(r) -> Edit:
    return Edit(id=int(r["id"]), who=r["who"], at=r["at"], action=r["action"], target=r["target"],
                evidence=json.loads(r["evidence"] or "[]"), previous=json.loads(r["previous"] or "null"),
                new=json.loads(r["new"] or "null"), undone=bool(r["undone"]), undone_by=r["undone_by"],
                undone_at=r["undone_at"])


# ------------------------------------------------------------------------ evidence keys

def mention_key(doc, sentence, start, date_start, date_end) -> str:
    """What identifies a mention across builds: its document, its sentence and the date as written there."""
    s = str(sentence or "")
    a, b = int(date_start) - int(start), int(date_end) - int(start)
    date_text = s[a:b] if 0 <= a < b <= len(s) else ""
    return f"{doc}|{_norm(s)}|{_norm(date_text)}"


def mention_keys(mentions: pd.DataFrame) -> list[str]:
    return [mention_key(*r) for r in zip(mentions["doc"], mentions["sentence"], mentions["start"],
                                         mentions["date_start"], mentions["date_end"])]


def evidence_of(mentions: pd.DataFrame, event_id: str) -> list[str]:
    """The evidence keys of one event (store them with an edit of that event)."""
    return mention_keys(mentions[mentions["event_id"] == event_id])


# -------------------------------------------------------------------------------- replaying the log

@dataclass
class Curated:
    events: pd.DataFrame      # the corpus events with the edits applied; column ``status``: "", accepted, rejected
    mentions: pd.DataFrame
    orphans: list[tuple[Edit, str]]       # edits whose event is gone, with the reason
    reattached: list[tuple[Edit, str]]    # edits re-attached by their evidence to another event_id
    applied: int = 0

    def visible(self, show_rejected: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Events and mentions without the rejected events (unless asked for)."""
        if show_rejected:
            return self.events, self.mentions
        events = self.events[self.events["status"] != "rejected"].reset_index(drop=True)
        return events, self.mentions[self.mentions["event_id"].isin(set(events["event_id"]))].reset_index(drop=True)


class _Editable:
    """Events as dicts and mentions as a list of dicts: easy to change one at a time."""

    def __init__(self, events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame | None):
        self.columns = list(events.columns)
        self.mcolumns = list(mentions.columns)
        self.events: dict[str, dict] = {}
        for r in events.to_dict("records"):
            r.setdefault("status", "")
            r["status"] = r.get("status") or ""
            r["edited_by"] = list(r.get("edited_by") or [])
            self.events[str(r["event_id"])] = r
        self.mentions: list[dict] = mentions.to_dict("records")
        self.docs = documents.set_index("doc") if documents is not None and len(documents) else None
        self._index()

    def _index(self) -> None:
        self.by_event: dict[str, list[dict]] = {}
        self.by_key: dict[str, set[str]] = {}
        for m in self.mentions:
            eid = str(m["event_id"])
            self.by_event.setdefault(eid, []).append(m)
            k = mention_key(m["doc"], m["sentence"], m["start"], m["date_start"], m["date_end"])
            m["_key"] = k
            self.by_key.setdefault(k, set()).add(eid)

    def resolve(self, target: str, evidence) -> str | None:
        if target in self.events:
            return target
        votes: Counter = Counter()
        for k in evidence or ():
            for eid in self.by_key.get(k, ()):
                if eid in self.events:
                    votes[eid] += 1
        if not votes:
            return None
        best = max(votes.values())
        return sorted(e for e, v in votes.items() if v == best)[0]

    def recount(self, eid: str) -> None:
        e, ms = self.events[eid], self.by_event.get(eid, [])
        e["n_mentions"] = len(ms)
        e["docs"] = list(dict.fromkeys(str(m["doc"]) for m in ms))
        outlets = {("outlet:" + str(m["outlet"]).lower()) if isinstance(m["outlet"], str) and m["outlet"]
                   else "doc:" + str(m["doc"]) for m in ms}
        e["sources"] = max(1, len(outlets)) if ms else 0
        e["caption"] = bool(ms) and all(bool(m["caption"]) for m in ms)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        cols = self.columns + [c for c in ("status", "edited_by") if c not in self.columns]
        events = pd.DataFrame(list(self.events.values()), columns=cols)
        for m in self.mentions:
            m.pop("_key", None)
        return events, pd.DataFrame(self.mentions, columns=self.mcolumns)


def _timestamp(v):
    if v in (None, ""):
        return pd.NaT
    return pd.Timestamp(str(v)[:10])


def _period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    if pd.isna(start):
        return pd.NaT
    p = {"day": pd.offsets.Day(0), "week": pd.DateOffset(days=6), "month": pd.offsets.MonthEnd(0),
         "quarter": pd.offsets.QuarterEnd(0), "season": pd.DateOffset(months=3, days=-1),
         "year": pd.offsets.YearEnd(0), "decade": pd.DateOffset(years=10, days=-1),
         "century": pd.DateOffset(years=100, days=-1)}.get(precision or "day", pd.offsets.Day(0))
    return start + p


def _set_fields(e: dict, new: dict) -> None:
    for k, v in new.items():
        if k == "actors":
            e["actors"] = [str(a).strip() for a in (v or []) if str(a).strip()]
            e["subject"] = e["actors"][0] if e["actors"] else pd.NA
        elif k in ("date", "date_end"):
            e[k] = _timestamp(v)
        elif k in ("precision", "event_type", "summary"):
            e[k] = v if v not in (None, "") else (pd.NA if k != "summary" else "")
    if "date" in new or "precision" in new:
        if pd.isna(e["date"]):
            e["date_end"], e["precision"] = pd.NaT, pd.NA
        else:
            if "date_end" not in new or pd.isna(e.get("date_end")):
                e["date_end"] = _period_end(e["date"], e.get("precision") or "day")
            e["anchored"] = True
            if pd.isna(e.get("precision")):
                e["precision"] = "day"
            e["date_value"] = iso_day(e["date"])


def apply_edits(events: pd.DataFrame, mentions: pd.DataFrame, edit_list: list[Edit],
                documents: pd.DataFrame | None = None) -> Curated:
    """The frames with every live edit replayed in order; edits whose event is gone are returned as orphans."""
    work = _Editable(events, mentions, documents)
    orphans: list[tuple[Edit, str]] = []
    moved: list[tuple[Edit, str]] = []
    applied = 0
    for edit in edit_list:
        if edit.undone or edit.action not in EVENT_ACTIONS:
            continue
        new = edit.new if isinstance(edit.new, dict) else {}
        if edit.action == "add":
            reason = _add(work, edit, new)
            if reason:
                orphans.append((edit, reason))
            else:
                applied += 1
            continue
        eid = work.resolve(edit.target, edit.evidence)
        if eid is None:
            orphans.append((edit, "event not found (neither its id nor its evidence)"))
            continue
        if eid != edit.target:
            moved.append((edit, eid))
        e = work.events[eid]
        if edit.action in ("accept", "reject"):
            e["status"] = "accepted" if edit.action == "accept" else "rejected"
        elif edit.action == "edit":
            _set_fields(e, {k: v for k, v in new.items() if k in EDITABLE})
        elif edit.action == "merge":
            other = work.resolve(str(new.get("other", "")), new.get("other_evidence"))
            if other is None:
                orphans.append((edit, "the event to merge in is gone"))
                continue
            if other != eid:
                for m in work.by_event.pop(other, []):
                    m["event_id"] = eid
                    work.by_event.setdefault(eid, []).append(m)
                    work.by_key.setdefault(m["_key"], set()).discard(other)
                    work.by_key[m["_key"]].add(eid)
                gone = work.events.pop(other)
                e["actors"] = list(dict.fromkeys(list(e["actors"]) + list(gone["actors"])))
                e["confidence"] = max(e["confidence"], gone["confidence"])
                work.recount(eid)
        elif edit.action == "split":
            keys = set(new.get("mentions", []))
            mine = work.by_event.get(eid, [])
            out = [m for m in mine if m["_key"] in keys]
            if not out:
                orphans.append((edit, "none of the mentions to split off is left"))
                continue
            if len(out) == len(mine):
                orphans.append((edit, "the split would leave the event without evidence"))
                continue
            nid = str(new.get("new_id") or f"split-{edit.id}")
            work.events[nid] = {**e, "event_id": nid, "status": "", "edited_by": []}
            for k in ("actors",):
                work.events[nid][k] = list(e[k])
            work.by_event[eid] = [m for m in mine if m["_key"] not in keys]
            work.by_event[nid] = out
            for m in out:
                m["event_id"] = nid
                work.by_key[m["_key"]].discard(eid)
                work.by_key[m["_key"]].add(nid)
            work.recount(eid)
            work.recount(nid)
            work.events[nid]["edited_by"] = [edit.who]
        applied += 1
        if edit.who not in e["edited_by"]:
            e["edited_by"].append(edit.who)
    edited_events, edited_mentions = work.frames()
    return Curated(_typed(edited_events, events), edited_mentions, orphans, moved, applied)


def _add(work: _Editable, edit: Edit, new: dict) -> str | None:
    evidence = new.get("evidence") or {}
    doc = str(evidence.get("doc", ""))
    eid = str(new.get("event_id") or f"manual-{edit.id}")
    if work.docs is not None and doc not in work.docs.index:
        return f"its document {doc} is gone"
    if eid in work.events:
        return None  # replayed twice: nothing to do
    d = work.docs.loc[doc] if work.docs is not None else None
    quote = str(evidence.get("quote", ""))
    start = int(evidence.get("start", 0))
    m = {c: None for c in work.mcolumns}
    m.update({"event_id": eid, "doc": doc, "sentence": quote, "start": start, "end": start + len(quote),
              "date_start": 0, "date_end": 0, "caption": False,
              "outlet": (d["outlet"] if d is not None else "") or "",
              "published": d["published"] if d is not None else pd.NaT, "actor_spans": []})
    work.mentions.append(m)
    m["_key"] = mention_key(doc, quote, start, 0, 0)
    work.by_event[eid] = [m]
    work.by_key.setdefault(m["_key"], set()).add(eid)
    e = {c: None for c in work.columns}
    e.update({"event_id": eid, "date": pd.NaT, "date_end": pd.NaT, "precision": pd.NA, "date_value": "",
              "date_text": str(new.get("date_text") or new.get("date") or ""), "actors": [], "subject": pd.NA,
              "event_type": "other", "summary": "", "confidence": 1.0, "planned": False, "caption": False,
              "anchored": True, "status": "accepted", "edited_by": [edit.who]})
    _set_fields(e, {k: v for k, v in new.items() if k in EDITABLE})
    work.events[eid] = e
    work.recount(eid)
    return None


def _typed(events: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """Give the curated frame the dtypes of the built one (categories grown as needed)."""
    for c in like.columns:
        if c not in events.columns:
            continue
        dtype = like[c].dtype
        try:
            if isinstance(dtype, pd.CategoricalDtype):
                vals = events[c].astype("string")
                cats = list(dict.fromkeys([*dtype.categories, *[v for v in vals.dropna().unique()]]))
                events[c] = pd.Categorical(vals, categories=cats)
            elif str(dtype).startswith("datetime64"):
                events[c] = pd.to_datetime(events[c]).astype(dtype)
            elif str(dtype) in ("int64", "float64", "bool", "string"):
                events[c] = events[c].astype(dtype)
        except (TypeError, ValueError):
            pass
    events["status"] = events["status"].fillna("").astype("string")
    return events


# ------------------------------------------------------------------ recording event edits

def new_event_id() -> str:
    return "manual-" + uuid.uuid4().hex[:10]


def event_values(events: pd.DataFrame, event_id: str) -> dict:
    """The editable fields of one event as plain JSON values."""
    rows = events[events["event_id"] == event_id]
    if rows.empty:
        return {}
    e = rows.iloc[0]
    return {"date": iso_day(e["date"]), "date_end": iso_day(e["date_end"]),
            "precision": None if pd.isna(e["precision"]) else str(e["precision"]),
            "actors": [str(a) for a in e["actors"]], "event_type": str(e["event_type"]),
            "summary": "" if pd.isna(e["summary"]) else str(e["summary"]),
            "status": str(e["status"]) if "status" in e.index and not pd.isna(e["status"]) else ""}


class Curator:
    """Records event edits against the current (curated) frames: previous values and evidence included."""

    def __init__(self, log: Log, events: pd.DataFrame, mentions: pd.DataFrame, who: str = DEFAULT_USER):
        self.log, self.events, self.mentions, self.who = log, events, mentions, who or DEFAULT_USER

    def version(self, event_id: str) -> int:
        """The event's version now (give it back to ``edit`` as ``base``)."""
        return self.log.version_of(event_id)

    def _record(self, action, event_id, new, previous):
        return self.log.record(self.who, action, event_id, new=new, previous=previous,
                               evidence=evidence_of(self.mentions, event_id))

    def accept(self, event_id: str) -> int:
        return self._record("accept", event_id, {"status": "accepted"},
                            {"status": event_values(self.events, event_id).get("status", "")})

    def reject(self, event_id: str) -> int:
        return self._record("reject", event_id, {"status": "rejected"},
                            {"status": event_values(self.events, event_id).get("status", "")})

    def edit(self, event_id: str, base: int | None = None, seen: dict | None = None, **changes) -> int | None:
        """Record only the fields that really change (from ``seen``, the values the editor was shown, else the
        current ones); None when nothing does. With ``base`` (the version the editor saw), raises
        :class:`Conflict` when someone else changed the same fields since (see ``Log.record_edit``)."""
        before = dict(seen) if seen is not None else event_values(self.events, event_id)
        bad = set(changes) - set(EDITABLE)
        if bad:
            raise ValueError(f"cannot edit {', '.join(sorted(bad))}; editable: {', '.join(EDITABLE)}")
        if changes.get("precision") not in (None, "") and changes["precision"] not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}")
        for k in ("date", "date_end"):
            if changes.get(k):
                changes[k] = iso_day(str(changes[k]))
        diff = {k: v for k, v in changes.items() if before.get(k) != v}
        if not diff:
            return None
        return self.log.record_edit(self.who, event_id, diff, {k: before.get(k) for k in diff},
                                    evidence_of(self.mentions, event_id), base=base, seen=before)

    def merge(self, keep: str, other: str) -> int:
        if keep == other:
            raise ValueError("choose two different events to merge")
        return self._record("merge", keep, {"other": other, "other_evidence": evidence_of(self.mentions, other)},
                            {"other": event_values(self.events, other)})

    def split(self, event_id: str, mention_rows: pd.DataFrame) -> int:
        """Move the given mentions (rows of ``mentions``) of an event to a new event."""
        keys = mention_keys(mention_rows)
        if not keys:
            raise ValueError("choose the mentions to split off")
        if len(set(keys)) >= len(evidence_of(self.mentions, event_id)):
            raise ValueError("leave at least one mention with the event")
        new_id = "split-" + uuid.uuid4().hex[:10]
        return self._record("split", event_id, {"mentions": keys, "new_id": new_id}, None)

    def add(self, *, doc: str, quote: str, start: int = 0, date: str | None = None, precision: str = "day",
            actors=(), event_type: str = "other", summary: str = "", date_text: str = "") -> tuple[int, str]:
        if not quote.strip():
            raise ValueError("an event needs its evidence: a sentence from the document")
        eid = new_event_id()
        new = {"event_id": eid, "date": iso_day(date) if date else None,
               "precision": precision if date else None, "actors": [a for a in actors if a],
               "event_type": event_type or "other", "summary": summary, "date_text": date_text or (date or ""),
               "evidence": {"doc": doc, "quote": quote.strip(), "start": int(start)}}
        return self.log.record(self.who, "add", eid, new=new, previous=None), eid
