"""Finding actors in sentences: known names and aliases, roles, and people not in the list.

Known actors come from ``data/actors.csv``. A person missing from the file is still
found when a title stands before the name (``Deputy Foreign Minister Alexander
Grushko``) or a speech verb after it (``Sergei Ryabkov said``); later bare surnames
in the same document point to the same person. A role (``the Kremlin spokesperson``)
counts as an actor only when the document names exactly one actor with that role.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from . import boilerplate, discovery, matcher
from ..knowledge import Actor, Knowledge
from ..knowledge import world as world_mod
from .records import ActorMention

_LOCATIVE = re.compile(r"(?:\b(?:in|at|to|from|near|into|across|inside|throughout|towards?|around|outside|via|visit(?:ed|ing)?|over)\s+(?:the\s+)?)$", re.I)
# A country's name inside a larger place or body name is not the country: "the Gulf of Mexico", "New Mexico",
# "the Bank of England".
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:Gulf|Bay|Sea|Straits?|Isles?|Islands?|Lake|Coast|Cape|Port|Mount|Sound|Channel|Horn|Basin|Peninsula"
    r"|River|Valley|Desert|Plateau|Province|Bank|University|Church|Museum)\s+of\s+(?:the\s+)?|\bNew\s+)$")
# A country after a place it locates is part of the place: "met in Helsinki, Finland", "from Osaka, Japan" (but "In
# Ukraine, Russia launched ..." names Russia: the place before the comma is another country).
_LOCATED_IN = re.compile(r"\b(?:in|at|near|from|outside|to|visit(?:ed|ing|s)?)\s+((?:[A-Z][\w'’.-]*\s+){0,2}"
                         r"[A-Z][\w'’.-]*),\s+$")
# A name token after its capital, maybe with a capital inside ("McKay", "DeSantis", "O'Brien") or a hyphen.
_NAME_REST = r"[a-zà-ÿ'’]+(?:[A-Z][a-zà-ÿ'’]+)?(?:-[A-Z]?[a-zà-ÿ'’]+(?:[A-Z][a-zà-ÿ'’]+)?)?"
_NAME_TOKEN = r"[A-Z]" + _NAME_REST
_NAME = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}}"
# The patterns below begin with a plain character class and check what stands before it by a lookbehind
# after that character: the regex engine then skips every position that cannot start a match in C.
# (``[A-Z](?<!X[A-Z])`` is ``(?<!X)[A-Z]``, and ``[A-Z](?<!\w[A-Z])`` is ``\b[A-Z]``.)
_CAPS = re.compile(rf"[A-Z](?<![\w'’-][A-Z]){_NAME_REST}\.?(?:\s+{_NAME_TOKEN}\.?)+")
_TOKEN = re.compile(rf"{_NAME_TOKEN}\.?")
# A later word of a name: maybe after particles ("Ursula von der Leyen") or with a hyphenated one
# ("Abdel Fattah al-Burhan").
_NEXT = (rf"(?:\s+(?:bin|ibn|van|von|der|den|de|da|di|du|del|della|la|le|al|el)){{0,2}}\s+"
         rf"(?:(?:al|el|ad|as|ash|an|at|az|ul|bin|abu|ben)-)?{_NAME_TOKEN}")
# People named right before what they did: speech ("Sergei Ryabkov said") or another act ("Tony Hayward met").
SPEECH_VERBS = ("said", "says", "told", "tells", "added", "stated", "wrote", "warned", "argued", "noted",
                "explained", "insisted")
ACT_VERBS = ("met", "visited", "signed", "resigned", "ordered", "rejected", "accused", "urged", "vowed",
             "threatened", "denied", "confirmed", "agreed", "announced", "appointed", "dismissed", "arrived",
             "returned", "spoke", "testified", "pledged", "promised", "proposed", "criticized", "criticised",
             "condemned", "welcomed", "praised", "tweeted", "posted", "acknowledged", "admitted", "apologized",
             "apologised", "declined", "refused", "predicted", "suggested", "announces", "visits", "meets")
_SPEECH_AFTER = re.compile(rf"([A-Z](?<!\w[A-Z]){_NAME_REST}(?:{_NEXT}){{1,2}})"
                           rf"(?=,?\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)?"
                           rf"(?:{'|'.join(SPEECH_VERBS + ACT_VERBS)})\b)")
# Read from a reporting verb (found by the automaton): the speaker after it ('..., said Doug Helton of the
# agency'), or a name and its role or age between commas before it ('Mary Ruiz, a spokeswoman for the Interior
# Department, said', 'Bob Smith, 41, of Mobile, said', 'Mike Foster, vice president of marketing at the
# bureau, said'; group 2 is the role, where a body may stand).
_REPORTING = {"said", "says", "added", "warned", "stated", "confirmed", "denied", "announced"}  # not "told": an addressee follows
_SPEAKER_AFTER = re.compile(rf"\s+([A-Z]{_NAME_REST}(?:{_NEXT}){{1,2}})(?![\w'’-])")
_APPOSITIVE = re.compile(rf"(?<![\w'’-])([A-Z]{_NAME_REST}(?:{_NEXT}){{1,2}}),\s+"
                         rf"((?:\d{{1,3}},\s+)?(?:(?:a|an|the|who|of)\s+[^,;:\"“”()]{{2,120}}?|[a-z][^,;:\"“”()]{{2,120}}?)"
                         rf"(?:,\s+[^,;:\"“”()]{{2,40}}?)?),\s+$")
# One capitalized word as a person: after a courtesy title ("Mr Hayward"), or right before a speech verb.
# (Mr, Mrs, Ms, Miss, Dr, Prof: a plain first character, checked by lookbehinds, lets the engine skip in C.)
_HONORIFIC = re.compile(rf"[MDP](?<![\w-][MDP])(?:(?<=M)(?:rs?|s|iss)|(?<=D)r|(?<=P)rof)\.?\s+"
                        rf"([A-Z]{_NAME_REST})(?![\w'’-])")
_BARE_BEFORE = re.compile(rf"(?<![\w'’-])([A-Z]{_NAME_REST}),?\s+(?:(?:has|had|also|later)\s+)?$")
_BARE_VERBS = {"said", "says", "told", "added"}  # found by the automaton (see discovery.ACTING_VERBS)
# Capitalized words that start a sentence before "said" without naming anyone.
_NOT_SPEAKER = {"officials", "police", "authorities", "analysts", "experts", "sources", "residents", "witnesses",
                "critics", "investigators", "doctors", "scientists", "researchers", "protesters", "activists",
                "diplomats", "lawmakers", "prosecutors", "regulators", "engineers", "workers", "troops", "rebels",
                "militants", "observers", "aides", "others", "many", "some", "both", "all", "few", "most", "one",
                "everyone", "nobody", "someone", "people", "families", "survivors", "organizers", "organisers",
                "officers", "soldiers", "fighters", "medics", "staff", "spokesmen", "reports", "documents",
                "statement", "data", "polls", "tests", "studies", "records", "figures", "estimates", "locals",
                "villagers", "farmers", "fishermen", "economists", "traders", "investors", "bankers", "lawyers",
                "judges", "ministers", "leaders", "members", "voters", "citizens", "students", "teachers",
                "parents", "relatives", "neighbours", "neighbors", "friends", "colleagues", "she", "he", "they",
                "we", "i", "you", "it", "this", "that", "there", "who", "which", "what", "none", "each", "another",
                "several", "another", "also", "then", "later", "earlier", "yesterday", "today", "tonight"}
# Words of a title that may stand between a title and the name ("Chief Operating Officer Doug Suttles").
_ROLE_WORDS = {"operating", "officer", "executive", "financial", "director", "managing", "chairman", "chairwoman",
               "vice", "counsel", "commander", "administrator", "commissioner", "adm", "admiral", "commandant",
               "sen", "senator", "rep", "representative", "gov", "lt", "col", "capt", "sgt", "attorney", "judge",
               "justice", "spokesman", "spokeswoman", "spokesperson", "analyst", "professor", "prof", "coach", "ceo",
               "cfo", "coo", "founder", "owner", "manager", "editor", "correspondent", "reporter", "economist",
               "lawyer", "scientist", "researcher", "expert", "activist", "author", "historian", "consultant",
               "engineer", "biologist", "trader", "strategist", "chairman", "president", "minister", "secretary"}
# Capitalized words that are not parts of a person's name.
_NOT_NAME = {
    "the", "a", "an", "this", "that", "these", "those", "but", "and", "or", "in", "on", "at", "for", "with", "from", "by",
    "as", "if", "when", "while", "after", "before", "since", "during", "asked", "speaking", "meanwhile", "however",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "foreign", "ministry", "minister", "defense", "defence", "general", "staff", "council", "security",
    "house", "news", "office", "department", "agency", "committee", "party", "army", "forces", "force", "state",
    "states", "national", "united", "european", "russian", "ukrainian", "american", "western", "eastern", "southern",
    "northern", "union", "nations", "kremlin", "white", "air", "navy", "government", "parliament", "congress",
    "senate", "court", "supreme", "federal", "republic", "democratic", "republican", "times", "post", "journal",
    "press", "media", "television", "radio", "group", "company", "bank", "central", "oblast", "region", "city",
    "street", "square", "palace", "summit", "day", "week", "year", "month", "president", "presidential", "prime",
    "deputy", "secretary", "spokesperson", "spokesman", "spokeswoman", "chief", "head", "leader", "mr", "mrs", "ms",
    "dr", "he", "she", "they", "we", "it", "his", "her", "their", "our", "its", "regional", "gov", "governor", "mayor",
    "officials", "official", "sources", "source", "intelligence", "institute", "university", "centre", "center",
    "international", "world", "global", "special", "military", "operation", "social", "truth", "black", "sea",
    "north", "south", "east", "west", "new", "old", "saint", "st", "fort", "lake", "mount", "airport", "beach",
    "diplomatic", "service", "political", "community", "economic", "forum", "conference", "club", "organization",
    "coast", "island", "islands", "sound", "bay", "river", "harbor", "harbour", "strait", "oil", "spill", "consortium",
    "facility", "services", "claims", "guard", "guards", "patrol",
    # words that start a sentence
    "so", "now", "then", "still", "yet", "also", "here", "there", "thus", "instead", "indeed", "later", "earlier",
    "today", "tonight", "yesterday", "tomorrow", "last", "next", "even", "just", "only", "both", "all", "some",
    "many", "most", "what", "why", "how", "where", "who", "whose", "which", "once", "perhaps", "maybe", "according",
}


@dataclass(frozen=True)
class _Pattern:
    alias: re.Pattern
    alias_map: dict
    roles: re.Pattern | None
    role_map: dict
    titled: re.Pattern | None


class ActorFinder:
    def __init__(self, knowledge: Knowledge):
        self.actors: dict[str, Actor] = {a.name: a for a in knowledge.actors}
        self.user_names = frozenset(self.actors)  # the actors of the user's data/actors.csv
        alias_map: dict[str, str] = {}
        for a in knowledge.actors:
            for al in a.aliases:
                alias_map.setdefault(al, a.name)
        role_map: dict[str, list[str]] = {}
        for a in knowledge.actors:
            for r in a.roles:
                role_map.setdefault(r.lower(), []).append(a.name)
        alias_re = re.compile(_by_first_char(alias_map) + r"(?![\w-])") if alias_map else re.compile(r"(?!x)x")
        roles_re = re.compile(_first_chars([c for r in role_map for c in (r[:1].lower(), r[:1].upper())])
                              + r"(?<![\w-])(?:" + "|".join(
            re.escape(r) for r in sorted(role_map, key=len, reverse=True)) + r")(?![\w-])", re.I) if role_map else None
        # The same roles after any character that is neither a word character nor a hyphen (found fast, in C).
        self._roles_after = re.compile(r"[^\w-]" + _caseless_by_first_char(role_map) + r"(?![\w-])") \
            if role_map and all(r[:1].isascii() for r in role_map) else None
        titles = sorted(knowledge.titles, key=len, reverse=True)
        titled = re.compile(r"(?<![\w])(?i:" + "|".join(re.escape(t) for t in titles) + r")\.?\s+$") \
            if titles else None
        self.title_words = {w.lower().rstrip(".") for t in titles for w in t.split()}
        self._lead = frozenset(self.title_words | _ROLE_WORDS | {"rebel", "militia", "opposition"})
        self._p = _Pattern(alias_re, alias_map, roles_re, role_map, titled)
        self.world = world_mod.load(knowledge)
        for name, a in self.world.actors.items():
            self.actors.setdefault(name, a)
        self.names = matcher.Names(alias_map, self.world)
        self.extra: dict[str, tuple[str, str]] = {}  # actors found with no list: name -> (kind, side)

    def _titled_names(self, seg: str, taken: "_Taken | None" = None, at: int = 0,
                      pos: int = 0) -> list[tuple[int, int, str]]:
        """Capitalized names that follow a title ("Deputy Foreign Minister Alexander Grushko"), from ``pos`` on.
        With ``taken`` (the claims on the text ``seg`` starts at ``at`` of), runs of capitalized words already
        claimed throughout are passed over: no name inside them could be kept."""
        out = []
        for m in _CAPS.finditer(seg, pos):
            if taken is not None and taken.covers(at + m.start(), at + m.end()):
                continue
            toks = [(t.start(), t.end(), t.group(0)) for t in _TOKEN.finditer(m.group(0))]
            i = 0  # the name starts after the last title word of the run
            for k, t in enumerate(toks):
                if t[2].lower().rstrip(".") in self.title_words:
                    i = k + 1
            rest = toks[i:]
            while len(rest) > 2 and rest[0][2].lower().rstrip(".") in _ROLE_WORDS:
                rest = rest[1:]
            if len(rest) < 2:
                continue
            rest = rest[:3]
            a, b = m.start() + rest[0][0], m.start() + rest[-1][1]
            if i > 0 or self._p.titled.search(seg, max(0, m.start() - 40), m.start()):
                out.append((a, b, seg[a:b]))
        return out

    def _bare_surnames(self, text: str, focus, found: list[ActorMention], taken: "_Taken",
                       people: dict[str, str], hits) -> list[ActorMention]:
        """One capitalized word that names a person: after Mr, Ms, Dr ("Mr Hayward"), or right before a speech
        verb ("Hayward said"). The person of the document with that surname when there is one (named in full
        here), else the word itself: how "surname" (after Mr: a person for sure) or "bare" (before a verb: kept
        only if the corpus names one person with that surname in full, see ``linking``)."""
        out = []
        full: dict[str, set[str]] = {}
        for x in found:
            if " " in x.actor and self._kind(x.actor) == "person":
                full.setdefault(x.actor.split()[-1], set()).add(x.actor)
        cands = [(m, "surname", s) for s, e in focus for m in _HONORIFIC.finditer(text, s, e)]
        for va, _, verb, s, _ in discovery.in_spans(hits.verbs, focus):
            if verb in _BARE_VERBS:
                m = _BARE_BEFORE.search(text, max(s, va - 40), va)
                if m is not None:
                    cands.append((m, "bare", s))
        for m, how, s in cands:
            a, b, word = m.start(1), m.end(1), m.group(1)
            if word[-2:] in ("'s", "’s"):  # "Mr Dudley's plan": the person
                word, b = word[:-2], b - 2
            if taken.overlaps(a, b) or word.lower() in _NOT_NAME or word.lower() in self._lead:
                continue
            if how == "bare":
                before = text[max(s, a - 40):a].split()
                if before and before[-1][:1].isupper() and before[-1][-1:].isalpha():
                    continue  # the last word of a longer name ("Tony Hayward said"), read as a whole
                if word.lower() in _NOT_SPEAKER or self.world.country_of(word):
                    continue
            who = full.get(word, set()) | ({people[word]} if word in people else set())
            if len(who) == 1:
                out.append(ActorMention(a, b, word, next(iter(who)), "alias"))
            else:
                out.append(ActorMention(a, b, word, word, how))
            taken.add(a, b)
        return out

    def _roles_in(self, text: str, s: int, e: int):
        """``self._p.roles.finditer(text, s, e)``, the same matches, found faster."""
        roles, after = self._p.roles, self._roles_after
        if after is None:
            yield from roles.finditer(text, s, e)
            return
        pos = s
        while True:
            m = roles.match(text, pos, e)  # a role right at pos (what stands before pos decides)
            if m is None:
                nxt = after.search(text, pos, e)  # else the first one after a non-word character past pos
                if nxt is None:
                    return
                m = roles.match(text, nxt.start() + 1, e)
            yield m
            pos = m.end()

    def info(self, name: str) -> Actor | None:
        a = self.actors.get(name)
        if a is None and name in self.extra:
            kind, side = self.extra[name]
            return Actor(name, (name,), kind, side, ())
        return a

    def _kind(self, name: str) -> str:
        a = self.actors.get(name)
        return a.kind if a else "person"

    def describe(self, name: str) -> tuple[str, str, str]:
        """(kind, side, origin) of an actor: origin is "yours" (data/actors.csv), "world" (the shipped world
        tables) or "discovered" (found in the text with no list; a person unless found otherwise)."""
        a = self.actors.get(name)
        if a is not None:
            return a.kind, a.side, "yours" if name in self.user_names else "world"
        kind, side = self.extra.get(name, ("person", ""))
        return kind, side, "discovered"

    def find(self, text: str, spans: list[tuple[int, int]], when=None,
             focus: list[tuple[int, int]] | None = None) -> list[ActorMention]:
        """Actor mentions inside the given (start, end) spans of a document's text, sorted by start. ``when``
        (the publication date) resolves office phrases ("the Japanese prime minister") to their holder.

        ``focus`` (some of the spans, in order) limits the costlier readings -- people and bodies found with no
        list, roles -- to the spans that matter (the sentences that carry a date and those just before them);
        names from the lists are found in every span, so that a surname or role later in the document still
        finds the actor named in full anywhere."""
        p = self._p
        focus = spans if focus is None else focus
        found: list[ActorMention] = []
        taken = _Taken(len(text))
        people: dict[str, str] = {}  # people who are not in the file: surname -> name
        sides: list[tuple[int, int, int]] = []  # (where a name starts, its role's start and end)

        def discovered(cands) -> None:
            """People found by their place in the sentence: trimmed, kept where nothing was found yet, a later
            bare surname pointing to the first full name."""
            for a, b, name in cands:
                a, b, name = _trim_name(text, a, b, name, self._lead)
                if not name or taken.overlaps(a, b):
                    continue
                canon = people.setdefault(name.split()[-1], name)
                found.append(ActorMention(a, b, name, canon, "discovered"))
                taken.add(a, b)

        hits = self.names.scan(text, spans)
        country_ends = {b: name for _, b, name in hits.names if self.actors[name].kind == "country"}
        for a, b, name in hits.names:
            actor = self.actors[name]
            if actor.kind != "person" and _LOCATIVE.search(text, max(0, a - 24), a):
                continue
            if actor.kind == "country" and _PLACE_BEFORE.search(text, max(0, a - 24), a):
                continue
            if actor.kind == "country":
                located = _LOCATED_IN.search(text, max(0, a - 60), a)
                # "Helsinki, Finland" (a capital: the same country) is a place; "In Ukraine, Russia ..." is not
                if located and country_ends.get(located.end(1), name) == name:
                    continue
            found.append(ActorMention(a, b, text[a:b], actor.name, "name" if text[a:b] == actor.name else "alias"))
            taken.add(a, b)
        # names from the lists come first (spans do not overlap: what one span finds never touches another)
        # people named before a speech verb or after a title: read over the whole text at once, each name kept
        # when it stands inside one span; a span's speech names come before its titled ones
        cands = [(m.start(1), 0, m.end(1), m.group(1)) for m in _SPEECH_AFTER.finditer(text, spans[0][0])] \
            if spans else []
        if p.titled and spans:
            cands += [(a, 1, b, name) for a, b, name in self._titled_names(text, taken, 0, spans[0][0])]
        if cands:
            starts = [x for x, _ in spans]
            keyed, again = [], set()
            for a, order, b, name in cands:
                i = bisect.bisect_right(starts, a) - 1
                if i >= 0 and b <= spans[i][1]:
                    keyed.append((i, order, a, b, name))
                elif i >= 0 and a < spans[i][1]:
                    again.add(i)  # a run of capitals that goes on past its sentence: read the sentence alone
            for i in again:
                s, e = spans[i]
                seg = text[s:e]
                keyed = [k for k in keyed if k[0] != i]
                keyed += [(i, 0, s + m.start(1), s + m.end(1), m.group(1)) for m in _SPEECH_AFTER.finditer(seg)]
                if p.titled:
                    keyed += [(i, 1, s + a, s + b, name) for a, b, name in self._titled_names(seg, taken, s)]
            keyed.sort()
            discovered([(a, b, name) for _, _, a, b, name in keyed])
        # speakers next to a reporting verb, in the spans that matter
        for va, vb, verb, s, e in discovery.in_spans(hits.verbs, focus):
            if verb not in _REPORTING and verb != "told":
                continue
            cands = []
            m = _SPEAKER_AFTER.match(text, vb, e) if verb in _REPORTING else None  # after "told": an addressee
            if m:
                cands.append((m.start(1), m.end(1), m.group(1)))
            if text[va - 2:va] == ", ":
                m = _APPOSITIVE.search(text, max(s, va - 220), va)
                if m:
                    cands.append((m.start(1), m.end(1), m.group(1)))
                    sides.append((m.start(1), m.start(2), m.end(2)))
            discovered(cands)
        found += matcher.surnames(hits, found, taken, text, p.titled)
        named = {m.actor for m in found if m.how != "discovered"}
        if people:
            sur = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in people) + r")(?![\w-])")
            for s, e in focus:
                for m in sur.finditer(text, s, e):
                    if not taken.overlaps(m.start(), m.end()):
                        found.append(ActorMention(m.start(), m.end(), m.group(0), people[m.group(0)], "discovered"))
                        taken.add(m.start(), m.end())
        found += discovery.discover(text, focus, found, taken, self.world, self.actors, self.extra, hits, spans)
        found += self._bare_surnames(text, focus, found, taken, people, hits)
        # A person's side from the body in their role ("a spokeswoman for the Interior Department").
        for at, a, b in sides:
            who = next((x for x in found if x.start == at), None)
            body = next((x.actor for x in found if a <= x.start < b and self._kind(x.actor) != "person"), None)
            if who is not None and body is not None and who.actor not in self.actors:
                self.extra.setdefault(who.actor, ("person", body))
        # Roles, where the document names exactly one actor with that role. An organization or country
        # inside a role ("Kremlin" in "Kremlin spokesperson") is part of the role, not an actor.
        if p.roles:
            for s, e in focus:
                for m in self._roles_in(text, s, e):
                    a, b = m.start(), m.end()
                    if taken.overlaps(a, b):
                        over = [x for x in found if x.start < b and a < x.end]
                        if any(self._kind(x.actor) == "person" for x in over):
                            continue
                        found = [x for x in found if not (x.start < b and a < x.end)]
                    who = [n for n in p.role_map[m.group(0).lower()] if n in named]
                    follow = text[b:b + 40]
                    if len(who) != 1 or _named_after(who[0].split()[-1]).match(follow):
                        continue  # ambiguous, or "Kremlin spokesperson Dmitry Peskov": the name counts already
                    found.append(ActorMention(a, b, m.group(0), who[0], "role"))
        found = matcher.offices(hits, found, text, self.world, when, self.actors, self.extra)
        # A dateline ("HONG KONG, May 2 (Reuters) - ") names where and by whom a story was filed: no actor there.
        leads = [(s, x) for s, e in spans if (s == 0 or "\n" in text[s - 2:s])  # a paragraph's first sentence
                 and (x := boilerplate.lead_end(text, s, e)) > s]
        if leads:
            found = [m for m in found if not any(s <= m.start < x for s, x in leads)]
        found.sort(key=lambda m: (m.start, -m.end))
        return found


@lru_cache(maxsize=1024)
def _named_after(surname: str) -> re.Pattern:
    """A role followed by the actor's own name ("Kremlin spokesperson Dmitry Peskov")."""
    return re.compile(r"\s*,?\s*(?:[A-Z][\w.'’-]+\s+){0,3}" + re.escape(surname))


