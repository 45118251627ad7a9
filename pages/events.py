"""Events: a sortable table of the filtered events; choosing one shows every mention, highlighted."""
from pathlib import Path

import streamlit as st

from dashboard import curation, navigation
from timeline.views import highlight, query, tables
from timeline.views.text import markdown_text
from timeline.views.view import View, docs_of

view: View = navigation.page_view()
ss = st.session_state

st.title("Events")
table = tables.event_table(view.events, limit=tables.TABLE_LIMIT)
ids = table["event_id"].tolist()
chosen = ss.get("event") or ""
default = {"selection": {"rows": [ids.index(chosen)]}} if chosen in ids else None
shown = f"the newest {len(ids):,} of {len(view.events):,} events (narrow the filters to see the rest); " \
    if len(ids) < len(view.events) else ""
st.caption(f"Showing {shown or 'all events; '}click a column header to sort, tick a row to see its evidence.")
picked = st.dataframe(
    table, key=f"events_table_{abs(hash(tuple(ids))) % 10**8}",  # a new table (other filters) starts unselected
    on_select="rerun", selection_mode="single-row", selection_default=default, hide_index=True, placeholder="—",
    height=min(36 * (len(ids) + 1) + 3, 520),
    column_order=["date", "as written", "precision", "type", "subject", "summary", "actors", "sources", "mentions",
                  "confidence"],
    column_config={"date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
                   "summary": st.column_config.TextColumn("summary", width="large"),
                   "confidence": st.column_config.ProgressColumn("confidence", min_value=0, max_value=1,
                                                                 format="%.2f")})
rows = picked["selection"]["rows"] if picked else []
ss["event"] = ids[rows[0]] if rows else ""

if ss["event"]:
    st.subheader("Evidence")
    st.html(highlight.legend())
    st.html(highlight.evidence_html(view.data, ss["event"]))
    for doc in docs_of(view.data, ss["event"]):
        st.page_link("pages/sources.py", label=f"Open document {markdown_text(doc)} with its spans highlighted",
                     icon=":material/article:", query_params=view.link_params(doc=doc, event=ss["event"], view="source"))
    curation.event_panel(view, ss["event"])
elif not ids:
    st.info("No events match the filters.")
apart = query.undated_apart(view.filters, view.data.events, index=view.data.index)
if apart.any():
    with st.expander(f"{int(apart.sum()):,} undated event(s) outside the date range"):
        st.caption("They match the other filters; having no date, they are in no date range and counted apart.")
        st.dataframe(tables.event_table(view.data.events[apart], limit=tables.TABLE_LIMIT), hide_index=True,
                     key="undated_apart", column_order=["as written", "type", "subject", "summary", "actors",
                                                        "sources"])
curation.add_event_form(view)
curation.history_panel(Path(view.data.folder))
