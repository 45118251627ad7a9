"""Filter state: query parameters <-> Filters, and vectorized filtering (also at 100,000 events)."""
from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
import pytest

from timeline.views import query
from timeline.views.query import Filters


@pytest.fixture(scope="module")
def domain(seeds):
    return query.domain_of(seeds.events, seeds.mentions, seeds.documents, seeds.actors)


def test_defaults_serialize_to_nothing_and_round_trip():
    assert query.serialize(Filters()) == {}
    f = Filters(start=dt.date(2024, 11, 1), end=dt.date(2025, 1, 31), actors=("Vladimir Putin", "Donald Trump"),
                sides=("Russia",), types=("statement", "call"), outlets=("Reuters",), q="peace talks",
                min_sources=2, undated=False, captions=True, lanes="type", color="side", period="month",
                event="abc", doc="d1")
    params = query.serialize(f)
    assert params["from"] == "2024-11-01" and params["actor"] == ["Vladimir Putin", "Donald Trump"]
    assert params["undated"] == "0" and params["captions"] == "1"
    back, notices = query.parse(params)
    assert back == f and notices == []


@pytest.mark.parametrize("params, needle", [
    ({"from": "yesterday"}, "from=yesterday"),
    ({"to": "2024-02-30"}, "to=2024-02-30"),
    ({"min_sources": "-1"}, "min_sources=-1"),
    ({"min_sources": "two"}, "min_sources=two"),
    ({"undated": "perhaps"}, "undated=perhaps"),
    ({"lanes": "diagonal"}, "lanes=diagonal"),
    ({"color": ""}, "color="),
    ({"utm_source": "mail"}, "utm_source"),
    ({"from": "2025-01-01", "to": "2024-01-01"}, "after"),
])
def test_malformed_parameters_are_ignored_with_a_notice(params, needle):
    f, notices = query.parse(params)
    assert len(notices) == 1 and needle in notices[0]
    base = Filters()
    assert (f.start, f.end, f.min_sources, f.undated, f.lanes, f.color) == (
        base.start, base.end, base.min_sources, base.undated, base.lanes, base.color)


def test_values_outside_the_corpus_are_dropped_one_by_one(domain):
    f, notices = query.parse({"actor": ["Donald Trump", "Nobody", "Donald Trump"], "type": ["statement", "dance"],
                              "event": "nope", "doc": "../x"}, domain)
    assert f.actors == ("Donald Trump",) and f.types == ("statement",) and f.event == "" and f.doc == ""
    assert len(notices) == 4 and any("Nobody" in n for n in notices)


def test_parse_never_raises_on_odd_input():
    odd = {"q": "x" * 10_000, "actor": [], "from": [], "min_sources": ["1", "3"], "\u0000": "\u0000",
           "side": ["", "  "]}
    f, notices = query.parse(odd)
    assert len(f.q) == query.MAX_QUERY and f.min_sources == 3 and f.sides == ()
    assert any("\u0000" in n for n in notices)


def test_filters_on_the_sample(seeds):
    ev, me, ac = seeds.events, seeds.mentions, seeds.actors
    everything = Filters(captions=True)
    assert query.mask(everything, ev, me, ac).all()
    default = query.filter_events(Filters(), ev, me, ac)
    assert not default["caption"].any() and len(default) == (~ev["caption"]).sum()
    trump = query.filter_events(Filters(actors=("Donald Trump",)), ev, me, ac)
    assert len(trump) and all("Donald Trump" in a for a in trump["actors"])
    russia = query.filter_events(Filters(sides=("Russia",)), ev, me, ac)
    russians = set(ac.loc[ac["side"] == "Russia", "actor"])
    assert len(russia) and all(set(a) & russians for a in russia["actors"])
    dated = query.filter_events(Filters(undated=False), ev, me, ac)
    assert dated["date"].notna().all()
    lo, hi = dt.date(2024, 11, 1), dt.date(2024, 11, 30)
    nov = query.filter_events(Filters(start=lo, end=hi, undated=False), ev, me, ac)
    assert len(nov)
    assert ((nov["date_end"].fillna(nov["date"]) >= pd.Timestamp(lo)) & (nov["date"] <= pd.Timestamp(hi))).all()
    # an undated event lies in no date range: a date filter leaves it out and counts it apart
    with_undated = query.filter_events(Filters(start=lo, end=hi), ev, me, ac)
    assert len(with_undated) == len(nov) and with_undated["date"].notna().all()
    apart = query.undated_apart(Filters(start=lo, end=hi), ev, me, ac)
    assert apart.sum() == (ev["date"].isna() & ~ev["caption"]).sum() > 0 and not (apart & query.mask(
        Filters(start=lo, end=hi), ev, me, ac)).any()
    assert not query.undated_apart(Filters(), ev, me, ac).any()
    assert not query.undated_apart(Filters(start=lo, undated=False), ev, me, ac).any()
    assert query.filter_events(Filters(min_sources=99), ev, me, ac).empty


def test_text_search_covers_summaries_and_sentences(seeds):
    ev, me, ac = seeds.events, seeds.mentions, seeds.actors
    row = me.iloc[0]
    word = max(str(row["sentence"]).split(), key=len).strip(".,“”\"'")
    hits = query.filter_events(Filters(q=word.upper(), captions=True), ev, me, ac)
    assert row["event_id"] in set(hits["event_id"])
    assert query.filter_events(Filters(q="zzqqxx"), ev, me, ac).empty
    assert query.filter_events(Filters(q="(unbalanced [regex"), ev, me, ac).empty  # plain text, not a pattern


def test_outlet_filter_uses_the_mentions(seeds):
    ev, me, ac = seeds.events, seeds.mentions, seeds.actors
    outlet = next((o for o in me["outlet"] if o), None)
    if outlet is None:
        pytest.skip("no outlet in the sample")
    kept = query.filter_events(Filters(outlets=(outlet,), captions=True), ev, me, ac)
    assert set(kept["event_id"]) == set(me.loc[me["outlet"] == outlet, "event_id"])
    unknown = query.filter_events(Filters(outlets=(query.NO_OUTLET,), captions=True), ev, me, ac)
    assert set(unknown["event_id"]) == set(me.loc[me["outlet"].fillna("") == "", "event_id"])


@pytest.mark.slow  # the 100,000-event corpus takes a few seconds to make
def test_filtering_100k_events_is_fast(big):
    cases = [Filters(), Filters(actors=("Actor 003",)), Filters(sides=("Russia",), types=("statement", "call")),
             Filters(q="ceasefire", min_sources=2, undated=False),
             Filters(start=dt.date(2018, 1, 1), end=dt.date(2019, 6, 30), outlets=("Reuters",))]
    for f in cases:
        t = time.perf_counter()
        keep = query.mask(f, big.events, index=big.index)
        took = time.perf_counter() - t
        assert took < 0.3, (f, took)
        assert 0 < keep.sum() <= len(big.events)
    # the same answer as a plain (slow) computation
    f = Filters(actors=("Actor 003",), undated=False)
    keep = query.mask(f, big.events, index=big.index)
    slow = np.array([("Actor 003" in a) and not c and pd.notna(d)
                     for a, c, d in zip(big.events["actors"], big.events["caption"], big.events["date"])])
    assert (keep == slow).all()
