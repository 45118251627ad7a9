"""The dashboard on a phone (390 x 844): the chart takes the width, the count and the active filters show as chips
above the page while the sidebar is folded, the chart toolbar keeps clear of the range buttons, and taps still
select an event (plotly on a touch screen: the first tap shows the event, the second selects it). A wide screen
keeps the legend beside the chart and shows the chips too.

Screenshots are written to $TIMELINE_SCREENSHOTS when set, else to the test's temporary folder.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import ARTICLES, WAIT, chromium, needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2,
             user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
DESKTOP = dict(viewport={"width": 1400, "height": 1000})

BOXES = """() => {
  const box = e => { if (!e) return null; const b = e.getBoundingClientRect();
                     return {x: b.x, y: b.y, w: b.width, h: b.height}; };
  const plot = document.querySelector('.js-plotly-plot');
  return {chart: box(plot), area: box(plot.querySelector('.nsewdrag')), legend: box(plot.querySelector('.legend')),
          modebar: box(plot.querySelector('.modebar')),
          buttons: [...plot.querySelectorAll('.rangeselector .button')].map(box)};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, streamlit_server):
    base = tmp_path_factory.mktemp("phone")
    articles = base / "articles"
    articles.mkdir()
    for pattern in ("003_*.txt", "004_*.txt"):  # two sample articles
        for f in ARTICLES.glob(pattern):
            shutil.copy(f, articles)
    with streamlit_server(articles, base) as url:
        yield url


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("TIMELINE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser, url: str, device: dict):
    page = browser.new_context(**device).new_page()
    page.set_default_timeout(WAIT)
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)
    time.sleep(0.5)
    return page


def test_a_phone_sees_the_chart_full_width_with_the_count_and_filters_above(server, shots):
    with chromium() as browser:
        page = _open(browser, server + "/?type=statement", PHONE)
        width = PHONE["viewport"]["width"]

        # the count and the active filter, in sight at the top while the sidebar is folded away
        chips = page.get_by_test_id("tl-chips")
        assert chips.is_visible()
        top = chips.bounding_box()
        assert 0 <= top["y"] < 300 and top["x"] + top["width"] <= width
        count = page.get_by_test_id("tl-count").bounding_box()  # on top: not under the header bar
        assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).dataset.testid",
                             [count["x"] + count["width"] / 2, count["y"] + count["height"] / 2]) == "tl-count"
        assert page.get_by_test_id("tl-count").inner_text().endswith("of 10 events")
        assert chips.get_by_text("statement").count() == 1
        page.screenshot(path=str(shots / "phone_top.png"))

        page.locator(".js-plotly-plot").scroll_into_view_if_needed()
        boxes = page.evaluate(BOXES)
        assert boxes["chart"]["w"] >= 0.9 * width
        assert boxes["area"]["w"] >= 0.5 * width  # the time axis itself: the legend went under the chart
        assert boxes["legend"]["y"] >= boxes["area"]["y"] + boxes["area"]["h"]
        assert len(boxes["buttons"]) == 4
        for button in boxes["buttons"]:
            assert not _overlap(boxes["modebar"], button), (boxes["modebar"], button)
        assert boxes["modebar"]["x"] >= 0 and boxes["modebar"]["x"] + boxes["modebar"]["w"] <= width
        page.screenshot(path=str(shots / "phone_chart.png"))

        # a first tap on an event shows its hover box, a second one selects it
        point = page.locator(".js-plotly-plot .subplot.xy .scatterlayer .point").first.bounding_box()
        x, y = point["x"] + point["width"] / 2, point["y"] + point["height"] / 2
        page.touchscreen.tap(x, y)
        page.wait_for_selector(".hoverlayer .hovertext")
        time.sleep(0.6)  # two taps within plotly's double-click delay (300 ms) would reset the axes instead
        page.touchscreen.tap(x, y)
        page.wait_for_selector("text=Evidence for 1 selected event(s)")
        page.screenshot(path=str(shots / "phone_evidence.png"))

        # every page opens with the chips
        page.goto(server + "/actors?view=actor&type=statement")
        page.wait_for_selector("h1:has-text('Actors')")
        assert page.get_by_test_id("tl-count").inner_text().endswith("of 10 events")


def test_a_wide_screen_keeps_the_legend_beside_the_chart_and_shows_the_chips(server, shots):
    with chromium() as browser:
        page = _open(browser, server + "/?type=statement", DESKTOP)
        boxes = page.evaluate(BOXES)
        assert boxes["legend"]["x"] >= boxes["area"]["x"] + boxes["area"]["w"]
        for button in boxes["buttons"]:
            assert not _overlap(boxes["modebar"], button)
        assert page.get_by_test_id("tl-count").is_visible()
        page.screenshot(path=str(shots / "desktop.png"))
