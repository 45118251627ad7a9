"""The default time window: where the events are; photo captions and a few far-off mentions do not stretch it."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timeline.bench.synthetic import synthetic_frames
from timeline.views import figures, query, window
from timeline.views.query import Filters
from timeline.views.view import make_data, make_view

DAY = np.timedelta64(1, "D")


def _days(start: str, n: int, every: int, seed: int = 0) -> list[np.datetime64]:
    """``n`` days from ``start``, about ``every`` days apart (random gaps, the same on every run)."""
    rng = np.random.default_rng(seed)
    steps = np.cumsum(rng.integers(0, 2 * every + 1, n))
    return list(np.datetime64(start) + steps * DAY)


def _story(bulk: list, old: list = (), captions: list = (), late: list = ()) -> pd.DataFrame:
    """Events of a story: ``bulk`` days, a few ``old`` and ``late`` mentions, and photo ``captions``."""
    days = list(bulk) + list(old) + list(captions) + list(late)
    ev = synthetic_frames(len(days), seed=4)[0]
    ev["date"] = pd.to_datetime(np.array(days, dtype="datetime64[s]"))
    ev["date_end"] = ev["date"]
    ev["precision"] = pd.Categorical(["day"] * len(days))
    cap = np.zeros(len(days), dtype=bool)
    cap[len(bulk) + len(old):len(bulk) + len(old) + len(captions)] = True
    ev["caption"] = cap
    return ev


BULK = _days("2024-09-01", 400, 1)          # about 400 events over a year and a half... with random gaps
SMALL = _days("2024-10-01", 20, 3)          # a story of 20 events over two months
OLD = [np.datetime64("2014-03-01"), np.datetime64("2016-07-20")]
CAPTION = [np.datetime64("2018-07-16")]

CASES = [  # id, events, (first bulk day, last bulk day) the window must hold, days it must leave out, earlier, later
    ("old mentions and a caption", _story(BULK, OLD, CAPTION), (BULK[0], BULK[-1]), OLD + CAPTION, 3, 0),
    ("small story, one old mention", _story(SMALL, OLD[:1]), (SMALL[0], SMALL[-1]), OLD[:1], 1, 0),
    ("a caption only", _story(SMALL, captions=CAPTION), (SMALL[0], SMALL[-1]), CAPTION, 1, 0),
    ("a far-off plan", _story(BULK, late=[np.datetime64("2031-01-01")]), (BULK[0], BULK[-1]),
     [np.datetime64("2031-01-01")], 0, 1),
    ("a steady trickle over ten years", _story(_days("2015-01-01", 300, 12)), None, [], 0, 0),
    ("two busy years apart", _story(_days("2020-01-01", 100, 2) + _days("2022-01-01", 100, 2)), None, [], 0, 0),
]


@pytest.mark.parametrize("events,bulk,left_out,earlier,later", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_default_window_holds_the_bulk_and_leaves_out_captions_and_far_off_mentions(events, bulk, left_out,
                                                                                     earlier, later):
    w = window.default_window(events["date"], events["date_end"], events["caption"])
    if bulk is None:     # nothing stands apart: every event is in the window
        assert (w.lo, w.hi) == (w.first, w.last) and not w.cut
    else:
        assert w.lo <= pd.Timestamp(bulk[0]) and pd.Timestamp(bulk[1]) <= w.hi
    for day in left_out:
        assert not (w.lo <= pd.Timestamp(day) <= w.hi)
    assert (w.earlier, w.later) == (earlier, later)
    # the timeline opens on the window; the events outside are drawn, a click on "all dates" away
    fig = figures.timeline(events.assign(caption=False) if earlier + later == 0 else events)
    x0, x1 = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    for day in left_out:
        assert not (x0 <= pd.Timestamp(day) <= x1)
    assert (fig.layout.meta["earlier"], fig.layout.meta["later"]) == (earlier, later)
    drawn = {pd.Timestamp(x) for t in fig.data if t.customdata is not None for x in t.x}
    assert {pd.Timestamp(d) for d in left_out} <= drawn
    buttons = [b for b in fig.layout.xaxis.rangeselector.buttons if b.step == "all"]
    assert [b.label for b in buttons] == [figures.ALL_DATES]
    marks = {a.name: a.text for a in fig.layout.annotations}
    assert ("earlier" in marks) == bool(earlier) and ("later" in marks) == bool(later)
    if earlier:
        assert marks["earlier"].startswith(f"◀ {earlier:,} earlier")


def test_a_date_filter_sets_the_axis_instead():
    ev = _story(BULK, OLD, CAPTION)
    fig = figures.timeline(ev, dates=(pd.Timestamp("2010-01-01").date(), None))
    x0, x1 = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert x0 <= pd.Timestamp("2010-01-01") and x1 >= pd.Timestamp(BULK[-1])
    assert fig.layout.meta["earlier"] == 0 and not [a for a in fig.layout.annotations if a.name == "earlier"]


def test_the_sample_opens_after_its_caption_and_old_mentions(seeds):
    data = make_data(seeds.events, seeds.mentions, seeds.documents, seeds.actors)
    d = data.domain
    ev = data.events
    bulk = ev[ev["date"].notna() & ~ev["caption"]]
    caption_days = ev.loc[ev["caption"] & ev["date"].notna(), "date"].dt.date
    assert len(caption_days) and all(day < d.window_first for day in caption_days)
    assert d.first < d.window_first <= d.window_last == d.last
    inside = bulk["date"].dt.date.between(d.window_first, d.window_last)
    assert inside.mean() >= 0.8 and (~inside).sum() >= 1    # the bulk in; an old mention ("2020") out
    fig = figures.timeline(make_view(data, Filters()).events, sides=data.sides)
    assert fig.layout.meta["window"] == [d.window_first.isoformat(), d.window_last.isoformat()]


def test_undated_events_are_never_counted_inside_a_date_range(seeds):
    data = make_data(seeds.events, seeds.mentions, seeds.documents, seeds.actors)
    f = Filters(start=data.domain.window_first, end=data.domain.window_last)
    view = make_view(data, f)
    assert len(view.events) and view.events["date"].notna().all()
    bars = figures.actor_bars(view.events, top=1000)
    counted = sum(int(x) for t in bars.data for x in t.x)
    assert counted == sum(len(set(a)) for a in view.events["actors"])     # dated events only
    apart = query.undated_apart(f, data.events, index=data.index)
    undated = data.events["date"].isna() & ~data.events["caption"]
    assert int(apart.sum()) == int(undated.sum()) > 0                    # listed apart, with their number
    everything = make_view(data, Filters())
    assert everything.events["date"].isna().sum() == apart.sum()         # without a range they are in the view
