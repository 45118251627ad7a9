"""Filter state of the dashboard: URL query parameters <-> a typed ``Filters``, and filtering.

``parse(params, domain)`` reads query parameters (as ``{name: [values]}``) into ``Filters`` and
returns a notice for every parameter it had to ignore; ``serialize(filters)`` writes them back,
leaving out defaults so that addresses stay short. ``filter_events(filters, events, mentions)`` keeps the
matching events with vectorized pandas/numpy operations over a precomputed ``Index``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ..extract.records import iso_day
from .window import default_window

NO_OUTLET = "(unknown outlet)"
NO_SIDE = "(no side)"
LANES = ("actor", "type")
COLORS = ("type", "side")
PERIODS = ("auto", "week", "month")
MODES = ("auto", "key", "all")  # the Timeline page: key events, all events, or key events when there are many
VIEWS = ("chronology", "actor", "event", "source")  # the dashboard's pages, by the last part of their address


@dataclass(frozen=True)
class Filters:
    """Everything that defines a view: the sidebar filters plus per-page view choices."""

    start: dt.date | None = None          # events ending before this day are dropped (and undated events)
    end: dt.date | None = None            # events starting after this day are dropped (and undated events)
    actors: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    q: str = ""                           # free text, over summaries and sentences
    min_sources: int = 1
    undated: bool = True                  # keep events without a date (when no date range is set)
    captions: bool = False                # keep events only seen in photo captions
    # view choices of single pages
    lanes: str = "actor"
    color: str = "type"
    period: str = "auto"
    mode: str = "auto"
    event: str = ""
    doc: str = ""
    view: str = "chronology"              # the page

    @property
    def narrowing(self) -> bool:
        """True when some filter (not a view choice) differs from its default."""
        base = Filters()
        return any(getattr(self, f) != getattr(base, f) for f in FILTER_FIELDS)


FILTER_FIELDS = ("start", "end", "actors", "sides", "types", "outlets", "q", "min_sources", "undated", "captions")
VIEW_FIELDS = ("lanes", "color", "period", "mode", "event", "doc", "view")
# query parameter name -> field name
PARAMS = {"from": "start", "to": "end", "actor": "actors", "side": "sides", "type": "types", "outlet": "outlets",
          "q": "q", "min_sources": "min_sources", "undated": "undated", "captions": "captions", "lanes": "lanes",
          "color": "color", "period": "period", "mode": "mode", "event": "event", "doc": "doc", "view": "view"}
FIELD_PARAM = {v: k for k, v in PARAMS.items()}
_CHOICES = {"lanes": LANES, "color": COLORS, "period": PERIODS, "mode": MODES, "view": VIEWS}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
MAX_QUERY = 200
MAX_NOTICES = 10  # a link with thousands of bad parameters gives this many notices and a count of the rest


@dataclass(frozen=True)
class Domain:
    """The values a corpus allows; parameters outside it are ignored with a notice."""

    actors: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    docs: frozenset[str] = frozenset()
    first: dt.date | None = None
    last: dt.date | None = None
    # where the events are (``window.default_window``: captions and a few far-off mentions left out): the date
    # filter's default range
    window_first: dt.date | None = None
    window_last: dt.date | None = None


def _values(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def parse(params: Mapping[str, Iterable[str] | str], domain: Domain | None = None) -> tuple[Filters, list[str]]:
    """Query parameters -> (Filters, notices). Never raises on user input."""
    notices: list[str] = []
    values: dict = {}
    for name in params:
        raw = _values(params[name])
        fname = PARAMS.get(name)
        if fname is None:
            notices.append(f"Ignored unknown parameter “{_short(name)}”.")
            continue
        if fname in ("start", "end"):
            d = _date(raw[-1]) if raw else None
            if d is None:
                notices.append(f"Ignored “{name}={_short(raw[-1] if raw else '')}”: write dates as YYYY-MM-DD.")
                continue
            values[fname] = d
        elif fname in ("actors", "sides", "types", "outlets"):
            allowed = getattr(domain, fname) if domain is not None else None
            kept = []
            for v in raw:
                v = v.strip()
                if not v or v in kept:
                    continue
                if allowed is not None and v not in allowed:
                    notices.append(f"Ignored {name} “{_short(v)}”: not in this corpus.")
                    continue
                kept.append(v)
            values[fname] = tuple(kept)
        elif fname == "q":
            text = raw[-1] if raw else ""
            if len(text) > MAX_QUERY:
                notices.append(f"Shortened the search “{_short(text)}” to its first {MAX_QUERY} characters.")
            values[fname] = text[:MAX_QUERY]
        elif fname == "min_sources":
            text = raw[-1].strip() if raw else ""
            if not text.isdigit() or int(text) < 1 or int(text) > 10_000:
                notices.append(f"Ignored “{name}={_short(text)}”: expected a whole number from 1.")
                continue
            values[fname] = int(text)
        elif fname in ("undated", "captions"):
            text = (raw[-1] if raw else "").strip().lower()
            if text in _TRUE:
                values[fname] = True
            elif text in _FALSE:
                values[fname] = False
            else:
                notices.append(f"Ignored “{name}={_short(text)}”: expected 1 or 0.")
        elif fname in _CHOICES:
            text = (raw[-1] if raw else "").strip().lower()
            if text not in _CHOICES[fname]:
                notices.append(f"Ignored “{name}={_short(text)}”: expected one of {', '.join(_CHOICES[fname])}.")
                continue
            values[fname] = text
        elif fname in ("event", "doc"):
            text = (raw[-1] if raw else "").strip()
            allowed = (domain.events if fname == "event" else domain.docs) if domain is not None else None
            if allowed is not None and text and text not in allowed:
                notices.append(f"Ignored {name} “{_short(text)}”: not in this corpus.")
                continue
            values[fname] = text
    start, end = values.get("start"), values.get("end")
    if start and end and start > end:
        notices.append("Ignored the date range: “from” is after “to”.")
        values.pop("start"), values.pop("end")
    if len(notices) > MAX_NOTICES:
        notices[MAX_NOTICES - 1:] = [f"… and {len(notices) - MAX_NOTICES + 1:,} more parameter values ignored."]
    return Filters(**values), notices


# Streamlit's server drops a link's whole query string when it has more than 1,000 parameters or 512 Ki
# characters, so the app never sees it. This page script (it holds no data) says so in the sidebar and
# clears the address bar; any other link shows the app's own notices.
LINK_LIMITS = (1000, 512 * 1024)
DROPPED_LINK_HTML = """<div data-testid="dropped-link" style="font-size:13px;color:#8A6100"></div>
<script>(() => {
  const q = window.location.search.slice(1);
  const n = q ? q.split("&").length : 0;
  if (n <= %d && q.length <= %d) return;
  document.querySelectorAll('[data-testid="dropped-link"]').forEach(el => { el.textContent =
    "\u26a0 Ignored this link's " + n.toLocaleString("en") + " parameters (" + q.length.toLocaleString("en") +
    " characters): more than a link may hold."; });
  history.replaceState(null, "", window.location.pathname);
})();</script>""" % LINK_LIMITS


def serialize(f: Filters) -> dict[str, str | list[str]]:
    """Filters -> query parameters, defaults left out."""
    base = Filters()
    out: dict[str, str | list[str]] = {}
    for fl in fields(Filters):
        v = getattr(f, fl.name)
        if v == getattr(base, fl.name):
            continue
        name = FIELD_PARAM[fl.name]
        if isinstance(v, tuple):
            out[name] = list(v)
        elif isinstance(v, bool):
            out[name] = "1" if v else "0"
        elif isinstance(v, dt.date):
            out[name] = iso_day(v)
        else:
            out[name] = str(v)
    return out


def normalized(params: Mapping[str, Iterable[str] | str]) -> tuple:
    """A comparable form of query parameters (order of names ignored, order of values kept)."""
    return tuple(sorted((k, tuple(_values(v))) for k, v in params.items()))


def with_changes(f: Filters, **changes) -> Filters:
    return replace(f, **changes)


# ------------------------------------------------------------------ filtering

@dataclass
class Index:
    """Exploded event -> value pairs and search text, computed once per corpus."""

    n: int
    actor_pos: np.ndarray
    actor: pd.Series          # categorical, aligned with actor_pos
    side_pos: np.ndarray
    side: pd.Series
    outlet_pos: np.ndarray
    outlet: pd.Series
    text: pd.Series           # lower-cased summary + sentences, one per event
    undated: np.ndarray
    start_s: np.ndarray      # int64 seconds since 1970, NaT as min/max so comparisons drop nothing by mistake
    end_s: np.ndarray
    extra: dict = field(default_factory=dict)

    def pairs(self, keep: np.ndarray) -> pd.DataFrame:
        """(row, actor) pairs of the kept events; ``row`` is the position among the kept events."""
        sel = keep[self.actor_pos]
        newpos = np.cumsum(keep) - 1
        codes = self.actor.cat.codes.to_numpy()[sel]
        return pd.DataFrame({"row": newpos[self.actor_pos[sel]],
                             "actor": pd.Categorical.from_codes(codes, self.actor.cat.categories)})


def side_map(actors: pd.DataFrame | None) -> dict[str, str]:
    if actors is None or actors.empty:
        return {}
    sides = actors["side"].astype("string").fillna("")
    return {a: (s if s else NO_SIDE) for a, s in zip(actors["actor"].astype(str), sides)}


def build_index(events: pd.DataFrame, mentions: pd.DataFrame, actors: pd.DataFrame | None = None) -> Index:
    n = len(events)
    events = events.reset_index(drop=True)
    ex = events["actors"].explode()
    ex = ex[ex.notna()]
    actor_pos = ex.index.to_numpy(dtype=np.int64)
    actor = ex.astype("string").astype("category").reset_index(drop=True)
    sides = side_map(actors)
    side_vals = actor.astype(str).map(lambda a: sides.get(a, NO_SIDE)) if len(actor) else pd.Series([], dtype=str)
    sp = pd.DataFrame({"pos": actor_pos, "side": side_vals.to_numpy()}).drop_duplicates()
    ids = pd.Index(events["event_id"].astype(str))
    if len(mentions):
        mpos = ids.get_indexer(mentions["event_id"].astype(str))
        outlet = mentions["outlet"].astype("string").fillna("").replace("", NO_OUTLET)
        op = pd.DataFrame({"pos": mpos, "outlet": outlet.to_numpy()})
        op = op[op["pos"] >= 0].drop_duplicates()
        sent = pd.DataFrame({"pos": mpos, "s": mentions["sentence"].astype("string").fillna("")})
        sent = sent[sent["pos"] >= 0].groupby("pos")["s"].agg(" \n ".join)
    else:
        op = pd.DataFrame({"pos": np.array([], dtype=np.int64), "outlet": np.array([], dtype=object)})
        sent = pd.Series([], dtype="string")
    text = events["summary"].astype("string").fillna("")
    if len(sent):
        extra_text = pd.Series("", index=range(n), dtype="string")
        extra_text.loc[sent.index.to_numpy()] = sent.to_numpy()
        text = text + " \n " + extra_text
    date = events["date"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    dend = events["date_end"].fillna(events["date"]).to_numpy(dtype="datetime64[s]").astype(np.int64)
    undated = events["date"].isna().to_numpy()
    return Index(n=n, actor_pos=actor_pos, actor=actor, side_pos=sp["pos"].to_numpy(dtype=np.int64),
                 side=sp["side"].astype("category").reset_index(drop=True),
                 outlet_pos=op["pos"].to_numpy(dtype=np.int64),
                 outlet=op["outlet"].astype("category").reset_index(drop=True),
                 text=text.str.lower(), undated=undated, start_s=date, end_s=dend)


def _any_of(n: int, pos: np.ndarray, values: pd.Series, wanted: tuple[str, ...]) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    hit = values.isin(wanted).to_numpy()
    m[pos[hit]] = True
    return m


def mask(f: Filters, events: pd.DataFrame, mentions: pd.DataFrame | None = None, actors: pd.DataFrame | None = None,
         index: Index | None = None) -> np.ndarray:
    """Boolean array over ``events`` rows: True for events the filters keep."""
    ix = index if index is not None else build_index(events, mentions if mentions is not None else
                                                      pd.DataFrame(columns=["event_id", "outlet", "sentence"]), actors)
    n = len(events)
    keep = np.ones(n, dtype=bool)
    if f.start or f.end:
        lo = np.datetime64(f.start, "s").astype(np.int64) if f.start else np.iinfo(np.int64).min
        hi = np.datetime64(f.end, "s").astype(np.int64) if f.end else np.iinfo(np.int64).max
        # an undated event is in no date range: it is left out, and counted apart (``undated_apart``)
        keep &= ~ix.undated & (ix.end_s >= lo) & (ix.start_s <= hi)
    elif not f.undated:
        keep &= ~ix.undated
    if not f.captions:
        keep &= ~events["caption"].to_numpy(dtype=bool)
    if f.min_sources > 1:
        keep &= events["sources"].to_numpy() >= f.min_sources
    if f.types:
        keep &= events["event_type"].astype(str).isin(f.types).to_numpy()
    if f.actors:
        keep &= _any_of(n, ix.actor_pos, ix.actor, f.actors)
    if f.sides:
        keep &= _any_of(n, ix.side_pos, ix.side, f.sides)
    if f.outlets:
        keep &= _any_of(n, ix.outlet_pos, ix.outlet, f.outlets)
    q = f.q.strip().lower()
    if q:
        for word in q.split():
            keep &= ix.text.str.contains(word, regex=False).fillna(False).to_numpy(dtype=bool)
    return keep


def has_dates(f: Filters) -> bool:
    return bool(f.start or f.end)


def undated_apart(f: Filters, events: pd.DataFrame, mentions: pd.DataFrame | None = None,
                  actors: pd.DataFrame | None = None, index: Index | None = None) -> np.ndarray:
    """The undated events a date range leaves out but every other filter keeps (all False without a date range,
    or when undated events are switched off): the pages list them apart, with their number."""
    if not has_dates(f) or not f.undated:
        return np.zeros(len(events), dtype=bool)
    ix = index if index is not None else build_index(events, mentions if mentions is not None else
                                                      pd.DataFrame(columns=["event_id", "outlet", "sentence"]), actors)
    return ix.undated & mask(replace(f, start=None, end=None), events, index=ix)


def filter_events(f: Filters, events: pd.DataFrame, mentions: pd.DataFrame | None = None,
                  actors: pd.DataFrame | None = None, index: Index | None = None) -> pd.DataFrame:
    """The events the filters keep (a row subset of ``events``, index preserved)."""
    return events[mask(f, events, mentions, actors, index)]


def domain_of(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame,
              actors: pd.DataFrame | None = None, index: Index | None = None) -> Domain:
    ix = index or build_index(events, mentions, actors)
    dates = events["date"].dropna()
    ends = events["date_end"].dropna()
    w = default_window(events["date"], events["date_end"], events["caption"]) if len(dates) else None
    return Domain(actors=frozenset(ix.actor.cat.categories.astype(str)),
                  sides=frozenset(ix.side.cat.categories.astype(str)) if len(ix.side) else frozenset(),
                  types=frozenset(events["event_type"].dropna().astype(str)),
                  outlets=frozenset(ix.outlet.cat.categories.astype(str)) if len(ix.outlet) else frozenset(),
                  events=frozenset(events["event_id"].astype(str)), docs=frozenset(documents["doc"].astype(str)),
                  first=dates.min().date() if len(dates) else None,
                  last=max(ends.max(), dates.max()).date() if len(dates) else None,
                  window_first=w.lo.date() if w else None, window_last=w.hi.date() if w else None)
