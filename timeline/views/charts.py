"""Charts for reports: one figure builder per chart kind, captions, and the ``chart`` command.

``figure(kind, view)`` is what the dashboard draws and what ``python -m timeline chart KIND ...``
exports, so a chart made from the command line is the one the app shows for the same filters.
``export(kind, view, fmt, preset)`` gives the bytes of a PNG, SVG, PDF or interactive HTML file with
a caption stating the filters, the date range, the number of events and sources, and the day it
was made.
"""
from __future__ import annotations

import argparse
import datetime as dt
import difflib
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import docinfo, figures, footnote, images, query, story
from .view import View, corpus_data, make_view
from ..extract.records import iso_day
from ..store.loader import data_folder, read_corpus


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    draw: Callable[[View], go.Figure]
    help: str


def _timeline(v: View) -> go.Figure:
    f = v.filters
    if story.mode_of(v) == "key":  # key dates labelled with their headlines, the other events as a faint strip
        return figures.key_timeline(v.events, story.key_dates_of(v))
    return figures.timeline(v.events, lanes=f.lanes, color=f.color, sides=v.data.sides, prefer=f.actors,
                            pairs=v.pairs, dates=_dates(f))


def _dates(f: query.Filters) -> tuple | None:
    """The date filter's days, which the time axis then shows (None: the axis opens on the default window)."""
    return (f.start, f.end) if f.start or f.end else None


KINDS = {k.name: k for k in (
    Kind("timeline", "Events over time", _timeline, "events on a time axis, one lane per actor or event type"),
    Kind("actors", "Events per actor", lambda v: figures.actor_bars(v.events, pairs=v.pairs),
         "events per actor, stacked by event type"),
    Kind("network", "Who appears with whom", lambda v: figures.cooccurrence(v.events, v.data.sides, pairs=v.pairs),
         "actors that share events, grouped by side"),
    Kind("heatmap", "Actor activity over time",
         lambda v: figures.actor_heatmap(v.events, period=v.filters.period, pairs=v.pairs, dates=_dates(v.filters)),
         "actor x week or month counts"),
    Kind("speakers", "Who speaks about whom", lambda v: figures.speakers(v.events, pairs=v.pairs),
         "speakers of statements x the actors they name"),
)}


class ChartError(ValueError):
    """Bad input for a chart (unknown kind, filters outside the corpus, nothing selected): a clear message."""


def kind_of(name: str) -> Kind:
    k = KINDS.get(str(name).strip().lower())
    if k is None:
        raise ChartError(f"unknown chart kind “{name}”: choose one of {', '.join(KINDS)}")
    return k


def figure(kind: str, view: View) -> go.Figure:
    """The dashboard's figure of ``kind`` for ``view``."""
    return kind_of(kind).draw(view)


def title(kind: str, view: View) -> str:
    k = kind_of(kind)
    if k.name == "timeline" and story.mode_of(view) == "key":
        return "Key events over time"
    if k.name == "timeline":
        return f"{k.title}, per {'actor' if view.filters.lanes == 'actor' else 'event type'}"
    if k.name == "heatmap":
        fig = figure(kind, view)
        return f"{k.title}, per {(fig.layout.meta or {}).get('period') or 'week'}"
    return k.title


# -------------------------------------------------------------------- captions

def describe(f: query.Filters) -> str:
    """The filters in words ("all events" when none narrows the view)."""
    parts = []
    for label, values in (("actor", f.actors), ("side", f.sides), ("type", f.types), ("outlet", f.outlets)):
        if values:
            parts.append(f"{label}{'s' if len(values) > 1 else ''} {', '.join(values)}")
    if f.start and f.end:
        parts.append(f"{iso_day(f.start)} to {iso_day(f.end)}")
    elif f.start:
        parts.append(f"from {iso_day(f.start)}")
    elif f.end:
        parts.append(f"until {iso_day(f.end)}")
    if f.q.strip():
        parts.append(f"search “{f.q.strip()}”")
    if f.min_sources > 1:
        parts.append(f"at least {f.min_sources} sources")
    if not f.undated:
        parts.append("dated events only")
    if f.captions:
        parts.append("photo captions included")
    return "; ".join(parts) if parts else "none (all events)"


