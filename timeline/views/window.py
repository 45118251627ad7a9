"""The default time window of a chart: where the events are, not where a few old or far-off mentions are.

Articles mention the past ("in 2014", a photo caption from years ago): taking the first and last date as the axis
squeezes the story into a sliver. ``default_window`` takes the dated events that are not photo captions, finds the
shortest stretch of time holding most of them (``CORE`` of them), then widens it to the events around it that are
close (``REACH``) or, together, nearly as dense as it (``DENSE``): a steady trickle of events stays in, a few old
mentions spread over the years stay out. What is left outside is counted as "earlier" and "later".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

CORE = 0.8        # share of the events the core stretch holds
REACH = 0.15      # events within this share of the core's width (or MIN_GAP) of it join it
DENSE = 0.1       # so do events that, counted from the core's edge, are at least this share of its density
MIN_GAP = pd.Timedelta(days=14)
FEW = 8           # with fewer dated events, the window is simply all of them


@dataclass(frozen=True)
class Window:
    lo: pd.Timestamp          # first day shown
    hi: pd.Timestamp          # last moment shown
    first: pd.Timestamp       # first and last date of all the dated events given
    last: pd.Timestamp
    earlier: int              # dated events starting before ``lo``
    later: int                # dated events starting after ``hi``
    before: pd.Timestamp | None = None   # the last of the earlier events, the first of the later ones
    after: pd.Timestamp | None = None

    @property
    def cut(self) -> bool:
        return self.lo > self.first or self.hi < self.last


def default_window(dates: pd.Series, ends: pd.Series | None = None, caption: pd.Series | None = None) -> Window | None:
    """The window of the events dated ``dates`` (ending ``ends``; ``caption`` True for photo captions, which never
    set it). None when nothing is dated."""
    start = pd.to_datetime(pd.Series(dates).reset_index(drop=True))
    end = pd.to_datetime(pd.Series(ends).reset_index(drop=True)) if ends is not None else start
    end = end.fillna(start)
    dated = start.notna().to_numpy()
    if not dated.any():
        return None
    first, last = start[dated].min(), max(end[dated].max(), start[dated].max())
    cap = pd.Series(caption).reset_index(drop=True).fillna(False).to_numpy(dtype=bool) if caption is not None \
        else np.zeros(len(start), dtype=bool)
    use = dated & ~cap
    if not use.any():   # only captions are dated: they are all there is
        use = dated
    s = start[use].to_numpy(dtype="datetime64[s]").astype(np.int64)
    e = end[use].to_numpy(dtype="datetime64[s]").astype(np.int64)
    order = np.argsort(s, kind="stable")
    s, e = s[order], np.maximum(e[order], s[order])
    n = len(s)
    if n < FEW:
        i, j = 0, n - 1
    else:
        k = max(1, math.ceil(CORE * n))
        widths = s[k - 1:] - s[: n - k + 1]
        i = int(np.argmin(widths))     # the first shortest stretch
        j = i + k - 1
        i, j = _widen(s, i, j)
    lo = pd.Timestamp(int(s[i]), unit="s")
    top = pd.Timestamp(int(s[j]), unit="s")
    # a long event (a year-long mention) that starts inside stretches the window by a month at most
    hi = max(top, min(pd.Timestamp(int(e[i:j + 1].max()), unit="s"), top + pd.Timedelta(days=31)))
    all_start = start[dated]
    early, late = all_start[all_start < lo], all_start[all_start > hi]
    return Window(lo=lo, hi=hi, first=first, last=last, earlier=len(early), later=len(late),
                  before=early.max() if len(early) else None, after=late.min() if len(late) else None)


def _widen(s: np.ndarray, i: int, j: int) -> tuple[int, int]:
    """The core ``s[i..j]`` (sorted seconds) widened on each side to the farthest event such that the events
    between it and the core are at least ``DENSE`` times as dense as the core, or lie within ``REACH`` of the
    core's width (at least ``MIN_GAP``) of it."""
    width = max(float(s[j] - s[i]), 86_400.0)
    density = (j - i + 1) / width
    reach = max(MIN_GAP.total_seconds(), REACH * width)
    day = 86_400.0
    left = np.arange(i)                      # candidates before the core
    if len(left):
        span = np.maximum(s[i] - s[left], day)
        ok = ((i - left) / span >= DENSE * density) | (s[i] - s[left] <= reach)
        i = int(left[ok].min()) if ok.any() else i
    right = np.arange(j + 1, len(s))
    if len(right):
        span = np.maximum(s[right] - s[j], day)
        ok = ((right - j) / span >= DENSE * density) | (s[right] - s[j] <= reach)
        j = int(right[ok].max()) if ok.any() else j
    return i, j


def axis_range(w: Window, pad_share: float = 0.03) -> list[pd.Timestamp]:
    """The x-axis range of a window, with a little room on both sides."""
    pad = max(pd.Timedelta(days=3), (w.hi - w.lo) * pad_share)
    return [w.lo - pad, w.hi + pad]


def full_range(w: Window, pad_share: float = 0.03) -> list[pd.Timestamp]:
    """The x-axis range of every dated event."""
    pad = max(pd.Timedelta(days=3), (w.last - w.first) * pad_share)
    return [w.first - pad, w.last + pad]


def fixed(lo, hi, dates: pd.Series, ends: pd.Series | None = None) -> Window | None:
    """A window set by a date filter (either end may be None: that end follows the events)."""
    auto = default_window(dates, ends)
    if auto is None:
        return None
    lo = pd.Timestamp(lo) if lo is not None else auto.first
    hi = pd.Timestamp(hi) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1) if hi is not None else auto.last
    return Window(lo=lo, hi=hi, first=auto.first, last=auto.last, earlier=0, later=0)
