"""Every known name in one pass: an Aho-Corasick automaton over the aliases of the user's file and the world tables.

The automaton runs once over the text lower-cased (ASCII letters only, so offsets stay put) with every character
that cannot be part of a word (the hyphen and underscore aside) turned into a space, and each key has a space on
either side: it is found only as whole words, so no time is spent on names inside words. Each hit is then checked
against how the alias must be written: the user's aliases exactly as listed, the world's with capitals where
the alias has them (an all-capital acronym only as written). Besides names it finds surnames of known people,
country adjectives and office words, which :func:`surnames` and :func:`offices` resolve with the document, and the
words discovery starts from (acting verbs, kinds of body).
"""
from __future__ import annotations

import bisect
import re
import string

import ahocorasick

from . import discovery
from .records import ActorMention

_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# Lower-cased, and every ASCII punctuation mark but the hyphen and underscore, and every blank, a space.
_BLANKED = str.maketrans({**{c: c.lower() for c in string.ascii_uppercase},
                          **{c: " " for c in string.punctuation + "\t\n\r\f\v" if c not in "-_"}})
PARTICLES = {"al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "des", "del", "della", "von", "van", "der",
             "den", "la", "le", "of", "the", "and", "for", "y", "e", "ul", "ad", "as", "ash", "at", "az", "an", "on",
             "in", "to"}
# The order in which the entries of one key are tried.
_RANK = {"user": 0, "world": 1, "surname": 2, "adj": 3, "office": 4, "verb": 5, "group": 6}
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_NAME_NEXT = re.compile(r",?\s*(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w'’-]+")


def low(s: str) -> str:
    return s.translate(_LOWER)


def blanked(s: str) -> str:
    """``s`` lower-cased (ASCII letters) with every other character a space, except digits, hyphens and
    underscores: one character for one, so offsets stay put. Characters outside ASCII (typographic quotes, dashes,
    accented letters) become spaces as well -- through ``?``, which keeps the translation on its fast path; a hit
    is then checked against the text itself (its letters, and no letter right before or after it)."""
    return s.encode("ascii", "replace").decode("ascii").translate(_BLANKED)


def _written(alias: str, text: str) -> bool:
    """Whether ``text`` (the same letters as ``alias`` ignoring case) is written as a name: each word capitalized
    (particles aside), an acronym in capitals."""
    for a, t in zip(alias.split(), text.split()):
        if len(a) > 1 and a.isupper() and a.isalpha():
            if t != a and (len(a) <= 3 or t[1:] != a[1:].lower()):  # WHO as written; NATO or Nato
                return False
        elif not t[:1].isupper() and not (t[:1].isdigit() or t.lower() in PARTICLES):
            return False
    return True


class Hits:
    """What the automaton found in a document, checked: names, surnames, adjectives and offices, by start."""

    def __init__(self):
        self.names: list[tuple[int, int, str]] = []
        self.surnames: list[tuple[int, int, tuple[str, ...]]] = []
        self.adjs: list[tuple[int, int, str]] = []
        self.offices: list[tuple[int, int, str]] = []
        self.verbs: list[tuple[int, int, str]] = []   # acting verbs, for discovery ("BP said")
        self.groups: list[tuple[int, int, str]] = []  # nouns that name a body by its kind ("the army")
        self._starts: list[int] = []

    def names_in(self, s: int, e: int):
        if len(self._starts) != len(self.names):
            self._starts = [a for a, _, _ in self.names]
        lo, hi = bisect.bisect_left(self._starts, s), bisect.bisect_left(self._starts, e)
        return self.names[lo:hi]


class Names:
    def __init__(self, user_aliases: dict[str, str], world):
        table: dict[str, list] = {}
        for al, name in user_aliases.items():
            table.setdefault(low(al), []).append(("user", al, name))
        for a in world.actors.values():
            for al in a.aliases:
                if len(al) > 1:
                    table.setdefault(low(al), []).append(("world", al, a.name))
        for sur, names in world.surnames.items():
            table.setdefault(low(sur), []).append(("surname", sur, tuple(sorted(names))))
        for adj, c in world.adjectives.items():
            table.setdefault(low(adj), []).append(("adj", adj, c))
        for o in world.office_names:
            table.setdefault(low(o), []).append(("office", o, o))
        # the words discovery starts from, found in the same pass (as written: lower case)
        for v in discovery.ACTING_VERBS:
            table.setdefault(v, []).append(("verb", v, v))
        for g in discovery.GROUP_KINDS:
            table.setdefault(g, []).append(("group", g, g))
        self.auto = ahocorasick.Automaton()
        keys: dict[str, list] = {}
        for k, v in table.items():
            b = blanked(k)
            # a key made only of letters, digits and hyphens, one word: a hit has its very letters, nothing to check
            keys.setdefault(" " + b + " ", []).extend((None if b == k and " " not in b else k, *e) for e in v)
        for k, v in keys.items():
            v.sort(key=lambda x: _RANK[x[1]])
            self.auto.add_word(k, (len(k) - 2, tuple(v)))
        self.auto.make_automaton()

    def scan(self, text: str, spans: list[tuple[int, int]]) -> Hits:
        # a space at either end, so that a name at the very start or end of the text is found too
        lowered = " " + blanked(text) + " "
        n = len(text)
        out = Hits()
        lists = {"user": out.names, "world": out.names, "surname": out.surnames, "adj": out.adjs,
                 "office": out.offices, "verb": out.verbs, "group": out.groups}
        starts = [x for x, _ in spans]
        ends = [y for _, y in spans]
        j, nsp = 0, len(spans)
        cands = []
        # one pass over the whole text; hits come by their end, so the span that may hold each only moves on
        for end, (k, entries) in self.auto.iter(lowered, starts[0] if spans else 0):
            b = end - 1  # lowered[i + 1] is text[i]: a key's spaces stand for the characters around a name
            while j < nsp and ends[j] < b:
                j += 1
            if j == nsp:
                break
            a = b - k
            if a < starts[j]:
                continue  # not inside one span
            c = text[b] if b < n else " "
            if c > "\x7f" and c.isalnum():
                continue  # a letter outside ASCII, blanked, stands right beside the hit
            c = text[a - 1] if a else " "
            if c > "\x7f" and c.isalnum():
                continue
            got = text[a:b]
            lgot = None
            for key, how, alias, what in entries:
                if how == "verb" or how == "group":  # found beside any name, never in its place
                    if got == alias:
                        lists[how].append((a, b, what))
                    continue
                if key is not None and how != "user":  # blanked marks: the hit must have the key's own
                    if lgot is None:
                        lgot = low(got)
                    if lgot != key:
                        continue
                if how == "user":
                    ok = got == alias
                elif how == "office":
                    ok = True
                else:
                    ok = _written(alias, got)
                if ok:
                    cands.append((a, -b, how, what))
                    break
        cands.sort()
        last = -1
        for a, nb, how, what in cands:
            if a < last:
                continue
            last = -nb
            lists[how].append((a, -nb, what))
        out.verbs.sort()
        groups, last = [], -1
        for a, b, g in sorted(out.groups, key=lambda x: (x[0], -x[1])):  # "armed forces", not "forces" in it
            if a >= last:
                groups.append((a, b, g))
                last = b
        out.groups = groups
        return out


