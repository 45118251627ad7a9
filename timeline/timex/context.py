"""What anchors a relative expression: the anchor date, the tense around the expression, the last date and
quarter mentioned; and the choice between the occurrences before and after the anchor."""
from __future__ import annotations

import bisect
import datetime as dt
import re

from .calendar import add_days, day_value, month_value, safe_date
from .vocabulary import MONTH_ABBREVIATIONS

# ---------------------------------------------------------------------------
# tense cues
# a period after an abbreviation ("Jan. 24", "Mr. Smith", "U.S. officials", "Roe vs. Wade") ends no sentence
_ABBREV = tuple(w.capitalize() for w in MONTH_ABBREVIATIONS) + (
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Prof", "St", "Rev", "Maj", "Adm",
    "vs", "No")
SENTENCE_END = re.compile(r"[.!?](?<!\b[A-Z]\.)" + "".join(r"(?<!\b%s\.)" % a for a in _ABBREV)
                          + r"[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(`]*[A-Z0-9])|\n\s*\n")
_FUTURE = re.compile(
    r"\b(?:will|wo\s*n't|won't|shall|'ll|going\s+to|plans?\s+to|planned\s+to|planning\s+to|set\s+(?:to|for)|scheduled"
    r"|slated|due\s+to|plan(?:s|ned|ning)?\s+for|planning|expects?\s+to|expected\s+to|intends?\s+to|aims?\s+to|hopes?\s+to"
    r"|prepar(?:e|es|ing)\s+for|to\s+be\s+held|would|upcoming|next\s+(?:week|month|year)|later\s+this"
    r"|is\s+to|are\s+to|as\s+soon\s+as|(?-i:may|might)\s+(?:not\s+)?(?:be\s+)?[a-z]+)\b",
    re.I)
_PAST = re.compile(
    r"\b(?:[Ss]aid|[Ss]ays|(?:[Ww]as|[Ww]ere)(?!\s+(?:not\s+)?(?:planning|going\s+to|expected|scheduled|set\s+to|due|about\s+to|slated)\b)|[Hh]ad|[Dd]id|ago|[Ll]ast|[Ee]arlier|[Yy]esterday|[Tt]old|[Mm]et|[Ll]eft"
    r"|[Ww]ent|[Cc]ame|[Ss]ent|[Hh]eld|[Ff]ell|[Rr]ose|[Bb]egan|[Ss]aw|[Gg]ave|[Tt]ook|[Mm]ade|[Ff]ound|[Ss]pent"
    r"|[Kk]illed|[Ss]poke|[Ww]rote|[Ww]on|[Ll]ost|[Pp]aid|[Ss]truck|[Ff]lew|[Ll]ed|[Bb]rought|[Tt]hought|[Kk]ept"
    r"|[Ss]ought|[Ww]ithdrew|[Cc]hose|[Bb]roke|[Ss]old|[Bb]ought|[a-z]{2,}(?<!e)ed)\b")
_ATTRIBUTIVE = re.compile(r"\b(?:a|an|the|still|yet|new|as\s+yet)\s+$", re.I)
# past cues that are never participles
_FINITE_PAST = {"said", "says", "was", "were", "had", "did", "ago", "last", "earlier", "yesterday", "went", "came",
                "fell", "rose", "began", "saw", "gave", "took", "spoke", "wrote", "flew", "withdrew", "chose", "broke"}
# how far back (characters) a mentioned quarter sets the period that "a year ago" compares with
_QREF_REACH = 1200
_WOULD_HAVE = re.compile(r"\s+(?:not\s+)?have\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|am|be|being|'s|'re|will|would|shall|should|can|could|must|to|'ll"
                             r"|stays?|remains?)\s+(?:\w+ly\s+|not\s+)?$", re.I)
# present forms of "to be": a nearer one outweighs a past cue
_PRESENT = re.compile(r"\b(?:is|are|am)\b(?!\s+(?:not\s+)?(?:\w+ly\s+)?(?:been|expected|scheduled|set|due|going|to)\b)")
# a reporting verb right before the expression dates the report: "said on Thursday it would..."
_SAID_BEFORE = re.compile(r"\b(?:said|told|announced|reported|added|stated|declared|confirmed|disclosed|warned"
                          r"|predicted|promised|pledged|vowed|urged)\s+(?:on\s+|late\s+|early\s+)?$")
