"""Shared links on a server that has just started: the first visitor lands on the page the link names.

A fresh `streamlit run` server per test, so that the link is the server's very first request.
"""
from __future__ import annotations

import shutil
import time
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ARTICLES, WAIT, chromium, needs_chromium
from test_browser import Watch

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture
def fresh_server(tmp_path, streamlit_server):
    articles = tmp_path / "articles"
    articles.mkdir()
    for pattern in ("003_*.txt", "004_*.txt"):  # two sample articles: the Jan 20 and Nov 8 reports
        for f in ARTICLES.glob(pattern):
            shutil.copy(f, articles)
    with streamlit_server(articles, tmp_path) as url:
        yield url


def test_a_shared_link_opens_its_page_on_a_fresh_server(fresh_server):
    with chromium() as browser:
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
