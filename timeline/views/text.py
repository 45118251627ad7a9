"""Text that shows literally: escaping for HTML (``st.html``, the report, TimelineJS, plotly's labels) and for
markdown (Streamlit's labels and captions). The one place either is done."""
from __future__ import annotations

import html
import re

import pandas as pd

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def html_text(value) -> str:
    """``value`` as HTML text: ``& < > " '`` escaped; None and missing values (NaN, NA, NaT) as ""."""
    if type(value) is str:
        return html.escape(value)
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def markdown_text(value) -> str:
    """``value`` as text that shows literally where Streamlit renders markdown (labels, captions)."""
    return _MARKDOWN.sub(r"\\\1", str(value))


def plot_text(value) -> str:
    """``value`` as text of a plotly label or hover box: HTML-escaped with the double quote as ``&#34;``
    (plotly decodes numeric character references but shows ``&quot;`` as it is)."""
    return html_text(value).replace("&quot;", "&#34;")