def _mention_rows(data) -> np.ndarray:
    """For each mention, the row of its event in ``data.events`` (-1: none); computed once per corpus."""
    rows = data.index.extra.get("mention_rows")
    if rows is None or len(rows) != len(data.mentions):
        ids = pd.Index(data.events["event_id"].astype(str))
        rows = data.index.extra["mention_rows"] = ids.get_indexer(data.mentions["event_id"].astype(str))
    return rows


def stats(view: View) -> dict:
    """Numbers a caption states: events, sources (outlets), documents, first and last date."""
    events = view.events
    rows = _mention_rows(view.data)
    kept = np.zeros(len(rows), dtype=bool)
    known = rows >= 0
    kept[known] = np.asarray(view.keep, dtype=bool)[rows[known]]
    ms = view.data.mentions.loc[kept, ["outlet", "doc"]]  # two columns: taking every column is slow on Arrow strings
    named = ms["outlet"].astype("string").fillna("")
    outlets = {o for o in named.unique() if o}
    unnamed = int(ms.loc[named.eq("").to_numpy(), "doc"].nunique())
    dates = events["date"].dropna()
    ends = events["date_end"].fillna(events["date"]).dropna()
    return {"events": len(events), "undated": int(events["date"].isna().sum()), "sources": len(outlets),
            "documents": int(ms["doc"].nunique()), "unnamed": unnamed,
            "first": dates.min().date() if len(dates) else None, "last": ends.max().date() if len(ends) else None}


def _span(s: dict) -> str:
    if not s["first"]:
        return "no dated events"
    return iso_day(s["first"]) if s["first"] == s["last"] else f"{iso_day(s['first'])} – {iso_day(s['last'])}"


def caption(view: View, made: dt.date | None = None, corpus: str | None = None) -> str:
    """The footnote of a chart, one statement a line: the filters; the events' dates, how many events, articles
    and outlets, and the day it was made; the sources (each article when there are few, else the outlets with
    their article counts, and when the articles were published)."""
    s = stats(view)
    made = made or dt.date.today()
    undated = f" ({s['undated']:,} undated)" if s["undated"] else ""
    second = (f"Event dates {_span(s)} · {s['events']:,} event{'s' if s['events'] != 1 else ''}{undated} · "
              f"made {iso_day(made)}" + (f" from {corpus}" if corpus else "") + " with Timeline")
    return f"Filters: {describe(view.filters)}\n{second}\n{footnote.sources_line(footnote.sources_of(view))}"


def subtitle(view: View) -> str:
    """The default subtitle: how many events, over which dates."""
    s = stats(view)
    return f"{s['events']:,} event{'s' if s['events'] != 1 else ''}, {_span(s)}"


def doc_info(view: View, heading: str, sub: str, cap: str, made: dt.date | None = None) -> docinfo.DocInfo:
    """The file metadata of an exported chart: its title, the subtitle and footnote as description, the filters
    as keywords, and when it was made."""
    when = dt.datetime.now().astimezone().replace(microsecond=0)
    if made is not None and made != when.date():
        when = dt.datetime.combine(made, dt.time(12)).astimezone()
    return docinfo.DocInfo(heading, "\n".join(x for x in (sub, cap) if x.strip()),
                           f"Timeline; filters: {describe(view.filters)}", when)


def file_name(kind: str, view: View, fmt: str, preset: str = "") -> str:
    f = view.filters
    bits = [kind] + [a.split()[-1].lower() for a in f.actors[:2]] + list(f.types[:2])
    if f.start:
        bits.append(f"from-{iso_day(f.start)}")
    if preset:
        bits.append(preset)
    stem = "-".join("".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in b) for b in bits)
    return f"{stem}.{fmt}"


def _key_room(size: images.Preset, heading: str, sub: str, cap: str) -> int:
    """The figure height to lay key-date labels out for: ``key_fit`` counts on a one-line title and a two-line
    footnote, so a longer heading or footnote leaves that much less room."""
    usual = images.frame(size, "x", "", "x\nx")
    fr = images.frame(size, heading, sub, cap)
    return size.height - max(0, fr.header + fr.footer - usual.header - usual.footer)


