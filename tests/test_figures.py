"""Figure builders: specs on the sample, escaping, and the WebGL / aggregation switch on large inputs."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from timeline.bench.synthetic import synthetic_frames
from timeline.views import figures, query
from timeline.views.query import Filters
from timeline.views.text import html_text, plot_text
from timeline.views.view import make_data, make_view


@pytest.fixture(scope="module")
def view(seeds):
    data = make_data(seeds.events, seeds.mentions, seeds.documents, seeds.actors)
    return make_view(data, Filters())


def spec(fig) -> dict:
    return json.loads(fig.to_json())


def test_timeline_lanes_spans_points_and_hover(view):
    fig = spec(figures.timeline(view.events, sides=view.data.sides))
    meta = fig["layout"]["meta"]
    assert meta["mode"] == "svg" and meta["undated"] == int(view.events["date"].isna().sum())
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert ticks == meta["lanes"] and len(ticks) <= figures.MAX_LANES
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    points = [t for t in fig["data"] if t["type"] == "scatter" and "customdata" in t]
    coarse = view.events[view.events["date"].notna() & ~view.events["precision"].astype(str).isin(["day", "time"])]
    assert bool(bars) == (not coarse.empty)
    obj = figures.timeline(view.events, sides=view.data.sides)
    for b in (t for t in obj.data if t.type == "bar"):
        assert b.orientation == "h" and (b.x >= 86_400_000).all()  # at least a day long, from date to date_end
    ids = {row[0] for t in points + bars for row in t["customdata"]}
    assert ids == set(view.events.loc[view.events["date"].notna(), "event_id"])
    assert "%{customdata[1]}" in points[0]["hovertemplate"]  # the date as written
    texts = {row[0]: row[1] for t in points + bars for row in t["customdata"]}
    for e in view.events[view.events["date"].notna()].itertuples():
        assert texts[e.event_id] == plot_text(e.date_text)
    assert fig["layout"]["xaxis"]["rangeslider"]["visible"]


def test_timeline_lanes_by_type_and_colour_by_side(view):
    fig = spec(figures.timeline(view.events, lanes="type", color="side", sides=view.data.sides))
    assert set(fig["layout"]["meta"]["lanes"]) <= set(view.events["event_type"].astype(str))
    names = {t["name"] for t in fig["data"] if t.get("showlegend")}
    assert names and names <= set(view.data.sides.values()) | {query.NO_SIDE}


def test_preferred_actors_come_first_and_lanes_are_capped(view):
    fig = figures.timeline(view.events, sides=view.data.sides, prefer=("Sergey Lavrov",), max_lanes=4)
    lanes = fig.layout.meta["lanes"]
    assert lanes[0] == "Sergey Lavrov" and lanes[-1] == figures.OTHER_ACTORS and len(lanes) == 4


def test_no_dated_events_gives_a_message_not_a_blank_chart(view):
    undated = view.events[view.events["date"].isna()]
    fig = figures.timeline(undated)
    assert fig.layout.meta["mode"] == "empty" and "No dated events" in fig.layout.annotations[0].text
    for f in (figures.actor_bars, figures.actor_heatmap, figures.speakers):
        assert f(view.events.iloc[0:0]).layout.meta["mode"] == "empty"


def test_text_from_documents_is_escaped_in_labels_and_hovers(view):
    ev = view.events.copy().reset_index(drop=True)
    ev.loc[0, "summary"] = "<img src=x onerror=alert(1)> <b>bold</b>"
    ev.loc[0, "date_text"] = "<script>alert(1)</script>"
    ev.at[0, "actors"] = ["<i>Evil</i>", *ev.loc[0, "actors"]]
    ev.loc[0, "date"] = ev["date"].dropna().iloc[0]
    text = figures.timeline(ev, sides={}).to_json() + figures.actor_bars(ev).to_json() + \
        figures.cooccurrence(ev, {}).to_json() + figures.speakers(ev).to_json() + figures.actor_heatmap(ev).to_json()
    assert "<img" not in text and "<script" not in text and "<i>Evil" not in text and "<b>bold" not in text
    assert "&lt;img" in text and "&lt;script&gt;" in text and "&lt;i&gt;Evil" in text


def test_actor_figures(view):
    bars = figures.actor_bars(view.events)
    top = bars.layout.meta["actors"]
    counts = pd.Series([a for lst in view.events["actors"] for a in lst]).value_counts()
    assert top[0] == counts.index[0]
    total = {}
    for t in bars.data:
        for actor, x in zip(t.customdata, t.x):
            total[actor] = total.get(actor, 0) + x
    assert total == {a: int(counts[a]) for a in total} and set(total) == set(top)
    heat = spec(figures.actor_heatmap(view.events, period="month"))
    assert heat["layout"]["meta"]["period"] == "month"
    net = spec(figures.cooccurrence(view.events, view.data.sides))
    assert set(net["layout"]["meta"]["nodes"]) <= set(counts.index)
    both = sum(1 for a in view.events["actors"] if {"Vladimir Putin", "Donald Trump"} <= set(a))
    hover = [t for t in net["data"] if t.get("hovertemplate", "").startswith("%{customdata[0]} —")][0]
    pair = [row for row in hover["customdata"] if {row[0], row[1]} == {"Donald Trump", "Vladimir Putin"}]
    assert both == 0 or int(pair[0][2]) == both
    sp = spec(figures.speakers(view.events))
    assert sp["data"][0]["type"] == "heatmap"


def test_selected_ids_reads_streamlit_selections():
    sel = {"selection": {"points": [{"customdata": ["e1", "x"]}, {"customdata": ["e1"]}, {"customdata": "e2"},
                                    {"x": 1}], "point_indices": [0, 1, 2, 3], "box": [], "lasso": []}}
    assert figures.selected_ids(sel) == ["e1", "e2"]
    assert figures.selected_ids(None) == [] and figures.selected_ids({}) == []


@pytest.mark.slow  # the 100,000-event corpus takes a few seconds to make
def test_many_marks_switch_to_webgl_then_to_aggregation(big):
    small = big.events.iloc[:300]
    assert figures.timeline(small, lanes="type").layout.meta["mode"] == "svg"
    mid = big.events.iloc[:5_000]
    fig = figures.timeline(mid, lanes="type")
    marks = [t for t in fig.data if t.customdata is not None]      # not the legend swatches and the overview
    assert fig.layout.meta["mode"] == "webgl" and {t.type for t in marks} == {"scattergl"}
    fig = figures.timeline(big.events, sides=big.sides)
    assert fig.layout.meta["mode"] == "aggregate"
    marks = [t for t in fig.data if t.customdata is not None]
    assert sum(len(t.x) for t in marks) < 5_000  # counts per lane and week/month, not 300,000 marks
    assert all(t.type == "scattergl" for t in marks)
    assert sum(len(t.x) for t in fig.data if t.customdata is None) < 400   # swatches and the overview stay small


@pytest.mark.slow  # the 100,000-event corpus takes a few seconds to make
def test_figures_from_a_views_pairs_equal_figures_from_its_events(big):
    """The pages hand each figure the view's (row, actor) pairs to skip exploding 100,000 actor lists again:
    the figures must be the ones the events alone give."""
    for f in [Filters(), Filters(actors=("Actor 002",)), Filters(types=("statement",), undated=False)]:
        view = make_view(big, f)
        assert len(view.events)
        assert spec(figures.timeline(view.events, sides=big.sides, prefer=f.actors, pairs=view.pairs)) == \
            spec(figures.timeline(view.events, sides=big.sides, prefer=f.actors))
        for fn in (figures.actor_bars, figures.actor_heatmap, figures.speakers):
            assert spec(fn(view.events, pairs=view.pairs)) == spec(fn(view.events))
        assert spec(figures.cooccurrence(view.events, big.sides, pairs=view.pairs)) == \
            spec(figures.cooccurrence(view.events, big.sides))


def _cells(fig) -> dict:
    """Non-zero cells of a heatmap as {(row label, column label): count}."""
    t = spec(fig)["data"][0]
    z = figures_array(t["z"])
    return {(y, str(x)[:10]): int(z[i][j]) for i, y in enumerate(t["y"]) for j, x in enumerate(t["x"]) if z[i][j]}


def figures_array(v):
    import base64

    import numpy as np

    if isinstance(v, dict):
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
        return a.reshape([int(x) for x in v["shape"].split(",")]) if "shape" in v else a
    return v


@pytest.mark.parametrize("filters", [Filters(), Filters(types=("statement", "meeting")), Filters(actors=("Actor 003",))])
def test_actor_figures_count_what_a_plain_loop_counts(filters):
    ev, me, do, ac = synthetic_frames(4_000, seed=9)
    data = make_data(ev, me, do, ac)
    events = make_view(data, filters).events
    bars, pairs, said, cells = {}, {}, {}, {}
    for actors, kind, subject, date in zip(events["actors"], events["event_type"], events["subject"], events["date"]):
        actors = list(dict.fromkeys(actors))
        for a in actors:
            bars[(kind, a)] = bars.get((kind, a), 0) + 1
            if pd.notna(date):
                key = (a, date.strftime("%Y-%m-01"))
                cells[key] = cells.get(key, 0) + 1
        for i, a in enumerate(sorted(actors)):
            for b in sorted(actors)[i + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
        if kind in figures.SPEECH_TYPES and pd.notna(subject):
            for a in actors:
                if a != subject:
                    said[(subject, a)] = said.get((subject, a), 0) + 1
    fig = figures.actor_bars(events, top=1000)
    assert {(t.name, y): int(x) for t in fig.data for y, x in zip(t.y, t.x) if x} == bars
    assert _cells(figures.actor_heatmap(events, period="month", top=1000)) == cells
    assert _cells(figures.speakers(events, top=1000)) == said
    net = spec(figures.cooccurrence(events, data.sides, top=62, per_node=10**6))   # every link, not the strongest
    nodes = set(net["layout"]["meta"]["nodes"])
    hover = [t for t in net["data"] if t.get("hovertemplate", "").startswith("%{customdata[0]} —")][0]
    shown = {(a, b): int(n) for a, b, n in figures_array(hover["customdata"])}
    assert shown == {k: n for k, n in pairs.items() if set(k) <= nodes}
    # the most active actors come first; ties by name
    top = bars_total = {}
    for (_, a), n in bars.items():
        bars_total[a] = bars_total.get(a, 0) + n
    assert fig.layout.meta["actors"] == sorted(top, key=lambda a: (-bars_total[a], a))


def test_actor_bars_legend_follows_the_stack(view):
    """Stacked bars list their types in the legend in the order the segments stand, left to right."""
    fig = spec(figures.actor_bars(view.events))
    assert fig["layout"]["legend"]["traceorder"] == "normal"
    names = [t["name"] for t in fig["data"]]
    assert names[0] == "statement" and len(names) == len(set(names))


# ------------------------------------------------------------------ key events

def _kd(date, headline, event_id, score=1.0, summary="s"):
    from timeline.views.keydates import KeyDate

    return KeyDate(date=date, score=score, headline=headline, summary=summary, event_ids=[event_id], articles=2,
                   headline_event=event_id)


def _boxes(fig: dict) -> list[tuple[float, float, int]]:
    """(left, right, level) of each label, in fractions of the x axis, as the builder laid them out."""
    x0, x1 = (pd.Timestamp(v).value for v in fig["layout"]["xaxis"]["range"])
    out = []
    for a in fig["layout"]["annotations"]:
        lines = a["text"].split("<br>")
        w = (max(len(x) for x in lines) * figures.LABEL_FONT * figures.CHAR_EM + 8) / figures.PLOT_PX
        x = (pd.Timestamp(a["x"]).value - x0) / (x1 - x0)
        lo = {"center": x - w / 2, "left": x, "right": x - w}[a["xanchor"]]
        out.append((lo, lo + w, round(a["y"])))
    return out


def test_key_timeline_labels_headlines_without_overlap_and_keeps_every_event(view):
    from timeline.views import story

    kds = story.compute(view)
    fig = spec(figures.key_timeline(view.events, kds))
    meta = fig["layout"]["meta"]
    assert meta["mode"] == "key" and meta["key_dates"] == len(kds) and meta["labels"] == len(fig["layout"]["annotations"])
    heads = {plot_text(kd.headline) for kd in kds}
    shown = [a["text"].replace("<br>", " ") for a in fig["layout"]["annotations"]]
    assert meta["labels"] >= 3 and all(any(h.startswith(x.rstrip("…")) for h in heads) for x in shown)
    boxes = _boxes(fig)
    for i, (lo, hi, lv) in enumerate(boxes):
        assert -0.01 <= lo and hi <= 1.01
        for lo2, hi2, lv2 in boxes[i + 1:]:
            assert lv != lv2 or hi <= lo2 or hi2 <= lo, "two headline labels overlap"
    traces = {t["name"]: t for t in fig["data"] if t.get("name")}
    strip, keys = traces["other events"], traces["key dates"]
    assert {row[0] for row in strip["customdata"]} == set(view.events.loc[view.events["date"].notna(), "event_id"])
    assert [row[0] for row in keys["customdata"]] == [kd.headline_event for kd in kds]
    assert strip["marker"]["opacity"] < 0.5     # the other events stay in the background


def test_crowded_key_dates_are_staggered_and_the_rest_left_unlabelled(view):
    events = view.events[view.events["date"].notna()]
    ids = list(events["event_id"])
    day = pd.Timestamp("2024-11-10")
    kds = [_kd((day + pd.Timedelta(days=i)).date().isoformat(), f"Headline number {i} about the talks in Geneva",
               ids[i % len(ids)], score=10 - i * 0.1) for i in range(30)]
    fig = spec(figures.key_timeline(events, kds, levels=3))
    levels = [b[2] for b in _boxes(fig)]
    assert len(set(levels)) == 3 and fig["layout"]["meta"]["labels"] < 30   # stacked, and only what fits
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "Headline number 0 about the<br>talks in Geneva" in texts          # the best-ranked get labels first


def test_label_layout_moves_edge_labels_inwards_and_drops_what_cannot_fit():
    out = figures.label_layout([0.0, 1.0, 0.5, 0.5, 0.5], [0.2, 0.2, 0.3, 0.3, 0.3], [0, 1, 2, 3, 4], levels=2)
    assert out[0] == (0, "left") and out[1] == (0, "right") and out[2] == (0, "center")
    assert out[3] == (1, "center") and out[4] is None
    assert figures.label_layout([0.5], [1.5], [0]) == [None]


def test_key_timeline_escapes_headlines_and_summaries(view):
    eid = str(view.events.loc[view.events["date"].notna(), "event_id"].iloc[0])
    kd = _kd("2024-11-08", '<img src=x onerror=alert(1)> "Quoted"', eid, summary="<script>alert(2)</script>")
    fig = spec(figures.key_timeline(view.events, [kd]))
    text = json.dumps(fig)
    assert "<img" not in text and "<script>" not in text
    assert fig["layout"]["annotations"][0]["text"].startswith("&lt;img") and "&#34;Quoted&#34;" in text
    assert "&quot;" not in fig["layout"]["annotations"][0]["text"]   # plotly would show it as it is


def test_key_fit_gives_small_exports_fewer_levels_and_a_smaller_font():
    slide, column = figures.key_fit(1280, 720), figures.key_fit(605, 378)
    assert slide["levels"] == figures.LABEL_LEVELS and slide["font"] == figures.LABEL_FONT
    assert column["levels"] < slide["levels"] and column["font"] < slide["font"] and column["plot_px"] < 605


# ------------------------------------------------------------ readability at size

def _knowledge_types() -> list[str]:
    from conftest import ROOT

    return [line.split(",", 1)[0] for line in (ROOT / "data" / "event_types.csv").read_text().splitlines()[1:]
            if line.strip()]


def test_event_types_are_grouped_and_each_has_its_own_look():
    from timeline.views import palette

    types = _knowledge_types() + ["other"]
    assert all(palette.type_group(t) != "other" for t in types if t != "other")   # every known type has a group
    looks = {palette.type_style(t)[:2] for t in types}
    assert len(looks) == len(types)                          # colour + symbol tell every type apart
    assert len({palette.type_style(t)[0] for t in types}) == len(palette.TYPE_GROUPS)   # one hue per group
    new = palette.type_style("blockade")                     # a type a user adds: grey "other", its own symbol
    assert new == palette.type_style("blockade") and new[0] == palette.GREY and new[1] != palette.type_style("other")[1]


@pytest.mark.parametrize("name,colors,least", [
    ("event-type groups", [c for c, _ in __import__("timeline.views.palette", fromlist=["x"]).TYPE_GROUPS.values()], 25),
    ("sides and greys", list(__import__("timeline.views.palette", fromlist=["x"]).SIDE_HUES)
     + ["#5F5F5F", "#B3B3B3"], 25),
])
def test_palette_colours_are_pairwise_distinguishable(name, colors, least):
    from itertools import combinations

    from timeline.views import palette

    gaps = {(a, b): palette.delta_e(a, b) for a, b in combinations(colors, 2)}
    assert min(gaps.values()) >= least, min(gaps.items(), key=lambda kv: kv[1])
    assert palette.delta_e("#54A24B", "#2E9D5B") < 15       # the old near-identical greens fail the same measure


def _legend_vs_marks(fig) -> None:
    """Every legend entry's marker has full opacity and the colour (and symbol) of the marks of its group."""
    legend = [t for t in fig.data if t.showlegend]
    assert legend and len({t.name for t in legend}) == len(legend)
    for entry in legend:
        assert entry.marker.opacity in (None, 1)
        marks = [t for t in fig.data if t.legendgroup == entry.legendgroup and t is not entry]
        assert marks, entry.name
        for t in marks:
            color = t.marker.color if t.type != "scattergl" or t.mode != "lines" else t.line.color
            if t.type != "bar" and t.mode != "lines":
                assert color == entry.marker.color, (entry.name, t.type)
                if t.marker.symbol != "line-ns":       # the middle tick of a WebGL span
                    assert t.marker.symbol == entry.marker.symbol
            else:
                assert (t.marker.color if t.type == "bar" else t.line.color) == entry.marker.color


