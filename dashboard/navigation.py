"""The dashboard's pages and what the app shows around them: the page list, the empty-folder page and the
corpus line at the foot of the sidebar."""
from __future__ import annotations

import runpy
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from dashboard.access import shown_path
from timeline.views import query
from timeline.views.text import html_text
from timeline.views.view import Data, View

ss = st.session_state
APP = Path(__file__).resolve().parent.parent / "app.py"

# (file, title, icon, view): each page's address is /<file name without .py> (e.g. /actors?view=actor&...), the
# name streamlit itself gives a file in pages/. On a server's very first request streamlit still runs its legacy
# pages/ pass, before app.py has declared the pages: that pass knows exactly these names, so a pasted page
# address is found there too (no "Page not found"), and `page_view` hands the run over to app.py.
# ``view`` is the page's name in the query (?view=actor): links to the root address name their page with it.
PAGES = [("pages/timeline.py", "Timeline", ":material/timeline:", "chronology"),
         ("pages/actors.py", "Actors", ":material/groups:", "actor"),
         ("pages/events.py", "Events", ":material/table_rows:", "event"),
         ("pages/sources.py", "Sources", ":material/article:", "source")]
URL_PATHS = {view: Path(path).stem for path, _, _, view in PAGES}  # view -> the page's address
# Earlier addresses named the pages by their view (/actor?...): they still open their page, at its address now.
OLD_PATHS = {view: view for view in URL_PATHS}


def address_page(url: str | None) -> str | None:
    """The last part of the address's path when it names a page (``/actors``, or the older ``/actor``); None
    for the root address."""
    last = urlparse(url or "").path.rstrip("/").rsplit("/", 1)[-1]
    return last if last in URL_PATHS.values() or last in OLD_PATHS.values() else None


def default_page(named: str | None, asked: str) -> str:
    """The view streamlit shows at the root address. At the root (``named`` None) that is the page ``view``
    names. An address that names a page must not name the default one, which streamlit moves to the root (it
    would answer "Page not found"): the Timeline then, or the Actors for the Timeline's own address."""
    if named is None:
        return asked
    return "chronology" if named != URL_PATHS["chronology"] else "actor"


def _old_address() -> None:
    """An earlier page address: `navigation` moves to the page's address before anything runs."""


def navigation():
    """The page navigation, opened on the page the address names; returns the page to run."""
    asked = st.query_params.get("view", "chronology")
    asked = asked if asked in query.VIEWS else "chronology"
    default = default_page(address_page(st.context.url), asked)
    pages = {view: st.Page(path, title=title, icon=icon, url_path=URL_PATHS[view], default=view == default)
             for path, title, icon, view in PAGES}
    old = {view: st.Page(_old_address, title=pages[view].title, url_path=path, visibility="hidden")
           for view, path in OLD_PATHS.items()}
    page = st.navigation(list(pages.values()) + list(old.values()))
    moved = next((view for view, p in old.items() if p is page), None)
    if moved:  # the same query, at the page's own address (one more run)
        st.switch_page(pages[moved], query_params={k: st.query_params.get_all(k) for k in st.query_params})
    ss["_page"] = next((view for view, p in pages.items() if p is page), asked)
    return page


def run(page) -> None:
    """Runs the page st.navigation returned, after app.py has prepared its view."""
    ss["_app_runs_page"] = True
    try:
        page.run()
    finally:
        ss["_app_runs_page"] = False


def page_view() -> View:
    """The view app.py prepared for the page. A page file streamlit runs on its own (its legacy pages/ pass, on a
    server's first request; AppTest starts every run with it) runs app.py instead, in this same run: app.py
    declares the pages, which ends that legacy mode, and runs this page inside it. Nothing of the run is lost
    (a button's click counts once, in the page app.py runs)."""
    if not ss.get("_app_runs_page"):
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()  # this page has just run, inside app.py
    return ss["_view"]


def no_articles(folder: Path, data: Data) -> None:
    """What to do when the data folder has no readable articles."""
    st.title("No articles yet")
    st.html(f"<p>The data folder <code>{html_text(shown_path(folder, folder))}</code> has no readable articles.</p>")
    st.markdown("**To add articles:** save each news article as a `.txt`, `.md` or `.html` file in that folder "
                "(sub-folders are fine), optionally with a `sources.csv` (columns `file,published,outlet,url,title`) "
                "giving publication dates and outlets, then reload this page.\n\n**To use another folder:** set "
                "the `TIMELINE_DATA` environment variable, or `data = \"path\"` under `[timeline]` in "
                "`.streamlit/secrets.toml`.")
    for file, message in data.problems:
        st.html(f"<p style='color:#B33'>{html_text(shown_path(file, folder))}: {html_text(message)}</p>")


def corpus_line(folder: Path, data: Data) -> None:
    st.html(f"<div style='font-size:12px;color:#8B9099'>Corpus: {html_text(shown_path(folder, folder))} · "
            f"{len(data.documents)} documents{' · cached' if data.from_cache else ''}</div>")
