"""Injection in the real browser: markup, scripts, `javascript:` links and outside images in the articles' text,
titles, outlets and file names, and in query parameters, are shown as text on every page; nothing runs and the
browser asks nothing of any server but the app's own. Query parameters never name files.

Skipped (with the reason) when /usr/bin/chromium or the playwright package is missing.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest

from conftest import ARTICLES, WAIT, needs_chromium
from test_browser import _wait_idle
from timeline import query

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

OUTSIDE = "http://example.com"
# Each payload would run a script, load something from outside or turn into markup if it were not escaped.
PAYLOADS = {
    "script": "<script>alert('s')</script>",
    "img": "<img src=x onerror=alert('i')>",
    "svg": "<svg onload=alert('v')>",
    "js link": "[click](javascript:alert('j'))",
    "a href": "<a href=\"javascript:alert('a')\">link</a>",
    "md image": f"![pic]({OUTSIDE}/md.png)",
    "iframe": f"<iframe src=\"{OUTSIDE}/frame\"></iframe>",
    "style": f"<style>body{{background:url({OUTSIDE}/bg.png)}}</style>",
    "bold": "**bold**",
}
ALL = " ".join(PAYLOADS.values())
# File names cannot hold "/": these are the payloads that fit in one.
FILE_NAME = "<img src=x onerror=alert('f')> [c](javascript:alert('g')) **b**"
TITLE = f"Talks title {PAYLOADS['script']} {PAYLOADS['md image']} {PAYLOADS['bold']}"
OUTLET = f"Wire {PAYLOADS['img']} {PAYLOADS['js link']}"
TEXT = f"""Kremlin talks

Russian President Vladimir Putin said on Monday that talks {PAYLOADS['script']} could start, adding {PAYLOADS['img']} and {PAYLOADS['md image']} in a statement.

Donald Trump told reporters on Tuesday that he would meet Putin {PAYLOADS['js link']} {PAYLOADS['a href']} soon.

