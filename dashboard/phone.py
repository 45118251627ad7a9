"""The layout on narrow screens (phones, about 400 px wide): the page uses the whole width and the chart
toolbar gets a row of its own above the chart, clear of the chart's range buttons. Only CSS: wide screens are
left as they are."""
from __future__ import annotations

import streamlit as st

NARROW = 640  # px: below this width streamlit folds the sidebar away and stacks columns
TOOLBAR = 30  # px: the row above each chart that holds its toolbar

STYLE = f"""<style>
@media (max-width: {NARROW}px) {{
  [data-testid="stMainBlockContainer"] {{padding-left: 0.5rem; padding-right: 0.5rem; padding-top: 3rem;}}
  [data-testid="stPlotlyChart"] {{padding-top: {TOOLBAR}px;}}
  [data-testid="stPlotlyChart"] .modebar-container {{top: -{TOOLBAR}px !important;}}
  [data-testid="stPlotlyChart"] .svg-container {{overflow: visible !important;}}
}}
</style>"""


def style() -> None:
    """The narrow-screen rules, once per run."""
    st.html(STYLE)
