"""Handlers of the classes of relative expressions and durations ("three days ago", "last week", "today",
"Thursday", "in March", "every month", "the past two years"...): one function per class, (match, context,
span) -> a result (see ``context.result``) or None when the match is no expression."""
from __future__ import annotations

import datetime as dt
import re

from . import handlers
from .calendar import (PRECISION_RANK, UNIT_PRECISION, add_days, add_months, at_precision, day_value,
                       part_of_day_value, quarter_value, shift, shifted_value, week_value, weekend_value, year_value)
from .context import looks_verbal, resolve_month, resolve_weekday, result, unanchored
from .quantities import duration_value, edge_mod, mod_of, parse_number, unit_code
from .vocabulary import MONTHS, PARTS_OF_DAY, SEASONS, WEEKDAYS

# what precedes "a year" when it is a rate ("$2 million a year", "700 seats a week", "interviews a day")
_RATE_BEFORE = re.compile(r"(?:[\d%]|\b(?:million|billion|trillion|thousand|hundred|dozen|percent|cent)"
                          r"|[a-z]{3,}(?<!s)(?<!ou)s)\s+$")
_GENERIC_TODAY = re.compile(r"['\u2019]s\s+(?:world|youth|society|generation|young|children|kids|teenagers|standards)\b")


def _units_ago(m, ctx, span):
    g = m.groupdict()
    n = parse_number(g["num"])
    unit = unit_code(g["unit"])
    d_ = g["dir"].lower()
    back = d_ in ("ago", "earlier", "before", "previously", "back")
    mod = mod_of(g["qmod"])
    if unit in ("H", "MIN", "S"):
        return result("DURATION", (duration_value(n, unit), None, None, None), mod)
    q = ctx.quarter_ref(span[0]) if back and unit == "Y" and n == 1 else None
    if q is not None:
        # results compared with "a year ago": the same quarter of the year before
        return result("DATE", at_precision(add_months(q, -12), "quarter"), mod, True)
    if d_ in ("ago", "from now", "hence", "back"):
        base, prec = ctx.anchor, UNIT_PRECISION[unit]
    else:
        if ctx.ref is not None:
            base, prec = ctx.ref
            if PRECISION_RANK.get(prec, 0) > PRECISION_RANK.get(UNIT_PRECISION[unit], 0):
                prec = UNIT_PRECISION[unit]
        else:
            base, prec = ctx.anchor, UNIT_PRECISION[unit]
    if base is None:
        return unanchored("PAST_REF" if back else "FUTURE_REF", mod=mod)
    if n is None:
        return result("DATE", ("PAST_REF" if back else "FUTURE_REF", None, None, None), mod, True)
    if unit == "WE":
        prec = "week"
    return result("DATE", shifted_value(base, unit, -n if back else n, prec), mod, True)




