"""Curation details in a real browser (Playwright + chromium): the analyst's name kept across reloads in one
browser only, the upload limit the uploader states and the server enforces, messages under their buttons,
and the edit history naming its events with every change in full."""
from __future__ import annotations

import re
import shutil
import time

import pytest

from conftest import ARTICLES, WAIT, needs_chromium
from test_hosting_browser import _put, _session_and_xsrf
from dashboard import uploads
from timeline.store import loader

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

PUTIN_JAN24 = "4ecf30af6c22"
LOCAL = {"TIMELINE_HOSTED": None, "TIMELINE_READONLY": None, "TIMELINE_EDIT_PASSWORD": None}


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    return folder


def _open(browser, url: str, context=None, frames: list | None = None):
    """A page of a new browser context (its own cookies) unless one is given, on the first page, drawn;
    ``frames`` collects what its websocket receives."""
    context = context or browser.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    if frames is not None:
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
    page.goto(url)
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    return page


def _events_page(browser, url: str, context=None):
    """The Events page with the Putin, Jan 24 event open (a first visit straight to a page's path is not found:
    the app is opened first, then the page by its link)."""
    page = _open(browser, f"{url}/?event={PUTIN_JAN24}", context)
    page.locator("[data-testid=stSidebarNav] a", has_text="Events").click()
    page.get_by_role("heading", name="Evidence").wait_for()
    return page


def _name_field(page):
    return page.locator("[data-testid=stSidebar]").get_by_role("textbox", name="Your name (for the edit history)")


def test_the_name_is_kept_across_reloads_in_this_browser_only(articles, tmp_path, streamlit_server, browser):
    with streamlit_server(articles, tmp_path, env=LOCAL) as url:
        page = _open(browser, url)
        field = _name_field(page)
        assert field.input_value() == "local"
        field.fill("Ann <b>Analyst</b> ; é")
        field.press("Enter")
        deadline = time.monotonic() + 20
        while not any(c["name"] == "timeline_editor" for c in page.context.cookies()):
            assert time.monotonic() < deadline, "the name was never kept in a cookie"
            page.wait_for_timeout(200)
        page.reload()
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        assert _name_field(page).input_value() == "Ann <b>Analyst</b> ; é"
        # a second tab of the same browser starts with it too; the edits are recorded under it
        tab = _events_page(browser, url, page.context)
        tab.get_by_role("button", name="Accept", exact=True).click()
        tab.get_by_text("Event accepted.").wait_for()
        # another browser (no cookie) starts with the default name
        other = _open(browser, url)
        assert _name_field(other).input_value() == "local"
    h = loader.open_log(articles).history()
    assert list(h["who"]) == ["Ann <b>Analyst</b> ; é"]


def test_upload_limit_is_stated_once_and_enforced(articles, tmp_path, streamlit_server, browser):
    # a deployment that raised streamlit's own limit still gets the app's
    env = dict(LOCAL, STREAMLIT_SERVER_MAX_UPLOAD_SIZE="50")
    big = tmp_path / "big.txt"
    big.write_bytes(b"Moscow said on Monday that talks may start. " * (6 * 2 ** 20 // 44))
    with streamlit_server(articles, tmp_path, env=env) as url:
        frames: list = []
        page = _open(browser, url, frames=frames)
        # sent past the uploader, straight to the server: refused over the app's limit, taken under it
        ids, headers = _session_and_xsrf(page, frames)
        session = next(s for s in ids if _put(url, s, headers, "ok.txt", b"Moscow said on Monday.") == 204)
        assert _put(url, session, headers, "big.txt", big.read_bytes()) == 413
        assert _put(url, session, headers, "fits.txt", b"x" * (uploads.MAX_MB * 2 ** 20 - 1000)) == 204
        page.get_by_role("link", name="Sources").click()
        page.get_by_role("heading", name="Sources").wait_for()
        page.get_by_text("Add articles").click()
        uploader = page.locator("[data-testid=stFileUploader]").first
        uploader.wait_for()
        text = uploader.inner_text()
        # one limit, in the label and the widget's own hint; never streamlit's default nor the server's setting
        assert f"{uploads.MAX_MB} MB each" in text and re.search(rf"\b{uploads.MAX_MB}\s?MB per file", text), text
        assert "200" not in text and "50MB" not in text and "50 MB" not in text
        page.locator("input[type=file]").first.set_input_files(str(big))
        uploader.get_by_text(re.compile(rf"{uploads.MAX_MB}(\.0)?\s?MB or smaller|exceeds|too large", re.I)) \
            .first.wait_for()
        assert page.get_by_role("button", name="Add the files").is_disabled()
    assert not (articles / "big.txt").exists()
    assert "upload refused" in (tmp_path / "server.log").read_text()


def test_messages_under_their_buttons_and_the_history_in_full(articles, tmp_path, streamlit_server, browser):
    summary = ("Putin tells reporters Russia is ready for talks with Trump on ending the war, and questions "
               "whether Zelensky may sign a deal while his own decree bans talks with the Kremlin leadership.")
    with streamlit_server(articles, tmp_path, env=LOCAL) as url:
        page = _events_page(browser, url)
        accept = page.get_by_role("button", name="Accept", exact=True)
        accept.click()
        note = page.locator("[data-testid=stMain]").get_by_text("Event accepted.")
        note.wait_for()
        assert not page.locator("[data-testid=stSidebar]").get_by_text("Event accepted.").count()
        below = note.bounding_box()["y"] - page.get_by_role("button", name="Accept", exact=True).bounding_box()["y"]
        assert 0 < below < 150, below  # right under the button, not at the foot of a panel
        page.screenshot(path=str(tmp_path / "accepted.png"))
        # edit the summary: the history names the event by date and headline and shows the change in full
        page.get_by_text("Edit this event").click()
        page.locator("textarea[aria-label=Summary]").fill(summary)
        page.get_by_role("button", name="Save changes").click()
        saved = page.locator("[data-testid=stMain]").get_by_text("Event updated.")
        saved.wait_for()
        page.get_by_text("Edit history", exact=True).click()
        table = page.locator("[data-testid=stTable]").last
        table.wait_for()
        text = " ".join(table.inner_text().split())
        assert summary in text  # the change in full, not cut off
        assert "2025-01-24 · Putin tells reporters Russia is ready for talks" in text
        assert PUTIN_JAN24 not in text
        table.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "history.png"))
        # the undo in the sidebar says so under its button
        page.get_by_role("button", name="Undo my last edit").click()
        page.locator("[data-testid=stSidebar]").get_by_text(re.compile("^Undone: ")).wait_for()
