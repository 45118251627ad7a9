"""What keeps the dashboard quick: figures and the curated corpus made once and reused, the folder's signature
not re-made on every rerun, the key-events strip binned when it is long, and chart captions counted from an index.
Work is counted (calls of the real functions), never timed."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ARTICLES, ROOT
from timeline.views import charts, figures, query
from timeline.views.view import make_data, make_view


@pytest.fixture
def make(monkeypatch):
    def _make(folder=ARTICLES, params: dict | None = None) -> AppTest:
        monkeypatch.setenv("TIMELINE_DATA", str(folder))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, v in (params or {}).items():
            at.query_params[k] = v
        return at
    return _make


@pytest.fixture
def counted(monkeypatch):
    """Counts the calls of a module's function (the real function still runs): ``counted(module, "name")``."""
    def _count(module, name: str) -> list:
        calls: list = []
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls.append(args)
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)
        return calls
    return _count


def _chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.slow
def test_timeline_figure_is_made_once_per_filter_state(make, counted):
    from dashboard import charts as cached

    cached._figure.clear()
    built = counted(charts, "figure")
    at = make(params={"mode": "all"}).run()
    assert not at.exception and len(built) == 1
    first = _chart(at)
    at.run()                                                         # a rerun with the same filters
    assert len(built) == 1 and _chart(at) == first
    at.sidebar.multiselect(key="actors").set_value(["Vladimir Putin"]).run()
    assert len(built) == 2 and _chart(at) != first
    at.sidebar.multiselect(key="actors").set_value([]).run()        # back to the first filter state
    assert len(built) == 2 and _chart(at) == first
    at.segmented_control(key="lanes").set_value("type").run()       # a view choice the chart depends on
    assert len(built) == 3 and _chart(at) != first


@pytest.mark.slow
def test_selecting_an_event_reuses_the_figure_and_shows_its_evidence(make, counted):
    from dashboard import charts as cached

    cached._figure.clear()
    built = counted(charts, "figure")
    at = make(params={"mode": "all"}).run()
    point = next(t for t in _chart(at)["data"] if t.get("customdata"))
    event_id = point["customdata"][0][0]
    at.session_state["timeline_chart"] = {"selection": {"points": [{"customdata": [event_id]}], "point_indices": [0],
                                                        "box": [], "lasso": []}}
    at.run()
    assert not at.exception and len(built) == 1
    assert any(s.value.startswith("Evidence for 1 selected event") for s in at.subheader)
    assert at.query_params.get("event") in (event_id, [event_id])


@pytest.mark.slow
def test_a_new_session_reuses_the_curated_corpus(make, counted):
    from dashboard import session
    from timeline.store import loader

    session._curated.clear()
    curated = counted(loader, "curate")
    at = make().run()
    assert not at.exception and len(curated) == 1
    other = make().run()                                             # another visitor: no second curation
    assert not other.exception and len(curated) == 1
    assert at.sidebar.markdown[0].value == other.sidebar.markdown[0].value


@pytest.mark.slow
def test_the_folder_is_not_fingerprinted_on_every_rerun_but_new_articles_show(make, counted, tmp_path):
    from timeline.store import loader

    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    signed = counted(loader, "signature")
    at = make(folder).run()
    assert not at.exception and len(signed) == 1
    at.run()
    at.run()
    assert len(signed) == 1                                          # nothing changed: no file was stat-ed again
    before = len(at.session_state["_curated"].documents)
    text = (ARTICLES / sorted(p.name for p in ARTICLES.glob("*.txt"))[0]).read_text(encoding="utf-8")
    (folder / "zz-new-article.txt").write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")
    at.run()                                                         # a new file changes the folder: seen at once
    assert len(signed) == 2 and len(at.session_state["_curated"].documents) == before + 1


def _events(n: int, days: int, seed: int = 1) -> pd.DataFrame:
    from timeline.bench.synthetic import synthetic_frames

    ev, me, do, ac = synthetic_frames(n, seed=seed)
    day0 = np.datetime64("2020-01-01")
    rng = np.random.default_rng(seed)
    date = (day0 + rng.integers(0, days, n).astype("timedelta64[D]")).astype("datetime64[s]")
    return make_data(ev.assign(date=pd.to_datetime(date), date_end=pd.to_datetime(date)), me, do, ac).events


@pytest.mark.parametrize("days, unit", [(300, "day"), (3000, "week")])
def test_a_long_key_events_strip_has_one_mark_per_day_or_week_for_its_best_sourced_event(days, unit):
    events = _events(figures.STRIP_BIN_AT + 500, days)
    fig = figures.key_timeline(events, []).to_dict()
    strip = next(t for t in fig["data"] if t["name"] == "other events")
    marks = strip["customdata"]
    assert len(marks) < len(events) / 2
    assert sum(int(str(c[2]).split()[0].replace(",", "")) for c in marks) == len(events)   # every event counted
    day = events["date"].dt.floor("D")
    period = day if unit == "day" else day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    for (event_id, label, count, _), x in zip(marks, strip["x"]):
        on = events[period == pd.Timestamp(x)]
        assert len(on) == int(count.split()[0].replace(",", ""))
        assert event_id in set(on.loc[on["sources"] == on["sources"].max(), "event_id"])
        assert label.startswith("week of ") == (unit == "week")
    assert fig["layout"]["meta"]["marks"] == len(events)


def test_a_short_key_events_strip_keeps_one_mark_per_event(seeds):
    events = seeds.events[seeds.events["date"].notna()]
    fig = figures.key_timeline(events, []).to_dict()
    strip = next(t for t in fig["data"] if t["name"] == "other events")
    assert sorted(c[0] for c in strip["customdata"]) == sorted(events["event_id"])


@pytest.mark.parametrize("f", [query.Filters(), query.Filters(actors=("Vladimir Putin",)),
                               query.Filters(types=("statement",)), query.Filters(q="zzzz-nothing")])
def test_caption_counts_match_the_mentions_of_the_kept_events(seeds, f):
    data = make_data(seeds.events, seeds.mentions, seeds.documents, seeds.actors)
    view = make_view(data, f)
    s = charts.stats(view)
    ms = data.mentions[data.mentions["event_id"].isin(set(view.events["event_id"]))]
    outlets = {o for o in ms["outlet"].astype("string").fillna("") if o}
    assert (s["events"], s["sources"], s["documents"]) == (len(view.events), len(outlets), ms["doc"].nunique())