# participles that announce a future event ("the planned merger", "scheduled for")
_FUTURE_PARTICIPLES = {"planned", "scheduled", "expected", "slated", "proposed", "intended", "anticipated"}
# past reporting verbs: they date the report, not the event reported
_REPORTING = {"said", "says", "told", "announced", "reported", "added", "stated", "noted", "declared",
              "confirmed", "disclosed", "indicated", "warned", "predicted", "promised", "pledged", "vowed",
              "forecast", "estimated", "projected", "agreed", "decided", "urged", "asked", "thought"}
# clause edges: tense markers beyond them belong to another clause
_CLAUSE_EDGE = re.compile(r",\s+(?:and|but|while|whereas)\s|;\s|\s(?:but|whereas)\s")
# a deadline-like preposition before a date: pick the nearest occurrence
_DEADLINE = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill|[Bb]efore|[Tt]hrough|[Nn]ow\s+and|[Dd]ue|[Dd]eadline\s+of)\s+(?:the\s+)?$")
_UNTIL = re.compile(r"\b(?:[Bb]y|[Uu]ntil|[Tt]ill)\s+$")
# "effective Feb. 1": a change that takes effect ahead
_EFFECTIVE = re.compile(r"(?<!became\s)(?<!was\s)(?<!were\s)(?<!been\s)\b[Ee]ffective\s+(?:on\s+|as\s+of\s+)?$")
# "since March": the period began before the anchor
_SINCE = re.compile(r"\b[Ss]ince\s+(?:(?:shortly|just|soon|right)\s+)?(?:(?:after|before)\s+)?(?:the\s+)?"
                    r"(?:early\s+|late\s+|mid-?\s*)?$")
_MOVED = re.compile(r"(?i)\b(?:postpon|delay|extend|defer|adjourn|push(?:ed)?\s+back|put\s+off|deadline)\w*"
                    r"\b[^.;:!?]{0,50}?\b(?:until|till|to|by)\s+(?:\w+\s+){0,4}$")
# a future cue inside a past perfect ("had been scheduled to") speaks of a past plan
_HAD_BEEN = re.compile(r"\bhad\s+been\s+(?:\w+ly\s+)?$", re.I)

# ---------------------------------------------------------------------------
# the context of one text


