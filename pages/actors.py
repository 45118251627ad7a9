"""Actors: events per actor, actor x period heatmap, co-occurrence network, who speaks about whom, and who is who
(where each actor is known from; the discovered ones added to data/actors.csv in one click)."""
import streamlit as st

from dashboard import charts, discovered, exports, navigation
from timeline.views import figures, query
from timeline.views.view import View

view: View = navigation.page_view()
ss = st.session_state
nonce = ss.setdefault("_actor_click", 0)


def filter_on_click(selection, current: tuple[str, ...]) -> None:
    """A click on an actor (bar or node) filters to that actor."""
    for actor in figures.selected_ids(selection):
        if actor in view.data.domain.actors and (actor,) != current:
            ss["_pending"] = {"actors": [actor]}
            ss["_actor_click"] = nonce + 1  # fresh charts: the click is not replayed
            st.rerun()


st.title("Actors")
st.caption("Click an actor's bar or node to filter every page to that actor.")
apart = int(query.undated_apart(view.filters, view.data.events, index=view.data.index).sum())
if apart:
    st.caption(f"{apart:,} undated event(s) match the other filters but lie in no date range: they are not counted "
               "here (the Events page lists them apart).")
left, right = st.columns([1, 1], gap="large")
with left:
    st.subheader("Events per actor")
    bars = st.plotly_chart(charts.figure("actors", view), key=f"actor_bars_{nonce}",
                           on_select="rerun", selection_mode="points", theme=None, config={"displaylogo": False})
    exports.chart_menu("actors", view)
with right:
    st.subheader("Who appears with whom")
    net = st.plotly_chart(charts.figure("network", view),
                          key=f"actor_network_{nonce}", on_select="rerun", selection_mode="points", theme=None,
                          config={"displaylogo": False})
    exports.chart_menu("network", view)
filter_on_click(bars, view.filters.actors)
filter_on_click(net, view.filters.actors)

st.subheader("Activity over time")
st.segmented_control("Period", ["auto", "week", "month"], key="period", required=True)
st.plotly_chart(charts.figure("heatmap", view), key="actor_heatmap",
                theme=None, config={"displaylogo": False})
exports.chart_menu("heatmap", view)

st.subheader("Who speaks about whom")
st.caption("Rows: the speaker of a statement, interview, report or proposal; columns: the other actors it names.")
st.plotly_chart(charts.figure("speakers", view), key="speakers", theme=None,
                config={"displaylogo": False})
exports.chart_menu("speakers", view)

discovered.panel(view)
