"""The layout on narrow screens (phones, about 400 px wide): the page uses the whole width, the chart toolbar
gets a row of its own above the chart, clear of the chart's range buttons, and on a phone the timeline's legend
goes under the chart. Wide screens are left as they are."""
from __future__ import annotations

import streamlit as st

NARROW = 640  # px: below this width streamlit folds the sidebar away and stacks columns
TOOLBAR = 30  # px: the row above each chart that holds its toolbar

STYLE = f"""<style>
@media (max-width: {NARROW}px) {{
  [data-testid="stMainBlockContainer"] {{padding-left: 0.5rem; padding-right: 0.5rem; padding-top: 4.5rem;}}  /* below the header bar */
  [data-testid="stPlotlyChart"] {{padding-top: {TOOLBAR}px;}}
  [data-testid="stPlotlyChart"] .modebar-container {{top: -{TOOLBAR}px !important;}}
  [data-testid="stPlotlyChart"] .svg-container {{overflow: visible !important;}}
}}
</style>"""


def style() -> None:
    """The narrow-screen rules, once per run."""
    st.html(STYLE)


def is_phone() -> bool:
    """Whether the browser says it is a phone: its user agent names a mobile device ("Mobi")."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def fit(fig):
    """On a phone, a legend beside the chart goes under it (about three entries a row), where it takes no width
    from the time axis."""
    if is_phone() and fig.layout.legend.orientation != "h":
        entries = len({t.legendgroup or t.name for t in fig.data if t.showlegend is not False and t.name})
        fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom", yref="container"),
                          margin=dict(b=20 + 24 * -(-entries // 3)))
    return fig
