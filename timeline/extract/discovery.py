"""Actors found with no list: acronyms with their expansions, bodies named by their kind, names that act.

- ``the Rapid Support Forces (RSF)``: the expansion is an actor, and the acronym stands for it in the document;
- ``Turkish state media``, ``the army``, ``the junta``, ``Sudan's army``: a body named by its kind, with its
  country when the text gives it (an adjective or a possessive country before it); the same kind later in the
  document without a country is the same body;
- ``Transocean Ltd said``, ``BP said``: a capitalized name right before a reporting or acting verb.

Each found actor gets a kind (person, organization, country, armed group) and a side (its country when known).
"""
from __future__ import annotations

import re

from .records import ActorMention

# Nouns that name a body by its kind, with the kind of actor they make.
GROUP_KINDS = {
    "state media": "organization", "state television": "organization", "state news agency": "organization",
    "foreign ministry": "organization", "defence ministry": "organization", "defense ministry": "organization",
    "interior ministry": "organization", "health ministry": "organization", "trade ministry": "organization",
    "commerce ministry": "organization", "finance ministry": "organization", "ministry": "organization",
    "government": "country", "authorities": "country", "officials": "country", "cabinet": "organization",
    "army": "armed group", "military": "armed group", "armed forces": "armed group", "forces": "armed group",
    "troops": "armed group", "navy": "armed group", "air force": "armed group", "junta": "organization",
    "rebels": "armed group", "militia": "armed group", "militants": "armed group", "police": "organization",
    "parliament": "organization", "central bank": "organization", "embassy": "organization",
}
# What stands before a body's kind: "the", or one or two capitalized words, possessive or not. Searched back
# from the noun (found by the shared automaton, see matcher) in a short stretch ending right before it.
_GROUP_BEFORE = re.compile(r"(?:\b([Tt]he)\s+|\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:'s|’s)?\s+)$")
# "(RSF)": found first (a literal start is found fast), then the expansion before it.
_PAREN = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7})\)")
_EXPANSION = re.compile(r"\b((?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the|de|du|des|la)\s+){0,2}){1,7})$")
_ARMED = re.compile(r"\b(?:Forces|Army|Front|Brigades?|Movement|Militia|Rebels|Guards?|Liberation)\b")
ORG_WORD = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|Plc|PLC|Group|Company|Co|Agency|Organi[sz]ation|Ministry|Council|Bank"
    r"|Commission|Authority|Association|Union|Institute|Party|Fund|Committee|Department|Service|Centers?"
    r"|Centres?|Administration|Board|Office|Court|Assembly|Federation|Coalition|Alliance|Foundation|Guards?|Patrol"
    r"|Police)\b\.?")
# Capitals that are no body: titles, units, times, diseases.
_NOT_ACRONYM = {"CEO", "CFO", "COO", "CTO", "MP", "MPs", "PM", "AM", "TV", "GDP", "EST", "EDT", "GMT", "BST", "PDT",
                "PST", "CET", "UTC", "USD", "EUR", "AIDS", "HIV", "SARS", "MERS", "ID", "IT", "PR", "OK", "VAT", "IPO",
                "AGM", "FAQ", "PDF", "URL", "LNG", "GW", "MW", "KM", "NB", "PS", "RIP", "DNA", "RNA", "ICU", "ER"}
# Verbs after which a capitalized name acts ("Transocean Ltd said"); found by the shared automaton.
ACTING_VERBS = ("said", "says", "told", "added", "stated", "announced", "warned", "denied", "confirmed", "reported",
                "seized", "launched", "attacked", "accused", "rejected", "agreed", "signed", "urged", "called",
                "claimed", "imposed", "declared", "threatened", "vowed", "ordered", "captured", "killed", "struck")
_CONNECTORS = {"of", "for", "and", "the", "&"}
_STAFF = {"officials", "authorities"}  # the people of a body, who speak for it
_PLACE_BEFORE = re.compile(r"\b(?:in|at|into|across|throughout|inside|outside|near|around)\s$")
_AUX = re.compile(r"\s(?:has|had|have|also|will|would)$")
# "the CDC" before a comma, a full stop, a possessive or a word that follows a body's name as subject or object
# (not "the SARS outbreak": a word after it that is a noun leaves it alone).
_THE_ACRONYM = re.compile(r"the ([A-Z][A-Z&]{1,5})(?=[,.;:)]|['’]s\b|\s+(?:said|says|and|in|on|at|to|of|has|had|is|was"
                          r"|were|are|will|would|for|with|from|did|does|could|should|may|[a-z]+ed)\b)")