Kremlin spokesman Dmitry Peskov said on Wednesday that {PAYLOADS['iframe']} {PAYLOADS['style']} {PAYLOADS['svg']} was not planned.
"""
HTML_PAGE = f"""<!doctype html><html><head><title>Page {PAYLOADS['svg']}</title>
<meta property="og:site_name" content="Site &lt;script&gt;alert('o')&lt;/script&gt; [x](javascript:alert('p'))">
<meta property="article:published_time" content="2025-02-06T10:00:00Z">
<script>alert('page')</script></head><body><article><h1>Page heading</h1>
<p>Russian President Vladimir Putin said on Thursday that &lt;script&gt;alert('t')&lt;/script&gt; talks
&lt;img src=x onerror=alert('u')&gt; could start, and ![pic]({OUTSIDE}/html.png) soon.</p>
<p><img src="{OUTSIDE}/real.png" onerror="alert('real')"> Donald Trump said on Friday that he spoke to Putin.</p>
</article></body></html>"""
SECRET = "Zanzibar Quartermaster Xylophone said on Monday that the vault opened."


@pytest.fixture(scope="module")
def site(tmp_path_factory, streamlit_server):
    """A `streamlit run app.py` over a hostile corpus, plus an outside folder no query may touch."""
    base = tmp_path_factory.mktemp("inject")
    articles = base / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "004_818d8616ca24f288.txt", articles)
    (articles / f"{FILE_NAME}.txt").write_text(TEXT, encoding="utf-8")
    (articles / "page <svg onload=alert('h')>.html").write_text(HTML_PAGE, encoding="utf-8")
    with (articles / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        import csv

        w = csv.writer(fh)
        w.writerow(["file", "published", "outlet", "url", "title"])
        w.writerow([f"{FILE_NAME}.txt", "2025-02-05", OUTLET, "javascript:alert('url')", TITLE])
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    with streamlit_server(articles, base) as url:
        yield {"url": url, "port": urlparse(url).port, "articles": articles, "outside": outside, "base": base}


class Guard:
    """Everything a page did that it must not: dialogs (a script ran) and requests to anywhere but the app."""

    def __init__(self, page, port: int):
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.origin = ("localhost", port)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: self.requests.append(r.url))

    @property
    def outside(self) -> list[str]:
        bad = []
        for u in self.requests:
            p = urlparse(u)
            if p.scheme in ("data", "blob", "about"):
                continue
            if (p.hostname, p.port) != self.origin or p.scheme not in ("http", "ws"):
                bad.append(u[:200])
        return bad


def _open(browser, site, path: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    guard = Guard(page, site["port"])
    page.set_default_timeout(WAIT)
    page.goto(site["url"] + path)
    page.wait_for_selector('[data-testid="stSidebar"]')
    return page, guard


def _nothing_ran(page, guard) -> None:
    """No dialog, no script or frame from the data, no element with an event handler, no outside image or link."""
    time.sleep(0.3)
    assert not guard.dialogs, guard.dialogs
    main = page.locator('[data-testid="stMain"], [data-testid="stSidebar"]')
    assert main.locator("iframe, object, embed, style:has-text('example.com')").count() == 0
    scripts = main.locator("script").evaluate_all("els => els.map(e => e.textContent)")
    assert all(s.strip() and s.strip() in query.DROPPED_LINK_HTML for s in scripts), scripts  # only the app's own
    handlers = page.evaluate("() => [...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                             ".some(a => a.name.startsWith('on'))).map(e => e.outerHTML.slice(0, 120))")
    assert handlers == [], handlers
    assert page.locator("img[src='x'], img[src*='example.com'], a[href^='javascript'], [src^='javascript']"
                        ).count() == 0
    assert main.locator("strong", has_text="bold").count() == 0  # **bold** was not rendered as markdown
    assert guard.outside == [], guard.outside


def _text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_every_page_shows_the_hostile_data_as_text(site, browser):
    tried = []
    # Timeline: hover box and the evidence of a selected event
    page, guard = _open(browser, site, "/?q=could+start")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point")
    page.locator(".js-plotly-plot .scatterlayer .point").first.hover(force=True)
    page.wait_for_selector(".hoverlayer .hovertext")
    hover = page.locator(".hoverlayer .hovertext").first.text_content()
    assert "<script>" in hover or "<img" in hover, hover
    assert page.locator(".hoverlayer img, .hoverlayer script, .hoverlayer a").count() == 0
    for point in page.locator(".js-plotly-plot .scatterlayer .point").all():
        point.click(force=True)
        page.wait_for_selector("text=Evidence for")
        _wait_idle(page)
        if PAYLOADS["img"] in _text(page):
            break
    page.wait_for_selector("text=Open document")
    event = parse_qs(urlparse(page.url).query)["event"][0]
    text = _text(page)
    for p in (PAYLOADS["script"], PAYLOADS["img"], PAYLOADS["md image"], TITLE, OUTLET, f"Open document {FILE_NAME}"):
        assert p in text, p
    _nothing_ran(page, guard)
    tried.append(("timeline", len(guard.requests)))
    page.close()

    # Actors: the charts of a corpus holding the payloads
    page, guard = _open(browser, site, "/actor")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    _wait_idle(page)
    _nothing_ran(page, guard)
    tried.append(("actors", len(guard.requests)))
    page.close()

    # Events: the table and the evidence of an event whose sentence holds the payloads
    page, guard = _open(browser, site, "/event?" + urlencode({"event": event}))
    page.wait_for_selector('[data-testid="stDataFrame"]')
    page.wait_for_selector("text=Evidence")
    _wait_idle(page)
    text = _text(page)
    for p in (PAYLOADS["script"], PAYLOADS["img"], TITLE, OUTLET):
        assert p in text, p
    _nothing_ran(page, guard)
    tried.append(("events", len(guard.requests)))
    page.close()

    # Sources: the problems and documents tables, the document chosen by its hostile id, its text
    page, guard = _open(browser, site, "/source?" + urlencode({"doc": FILE_NAME}))
    page.wait_for_selector("text=removed boilerplate")
    view = page.locator('[data-testid="stHtml"]').filter(has_text="could start")
    view.first.wait_for()
    body = view.first.inner_text()
    for p in (PAYLOADS["script"], PAYLOADS["img"], PAYLOADS["md image"], PAYLOADS["js link"], PAYLOADS["a href"],
              PAYLOADS["iframe"], PAYLOADS["style"], PAYLOADS["svg"]):
        assert p in body, p
    chosen = page.locator('[data-testid="stSelectbox"]').first.evaluate(
        "e => e.innerText + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")
    assert FILE_NAME in chosen and TITLE in chosen, chosen
    _nothing_ran(page, guard)
    tried.append(("sources", len(guard.requests)))
    page.close()

    # the HTML page: its tags are gone, its escaped markup and meta fields are text
    page, guard = _open(browser, site, "/source?" + urlencode({"doc": "page <svg onload=alert('h')>"}))
    view = page.locator('[data-testid="stHtml"]').filter(has_text="could start")
    view.first.wait_for()
    assert "<script>alert('t')</script>" in view.first.inner_text()
    _nothing_ran(page, guard)
    tried.append(("sources (html page)", len(guard.requests)))
    page.close()
    print("\nrequests per page, all to the app's own server:", tried)


def _notices(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def _listing(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_hostile_query_parameters_are_ignored_with_a_notice(site, browser):
    outside = site["outside"]
    before = _listing(outside)
    cases = [
        ({"actor": PAYLOADS["script"], "outlet": PAYLOADS["img"], "event": PAYLOADS["js link"],
          "doc": "../../../../etc/passwd", "data": "/etc", "folder": str(outside), "cache": str(outside),
          "file": str(outside / "secret.txt"), "out": str(outside / "x.html")},
         [PAYLOADS["script"][:20], "not in this corpus", "../../../../etc/passwd", "unknown parameter “data”"]),
        ({"q": "x" * 100_000}, ["200 characters"]),  # 100 kB values (the web server refuses addresses much longer)
        ({"actor": "A" * 100_000}, ["not in this corpus"]),
        ({f"p{i}": str(i) for i in range(999)}, ["unknown parameter “p0”", "990 more parameter values ignored"]),
        ({f"p{i}": str(i) for i in range(3000)}, ["Ignored this link's 3,000 parameters"]),  # streamlit drops these
        ({"doc": str(outside / "secret.txt"), "view": "source"}, ["not in this corpus"]),
    ]
    seen = []
    for params, words in cases:
        page, guard = _open(browser, site, "/?" + urlencode(params, quote_via=quote))
        page.wait_for_selector('[data-testid="stSidebar"] >> text=Corpus:')  # the whole sidebar is drawn
        _wait_idle(page)
        for w in words:
            page.wait_for_function("w => document.querySelector('[data-testid=\"stSidebar\"]').innerText.includes(w)",
                                   arg=w)
        notes = _notices(page)
        assert len(notes) < 20_000  # a bounded number of notices, each shortened
        whole = page.locator("body").inner_text()
        assert "root:x:0:0" not in whole and "Zanzibar" not in whole
        _nothing_ran(page, guard)
        assert len(page.url) < 2_000 and set(parse_qs(urlparse(page.url).query)) <= set(query.PARAMS)
        seen.append((len(urlencode(params)), notes.count("⚠"), len(guard.requests)))
        page.close()
    assert _listing(outside) == before  # nothing written (or touched) outside the data and cache folders
    print("\nquery cases (URL bytes, notices, requests):", seen)
