"""The handler of each expression class (see ``absolute`` and ``relative``), and the reading of a piece of text
as one expression."""
from __future__ import annotations

from . import absolute, relative
from .patterns import CLASS_ORDER, CLASS_RE

HANDLERS = {**absolute.HANDLERS, **relative.HANDLERS}
# classes of explicit dates: a date they give becomes the reference of later anaphoric expressions
EXPLICIT = {"weekday_date", "month_day", "numeric_date", "month_year", "year", "decade", "century", "holiday",
            "quarter", "era"}


def interpret_text(s: str, ctx, span):
    """The first class (in class order) whose pattern matches all of s and whose handler reads it."""
    for name in CLASS_ORDER:
        m = CLASS_RE[name].fullmatch(s)
        if m:
            r = HANDLERS[name](m, ctx, span)
            if r:
                return r
    return None
