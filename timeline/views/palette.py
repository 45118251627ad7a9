"""Colours and marker symbols of the charts, chosen to be told apart.

Event types are grouped by what happens (speech, contact, deals, force, state measures); each group has a hue of
the Okabe-Ito colour-blind-safe set, and types within a group differ by marker symbol (and bar pattern). Sides get
distinct hues in order of how many of the corpus's actors belong to them: the first ``SIDE_HUES`` are coloured,
the others share a grey "other sides". ``delta_e`` (CIE76 in L*a*b*) measures how far apart two colours look.
"""
from __future__ import annotations

import zlib

from .query import NO_SIDE

# Okabe & Ito (2008), with a darker grey for "other"
BLUE, GREEN, ORANGE, VERMILLION, PURPLE, SKY = "#0072B2", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9"
GREY = "#8C8C8C"

TYPE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "speech": (BLUE, ("statement", "interview", "report")),
    "contact": (GREEN, ("meeting", "call", "talks", "visit")),
    "deals": (ORANGE, ("proposal", "agreement")),
    "force": (VERMILLION, ("attack",)),
    "state measures": (PURPLE, ("decree", "sanction", "election")),
    "other": (GREY, ("other",)),
}
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "star", "hexagon", "pentagon",
           "cross", "x")
PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")   # bar fill patterns, in the order of SYMBOLS

_GROUP_OF = {t: g for g, (_, types) in TYPE_GROUPS.items() for t in types}
_RANK = {t: i for _, (_, types) in TYPE_GROUPS.items() for i, t in enumerate(types)}
TYPE_ORDER = tuple(_GROUP_OF)   # legend order: group by group

# hues for sides, most distinct first; greys for the rest
SIDE_HUES = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, "#882255")
OTHER_SIDES = "other sides"
OTHER_SIDE_COLOR = "#5F5F5F"
NO_SIDE_COLOR = "#B3B3B3"


def _stable(key: str, n: int) -> int:
    return zlib.crc32(key.encode("utf-8")) % n


def type_group(event_type: str) -> str:
    """The group of an event type; types outside the vocabulary belong to "other"."""
    return _GROUP_OF.get(str(event_type), "other")


def type_style(event_type: str) -> tuple[str, str, str]:
    """(colour, marker symbol, bar pattern) of an event type."""
    t = str(event_type)
    group = type_group(t)
    color = TYPE_GROUPS[group][0]
    if t in _RANK:
        i = _RANK[t]
    else:   # a type outside the vocabulary: a symbol the "other" group does not use yet, the same on every run
        i = 1 + _stable(t, len(SYMBOLS) - 1)
    return color, SYMBOLS[i % len(SYMBOLS)], PATTERNS[i % len(PATTERNS)]


def type_sort_key(event_type: str) -> tuple[int, int, str]:
    """Legend and stacking order: by group, then by rank within the group, then by name."""
    t = str(event_type)
    groups = list(TYPE_GROUPS)
    return groups.index(type_group(t)), _RANK.get(t, 99), t


def side_legend(sides: dict[str, str], hues: int = len(SIDE_HUES)) -> dict[str, str]:
    """Side -> the legend entry it is drawn as: itself for the ``hues`` sides with most actors (ties by name),
    ``OTHER_SIDES`` for the rest; ``NO_SIDE`` stays itself."""
    counts: dict[str, int] = {}
    for side in sides.values():
        if side and side != NO_SIDE:
            counts[side] = counts.get(side, 0) + 1
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    out = {s: (s if i < hues else OTHER_SIDES) for i, s in enumerate(ranked)}
    out[NO_SIDE] = NO_SIDE
    return out


def side_colors(sides: dict[str, str], hues: int = len(SIDE_HUES)) -> dict[str, str]:
    """Legend entry -> colour for the sides of ``sides`` (actor -> side): distinct hues by rank, greys for
    "other sides" and for actors without a side."""
    legend = side_legend(sides, hues)
    shown = [s for s in dict.fromkeys(legend.values()) if s not in (OTHER_SIDES, NO_SIDE)]
    out = {s: SIDE_HUES[i] for i, s in enumerate(shown)}
    out[OTHER_SIDES] = OTHER_SIDE_COLOR
    out[NO_SIDE] = NO_SIDE_COLOR
    return out


def side_of(actor: str, sides: dict[str, str], legend: dict[str, str]) -> str:
    """The legend entry of an actor's side (sides the legend does not know are "other sides")."""
    side = sides.get(actor, NO_SIDE) or NO_SIDE
    return legend.get(side, OTHER_SIDES if side != NO_SIDE else NO_SIDE)


# ------------------------------------------------------------------ colour distance

def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(hex_color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour written as #RRGGBB."""
    h = hex_color.lstrip("#")
    r, g, b = (_linear(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(c1: str, c2: str) -> float:
    """CIE76 colour difference: about 2.3 is just noticeable; above 20, colours read as different."""
    return sum((a - b) ** 2 for a, b in zip(lab(c1), lab(c2))) ** 0.5
