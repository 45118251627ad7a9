"""Timeline dashboard: `streamlit run app.py`. Shared sidebar filters, kept in the URL; one file per page."""
import html

import streamlit as st

from dashboard import curation as curation_ui, exports as exports_ui
from timeline.views import query, view as app_data

# The tab icon is an emoji: streamlit draws it in the page, where a material icon would be fetched from Google.
st.set_page_config(page_title="Timeline", page_icon="📅", layout="wide")
ss = st.session_state


@st.cache_data(show_spinner="Reading the articles…", max_entries=4)
def load(folder: str, signature: str) -> app_data.Data:
    return app_data.load(folder)


def setting() -> str | None:
    try:
        return st.secrets.get("timeline", {}).get("data")
    except Exception:  # no secrets.toml: the setting is optional
        return None


folder = app_data.data_folder(setting())
key = (str(folder), app_data.signature(folder))
if ss.get("_data_key") != key:  # one deserialized copy per session and corpus version
    ss["_data"], ss["_data_key"] = load(*key), key
data: app_data.Data = curation_ui.curated(ss["_data"], folder)  # with the analysts' edits applied

# URL paths differ from the file names on purpose: with a folder named pages/, streamlit's legacy page
# discovery would otherwise run a page file on its own (without this script) on a server's first run.
# Shared links open the root address with ?view=<page>, which that legacy pass never mistakes for a missing page.
asked = st.query_params.get("view", "chronology")
asked = asked if asked in query.VIEWS else "chronology"
PAGES = [("pages/timeline.py", "Timeline", ":material/timeline:", "chronology"),
         ("pages/actors.py", "Actors", ":material/groups:", "actor"),
         ("pages/events.py", "Events", ":material/table_rows:", "event"),
         ("pages/sources.py", "Sources", ":material/article:", "source")]
pages = [st.Page(path, title=title, icon=icon, url_path=url, default=url == asked) for path, title, icon, url in PAGES]
pg = st.navigation(pages)
ss["_page"] = next((spec[3] for spec, page in zip(PAGES, pages) if page is pg), asked)
if data.empty:
    st.title("No articles yet")
    st.html(f"<p>The data folder <code>{html.escape(str(folder))}</code> has no readable articles.</p>")
    st.markdown("**To add articles:** save each news article as a `.txt`, `.md` or `.html` file in that folder "
                "(sub-folders are fine), optionally with a `sources.csv` (columns `file,published,outlet,url,title`) "
                "giving publication dates and outlets, then reload this page.\n\n**To use another folder:** set "
                "the `TIMELINE_DATA` environment variable, or `data = \"path\"` under `[timeline]` in "
                "`.streamlit/secrets.toml`.")
    for file, message in data.problems:
        st.html(f"<p style='color:#B33'>{html.escape(file)}: {html.escape(message)}</p>")
    curation_ui.add_articles(folder)
    st.stop()

# The URL is the source of truth when it is new (first run, pasted address, link between pages).
params = {k: st.query_params.get_all(k) for k in st.query_params}
if "_written" not in ss or (params and query.normalized(params) != ss["_written"]):
    filters, ss["_notices"] = query.parse(params, data.domain)
    ss.update(app_data.widget_values(filters, data.domain))
else:
    for k in app_data.PAGE_KEYS:  # keep the state of widgets that live on one page only
        if k in ss:
            ss[k] = ss[k]
ss.update(ss.pop("_pending", {}))  # filter changes asked for by a click in a chart


def reset() -> None:
    ss.update(app_data.widget_values(query.Filters(), data.domain))


opts = data.options
with st.sidebar:
    count = st.empty()
    for notice in ss.get("_notices", []):
        st.html(f"<div style='font-size:13px;color:#8A6100'>⚠ {html.escape(notice)}</div>")
    if not params and "_written" not in ss:  # a first run without parameters: maybe a link too long to read
        st.html(query.DROPPED_LINK_HTML, unsafe_allow_javascript=True)
    st.text_input("Search", key="q", placeholder="words in summaries and sentences", max_chars=query.MAX_QUERY)
    if data.domain.first:
        st.date_input("Dates", key="dates", min_value=data.domain.first, max_value=data.domain.last,
                      format="YYYY-MM-DD")
    st.multiselect("Actors", opts["actors"], key="actors", placeholder="all actors")
    st.multiselect("Side / affiliation", opts["sides"], key="sides", placeholder="all sides")
    st.multiselect("Event types", opts["types"], key="types", placeholder="all types")
    st.multiselect("Sources / outlets", opts["outlets"], key="outlets", placeholder="all outlets")
    st.number_input("Minimum corroborating sources", min_value=1, max_value=max(1, int(data.events["sources"].max())),
                    step=1, key="min_sources")
    st.toggle("Include undated events", key="undated")
    st.toggle("Include photo captions", key="captions", help="Events seen only in photo captions")
    st.button("Reset filters", on_click=reset, icon=":material/filter_alt_off:")
    share_slot = st.container()  # link and exports, filled once the page has run
    curation_ui.sidebar(folder)
    st.html(f"<div style='font-size:12px;color:#8B9099'>Corpus: {html.escape(str(folder))} · "
            f"{len(data.documents)} documents{' · cached' if data.from_cache else ''}</div>")

filters = app_data.filters_from(dict(ss), data.domain)
ss["_view"] = view = app_data.make_view(data, filters)
count.markdown(f"### {view.count}" if view.keep.all() else f"### {int(view.keep.sum()):,} "
               f"<span style='font-size:0.6em;color:#6B6F76'>of {len(data.events):,} events</span>",
               unsafe_allow_html=True)

pg.run()

# The view (with whatever the page changed) back into the address bar.
out = query.serialize(app_data.filters_from(dict(ss), data.domain))
if query.normalized(out) != query.normalized(params):
    st.query_params.from_dict(out)
ss["_written"] = query.normalized(out)
exports_ui.share_panel(share_slot, data, app_data.filters_from(dict(ss), data.domain), str(folder))
