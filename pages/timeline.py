"""Timeline: events on a time axis, one lane per actor or event type, or (key events mode) the key dates labelled with
their headlines and the Story list; selected events' evidence below."""
import streamlit as st

from dashboard import charts, curation, exports, navigation, phone, story
from timeline.views import figures, highlight
from timeline.views.text import markdown_text
from timeline.views.view import View, docs_of

view: View = navigation.page_view()
ss = st.session_state

st.title("Timeline")
mode_col, left, right = st.columns([1.3, 1, 1])
mode = story.mode_control(view, mode_col)
if mode == "key":
    story.key_dates(view)  # from the dashboard's cache: the chart and the Story list use them
else:
    left.segmented_control("Lanes", ["actor", "type"], key="lanes", required=True,
                           format_func={"actor": "per actor", "type": "per event type"}.get)
    right.segmented_control("Colour", ["type", "side"], key="color", required=True,
                            format_func={"type": "by event type", "side": "by side"}.get)

fig = phone.fit(charts.figure("timeline", view))  # the figure of `python -m timeline chart timeline`, cached per filter state
meta = fig.layout.meta or {}
notes = []
if meta.get("undated"):
    notes.append(f"{meta['undated']:,} undated event(s) are not on the axis (they are listed on the Events page).")
if meta.get("mode") == "webgl":
    notes.append(f"{meta['marks']:,} marks: drawn with WebGL.")
if meta.get("mode") == "aggregate":
    notes.append(f"{meta['marks']:,} marks: shown as counts per lane and period. Narrow the filters to see single "
                 "events.")
if meta.get("mode") == "key":
    notes.append(f"{meta['key_dates']} key dates (headlines on {meta['labels']}; hover the others), "
                 f"{meta['marks']:,} events as the faint strip"
                 + (f", {meta['outside']:,} of them far off the axis (pan to see them)" if meta["outside"] else "")
                 + ".")
if meta.get("mode") == "key":
    notes.append("Click or box-select (toolbar) points to see their evidence.")
elif meta.get("mode") != "empty":
    notes.append("Dots are dated to the day; bars are events dated to a week, month or longer. Click or box-select "
                 "(toolbar) events to see their evidence.")
st.caption(" ".join(notes))
event = st.plotly_chart(fig, key="timeline_chart", on_select="rerun", selection_mode=("points", "box", "lasso"),
                        theme=None, config={"displaylogo": False, "scrollZoom": True})
exports.chart_menu("timeline", view)

ids = figures.selected_ids(event)
if ids != ss.get("_timeline_ids", []):  # the selection changed in the chart: its first event goes into the URL
    ss["_timeline_ids"], ss["event"] = ids, ids[0] if ids else ""
elif not ids and ss.get("event") and (view.events["event_id"] == ss["event"]).any():  # a link naming an event
    ids = [ss["event"]]
if ids:
    st.subheader(f"Evidence for {len(ids)} selected event(s)")
    curation.merge_selected(view, ids)
    for n, event_id in enumerate(ids[:20]):
        st.html(highlight.evidence_html(view.data, event_id))
        for i, doc in enumerate(docs_of(view.data, event_id)):
            st.page_link("pages/sources.py", label=f"Open document {markdown_text(doc)}",
                         icon=":material/article:", query_params=view.link_params(doc=doc, event=event_id, view="source"))
        curation.selection_panel(view, event_id, n)
    if len(ids) > 20:
        st.caption(f"{len(ids) - 20} more selected events are not shown: select fewer.")
elif meta.get("mode") == "aggregate":
    st.caption("Selections show evidence once single events are drawn.")
if mode == "key":  # under the evidence, so that an evidence link's event shows right under the chart
    story.story_list(view)