_ALLCAPS = re.compile(r"[A-Z][A-Z0-9&]{1,6}$")
_NOT_START = {"the", "a", "an", "this", "that", "but", "and", "he", "she", "it", "they", "we", "i", "on", "in",
              "officials", "police", "authorities", "analysts", "experts", "sources", "residents", "witnesses"}


_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
               "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
               "when", "if", "as", "after", "before", "while", "since", "meanwhile", "yesterday", "today"}


def _name_before(text: str, lo: int, hi: int) -> tuple[int | None, int]:
    """The run of capitalized words (joined by "of", "for", "and", "the") that ends at ``hi``."""
    if hi == 0 or not (text[hi - 1].isalnum() or text[hi - 1] in ".&"):
        return None, hi
    toks = text[lo:hi].split(" ")
    k, n, pos = len(toks), 0, hi
    while k > 0 and n < 7:
        t = toks[k - 1]
        if k < len(toks) and t[-1:] in ",;:":
            break  # a comma ends the name ("However, the National Wildlife Federation said")
        if t[:1].isupper():
            pos -= len(t) + (1 if k < len(toks) else 0)
            start, n = pos, n + 1
        elif t in _CONNECTORS and n:
            pos -= len(t) + 1
        else:
            break
        k -= 1
    if not n:
        return None, hi
    while text[start] == " ":
        start += 1
    return start, hi


class _Joined:
    """What stands before a body's kind and the kind itself, read as one match (groups 1 to 3)."""

    def __init__(self, before: re.Match, a: int, b: int, noun: str):
        self._g = (before.group(0), before.group(1), before.group(2), noun)
        self._s = (before.start(), before.start(1), before.start(2), a)
        self._e = b

    def group(self, i: int = 0):
        return self._g[i] if i else self._g[0] + self._g[3]

    def start(self, i: int = 0) -> int:
        return self._s[i]

    def end(self, i: int = 0) -> int:
        return self._e


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def in_spans(items, spans):
    """(start, end, word) items, sorted, with the (start, end) of the span each stands in; items outside all left out."""
    i, n = 0, len(spans)
    for a, b, w in items:
        while i < n and spans[i][1] < b:
            i += 1
        if i == n:
            return
        if spans[i][0] <= a:
            yield a, b, w, spans[i][0], spans[i][1]