@pytest.mark.parametrize("n,mode", [(300, "svg"), (3_000, "webgl"), (30_000, "aggregate")])
@pytest.mark.parametrize("color", ["type", "side"])
def test_legend_markers_match_the_marks(n, mode, color):
    ev, me, do, ac = synthetic_frames(n, seed=2)
    data = make_data(ev, me, do, ac)
    fig = figures.timeline(data.events, lanes="type", color=color, sides=data.sides,
                           webgl_at=1_500, aggregate_at=20_000)
    assert fig.layout.meta["mode"] == mode
    _legend_vs_marks(fig)


def test_sides_of_any_corpus_get_distinct_stable_colours():
    from timeline.views import palette

    sides = {f"Actor {i:03d}": f"Side {chr(65 + i % 12)}" for i in range(120)}   # twelve sides
    sides.update({f"Lone {i}": "" for i in range(3)})
    colors = palette.side_colors(sides)
    hues = [c for s, c in colors.items() if s not in (palette.OTHER_SIDES, query.NO_SIDE)]
    assert len(hues) == len(set(hues)) == len(palette.SIDE_HUES)       # the top sides coloured, each its own hue
    legend = palette.side_legend(sides)
    assert sum(v == palette.OTHER_SIDES for v in legend.values()) == 12 - len(palette.SIDE_HUES)
    assert palette.side_of("Lone 1", sides, legend) == query.NO_SIDE
    ev, me, do, ac = synthetic_frames(2_000, seed=5)
    ac["side"] = pd.Categorical([sides.get(a, "") for a in ac["actor"].astype(str)])
    data = make_data(ev, me, do, ac)
    full = figures.timeline(data.events, color="side", sides=data.sides)
    part = figures.timeline(data.events.iloc[::7], color="side", sides=data.sides)
    look = {t.name: t.marker.color for t in full.data if t.showlegend}
    assert len(set(look.values())) == len(look) and palette.OTHER_SIDES in look
    assert all(look[t.name] == t.marker.color for t in part.data if t.showlegend)   # a filter keeps the colours


