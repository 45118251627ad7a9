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

from .query import NO_SIDE
from .text import plot_text

POINT_PRECISIONS = {"time", "day"}
WEBGL_AT = 1_500          # marks above which scatter traces use WebGL
AGGREGATE_AT = 20_000     # marks above which the timeline shows counts per lane and period
MAX_LANES = 14
OTHER_ACTORS = "Other actors"
NO_ACTOR = "(no actor)"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"

TYPE_COLORS = {
    "statement": "#4C78A8", "meeting": "#F58518", "call": "#54A24B", "talks": "#B279A2",
    "interview": "#72B7B2", "attack": "#E45756", "proposal": "#E8B500", "agreement": "#2E9D5B",
    "decree": "#9D755D", "visit": "#FF8FB1", "election": "#6F4BB2", "sanction": "#8C2D19",
    "report": "#3BA3C4", "other": "#9A9A9A",
}
SIDE_COLORS = {"Russia": "#C0392B", "Ukraine": "#E0A100", "United States": "#2C5AA0", "NATO": "#6C3483",
               "European Union": "#1F8A70", NO_SIDE: "#9E9E9E"}
_FALLBACK = ["#17BECF", "#BCBD22", "#8C564B", "#E377C2", "#7F7F7F", "#1F77B4", "#FF7F0E", "#2CA02C"]


def color_of(key: str, kind: str) -> str:
    table = TYPE_COLORS if kind == "type" else SIDE_COLORS
    if key in table:
        return table[key]
    return _FALLBACK[sum(map(ord, key)) % len(_FALLBACK)]


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
    colorway=list(TYPE_COLORS.values())))


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
    if color == "side":
        if lanes == "actor":
            side_names = sorted({sides.get(x, NO_SIDE) for x in order})
            lane_side = np.array([side_names.index(sides.get(x, NO_SIDE)) for x in order], dtype=np.int64)
            group = pd.Categorical.from_codes(lane_side[lane], side_names)
        else:
            subj_codes, subj_names = _codes(events["subject"].fillna(""))
            side_names = sorted({sides.get(x, NO_SIDE) for x in subj_names})
            subj_side = np.array([side_names.index(sides.get(x, NO_SIDE)) for x in subj_names], dtype=np.int64)
            group = pd.Categorical.from_codes(subj_side[subj_codes[rows]], side_names)
    else:
        group = pd.Categorical.from_codes(type_codes[rows], type_names)
    marks = pd.DataFrame({"row": rows, "lane": lane, "group": group})
    return marks, order