def surnames(hits: Hits, found: list[ActorMention], taken, text: str, titled) -> list[ActorMention]:
    """Surnames of known people alone: when the document names exactly one of the people the surname may stand
    for in full, or a title stands before it and it stands for one person only."""
    named = {m.actor for m in found}
    out = []
    for a, b, names in hits.surnames:
        if taken.overlaps(a, b):
            continue
        who = [x for x in names if x in named]
        if not who and len(names) == 1 and titled is not None and titled.search(text, max(0, a - 40), a):
            who = list(names)
        if len(who) == 1:
            out.append(ActorMention(a, b, text[a:b], who[0], "alias"))
            taken.add(a, b)
    return out


def offices(hits: Hits, found: list[ActorMention], text: str, world, when, actors,
            extra: dict | None = None) -> list[ActorMention]:
    """Office phrases with their country ("the Japanese prime minister", "Egypt's foreign minister", "the
    president of France"): the holder on the publication date, else the one holder the document names; a
    phrase followed by a name ("Egyptian Foreign Minister Badr Abdelatty") leaves the name to count. An office
    whose holder is not known ("Foreign minister of Egypt") is a person of that country, written into ``extra``."""
    if not hits.offices:
        return found
    countries = [(m.start, m.end, m.actor) for m in found if actors.get(m.actor) is not None
                 and actors[m.actor].kind == "country"]
    named = {m.actor for m in found}
    cov = bytearray(len(text) + 1)  # characters inside a mention
    for m in found:
        cov[m.start:m.end] = b"\x01" * (m.end - m.start)
    # adjectives and countries by where they end and where they start (the first listed wins)
    ends: list[dict[int, tuple[int, str]]] = [{}, {}]
    starts: list[dict[int, tuple[int, str]]] = [{}, {}]
    for i, rows in enumerate((hits.adjs, countries)):
        for x, y, c in rows:
            ends[i].setdefault(y, (x, c))
            starts[i].setdefault(x, (y, c))
    for a, b, office in hits.offices:
        if cov.find(1, a, b) != -1:
            continue  # inside a name or a role of the user's file
        country, lo, hi = None, a, b
        p = a  # before the office: blanks, and maybe a possessive before them
        while p > 0 and text[p - 1].isspace():
            p -= 1
        if p < a:
            ys = (p, p - 2) if text[p - 2:p] in ("'s", "’s") else (p,)
            for table in ends:
                hit = next((table[y] for y in ys if y in table), None)
                if hit:
                    country, lo = hit[1], hit[0]
                    break
        if country is None:
            m = _OF.match(text, b)
            if m:
                for table in starts:
                    if m.end() in table:
                        hi, country = table[m.end()]
                        break
        if country is None:
            continue
        if _NAME_NEXT.match(text, hi) and text[hi:hi + 1] in " ,":
            nxt = _NAME_NEXT.match(text, hi)
            if any(m.start >= hi and m.start < nxt.end() and (actors.get(m.actor) is None or
                                                            actors[m.actor].kind == "person") for m in found):
                continue
        holder = world.holder(office, country, when)
        if holder is None:
            who = [n for n in named if (office, country) in world.held.get(n, ())]
            holder = who[0] if len(who) == 1 else None
        name = holder or f"{office[:1].upper()}{office[1:]} of {country}"
        if holder is None and extra is not None and name not in actors:
            extra.setdefault(name, ("person", country))
        found = [m for m in found if not (m.start < hi and lo < m.end)]
        found.append(ActorMention(lo, hi, text[lo:hi], name, "role"))
        cov[lo:hi] = b"\x01" * (hi - lo)
    return found
