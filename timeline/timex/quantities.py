"""Numbers, years and days written in digits or words; durations; the TIMEX3 mods of qualifying words."""
from __future__ import annotations

import math
import re

from .vocabulary import EDGE_MODS, MOD_WORDS, ORDINALS, SCALES, SMALL_NUMBERS, TENS, UNITS

_MAX_DIGITS = 4000  # longer digit strings are no number read here (nor by int())


def parse_number(s: str) -> float | None:
    """Numeric value of a number phrase; None for vague quantities (few, several...) and for numbers too
    large to be told (a finite value or None, never infinity)."""
    s = " ".join(s.lower().replace("-", " ").split())
    if not s:
        return None
    head, _, scale = s.rpartition(" ")
    if scale in SCALES and head:  # "50 million", "two to three thousand"
        n = parse_number(head)
        return None if n is None else n * SCALES[scale]
    rng = re.match(r"(.+?)\s*(?:\bto\b|\bor\b| )\s*(\d[\d,.]*(?: 1/2)?|[a-z].*)$", s) if (
        " to " in s or " or " in s or (s[0].isdigit() and " " in s and "/" not in s)) else None
    if rng:
        return parse_number(rng.group(1))
    half = 0.0
    for tail in (" 1/2", "\u00bd", " and a half"):
        if s.endswith(tail):
            s, half = s[: -len(tail)].strip(), 0.5
            break
    if half:
        n = parse_number(s) if s else 0
        return None if n is None else n + half
    if s[0].isdigit():
        digits = s.replace(",", "")
        if digits.isdigit():
            return int(digits) if len(digits) <= _MAX_DIGITS else None
        try:
            n = float(digits)
        except ValueError:
            return None
        return n if math.isfinite(n) else None
    if s in SMALL_NUMBERS:
        return SMALL_NUMBERS[s]
    if s in ("a few", "few", "several", "many", "some"):
        return None
    if s.endswith("hundred"):
        return 100
    parts = s.split()
    if parts and parts[0] in TENS:
        return TENS[parts[0]] + (SMALL_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def year_number(s: str) -> int:
    """Year of a numeric or spelled-out year ("1996", "nineteen ninety-six", "two thousand one")."""
    if s[:1].isdigit():
        return int(s)
    w = " ".join(s.lower().replace("-", " ").split())
    if w.startswith("two thousand"):
        rest = w[len("two thousand"):].replace(" and ", " ").strip()
        return 2000 + (int(parse_number(rest) or 0) if rest else 0)
    head, _, rest = w.partition(" ")
    if rest.startswith("oh "):
        rest = rest[3:]
    return SMALL_NUMBERS[head] * 100 + int(parse_number(rest) or 0)


def day_number(s: str) -> int:
    if s[:1].isdigit():
        return int(re.match(r"\d+", s).group())
    w = " ".join(s.lower().replace("-", " ").split())
    if w in ORDINALS:
        return ORDINALS[w]
    if w == "thirtieth":
        return 30
    head, _, rest = w.partition(" ")
    return TENS[head] + ORDINALS[rest]


def _format_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


_SUBUNIT = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60), "MIN": ("S", 60)}


def duration_value(n: float | None, unit: str) -> str:
    if n is not None and n != int(n) and unit in _SUBUNIT:
        # "2 1/2 years" -> P2Y6M, "half an hour" -> PT30M
        sub, per = _SUBUNIT[unit]
        whole, rest = int(n), int(round((n - int(n)) * per))
        if unit == "W":
            return f"P{int(round(n * 7))}D"
        timed = unit in ("H", "MIN", "S")
        head = f"{whole}{'M' if unit == 'MIN' else unit}" if whole else ""
        if timed:
            return f"PT{head}{rest}{sub}"
        if sub == "H":
            return f"P{head}T{rest}H"
        return f"P{head}{rest}{sub}"
    if unit in ("H", "MIN", "S"):
        code = {"H": "H", "MIN": "M", "S": "S"}[unit]
        return f"PT{'X' if n is None else _format_number(n)}{code}"
    if unit == "DE":
        return "P" + ("X" if n is None else _format_number(n * 10)) + "Y"
    if unit == "CE":
        return "P" + ("X" if n is None else _format_number(n * 100)) + "Y"
    if unit == "ML":
        return "P" + ("X" if n is None else _format_number(n * 1000)) + "Y"
    if unit == "FN":
        return "P" + ("X" if n is None else _format_number(n * 2)) + "W"
    if unit == "WE":
        return "P" + ("X" if n is None else _format_number(n)) + "WE"
    return f"P{'X' if n is None else _format_number(n)}{unit}"


def unit_code(u: str) -> str:
    """Code of a unit word, singular or plural ("weeks" -> "W")."""
    u = u.lower()
    return UNITS.get(u) or UNITS.get(u[:-1] if u.endswith("s") else u, "D")


def mod_of(word: str | None) -> str | None:
    if not word:
        return None
    return MOD_WORDS.get(" ".join(word.lower().split()))


def edge_mod(edge: str | None) -> str | None:
    if not edge:
        return None
    for w in edge.lower().replace("-", " ").split():
        if w in EDGE_MODS:
            return EDGE_MODS[w]
    return None