@pytest.mark.parametrize("n", [40, 3_000, 30_000])
def test_range_slider_overview_shows_every_dated_event(n):
    ev, me, do, ac = synthetic_frames(n, seed=3)
    fig = figures.timeline(ev)
    slider = fig.layout.xaxis.rangeslider
    assert slider.visible and slider.yaxis.rangemode == "fixed"
    lo, hi = slider.yaxis.range
    overview = [t for t in fig.data if t.name == "overview"]
    assert len(overview) == 1 and overview[0].type == "scatter"   # WebGL traces are not drawn in a range slider
    ys = [y for y in overview[0].y if y is not None]
    assert lo <= min(ys) and max(ys) <= hi and max(ys) > min(ys)      # inside the slider's view ...
    assert max(ys) < fig.layout.yaxis.range[0]                        # ... and below the lanes of the plot
    xs = pd.to_datetime(np.array(overview[0].x), unit="ms")
    dated = ev["date"].dropna()
    assert xs.min() <= dated.min() and xs.max() >= dated.max()


def _network_boxes(fig) -> tuple[list, list]:
    """Label and node boxes (left, right, bottom, top) in pixels at the figure's scale, labels sized from their
    text's length as the font draws it on average."""
    px = fig.layout.meta["px"]
    nodes = [(x * px - s / 2, x * px + s / 2, y * px - s / 2, y * px + s / 2)
             for t in fig.data if t.mode == "markers" and t.name for x, y, s in zip(t.x, t.y, t.marker.size)]
    labels = []
    for a in fig.layout.annotations:
        if not (a.name or "").startswith("label:"):
            continue
        w, h = len(a.text) * figures.NET_FONT * figures.CHAR_EM + 4, figures.NET_FONT * 1.3
        if a.xanchor == "center":     # above or below its node
            edge = a.y * px + a.yshift
            bottom = edge if a.yanchor == "bottom" else edge - h
            labels.append((a.x * px - w / 2, a.x * px + w / 2, bottom, bottom + h))
            continue
        edge = a.x * px + (a.ax if a.showarrow else a.xshift)
        left = edge if a.xanchor == "left" else edge - w
        labels.append((left, left + w, a.y * px - h / 2, a.y * px + h / 2))
    return labels, nodes


