"""Calendar arithmetic and the TIMEX3 values of periods, every date range-checked.

Dates exist from 0001-01-01 to 9999-12-31. Every date computed here is range-checked: a result beyond the
calendar raises OffCalendar (date arithmetic) or is given a value without dates (value builders), so that
"125,000 years ago" or "the 3rd century BC" never becomes a dated event.

A value is a tuple (TIMEX3 value, precision, first day, last day); precision and days are None for values
that name no calendar period (PAST_REF, BC0300, durations).
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from .vocabulary import HOLIDAYS, PARTS_OF_DAY, WEEKDAYS

Value = tuple  # (value, precision, start_date, end_date)

_FIRST_DAY, _LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()
_DAYS_PER_400_YEARS = 146097


class OffCalendar(Exception):
    """A date computed beyond the calendar; ``year`` is its astronomical year (0 = 1 BC, -1 = 2 BC...)."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def in_calendar(y: int) -> bool:
    return dt.MINYEAR <= y <= dt.MAXYEAR


def _year_of_ordinal(o: int) -> int:
    """Year of a day number (1 = 0001-01-01), also past either end of the calendar (then approximate)."""
    if _FIRST_DAY <= o <= _LAST_DAY:
        return dt.date.fromordinal(o).year
    return 1 + (o - 1) * 400 // _DAYS_PER_400_YEARS


def beyond_value(year: int, prec: str | None = "year") -> Value:
    """Value of a period beyond the calendar, with no dates: TimeML's BC form for a year BC 1..9999 (BC0300;
    decades BC030, centuries BC03), else PAST_REF or FUTURE_REF."""
    if year <= 0 and 1 - year <= 9999:
        bc = 1 - year
        if prec == "century":
            return (f"BC{bc // 100:02d}", None, None, None)
        if prec == "decade":
            return (f"BC{bc // 10:03d}", None, None, None)
        return (f"BC{bc:04d}", None, None, None)
    return ("PAST_REF" if year <= 0 else "FUTURE_REF", None, None, None)


def add_days(d: dt.date, n: int) -> dt.date:
    o = d.toordinal() + n
    if not _FIRST_DAY <= o <= _LAST_DAY:
        raise OffCalendar(_year_of_ordinal(o))
    return dt.date.fromordinal(o)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def day_value(d: dt.date) -> Value:
    return (d.isoformat(), "day", d, d)


def month_value(y: int, m: int) -> Value:
    if not in_calendar(y):
        return beyond_value(y)
    return (f"{y:04d}-{m:02d}", "month", dt.date(y, m, 1), _month_end(y, m))


def year_value(y: int) -> Value:
    if not in_calendar(y):
        return beyond_value(y)
    return (f"{y:04d}", "year", dt.date(y, 1, 1), dt.date(y, 12, 31))


def _week_days(d: dt.date, first: int, last: int) -> tuple[dt.date, dt.date] | None:
    """Days ``first``..``last`` (0 = Monday) of the week of d, cut at the ends of the calendar; None when
    none of them is in it."""
    mon = d.toordinal() - d.weekday()
    a, b = max(mon + first, _FIRST_DAY), min(mon + last, _LAST_DAY)
    return (dt.date.fromordinal(a), dt.date.fromordinal(b)) if a <= b else None


def week_value(d: dt.date) -> Value:
    iy, iw, _ = d.isocalendar()
    mon, sun = _week_days(d, 0, 6)
    return (f"{iy:04d}-W{iw:02d}", "week", mon, sun)


def weekend_value(d: dt.date) -> Value:
    iy, iw, _ = d.isocalendar()
    days = _week_days(d, 5, 6)
    if days is None:
        return beyond_value(iy + 1)
    return (f"{iy:04d}-W{iw:02d}-WE", "week", days[0], days[1])


def quarter_value(y: int, q: int) -> Value:
    if not in_calendar(y):
        return beyond_value(y)
    return (f"{y:04d}-Q{q}", "quarter", dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))


def half_value(y: int, h: int) -> Value:
    if not in_calendar(y):
        return beyond_value(y)
    return (f"{y:04d}-H{h}", "half", dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h))


_SEASON_SPAN = {"SP": ((3, 20), (6, 20)), "SU": ((6, 21), (9, 22)), "FA": ((9, 23), (12, 20)),
                "WI": ((12, 21), (3, 19))}


def season_value(y: int, s: str) -> Value:
    if not in_calendar(y):
        return beyond_value(y)
    (m1, d1), (m2, d2) = _SEASON_SPAN[s]
    end_y = y + (s == "WI")  # winter ends in the next year
    end = dt.date(end_y, m2, d2) if in_calendar(end_y) else dt.date.max
    return (f"{y:04d}-{s}", "season", dt.date(y, m1, d1), end)


