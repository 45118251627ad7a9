"""Sources: the documents, where their metadata came from, problems, and the cleaned text with its spans."""
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import curation
from timeline.views import highlight, tables
from timeline.views.view import View, full_document

view: View = st.session_state["_view"]
data = view.data
ss = st.session_state

st.title("Sources")
if data.problems:
    with st.expander(f"{len(data.problems)} problem(s) while reading the articles", expanded=True,
                     icon=":material/warning:"):
        st.dataframe(pd.DataFrame(data.problems, columns=["file", "problem"]), hide_index=True)
folder = Path(data.folder)
curation.orphans()
curation.undated_prompt(view, folder)
curation.add_articles(folder)
docs = tables.documents_table(data.documents)
docs = docs.iloc[docs["published"].notna().argsort(kind="stable")].reset_index(drop=True)  # undated first
st.dataframe(docs.drop(columns=["doc"]), hide_index=True,
             column_config={"published": st.column_config.DateColumn("published", format="YYYY-MM-DD"),
                            "title": st.column_config.TextColumn("title", width="large")})

titles = dict(zip(docs["doc"], docs["title"]))
st.selectbox("Document", list(titles), key="doc", format_func=lambda d: f"{titles[d]}  ({d})",
             placeholder="Choose a document to read it with its extracted spans")
doc_id = ss.get("doc")
if doc_id:
    row = data.documents[data.documents["doc"] == doc_id].iloc[0]
    st.dataframe(tables.document_facts(row), hide_index=True, placeholder="",
                 column_config={"value": st.column_config.TextColumn("value", width="large")})
    curation.metadata_form(view, folder, row)
    doc = full_document(data, doc_id)
    if doc is None:
        st.warning("The text of this document is not in the cache any more: reload the page to rebuild it.")
    else:
        st.html(highlight.legend())
        with st.container(height=640, border=True):
            st.html(highlight.document_html(data, doc, focus=[view.filters.event] if view.filters.event else []))
curation.history_panel(folder)
