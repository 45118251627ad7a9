"""A large corpus in a real browser: past a threshold the timeline switches to counts, and to WebGL for
thousands of marks, so the page stays responsive. The corpus is 60,000 synthetic events written as a build
output folder (the format the Dask engine writes), served by a real `streamlit run`."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pandas as pd
import pytest

from conftest import ROOT
from test_browser import ARGS, CHROMIUM, WAIT, _free_port, sync_api


@pytest.fixture(scope="module")
def big_server(tmp_path_factory):
    from timeline.store import output
    from timeline.bench.synthetic import synthetic_frames

    base = tmp_path_factory.mktemp("large")
    ev, me, do, _ = synthetic_frames(60_000, seed=5)
    do = do.assign(published=pd.NaT, title=do["doc"], outlet="", published_source="", problems=[[]] * len(do))
    output.write(base / "build", ev, me, do, [])
    port = _free_port()
    env = dict(os.environ, TIMELINE_DATA=str(base / "build"), TIMELINE_CACHE=str(base / "cache"))
    log = open(base / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
                             "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 40
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail(f"streamlit did not start: {(base / 'server.log').read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_large_timeline_draws_counts_then_webgl(big_server, tmp_path):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(3 * WAIT)  # 60,000 events on a possibly busy machine
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        t0 = time.monotonic()
        page.goto(big_server + "/")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_selector("text=shown as counts per lane and period")
        first = time.monotonic() - t0
        page.screenshot(path=str(tmp_path / "large_counts.png"))
        # One actor: a few thousand events, drawn as single marks with WebGL.
        t0 = time.monotonic()
        page.goto(big_server + "/?actor=Actor+012")
        page.wait_for_selector("text=drawn with WebGL")
        page.wait_for_selector(".js-plotly-plot canvas.gl-canvas-context")
        second = time.monotonic() - t0
        page.screenshot(path=str(tmp_path / "large_webgl.png"))
        assert page.locator(".js-plotly-plot .scatterlayer .point").count() == 0  # no SVG node per mark
        assert not errors, errors
        browser.close()
    print(f"first draw {first:.1f} s, one actor {second:.1f} s")  # figures; the bench measures speed
