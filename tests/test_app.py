"""The dashboard through streamlit's AppTest: every page, filters set by key, views restored from the URL."""
from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ARTICLES, ROOT
from timeline.views import query

PAGES = ["pages/timeline.py", "pages/actors.py", "pages/events.py", "pages/sources.py"]


@pytest.fixture
def make(monkeypatch):
    def _make(folder=ARTICLES, params: dict | None = None) -> AppTest:
        monkeypatch.setenv("TIMELINE_DATA", str(folder))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, v in (params or {}).items():
            at.query_params[k] = v
        return at
    return _make


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def qp(at, key: str) -> list[str]:
    v = at.query_params.get(key)
    return [] if v is None else list(v) if isinstance(v, (list, tuple)) else [v]


def count_line(at) -> str:
    return at.sidebar.markdown[0].value


def expected(seeds, f=query.Filters()):
    return int(query.mask(f, seeds.events, seeds.mentions, seeds.actors).sum())


def event_ids(spec) -> set[str]:
    return {row[0] for t in spec["data"] for row in (t.get("customdata") or []) if row and row[0]}


def test_timeline_page_draws_the_sample(make, seeds):
    at = make().run()
    assert not at.exception
    assert at.title[0].value == "Timeline"
    n = expected(seeds)
    assert f"{n} " in count_line(at) and f"of {len(seeds.events)} events" in count_line(at)
    spec = specs(at)[0]
    meta = spec["layout"]["meta"]
    assert meta["mode"] == "svg" and "Vladimir Putin" in meta["lanes"]
    dated = seeds.events[seeds.events["date"].notna() & ~seeds.events["caption"]]
    assert event_ids(spec) == set(dated["event_id"])
    assert spec["layout"]["xaxis"]["rangeslider"]["visible"] is True
    # month-precision events are spans (bars from date to date_end), day-precision ones points
    kinds = {t["type"] for t in spec["data"]}
    assert "scatter" in kinds
    if (dated["precision"].astype(str) == "month").any():
        assert "bar" in kinds
    assert not dict(at.query_params)


def test_filters_set_by_key_change_the_chart_count_and_url(make, seeds):
    at = make().run()
    at.sidebar.multiselect(key="actors").set_value(["Donald Trump"]).run()
    at.sidebar.toggle(key="undated").set_value(False).run()
    assert not at.exception
    f = query.Filters(actors=("Donald Trump",), undated=False)
    assert count_line(at).startswith(f"### {expected(seeds, f)} ")
    assert qp(at, "actor") == ["Donald Trump"] and qp(at, "undated") == ["0"]
    meta = specs(at)[0]["layout"]["meta"]
    assert meta["lanes"][0] == "Donald Trump" and meta["undated"] == 0
    at.segmented_control(key="lanes").set_value("type").run()
    meta = specs(at)[0]["layout"]["meta"]
    assert set(meta["lanes"]) <= set(seeds.events["event_type"].astype(str))
    assert qp(at, "lanes") == ["type"]
    at.sidebar.button[0].click().run()  # reset filters
    assert count_line(at).startswith(f"### {expected(seeds)} ")
    assert "actor" not in at.query_params


def test_view_is_restored_from_query_parameters_on_every_page(make, seeds):
    params = {"actor": ["Vladimir Putin"], "type": ["statement"], "lanes": "type", "color": "side", "undated": "0"}
    at = make(params=params).run()
    assert not at.exception
    assert at.sidebar.multiselect(key="actors").value == ["Vladimir Putin"]
    assert at.sidebar.multiselect(key="types").value == ["statement"]
    assert at.segmented_control(key="lanes").value == "type"
    f = query.Filters(actors=("Vladimir Putin",), types=("statement",), undated=False, lanes="type", color="side")
    assert specs(at)[0]["layout"]["meta"]["lanes"] == ["statement"]
    names = {t["name"] for t in specs(at)[0]["data"] if t.get("showlegend", True)}   # the legend's entries
    sides = set(query.side_map(seeds.actors).values()) | {query.NO_SIDE}
    assert "Russia" in names and names <= sides  # coloured by the side of each event's subject
    at.switch_page("pages/events.py").run()
    table = at.dataframe[0].value
    assert len(table) == expected(seeds, f)
    assert table["actors"].str.contains("Vladimir Putin").all() and (table["type"] == "statement").all()
    assert qp(at, "actor") == ["Vladimir Putin"] and qp(at, "lanes") == ["type"]


