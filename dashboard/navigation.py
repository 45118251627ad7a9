"""The dashboard's pages and what the app shows around them: the page list, the empty-folder page and the
corpus line at the foot of the sidebar."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.access import shown_path
from timeline.views import query
from timeline.views.text import html_text
from timeline.views.view import Data

ss = st.session_state

# URL paths differ from the file names on purpose: with a folder named pages/, streamlit's legacy page
# discovery would otherwise run a page file on its own (without app.py) on a server's first run.
# Shared links open the root address with ?view=<page>, which that legacy pass never mistakes for a missing page.
PAGES = [("pages/timeline.py", "Timeline", ":material/timeline:", "chronology"),
         ("pages/actors.py", "Actors", ":material/groups:", "actor"),
         ("pages/events.py", "Events", ":material/table_rows:", "event"),
         ("pages/sources.py", "Sources", ":material/article:", "source")]


def navigation():
    """The page navigation, opened on the page the URL's ``view`` names; returns the page to run."""
    asked = st.query_params.get("view", "chronology")
    asked = asked if asked in query.VIEWS else "chronology"
    pages = [st.Page(path, title=title, icon=icon, url_path=url, default=url == asked)
             for path, title, icon, url in PAGES]
    page = st.navigation(pages)
    ss["_page"] = next((spec[3] for spec, p in zip(PAGES, pages) if p is page), asked)
    return page


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
