"""Handlers of the classes of explicit dates and times (clock times, month-day-year, years, decades,
centuries, eras, quarters, seasons, holidays): one function per class, (match, context, span) -> a result
(see ``context.result``) or None when the match is no expression."""
from __future__ import annotations

import re

from .calendar import (add_days, beyond_value, century_value, day_value, decade_value, half_value, holiday_date,
                       holiday_month_day, month_value, part_of_day_value, quarter_value, safe_date, season_value,
                       year_value)
from . import handlers
from .context import looks_verbal, pick_side, resolve_month_day, resolve_weekday, result, unanchored
from .relative import current_quarter
from .quantities import day_number, edge_mod, mod_of, parse_number, year_number
from .vocabulary import DECADE_WORDS, MONTHS, ORDINALS, PARTS_OF_DAY, SEASONS, WEEKDAYS

def _clock_time(m, ctx, span):
    g = m.groupdict()
    if g["noon"]:
        w = g["noon"].lower()
        hh, mi = (24, 0) if w == "midnight" else (12, 0)
    elif g["h"] is not None:
        hh, mi = int(g["h"]), int(g["mi"] or 0)
        ap = g["ampm"].lower()
        if hh == 0 or hh > 12:
            return None
        if ap.startswith("p") and hh != 12:
            hh += 12
        elif ap.startswith("a") and hh == 12:
            hh = 0
    elif g["h2"] is not None:
        hh, mi = int(g["h2"]), int(g["mi2"])
    elif g["h3"] is not None:
        hh, mi = int(g["h3"]), int(g["mi3"])
    else:
        h4 = g["h4"]
        hh = int(h4) if h4.isdigit() else int(parse_number(h4) or 0)
        if not 1 <= hh <= 12:
            return None
        mi = 0
    mod = mod_of(g["tmod"])
    if g["tmod"] and g["tmod"].lower() in ("early", "late"):
        mod = edge_mod(g["tmod"])
    day = None
    relative = True
    tday = g["tday"]
    if tday:
        if tday.lower() in ("today", "tonight", "yesterday", "tomorrow"):
            if ctx.anchor is not None:
                off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[tday.lower()]
                day = add_days(ctx.anchor, off)
        elif tday.rstrip(".") in (k.capitalize() for k in WEEKDAYS):
            day = resolve_weekday(ctx, span, WEEKDAYS[tday.lower()])
        else:
            r = handlers.interpret_text(tday, ctx, span)
            if r and r[1][1] == "day" and r[1][2] is not None:
                day = r[1][2]
                relative = r[3]
    else:
        day = ctx.base()
    hm = f"T{hh:02d}:{mi:02d}" if hh != 24 else "T24:00"
    if day is None:
        return unanchored(f"XXXX-XX-XX{hm}", "TIME", mod)
    value = f"{day.isoformat()}{hm}"
    return result("TIME", (value, "time", day, day), mod, relative)


def _part_of_day_of(m, ctx, span):
    g = m.groupdict()
    r = handlers.interpret_text(m.string[m.start("date"):m.end()], ctx, span)
    pod = g["pod"].lower()
    mod = edge_mod(g["edge"])
    if r is None or r[1][1] not in ("day", None):
        return None
    if r[1][2] is None:
        return unanchored(r[1][0] + "T" + PARTS_OF_DAY[pod], "TIME", mod)
    return result("TIME", part_of_day_value(r[1][2], pod), mod, r[3])


def _weekday_date(m, ctx, span):
    g = m.groupdict()
    mon = MONTHS[(g["mon"] or g["mon2"]).rstrip(".").lower()]
    day = day_number(g["day"] or g["day2"])
    wd = WEEKDAYS[g["wd"].lower()]
    if g["year"]:
        d = safe_date(year_number(g["year"]), mon, day)
        return result("DATE", day_value(d)) if d else None
    if ctx.anchor is not None:
        a = ctx.anchor
        cands = [c for c in (safe_date(a.year + k, mon, day) for k in (0, -1, 1)) if c and c.weekday() == wd]
        if cands:
            return result("DATE", day_value(cands[0]), None, True)
    return resolve_month_day(ctx, span, mon, day)


def _month_day(m, ctx, span):
    g = m.groupdict()
    mon = MONTHS[(g["mon"] or g["mon2"]).rstrip(".").lower()]
    day = day_number(g["day"] or g["day2"])
    y = g["year"] or g["year2"]
    mod = "APPROX" if g["amod"] else None
    if y:
        d = safe_date(year_number(y), mon, day)
        return result("DATE", day_value(d), mod) if d else None
    if g["mon"] and g["mon"] in ("May", "March") and looks_verbal(ctx.text, span):
        return None
    if not safe_date(2000, mon, day):
        return None
    return resolve_month_day(ctx, span, mon, day, mod)