class AnchorContext:
    """What relative expressions of one text are resolved against: the anchor (publication date), the tense
    of the clause around each expression, the last fully resolved date (``ref``) and quarter (``qref``)
    mentioned so far."""

    __slots__ = ("text", "anchor", "anchor_dt", "sent_starts", "ref", "tense_override", "qref", "_tenses", "_cues")

    def __init__(self, text: str, anchor, tense: str | None = None):
        self.text = text
        if isinstance(anchor, dt.datetime):
            self.anchor, self.anchor_dt = anchor.date(), anchor
        else:
            self.anchor, self.anchor_dt = anchor, None
        self.sent_starts: list[int] | None = None
        self.ref: tuple[dt.date, str] | None = None  # last resolved explicit date and its precision
        self.tense_override = tense
        self._tenses: dict[tuple[int, int], tuple[str, bool]] = {}
        self.qref: tuple[dt.date, int] | None = None  # last quarter mentioned (its first day, text offset)
        self._cues: dict = {}  # tense cue pattern -> (starts, matches) over the whole text

    def tense(self, start: int, end: int) -> str:
        return self.tense_detail(start, end)[0]

    def tense_detail(self, start: int, end: int) -> tuple[str, bool]:
        """(tense of the clause around start..end, whether its past cue is only a reporting verb)."""
        if self.tense_override:
            return self.tense_override, False
        known = self._tenses.get((start, end))
        if known is None:
            known = self._tenses[(start, end)] = self._tense_detail(start, end)
        return known

    def cues(self, pattern: re.Pattern, s0: int, s1: int):
        """The matches of a tense cue pattern that lie within s0..s1. The text is scanned once per pattern and
        each clause looks its cues up, so a text dense with expressions costs no more than its length."""
        found = self._cues.get(pattern)
        if found is None:
            matches = list(pattern.finditer(self.text))
            found = self._cues[pattern] = ([m.start() for m in matches], matches)
        starts, matches = found
        for i in range(bisect.bisect_left(starts, s0), len(starts)):
            m = matches[i]
            if m.start() >= s1:
                break
            if m.end() <= s1:
                yield m

    def _tense_detail(self, start: int, end: int) -> tuple[str, bool]:
        if self.sent_starts is None:
            self.sent_starts = [0] + [m.end() for m in SENTENCE_END.finditer(self.text)]
        i = bisect.bisect_right(self.sent_starts, start) - 1
        s0 = self.sent_starts[i]
        s1 = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        s1 = min(s1, end + 250)
        s0 = max(s0, start - 250)
        for m in self.cues(_CLAUSE_EDGE, s0, s1):
            if m.end() <= start:
                s0 = m.end()
            elif m.start() >= end:
                s1 = m.start()
                break
        text = self.text
        fut = past = None
        for m in self.cues(_FUTURE, s0, s1):
            if start <= m.start() < end:
                continue
            if m.group().lower() == "would" and _WOULD_HAVE.match(text, m.end()):
                continue  # counterfactual "would have": no future
            if _HAD_BEEN.search(text, max(0, m.start() - 25), m.start()):
                continue  # "had been scheduled to": a past plan
            d = start - m.end() if m.end() <= start else m.start() - end
            if fut is None or d < fut:
                fut = d
        reporting = True
        for m in self.cues(_PAST, s0, s1):
            if start <= m.start() < end:
                continue
            w = m.group()
            if w[:2] == "un" and w.endswith("ed") and _ATTRIBUTIVE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "a still unspecified date": an adjective
            if w.lower() not in _FINITE_PAST and _PASSIVE_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                continue  # "is expected", "are scheduled": a present passive, not a past event
            if w.lower() in _FUTURE_PARTICIPLES:
                continue
            d = start - m.end() if m.end() <= start else m.start() - end
            if w.lower() not in _REPORTING:
                reporting = False
            if past is None or d < past:
                past = d
        if fut is not None and (past is None or fut <= past):
            if past is not None and _SAID_BEFORE.search(text, max(0, start - 20), start):
                return "past", True
            return "future", False
        if past is not None:
            # a present verb nearer than any past one ("when the case is heard in May"): no direction
            for m in self.cues(_PRESENT, max(s0, start - past), min(s1, end + past)):
                if not start <= m.start() < end:
                    return "present", False
            return "past", reporting
        return "present", False

    def quarter_ref(self, pos: int) -> dt.date | None:
        """First day of the quarter under discussion (mentioned within the preceding paragraphs), if any."""
        if self.qref is not None and 0 <= pos - self.qref[1] <= _QREF_REACH:
            return self.qref[0]
        return None

    def base(self) -> dt.date | None:
        """Reference for anaphoric expressions: the last full date mentioned, else the anchor."""
        if self.ref is not None and self.ref[1] == "day":
            return self.ref[0]
        return self.anchor


def result(ctx_type: str, val, mod=None, relative=False, anchored=True) -> tuple:
    """What a class handler returns: (TIMEX3 type, value tuple, mod, relative, anchored)."""
    return (ctx_type, val, mod, relative, anchored)


def unanchored(value: str, type_: str = "DATE", mod=None) -> tuple:
    """A relative expression read without an anchor: X placeholders, no dates."""
    return (type_, (value, None, None, None), mod, True, False)


# ---------------------------------------------------------------------------
# choosing the occurrence meant

def pick_side(ctx: AnchorContext, span, prev, nxt, dprev: float, dnext: float, period: float = 365):
    """Choose between the occurrence on/before the anchor and the one on/after it.

    ``period`` is the length of the cycle in the unit of ``dprev``/``dnext``
    (365 days, 12 months, 4 quarters...).  The tense of the sentence picks the
    side, unless that side lies more than half a cycle away while the other
    lies within a quarter of one: news rarely leaves out the year of a date
    that far off, so a tense cue that points there is more likely misread.
    """
    if prev == nxt:
        return prev
    before = ctx.text[max(0, span[0] - 30):span[0]]
    if _SINCE.search(before):
        return prev
    if _EFFECTIVE.search(before):
        return nxt
    tense, reporting = ctx.tense_detail(*span)
    if _DEADLINE.search(before):
        if tense == "future" and not (dnext > period / 2 and dprev <= period / 4):
            return nxt
        return prev if dprev <= dnext else nxt
    if tense == "future":
        if dnext > period / 2 and dprev <= period / 4:
            return prev
        return nxt
    if tense == "past":
        # a month name alone is often a date of the past year; only a reporting verb ("said") is a weak cue
        if dprev > period / 2 and dnext <= period / 4 and (period != 12 or reporting):
            return nxt
        return prev
    return prev if dprev <= dnext else nxt


