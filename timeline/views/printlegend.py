"""How much legend a printed chart has room for.

A horizontal legend grows one row at a time under the title, and the plot area shrinks by as much. When the
entries would take more than their share of the picture, they are set in a smaller font; when even that is too
tall, the legend keeps its first entries (the charts list the most frequent first) and says how many are left
out, so the plot keeps its room.
"""
from __future__ import annotations

import plotly.graph_objects as go

SWATCH = 40        # plotly's legend symbol and the gap before the text, in pixels
ROW_EM = 1.3       # height of a line of legend text, in ems of its font
CHAR_EM = 0.5      # average character width, in ems
SHARE = 0.28       # at most this part of the picture's height goes to the legend
SMALLEST = 8       # the legend's font is not made smaller than this


def entries(fig: go.Figure) -> list[str]:
    """The legend's entries in order: one per legend group (or per name for traces in no group)."""
    seen: dict[str, None] = {}
    for t in fig.data:
        if t.showlegend is False or not t.name:
            continue
        if t.showlegend is None and len(fig.data) == 1:
            continue     # plotly draws no legend for a single trace unless asked
        seen.setdefault(t.legendgroup or t.name, None)
    return list(seen)


def _width(name: str, size: float) -> float:
    return SWATCH + len(name) * size * CHAR_EM + 8


def rows(names: list[str], width: float, size: float) -> int:
    """The rows plotly needs for ``names`` in ``width`` pixels at font ``size``: one when they all fit side by
    side, else a grid whose columns are as wide as the widest entry."""
    if not names:
        return 0
    widths = [_width(n, size) for n in names]
    if sum(widths) <= width:
        return 1
    cols = max(1, int(width // max(widths)))
    return -(-len(names) // cols)


def height(names: list[str], width: float, size: float) -> float:
    """The legend's height: a row is a line of text, at least as tall as the symbols (16 px), and a gap."""
    return rows(names, width, size) * (max(size * ROW_EM, 16) + 3) + (4 if names else 0)


def fit(fig: go.Figure, width: float, picture_height: float, size: int) -> tuple[int, list[str], int]:
    """The legend's font size, the entries it keeps, and how many it leaves out, for a legend ``width`` pixels
    wide in a picture ``picture_height`` pixels high (``size``: the usual font)."""
    names = entries(fig)
    budget = SHARE * picture_height
    if height(names, width, size) <= budget:
        return size, names, 0
    small = max(SMALLEST, size - 3)
    if height(names, width, small) <= budget:
        return small, names, 0
    kept = list(names)
    while len(kept) > 1 and height(kept, width, small) > budget:
        kept.pop()
    return small, kept, len(names) - len(kept)


def keep_only(fig: go.Figure, kept: list[str]) -> None:
    """Legend entries outside ``kept`` are taken out of the legend (their traces are still drawn)."""
    keep = set(kept)
    for t in fig.data:
        if (t.legendgroup or t.name) not in keep:
            t.showlegend = False