def _trim_name(seg: str, a: int, b: int, name: str, lead=frozenset()) -> tuple[int, int, str]:
    """A found name without the words around it that are no part of it (``lead``: title words before it, as in
    "Commander Idris Malouf"); "" when what is left is no person's name."""
    toks = name.split()
    while toks and (toks[0].lower().strip("'’") in _NOT_NAME or toks[0].lower().rstrip(".") in lead):
        a += seg[a:b].find(toks[0]) + len(toks[0])
        a += len(seg[a:b]) - len(seg[a:b].lstrip())
        toks = toks[1:]
    while toks and (toks[-1].lower().strip("'’") in _NOT_NAME or toks[-1].lower().rstrip(".") in lead):
        toks = toks[:-1]  # "Aon Benfield Chairman"
    if len(toks) < 2 or any(t.lower().strip("'’") in _NOT_NAME for t in toks):
        return a, b, ""
    if discovery.ORG_WORD.search(name):  # "Acme Corp said": a body, left to discovery
        return a, b, ""
    name = " ".join(toks)
    name = re.sub(r"['’]s$", "", name)
    if name.endswith(".") and len(toks[-1]) > 3:  # "said Admiral Thad Allen.": the sentence's full stop
        name = name[:-1]
    b = a + len(name)
    if seg[a:b] != name:
        return a, b, ""
    return a, b, name