def export(kind: str, view: View, fmt: str, preset: str = images.DEFAULT_PRESET,
           made: dt.date | None = None, server: images.ImageServer | None = None,
           heading: str | None = None, sub: str | None = None) -> bytes:
    """The chart of ``kind`` for ``view`` as ``fmt`` (png, svg, pdf or html) bytes, with a title (``heading``, by
    default the chart's), a subtitle (``sub``; by default the events and their dates, "" for none), the
    footnote (``caption``) and the file metadata (``doc_info``)."""
    if fmt not in images.FORMATS:
        raise ChartError(f"unknown format “{fmt}”: use one of {', '.join(images.FORMATS)}")
    if preset not in images.PRESETS:
        raise ChartError(f"unknown size “{preset}”: use one of {', '.join(images.PRESETS)}")
    if not len(view.events):
        raise ChartError("no events match the filters: nothing to draw (" + describe(view.filters) + ")")
    heading = heading.strip() if heading and heading.strip() else title(kind, view)
    sub = subtitle(view) if sub is None else sub.strip()
    cap = caption(view, made)
    size = images.PRESETS[preset]
    if kind_of(kind).name == "timeline" and story.mode_of(view) == "key":  # headline labels laid out for the size
        fig = figures.key_timeline(view.events, story.key_dates_of(view),
                                   **figures.key_fit(size.width, _key_room(size, heading, sub, cap)))
    else:
        fig = figure(kind, view)
    return images.image_bytes(fig, fmt, size, heading, cap, srv=server, subtitle=sub,
                              info=doc_info(view, heading, sub, cap, made))


# ------------------------------------------------------------ command line

FILTER_OPTIONS = (("--from", "from", "DATE", "first day (YYYY-MM-DD)"), ("--to", "to", "DATE", "last day"),
                  ("--actor", "actor", "NAME", "an actor (repeat for several)"),
                  ("--side", "side", "SIDE", "a side or affiliation (repeatable)"),
                  ("--type", "type", "TYPE", "an event type (repeatable)"),
                  ("--outlet", "outlet", "OUTLET", "a source outlet (repeatable)"),
                  ("--q", "q", "WORDS", "words in summaries and sentences"),
                  ("--min-sources", "min_sources", "N", "minimum corroborating sources"),
                  ("--undated", "undated", "1|0", "include undated events (default 1)"),
                  ("--captions", "captions", "1|0", "include events seen only in photo captions (default 0)"),
                  ("--lanes", "lanes", "actor|type", "timeline lanes"), ("--color", "color", "type|side",
                                                                          "timeline colours"),
                  ("--period", "period", "auto|week|month", "heatmap period"),
                  ("--mode", "mode", "auto|key|all", "timeline: key events labelled with their headlines, all "
                                                     f"events, or key events above {story.KEY_AT} (default auto)"))