def _numeric_date(m, ctx, span):
    g = m.groupdict()
    if g["iy"]:
        d = safe_date(int(g["iy"]), int(g["im"]), int(g["id"]))
        if d is None:
            return None
        if g["ih"]:
            return result("TIME", (f"{d.isoformat()}T{g['ih']}:{g['imi']}", "time", d, d))
        return result("DATE", day_value(d))
    y = int(g["uy"])
    if y < 100:
        y += 1900 if y >= 50 else 2000
    d = safe_date(y, int(g["um"]), int(g["ud"]))
    return result("DATE", day_value(d)) if d else None


def _month_year(m, ctx, span):
    g = m.groupdict()
    mon = MONTHS[g["mon"].rstrip(".").lower()]
    mod = edge_mod(g["edge"])
    rel = False
    if g["ydet"]:
        # "June last year", "March 3 this year": the year is relative to the anchor
        if ctx.anchor is None:
            v = f"XXXX-{mon:02d}" + (f"-{day_number(g['day']):02d}" if g["day"] else "")
            return unanchored(v, mod=mod)
        y = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[g["ydet"].lower()]
        rel = True
    else:
        if g["day"]:
            return None  # "May 5 2012" is a full date, handled elsewhere
        y = year_number(g["year"])
    if g["day"]:
        d = safe_date(y, mon, day_number(g["day"]))
        return result("DATE", day_value(d), mod, rel) if d else None
    return result("DATE", month_value(y, mon), mod, rel)


def _year(m, ctx, span):
    g = m.groupdict()
    y = year_number(g["year"])
    if not (g["fy"] or g["edge"]):
        t = ctx.text
        s, e = span
        if not _year_context_ok(t, s, e):
            return None
        if g["year"].lower().startswith("two") and not re.search(
                r"(?i)\b(?:in|by|since|until|till|of|before|after|from|through|around|year)\s+$", t[max(0, s - 12):s]):
            return None  # "two thousand" alone is a number
    mod = edge_mod(g["edge"])
    if g["prepost"]:
        mod = "BEFORE" if g["prepost"].lower() == "pre" else "AFTER"
    if g["ysuf"]:
        mod = "ON_OR_BEFORE" if re.search(r"(?i)earlier|before", g["ysuf"]) else "ON_OR_AFTER"
    return result("DATE", year_value(y), mod)


_YEAR_RANGE_END = re.compile(r"(?<![\d-])(?:1[89]|20)\d\d-$")
_YEAR_RANGE_START = re.compile(r"-(?:1[89]|20)\d\d(?![\d-])")
_NOT_YEAR_BEFORE = re.compile(
    r"(?i)\b(?:No|Nos|number|page|pages|route|rt|flight|room|suite|model|version|v|code|box|item|article"
    r"|resolution|section|chapter|rule|paragraph|bill|H\.R|(?<!['\u2019])S|Form|about|nearly|some|than|over|under|almost"
    r"|approximately|only|just|of\s+the)\.?\s*$")


_UNITISH_AFTER = re.compile(
    r"\s*(?:people|persons|soldiers|troops|workers|employees|shares|miles|kilometers|km|feet|foot|meters|metres"
    r"|tons|tonnes|dollars|yen|pounds|euros|points|votes|cases|deaths|men|women|children|units|copies|cars"
    r"|jobs|residents|members|students|barrels|acres|homes|houses|patients|refugees|police|officers|rounds"
    r"|times|pages|words|delegates|seats|percent|per\s+cent|passengers|sq|square|metric|signatures|guests)\b",
    re.I)


def _year_context_ok(t: str, s: int, e: int) -> bool:
    # "2009-2013": a range of two years, each one a date
    range_before = s >= 5 and t[s - 1] == "-" and _YEAR_RANGE_END.search(t, max(0, s - 6), s)
    range_after = t[e:e + 1] == "-" and _YEAR_RANGE_START.match(t, e)
    if s > 0 and t[s - 1] in "$£€#-/:" and not range_before:
        return False
    nxt = t[e:e + 3]
    if (nxt[:1] in ("-", "/", ":") and not range_after) or nxt[:2] in (" %",):
        return False
    if _UNITISH_AFTER.match(t, e):
        return False
    before = t[max(0, s - 25):s]
    if _NOT_YEAR_BEFORE.search(before):
        return False
    return True