def resolve_month_day(ctx: AnchorContext, span, mon: int, day: int, mod=None):
    if ctx.anchor is None:
        return unanchored(f"XXXX-{mon:02d}-{day:02d}", mod=mod)
    a = ctx.anchor

    def occ(y):
        for k in range(4):
            d = safe_date(y - k if y <= a.year else y + k, mon, day)
            if d:
                return d
        return None
    d = occ(a.year)
    if d is None:
        return None
    if d <= a:
        prev, nxt = d, (d if d == a else occ(a.year + 1))
    else:
        prev, nxt = occ(a.year - 1), d
    if prev is None or nxt is None:  # the other occurrence lies beyond the calendar
        d = prev or nxt
    else:
        d = pick_side(ctx, span, prev, nxt, (a - prev).days, (nxt - a).days)
    return result("DATE", day_value(d), mod, True)


def resolve_month(ctx: AnchorContext, span, mon: int, mod=None, det: str | None = None):
    if ctx.anchor is None:
        return unanchored(f"XXXX-{mon:02d}", mod=mod)
    a = ctx.anchor
    det = (det or "").lower()
    if det == "last" or "past" in det or "previous" in det:
        y = a.year if mon < a.month else a.year - 1
    elif det == "next" or "coming" in det or "following" in det:
        y = a.year if mon > a.month else a.year + 1
    elif det in ("this",):
        y = a.year
    elif mon == a.month:
        y = a.year
    else:
        py = a.year if mon < a.month else a.year - 1
        ny = a.year if mon > a.month else a.year + 1
        y = pick_side(ctx, span, py, ny, (a.year - py) * 12 + a.month - mon, (ny - a.year) * 12 + mon - a.month, 12)
    return result("DATE", month_value(y, mon), mod, True)


def resolve_weekday(ctx: AnchorContext, span, wd: int, det: str | None = None):
    a = ctx.anchor
    if a is None:
        return None
    det = (det or "").lower()
    if det == "last" or "past" in det or "previous" in det:
        return add_days(a, -((a.weekday() - wd) % 7 or 7))
    if det == "next" or "coming" in det or "following" in det:
        return add_days(a, (wd - a.weekday()) % 7 or 7)
    if det == "this":
        return add_days(a, wd - a.weekday())
    if ctx.text[span[1]:span[1] + 2] in ("'s", "\u2019s"):
        # "Wednesday's ruling": an event named by its day has mostly taken place
        return add_days(a, -((a.weekday() - wd) % 7))
    tense = ctx.tense(*span)
    if tense == "future" or (tense == "present" and _UNTIL.search(ctx.text, max(0, span[0] - 12), span[0])) \
            or _deadline_moved(ctx, span):
        return add_days(a, (wd - a.weekday()) % 7)
    return add_days(a, -((a.weekday() - wd) % 7))


def _deadline_moved(ctx: AnchorContext, span) -> bool:
    """ "postponed until Tuesday", "extended the deadline to Friday": a new date ahead, whatever the tense."""
    before = ctx.text[max(0, span[0] - 80):span[0]]
    return bool(_MOVED.search(before))


def looks_verbal(text: str, span) -> bool:
    """True when a capitalized May/March is a verb (modal 'May I', 'March on ...')."""
    s, e = span
    word = text[s:e].split()[0] if text[s:e].split() else ""
    after = text[e:e + 30]
    prev = text[max(0, s - 3):s]
    sent_start = s == 0 or bool(re.search(r"(?:[.!?:;\"'\u201c(]|\n)\s*$", text[max(0, s - 4):s])) \
        or not prev.strip()
    if word.startswith("May"):
        if sent_start and re.match(r"\s+(?:I|we|you|he|she|it|they|the|God|[a-z]+)\b", after):
            return not re.match(r"\s+(?:\d|of\b|and\b|to\s+\w+\s+\d)", after)
    if word.startswith("March") and len(text[s:e].split()) == 1:
        if re.match(r"\s+(?:on|to|against|through|toward|towards|into|for|in\s+the\s+streets)\b", after) and \
                not re.search(r"(?i)\b(?:in|of|since|until|by|early|late|mid|last|next|this)\s*$",
                              text[max(0, s - 12):s]):
            return True
    return False