class _Taken:
    """Characters already claimed by a mention: overlap checks in C, not in a Python loop."""

    def __init__(self, n: int):
        self.cov = bytearray(n + 1)

    def add(self, a: int, b: int) -> None:
        self.cov[a:b] = b"\x01" * (b - a)

    def overlaps(self, a: int, b: int) -> bool:
        return self.cov.find(1, a, b) != -1

    def covers(self, a: int, b: int) -> bool:
        return self.cov.find(0, a, b) == -1


def _by_first_char(words) -> str:
    r"""``(?<![\w-])(?:w1|w2|...)``, longest first, as a pattern that starts with a plain character: the words
    grouped by their first character, each group checking what stands before it by a lookbehind."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(w[1:])
    alts = []
    for c, rests in groups.items():
        ec = re.escape(c)
        alts.append(ec + r"(?<![\w-]" + ec + ")(?:" + "|".join(map(re.escape, rests)) + ")")
    return "(?:" + "|".join(alts) + ")"


# The characters other than an ASCII letter's two cases that re.IGNORECASE lets match it.
_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _caseless_by_first_char(words) -> str:
    """``(?i:w1|w2|...)`` (longest first; words start with an ASCII character), with each first character
    spelled out in every form that matches it ignoring case, so that the alternation is tried only where
    one of them stands."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0].lower(), []).append(w[1:])
    alts, first = [], []
    for c, rests in groups.items():
        for v in dict.fromkeys((c, c.upper()) + _FOLDS):
            if re.fullmatch(re.escape(c), v, re.I):
                first.append(v)
                alts.append(re.escape(v) + "(?i:" + "|".join(map(re.escape, rests)) + ")")
    return "(?=[" + "".join(map(re.escape, first)) + "])(?:" + "|".join(alts) + ")"


def _first_chars(words) -> str:
    """A lookahead on the possible first characters: lets a long alternation skip most positions at once."""
    chars = sorted({w[0] for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])" if chars else ""
