"""A large corpus in a real browser: past a threshold the timeline switches to counts, and to WebGL for
thousands of marks, so the page stays responsive. The corpus is 60,000 synthetic events written as a build
output folder (the format the Dask engine writes), served by a real `streamlit run`."""
from __future__ import annotations

import time

import pandas as pd
import pytest

from conftest import WAIT, chromium, needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def big_server(tmp_path_factory, streamlit_server):
    from timeline.bench.synthetic import synthetic_frames
    from timeline.store import output

    base = tmp_path_factory.mktemp("large")
    ev, me, do, _ = synthetic_frames(60_000, seed=5)
    do = do.assign(published=pd.NaT, title=do["doc"], outlet="", published_source="", problems=[[]] * len(do))
    output.write(base / "build", ev, me, do, [])
    with streamlit_server(base / "build", base, timeout=40) as url:
        yield url


def test_large_timeline_draws_counts_then_webgl(big_server, tmp_path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(3 * WAIT)  # 60,000 events on a possibly busy machine
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        t0 = time.monotonic()
        page.goto(big_server + "/")  # a corpus this large opens on its key events and their story
        page.wait_for_selector("text=Story:")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.goto(big_server + "/?mode=all")  # every event
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_selector("text=shown as counts per lane and period")
        first = time.monotonic() - t0
        page.screenshot(path=str(tmp_path / "large_counts.png"))
        # One actor: a few thousand events, drawn as single marks with WebGL.
        t0 = time.monotonic()
        page.goto(big_server + "/?mode=all&actor=Actor+012")
        page.wait_for_selector("text=drawn with WebGL")
        page.wait_for_selector(".js-plotly-plot canvas.gl-canvas-context")
        second = time.monotonic() - t0
        page.screenshot(path=str(tmp_path / "large_webgl.png"))
        assert page.locator(".js-plotly-plot .scatterlayer .point").count() == 0  # no SVG node per mark
        assert not errors, errors
    print(f"first draw {first:.1f} s, one actor {second:.1f} s")  # figures; the bench measures speed
