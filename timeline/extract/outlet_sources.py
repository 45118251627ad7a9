"""Where a page copied as text names its outlet: a masthead line, a copyright line, the report it credits.

Each finder returns what the text states; ``timeline.extract.metadata.outlet_of`` decides their order. Names
are matched against the outlet list (``data/outlets.csv``: names and aliases, which users extend); a copyright
line also gives a name the list does not hold, marked as unknown.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .boilerplate import is_prose
from .records import BODY, Block

MASTHEAD_WORDS = 6       # a masthead line is the outlet's name alone, perhaps with a word or two around it
MASTHEAD_TOP = 8         # lines searched at the top of the page ...
MASTHEAD_FOOT = 12       # ... and at its foot
OPENING_PARAGRAPHS = 3   # story paragraphs searched for a credited report

_COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?P<year>\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?"
    r"(?P<name>(?:The\s+)?[A-Z0-9][\w&'’.-]*(?:\s+(?:[A-Z0-9&][\w&'’.-]*|of|and|for|de|du))*)")
_CORPORATE = {"all", "llc", "inc", "ltd", "limited", "corp", "corporation", "co", "plc", "gmbh", "sa", "ag",
              "company", "media", "group", "holdings", "network", "rights", "reserved", "of", "and", "for"}
_DECORATION = re.compile(r"^[\W_]+|[\W_]+$")


def masthead(text: str, blocks: list[Block], outlets) -> tuple[str, bool]:
    """A known outlet's name alone on a short line at the top or the foot of the page."""
    lines = [text[b.start:b.end] for b in blocks]
    for line in lines[:MASTHEAD_TOP] + lines[-MASTHEAD_FOOT:][::-1]:
        if len(line.split()) > MASTHEAD_WORDS:
            continue
        for part in re.split(r"\s+[|·•–—-]\s+", line):
            name = outlets.lookup(_DECORATION.sub("", part))
            if name:
                return name, True
    return "", False


def copyright(text: str, outlets) -> tuple[str, bool]:
    """The holder named by the page's last copyright line ('© 2025 Fox News Network, LLC'): a known outlet
    when the name (or its first words) is one, else the name without its corporate words."""
    lowered = text.lower()
    if "©" not in text and "copyright" not in lowered and "(c)" not in lowered:
        return "", False
    found = [m for m in _COPYRIGHT.finditer(text) if _footer_line(m, _line_at(text, m.start()))]
    for m in reversed(found):
        words = m.group("name").rstrip(".,").split()
        for k in range(len(words), 0, -1):
            name = outlets.lookup(" ".join(words[:k]).rstrip(".,"))
            if name:
                return name, True
        cut = next((i for i, w in enumerate(words) if w.lower() in ("all", "rights")), len(words))
        words = words[:cut]
        while words and words[-1].lower().rstrip(".,") in _CORPORATE:
            words.pop()
        if words and any(c.isalpha() for c in words[0]):
            return " ".join(words).rstrip(".,"), False
    return "", False


def credited(text: str, blocks: list[Block], outlets) -> str:
    """A known outlet the opening paragraphs credit with the report ('..., Fox News reported Friday',
    'as first reported by Reuters', 'according to a report by the BBC')."""
    credit = _credit_pattern(outlets.text_pattern())
    if credit is None:
        return ""
    paragraphs = [text[b.start:b.end] for b in blocks if b.kind == BODY and is_prose(text[b.start:b.end])]
    for paragraph in paragraphs[:OPENING_PARAGRAPHS]:
        m = credit.search(paragraph)
        if m:
            return outlets.lookup(m.group("a") or m.group("b") or m.group("c"))
    return ""


def _footer_line(m: re.Match, line: str) -> bool:
    """A copyright notice, not a sentence that mentions copyright: a short line, and the sign ©, else a year
    after the word or 'all rights reserved' in the line."""
    if len(line.split()) > 30:
        return False
    return "©" in m.group(0) or bool(m.group("year")) or "rights reserved" in line.lower()


@lru_cache(maxsize=8)
def _credit_pattern(names: str | None) -> re.Pattern | None:
    if names is None:
        return None
    return re.compile(
        r"(?P<a>" + names + r")\s+(?:first\s+|originally\s+|previously\s+)?(?:reported|reports)\b"
        r"|\breported\s+(?:first\s+)?by\s+(?:the\s+)?(?P<b>" + names + r")"
        r"|\baccording\s+to\s+(?:a|an)\s+(?:report|article|story)\s+(?:by|in|from)\s+(?:the\s+)?(?P<c>" + names + ")")


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]