REPEATABLE = {"actor", "side", "type", "outlet"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``chart`` subcommand's arguments: the kind, the URL's filters, the output and its size."""
    p.add_argument("kind", metavar="KIND", help="chart kind: " + ", ".join(f"{k.name} ({k.help})"
                                                                           for k in KINDS.values()))
    p.add_argument("--out", required=True, metavar="FILE", help="output file: .png, .svg, .pdf or .html")
    p.add_argument("--size", default=images.DEFAULT_PRESET, metavar="PRESET",
                   help="size: " + ", ".join(f"{k} ({p.label}, {p.width}x{p.height})" for k, p in images.PRESETS.items())
                   + f" (default {images.DEFAULT_PRESET})")
    p.add_argument("--title", metavar="TEXT", help="the chart's title (default: what the chart shows)")
    p.add_argument("--subtitle", metavar="TEXT", help="a line under the title (default: the number of events and "
                                                       "their dates; \"\" for none)")
    p.add_argument("--data", metavar="DIR", help="articles folder (default: $TIMELINE_DATA or data/articles)")
    p.add_argument("--url", metavar="URL", help="take the filters from a dashboard link (its query string)")
    g = p.add_argument_group("filters (the same as the dashboard's URL parameters)")
    for flag, name, metavar, text in FILTER_OPTIONS:
        g.add_argument(flag, dest=f"f_{name}", metavar=metavar, help=text,
                       action="append" if name in REPEATABLE else "store")
    p.set_defaults(func=cmd_chart)


def params_from_args(args) -> dict[str, list[str]]:
    """Query parameters from ``--url`` and the filter options (options win over the URL)."""
    params: dict[str, list[str]] = {}
    if args.url:
        text = args.url.strip()
        qs = urlsplit(text).query if ("?" in text or "://" in text) else text
        found = parse_qs(qs, keep_blank_values=True)
        if text and not found:
            raise ChartError(f"--url: no filters found in “{text[:80]}” (expected a dashboard link or name=value&...)")
        params.update(found)
    for _flag, name, _m, _t in FILTER_OPTIONS:
        v = getattr(args, f"f_{name}", None)
        if v is not None:
            params[name] = list(v) if isinstance(v, list) else [v]
    return params


_LISTS = {"actor": "actors", "side": "sides", "type": "types", "outlet": "outlets"}


def resolve_names(params: dict, domain: query.Domain) -> tuple[dict, list[str]]:
    """Short or differently-cased names made exact when they fit one value of the corpus ("putin" ->
    "Vladimir Putin"); returns the new parameters and a note per name changed."""
    out, notes = dict(params), []
    for name, fname in _LISTS.items():
        allowed = sorted(getattr(domain, fname))
        values = []
        for v in out.get(name, []):
            v = str(v).strip()
            low = v.lower()
            if v in allowed or not v:
                values.append(v)
                continue
            hits = [a for a in allowed if a.lower() == low] or \
                [a for a in allowed if low in a.lower().split()] or [a for a in allowed if low in a.lower()]
            if len(hits) == 1:
                notes.append(f"{name} “{v}” is “{hits[0]}”")
                values.append(hits[0])
            elif len(hits) > 1:
                raise ChartError(f"{name} “{v}” fits several: {', '.join(hits[:8])}; give the full name")
            else:
                near = difflib.get_close_matches(v, allowed, n=3, cutoff=0.6)
                raise ChartError(f"{name} “{v}” is not in this corpus" +
                                 (f" (did you mean {', '.join(near)}?)" if near else ""))
        if name in out:
            out[name] = values
    return out, notes


def filters_for(params: dict, domain: query.Domain, notes: list[str] | None = None) -> query.Filters:
    """``query.parse`` with its notices as errors: a script should not silently chart something else."""
    params, changed = resolve_names(params, domain)
    if notes is not None:
        notes.extend(changed)
    filters, notices = query.parse(params, domain)
    if notices:
        raise ChartError("; ".join(n.replace("Ignored", "cannot use", 1) for n in notices))
    return filters


def cmd_chart(args) -> int:
    try:
        kind = kind_of(args.kind).name
        out = Path(args.out)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in images.FORMATS:
            raise ChartError(f"--out {out}: unknown format “{out.suffix or '(none)'}”; use .png, .svg, .pdf or .html")
        if args.size not in images.PRESETS:
            raise ChartError(f"--size {args.size}: use one of {', '.join(images.PRESETS)}")
        params = params_from_args(args)
        folder = Path(args.data) if args.data else data_folder()
        data = corpus_data(read_corpus(folder), folder)
        if data.empty:
            raise ChartError(f"no readable articles in {folder}")
        notes: list[str] = []
        filters = filters_for(params, data.domain, notes)
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        view = make_view(data, filters)
        if not len(view.events):
            raise ChartError(f"no events match the filters ({describe(filters)}) in {folder}")
        if fmt != "html":
            problem = images.browser_problem()
            if problem:
                raise ChartError(problem)
        t0 = time.perf_counter()
        srv = images.server()
        try:
            data_bytes = export(kind, view, fmt, args.size, server=srv, heading=args.title, sub=args.subtitle)
        finally:
            srv.stop()
        images.write(out, data_bytes)
    except (ChartError, images.ExportUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    p = images.PRESETS[args.size]
    size = f"{p.png_size[0]}x{p.png_size[1]} px" if fmt == "png" else f"{p.width}x{p.height}"
    print(f"{kind} chart, {len(view.events):,} events, {size} -> {out} ({len(data_bytes):,} bytes, "
          f"{time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return 0


def view_of(folder: str | Path, params: dict) -> View:
    """The view a dashboard URL's parameters select in a corpus (for scripts and tests)."""
    data = corpus_data(read_corpus(folder), folder)
    return make_view(data, filters_for(params, data.domain))


__all__ = ["KINDS", "ChartError", "figure", "title", "caption", "describe", "export", "add_arguments", "cmd_chart",
           "file_name", "stats", "view_of"]
