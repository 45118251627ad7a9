"""Shared links on a server that has just started: the first visitor lands on the page the link names.

A fresh `streamlit run` server per test, so that the link is the server's very first request.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ARTICLES, ROOT
from test_browser import ARGS, CHROMIUM, WAIT, Watch, _free_port, sync_api


@pytest.fixture
def fresh_server(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for pattern in ("003_*.txt", "004_*.txt"):  # two sample articles: the Jan 20 and Nov 8 reports
        for f in ARTICLES.glob(pattern):
            shutil.copy(f, articles)
    port = _free_port()
    env = dict(os.environ, TIMELINE_DATA=str(articles), TIMELINE_CACHE=str(tmp_path / "cache"))
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
                             "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail(f"streamlit did not start: {(tmp_path / 'server.log').read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_a_shared_link_opens_its_page_on_a_fresh_server(fresh_server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT)
        watch = Watch(page)
        page.goto(fresh_server + "/?view=actor&type=statement")
        page.wait_for_selector('[data-testid="stSidebar"]')
        page.wait_for_selector("h1:has-text('Actors')")
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)
        time.sleep(1)
        assert page.locator("text=Page not found").count() == 0
        assert page.locator('[role="dialog"]').count() == 0
        params = parse_qs(urlparse(page.url).query)
        assert params.get("view") == ["actor"] and params.get("type") == ["statement"], page.url

        # moving to another page through the sidebar keeps the filters and names the new page
        page.locator('[data-testid="stSidebarNav"] a', has_text="Events").click()
        page.wait_for_selector("h1:has-text('Events')")
        page.wait_for_function("() => new URL(location.href).searchParams.get('view') === 'event'", timeout=WAIT)
        assert parse_qs(urlparse(page.url).query).get("type") == ["statement"], page.url

        # the link the share panel gives opens the same page in a new tab
        link = page.url.split("/event?")[0].rstrip("/") + "/?" + urlparse(page.url).query \
            if "/event?" in page.url else page.url
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.set_default_timeout(WAIT)
        other.goto(link)
        other.wait_for_selector("h1:has-text('Events')")
        assert not watch.dialogs, watch.dialogs
        browser.close()
