"""The sidebar's date filter in the app: it opens on where the events are, one click shows every date, and undated
events are listed apart (with their number) once a date range is set."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ARTICLES, ROOT
from timeline.views.view import make_data

pytestmark = pytest.mark.slow   # the app runs three times


def count(at) -> str:
    return re.sub(r"<[^>]+>", "", at.sidebar.markdown[0].value).lstrip("# ")


def test_date_filter_opens_on_the_bulk_and_one_click_shows_all_dates(monkeypatch, seeds):
    domain = make_data(seeds.events, seeds.mentions, seeds.documents, seeds.actors).domain
    monkeypatch.setenv("TIMELINE_DATA", str(ARTICLES))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception
    assert tuple(at.session_state["dates"]) == (domain.window_first, domain.window_last)
    assert domain.window_first > domain.first       # neither the photo caption nor the old mentions set it
    assert "from" not in at.query_params and "to" not in at.query_params   # the default is no date filter
    shown = int((~seeds.events["caption"]).sum())
    assert count(at) == f"{shown} of {len(seeds.events)} events"
    assert any("earlier event(s) outside this range" in c.value for c in at.sidebar.caption)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    x0 = pd.Timestamp(spec["layout"]["xaxis"]["range"][0])
    assert x0 > pd.Timestamp(domain.first) and x0 <= pd.Timestamp(domain.window_first)

    at.sidebar.button(key="all_dates").click().run()                    # one click: every date
    assert not at.exception
    assert tuple(at.session_state["dates"]) == (domain.first, domain.last)
    assert at.query_params["from"] == domain.first.isoformat()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert pd.Timestamp(spec["layout"]["xaxis"]["range"][0]) <= pd.Timestamp(domain.first)
    undated = int((seeds.events["date"].isna() & ~seeds.events["caption"]).sum())
    assert count(at) == f"{shown - undated} of {len(seeds.events)} events"   # the undated are not in it

    at.switch_page("pages/events.py").run()
    assert not at.exception
    assert any(e.label.startswith(f"{undated} undated event(s)") for e in at.expander)
    at.switch_page("pages/actors.py").run()
    assert any(f"{undated} undated event(s)" in c.value for c in at.caption)