def _duration(m, ctx, span):
    g = m.groupdict()
    mod = mod_of(g.get("qmod"))
    if g["vague"]:
        return result("DURATION", ("PXX", None, None, None))
    if g["ahead"]:
        return result("DURATION", (duration_value(None, unit_code(g["ahead"].split()[1])), None, None, None))
    if g["along"]:
        w = g["along"].lower()
        n = None if w.endswith("s") else 1
        return result("DURATION", (duration_value(n, unit_code(w)), None, None, None))
    if g["fyear"]:
        return result("DURATION", ("P1Y", None, None, None))
    if g["theyears"]:
        return result("DURATION", (duration_value(None, unit_code(g["theyears"].split()[-1])), None, None, None))
    if g["bare"] or g["bare2"]:
        u = unit_code(g["bare"] or g["bare2"])
        return result("DURATION", (duration_value(None, u), None, None, None))
    if g["punit"]:
        pdet = g["pdet"].lower()
        words = g["punit"].lower().split()
        u = unit_code(words[-1])
        if "recent" in pdet and len(words) == 1 and u in ("D", "W", "M", "Y", "DE"):
            return result("DURATION", (duration_value(None, u), None, None, None), None, True)
        if ("coming" in pdet or "next" in pdet) and len(words) == 1 and u in ("Q",):
            return result("DATE", ("FUTURE_REF", None, None, None), None, True)
        return result("DURATION", (duration_value(None, u), None, None, None))
    if g["sunit"]:
        u = unit_code(g["sunit"])
        if u in ("Y", "DE"):
            return _last_period(ctx, u)
        return result("DURATION", (duration_value(1, u), None, None, None))
    num = g["num"]
    nl = num.lower().strip()
    if nl in ("some", "many") and not g["adj"]:
        return None
    n = parse_number(num)
    if n is not None and g["uhalf"]:
        n += 0.5
    u = unit_code(g["unit"])
    if g["old"]:
        return None
    if n is not None and n >= 1000 and not g["unit"].lower().endswith("s") and not g["long"] \
            and m.string[m.start("unit") - 1] != "-":
        return None  # "the 1988 second quarter": a singular unit after a number is no duration
    if u == "S" and nl in ("a", "one") and re.match(r"\s+(?!ago|later|earlier|before|after|or|and|of|longer|more)[a-z]",
                                                    m.string[m.end("unit"):m.end("unit") + 12]):
        return None  # "a second term", "for a second day": an ordinal
    if nl in ("a", "an") and (g["long"] or g["unit"].lower().endswith("s")):
        return None  # "a day-long meeting": the article belongs to the noun
    if nl in ("a", "an") and not (g["det"] or g["adj"] or mod) and _RATE_BEFORE.search(
            m.string, max(0, m.start() - 25), m.start()):
        return result("SET", (duration_value(1, u), None, None, None))  # "$5 million a year": a rate
    if u == "Q" and not num[0].isdigit() and m.string[m.start("unit") - 1] == "-":
        return None  # "three-quarters" is a fraction
    if num[0].isdigit() and n is not None and n > 10000 and u not in ("S", "MIN"):
        return None
    if nl in ("few", "a few", "several", "many", "some", "a couple", "a couple of", "couple of") and mod is None:
        mod = "APPROX" if "couple" in nl else None
    return result("DURATION", (duration_value(n, u), None, None, None), mod)


def _last_period(ctx, unit: str):
    """ "the past year", "the last decade": named like "last year", the calendar period before the anchor's."""
    if ctx.anchor is None:
        return unanchored("XXXX" if unit == "Y" else "XXX")
    return result("DATE", shifted_value(ctx.anchor, unit, -1, UNIT_PRECISION[unit]), None, True)


def _this_next_last(m, ctx, span):
    g = m.groupdict()
    det = " ".join(g["det"].lower().split())
    what = " ".join(g["what"].lower().split())
    mod = edge_mod(g["edge"])
    pod = g["pod"].lower() if g["pod"] else None
    wl = what.rstrip(".")
    if wl in MONTHS and g["what"][0].isupper():
        return resolve_month(ctx, span, MONTHS[wl], mod, det.replace("the ", ""))
    if wl in WEEKDAYS:
        d = resolve_weekday(ctx, span, WEEKDAYS[wl], det.replace("the ", "").replace("this past", "last")
                             .replace("this coming", "next"))
        if d is None:
            return unanchored(f"XXXX-WXX-{WEEKDAYS[wl] + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""),
                               "TIME" if pod else "DATE", mod)
        if pod:
            return result("TIME", part_of_day_value(d, pod), mod, True)
        return result("DATE", day_value(d), mod, True)
    # unit words
    anaph = det.startswith("the") or det in ("that", "same")
    step = 0
    if det in ("last", "the previous", "the prior", "the preceding", "the last", "the most recent", "this past"):
        step = -1
    elif det in ("next", "the next", "the following", "the coming", "this coming"):
        step = 1
    if det == "the last" and what in ("year", "decade"):
        return _last_period(ctx, unit_code(what))
    if det == "the last" and what in ("week", "month", "day"):
        return result("DURATION", (duration_value(1, unit_code(what)), None, None, None))
    if det == "the latest":
        step = 0 if what != "quarter" else -1
    if det in ("the current", "current", "this"):
        anaph = False
    if what in ("morning", "afternoon", "evening", "night"):
        if det == "last" and what in ("night", "evening"):
            base = ctx.anchor
            if base is None:
                return unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[what], "TIME", mod)
            return result("TIME", part_of_day_value(add_days(base, -1), what), mod, True)
        base = ctx.base() if anaph else ctx.anchor
        if base is None:
            return unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[what], "TIME", mod)
        return result("TIME", part_of_day_value(add_days(base, step), what), mod, True)
    unit = {"fiscal year": "Y"}.get(what) or unit_code(what)
    if anaph and det != "the latest":
        base = ctx.base() if unit == "D" else (ctx.ref[0] if ctx.ref else ctx.anchor)
    else:
        base = ctx.anchor
    prec = UNIT_PRECISION[unit]
    if base is None:
        ph = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
              "Y": "XXXX", "DE": "XXX", "CE": "XX"}.get(unit, "XXXX")
        return unanchored(ph, mod=mod)
    if det == "the latest" and unit == "Q" and ctx.anchor is not None:
        base = ctx.anchor
    if unit == "WE":
        return result("DATE", weekend_value(shift(base, unit, step)), mod, True)
    if pod and unit == "D":
        return result("TIME", part_of_day_value(shift(base, unit, step), pod), mod, True)
    return result("DATE", shifted_value(base, unit, step, prec), mod, True)