@pytest.mark.parametrize("top", [24, 40, 62])
def test_network_labels_do_not_overlap_with_many_actors(top):
    ev = synthetic_frames(6_000, seed=8)[0]
    rng = np.random.default_rng(1)   # 150 actors, some with long names
    names = [f"Actor {i:03d}" + (" of the Interior Ministry Press Office" if i % 5 == 0 else "") for i in range(150)]
    ev["actors"] = [[names[j] for j in dict.fromkeys(rng.integers(0, 150, rng.integers(1, 5)))] for _ in range(len(ev))]
    fig = figures.cooccurrence(ev, {}, top=top)
    meta = fig.layout.meta
    assert len(meta["nodes"]) == top and meta["actors_all"] == 150 and meta["edges"] < meta["edges_all"]
    labels, nodes = _network_boxes(fig)
    assert len(nodes) == top and len(labels) == meta["labels"] >= min(top, 20)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not figures._overlap(a, b, 0), "two labels overlap"
    assert not any(figures._overlap(a, n, 0) for a in labels for n in nodes)   # no label covers a node
    assert all(len(a.text) <= figures.NET_LABEL for a in fig.layout.annotations)
    # every node keeps a link: its strongest ones are drawn
    hover = [t for t in fig.data if (t.hovertemplate or "").startswith("%{customdata[0]} —")][0]
    assert {a for row in hover.customdata for a in row[:2]} == set(meta["nodes"])


@pytest.mark.parametrize("n,period", [(1, "week"), (30, "auto"), (2_000, "month"), (20_000, "week")])
def test_heatmap_colour_bar_counts_whole_events(n, period):
    ev = synthetic_frames(max(n, 2), seed=6)[0].iloc[:n]
    ev = ev[ev["date"].notna()] if n == 1 else ev
    fig = figures.actor_heatmap(ev, period=period)
    bar = fig.data[0].colorbar
    assert bar.tickmode == "array" and all(float(v).is_integer() for v in bar.tickvals)
    assert bar.tickvals[0] == 0 and bar.tickvals[-1] == fig.data[0].zmax >= np.max(fig.data[0].z)
    assert len(bar.tickvals) <= 7
