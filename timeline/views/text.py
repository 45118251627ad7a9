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


# A CSV cell a spreadsheet would read as a formula (OWASP's CSV injection advice): one that starts with = + - @,
# tab or carriage return, also after leading spaces. Numbers ("-3", "+1.5e3") and ISO dates are values, not
# formulas, and stay as they are.
_FORMULA_START = re.compile(r"^[\t\r]|^\s*[=+\-@]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|-?\d{4,}-\d\d-\d\d(?:T[\d:.]+)?")


def csv_cell(value):
    """``value`` safe for a spreadsheet: text that would start a formula gets a leading ``'``, so it shows as
    text; anything else (numbers, dates, missing values, ordinary text) is returned unchanged."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with every text cell passed through ``csv_cell`` (for CSV files only)."""
    table = table.copy()
    for c in table.columns:
        if table[c].dtype == object or pd.api.types.is_string_dtype(table[c].dtype):
            table[c] = [csv_cell(v) for v in table[c]]
    return table


def plot_text(value) -> str:
    """``value`` as text of a plotly label or hover box: HTML-escaped with the double quote as ``&#34;``
    (plotly decodes numeric character references but shows ``&quot;`` as it is)."""
    return html_text(value).replace("&quot;", "&#34;")