_REFERENCES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "presently": "PRESENT_REF",
    "the present": "PRESENT_REF", "these days": "PRESENT_REF", "right now": "PRESENT_REF",
    "just now": "PAST_REF", "this time": "PRESENT_REF", "the moment": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
    "the past": "PAST_REF", "the recent past": "PAST_REF", "the other day": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the immediate future": "FUTURE_REF",
    "current": "PRESENT_REF", "recent": "PAST_REF", "future": "FUTURE_REF", "upcoming": "FUTURE_REF",
    "then-current": "PAST_REF", "former": "PAST_REF",
}
_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0,
            "the day before yesterday": -2, "the day after tomorrow": 2}


def _deictic_word(m, ctx, span):
    g = m.groupdict()
    w = " ".join(g["dw"].lower().split())
    mod = edge_mod(g["edge"])
    pod = g["pod"].lower() if g["pod"] else None
    if w.startswith(("more ", "most ")):
        w = "recently"
    if w in _REFERENCES:
        if g["edge"] or pod:
            return None
        if ctx.anchor is None:
            return unanchored(_REFERENCES[w])
        return result("DATE", (_REFERENCES[w], None, None, None), None, True)
    if w == "then":
        return None
    if w == "the weekend":
        a = ctx.anchor
        if a is None:
            return unanchored("XXXX-WXX-WE", mod=mod)
        if ctx.tense(*span) == "future" or a.weekday() >= 5:
            d = a
        else:
            d = add_days(a, -7)
        return result("DATE", weekend_value(d), mod, True)
    if w == "the day":
        # "the day before the vote": TimeML marks "the day", "before" is a signal
        w += " " + ctx.text[span[1]:span[1] + 8].split()[0].lower()
    if w in ("the day before", "the day after"):
        base = ctx.base()
        if base is None:
            return unanchored("XXXX-XX-XX", mod=mod)
        return result("DATE", day_value(add_days(base, -1 if w.endswith("before") else 1)), mod, True)
    if w.startswith("the ") and w.split()[-1] in PARTS_OF_DAY:
        parts = w.split()
        base = ctx.base()
        if base is None:
            return unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[parts[-1]], "TIME", mod)
        off = {"next": 1, "following": 1, "previous": -1, "same": 0}[parts[1]]
        return result("TIME", part_of_day_value(add_days(base, off), parts[-1]), mod, True)
    if w == "today" and _GENERIC_TODAY.match(ctx.text, span[1]):
        return None  # "today's world", "today's youth": the present age, no date
    off = _DAY_OFFSETS[w]
    a = ctx.anchor
    if w == "tonight":
        pod = "night"
    if w == "overnight":
        pod = "night"
    if a is None:
        return unanchored("XXXX-XX-XX" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""), "TIME" if pod else "DATE", mod)
    d = add_days(a, off)
    if w == "overnight":
        return result("TIME", part_of_day_value(d, "night"), mod, True)
    if pod:
        return result("TIME", part_of_day_value(d, pod), mod, True)
    return result("DATE", day_value(d), mod, True)


def _weekday(m, ctx, span):
    g = m.groupdict()
    wd = WEEKDAYS[g["wd"].lower()]
    pod = g["pod"].lower() if g["pod"] else None
    mod = edge_mod(g["edge"])
    if g["plural"] or g["pplural"]:
        v = f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else "")
        return result("SET", (v, None, None, None))
    d = resolve_weekday(ctx, span, wd)
    if d is None:
        return unanchored(f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else ""),
                           "TIME" if pod else "DATE", mod)
    if pod:
        return result("TIME", part_of_day_value(d, pod), mod, True)
    return result("DATE", day_value(d), mod, True)


