"""The Timeline page's key events mode in a real browser: headline labels on the chart, the Story list, and a
story entry's evidence link selecting its event."""
from __future__ import annotations

import shutil
import time
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ARTICLES, WAIT, chromium, needs_chromium
from test_browser import Watch

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture
def server(tmp_path, streamlit_server):
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    with streamlit_server(articles, tmp_path) as url:
        yield url


# each label's lines (SVG tspans) joined with spaces
LABELS = ("els => els.map(e => Array.from(e.querySelectorAll('tspan.line')).map(t => t.textContent).join(' ') "
          "|| e.textContent)")


def _idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT)


def test_key_mode_shows_headline_labels_and_the_story(server, tmp_path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.set_default_timeout(WAIT)
        watch = Watch(page)
        page.goto(server + "/?mode=key")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.wait_for_selector("text=Story:")
        _idle(page)
        labels = [t.strip() for t in page.eval_on_selector_all(".js-plotly-plot .annotation-text", LABELS) if t.strip()]
        story = page.locator('[data-testid="stExpander"]', has_text="Story:")
        entries = story.locator(".story-entry")
        n = entries.count()
        headlines = [entries.nth(i).locator("div").nth(1).inner_text().strip() for i in range(n)]
        page.screenshot(path=str(tmp_path / "key-mode.png"), full_page=True)
        assert n >= 3 and len(labels) >= 3
        # every label is (the start of) a story headline, drawn as text in the chart
        assert all(any(h.replace("\n", " ").startswith(lab.replace("\n", " ").rstrip("…")[:20]) for h in headlines)
                   for lab in labels), (labels, headlines)
        dates = [entries.nth(i).locator("b").first.inner_text() for i in range(n)]
        assert dates == sorted(dates)
        assert parse_qs(urlparse(page.url).query).get("mode") == ["key"]

        # a story entry's evidence link selects the event and shows its evidence, still in key mode
        story.get_by_role("link", name=f"Evidence for {dates[0]}").click()
        page.wait_for_selector("text=Evidence for 1 selected event")
        _idle(page)
        time.sleep(2)
        page.screenshot(path=str(tmp_path / "key-mode-evidence.png"), full_page=True)
        params = parse_qs(urlparse(page.url).query)
        assert params.get("mode") == ["key"] and params.get("event"), page.url
        assert page.locator(".js-plotly-plot .annotation-text").count() >= 3
        evidence_y = page.locator("text=Evidence for 1 selected event").bounding_box()["y"]
        assert evidence_y < story.bounding_box()["y"]   # the evidence shows under the chart, above the story
        assert not watch.dialogs and not [e for e in watch.errors if "favicon" not in e], watch.errors
