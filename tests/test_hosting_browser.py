"""Hosting safely, against a real `streamlit run app.py`: the bind address, password guessing from several
sessions of one client, uploads PUT over HTTP by sessions that may not edit, an editor's name as markdown seen by
a visitor, and what a visitor sees when the app fails (Playwright + Debian's chromium, real HTTP).

Skipped (with the reason) when /usr/bin/chromium or playwright is missing.
"""
from __future__ import annotations

import re
import shutil
import socket
import time
import uuid

import pytest
import requests

from conftest import ARTICLES, WAIT, needs_chromium
from dashboard import access

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

PASSWORD = "s3cret-horse"
PUTIN_JAN24 = "4ecf30af6c22"
OUTSIDE = "phish.invalid"  # (the sample articles link to example.com)
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LOCKED = {"TIMELINE_HOSTED": "1", "TIMELINE_READONLY": None, "TIMELINE_EDIT_PASSWORD": PASSWORD}
LOCAL = {"TIMELINE_HOSTED": None, "TIMELINE_READONLY": None, "TIMELINE_EDIT_PASSWORD": None}


@pytest.fixture
def articles(tmp_path):
    d = tmp_path / "articles"
    shutil.copytree(ARTICLES, d)
    return d


def _open(browser, url: str, frames: list | None = None):
    """A new session (its own browser context: its own cookies) on the app's first page, drawn."""
    page = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
    page.set_default_timeout(WAIT)
    if frames is not None:
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
    page.goto(url)
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    return page


def _guess(page, password: str, answer: str) -> None:
    """Type a password (Enter reruns the page, clearing the last answer), press the button, wait for ``answer``."""
    field = page.get_by_label("Edit password")
    field.fill(password)
    field.press("Enter")
    page.get_by_text(re.compile("Wrong password|Too many wrong")).first.wait_for(state="detached")
    page.get_by_role("button", name="Unlock editing").click()
    page.get_by_text(answer).first.wait_for()


def test_password_guesses_slow_down_for_every_session_of_a_client(articles, tmp_path, streamlit_server, browser):
    with streamlit_server(articles, tmp_path, env=LOCKED) as url:
        first, second = _open(browser, url), _open(browser, url)  # two sessions of one client
        for n in range(3):  # a few mistakes cost nothing
            _guess(first, f"wrong-{n}", "Wrong password")
        wrong_at = time.monotonic()
        # the third in a row starts a wait: until it is over no password is checked, the right one included,
        _guess(first, PASSWORD, "Too many wrong passwords")
        _guess(second, PASSWORD, "Too many wrong passwords")  # in another session of the same client too
        assert time.monotonic() - wrong_at < access.FIRST_DELAY
        assert not second.get_by_role("button", name="Undo my last edit").count()
        second.wait_for_timeout(1000 * (access.FIRST_DELAY - (time.monotonic() - wrong_at)) + 300)
        _guess(second, "wrong-3", "Next try in 10 s")  # the wait is over: a wrong guess doubles the next one
        wrong_at = time.monotonic()
        first.reload()  # a reload starts a new session: the wait holds there too
        _guess(first, PASSWORD, "Too many wrong passwords")
        assert time.monotonic() - wrong_at < 2 * access.FIRST_DELAY
        second.wait_for_timeout(1000 * (2 * access.FIRST_DELAY - (time.monotonic() - wrong_at)) + 300)
        _guess(second, PASSWORD, "Your name")  # the wait is over: the right password unlocks editing
        second.get_by_role("button", name="Undo my last edit").wait_for()
    log = (tmp_path / "server.log").read_text()
    assert log.count("edit password: wrong guess") == 4 and log.count("guess from localhost refused") == 3


def _session_and_xsrf(page, frames) -> tuple[list[str], dict]:
    """The session ids the page's websocket was told (any UUID in its first messages) and its XSRF cookie."""
    ids = []
    for f in frames[:5]:
        data = f if isinstance(f, bytes) else str(f).encode("utf-8", "replace")
        ids += [m.decode() for m in UUID.findall(data) if m.decode() not in ids]
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
    return ids, {"X-Xsrftoken": cookie, "Cookie": f"_streamlit_xsrf={cookie}"}


def _put(url: str, session: str, headers: dict, name: str, data: bytes) -> int:
    r = requests.put(f"{url}/_stcore/upload_file/{session}/{uuid.uuid4()}", headers=headers,
                     files={"file": (name, data, "text/plain")}, timeout=60)
    return r.status_code


