"""Timeline dashboard: `streamlit run app.py`. Shared sidebar filters, kept in the URL; one file per page."""
import streamlit as st

from dashboard import curation, exports, filters, navigation, session

# The tab icon is an emoji: streamlit draws it in the page, where a material icon would be fetched from Google.
st.set_page_config(page_title="Timeline", page_icon="📅", layout="wide")

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
filters.view(data, count)

page.run()

shown = filters.write_url(data, params)
exports.share_panel(share_slot, data, shown, str(folder))
