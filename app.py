"""Timeline dashboard: `streamlit run app.py`. Shared sidebar filters, kept in the URL; one file per page."""
import traceback

import streamlit as st
from streamlit.logger import get_logger

from dashboard import access, chips, curation, exports, filters, navigation, phone, session, uploads

# The tab icon is an emoji: streamlit draws it in the page, where a material icon would be fetched from Google.
st.set_page_config(page_title="Timeline", page_icon="📅", layout="wide")
uploads.guard()
uploads.allow(access.can_edit())  # the server keeps uploaded files only for sessions that may edit

folder = session.data_folder()
data = session.curated_data(folder)  # with the analysts' edits applied
session.database_notice(folder)      # a damaged edit database: where it was set aside
page = navigation.navigation()
if data.empty:
    navigation.no_articles(folder, data)
    curation.add_articles(folder)
    st.stop()

params = filters.read_url(data)
with st.sidebar:
    count = filters.filter_widgets(data, params)
    share_slot = st.container()  # link and exports, filled once the page has run
    curation.edit_controls(folder)
    navigation.corpus_line(folder, data)
view = filters.view(data, count)
phone.style()
chips.show(view)  # the count and the active filters above the page: in sight where the sidebar is folded

try:
    navigation.run(page)
except Exception as exc:  # (st.stop and st.rerun are not Exceptions: they pass)
    # Visitors get one line; the details go to the server log, and on the page only to editors.
    get_logger("timeline.app").error("page %s failed:\n%s", page.title, traceback.format_exc())
    st.error("Something went wrong on this page. Change the filters or reload; the error is in the server log.")
    if access.can_edit():
        st.exception(exc)

shown = filters.write_url(data, params)
exports.share_panel(share_slot, data, shown, access.shown_path(folder, folder))
