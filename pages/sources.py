"""Sources: the documents, where their metadata came from, problems, and the cleaned text with its spans."""
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import curation, navigation
from dashboard.access import shown_path, shown_paths
from timeline.views import highlight, tables
from timeline.views.view import View, full_document

view: View = navigation.page_view()
data = view.data
ss = st.session_state

folder = Path(data.folder)
st.title("Sources")
if data.problems:
    with st.expander(f"{len(data.problems)} problem(s) while reading the articles", expanded=True,
                     icon=":material/warning:"):
        problems = pd.DataFrame(data.problems, columns=["file", "problem"])
        problems["file"] = shown_paths(problems["file"], folder)
        st.dataframe(problems, hide_index=True)
curation.orphans()
curation.undated_prompt(view, folder)
curation.add_articles(folder)
docs = tables.documents_table(data.documents)
docs["file"] = shown_paths(docs["file"], folder)  # visitors see paths inside the data folder only
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
    facts = tables.document_facts(row)
    facts.loc[facts[""] == "file", "value"] = shown_path(row["path"], folder)
    st.dataframe(facts, hide_index=True, placeholder="",
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
