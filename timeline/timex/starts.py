"""Which expression classes to try where a candidate begins, told by its first characters.

The sets of characters each class pattern can begin with are read from the patterns themselves (a superset:
never too small), after no lead word and after a leading determiner; they are slow to compute, so they are
shipped in ``starts.json`` and computed again only when the patterns no longer fit the shipped file (a test
checks it: after changing a pattern or a vocabulary table, run ``python -c 'from timeline.timex import starts;
starts.write_start_sets()'``).
"""
from __future__ import annotations

import hashlib
import json
import string
from pathlib import Path

try:  # the parser of the re module, used to read which characters each pattern can start with
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # Python before 3.11
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

from .patterns import CLASS_ORDER, CLASS_RE, CLASSES

_ANY_CHAR = "*"  # any character, in the prefixes below


def _prefixes(items, flags: int, k: int, lead: str = "", coarse: bool = False) -> set[tuple[str, ...]]:
    """How a parsed pattern's matches can begin: tuples of at most ``k`` lowercase ASCII characters (or
    ``_ANY_CHAR``); a shorter tuple is a whole match. Lookarounds and anchors count as empty, character
    sets too large to list as any character: the answer is a superset, never too small. With ``lead``, only
    the beginnings that can start with it; ``coarse`` writes every digit as ``_DIGIT`` and sets of more
    than a dozen other characters as any character (so that long beginnings stay few)."""
    cur: set[tuple[str, ...]] = {()}
    for op, av in items:
        item = _prefixes_of(op, av, flags, k, coarse)
        cur = {p if len(p) >= k else (p + q)[:k] for p in cur for q in (item if len(p) < k else ((),))}
        if lead:
            cur = {p for p in cur if all(a == _ANY_CHAR or a == b for a, b in zip(p, lead))}
        if len(cur) > _MAX_PREFIXES:  # too many to be of use: anything
            return {(), (_ANY_CHAR,) * k}
    return cur


def _prefixes_of(op, av, flags: int, k: int, coarse: bool) -> set[tuple[str, ...]]:
    c = _sre_constants
    if op is c.LITERAL:
        return {(_symbol(chr(av), coarse) if av < 128 else _ANY_CHAR,)}
    if op is c.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is c.LITERAL and a < 128:
                chars.add(chr(a).lower())
            elif o is c.RANGE and a[1] < 128:
                chars |= {chr(i).lower() for i in range(a[0], a[1] + 1)}
            elif o is c.CATEGORY and a in _CATEGORY_CHARS:
                chars |= _CATEGORY_CHARS[a]
            else:  # negated sets, other categories, characters past ASCII
                return {(_ANY_CHAR,)}
        if coarse:
            chars = {_symbol(ch, True) for ch in chars}
        return {(ch,) for ch in chars} if len(chars) <= (12 if coarse else 40) else {(_ANY_CHAR,)}
    if op is c.BRANCH:
        return set().union(*(_prefixes(branch.data, flags, k, coarse=coarse) for branch in av[1]))
    if op is c.SUBPATTERN:
        return _prefixes(av[3].data, (flags | av[1]) & ~av[2], k, coarse=coarse)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, sub = av
        one = _prefixes(sub.data, flags, k, coarse=coarse)
        out: set[tuple[str, ...]] = set()
        cur: set[tuple[str, ...]] = {()}
        for n in range(min(high, max(low, k) + 1) + 1):  # more repeats add nothing new within k characters
            if n >= low:
                out |= cur
            cur = {p if len(p) >= k else (p + q)[:k] for p in cur for q in (one if len(p) < k else ((),))}
            if len(cur) > _MAX_PREFIXES:
                return {(), (_ANY_CHAR,) * k}
        return out
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {()}
    return {(), (_ANY_CHAR,) * k}


_DIGIT = "#"  # any digit, in coarse beginnings (where any white space is a space)
_MAX_PREFIXES = 5000


def _symbol(ch: str, coarse: bool) -> str:
    if coarse:
        if ch.isdigit():
            return _DIGIT
        if ch.isspace():
            return " "
    return ch.lower()


_CATEGORY_CHARS = {
    _sre_constants.CATEGORY_DIGIT: set("0123456789"),
    _sre_constants.CATEGORY_SPACE: set(" \t\n\r\f\v"),
    _sre_constants.CATEGORY_WORD: set(string.ascii_letters + string.digits + "_"),
}
EVERY_CLASS = tuple((n, CLASS_RE[n].match) for n in CLASS_ORDER)
# Which classes can match where a candidate begins, told by its first two characters. Determiners open most
# classes, so after one (and a space) the two characters that follow tell more. For each lead ("": none) and
# class: {character: the characters that can follow it}, read from the patterns (slow: shipped, computed
# again only when the patterns no longer fit the shipped file), then a table filled as starts are met.
LEADS = {"th": ("the ", "this "), "a ": ("a ",), "an": ("an ",)}
LEAD_WORDS = ("", "the ", "this ", "a ", "an ")
STARTS_FILE = Path(__file__).with_name("starts.json")
_STARTS_VERSION = 1
COARSE = str.maketrans("0123456789\t\n\r\x0b\x0c", _DIGIT * 10 + " " * 5)


def starts_signature() -> str:
    return hashlib.sha256(json.dumps([_STARTS_VERSION, LEAD_WORDS, list(CLASSES.items())]).encode()).hexdigest()


def start_sets(lead: str) -> dict[str, dict[str, str]]:
    """For each class: {first character after ``lead``: the characters that can follow it}."""
    out = {}
    for name, pattern in CLASSES.items():
        parsed = _sre_parser.parse(pattern)
        d: dict[str, set[str]] = {}
        for p in _prefixes(parsed.data, parsed.state.flags, len(lead) + 2, lead, coarse=bool(lead)):
            p = p[len(lead):]
            d.setdefault(p[0] if p else _ANY_CHAR, set()).add(p[1] if len(p) > 1 else _ANY_CHAR)
        out[name] = {a: "".join(sorted(b)) for a, b in sorted(d.items())}
    return out


def write_start_sets(path: Path = STARTS_FILE) -> None:
    """Write the start sets of every lead (run after changing a class pattern; a test checks the file)."""
    data = {"signature": starts_signature(), "sets": {lead: start_sets(lead) for lead in LEAD_WORDS}}
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def _shipped_start_sets() -> dict:
    try:
        data = json.loads(STARTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data["sets"] if isinstance(data, dict) and data.get("signature") == starts_signature() else {}


START_SETS: dict[str, dict[str, dict[str, str]]] = _shipped_start_sets()
MATCHER_TABLE: dict[tuple[str, str], tuple] = {}


def matchers(lead: str, key: str) -> tuple:
    """(class, match) of the classes that can match text beginning with ``lead`` and then ``key`` (its next
    one or two characters, lowercase; coarse after a lead). Outside ASCII, every class."""
    found = MATCHER_TABLE.get((lead, key))
    if found is not None:
        return found
    if not key or not key.isascii():
        found = EVERY_CLASS
    else:
        if lead not in START_SETS:
            START_SETS[lead] = start_sets(lead)
        sets = START_SETS[lead]
        a, b = key[0], key[1:]

        def fits(d: dict[str, str]) -> bool:
            return any(not b or b in after or _ANY_CHAR in after for after in (d.get(a, ""), d.get(_ANY_CHAR, ""))
                       if after)

        found = tuple((n, CLASS_RE[n].match) for n in CLASS_ORDER if fits(sets[n]))
    MATCHER_TABLE[(lead, key)] = found
    return found
