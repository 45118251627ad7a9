"""The words the tagger knows, read from the tables in ``vocabulary/`` (one CSV table per word class, its
columns explained in the comment lines at its top), and the regular-expression alternatives made from them.

Other modules (and other parts of Timeline, such as the date lines of ``metadata`` and ``boilerplate``)
take month names and the like from here rather than spelling them out again.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

TABLES = Path(__file__).with_name("vocabulary")

# the columns of each table, in order (checked when it is read)
COLUMNS = {
    "months": ("word", "month", "kind"),
    "weekdays": ("word", "weekday"),
    "parts_of_day": ("word", "code"),
    "seasons": ("word", "code"),
    "units": ("singular", "plural", "code"),
    "number_words": ("word", "value", "kind"),
    "ordinals": ("word", "value"),
    "decade_words": ("word", "digit"),
    "modifiers": ("phrase", "mod", "before_number"),
    "edges": ("word", "mod", "kind"),
    "holidays": ("name", "written", "date"),
}


def read_table(name: str, folder: Path = TABLES) -> list[dict[str, str]]:
    """Rows of a table (its lines starting with ``#`` are comments), as {column: text}; a table whose header
    is not the expected one, or with a row of the wrong width, raises ValueError."""
    path = folder / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(line for line in fh if line.strip() and not line.startswith("#")))
    if not rows or tuple(rows[0]) != COLUMNS[name]:
        raise ValueError(f"{path}: the header must be {','.join(COLUMNS[name])}")
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS[name]):
            raise ValueError(f"{path}: row {i} has {len(row)} fields, not {len(COLUMNS[name])}")
    return [dict(zip(COLUMNS[name], row)) for row in rows[1:]]


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def alternation(words) -> str:
    """Regex alternatives for words in the given order (a space between words matches any white space)."""
    return "|".join(r"\s+".join(re.escape(part) for part in w.split(" ")) for w in words)


_months = read_table("months")
_weekdays = read_table("weekdays")
_parts = read_table("parts_of_day")
_seasons = read_table("seasons")
_units = read_table("units")
_numbers = read_table("number_words")
_ordinals = read_table("ordinals")
_decades = read_table("decade_words")
_modifiers = read_table("modifiers")
_edges = read_table("edges")

#: month names and abbreviations (lowercase) -> month number
MONTHS: dict[str, int] = {r["word"]: int(r["month"]) for r in _months}
MONTH_NAMES = [r["word"] for r in _months if r["kind"] == "name"]
MONTH_ABBREVIATIONS = [r["word"] for r in _months if r["kind"] == "abbreviation"]
#: weekday names (lowercase) -> 0 (Monday) ... 6 (Sunday)
WEEKDAYS: dict[str, int] = {r["word"]: int(r["weekday"]) for r in _weekdays}
#: TIMEX3 codes for parts of the day.
PARTS_OF_DAY: dict[str, str] = {r["word"]: r["code"] for r in _parts}
SEASONS: dict[str, str] = {r["word"]: r["code"] for r in _seasons}
#: unit words, singular and plural (lowercase) -> unit code
UNITS: dict[str, str] = {w: r["code"] for r in _units for w in (r["singular"], r["plural"])}
UNIT_SINGULARS = [r["singular"] for r in _units]
#: number words read alone or after an article (one ... nineteen, a, a dozen, half an...)
SMALL_NUMBERS: dict[str, int | float] = {r["word"]: _number(r["value"]) for r in _numbers
                                         if r["kind"] in ("unit", "other")}
UNIT_NUMBERS = [r["word"] for r in _numbers if r["kind"] == "unit"]  # one ... nineteen
TENS: dict[str, int] = {r["word"]: int(r["value"]) for r in _numbers if r["kind"] == "tens"}
SCALES: dict[str, int] = {r["word"]: int(r["value"]) for r in _numbers if r["kind"] == "scale"}
#: ordinal words -> number; compounds read with a hyphen or a space ("twenty-first", "twenty first")
ORDINALS: dict[str, int] = {}
for _r in _ordinals:
    ORDINALS[_r["word"]] = int(_r["value"])
    if "-" in _r["word"]:
        ORDINALS[_r["word"].replace("-", " ")] = int(_r["value"])
DECADE_WORDS: dict[str, int] = {r["word"]: int(r["digit"]) for r in _decades}
#: qualifying phrases -> TIMEX3 mod (None: the phrase gives none)
MOD_WORDS: dict[str, str | None] = {r["phrase"]: r["mod"] or None for r in _modifiers}
QUANTITY_MODIFIERS = [r["phrase"] for r in _modifiers if r["before_number"] == "yes"]
#: words naming a part of a period -> TIMEX3 mod
EDGE_MODS: dict[str, str] = {r["word"]: r["mod"] for r in _edges}
EDGE_ADJECTIVES = [r["word"] for r in _edges if r["kind"] == "adjective"]
EDGE_NOUNS = [r["word"] for r in _edges if r["kind"] == "noun"]


@dataclass(frozen=True, slots=True)
class Holiday:
    name: str
    written: re.Pattern
    date: str  # the rule of the holidays table


HOLIDAYS = [Holiday(r["name"], re.compile(r["written"]), r["date"]) for r in read_table("holidays")]


def ordinals(low: int, high: int) -> list[str]:
    """Single-word ordinals from ``low`` to ``high``, in order ("first" ... "twelfth")."""
    return [w for w, n in ORDINALS.items() if low <= n <= high and w.isalpha() and w not in ("last", "final")]


def small_numbers(low: int, high: int) -> list[str]:
    """Number words from ``low`` to ``high`` (within one ... nineteen), in order."""
    return [w for w in UNIT_NUMBERS if low <= SMALL_NUMBERS[w] <= high]


def month_pattern() -> str:
    """Alternatives matching every month name and abbreviation (lowercase, longest first: use it case-insensitive;
    a period after an abbreviation is left to the caller)."""
    return alternation(sorted(MONTHS, key=len, reverse=True))


def holiday_pattern() -> str:
    """Alternatives matching every way a holiday is written, in the table's order."""
    return "|".join(h.written.pattern for h in HOLIDAYS)