def test_sessions_that_may_not_edit_cannot_put_files(articles, tmp_path, streamlit_server, browser):
    big = b"Moscow said on Monday. " * (4 * 2 ** 20 // 23)  # 4 MB: under the per-file limit
    with streamlit_server(articles, tmp_path, env=LOCKED) as url:
        frames: list = []
        page = _open(browser, url, frames)
        ids, headers = _session_and_xsrf(page, frames)
        codes = {session: [_put(url, session, headers, f"big{i}.txt", big) for i in range(5)] for session in ids}
        # the page's session was found (its PUTs were not refused as an unknown session) and every one refused
        assert any(c == [403] * 5 for c in codes.values()), codes
        assert all(c and all(x >= 400 for x in c) for c in codes.values()), codes
        session = next(s for s, c in codes.items() if c == [403] * 5)
        assert _put(url, session, headers, "huge.txt", b"x" * (6 * 2 ** 20)) == 413  # over server.maxUploadSize
    assert "upload refused" in (tmp_path / "server.log").read_text()


def test_editors_uploads_are_checked_and_counted(articles, tmp_path, streamlit_server, browser):
    with streamlit_server(articles, tmp_path, env=LOCAL) as url:
        frames: list = []
        page = _open(browser, url, frames)
        ids, headers = _session_and_xsrf(page, frames)
        session = next(s for s in ids if _put(url, s, headers, "ok.txt", b"Moscow said on Monday.") == 204)
        assert _put(url, session, headers, "a\0.txt", b"text") == 400  # a NUL in the name
        assert _put(url, session, headers, "evil.sh", b"text") == 400  # an extension the uploader does not take
        codes = [_put(url, session, headers, f"n{i}.txt", b"Moscow said.") for i in range(20)]
        assert codes[:19] == [204] * 19 and codes[19] == 413  # 20 files held at a time at most
        page.get_by_role("link", name="Sources").click()
        page.get_by_role("heading", name="Sources").wait_for()
        page.wait_for_timeout(500)
        assert "Traceback" not in page.content() and "null bytes" not in page.content()


def test_an_editors_name_is_text_for_every_visitor(articles, tmp_path, streamlit_server, browser):
    name = f"![x](http://{OUTSIDE}/p.png) [Log in again](http://{OUTSIDE}/phish)"
    with streamlit_server(articles, tmp_path, env=LOCKED) as url:
        editor = _open(browser, f"{url}/?event={PUTIN_JAN24}")
        field = editor.get_by_label("Edit password")
        field.fill(PASSWORD)
        field.press("Enter")
        editor.get_by_role("button", name="Unlock editing").click()
        who = editor.get_by_role("textbox", name="Your name (for the edit history)")
        who.fill(name)
        who.press("Enter")
        editor.wait_for_timeout(500)
        editor.locator("[data-testid=stSidebarNav] a", has_text="Events").click()
        editor.get_by_role("heading", name="Evidence").wait_for()
        editor.get_by_role("button", name="Accept", exact=True).click()
        editor.get_by_text("Event accepted").wait_for()

        asked: list[str] = []
        visitor = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
        visitor.set_default_timeout(WAIT)
        visitor.on("request", lambda r: asked.append(r.url))
        visitor.goto(f"{url}/?event={PUTIN_JAN24}")
        visitor.locator(".js-plotly-plot .main-svg").first.wait_for()
        visitor.locator("[data-testid=stSidebarNav] a", has_text="Events").click()
        visitor.get_by_text("Status: accepted").wait_for()
        visitor.wait_for_timeout(1000)
        status = visitor.get_by_text("Status: accepted").inner_text()
        assert name in status.replace("\u2060", "")  # shown as typed (an invisible joiner keeps addresses text)
        assert not visitor.locator(f"a[href*='{OUTSIDE}'], img[src*='{OUTSIDE}']").count()
        assert not [u for u in asked if OUTSIDE in u], asked
        assert not visitor.get_by_text("Edit history").count()  # names in the history: for editors only


def _outside_address() -> str | None:
    """An address of this machine other than loopback, when it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.254", 9))  # no packet is sent: this only picks the outgoing interface
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if ip.startswith("127.") else ip


def test_a_local_run_answers_only_this_machine(articles, tmp_path, streamlit_server):
    ip = _outside_address()
    if ip is None:
        pytest.skip("this machine has no address but loopback")
    with streamlit_server(articles, tmp_path, env=LOCAL) as url:  # `streamlit run app.py`, as the README says
        port = int(url.rsplit(":", 1)[1])
        assert requests.get(f"{url}/_stcore/health", timeout=5).text == "ok"
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://{ip}:{port}/_stcore/health", timeout=5)


def test_visitors_see_no_traceback_or_path(articles, tmp_path, streamlit_server, browser):
    broken = tmp_path / "no-knowledge-here"
    with streamlit_server(articles, tmp_path, env={**LOCKED, "TIMELINE_KNOWLEDGE": str(broken)}) as url:
        page = browser.new_context().new_page()
        page.set_default_timeout(WAIT)
        page.goto(url)
        page.get_by_text("This app has encountered an error").wait_for()
        page.wait_for_timeout(500)
        text = page.inner_text("body")
        assert str(broken) not in text and "Traceback" not in text and "KnowledgeError" not in text
    assert str(broken) in (tmp_path / "server.log").read_text()  # the details are in the server log