def test_malformed_and_unknown_parameters_are_ignored_with_a_notice(make, seeds):
    params = {"from": "2024-13-45", "min_sources": "many", "actor": ["Nobody", "Donald Trump"], "bogus": "1",
              "lanes": "sideways", "undated": "maybe", "doc": "../../etc/passwd"}
    at = make(params=params).run()
    assert not at.exception
    notes = html(at)
    for word in ("from=2024-13-45", "min_sources=many", "Nobody", "bogus", "lanes=sideways", "undated=maybe",
                 "../../etc/passwd"):
        assert word in notes
    assert at.sidebar.multiselect(key="actors").value == ["Donald Trump"]
    assert set(at.query_params) == {"actor"} and qp(at, "actor") == ["Donald Trump"]  # the address is cleaned up
    assert specs(at)[0]["layout"]["meta"]["lanes"][0] == "Donald Trump"


def test_markup_in_a_parameter_is_shown_as_text(make):
    at = make(params={"actor": "<script>alert(1)</script>**x**"}).run()
    assert not at.exception
    assert "&lt;script&gt;" in html(at) and "<script>" not in html(at)


def test_empty_corpus_explains_how_to_add_articles(make, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    at = make(folder=empty).run()
    assert not at.exception
    assert at.title[0].value == "No articles yet"
    assert "To add articles" in at.markdown[0].value and "TIMELINE_DATA" in at.markdown[0].value
    assert not at.get("plotly_chart")
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception and at.title[0].value == "No articles yet" and not at.get("plotly_chart")


def test_data_folder_from_the_secrets_setting(make, monkeypatch, tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    at = make()
    monkeypatch.delenv("TIMELINE_DATA")
    at.secrets["timeline"] = {"data": str(empty)}
    at.run()
    assert at.title[0].value == "No articles yet"
    assert str(empty) in html(at)


def test_timeline_selection_shows_evidence(make, seeds):
    at = make().run()
    spec = specs(at)[0]
    event_id = sorted(event_ids(spec))[0]
    at.session_state["timeline_chart"] = {"selection": {"points": [{"customdata": [event_id], "curve_number": 0,
                                                                    "point_number": 0}],
                                                        "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Evidence for 1 selected event(s)"
    row = seeds.events.set_index("event_id").loc[event_id]
    body = html(at)
    assert "background:#FFE9A8" in body  # the date expression is highlighted
    text = unescape(re.sub(r"<[^>]+>", "", body))
    for sentence in seeds.mentions.loc[seeds.mentions["event_id"] == event_id, "sentence"]:
        assert sentence in text
    assert str(row["date_text"]) in text
    links = at.get("page_link")
    assert any("doc=" in str(link.proto) for link in links)


def test_actors_page_charts_and_click_to_filter(make, seeds):
    at = make().run()
    at.switch_page("pages/actors.py").run()
    assert not at.exception
    bars, network, heat, speak = specs(at)
    assert "Vladimir Putin" in bars["layout"]["meta"]["actors"]
    assert {t["type"] for t in bars["data"]} == {"bar"} and bars["layout"]["barmode"] == "stack"
    assert "Donald Trump" in network["layout"]["meta"]["nodes"] and network["layout"]["meta"]["edges"] > 0
    assert heat["data"][0]["type"] == "heatmap" and heat["layout"]["meta"]["period"] in ("week", "month")
    assert speak["data"][0]["type"] == "heatmap" and speak["layout"]["meta"]["speakers"]
    at.session_state["actor_bars_0"] = {"selection": {"points": [{"customdata": "Donald Trump", "y": "Donald Trump"}],
                                                      "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="actors").value == ["Donald Trump"]
    assert qp(at, "actor") == ["Donald Trump"]
    f = query.Filters(actors=("Donald Trump",))
    assert count_line(at).startswith(f"### {expected(seeds, f)} ")
    at.segmented_control(key="period").set_value("month").run()
    assert specs(at)[2]["layout"]["meta"]["period"] == "month"


def test_events_page_table_and_evidence(make, seeds):
    at = make().run()
    at.switch_page("pages/events.py").run()
    table = at.dataframe[0].value
    assert len(table) == expected(seeds)
    dated = table["date"].dropna()
    assert dated.is_monotonic_decreasing  # newest first, undated at the end
    assert table["date"].isna().sum() == table["date"].iloc[len(dated):].isna().sum()
    event_id = table["event_id"].iloc[0]
    at2 = make(params={"event": event_id}).run()
    at2.switch_page("pages/events.py").run()
    assert not at2.exception
    body = html(at2)
    n_mentions = int(seeds.events.set_index("event_id").loc[event_id, "n_mentions"])
    assert body.count("white-space:pre-wrap") >= n_mentions  # one highlighted sentence per mention
    assert at2.get("page_link")
    assert qp(at2, "event") == [event_id]


def test_sources_page_documents_problems_and_text(make, seeds):
    at = make().run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    problems, docs = at.dataframe[0].value, at.dataframe[1].value
    assert any("publication date" in p for p in problems["problem"])
    assert len(docs) == len(seeds.documents)
    doc = seeds.documents.sort_values("boilerplate_chars").iloc[-1]["doc"]
    at.selectbox(key="doc").set_value(doc).run()
    assert not at.exception
    assert qp(at, "doc") == [doc]
    facts = at.dataframe[2].value
    assert "boilerplate removed" in set(facts.iloc[:, 0])
    body = html(at)
    assert "text-decoration:line-through" in body  # removed boilerplate shown greyed
    assert "background:#DCE8F7" in body  # actors marked
    assert "<script" not in body


# ----------------------------------------------------------- key events mode

def _mode_meta(at) -> dict:
    return specs(at)[0]["layout"]["meta"]


def _story_view(at):
    return at.session_state["_view"]


def test_key_mode_from_the_url_labels_headlines_and_lists_the_story(make):
    at = make(params={"mode": "key"}).run()
    assert not at.exception
    spec = specs(at)[0]
    meta = spec["layout"]["meta"]
    assert meta["mode"] == "key" and meta["key_dates"] >= 3 and meta["labels"] >= 1
    kds = _story_view(at).key_dates
    labels = [a["text"] for a in spec["layout"]["annotations"]]
    assert len(labels) == meta["labels"]
    assert any(unescape(lab.replace("<br>", " ")) == kd.headline for lab in labels for kd in kds)
    assert [e.label for e in at.expander][0] == f"Story: {len(kds)} key dates"
    entries = [h.proto.body for h in at.get("html") if "story-entry" in h.proto.body]
    dates = [re.search(r"<b>(\d{4}-\d\d-\d\d)</b>", e).group(1) for e in entries]
    assert dates == sorted(kd.date for kd in kds)   # the story reads top to bottom, in date order
    links = at.get("page_link")
    evidence = [p.proto for p in links if p.proto.label.startswith("Evidence for")]
    assert len(evidence) == len(kds)
    assert all(parse_qs(p.query_string)["mode"] == ["key"] and parse_qs(p.query_string)["event"][0] in
               {kd.headline_event for kd in kds} for p in evidence)
    assert qp(at, "mode") == ["key"]
    assert not at.get("segmented_control") or at.segmented_control(key="mode").value == "key"
    labels_of_buttons = {b.proto.label for b in at.get("download_button")}
    assert "Story (Markdown)" in labels_of_buttons
    at.switch_page("pages/actors.py").run()      # the mode goes with the link to other pages and back
    assert qp(at, "mode") == ["key"] and qp(at, "view") == ["actor"]
    at.switch_page("pages/timeline.py").run()
    assert _mode_meta(at)["mode"] == "key" and qp(at, "mode") == ["key"]


def test_key_mode_without_matching_events_says_so(make):
    at = make(params={"mode": "key", "q": "no-such-words-anywhere"}).run()
    assert not at.exception
    assert _mode_meta(at)["mode"] == "empty" and at.expander[0].label == "Story: 0 key dates"


def test_automatic_mode_switches_to_key_events_above_the_threshold(make, monkeypatch, seeds):
    from timeline.views import story

    n = expected(seeds)
    monkeypatch.setattr(story, "KEY_AT", n)          # exactly at the threshold: all events
    at = make().run()
    assert _mode_meta(at)["mode"] == "svg" and not [e for e in at.expander if e.label.startswith("Story")]
    monkeypatch.setattr(story, "KEY_AT", n - 1)      # above it: key events, and the URL stays clean
    at = make().run()
    assert not at.exception
    assert _mode_meta(at)["mode"] == "key" and at.expander[0].label.startswith("Story")
    assert "mode" not in at.query_params
    assert at.segmented_control(key="mode").options[0] == "Automatic (key events)"
    at.segmented_control(key="mode").set_value("all").run()   # the reader's choice wins, and is in the URL
    assert _mode_meta(at)["mode"] == "svg" and qp(at, "mode") == ["all"]
    at = make(params={"mode": "all"}).run()
    assert _mode_meta(at)["mode"] == "svg"


def test_filters_narrow_the_story_to_an_actors_key_dates(make, seeds):
    at = make(params={"mode": "key"}).run()
    everyone = _story_view(at).key_dates
    at.sidebar.multiselect(key="actors").set_value(["Donald Trump"]).run()
    assert not at.exception and qp(at, "mode") == ["key"] and qp(at, "actor") == ["Donald Trump"]
    view = _story_view(at)
    trump = set(view.events["event_id"])
    kds = view.key_dates
    assert kds and all(set(kd.event_ids) <= trump for kd in kds)
    assert any(not set(kd.event_ids) <= trump for kd in everyone)   # the filter did take some away
    assert {kd.headline_event for kd in kds} <= trump
    points = {row[0] for t in specs(at)[0]["data"] for row in (t.get("customdata") or [])}
    assert points <= trump and {kd.headline_event for kd in kds} <= points


def test_an_evidence_link_selects_the_key_dates_event(make):
    at = make(params={"mode": "key"}).run()
    kd = _story_view(at).key_dates[0]
    link = next(p.proto for p in at.get("page_link") if p.proto.label.replace("\\", "") == f"Evidence for {kd.date}")
    params = parse_qs(link.query_string)
    at = make(params={k: v[0] for k, v in params.items()}).run()   # what following the link does
    assert not at.exception
    assert at.subheader[0].value.startswith("Evidence for 1 selected event")
    from timeline.views.highlight import evidence_html

    assert evidence_html(_story_view(at).data, kd.headline_event) in html(at)


def test_key_dates_are_computed_once_per_filter_state(make, monkeypatch):
    from dashboard import story as story_panel
    from timeline.views import story

    calls = []
    compute = story.compute
    monkeypatch.setattr(story, "compute", lambda view, k=None: calls.append(view.filters) or compute(view, k))
    story_panel._key_dates.clear()
    at = make(params={"mode": "key"}).run()
    assert len(calls) == 1                                   # the page and the share panel share them
    at.run()
    assert len(calls) == 1                                   # a rerun reuses them
    at.sidebar.multiselect(key="actors").set_value(["Vladimir Putin"]).run()
    assert len(calls) == 2 and calls[-1].actors == ("Vladimir Putin",)
    at.segmented_control(key="mode").set_value("all").run()
    at.segmented_control(key="mode").set_value("key").run()  # view choices are not part of the key
    assert len(calls) == 2
    at.sidebar.multiselect(key="actors").set_value([]).run()
    assert len(calls) == 2                                   # back to the first filter state