def discover(text: str, spans: list[tuple[int, int]], found: list[ActorMention], taken, world,
             actors: dict, extra: dict, hits, every: list[tuple[int, int]] | None = None) -> list[ActorMention]:
    """Mentions of actors no list names, in the spans of ``text`` (sorted, not overlapping), not overlapping what
    ``taken`` holds. ``hits`` (see matcher) gives the acting verbs and the kinds of body in the text. Acronyms are
    learnt from their expansions in ``every`` span (by default the same spans): "the World Health Organization
    (WHO)" anywhere makes a later "WHO" the organization. ``extra`` receives the kind and side of each new
    actor's name."""
    every = spans if every is None else every
    focus = set(spans)
    out: list[ActorMention] = []
    acronyms: dict[str, str] = {}

    def add(a: int, b: int, name: str, kind: str, side: str) -> None:
        if b <= a or taken.overlaps(a, b):
            return
        out.append(ActorMention(a, b, text[a:b], name, "body"))
        taken.add(a, b)
        if name not in actors:
            extra.setdefault(name, (kind, side))

    # acronyms and expansions
    for s, e in every:
        for p in _PAREN.finditer(text, s, e):
            m = _EXPANSION.search(text, max(s, p.start() - 300), p.start())
            if m is None:
                continue
            words = m.group(1).split()
            acr = p.group(1)
            for k in range(len(words)):
                if _initials(words[k:]).upper() == acr.upper().rstrip("s"):
                    break
            else:
                continue
            a = m.start(1) + len(" ".join(words[:k])) + (1 if k else 0)
            name = " ".join(words[k:])
            if name.lower() in _NOT_START or taken.overlaps(a, m.end(1)):
                known = [x.actor for x in found if x.start < m.end(1) and a < x.end]
                if known:
                    acronyms.setdefault(acr, known[-1])
                continue
            kind = "armed group" if _ARMED.search(name) else "organization"
            acronyms.setdefault(acr, name)
            if (s, e) in focus:
                add(a, a + len(name), name, kind, "")
            elif name not in actors:
                extra.setdefault(name, (kind, ""))
    if acronyms:
        acr_re = re.compile(r"\b(?:" + "|".join(map(re.escape, acronyms)) + r")\b")
        for s, e in spans:
            for m in acr_re.finditer(text, s, e):
                name = acronyms[m.group(0)]
                add(m.start(), m.end(), name, *extra.get(name, ("organization", "")))

    # bodies named by their kind
    last_of_kind: dict[str, str] = {}
    for ga, gb, noun, s, e in in_spans(hits.groups, spans):
        m = _GROUP_BEFORE.search(text, max(s, ga - 80), ga)
        if m is None:
            continue
        m = _Joined(m, ga, gb, noun)
        kind = GROUP_KINDS[noun]
        country = None
        if m.group(2):
            w = re.sub(r"['’]s$", "", m.group(2))
            country = world.country_of(w) or world.country_of(w.split()[-1])
            if country is None and w in actors and actors[w].kind == "country":
                country = w
            if w.split()[0] in ("The", "the"):
                w = w.split(None, 1)[1] if " " in w else ""
            if country is None and (not w or w.split()[0].lower() in _NOT_START | _TIME_WORDS):
                continue
            if country is None:  # a named body: "the M23 rebels"
                a = m.end(3) - len(w) - 1 - len(m.group(3))
                name = f"{w} {m.group(3)}"
                if m.group(3) in _STAFF:  # "Justice Department officials": the body; "Federal officials": none
                    if len(w.split()) < 2 and not ORG_WORD.search(w) and w not in actors:
                        continue
                    name = w
                if actors.get(w) is not None:
                    name = w
                add(text.index(w, m.start(2)), m.end(), name, kind if kind != "country" else "organization",
                    "")
                continue
        a = m.start(2) if m.group(2) else m.start(3)
        if m.group(2) and m.group(2).split()[0] in ("The", "the") and " " in m.group(2):
            a = text.index(m.group(2).split()[1], a)
        if country:
            if kind == "country":
                name = country
                if taken.overlaps(a, m.end()):
                    continue
            else:
                name = f"{world.adjective_of(country)} {noun}"  # "Sudanese army", "Turkish state media"
            last_of_kind[noun] = name
            side = country
        else:
            if kind == "country":
                continue  # "the government" alone: left to the subject carried by the events
            name = last_of_kind.get(noun) or next((v for k, v in reversed(last_of_kind.items())
                                                   if k.endswith(noun)), noun[:1].upper() + noun[1:])
            side = extra.get(name, ("", ""))[1] if name in extra else ""
        # a country mention inside the phrase ("Sudan's army") is part of the body
        inner = [x for x in found + out if a <= x.start and x.end <= m.end()]
        for x in inner:
            if x in out:
                out.remove(x)
        if inner:
            for x in inner:
                if x in found:
                    found.remove(x)
            taken.cov[a:m.end()] = b"\x00" * (m.end() - a)
        add(a, m.end(), name, kind if kind != "country" else "country", side)

    # capitalized names right before a reporting or acting verb
    for va, vb, _, s, e in in_spans(hits.verbs, spans):
        start = va  # the verb, after blanks and at most one comma
        while start > s and text[start - 1].isspace():
            start -= 1
        if start == va:
            continue
        if start > s and text[start - 1] == ",":
            start -= 1
        aux = _AUX.search(text, max(s, start - 12), start)  # "The World Health Organisation has called"
        if aux is not None:
            start = aux.start()
        a, b = _name_before(text, max(s, start - 80), start)
        if a is None:
            continue
        name = text[a:b].rstrip(".,")
        b = a + len(name)
        first = name.split()[0].lower() if name else ""
        while first in _NOT_START and " " in name:
            name = name.split(None, 1)[1]
            a = b - len(name)
            first = name.split()[0].lower()
        if name and taken.overlaps(a, b):  # "the U.S. House Judiciary Committee said": the body after its country
            last = taken.cov.rfind(1, a, b) + 1
            rest = text[last:b].lstrip(" .")
            if last >= b or not rest[:1].isupper() or not ORG_WORD.search(rest):
                continue
            name, a = rest, b - len(rest)
            first = name.split()[0].lower()
        if not name or first in _NOT_START:
            continue
        if name in _NOT_ACRONYM:
            continue
        if ORG_WORD.search(name) or _ALLCAPS.match(name):
            kind = "armed group" if _ARMED.search(name) else "organization"
            add(a, b, name, kind, "")
    # an acronym alone after "the", followed by what follows a body's name ("a briefing by the CDC in Atlanta")
    for s, e in spans:
        for m in _THE_ACRONYM.finditer(text, s, e):
            a, b = m.start(1), m.end(1)
            acr = m.group(1)
            if (acr in actors or acr in _NOT_ACRONYM or world.country_of(acr)
                    or _PLACE_BEFORE.search(text, max(s, m.start() - 9), m.start())):
                continue  # a known name the lists left out on purpose ("in the US": a place)
            if (m.start() == 0 or not text[m.start() - 1].isalnum()) and not taken.overlaps(a, b):
                name = acronyms.get(m.group(1), m.group(1))
                add(a, b, name, *extra.get(name, ("organization", "")))
    return out
