"""Text that shows literally: escaping for HTML (``st.html``, the report, TimelineJS, plotly's labels) and for
markdown (Streamlit's labels and captions). The one place either is done."""
from __future__ import annotations

import html
import re

import pandas as pd

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")
# Markdown turns bare addresses into links even when every mark is escaped (GFM autolinks: http://..., www.,
# name@host): an invisible WORD JOINER (U+2060) after the scheme or "www" and before "@" keeps them text.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www|mailto|xmpp)(?=\\[:.])|(?=@)")
WORD_JOINER = "\u2060"


def html_text(value) -> str:
    """``value`` as HTML text: ``& < > " '`` escaped; None and missing values (NaN, NA, NaT) as ""."""
    if type(value) is str:
        return html.escape(value)
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def markdown_text(value) -> str:
    """``value`` as text that shows literally where Streamlit renders markdown (labels, captions): every
    markdown mark escaped, and addresses kept from becoming links."""
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, _MARKDOWN.sub(r"\\\1", str(value)))
