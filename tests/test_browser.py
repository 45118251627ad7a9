"""The dashboard in a real browser: a `streamlit run` server driven by Playwright and Debian's chromium.

Skipped (with the reason) when /usr/bin/chromium or the playwright package is missing. Screenshots are
written to the test's temporary folder, or to $TIMELINE_SCREENSHOTS when set.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ARTICLES, WAIT, needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

HOSTILE_TITLE = "Kremlin <script>alert(1)</script> **markdown** title ![x](http://example.com/x.png)"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

Russian President Vladimir Putin said on Monday that talks <script>alert(1)</script> could start, adding **bold claims** and <img src=x onerror=alert(1)> ![x](http://example.com/x.png) in a statement.

Donald Trump told reporters on Tuesday that he would meet Putin [click](javascript:alert(1)) soon.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, streamlit_server):
    """A `streamlit run app.py` on a free port over a tiny corpus (one sample article + a hostile one)."""
    base = tmp_path_factory.mktemp("browser")
    articles = base / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "004_818d8616ca24f288.txt", articles)
    (articles / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (articles / "sources.csv").write_text(
        'file,published,outlet,title\nhostile.txt,2025-02-05,Hostile Wire,"' + HOSTILE_TITLE + '"\n', encoding="utf-8")
    with streamlit_server(articles, base) as url:
        yield url


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("TIMELINE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watch:
    """Records dialogs (alert/confirm: a script ran) and console errors of a page."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page)
    page.set_default_timeout(WAIT)
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebar"]')
    return page, watch


def _count(page) -> str:
    return page.locator('[data-testid="stSidebar"] h3').first.inner_text().replace("\n", " ").strip()


def _wait_idle(page) -> None:
    """Until the app has finished rerunning (no running indicator)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def _lanes(page) -> list[str]:
    return page.locator(".js-plotly-plot .yaxislayer-above .ytick text").evaluate_all("els => els.map(e => e.textContent)")


def test_filter_updates_chart_and_url_and_the_url_restores_the_view(server, browser, shots):
    page, watch = _open(browser, server + "/")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    before_count, before_lanes = _count(page), _lanes(page)
    assert "Donald Trump" in before_lanes and len(before_lanes) > 2
    box = page.get_by_role("combobox", name="Actors")
    box.click()
    box.fill("Dmitry")
    page.get_by_role("option", name="Dmitry Peskov").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('actor=')", timeout=WAIT)
    page.wait_for_function("(old) => { const h = document.querySelector('[data-testid=\"stSidebar\"] h3');"
                           " return h && h.innerText.replace(/\\n/g, ' ').trim() !== old; }", arg=before_count)
    _wait_idle(page)
    after_lanes = _lanes(page)
    assert after_lanes[0] == "Dmitry Peskov" and after_lanes != before_lanes
    query = parse_qs(urlparse(page.url).query)
    assert query["actor"] == ["Dmitry Peskov"]
    page.screenshot(path=str(shots / "timeline_filtered.png"))

    # the same address in a fresh page gives the same view
    fresh, watch2 = _open(browser, page.url)
    fresh.wait_for_selector(".js-plotly-plot .main-svg")
    assert _count(fresh) == _count(page)
    assert _lanes(fresh) == after_lanes
    assert fresh.get_by_role("button", name="Remove Dmitry Peskov").count() == 1
    assert not watch.dialogs and not watch2.dialogs
    fresh.close()
    page.close()


def test_selecting_an_event_shows_its_evidence(server, browser, shots):
    page, watch = _open(browser, server + "/?actor=Dmitry+Peskov")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    point.click(force=True)
    page.wait_for_selector("text=Evidence for 1 selected event(s)")
    _wait_idle(page)
    page.wait_for_selector("text=Open document")
    html = page.locator('[data-testid="stHtml"]').all_inner_texts()
    assert any("Peskov" in h for h in html)
    page.screenshot(path=str(shots / "timeline_evidence.png"), full_page=True)
    assert not watch.dialogs
    page.close()


def test_hostile_document_is_shown_as_text(server, browser, shots):
    page, watch = _open(browser, server + "/source?doc=hostile")
    page.wait_for_selector("text=removed boilerplate")
    view = page.locator('[data-testid="stHtml"]').filter(has_text="could start")
    view.first.wait_for()
    text = view.first.inner_text()
    assert "<script>alert(1)</script>" in text and "**bold claims**" in text
    assert "<img src=x onerror=alert(1)>" in text and "![x](http://example.com/x.png)" in text
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("script").count() == 0
    assert page.locator("img[src='x'], img[src*='example.com']").count() == 0
    assert main.locator("strong", has_text="markdown").count() == 0
    assert main.locator("a[href^='javascript']").count() == 0
    page.screenshot(path=str(shots / "sources_hostile.png"), full_page=True)

    # its event on the timeline: the hover box shows the sentence's markup as text
    page.goto(server + "/?q=bold+claims")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    page.locator(".js-plotly-plot .scatterlayer .point").first.hover(force=True)
    page.wait_for_selector(".hoverlayer .hovertext")
    hover = page.locator(".hoverlayer .hovertext").first.text_content()
    assert "<script>" in hover or "<img" in hover or "**bold" in hover
    assert page.locator(".hoverlayer img, .hoverlayer script").count() == 0
    page.screenshot(path=str(shots / "timeline_hostile_hover.png"))
    time.sleep(0.5)
    assert not watch.dialogs, watch.dialogs
    page.close()
