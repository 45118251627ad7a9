"""Curation in a real browser: upload an article, date the undated one, reject an event (Playwright + chromium).

Skipped (with the reason) when /usr/bin/chromium or playwright is missing. Screenshots go to the test's
temporary folder, or to $TIMELINE_SCREENSHOTS when set.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ARTICLES, WAIT, chromium, needs_chromium
from timeline.store import loader

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

UNDATED = "002_7990236add324fa1"
PUTIN_JAN24 = "4ecf30af6c22"
UPLOAD = """Lavrov says talks with Washington may start soon
MOSCOW, Feb 3 (Reuters) - Russian Foreign Minister Sergey Lavrov said on Monday that talks with the United States
on Ukraine could start within weeks.
"""


@pytest.fixture
def server(tmp_path, streamlit_server):
    articles = tmp_path / "articles"
    shutil.copytree(ARTICLES, articles)
    with streamlit_server(articles, tmp_path, env={"TIMELINE_HOSTED": None, "TIMELINE_READONLY": None}) as url:
        yield url, articles, tmp_path


def test_upload_date_and_reject_in_a_browser(server):
    url, articles, tmp = server
    shots = Path(os.environ.get("TIMELINE_SCREENSHOTS") or tmp)
    shots.mkdir(parents=True, exist_ok=True)
    upload = tmp / "lavrov talks.txt"
    upload.write_text(UPLOAD, encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.set_default_timeout(WAIT)
        # 1. upload a file on the Sources page
        page.goto(url)  # (a first visit straight to a page's path shows streamlit's "Page not found")
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        page.get_by_role("link", name="Sources").click()
        page.get_by_role("heading", name="Sources").wait_for()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shots / "curation-0-sources.png"), full_page=True)
        page.get_by_text("Add articles").click()
        page.locator("input[type=file]").first.set_input_files(str(upload))
        page.get_by_role("button", name="Add the files").click()
        page.get_by_text("Added lavrov-talks.txt").wait_for()
        assert (articles / "lavrov-talks.txt").read_text(encoding="utf-8") == UPLOAD
        page.screenshot(path=str(shots / "curation-1-uploaded.png"), full_page=True)
        # 2. date the undated article: it is listed first, with a date field
        page.get_by_text("have no publication date").wait_for()
        field = page.get_by_label("Published").first  # a date field of year, month and day segments
        field.get_by_role("spinbutton").first.click()
        page.keyboard.type("20250110")
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Save date").first.click()
        page.get_by_text("To End Ukraine War: dated 2025-01-10").wait_for()  # the document named by its title
        page.screenshot(path=str(shots / "curation-2-dated.png"), full_page=True)
        assert "2025-01-10" in (articles / "sources.csv").read_text()
        # 3. reject an event on the Events page
        page.goto(f"{url}/?event={PUTIN_JAN24}")
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        page.locator("[data-testid=stSidebarNav] a", has_text="Events").click()
        page.get_by_role("heading", name="Evidence").wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "curation-3-event.png"), full_page=True)
        page.get_by_role("button", name="Reject", exact=True).click()
        page.get_by_text("Event rejected").wait_for()
        page.screenshot(path=str(shots / "curation-4-rejected.png"), full_page=True)
        # 4. the timeline is drawn from the curated events
        page.get_by_role("link", name="Timeline").click()
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shots / "curation-5-timeline.png"), full_page=True)
    h = loader.open_log(articles).history()
    assert list(h["action"]) == ["reject", "meta", "upload"] and set(h["who"]) == {"local"}
