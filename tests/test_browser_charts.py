"""The timeline in a real browser (Playwright + Debian's chromium): it opens on where the sample's events are, marks
the earlier ones, draws them in the range slider, and one click on "all dates" shows them."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLES, WAIT, needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

RANGE = "() => document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range"


@pytest.fixture(scope="module")
def server(tmp_path_factory, streamlit_server):
    with streamlit_server(ARTICLES, tmp_path_factory.mktemp("charts-browser"), timeout=60) as url:
        yield url


def test_timeline_opens_on_the_bulk_and_all_dates_shows_the_earlier_events(browser, server, seeds, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(WAIT * 2)
    page.goto(f"{server}/?mode=all")
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    page.locator(".js-plotly-plot .annotation-text", has_text="earlier").first.wait_for()
    ev = seeds.events[seeds.events["date"].notna() & ~seeds.events["caption"]]
    first = ev["date"].min()
    x0, x1 = (pd.Timestamp(v) for v in page.evaluate(RANGE))
    assert x0 > first and x1 >= ev["date"].max()          # opens on the bulk: the old mentions are off to the left
    fill = page.locator(".rangeslider-rangeplot .scatterlayer path.js-fill").first
    assert len(fill.get_attribute("d") or "") > 50          # the overview is drawn in the slider
    shots = Path(os.environ.get("TIMELINE_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(shots / "timeline-window.png"))
    page.locator(".rangeselector .button", has_text="all dates").first.click()
    page.wait_for_function(f"() => new Date(({RANGE})()[0]) <= new Date('{first.date().isoformat()}')")
    x0, _ = (pd.Timestamp(v) for v in page.evaluate(RANGE))
    assert x0 <= first                                      # one click: every dated event
    page.screenshot(path=str(shots / "timeline-all-dates.png"))
    page.close()