def decade_value(dec: int) -> Value:  # dec = year // 10
    if not (in_calendar(dec * 10 + 9) or in_calendar(dec * 10)):
        return beyond_value(dec * 10, "decade")
    return (f"{dec:03d}", "decade", dt.date(max(dec * 10, 1), 1, 1), dt.date(dec * 10 + 9, 12, 31))


def century_value(c: int) -> Value:  # c = year // 100
    if not (in_calendar(c * 100 + 99) or in_calendar(c * 100)):
        return beyond_value(c * 100, "century")
    return (f"{c:02d}", "century", dt.date(max(c * 100, 1), 1, 1), dt.date(c * 100 + 99, 12, 31))


def part_of_day_value(d: dt.date, pod: str) -> Value:
    return (f"{d.isoformat()}T{PARTS_OF_DAY[pod]}", "time", d, d)


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    if not in_calendar(y):
        raise OffCalendar(y)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


_UNIT_DAYS = {"D": 1, "W": 7, "WE": 7, "FN": 14}
_UNIT_MONTHS = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200, "ML": 12000}


def shift(d: dt.date, unit: str, n: float) -> dt.date:
    """d moved by n units (rounded to whole units); raises OffCalendar past either end of the calendar."""
    if isinstance(n, float) and not math.isfinite(n):
        raise OffCalendar(0 if n < 0 else dt.MAXYEAR + 1)
    n = int(round(n))
    if unit in _UNIT_DAYS:
        return add_days(d, _UNIT_DAYS[unit] * n)
    if unit in _UNIT_MONTHS:
        return add_months(d, _UNIT_MONTHS[unit] * n)
    return d


def shifted_value(d: dt.date, unit: str, n: float, prec: str) -> Value:
    """The value at precision ``prec`` of d moved by n units, beyond the calendar said as such."""
    try:
        return at_precision(shift(d, unit, n), prec)
    except OffCalendar as off:
        return beyond_value(off.year, prec)


def at_precision(d: dt.date, prec: str) -> Value:
    if prec == "day":
        return day_value(d)
    if prec == "week":
        return week_value(d)
    if prec == "month":
        return month_value(d.year, d.month)
    if prec == "quarter":
        return quarter_value(d.year, (d.month - 1) // 3 + 1)
    if prec == "half":
        return half_value(d.year, 1 if d.month <= 6 else 2)
    if prec == "decade":
        return decade_value(d.year // 10)
    if prec == "century":
        return century_value(d.year // 100)
    return year_value(d.year)



UNIT_PRECISION = {"D": "day", "W": "week", "WE": "week", "FN": "week", "M": "month", "Q": "quarter", "Y": "year",
                  "DE": "decade", "CE": "century", "ML": "century", "H": "time", "MIN": "time", "S": "time"}
PRECISION_RANK = {"day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5, "year": 6,
                  "decade": 7, "century": 8}


def _easter(y: int) -> dt.date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


def _nth_weekday(y: int, m: int, wd: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(y, m, 1)
        return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    last = _month_end(y, m)
    return last - dt.timedelta(days=(last.weekday() - wd) % 7)


_HOLIDAY_RULE = re.compile(r"(?P<md>\d\d-\d\d)|easter(?P<off>[+-]\d+)?"
                           r"|(?P<m>\d+)/(?P<wd>[a-z]+)/(?P<n>-?\d)(?P<plus>\+\d+)?")


def _holiday(name: str):
    """The row of the holidays table whose written form ``name`` is."""
    return next(h for h in HOLIDAYS if h.written.fullmatch(name))


def holiday_date(name: str, y: int) -> dt.date:
    """The day of a holiday (as written) in year y; raises OffCalendar for a year beyond the calendar."""
    if not in_calendar(y):
        raise OffCalendar(y)
    rule = _HOLIDAY_RULE.fullmatch(_holiday(name).date)
    if rule["md"]:
        return dt.date(y, *map(int, rule["md"].split("-")))
    if rule["m"]:
        d = _nth_weekday(y, int(rule["m"]), WEEKDAYS[rule["wd"]], int(rule["n"]))
        return d + dt.timedelta(days=int(rule["plus"] or 0))
    return _easter(y) + dt.timedelta(days=int(rule["off"] or 0))


def holiday_month_day(name: str) -> str | None:
    """Fixed month-day of a holiday for placeholders, None when it moves."""
    rule = _HOLIDAY_RULE.fullmatch(_holiday(name).date)
    return rule["md"]