def _month(m, ctx, span):
    g = m.groupdict()
    raw = g["mon"]
    key = raw.rstrip(".").lower()
    if raw not in ("May", "March", "June", "July", "April", "August") and len(key) <= 4 and not raw.endswith(".") \
            and key not in ("june", "july"):
        return None
    if len(key) <= 4 and raw.endswith(".") and not g["edge"]:
        # abbreviations alone are rare; keep them only after a preposition
        if not re.search(r"(?i)\b(?:in|since|until|by|of|from|through)\s+$", ctx.text[max(0, span[0] - 10):span[0]]):
            return None
    if raw in ("May", "March") and looks_verbal(ctx.text, span):
        return None
    if raw == "May" and not g["edge"]:
        prev = ctx.text[max(0, span[0] - 12):span[0]]
        nxt = ctx.text[span[1]:span[1] + 12]
        if not re.search(r"(?i)\b(?:in|since|until|by|of|from|through|during|early|late|mid|last|next|this|and|or"
                         r"|before|after|to|between)\s+$", prev) and not re.match(r"\s*(?:[,.;)]|and\b|to\b)", nxt):
            return None
    return resolve_month(ctx, span, MONTHS[key], edge_mod(g["edge"]))


def _recurrence(m, ctx, span):
    g = m.groupdict()
    if g["adv"]:
        a = g["adv"].lower()
        v = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
             "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
             "biannually": "P6M", "bimonthly": "P2M"}[a]
        return result("SET", (v, None, None, None))
    if g["freq"]:
        u = unit_code(g["fu"])
        return result("SET", (duration_value(1, u), None, None, None))
    u = g["u"]
    ul = u.rstrip(".").lower()
    if ul in WEEKDAYS:
        return result("SET", (f"XXXX-WXX-{WEEKDAYS[ul] + 1}", None, None, None))
    if ul in MONTHS and u[0].isupper():
        return result("SET", (f"XXXX-{MONTHS[ul]:02d}", None, None, None))
    if ul in PARTS_OF_DAY:
        return result("SET", (f"XXXX-XX-XXT{PARTS_OF_DAY[ul]}", None, None, None))
    if ul in SEASONS:
        return result("SET", (f"XXXX-{SEASONS[ul]}", None, None, None))
    n = parse_number(g["num"]) if g["num"] else 1
    if g["other"]:
        n = (n or 1) * 2
    return result("SET", (duration_value(n, unit_code(u)), None, None, None))


def _year_ago(m, ctx, span):
    g = m.groupdict()
    if g["yend"]:
        mod = "APPROX" if g["yamod"] else None
        if ctx.anchor is None:
            return unanchored("XXXX-12-31", mod=mod)
        y = ctx.ref[0].year if ctx.ref and ctx.ref[1] == "year" else ctx.anchor.year
        return result("DATE", day_value(dt.date(y, 12, 31)), mod, True)
    if g["cp"] and ctx.quarter_ref(span[0]) is None:
        # "the same period last year" with no quarter named: the year before
        return result("DATE", year_value(ctx.anchor.year - 1), None, True) if ctx.anchor else unanchored("XXXX")
    yu = (g["yu"] or "").lower()
    if yu.endswith("months"):
        return result("DURATION", (duration_value(int(parse_number(yu.split()[0]) or 0), "M"), None, None, None))
    q = ctx.quarter_ref(span[0])
    if q is not None:
        return result("DATE", at_precision(add_months(q, -12), "quarter"), None, True)
    if ctx.ref is not None:
        base, prec = ctx.ref
    elif ctx.anchor is not None:
        base, prec = ctx.anchor, "year"
    else:
        return unanchored("XXXX")
    yu = (g["yu"] or "").lower()
    if "quarter" in yu and prec not in ("quarter",):
        prec = "quarter"
    if prec == "day":
        prec = "year"
    return result("DATE", at_precision(add_months(base, -12), prec), None, True)


def _edge_of_unit(m, ctx, span):
    """ "the end of the year", "later in the day": a part of the current period."""
    g = m.groupdict()
    edge = g["eedge"].lower()
    mod = None if edge.startswith(("earlier", "later")) else edge_mod(edge)
    unit = unit_code(g["eu"])
    if unit == "D" and "end" in edge and re.search(r"(?i)\bat\s+(?:the\s+)?$", ctx.text[max(0, span[0] - 8):span[0]]):
        return None  # "at the end of the day" is an idiom
    base = ctx.base() if unit == "D" else ctx.anchor
    if base is None:
        ph = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}[unit]
        return unanchored(ph, mod=mod)
    return result("DATE", at_precision(base, UNIT_PRECISION[unit]), mod, True)


