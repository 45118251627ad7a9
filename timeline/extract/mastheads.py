"""Names of newspapers and programmes that hold a weekday ("the Sunday Times", "the Mail on Sunday", "Sunday
Sequence"): the weekday in them is no date.

A weekday followed by a word newspapers are named with, "Mail on Sunday" and "the Independent on Sunday", and
every outlet of ``data/outlets.csv`` (name or alias) with a weekday or month in it, written as listed. Only the
time expressions found are checked (a few comparisons each): the text is not searched again.
"""
from __future__ import annotations

import re

_DAY = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# Words a newspaper or programme is named with after a weekday; not ones a sentence goes on with after a date
# ("on Sunday World leaders met", "on Sunday Business Secretary ... said").
_PAPER = ("Times", "Telegraph", "Express", "Mirror", "Herald", "Post", "Independent", "Tribune", "Mail", "Sequence",
          "Politics", "Journal", "Observer", "Magazine", "Edition", "Record", "Argus", "Chronicle", "Gazette")
_PAPER_AFTER = re.compile(rf"\s+(?:{'|'.join(_PAPER)})\b")
_ON_BEFORE = re.compile(r"(?:\bMail|\b[Tt]he\s+Independent)\s+on\s+$")


class Mastheads:
    """Tells whether a time expression is a word of an outlet's name."""

    def __init__(self, outlets=()):
        words = re.compile(rf"\b(?:{_DAY.pattern}|{'|'.join(_MONTHS)})\b")
        self.listed = sorted({n for name, aliases in outlets for n in (name, *aliases) if words.search(n)},
                             key=len, reverse=True)

    def covers(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (a time expression) stands inside the name of a newspaper or programme."""
        words = text[start:end]
        for name in self.listed:
            at = name.find(words)
            if at >= 0 and text.startswith(name, start - at):
                return True
        if not _DAY.fullmatch(words):
            return False
        return (_PAPER_AFTER.match(text, end) is not None
                or (words == "Sunday" and _ON_BEFORE.search(text, max(0, start - 25), start) is not None))
