"""Plotly figures of the dashboard: pure functions of event frames -> ``go.Figure``.

Every string that comes from a document (summaries, dates as written, actor names) is
HTML-escaped before it reaches a label or a hover box: plotly renders a subset of HTML there.
Large inputs switch to WebGL traces, then to aggregated counts, so the browser stays responsive.
"""
from __future__ import annotations

import math
import re
import textwrap
from itertools import chain

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import palette, window as windows
from .query import NO_SIDE
from .text import plot_text

POINT_PRECISIONS = {"time", "day"}
WEBGL_AT = 1_500          # marks above which scatter traces use WebGL
AGGREGATE_AT = 20_000     # marks above which the timeline shows counts per lane and period
MAX_LANES = 14
OTHER_ACTORS = "Other actors"
NO_ACTOR = "(no actor)"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"

TYPE_COLORS = {t: palette.type_style(t)[0] for t in palette.TYPE_ORDER}   # event type -> its group's colour


def style_of(key: str, kind: str, side_colors: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(colour, marker symbol, bar pattern) of a legend entry: an event type (``kind="type"``) or a side's legend
    entry (``kind="side"``, colours from ``palette.side_colors``)."""
    if kind == "type":
        return palette.type_style(key)
    colors = side_colors or {}
    return colors.get(key, palette.OTHER_SIDE_COLOR), "circle", ""


def color_of(key: str, kind: str, side_colors: dict[str, str] | None = None) -> str:
    return style_of(key, kind, side_colors)[0]


_LINE = re.compile(r"(.{1,72})(?:\s+|$)", re.S)


def _wrap(text, width: int = 72, max_lines: int = 5) -> str:
    """Escaped text broken into lines of about ``width`` characters for a hover box."""
    t = "" if text is None or text is pd.NA else str(text)
    if width != 72:
        lines = textwrap.wrap(t, width) or [""]
    else:
        lines = [m.group(1) for m in _LINE.finditer(t[: width * (max_lines + 1)])] or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(plot_text(x) for x in lines)


_TEMPLATE = go.layout.Template(layout=dict(
    xaxis=dict(gridcolor="#EBEDF2", linecolor="#D5D9E0", zerolinecolor="#EBEDF2", ticks=""),
    yaxis=dict(gridcolor="#EBEDF2", linecolor="#D5D9E0", zerolinecolor="#EBEDF2", ticks=""),
    colorway=list(palette.SIDE_HUES)))


def _base_layout(fig: go.Figure, height: int, **kw) -> go.Figure:
    fig.update_layout(template=_TEMPLATE, height=height, margin=dict(l=10, r=10, t=40, b=36),
                      font=dict(family=FONT, size=13, color="#31333F"),
                      hoverlabel=dict(align="left", bgcolor="white", bordercolor="#C9CDD3",
                                      font=dict(family=FONT, size=13, color="#262730")),
                      paper_bgcolor="white", plot_bgcolor="white", **kw)
    return fig


def empty(message: str, height: int = 260) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=plot_text(message), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=15, color="#6B6F76"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base_layout(fig, height, meta={"mode": "empty", "marks": 0})


def explode_actors(events: pd.DataFrame) -> pd.DataFrame:
    """(row, actor) pairs of ``events``: ``row`` is the position in ``events``; ``actor`` is categorical."""
    lists = events["actors"].tolist()
    lens = np.fromiter((len(a) if isinstance(a, (list, tuple, np.ndarray)) else 0 for a in lists), dtype=np.int64,
                       count=len(lists))
    rows = np.repeat(np.arange(len(lists), dtype=np.int64), lens)
    flat = [str(x) for x in chain.from_iterable(a for a, n in zip(lists, lens) if n)]
    return pd.DataFrame({"row": rows, "actor": pd.Categorical(flat)})


def _codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes and names of a (categorical or plain) column, without converting every cell to a string."""
    cat = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    return cat.cat.codes.to_numpy().astype(np.int64), [str(c) for c in cat.cat.categories]


# ------------------------------------------------------------------- timeline

def _marks(events: pd.DataFrame, lanes: str, color: str, sides: dict[str, str], prefer: tuple[str, ...],
           max_lanes: int, pairs: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    """One row per mark: event row, lane position (0 = top) and colour group."""
    n = len(events)
    type_codes, type_names = _codes(events["event_type"])
    if lanes == "type":
        rows, codes, names = np.arange(n), type_codes, type_names
    else:
        pairs = explode_actors(events) if pairs is None else pairs
        codes, names = _codes(pairs["actor"])
        rows = pairs["row"].to_numpy()
        lone = np.flatnonzero(np.bincount(rows, minlength=n) == 0)
        if len(lone):
            rows = np.concatenate([rows, lone])
            codes = np.concatenate([codes, np.full(len(lone), len(names))])
            names = names + [NO_ACTOR]
    counts = np.bincount(codes, minlength=len(names))
    by_count = [names[i] for i in np.lexsort((np.array(names, dtype=object), -counts)) if counts[i] > 0]
    order = [p for p in prefer if p in set(by_count)] + [x for x in by_count if x not in prefer]
    if len(order) > max_lanes:
        order = order[: max_lanes - 1] + [OTHER_ACTORS if lanes == "actor" else "other types"]
    pos_of = {x: i for i, x in enumerate(order)}
    lane_of_code = np.array([pos_of.get(x, len(order) - 1) for x in names], dtype=np.int64)
    lane = lane_of_code[codes]
    if len(order) < len(by_count):   # one mark per event in the merged lane
        last = len(order) - 1
        merged = lane == last
        seen = np.zeros(n, dtype=bool)
        seen[rows[merged]] = True
        rows = np.concatenate([rows[~merged], np.flatnonzero(seen)])
        lane = np.concatenate([lane[~merged], np.full(int(seen.sum()), last)])
    if color == "side":   # the legend entry of each actor's side (minor sides share "other sides")
        legend = palette.side_legend(sides)
        entries = list(dict.fromkeys(legend.values()))

        def side_codes(actors: list[str]) -> tuple[np.ndarray, list[str]]:
            of = [palette.side_of(x, sides, legend) for x in actors]
            names_ = sorted(set(of), key=lambda s: (entries.index(s) if s in entries else len(entries), s))
            return np.array([names_.index(s) for s in of], dtype=np.int64), names_

        if lanes == "actor":
            lane_side, side_names = side_codes(order)
            group = pd.Categorical.from_codes(lane_side[lane], side_names)
        else:
            subj_codes, subj_names = _codes(events["subject"].fillna(""))
            subj_side, side_names = side_codes(subj_names)
            group = pd.Categorical.from_codes(subj_side[subj_codes[rows]], side_names)
    else:
        group = pd.Categorical.from_codes(type_codes[rows], type_names)
    marks = pd.DataFrame({"row": rows, "lane": lane, "group": group})
    return marks, order


def timeline(events: pd.DataFrame, *, lanes: str = "actor", color: str = "type", sides: dict[str, str] | None = None,
             prefer: tuple[str, ...] = (), max_lanes: int = MAX_LANES, webgl_at: int = WEBGL_AT,
             aggregate_at: int = AGGREGATE_AT, pairs: pd.DataFrame | None = None,
             dates: tuple | None = None) -> go.Figure:
    """Dated events on a time axis, one lane per actor (or event type); spans for coarse dates.

    The axis opens on where the events are (``window.default_window``: photo captions and a few far-off mentions
    do not stretch it), or on ``dates`` (first, last day; either may be None) when a date filter is set. Events
    outside stay drawn, counted by an "earlier"/"later" marker; the "all dates" button and the overview slider
    (a density of every dated event) reach them. ``pairs`` (row, actor) of ``events`` may be given to skip
    exploding the actor lists.
    """
    sides = sides or {}
    has_date = events["date"].notna().to_numpy()
    dated = events[has_date]
    undated = len(events) - len(dated)
    if dated.empty:
        msg = "No dated events match the filters." + (f" ({undated} undated: see the Events page.)" if undated else "")
        return empty(msg)
    if pairs is not None and undated:
        newpos = np.cumsum(has_date) - 1
        pairs = pairs[has_date[pairs["row"].to_numpy()]]
        pairs = pairs.assign(row=newpos[pairs["row"].to_numpy()])
    dated = dated.reset_index(drop=True)
    marks, order = _marks(dated, lanes, color, sides, prefer, max_lanes, pairs)
    n_marks = len(marks)
    ylane = {lane: len(order) - 1 - i for i, lane in enumerate(order)}
    marks["y"] = (len(order) - 1 - marks["lane"].to_numpy()).astype(float)
    start = dated["date"].to_numpy()[marks["row"].to_numpy()]
    end = dated["date_end"].fillna(dated["date"]).to_numpy()[marks["row"].to_numpy()]
    prec_codes, prec_names = _codes(dated["precision"].astype("category"))
    point_codes = [i for i, p in enumerate(prec_names) if p in POINT_PRECISIONS]
    marks["start"], marks["end"] = start, end
    marks["span"] = ~np.isin(prec_codes[marks["row"].to_numpy()], point_codes) & (end > start)
    mode = "aggregate" if n_marks > aggregate_at else "webgl" if n_marks > webgl_at else "svg"
    fig = go.Figure()
    legend_styles = palette.side_colors(sides) if color == "side" else None
    if mode == "aggregate":
        _aggregate_marks(fig, marks, color, order, legend_styles)
    else:
        _event_marks(fig, marks, dated, color, webgl=(mode == "webgl"), side_colors=legend_styles)
    caption = dated["caption"] if "caption" in dated else None
    if dates is not None and (dates[0] is not None or dates[1] is not None):
        w = windows.fixed(dates[0], dates[1], dated["date"], dated["date_end"])
    else:
        w = windows.default_window(dated["date"], dated["date_end"], caption)
    _overview(fig, dated)
    height = max(300, min(900, 120 + 46 * len(order)))
    _base_layout(fig, height, showlegend=True, dragmode="pan", hovermode="closest",
                 legend=dict(orientation="v", yanchor="top", y=1, x=1.01, xanchor="left", title_text="",
                             itemclick="toggle", font=dict(size=12), tracegroupgap=2),
                 meta={"mode": mode, "marks": int(n_marks), "undated": int(undated), "lanes": order,
                       "window": [w.lo.date().isoformat(), w.hi.date().isoformat()], "earlier": w.earlier,
                       "later": w.later})
    fig.update_layout(margin=dict(l=10, r=10, t=44, b=10))
    x0, x1 = windows.axis_range(w)
    _edge_markers(fig, w, x0, x1)
    fig.update_xaxes(type="date", range=[x0, x1], showgrid=True, gridcolor="#EEF0F4",
                     rangeslider=dict(visible=True, thickness=0.08, bgcolor="#F7F8FA", range=windows.full_range(w),
                                      yaxis=dict(rangemode="fixed",
                                                 range=[OVERVIEW_BASE - 0.05, OVERVIEW_BASE + 1.05])),
                     rangeselector=dict(buttons=[dict(count=1, label="1m", step="month", stepmode="backward"),
                                                 dict(count=6, label="6m", step="month", stepmode="backward"),
                                                 dict(count=1, label="1y", step="year", stepmode="backward"),
                                                 dict(step="all", label=ALL_DATES)],
                                        x=0, xanchor="left", y=1.01, yanchor="bottom", font=dict(size=11),
                                        bgcolor="#F1F3F7", activecolor="#D5DCE8"))
    fig.update_yaxes(tickvals=list(ylane.values()), ticktext=[plot_text(x) for x in ylane], range=[-0.6, len(order) - 0.4],
                     fixedrange=True, showgrid=True, gridcolor="#F1F2F5", zeroline=False, ticks="", automargin=True)
    return fig


ALL_DATES = "all dates"   # the range button that shows every dated event
OVERVIEW_BASE = -3.0      # the overview density lies below the lanes: clipped from the plot, drawn in the slider
OVERVIEW_BINS = 160


def _overview(fig: go.Figure, dated: pd.DataFrame) -> None:
    """A light density of every dated event, for the range slider (which draws no WebGL trace): a filled step
    outline placed below the lanes, so the plot clips it and only the slider shows it."""
    s = dated["date"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    lo, hi = int(s.min()), int(max(s.max(), s.min() + 86_400))
    edges = np.linspace(lo, hi, OVERVIEW_BINS + 1)
    counts, _ = np.histogram(s, bins=edges)
    level = np.where(counts > 0, 0.15 + 0.85 * np.sqrt(counts / max(1, counts.max())), 0.0)
    xs = np.repeat(edges, 2)[1:-1]              # a step outline: each bin's left and right edge
    ys = OVERVIEW_BASE + np.repeat(level, 2)
    xs = np.concatenate([[edges[0]], xs, [edges[-1]]])
    ys = np.concatenate([[OVERVIEW_BASE], ys, [OVERVIEW_BASE]])
    # x in milliseconds since 1970 (a date axis reads numbers so), as plain numbers: any year fits
    fig.add_trace(go.Scatter(x=[float(x) * 1000 for x in xs], y=[float(y) for y in ys], mode="lines", fill="toself",
                             fillcolor="rgba(38,64,110,0.7)", line=dict(color="#26406E", width=1),
                             hoverinfo="skip", showlegend=False, name="overview"))


def _edge_markers(fig: go.Figure, w: windows.Window, x0, x1) -> None:
    """"◀ N earlier" / "N later ▶" at the window's edges (they move with the axis when panned)."""
    def years(a: pd.Timestamp, b: pd.Timestamp) -> str:
        return str(a.year) if a.year == b.year else f"{a.year}–{b.year}"

    style = dict(yref="paper", y=1, yanchor="top", showarrow=False, bgcolor="rgba(255,255,255,0.85)",
                 bordercolor="#C9CDD3", borderwidth=1, borderpad=3, font=dict(size=11, color="#4A4F57"))
    # short texts: a data-placed annotation widens the axis's "all dates" range by its own width
    reach = f"“{ALL_DATES}” above or the slider below shows them"
    if w.earlier:
        fig.add_annotation(x=x0, xanchor="left", name="earlier",
                           text=f"◀ {w.earlier:,} earlier ({years(w.first, w.before or w.first)})",
                           hovertext=f"{w.earlier:,} dated event(s) before {w.lo:%d %b %Y}: {reach}", **style)
    if w.later:
        fig.add_annotation(x=x1, xanchor="right", name="later",
                           text=f"{w.later:,} later ({years(w.after or w.last, w.last)}) ▶",
                           hovertext=f"{w.later:,} dated event(s) after {w.hi:%d %b %Y}: {reach}", **style)


def _offsets(marks: pd.DataFrame, keys: list[str], step: float) -> np.ndarray:
    k = marks.groupby(keys, sort=False).cumcount().to_numpy()
    # 0, +1, -1, +2, -2 steps around the lane centre, cycling
    return np.array([0, 1, -1, 2, -2])[k % 5] * step


def _legend_entry(fig: go.Figure, name: str, color: str, symbol: str) -> None:
    """The legend's swatch of a group: a marker drawn as the chart's points are (full colour, same symbol), so the
    legend matches the marks whether the group has points, spans or both."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=plot_text(name), legendgroup=name,
                             showlegend=True, hoverinfo="skip",
                             marker=dict(color=color, symbol=symbol, size=11, opacity=1,
                                         line=dict(color="white", width=1))))


def _event_marks(fig: go.Figure, marks: pd.DataFrame, dated: pd.DataFrame, color: str, webgl: bool,
                 side_colors: dict[str, str] | None = None) -> None:
    rows = marks["row"].to_numpy()
    # Hover texts once per event (an event with three actors has three marks), then spread to the marks.
    used, inverse = np.unique(rows, return_inverse=True)
    shown = dated.iloc[used]
    spans = np.zeros(len(used), dtype=bool)
    spans[inverse] = marks["span"].to_numpy()
    starts = shown["date"].to_numpy().astype("datetime64[D]")
    ends = shown["date_end"].fillna(shown["date"]).to_numpy().astype("datetime64[D]")
    when = np.where(spans, np.char.add(np.char.add(np.datetime_as_string(starts), " – "),
                                         np.datetime_as_string(ends)), np.datetime_as_string(starts))
    custom = np.column_stack([
        shown["event_id"].astype(str).to_numpy(),
        [plot_text(x) for x in shown["date_text"]],
        [_wrap(x) for x in shown["summary"]],
        [plot_text(", ".join(a[:6]) + (" …" if len(a) > 6 else "")) for a in shown["actors"]],
        shown["sources"].astype(int).to_numpy(),
        shown["event_type"].astype(str).to_numpy(),
        when,
    ])[inverse]
    hover = ("<b>%{customdata[1]}</b>  <span style='color:#6B6F76'>%{customdata[6]}</span><br>%{customdata[2]}"
             "<br><i>%{customdata[3]}</i><br>%{customdata[5]} · %{customdata[4]} source(s)<extra></extra>")
    span = marks["span"].to_numpy()
    offs = np.zeros(len(marks))
    pt = ~span
    if pt.any():
        offs[pt] = _offsets(marks[pt].assign(day=marks["start"][pt].dt.floor("D")), ["lane", "day"], 0.13)
    if span.any():
        offs[span] = _offsets(marks[span], ["lane"], 0.09) * 0.5
    y = marks["y"].to_numpy() + offs
    groups = marks["group"].to_numpy()
    present = set(pd.unique(groups))
    legend_order = sorted(present, key=palette.type_sort_key) if color == "type" else \
        [g for g in marks["group"].cat.categories if g in present]
    for g in legend_order:
        c, symbol, pattern = style_of(g, color, side_colors)
        _legend_entry(fig, g, c, symbol)
        sel = groups == g
        s_mask = sel & span
        if s_mask.any():
            dur = (marks["end"][s_mask] - marks["start"][s_mask]).dt.total_seconds().to_numpy() * 1000 + 86_400_000
            if webgl:  # one line trace for all spans, broken by gaps
                k = int(s_mask.sum())
                xs = np.full(3 * k, np.datetime64("NaT"), dtype="datetime64[s]")
                xs[0::3] = marks["start"][s_mask].to_numpy()
                xs[1::3] = marks["end"][s_mask].to_numpy() + np.timedelta64(1, "D")
                ys = np.full(3 * k, np.nan)
                ys[0::3] = ys[1::3] = y[s_mask]
                fig.add_trace(go.Scattergl(x=xs, y=ys, mode="lines", line=dict(color=c, width=7), opacity=0.45,
                                           hoverinfo="skip", legendgroup=g, name=plot_text(g), showlegend=False))
                fig.add_trace(go.Scattergl(x=marks["start"][s_mask] + pd.to_timedelta(dur / 2, unit="ms"),
                                           y=y[s_mask], mode="markers", marker=dict(color=c, size=5, symbol="line-ns",
                                                                                    line=dict(width=1, color=c)),
                                           customdata=custom[s_mask], hovertemplate=hover, legendgroup=g,
                                           name=plot_text(g), showlegend=False))
            else:
                fig.add_trace(go.Bar(orientation="h", base=marks["start"][s_mask], x=dur, y=y[s_mask], width=0.26,
                                     marker=dict(color=c, opacity=0.42, line=dict(color=c, width=1),
                                                 pattern=dict(shape=pattern, fgcolor=c, solidity=0.3)),
                                     customdata=custom[s_mask], hovertemplate=hover, legendgroup=g, name=plot_text(g),
                                     showlegend=False))
        p_mask = sel & ~span
        if p_mask.any():
            cls = go.Scattergl if webgl else go.Scatter
            fig.add_trace(cls(x=marks["start"][p_mask], y=y[p_mask], mode="markers",
                              marker=dict(color=c, symbol=symbol, size=8 if webgl else 11,
                                          line=dict(color="white", width=1), opacity=0.92),
                              customdata=custom[p_mask], hovertemplate=hover, legendgroup=g, name=plot_text(g),
                              showlegend=False))
    fig.update_layout(barmode="overlay")


def _bucket(dates: np.ndarray, freq: str) -> np.ndarray:
    """First day of the week (Monday) or month of each datetime64 value (NaT stays NaT)."""
    starts = _period_day(_period_numbers(dates, freq), freq).astype("datetime64[s]")
    return np.where(np.isnat(dates), np.datetime64("NaT", "s"), starts)


def _aggregate_marks(fig: go.Figure, marks: pd.DataFrame, color: str, order: list[str],
                     side_colors: dict[str, str] | None = None) -> None:
    days = (marks["end"].max() - marks["start"].min()).days
    freq = "W" if days <= 2 * 365 else "M"
    bucket = _bucket(marks["start"].to_numpy(), freq)
    agg = (pd.DataFrame({"lane": marks["lane"].to_numpy(), "bucket": bucket, "group": marks["group"].cat.codes})
           .groupby(["lane", "bucket", "group"]).size().rename("n").reset_index())
    agg["total"] = agg.groupby(["lane", "bucket"])["n"].transform("sum")
    top = agg.sort_values("n", kind="stable").drop_duplicates(["lane", "bucket"], keep="last")
    top["y"] = len(order) - 1 - top["lane"].to_numpy()
    top["group"] = np.asarray(marks["group"].cat.categories, dtype=object)[top["group"].to_numpy()]
    names = np.array([plot_text(x) for x in order], dtype=object)
    size = (6 + 22 * np.sqrt(top["total"] / max(1, top["total"].max()))).to_numpy()
    period = "week of" if freq == "W" else "month of"
    present = list(pd.unique(top["group"]))
    for g in (sorted(present, key=palette.type_sort_key) if color == "type" else present):
        c, symbol, _ = style_of(g, color, side_colors)
        _legend_entry(fig, g, c, symbol)
        sel = (top["group"] == g).to_numpy()
        t = top[sel]
        custom = np.column_stack([np.full(len(t), ""), names[t["lane"].to_numpy()],
                                  t["bucket"].dt.strftime("%d %b %Y").to_numpy(), t["total"].astype(int).to_numpy()])
        fig.add_trace(go.Scattergl(x=t["bucket"], y=t["y"], mode="markers", name=plot_text(g), legendgroup=g,
                                   showlegend=False,
                                   marker=dict(size=size[sel], color=c, symbol=symbol, opacity=0.75,
                                               line=dict(width=0)),
                                   customdata=custom,
                                   hovertemplate=f"<b>%{{customdata[3]}} events</b> · %{{customdata[1]}}<br>"
                                                 f"{period} %{{customdata[2]}} (colour: most frequent)<extra></extra>"))


def selected_ids(event: object) -> list[str]:
    """Event ids of a ``st.plotly_chart`` selection (points carry the id as ``customdata[0]``)."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    out: list[str] = []
    for p in points or []:
        cd = p.get("customdata") if isinstance(p, dict) else None
        if isinstance(cd, (list, tuple)) and cd and cd[0] and cd[0] not in out:
            out.append(str(cd[0]))
        elif isinstance(cd, str) and cd and cd not in out:
            out.append(cd)
    return out


# --------------------------------------------------------------------- actors

def _ranked(codes: np.ndarray, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """How often each code occurs, and the codes that occur, most frequent first (ties by name)."""
    n = np.bincount(codes, minlength=len(names))
    order = np.lexsort((np.array(names, dtype=object), -n))
    return n, order[n[order] > 0]


def _cross(a: np.ndarray, na: int, b: np.ndarray, nb: int) -> np.ndarray:
    """Counts of (a, b) code pairs as an na x nb matrix."""
    return np.bincount(a * nb + b, minlength=na * nb).reshape(na, nb)


def actor_bars(events: pd.DataFrame, top: int = 20, pairs: pd.DataFrame | None = None) -> go.Figure:
    """Events per actor, stacked by event type (the most active actors)."""
    if events.empty:
        return empty("No events match the filters.")
    pairs = explode_actors(events) if pairs is None else pairs
    if pairs.empty:
        return empty("No actors in the matching events.")
    codes, names = _codes(pairs["actor"])
    tc, tn = _codes(events["event_type"])
    types = tc[pairs["row"].to_numpy()]
    typed = types >= 0
    codes, types = codes[typed], types[typed]
    _, order = _ranked(codes, names)
    keep = order[:top][::-1]
    tab = pd.DataFrame(_cross(codes, len(names), types, len(tn))[keep], index=[names[i] for i in keep], columns=tn)
    fig = go.Figure()
    types = sorted(tab.columns, key=palette.type_sort_key)   # by group: one hue per group, a pattern per type
    ticks = [plot_text(a) for a in tab.index]
    for t in types:
        vals = tab[t].to_numpy()
        if not vals.any():
            continue
        c, _, pattern = palette.type_style(t)
        fig.add_trace(go.Bar(orientation="h", y=ticks, x=vals, name=plot_text(t),
                             marker=dict(color=c, line=dict(color="white", width=0.5),
                                         pattern=dict(shape=pattern, fillmode="overlay", fgcolor="white",
                                                      solidity=0.35)),
                             customdata=np.array(tab.index, dtype=object),
                             hovertemplate="<b>%{y}</b><br>" + plot_text(t) + ": %{x}<extra></extra>"))
    _base_layout(fig, max(260, 80 + 26 * len(tab)), barmode="stack", dragmode=False,
                 legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=12), traceorder="normal"),
                 meta={"mode": "svg", "actors": list(tab.index[::-1])})
    fig.update_yaxes(automargin=True, ticks="")
    return fig


def _period(dates: pd.Series, period: str, caption: pd.Series | None = None) -> str:
    """"week" or "month": ``period`` itself, or for "auto" what suits the default window of ``dates``."""
    if period in ("week", "month"):
        return period
    w = windows.default_window(dates, None, caption) if len(dates) else None
    days = (w.hi - w.lo).days if w is not None else 0
    return "week" if days <= 420 else "month"


def heatmap_period(events: pd.DataFrame, period: str) -> str:
    """The period ``actor_heatmap`` counts by for ``events``."""
    return _period(events["date"], period, events["caption"] if "caption" in events else None)


def integer_ticks(zmax: float, most: int = 6) -> list[int]:
    """Whole-number colour-bar ticks from 0 to at least ``zmax`` (at most ``most`` + 1 of them)."""
    top = max(1, int(math.ceil(zmax)))
    step = 1
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        step = s
        if top / s <= most:
            break
    else:
        step = int(10 ** math.ceil(math.log10(top / most)))
    return list(range(0, -(-top // step) * step + 1, step))   # up to the first multiple of step >= zmax


def _period_numbers(dates: np.ndarray, freq: str) -> np.ndarray:
    """Weeks (Monday to Sunday) or months since 1970 of datetime64 values (NaT: any number)."""
    day = dates.astype("datetime64[D]")
    if freq == "W":  # 1970-01-01 was a Thursday: week w starts on day 7w - 3
        return (day.astype(np.int64) + 3) // 7
    return day.astype("datetime64[M]").astype(np.int64)


def _period_day(nums: np.ndarray, freq: str) -> np.ndarray:
    """The first day of each week or month numbered by ``_period_numbers``."""
    return (nums * 7 - 3).astype("datetime64[D]") if freq == "W" else nums.astype("datetime64[M]")


def _period_starts(first: int, last: int, freq: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(_period_day(np.arange(first, last + 1), freq).astype("datetime64[us]"))


def actor_heatmap(events: pd.DataFrame, period: str = "auto", top: int = 20,
                  pairs: pd.DataFrame | None = None, dates: tuple | None = None) -> go.Figure:
    """Actor x week (or month) counts of the dated events in the default window (``window.default_window``), or
    in ``dates`` (first, last day) when a date filter is set; events outside are counted in a note. The colour
    bar counts in whole events."""
    if pairs is None:
        pairs = explode_actors(events)
    has_date = events["date"].notna().to_numpy()
    if not has_date.any():
        return empty("No dated events match the filters.")
    dated_ev = events[has_date]
    if dates is not None and (dates[0] is not None or dates[1] is not None):
        w = windows.fixed(dates[0], dates[1], dated_ev["date"], dated_ev["date_end"])
    else:
        w = windows.default_window(dated_ev["date"], dated_ev["date_end"],
                                   dated_ev["caption"] if "caption" in dated_ev else None)
    start = events["date"].to_numpy(dtype="datetime64[s]")
    in_window = has_date & (start >= np.datetime64(w.lo)) & (start <= np.datetime64(w.hi)) if w.cut else has_date
    rows = pairs["row"].to_numpy()
    dated = in_window[rows]
    if not dated.any():
        return empty("No actors in the matching events.")
    p = heatmap_period(events, period) if dates is None or dates == (None, None) else _period(
        pd.Series([w.lo, w.hi]), period)
    freq = "W" if p == "week" else "M"
    codes, names = _codes(pairs["actor"])
    codes = codes[dated]
    nums = _period_numbers(events["date"].to_numpy(), freq)[rows[dated]]
    _, order = _ranked(codes, names)
    keep = order[:top]
    kept = np.zeros(len(names), dtype=bool)
    kept[keep] = True
    shown = nums[kept[codes]]
    first, last = int(shown.min()), int(shown.max())
    inside = kept[codes]
    mat = _cross(codes[inside], len(names), nums[inside] - first, last - first + 1)
    tab = pd.DataFrame(mat[keep[::-1]], index=[names[i] for i in keep[::-1]],
                       columns=_period_starts(first, last, freq))
    label = "week of %{x|%d %b %Y}" if p == "week" else "%{x|%B %Y}"
    z = tab.to_numpy()
    ticks = integer_ticks(z.max())
    fig = go.Figure(go.Heatmap(z=z, x=tab.columns, y=[plot_text(a) for a in tab.index], xgap=1, ygap=1,
                               colorscale=[[0, "#F4F6FA"], [0.001, "#DCE8F5"], [1, "#1F4E8C"]], zmin=0,
                               zmax=ticks[-1],
                               colorbar=dict(title="events", thickness=12, tickmode="array", tickvals=ticks,
                                             ticktext=[f"{v:,}" for v in ticks]),
                               hovertemplate="<b>%{y}</b><br>" + label + ": %{z} event(s)<extra></extra>"))
    earlier, later = (w.earlier, w.later) if w.cut else (0, 0)
    _base_layout(fig, max(260, 90 + 24 * len(tab)),
                 meta={"mode": "svg", "period": p, "earlier": earlier, "later": later})
    fig.update_yaxes(automargin=True, ticks="")
    fig.update_xaxes(type="date", showgrid=False)
    outside = [f"{earlier:,} earlier (since {w.first.year})" if earlier else "",
               f"{later:,} later (until {w.last.year})" if later else ""]
    if earlier or later:
        fig.add_annotation(x=0, xref="paper", xanchor="left", y=1, yref="paper", yanchor="bottom", showarrow=False,
                           text=" and ".join(x for x in outside if x) + " dated event(s) left out: set the dates to "
                                "include them", font=dict(size=11, color="#4A4F57"), name="outside")
    return fig


def _pairs_within(pairs: pd.DataFrame, nodes: np.ndarray, n_events: int) -> pd.DataFrame:
    """Counts of events shared by two of ``nodes`` (actor codes, at most 62): columns actor_a, actor_b
    (names, in the order of the codes) and n."""
    codes, names = _codes(pairs["actor"])
    bit = np.full(len(names), -1, dtype=np.int64)
    ranked = np.sort(nodes)
    bit[ranked] = np.arange(len(ranked))
    b = bit[codes]
    on = b >= 0
    mask = np.zeros(n_events, dtype=np.int64)
    np.bitwise_or.at(mask, pairs["row"].to_numpy()[on], np.left_shift(1, b[on]))
    mask = mask[(mask & (mask - 1)) != 0]  # events with two nodes or more
    sets, weight = np.unique(mask, return_counts=True)
    member = ((sets[:, None] >> np.arange(len(ranked))) & 1).astype(np.int64)
    shared = member.T @ (member * weight[:, None])
    a, c = np.nonzero(np.triu(shared, 1))
    arr = np.array(names, dtype=object)[ranked]
    return pd.DataFrame({"actor_a": arr[a], "actor_b": arr[c], "n": shared[a, c]})


NET_FONT = 12
NET_PX = 125          # pixels per unit of the network's axes in a plot 560 px wide or more (a half-width column)
NET_EDGES = 3         # lines kept per node: its strongest links
NET_RX = 1.35         # the nodes' ellipse: this wide, 1 high
NET_LABEL = 22        # characters of a node label (hover shows the whole name)


def _short_label(name: str) -> str:
    return name if len(name) <= NET_LABEL else name[: NET_LABEL - 1].rstrip() + "…"


def _label_box(x: float, y: float, text: str, shift: float, size: float, px: float = NET_PX,
               font: int = NET_FONT, where: str = "out") -> tuple[float, float, float, float]:
    """(left, right, bottom, top) in pixels of the label ``text`` of a node of ``size`` px at (``x``, ``y``) in axis
    units: beside the node on the side away from the centre (``where="out"``), ``shift`` px farther out, or centred
    ``"above"`` or ``"below"`` it; its width estimated from the text's length."""
    w = len(text) * font * CHAR_EM + 4
    h = font * 1.3
    cx, cy, gap = x * px, y * px, size / 2 + 2 + shift
    if where == "above":
        return cx - w / 2, cx + w / 2, cy + size / 2 + 2, cy + size / 2 + 2 + h
    if where == "below":
        return cx - w / 2, cx + w / 2, cy - size / 2 - 2 - h, cy - size / 2 - 2
    if x >= 0:
        return cx + gap, cx + gap + w, cy - h / 2, cy + h / 2
    return cx - gap - w, cx - gap, cy - h / 2, cy + h / 2


def _overlap(a: tuple, b: tuple, gap: float = 1.0) -> bool:
    return a[0] < b[1] + gap and b[0] < a[1] + gap and a[2] < b[3] + gap and b[2] < a[3] + gap


NET_SHIFT = 90        # pixels a label may be moved out (on a leader line) to clear the nodes beside it


def _place_labels(order: list[str], pos: dict, sizes: dict, rank: list[str]) -> dict[str, tuple[str, float]]:
    """Node -> (where, shift) of its label, for the labels that fit: the most active actors first, each beside its
    node away from the centre and moved out (``shift`` px) past the nodes in its way, or else above (below) a node
    on the upper (lower) arc; left out (hover still names it) when it would touch a label already placed."""
    nodes = {a: (pos[a][0] * NET_PX - sizes[a] / 2, pos[a][0] * NET_PX + sizes[a] / 2,
                 pos[a][1] * NET_PX - sizes[a] / 2, pos[a][1] * NET_PX + sizes[a] / 2) for a in order}
    placed: list[tuple] = []
    out: dict[str, tuple[str, float]] = {}

    def free(box: tuple, a: str) -> bool:
        return not any(_overlap(box, p) for p in placed) and \
            not any(_overlap(box, nb, 1) for b, nb in nodes.items() if b != a)

    for a in rank:
        x, y = pos[a]
        text = plot_text(_short_label(a))
        shift = 0.0
        while shift <= NET_SHIFT:
            box = _label_box(x, y, text, shift, sizes[a])
            blocking = [nb for b, nb in nodes.items() if b != a and _overlap(box, nb, 1)]
            if not blocking:
                break
            # move past the farthest blocking node
            edge = max(nb[1] for nb in blocking) - box[0] if x >= 0 else box[1] - min(nb[0] for nb in blocking)
            shift += edge + 2
        if shift <= NET_SHIFT and free(box, a):
            placed.append(box)
            out[a] = ("out", shift)
            continue
        where = "above" if y > 0 else "below"
        box = _label_box(x, y, text, 0, sizes[a], where=where)
        if abs(y) > 0.5 and free(box, a):
            placed.append(box)
            out[a] = (where, 0.0)
    return out


def _strongest(edges: pd.DataFrame, per_node: int) -> pd.DataFrame:
    """The edges that are among the ``per_node`` heaviest of either of their ends (ties by the other's name)."""
    ends = pd.concat([edges.assign(node=edges["actor_a"], other=edges["actor_b"]),
                      edges.assign(node=edges["actor_b"], other=edges["actor_a"])])
    ends = ends.sort_values(["node", "n", "other"], ascending=[True, False, True], kind="stable")
    top = ends.groupby("node", sort=False).head(per_node)
    keep = set(zip(top["actor_a"], top["actor_b"]))
    return edges[[(a, b) in keep for a, b in zip(edges["actor_a"], edges["actor_b"])]].reset_index(drop=True)


def cooccurrence(events: pd.DataFrame, sides: dict[str, str] | None = None, top: int = 24,
                 pairs: pd.DataFrame | None = None, per_node: int = NET_EDGES) -> go.Figure:
    """Network of the ``top`` actors (at most 62) that appear in the same events: nodes on a circle grouped by side,
    each with its ``per_node`` strongest links, labelled where a label fits (the most active first)."""
    sides = sides or {}
    top = min(top, 62)
    if events.empty:
        return empty("No events match the filters.")
    pairs = explode_actors(events) if pairs is None else pairs
    if pairs.empty:
        return empty("No actors in the matching events.")
    codes, names = _codes(pairs["actor"])
    n, order = _ranked(codes, names)
    counts = pd.Series(n[order], index=[names[i] for i in order])
    nodes = list(counts.index[:top])
    edges = _pairs_within(pairs, order[:top], len(events))
    if edges.empty:
        return empty("No two actors share an event under these filters.")
    all_edges = len(edges)
    edges = _strongest(edges, per_node)
    legend = palette.side_legend(sides)
    colors = palette.side_colors(sides)
    entries = list(colors)
    side = {a: palette.side_of(a, sides, legend) for a in nodes}
    order = sorted(nodes, key=lambda a: (entries.index(side[a]), -counts[a], a))
    ang = {a: math.pi / 2 - 2 * math.pi * i / len(order) for i, a in enumerate(order)}
    pos = {a: (NET_RX * math.cos(t), math.sin(t)) for a, t in ang.items()}   # an ellipse: room for labels
    shrink = min(1.0, 16 / len(order)) ** 0.5     # smaller nodes when there are many
    sizes = {a: (6 + 20 * math.sqrt(counts[a] / counts.iloc[0])) * shrink for a in order}
    where = _place_labels(order, pos, sizes, nodes)
    fig = go.Figure()
    wmax = edges["n"].max()
    bins = np.ceil(4 * edges["n"] / wmax).astype(int).clip(1, 4)
    for b in sorted(bins.unique()):
        e = edges[bins == b]
        xs, ys = [], []
        for a, c in zip(e["actor_a"], e["actor_b"]):
            xs += [pos[a][0], pos[c][0], None]
            ys += [pos[a][1], pos[c][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(width=0.6 + 1.4 * b, color=f"rgba(90,100,120,{0.12 + 0.12 * b:.2f})")))
    mid = np.array([[(pos[a][0] + pos[c][0]) / 2, (pos[a][1] + pos[c][1]) / 2] for a, c in
                    zip(edges["actor_a"], edges["actor_b"])])
    fig.add_trace(go.Scatter(x=mid[:, 0], y=mid[:, 1], mode="markers", marker=dict(size=10, opacity=0),
                             showlegend=False, customdata=np.column_stack([[plot_text(a) for a in edges["actor_a"]],
                                                                           [plot_text(b) for b in edges["actor_b"]],
                                                                           edges["n"]]),
                             hovertemplate="%{customdata[0]} — %{customdata[1]}: %{customdata[2]} shared event(s)"
                                           "<extra></extra>"))
    for s in [e for e in entries if e in set(side.values())]:
        members = [a for a in order if side[a] == s]
        fig.add_trace(go.Scatter(
            x=[pos[a][0] for a in members], y=[pos[a][1] for a in members], mode="markers", name=plot_text(s),
            marker=dict(size=[sizes[a] for a in members], color=colors[s], opacity=1,
                        line=dict(color="white", width=2)),
            customdata=np.array(members, dtype=object), cliponaxis=False,
            hovertext=[f"{plot_text(a)}: {counts[a]} event(s)" for a in members], hoverinfo="text"))
    labels = []   # as annotations: beside the node, on a leader line, above or below it
    for a, (spot, shift) in where.items():
        style = dict(x=pos[a][0], y=pos[a][1], text=plot_text(_short_label(a)), name=f"label:{a}",
                     font=dict(size=NET_FONT, color="#31333F"))
        if spot != "out":
            up = spot == "above"
            labels.append(dict(xanchor="center", yanchor="bottom" if up else "top", showarrow=False,
                               yshift=(sizes[a] / 2 + 2) * (1 if up else -1), **style))
            continue
        right = pos[a][0] >= 0
        off = (sizes[a] / 2 + 2 + shift) * (1 if right else -1)
        labels.append(dict(xanchor="left" if right else "right", yanchor="middle", showarrow=shift > 0, ax=off, ay=0,
                           arrowwidth=0.8, arrowhead=0, arrowcolor="#B8BCC4", standoff=sizes[a] / 2,
                           xshift=0 if shift > 0 else off, **style))
    fig.update_layout(annotations=labels)
    _base_layout(fig, 520, showlegend=True, dragmode=False,
                 legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text="side: ",
                             itemsizing="constant"),
                 meta={"mode": "svg", "nodes": order, "edges": int(len(edges)), "edges_all": int(all_edges),
                       "actors_all": int(len(counts)), "labels": len(where), "px": NET_PX})
    fig.update_xaxes(visible=False, range=[-2.2, 2.2], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-1.25, 1.25], scaleanchor="x", scaleratio=1, fixedrange=True)
    return fig


SPEECH_TYPES = ("statement", "interview", "report", "proposal")


def speakers(events: pd.DataFrame, top: int = 15, pairs: pd.DataFrame | None = None) -> go.Figure:
    """Who speaks about whom: the subject of a statement-like event -> the other actors it names."""
    tc, tn = _codes(events["event_type"])
    speech = np.isin(tc, [i for i, t in enumerate(tn) if t in SPEECH_TYPES])
    said = speech & events["subject"].notna().to_numpy()
    if not said.any():
        return empty("No statements match the filters.")
    pairs = explode_actors(events) if pairs is None else pairs
    codes, names = _codes(pairs["actor"])
    rows = pairs["row"].to_numpy()
    on = said[rows]
    rows, codes = rows[on], codes[on]
    sc, sn = _codes(events["subject"])
    # a speaker's own code among the actors (-1 when none), so that the speaker is not counted as mentioned
    at = {a: i for i, a in enumerate(names)}
    own = np.array([at.get(x, -1) for x in sn] + [-1], dtype=np.int64)
    spk = sc[rows]
    other = codes != own[spk]
    rows, codes, spk = rows[other], codes[other], spk[other]
    if not len(rows):
        return empty("The matching statements name no other actor.")
    _, first = np.unique(rows * len(names) + codes, return_index=True)  # each actor once per event
    codes, spk = codes[first], spk[first]
    _, s_order = _ranked(spk, sn)
    _, m_order = _ranked(codes, names)
    s_keep, m_keep = s_order[:top][::-1], m_order[:top]
    tab = pd.DataFrame(_cross(spk, len(sn), codes, len(names))[np.ix_(s_keep, m_keep)],
                       index=[sn[i] for i in s_keep], columns=[names[i] for i in m_keep])
    spk = list(tab.index[::-1])
    z = tab.to_numpy()
    fig = go.Figure(go.Heatmap(z=z, x=[plot_text(a) for a in tab.columns], y=[plot_text(a) for a in tab.index], xgap=2, ygap=2,
                               colorscale=[[0, "#F6F4FA"], [0.001, "#E6DDF3"], [1, "#5B3A94"]], zmin=0,
                               text=np.where(z > 0, z.astype(str), ""), texttemplate="%{text}", showscale=False,
                               hovertemplate="<b>%{y}</b> → %{x}: %{z} statement(s)<extra></extra>"))
    _base_layout(fig, max(260, 120 + 30 * len(tab)), meta={"mode": "svg", "speakers": spk})
    fig.update_xaxes(title_text="mentioned", side="top", tickangle=-30, automargin=True)
    fig.update_yaxes(title_text="speaker", automargin=True, ticks="")
    return fig


# ------------------------------------------------------------------ key events

KEY_COLOR = "#B03A2E"
STRIP_COLOR = "#9AA3AF"
LABEL_LEVELS = 5          # rows of headline labels above the key dates
LABEL_CHARS = 28          # characters per label line
LABEL_LINES = 3
LABEL_FONT = 11
CHAR_EM = 0.58            # average width of a label character, in font sizes
PLOT_PX = 1000            # plot width the dashboard's label layout assumes (its chart is wider on most screens)
STRIP_BIN_AT = 1_500      # other events above which the key timeline's strip shows one mark per day or week
STRIP_BINS = 800          # days in the strip above which its marks are weeks


def key_fit(width: int, height: int) -> dict:
    """``key_timeline`` arguments for a figure of ``width`` x ``height`` pixels (an export preset): as many label
    levels as fit in the key area, in a smaller font on small figures."""
    font = LABEL_FONT if width >= 900 else 9
    level_px = LABEL_LINES * font * 1.3 + 8
    key_area = (height - 140) * 0.72       # the plot area without title, legend and caption; the strip below
    return {"levels": int(max(1, min(LABEL_LEVELS, key_area // level_px))), "plot_px": max(300, width - 60),
            "font": font}


def _label_text(headline: str) -> tuple[str, int]:
    """A headline wrapped into at most ``LABEL_LINES`` escaped lines, and its widest line in characters."""
    lines = textwrap.wrap(str(headline or ""), LABEL_CHARS) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1] + "…"
    return "<br>".join(plot_text(x) for x in lines), max(len(x) for x in lines)


def label_layout(xs: list[float], widths: list[float], order: list[int], levels: int = LABEL_LEVELS,
                 gap: float = 0.006) -> list[tuple[int, str] | None]:
    """(level, anchor) for each label at ``xs`` (fractions of the axis) with ``widths``, or None when it fits
    nowhere. A label is centred on its date ("center"), or starts ("left") or ends ("right") there when it would
    be cut at the axis's edge. Labels are placed in ``order`` (best first), each in the lowest level where it
    overlaps no other label (the stems of higher labels pass behind lower ones: labels have an opaque
    background)."""
    placed: list[tuple[int, float, float]] = []   # level, left, right
    out: list[tuple[int, str] | None] = [None] * len(xs)
    for i in order:
        x, w = xs[i], widths[i]
        anchor, lo, hi = "center", x - w / 2, x + w / 2
        if lo < 0:
            anchor, lo, hi = "left", max(0.0, x - gap), x + w
        elif hi > 1:
            anchor, lo, hi = "right", x - w, min(1.0, x + gap)
        if lo < 0 or hi > 1:   # wider than the axis allows on either side
            continue
        for lv in range(levels):
            if not any(plv == lv and lo < phi + gap and plo < hi + gap for plv, plo, phi in placed):
                placed.append((lv, lo, hi))
                out[i] = (lv, anchor)
                break
    return out


def _strip(dated: pd.DataFrame, when: pd.Series) -> go.Scatter:
    """The other events, one faint mark each (jittered by event id so that the picture is the same on every run)."""
    ids = dated["event_id"].astype(str)
    jitter = (pd.util.hash_pandas_object(ids, index=False).to_numpy() % 1000) / 1000.0
    custom = np.column_stack([ids.to_numpy(), [_wrap(x, max_lines=3) for x in dated["summary"]],
                              when.dt.strftime("%Y-%m-%d").to_numpy()])
    cls = go.Scattergl if len(dated) > WEBGL_AT else go.Scatter
    return cls(x=when, y=0.1 + 0.8 * jitter, mode="markers", name="other events", yaxis="y",
               marker=dict(color=STRIP_COLOR, size=5, opacity=0.35), customdata=custom,
               hovertemplate="%{customdata[2]}<br>%{customdata[1]}<extra></extra>")


def _binned_strip(dated: pd.DataFrame, when: pd.Series) -> go.Scatter:
    """Many other events: one faint mark per day (per week over long spans), sized by its number of events. A mark
    stands for its best-sourced event: its id (selecting the mark shows that event's evidence) and summary."""
    day = when.to_numpy().astype("datetime64[D]")
    freq = "D" if len(np.unique(day)) <= STRIP_BINS else "W"
    bucket = day if freq == "D" else _period_day(_period_numbers(day, "W"), "W")
    g = pd.DataFrame({"bucket": bucket, "sources": dated["sources"].to_numpy(), "pos": np.arange(len(dated))})
    g = g.sort_values(["bucket", "sources", "pos"], ascending=[True, False, True], kind="stable")
    n = g.groupby("bucket", sort=True).size().to_numpy()
    best = dated.iloc[g.drop_duplicates("bucket")["pos"].to_numpy()]
    x = np.unique(bucket).astype("datetime64[s]")
    label = np.datetime_as_string(x.astype("datetime64[D]"))
    if freq == "W":
        label = np.char.add("week of ", label)
    count = [f"{k:,} event{'s' if k != 1 else ''}" for k in n]
    custom = np.column_stack([best["event_id"].astype(str).to_numpy(), label, count,
                              [_wrap(t, max_lines=2) for t in best["summary"]]])
    return go.Scatter(x=pd.to_datetime(x), y=np.full(len(x), 0.5), mode="markers", name="other events", yaxis="y",
                      marker=dict(color=STRIP_COLOR, size=4 + 12 * np.sqrt(n / n.max()), opacity=0.35,
                                  line=dict(width=0)),
                      customdata=custom,
                      hovertemplate="%{customdata[1]} · %{customdata[2]}<br>%{customdata[3]}<extra></extra>")


def key_timeline(events: pd.DataFrame, kds: list, levels: int = LABEL_LEVELS, plot_px: int = PLOT_PX,
                 font: int = LABEL_FONT) -> go.Figure:
    """Key events: the key dates (``keydates.KeyDate``) as marked points labelled with their headlines, staggered
    in ``levels`` rows so that no two labels overlap; every other dated event as a faint strip below. Points
    carry their event id as ``customdata[0]``, so a selection shows the evidence as on the full timeline."""
    dated = events[events["date"].notna()]
    undated = len(events) - len(dated)
    if dated.empty:
        msg = "No dated events match the filters." + (f" ({undated} undated: see the Events page.)" if undated else "")
        return empty(msg)
    when = pd.to_datetime(dated["date"])
    kd_days = pd.to_datetime([kd.date for kd in kds]) if kds else pd.DatetimeIndex([])
    # the axis spans the key dates and where the events are; captions and a few far-off events stay a pan away
    w = windows.default_window(dated["date"], dated["date_end"], dated["caption"] if "caption" in dated else None)
    lo, hi = w.lo, w.hi
    if len(kd_days):
        lo, hi = min(lo, kd_days.min()), max(hi, kd_days.max())
    outside = int(((when < lo) | (when > hi)).sum())
    pad = max(pd.Timedelta(days=3), (hi - lo) * 0.03)
    x0, x1 = lo - pad, hi + pad
    span_ms = max(1.0, (x1 - x0).total_seconds())
    fig = go.Figure()
    fig.add_trace(_strip(dated, when) if len(dated) <= STRIP_BIN_AT else _binned_strip(dated, when))
    labels, n_labels = [], 0
    if kds:
        heads = [_label_text(kd.headline) for kd in kds]
        xs = [(d - x0).total_seconds() / span_ms for d in kd_days]
        widths = [(w * font * CHAR_EM + 8) / plot_px for _, w in heads]
        rank = sorted((i for i in range(len(kds)) if str(kds[i].headline).strip()), key=lambda i: -float(kds[i].score))
        lv = label_layout(xs, widths, rank, levels)
        stem_x, stem_y = [], []
        for i, kd in enumerate(kds):
            if lv[i] is None:
                continue
            top = 0.35 + lv[i][0]
            stem_x += [kd_days[i], kd_days[i], None]
            stem_y += [0, top, None]
            labels.append(dict(x=kd_days[i], y=top, xref="x", yref="y2", text=heads[i][0], showarrow=False,
                               xanchor=lv[i][1], yanchor="bottom", align="center" if lv[i][1] == "center" else lv[i][1],
                               font=dict(size=font, color="#1F2328"), bgcolor="white",
                               bordercolor="#E3C4C0", borderwidth=1, borderpad=2,
                               name=f"key-{kd.date}"))
        n_labels = len(labels)
        fig.add_trace(go.Scatter(x=stem_x, y=stem_y, mode="lines", yaxis="y2", hoverinfo="skip", showlegend=False,
                                 line=dict(color="#D9A8A2", width=1)))
        head_ids = [kd.headline_event or (kd.sentences[0]["event_id"] if kd.sentences else
                                          (kd.event_ids[0] if kd.event_ids else "")) for kd in kds]
        kcustom = np.column_stack([head_ids, [plot_text(kd.date) for kd in kds], [heads[i][0] for i in range(len(kds))],
                                   [_wrap(kd.summary, max_lines=4) for kd in kds],
                                   [f"{kd.articles:,} article(s)" for kd in kds]])
        fig.add_trace(go.Scatter(x=kd_days, y=np.zeros(len(kds)), mode="markers", name="key dates", yaxis="y2",
                                 marker=dict(color=KEY_COLOR, size=[8 + 1.5 * min(4, kd.score) for kd in kds],
                                             symbol="diamond", line=dict(color="white", width=1)),
                                 customdata=kcustom,
                                 hovertemplate="<b>%{customdata[1]}</b> · %{customdata[2]}<br>%{customdata[3]}"
                                               "<br><i>%{customdata[4]}</i><extra></extra>"))
    height = 200 + 62 * levels
    _base_layout(fig, height, showlegend=True, dragmode="pan", hovermode="closest", annotations=labels,
                 legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right", font=dict(size=12)),
                 meta={"mode": "key", "marks": int(len(dated)), "undated": int(undated), "key_dates": len(kds),
                       "labels": n_labels, "outside": outside})
    fig.update_layout(margin=dict(l=10, r=10, t=44, b=30),
                      yaxis=dict(domain=[0, 0.2], range=[0, 1], visible=False, fixedrange=True),
                      yaxis2=dict(domain=[0.24, 1], range=[-0.5, levels + 0.2], visible=False, fixedrange=True))
    fig.update_xaxes(type="date", range=[x0, x1], showgrid=True, gridcolor="#EEF0F4")
    return fig