def _decade(m, ctx, span):
    g = m.groupdict()
    if g["dec3"]:  # before 1800 or after 2099 only as "the 1600s", "the early 1650s"
        if not re.match(r"(?i)the\b", m.group()):
            return None
        if g["dec3"].endswith("00") and not g["edge"]:
            return result("DATE", century_value(int(g["dec3"]) // 100))
        return result("DATE", decade_value(int(g["dec3"]) // 10), edge_mod(g["edge"]))
    if g["dec"] and g["dec"].endswith("00") and g["the"] and not g["edge"] and g["dec"] != "2000":
        return result("DATE", century_value(int(g["dec"]) // 100))  # "the 1800s": the century
    if g["dec"]:
        dec = int(g["dec"]) // 10
    elif g["dec2"]:
        dec = 190 + int(g["dec2"]) // 10
    else:
        dec = 190 + DECADE_WORDS[g["decw"].lower()]
    return result("DATE", decade_value(dec), edge_mod(g["edge"]))


def _century(m, ctx, span):
    g = m.groupdict()
    o = g["ord"].lower()
    n = int(re.match(r"\d+", o).group()) if o[0].isdigit() else ORDINALS.get(o.replace("-", " "), 0)
    if n < 1:
        return None
    if g["cbc"]:  # "the 3rd century BC": BC02, like the 3rd century AD is 02
        value = beyond_value(-100 * (n - 1), "century") if n <= 100 else beyond_value(-10000)
        return result("DATE", value, edge_mod(g["edge"]))
    return result("DATE", century_value(n - 1), edge_mod(g["edge"]))


def _era(m, ctx, span):
    g = m.groupdict()
    n = year_number((g["ady"] or g["ey"]).replace(",", ""))
    if g["bc"]:
        return result("DATE", beyond_value(1 - n))  # 1 BC is the year before AD 1
    return result("DATE", year_value(n))


def _quarter(m, ctx, span):
    g = m.groupdict()
    if g["qq"]:
        q = int(g["qq"][1])
        qy = g["qqy"]
        if qy:
            y = int(qy[1:]) + 2000 if qy.startswith("'") else int(qy)
            if qy.startswith("'") and y > 2060:
                y -= 100
            return result("DATE", quarter_value(y, q))
        return _relative_quarter(ctx, span, q, "quarter", None)
    o = g["qo"].lower()
    n = int(o[0]) if o[0].isdigit() else ORDINALS[o]
    kind = g["qh"].lower()
    if kind == "half" and n > 2:
        return None
    qy = g["qy"]
    if qy:
        ql = qy.lower()
        if ql[-4:].isdigit():
            y = int(ql[-4:])
            return result("DATE", quarter_value(y, n) if kind == "quarter" else half_value(y, n))
        if ctx.anchor is None:
            return unanchored(f"XXXX-{'Q' if kind == 'quarter' else 'H'}{n}")
        y = ctx.anchor.year + (-1 if "last" in ql else 1 if "next" in ql else 0)
        if ql.startswith("the"):
            y = ctx.ref[0].year if ctx.ref else ctx.anchor.year
        return result("DATE", quarter_value(y, n) if kind == "quarter" else half_value(y, n), None, True)
    return _relative_quarter(ctx, span, n, kind, g["qdet"])


def _relative_quarter(ctx, span, n, kind, det):
    tag_ = "Q" if kind == "quarter" else "H"
    if ctx.anchor is None:
        return unanchored(f"XXXX-{tag_}{n}")
    a = ctx.anchor
    cur = (a.month - 1) // 3 + 1 if tag_ == "Q" else (1 if a.month <= 6 else 2)
    det = (det or "").lower()
    y = a.year
    if ctx.ref is not None and ctx.ref[1] == "year" and ctx.ref[0].year < a.year:
        y = ctx.ref[0].year
    elif det == "last":
        y = a.year if n < cur else a.year - 1
    elif det == "next":
        y = a.year if n > cur else a.year + 1
    elif det == "this" or n == cur:
        y = a.year
    else:
        py = a.year if n < cur else a.year - 1
        ny = a.year if n > cur else a.year + 1
        per = 4 if tag_ == "Q" else 2
        y = pick_side(ctx, span, py, ny, (a.year - py) * per + cur - n, (ny - a.year) * per + n - cur, per)
    return result("DATE", quarter_value(y, n) if tag_ == "Q" else half_value(y, n), None, True)


def _period_of_year(m, ctx, span):
    g = m.groupdict()
    if g["lp"]:
        return current_quarter(ctx)
    if g["lh"]:
        if g["lhd"]:
            d = re.search(r"(\d+)0s", g["lhd"]).group(1)
            dec = int(d) if len(d) == 3 else 190 + int(d)
            return result("DATE", decade_value(dec), "END" if "first" not in g["lh"].lower() else "START")
        h = 1 if g["lh"].lower().split()[1] in ("first",) else 2
        return result("DATE", half_value(int(g["lhy"]), h))
    if g["yqy"]:
        y, rel = int(g["yqy"]), False
    else:
        if ctx.anchor is None:
            return unanchored("XXXX")
        y, rel = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[g["yqr"].lower()], True
    unit = g["yqu"].lower()
    if g["yqo"]:
        o = g["yqo"].lower()
        n = int(o[0]) if o[0].isdigit() else ORDINALS[o]
        if unit == "half":
            return result("DATE", half_value(y, n), None, rel) if n <= 2 else None
        return result("DATE", quarter_value(y, n), None, rel)
    if unit == "half":
        return None
    q = ctx.quarter_ref(span[0])
    if q is not None:
        # "the 1988 period" after a quarter was named: that quarter in the year given
        return result("DATE", quarter_value(y, (q.month - 1) // 3 + 1), None, rel)
    return result("DATE", year_value(y), None, rel)


def _season(m, ctx, span):
    g = m.groupdict()
    s = SEASONS[(g["season"] or g["season2"]).lower()]
    yy = g["sy"] or g["sy2"]
    mod = edge_mod(g["edge"])
    if yy:
        return result("DATE", season_value(year_number(yy), s), mod)
    if ctx.anchor is None:
        return unanchored(f"XXXX-{s}", mod=mod)
    a = ctx.anchor
    det = (g["sdet"] or "").lower()
    # season containing the anchor (winter counted in the year it starts)
    cur_y = a.year
    if (a.month, a.day) < (3, 20):
        cur_s, cur_y = "WI", a.year - 1
    elif (a.month, a.day) < (6, 21):
        cur_s = "SP"
    elif (a.month, a.day) < (9, 23):
        cur_s = "SU"
    elif (a.month, a.day) < (12, 21):
        cur_s = "FA"
    else:
        cur_s = "WI"
    idx = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
    ci, si = idx[cur_s], idx[s]
    if "last" in det or "past" in det or "previous" in det:
        y = cur_y if si < ci else cur_y - 1
    elif "next" in det or "coming" in det or "following" in det:
        y = cur_y if si > ci else cur_y + 1
    elif det.startswith("this") or si == ci:
        y = cur_y
    else:
        py = cur_y if si < ci else cur_y - 1
        ny = cur_y if si > ci else cur_y + 1
        y = pick_side(ctx, span, py, ny, (cur_y - py) * 4 + ci - si, (ny - cur_y) * 4 + si - ci, 4)
    return result("DATE", season_value(y, s), mod, True)


def _holiday(m, ctx, span):
    g = m.groupdict()
    name = g["hol"]
    if g["hy"]:
        return result("DATE", day_value(holiday_date(name, int(g["hy"]))))
    if ctx.anchor is None:
        md = holiday_month_day(name)
        return unanchored(f"XXXX-{md}" if md else "XXXX-XX-XX")
    a = ctx.anchor
    det = (g["hdet"] or "").lower()
    this = holiday_date(name, a.year)
    if det == "last":
        d = this if this < a else holiday_date(name, a.year - 1)
    elif det == "next":
        d = this if this > a else holiday_date(name, a.year + 1)
    elif det == "this" or this == a:
        d = this
    else:
        prev = this if this < a else holiday_date(name, a.year - 1)
        nxt = this if this > a else holiday_date(name, a.year + 1)
        d = pick_side(ctx, span, prev, nxt, (a - prev).days, (nxt - a).days)
    return result("DATE", day_value(d), None, True)


HANDLERS = {
    "clock_time": _clock_time, "part_of_day_of": _part_of_day_of, "weekday_date": _weekday_date,
    "month_day": _month_day, "numeric_date": _numeric_date, "month_year": _month_year, "year": _year,
    "decade": _decade, "century": _century, "era": _era, "quarter": _quarter, "period_of_year": _period_of_year,
    "season": _season, "holiday": _holiday,
}
