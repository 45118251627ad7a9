"""Finding the candidates of a text, running the class handlers on them, ``tag`` and ``normalize``."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import starts
from .calendar import OffCalendar, beyond_value, safe_date
from .context import AnchorContext, result
from .handlers import EXPLICIT, HANDLERS
from .patterns import AFTER_START, CLASS_RE, START_AT_0


@dataclass(frozen=True, slots=True)
class Timex:
    """One time expression: its extent in the text, TIMEX3 type, value and mod, precision and the first and last
    day it covers (None when it names no calendar period)."""
    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    mod: str | None = None
    relative: bool = False
    anchored: bool = True



_TRIM_TAIL = re.compile(r"[\s,]+$")
# An expression whose reading fails is dropped rather than failing the whole text; tests turn this off so
# that such a failure shows.
_DROP_UNREADABLE = True


def _candidates(text: str, pos: int = 0):
    """Yield (start, [(end, class, match) longest first]) for every candidate start."""
    search = AFTER_START.search
    table = starts.MATCHER_TABLE
    leads, coarse, find = starts.LEADS, starts.COARSE, starts.matchers
    while True:
        if pos == 0 and START_AT_0.match(text):
            s = 0
        else:
            m = search(text, pos - 1 if pos else 0)
            if m is None:
                return
            s = m.start() + 1
        key = text[s:s + 2].lower()
        matchers = table.get(("", key)) or find("", key)
        if key in leads:
            for lead in leads[key]:
                n = len(lead)
                if text[s:s + n].lower() == lead:
                    after = text[s + n:s + n + 2].lower().translate(coarse)
                    matchers = table.get((lead, after)) or find(lead, after)
                    break
        opts = []
        for name, match in matchers:
            cm = match(text, s)
            if cm is not None and cm.end() > s:
                opts.append((cm.end(), name, cm))
        if not opts:
            pos = s + 1
            continue
        if len(opts) > 1:
            opts.sort(key=lambda o: -o[0])
        nxt = yield s, opts
        pos = nxt if nxt is not None else s + 1


def _run(text: str, ctx: AnchorContext) -> list[Timex]:
    out: list[Timex] = []
    gen = _candidates(text)
    send = None
    while True:
        try:
            s, opts = gen.send(send) if send is not None else next(gen)
        except StopIteration:
            break
        send = None
        for e, name, cm in opts:
            st = s
            # trim trailing whitespace/commas a class may have swallowed
            tm = _TRIM_TAIL.search(text, st, e)
            if tm:
                e = tm.start()
                cm = CLASS_RE[name].fullmatch(text, st, e)
                if cm is None:
                    continue
            if name == "duration" and cm.group("det") and not cm.group("adj") and not cm.group("qmod"):
                # adjectival use ("a five-year plan"): the determiner belongs to the noun
                unit = cm.group("unit")
                if unit and not unit.lower().endswith("s") and cm.group("num").lower() not in ("a", "an") \
                        and not cm.group("pnoun"):
                    cm2 = CLASS_RE[name].fullmatch(text, cm.start("num"), e)
                    if cm2 is not None:
                        st, cm = cm.start("num"), cm2
            if name == "quarter" and cm.group("qdet") and cm.group("qh") and text[cm.start("qh") - 1] == "-":
                # adjectival "the third-quarter results": the determiner belongs to the noun
                st2 = cm.start("fis0") if cm.group("fis0") else cm.start("qo")
                cm2 = CLASS_RE[name].fullmatch(text, st2, e)
                if cm2 is not None:
                    st, cm = st2, cm2
            try:
                r = HANDLERS[name](cm, ctx, (st, e))
            except KeyError:  # a word matched only by case folding ("\u017fummer"): no expression read
                r = None
            except OffCalendar as off:  # a date past either end of the calendar: said as such, never dated
                r = result("DATE", beyond_value(off.year), None, True)
            except Exception:  # last resort: an expression that cannot be read is left out, the text still tagged
                if not _DROP_UNREADABLE:
                    raise
                r = None
            if r is None:
                continue
            type_, (value, prec, sd, ed), mod, relative, anchored = r
            out.append(Timex(st, e, text[st:e], type_, value, prec, sd, ed, mod, relative, anchored))
            if type_ == "DATE" and sd is not None and prec is not None:
                if name in EXPLICIT or prec == "day":
                    ctx.ref = (sd, prec)
                if prec == "quarter" and (name in ("quarter", "the_quarter") or (
                        name == "period_of_year" and ctx.anchor is not None and sd.year == ctx.anchor.year)):
                    ctx.qref = (sd, st)
            if name in ("month_day", "weekday_date") and prec == "day" and sd is not None:
                e = _day_range(text, out, st, e, sd, relative, anchored)
            send = e
            break
        if send is None:
            send = s + 1
    return out


# "March 24 and 25", "March 5-7", "24-25 March": the other day of the range is a date of the same month
_DAY_AFTER = re.compile(r"\s*(?:-|\u2013|and|or|to|through)\s*((?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?\b"
                        r"(?=\s*(?:[,.;:)!?\"'\u201d]|$|--|\u2014|\s(?:in|at|on|and|or|when|as|to|for|with|before|after"
                        r"|the|of|from|respectively)\b))(?![.,]\d)")
_DAY_BEFORE = re.compile(r"(?<![\d.,$])((?:[12]\d|3[01]|0?[1-9]))(?:st|nd|rd|th)?\s*(?:-|\u2013|and|or|to)\s*$")


def _day_range(text: str, out: list, st: int, e: int, d: dt.date, relative: bool, anchored: bool) -> int:
    """Add the other end of a day range written around a date just tagged; return the end reached."""
    t0 = out[-1]
    m = _DAY_AFTER.match(text, e)
    if m and not t0.text[:1].isdigit():
        day = int(m.group(1))
        d2 = safe_date(d.year, d.month, day)
        if d2 is not None and d2 > d:
            a, b = m.start(1), m.end()
            out.append(Timex(a, b, text[a:b], "DATE", d2.isoformat(), "day", d2, d2, None, relative, anchored))
            return b
        return e
    if t0.text[:1].isdigit():
        m = _DAY_BEFORE.search(text, max(0, st - 12), st)
        if m:
            d2 = safe_date(d.year, d.month, int(m.group(1)))
            if d2 is not None and d2 < d and (not out[:-1] or out[-2].end <= m.start(1)):
                a, b = m.start(1), m.end(1)
                out.insert(len(out) - 1, Timex(a, b, text[a:b], "DATE", d2.isoformat(), "day", d2, d2, None,
                                               relative, anchored))
    return e


def tag(text: str, anchor: dt.date | dt.datetime | None = None) -> list[Timex]:
    """Find and normalize every time expression in text (any length: a sentence or a whole article), sorted by start."""
    if not text:
        return []
    return _run(text, AnchorContext(text, anchor))


def normalize(expression: str, anchor: dt.date | dt.datetime | None = None,
              tense: str | None = None) -> Timex | None:
    """Normalize one expression given alone (offsets relative to the expression). tense: "past" | "present" | "future" | None."""
    if not expression or not expression.strip():
        return None
    ctx = AnchorContext(expression, anchor, tense or "present")
    found = _run(expression, ctx)
    if not found:
        return None
    return max(found, key=lambda t: (t.end - t.start, -t.start))
