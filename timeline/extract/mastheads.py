"""Names of newspapers and programmes that hold a weekday ("the Sunday Times", "the Mail on Sunday", "Sunday
Sequence"): the weekday in them is no date.

A weekday followed by a word newspapers are named with, "Mail on Sunday" and "the Independent on Sunday", and
every outlet of ``data/outlets.csv`` (name or alias) with a weekday or month in it, written as listed.
"""
from __future__ import annotations

import re

_DAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# Words a newspaper or programme is named with after a weekday; not ones a sentence goes on with after a date
# ("on Sunday World leaders met", "on Sunday Business Secretary ... said").
_PAPER = ("Times", "Telegraph", "Express", "Mirror", "Herald", "Post", "Independent", "Tribune", "Mail", "Sequence",
          "Politics", "Journal", "Observer", "Magazine", "Edition", "Record", "Argus", "Chronicle", "Gazette")
_GENERIC = rf"{_DAYS}\s+(?:{'|'.join(_PAPER)})\b|Mail\s+on\s+Sunday\b|(?<=[Tt]he\s)Independent\s+on\s+Sunday\b"


class Mastheads:
    """Finds the outlet names that hold a weekday or month in a text."""

    def __init__(self, outlets=()):
        listed = {n for name, aliases in outlets for n in (name, *aliases)
                  if re.search(rf"\b(?:{_DAYS}|{'|'.join(_MONTHS)})\b", n)}
        extra = "|".join(re.escape(n) for n in sorted(listed, key=len, reverse=True))
        self._re = re.compile(rf"(?<![\w-])(?:{extra + '|' if extra else ''}{_GENERIC})")

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._re.finditer(text)]

    @staticmethod
    def covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in spans)