def timeline(events: pd.DataFrame, *, lanes: str = "actor", color: str = "type", sides: dict[str, str] | None = None,
             prefer: tuple[str, ...] = (), max_lanes: int = MAX_LANES, webgl_at: int = WEBGL_AT,
             aggregate_at: int = AGGREGATE_AT, pairs: pd.DataFrame | None = None) -> go.Figure:
    """Dated events on a time axis, one lane per actor (or event type); spans for coarse dates.

    ``pairs`` (row, actor) of ``events`` may be given to skip exploding the actor lists.
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
    if mode == "aggregate":
        _aggregate_marks(fig, marks, color, order)
    else:
        _event_marks(fig, marks, dated, color, webgl=(mode == "webgl"))
    lo, hi = marks["start"].min(), marks["end"].max()
    pad = max(pd.Timedelta(days=3), (hi - lo) * 0.03)
    height = max(300, min(900, 120 + 46 * len(order)))
    _base_layout(fig, height, showlegend=True, dragmode="pan", hovermode="closest",
                 legend=dict(orientation="v", yanchor="top", y=1, x=1.01, xanchor="left", title_text="",
                             itemclick="toggle", font=dict(size=12)),
                 meta={"mode": mode, "marks": int(n_marks), "undated": int(undated), "lanes": order})
    fig.update_layout(margin=dict(l=10, r=10, t=44, b=10))
    fig.update_xaxes(type="date", range=[lo - pad, hi + pad], showgrid=True, gridcolor="#EEF0F4",
                     rangeslider=dict(visible=True, thickness=0.07, bgcolor="#F7F8FA"),
                     rangeselector=dict(buttons=[dict(count=1, label="1m", step="month", stepmode="backward"),
                                                 dict(count=6, label="6m", step="month", stepmode="backward"),
                                                 dict(count=1, label="1y", step="year", stepmode="backward"),
                                                 dict(step="all", label="all")],
                                        x=0, xanchor="left", y=1.01, yanchor="bottom", font=dict(size=11),
                                        bgcolor="#F1F3F7", activecolor="#D5DCE8"))
    fig.update_yaxes(tickvals=list(ylane.values()), ticktext=[plot_text(x) for x in ylane], range=[-0.6, len(order) - 0.4],
                     fixedrange=True, showgrid=True, gridcolor="#F1F2F5", zeroline=False, ticks="", automargin=True)
    return fig


def _offsets(marks: pd.DataFrame, keys: list[str], step: float) -> np.ndarray:
    k = marks.groupby(keys, sort=False).cumcount().to_numpy()
    # 0, +1, -1, +2, -2 steps around the lane centre, cycling
    return np.array([0, 1, -1, 2, -2])[k % 5] * step


def _event_marks(fig: go.Figure, marks: pd.DataFrame, dated: pd.DataFrame, color: str, webgl: bool) -> None:
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
    for g in pd.unique(groups):
        c = color_of(g, color)
        sel = groups == g
        first = True
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
                                           hoverinfo="skip", legendgroup=g, name=plot_text(g), showlegend=True))
                fig.add_trace(go.Scattergl(x=marks["start"][s_mask] + pd.to_timedelta(dur / 2, unit="ms"),
                                           y=y[s_mask], mode="markers", marker=dict(color=c, size=5, symbol="line-ns",
                                                                                    line=dict(width=1, color=c)),
                                           customdata=custom[s_mask], hovertemplate=hover, legendgroup=g,
                                           name=plot_text(g), showlegend=False))
            else:
                fig.add_trace(go.Bar(orientation="h", base=marks["start"][s_mask], x=dur, y=y[s_mask], width=0.26,
                                     marker=dict(color=c, opacity=0.42, line=dict(color=c, width=1)),
                                     customdata=custom[s_mask], hovertemplate=hover, legendgroup=g, name=plot_text(g),
                                     showlegend=True))
            first = False
        p_mask = sel & ~span
        if p_mask.any():
            cls = go.Scattergl if webgl else go.Scatter
            fig.add_trace(cls(x=marks["start"][p_mask], y=y[p_mask], mode="markers",
                              marker=dict(color=c, size=7 if webgl else 11, line=dict(color="white", width=1),
                                          opacity=0.92),
                              customdata=custom[p_mask], hovertemplate=hover, legendgroup=g, name=plot_text(g),
                              showlegend=first))
    fig.update_layout(barmode="overlay")


def _bucket(dates: np.ndarray, freq: str) -> np.ndarray:
    """First day of the week (Monday) or month of each datetime64 value (NaT stays NaT)."""
    starts = _period_day(_period_numbers(dates, freq), freq).astype("datetime64[s]")
    return np.where(np.isnat(dates), np.datetime64("NaT", "s"), starts)


def _aggregate_marks(fig: go.Figure, marks: pd.DataFrame, color: str, order: list[str]) -> None:
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
    for g in pd.unique(top["group"]):
        sel = (top["group"] == g).to_numpy()
        t = top[sel]
        custom = np.column_stack([np.full(len(t), ""), names[t["lane"].to_numpy()],
                                  t["bucket"].dt.strftime("%d %b %Y").to_numpy(), t["total"].astype(int).to_numpy()])
        fig.add_trace(go.Scattergl(x=t["bucket"], y=t["y"], mode="markers", name=plot_text(g), legendgroup=g,
                                   marker=dict(size=size[sel], color=color_of(g, color), opacity=0.75,
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
    types = [t for t in TYPE_COLORS if t in tab.columns] + [t for t in tab.columns if t not in TYPE_COLORS]
    ticks = [plot_text(a) for a in tab.index]
    for t in types:
        vals = tab[t].to_numpy()
        if not vals.any():
            continue
        fig.add_trace(go.Bar(orientation="h", y=ticks, x=vals, name=plot_text(t), marker_color=color_of(t, "type"),
                             customdata=np.array(tab.index, dtype=object),
                             hovertemplate="<b>%{y}</b><br>" + plot_text(t) + ": %{x}<extra></extra>"))
    _base_layout(fig, max(260, 80 + 26 * len(tab)), barmode="stack", dragmode=False,
                 legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=12), traceorder="normal"),
                 meta={"mode": "svg", "actors": list(tab.index[::-1])})
    fig.update_yaxes(automargin=True, ticks="")
    return fig


def _period(dates: pd.Series, period: str) -> str:
    if period in ("week", "month"):
        return period
    days = (dates.max() - dates.min()).days if len(dates) else 0
    return "week" if days <= 420 else "month"


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
                  pairs: pd.DataFrame | None = None) -> go.Figure:
    """Actor x week (or month) counts of dated events."""
    if pairs is None:
        pairs = explode_actors(events)
    has_date = events["date"].notna().to_numpy()
    if not has_date.any():
        return empty("No dated events match the filters.")
    rows = pairs["row"].to_numpy()
    dated = has_date[rows]
    if not dated.any():
        return empty("No actors in the matching events.")
    p = _period(events["date"], period)
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
    fig = go.Figure(go.Heatmap(z=tab.to_numpy(), x=tab.columns, y=[plot_text(a) for a in tab.index], xgap=1, ygap=1,
                               colorscale=[[0, "#F4F6FA"], [0.001, "#DCE8F5"], [1, "#1F4E8C"]], zmin=0,
                               colorbar=dict(title="events", thickness=12),
                               hovertemplate="<b>%{y}</b><br>" + label + ": %{z} event(s)<extra></extra>"))
    _base_layout(fig, max(260, 90 + 24 * len(tab)), meta={"mode": "svg", "period": p})
    fig.update_yaxes(automargin=True, ticks="")
    fig.update_xaxes(type="date", showgrid=False)
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


def cooccurrence(events: pd.DataFrame, sides: dict[str, str] | None = None, top: int = 24,
                 pairs: pd.DataFrame | None = None) -> go.Figure:
    """Network of actors that appear in the same events: nodes on a circle grouped by side (at most 62)."""
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
    order = sorted(nodes, key=lambda a: (sides.get(a, NO_SIDE) == NO_SIDE, sides.get(a, NO_SIDE), -counts[a], a))
    ang = {a: math.pi / 2 - 2 * math.pi * i / len(order) for i, a in enumerate(order)}
    pos = {a: (math.cos(t), math.sin(t)) for a, t in ang.items()}
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
                                 line=dict(width=0.8 + 1.8 * b, color=f"rgba(90,100,120,{0.18 + 0.14 * b:.2f})")))
    mid = np.array([[(pos[a][0] + pos[c][0]) / 2, (pos[a][1] + pos[c][1]) / 2] for a, c in
                    zip(edges["actor_a"], edges["actor_b"])])
    fig.add_trace(go.Scatter(x=mid[:, 0], y=mid[:, 1], mode="markers", marker=dict(size=10, opacity=0),
                             showlegend=False, customdata=np.column_stack([[plot_text(a) for a in edges["actor_a"]],
                                                                           [plot_text(b) for b in edges["actor_b"]],
                                                                           edges["n"]]),
                             hovertemplate="%{customdata[0]} — %{customdata[1]}: %{customdata[2]} shared event(s)"
                                           "<extra></extra>"))
    groups = pd.Series({a: sides.get(a, NO_SIDE) for a in order})
    for side in pd.unique(groups):
        members = [a for a in order if groups[a] == side]
        xs = [pos[a][0] for a in members]
        ys = [pos[a][1] for a in members]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers+text", name=plot_text(side), text=[plot_text(a) for a in members],
            textposition=["middle right" if x >= 0 else "middle left" for x in xs], textfont=dict(size=12),
            marker=dict(size=[12 + 26 * math.sqrt(counts[a] / counts.iloc[0]) for a in members],
                        color=color_of(side, "side"), opacity=1, line=dict(color="white", width=2)),
            customdata=np.array(members, dtype=object),
            hovertext=[f"{plot_text(a)}: {counts[a]} event(s)" for a in members], hoverinfo="text"))
    _base_layout(fig, 500, showlegend=True, dragmode=False,
                 legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text="side: "),
                 meta={"mode": "svg", "nodes": order, "edges": int(len(edges))})
    fig.update_xaxes(visible=False, range=[-2.0, 2.0])
    fig.update_yaxes(visible=False, range=[-1.15, 1.15])
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
    # the axis spans the key dates and the bulk of the events; a few far-off events stay a pan away
    q = 0.02 if len(when) >= 50 else 0.0
    lo, hi = when.quantile(q), when.quantile(1 - q)
    hi = max(hi, pd.to_datetime(dated["date_end"].fillna(dated["date"])).quantile(1 - q))
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
