"""Every page's own address reloads: opened cold, as a fresh server's very first request, with F5 and in a new
tab, it shows that page with the query's filters and no "Page not found" dialog.

A fresh `streamlit run` server per page, so that the page's address is the server's first request (streamlit's
legacy pages/ pass runs only then).
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ARTICLES, WAIT, chromium, needs_chromium

SHOTS = Path(os.environ.get("TIMELINE_SCREENSHOTS") or "/tmp")

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

# (address path, view, title, the page a first click in the sidebar goes to)
PAGES = [("timeline", "chronology", "Timeline", "Events"),
         ("actors", "actor", "Actors", "Sources"),
         ("events", "event", "Events", "Timeline"),
         ("sources", "source", "Sources", "Actors")]


def _idle(page) -> None:
    time.sleep(0.3)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def _shows(page, title: str) -> None:
    """The page titled ``title``, run to its end, with the query's filter and no dialog over it."""
    page.wait_for_selector(f"h1:has-text('{title}')")
    _idle(page)
    time.sleep(0.5)  # a "Page not found" dialog comes with the run's first messages: give it time to show
    assert page.locator('[role="dialog"]').count() == 0, page.locator('[role="dialog"]').first.inner_text()
    assert page.get_by_text("Page not found").count() == 0
    assert [h.inner_text() for h in page.locator("h1").all()] == [title]
    sidebar = page.locator('[data-testid="stSidebar"]')
    try:
        sidebar.get_by_role("button", name="Remove statement").wait_for()  # the Event types filter is set
    except Exception:
        page.screenshot(path=str(SHOTS / f"no-filter-{title}.png"))
        raise
    assert "of " in sidebar.locator("h3").first.inner_text()  # and the count is that of the filtered events


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for pattern in ("003_*.txt", "004_*.txt"):  # two sample articles
        for f in ARTICLES.glob(pattern):
            shutil.copy(f, folder)
    return folder


@pytest.mark.parametrize("path, view, title, other", PAGES, ids=[p[0] for p in PAGES])
def test_a_page_address_opens_cold_reloads_and_opens_in_a_new_tab(articles, tmp_path, streamlit_server,
                                                                   path, view, title, other):
    with streamlit_server(articles, tmp_path) as root, chromium() as browser:
        address = f"{root}/{path}?view={view}&type=statement"
        first = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        first.set_default_timeout(WAIT)
        first.goto(address)  # the server's first request
        _shows(first, title)
        assert urlparse(first.url).path == f"/{path}", first.url
        assert _query(first.url).get("type") == ["statement"], first.url

        # the first click does what it says (no dialog swallows it)
        first.locator('[data-testid="stSidebarNav"] a', has_text=other).click()
        _shows(first, other)
        moved = first.url
        first.reload()  # F5 on the page the click opened
        _shows(first, other)
        assert first.url == moved

        # the page's address in a new tab (a new browser context: nothing shared with the first)
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        tab.set_default_timeout(WAIT)
        tab.goto(address)
        _shows(tab, title)
        tab.reload()
        _shows(tab, title)
        assert urlparse(tab.url).path == f"/{path}" and _query(tab.url).get("type") == ["statement"], tab.url


def test_root_links_naming_a_page_still_open_it(articles, tmp_path, streamlit_server):
    """The share panel's links: the root address with ``view=``; a page reached from there reloads too."""
    with streamlit_server(articles, tmp_path) as root, chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(WAIT)
        page.goto(f"{root}/?view=source&type=statement")
        _shows(page, "Sources")
        for title in ("Timeline", "Actors"):
            page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
            _shows(page, title)
            page.reload()
            _shows(page, title)