def _the_year(m, ctx, span):
    """ "for the year", "the fiscal year", "the week": the period of the anchor (or of the date under discussion)."""
    if re.match(r"(?i)the\s+(?:whole|entire)", m.group("ty")):
        return result("DURATION", (duration_value(1, unit_code(m.group("tyu"))), None, None, None))
    if m.group("tyu").lower() == "week":
        base = ctx.base()
        if base is None:
            return unanchored("XXXX-WXX")
        return result("DATE", week_value(base), None, True)
    if ctx.anchor is None:
        return unanchored("XXXX")
    return result("DATE", year_value(ctx.anchor.year), None, True)


def _part_of_day(m, ctx, span):
    g = m.groupdict()
    if g["ph"]:
        h = int(g["ph"]) if g["ph"].isdigit() else int(parse_number(g["ph"]) or 0)
        if not 1 <= h <= 12:
            return None
        part = g["pin"].lower()
        if "morning" in part:
            h = h % 12
        elif "afternoon" in part or "evening" in part or (part.endswith("night") and h >= 6):
            h = h % 12 + 12
        elif part.endswith("night") and h == 12:
            h = 0
        day = ctx.base()
        if day is None:
            return unanchored(f"XXXX-XX-XXT{h:02d}:00", "TIME")
        return result("TIME", (f"{day.isoformat()}T{h:02d}:00", "time", day, day), None, True)
    pod = g["pa"].lower()
    mod = edge_mod(g["pe1"] or g["pe2"])
    day = None
    if g["pday"]:
        w = g["pday"].lower()
        if w in _DAY_OFFSETS:
            day = add_days(ctx.anchor, _DAY_OFFSETS[w]) if ctx.anchor else None
        else:
            day = resolve_weekday(ctx, span, WEEKDAYS[w])
    else:
        day = ctx.base()
    if day is None:
        return unanchored("XXXX-XX-XXT" + PARTS_OF_DAY[pod], "TIME", mod)
    return result("TIME", part_of_day_value(day, pod), mod, True)


def _nth_day(m, ctx, span):
    if ctx.anchor is None:
        return unanchored("XXXX-XX-XX")
    return result("DATE", day_value(ctx.anchor), None, True)


def _week_of(m, ctx, span):
    """ "the week of March 6": the (ISO) week holding that day."""
    r = handlers.interpret_text(m.group("wod"), ctx, span)
    if r is None or r[1][1] != "day":
        return None
    if r[1][2] is None:
        return unanchored("XXXX-WXX")
    d = r[1][2]
    if m.group("wo").lower().endswith("weekend"):
        return result("DATE", weekend_value(d), None, r[3])
    return result("DATE", week_value(d), None, r[3])

def current_quarter(ctx):
    """ "the quarter", "the latest period": the quarter under discussion, else the last full one."""
    if ctx.ref is not None and ctx.ref[1] == "quarter":
        return result("DATE", quarter_value(ctx.ref[0].year, (ctx.ref[0].month - 1) // 3 + 1), None, True)
    if ctx.anchor is None:
        return unanchored("XXXX-QX")
    d = add_months(ctx.anchor, -3)
    return result("DATE", quarter_value(d.year, (d.month - 1) // 3 + 1), None, True)


def _current_adjective(m, ctx, span):
    w = m.group("adjw").lower()
    nxt = ctx.text[span[1]:span[1] + 20].lower()
    if w == "former" or (w == "current" and re.match(r"\s+(?:account|affairs|events|assets|liabilit|flow|density"
                                                      r"|source|spending|of)", nxt)):
        return None
    if w in ("upcoming",):
        return None
    if ctx.anchor is None:
        return unanchored(_REFERENCES[w])
    return result("DATE", (_REFERENCES[w], None, None, None), None, True)


def _the_quarter(m, ctx, span):
    return current_quarter(ctx)


HANDLERS = {
    "units_ago": _units_ago, "duration": _duration, "this_next_last": _this_next_last, "deictic_word": _deictic_word,
    "weekday": _weekday, "month": _month, "recurrence": _recurrence, "year_ago": _year_ago,
    "edge_of_unit": _edge_of_unit, "the_year": _the_year, "part_of_day": _part_of_day, "nth_day": _nth_day,
    "week_of": _week_of, "the_quarter": _the_quarter, "current_adjective": _current_adjective,
}
