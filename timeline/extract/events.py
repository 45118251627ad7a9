"""From a document's sentences, time expressions and actors to dated events.

Each dated time expression in the story (or a caption) is tied to the clause it stands
in: the clause's first event word gives the event type, the actor nearest before it
(or, failing that, after it) is the subject. Reported speech is cut at ``that`` so
"Peskov said on Friday that Putin congratulated Trump on Thursday" yields Peskov's
statement on Friday and Putin's act on Thursday.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from .. import timex as timex_mod
from .actors import ActorFinder
from .mastheads import Mastheads
from ..knowledge import Knowledge
from .records import ActorMention, Document, Event, Mention, Sentence

_EVENT_PRECISIONS = {"time", "day", "week", "month", "season", "quarter", "half", "year", "decade"}
_CLAUSE_BREAK = re.compile(
    r"\s(?:that|whom?|which|where|while|whereas|but|because|although|though|if|unless|so that)\s"
    r"|;\s|\s[—–]\s|,\s(?:and|but|who|which|while|after|before|as|when|with|according to)\s|:\s[\"“]|\s[\"“]"
    r"|[,.!?]?[\"”]\s", re.I)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|plans?|planned|planning|prepares?|preparing|intends?|expected|expects|set to|scheduled"
    r"|to be held|is to|are to|upcoming|next|going to|aims? to|hopes? to|could|may|might)\b", re.I)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.I)
# A body carried from an earlier sentence: "It said", "the group added", "the ministry said".
_IT = re.compile(r"^\W*(?:it|they|the (?:group|organi[sz]ation|company|firm|agency|movement|militia|ministry|"
                 r"government|rebels|army|military|alliance|bloc|body|council))\b", re.I)
# A subject that stands for an actor named before, right before the event word (up to two words between:
# "he also said", "the company has said"): a pronoun, or a body by its kind (maybe with one word before the kind:
# "the oil firm", "the London-based company").
_CARRIED = re.compile(
    r"\b(?:(he|she)|(it|they)|the\s+(?:[a-z][\w-]*\s+)?(company|firm|bank|group|organi[sz]ation|agency|movement|militia|ministry|"
    r"department|commission|council|body|alliance|bloc|government|authorities|administration|rebels|army|military))"
    r"(?:\s+[a-z]+){0,2}\s*$", re.I)
# The kinds of actor each noun may stand for, in order.
_NOUN_KINDS = {"company": ("organization",), "firm": ("organization",), "bank": ("organization",),
               "government": ("country", "organization"), "authorities": ("country", "organization"),
               "administration": ("country", "organization"),
               "rebels": ("armed group",), "army": ("armed group", "country"), "military": ("armed group", "country"),
               "militia": ("armed group",)}
_BODY_KINDS = ("organization", "armed group", "country")
# Only capitalized words between two mentions: the first qualifies the second ("BP Chief Operating Officer Doug
# Suttles", "U.S. Coast Guard").
_QUALIFIES = re.compile(r"(?:\s+[A-Z][\w.'’&-]*){0,5}\s+")
_ADDRESSEE = re.compile(r"\b(?:told|tells|telling|informed|briefed|interview\s+with|speaking\s+to|spoke\s+to"
                        r"|talking\s+to|talked\s+to|said\s+to)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,2}$")
# An actor's own verb right after it, maybe after an adverb or auxiliary ("Mr Allen also defended").
_ACTS = re.compile(r"\s+(?:(?:also|later|then|again|has|had|have|quickly|swiftly|repeatedly)\s+)?"
                   r"(?:[a-z]+ed|said|told|met|spoke|struck|hit|wrote|made|began|sent|held|took|gave|went|says)\b")
_MAX_SUMMARY = 200
MAX_EVENTS = 5000  # per document: far above any article, it bounds time and memory on a runaway file
_REACH = 400  # characters around a date searched for its event word and actors
_BLANK = re.compile(r"[^\n]")
_WORD = re.compile(r"[\w'-]+")
_POSSESSIVE = re.compile(r"['’]s?\b")
_VERBISH = re.compile(r"(?:ed|[^s]s|said|told|met|spoke|struck|hit|wrote|made|began|sent|held|took|gave|went)$", re.I)


class EventFinder:
    def __init__(self, knowledge: Knowledge, finder: ActorFinder | None = None):
        self.k = knowledge
        self.actors = finder or ActorFinder(knowledge)
        words: dict[str, str] = {}
        for et, ws in knowledge.event_words:
            for w in ws:
                for form in _forms(w):
                    words.setdefault(form, et)
        self.word_type = words
        multi = sorted((w for w in words if not re.fullmatch(r"[\w'-]+", w)), key=len, reverse=True)
        self.mentions: list[ActorMention] = []
        self.mastheads = Mastheads(knowledge.outlets)
        self.phrases = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, multi)) + r")(?![\w-])", re.I) \
            if multi else None

    # ------------------------------------------------------------------ public
    def events(self, doc: Document, sentences: list[Sentence]) -> list[Event]:
        self.mentions = []
        if not sentences:
            return []
        timexes = self._timexes(doc, sentences)
        sent_starts = [s.start for s in sentences]
        by_sentence: dict[int, list] = {}
        for t in timexes:
            i = bisect.bisect_right(sent_starts, t.start) - 1
            if i >= 0 and t.end <= sentences[i].end:
                by_sentence.setdefault(i, []).append(t)
        # Actors are read closely only where a date stands, and in the sentence before (what "he" or "the
        # company" carries over); names from the lists are found everywhere.
        near = sorted({j for i in by_sentence for j in (i - 1, i) if j >= 0})
        spans = [(s.start, s.end) for s in sentences]
        mentions = self.actors.find(doc.text, spans, doc.published, [spans[j] for j in near])
        self.mentions = mentions  # the actors named in the last document (see rows.actor_rows)
        starts = [m.start for m in mentions]
        out: list[Event] = []
        last_person: str | None = None
        self._last_body = None
        self._last_of_kind: dict[str, str] = {}
        for i, sent in enumerate(sentences):
            lo = bisect.bisect_left(starts, sent.start)
            hi = bisect.bisect_left(starts, sent.end)
            actors = mentions[lo:hi]
            spans = [[m.start, m.end, m.actor] for m in actors]  # shared by the sentence's mentions
            memo: dict = {}
            for t in by_sentence.get(i, []):
                event = self._event(doc, sent, t, actors, last_person, spans, memo)
                if event:
                    out.append(event)
            if len(out) >= MAX_EVENTS:
                doc.problems.append(f"more than {MAX_EVENTS:,} dated events: only those up to character "
                                    f"{sent.end:,} of {len(doc.text):,} were kept (split the file into articles)")
                break
            persons = [m for m in actors if self._is_person(m.actor)]
            if persons and not sent.caption:
                last_person = persons[0].actor
            bodies = [m for m in actors if not self._is_person(m.actor)]
            if bodies and not sent.caption:
                self._last_body = bodies[0].actor
                for m in reversed(bodies):  # the first of each kind in the sentence
                    self._last_of_kind[self._kind(m.actor)] = m.actor
        return out

    # ----------------------------------------------------------------- helpers
    def _triggers(self, clause: str):
        """Event words of a clause, in order: single words by dictionary lookup, phrases by regex."""
        found = [m for m in _WORD.finditer(clause) if m.group(0).lower() in self.word_type]
        if self.phrases:
            found += list(self.phrases.finditer(clause))
            found.sort(key=lambda m: m.start())
        return found

    def _kind(self, name: str) -> str:
        a = self.actors.info(name)
        return a.kind if a is not None else "person"

    def _carried(self, text: str, lo: int, hi: int, actors: list[ActorMention], base: int, last_person,
                 named_before: bool = False):
        """The actor a pronoun or a body by its kind right before ``hi`` (offsets in the sentence ``text``) stands
        for: the nearest fitting actor named before it in the sentence, else the last one of earlier sentences.
        None when no such word stands there, or a named actor stands between it and ``hi``; "it" and "they" (often
        standing for nothing: "it was announced") only when no actor is named before them in the clause."""
        m = _CARRIED.search(text, lo, hi)
        if m is None or (m.group(2) and named_before):
            return None
        at = base + m.start()
        if any(at <= x.start < base + hi for x in actors):
            return None
        earlier = [x for x in actors if x.end <= at]
        if m.group(1):
            for x in reversed(earlier):
                if self._is_person(x.actor):
                    return x.actor
            return last_person
        kinds = _NOUN_KINDS.get((m.group(3) or "").lower(), _BODY_KINDS)
        for x in reversed(earlier):
            if self._kind(x.actor) in kinds:
                return x.actor
        for k in kinds:
            if k in self._last_of_kind:
                return self._last_of_kind[k]
        return None

    def _is_person(self, name: str) -> bool:
        a = self.actors.info(name)
        return a is None or a.kind == "person"

    def _timexes(self, doc: Document, sentences: list[Sentence]):
        """Tag the story in one pass (blanking everything else, offsets kept) and each caption alone,
        so that a caption's date never anchors the story."""
        text, parts, pos = doc.text, [], 0
        out = []
        for s in sentences:
            if s.caption:
                out += [replace(t, start=t.start + s.start, end=t.end + s.start)
                        for t in timex_mod.tag(s.text, doc.published)]
                continue
            parts.append(_BLANK.sub(" ", text[pos:s.start]))
            parts.append(text[s.start:s.end])
            pos = s.end
        if parts:
            out += timex_mod.tag("".join(parts), doc.published)
        out = [t for t in out if not self.mastheads.covers(text, t.start, t.end)]  # "the Sunday Times": no date
        out.sort(key=lambda t: t.start)
        return out

    def _event(self, doc: Document, sent: Sentence, t, actors: list[ActorMention], last_person,
               spans: list | None = None, memo: dict | None = None):
        if t.type not in ("DATE", "TIME") or t.precision not in _EVENT_PRECISIONS and t.anchored:
            return None
        if not t.anchored and "X" not in (t.value or ""):
            return None
        rel_s, rel_e = t.start - sent.start, t.end - sent.start
        text = sent.text
        c_start, c_end = _clause(text, rel_s, rel_e)
        clause = text[c_start:c_end]
        memo = {} if memo is None else memo
        if (c_start, c_end) not in memo:  # a sentence's dates often share a clause
            found = self._triggers(clause)
            memo[c_start, c_end] = found, [m.start() for m in found]
        found, found_starts = memo[c_start, c_end]
        # Only words within _REACH characters of the date count, so work per date stays bounded.
        lo = bisect.bisect_left(found_starts, rel_s - c_start - _REACH)
        hi = bisect.bisect_right(found_starts, rel_e - c_start + _REACH)
        triggers = [m for m in found[lo:hi]
                    if not (c_start + m.start() < rel_e and rel_s < c_start + m.end())]  # not the date's own words
        trig, best = None, None
        for m in triggers:
            a, b = c_start + m.start(), c_start + m.end()
            dist = rel_s - b if b <= rel_s else 1.5 * (a - rel_e)
            if best is None or dist < best:
                trig, best = m, dist
        base = sent.start + c_start
        in_clause = [m for m in actors if base <= m.start < sent.start + c_end
                     and t.start - _REACH <= m.start <= t.end + _REACH]
        subject = None
        carried = None
        if trig:
            pos = base + trig.start()
            in_clause = _heads(text, sent.start, in_clause)
            before = [m for m in in_clause if m.end <= pos]
            # An actor in the possessive ("Trump's team's proposals") is the subject only when no other is.
            before = [m for m in before if not _POSSESSIVE.match(text, m.end - sent.start)] or before
            after = [m for m in in_clause if m.start >= pos]
            after = [m for m in after if not _POSSESSIVE.match(text, m.end - sent.start)] or after
            # whom one spoke to ("told Sky News", "in an interview with the BBC") is not who acted
            after = [m for m in after if not _addressee(text, m.start - sent.start)]
            subject = (before[-1] if before else after[0] if after else None)
            if len(before) > 1 and pos > sent.start + rel_e:
                # the event word stands after the date, and an actor between them has its own verb ("On Sunday,
                # Mr Allen also defended the use of dispersants by BP, despite concerns expressed"): the verb
                # the lists lack tells who acted
                acting = [m for m in before if m.start >= sent.start + rel_e and _ACTS.match(text, m.end - sent.start)]
                if acting:
                    subject = acting[0]
            # "he said", "the company added": the subject is the actor the word stands for
            carried = self._carried(text, c_start, c_start + trig.start(), actors, sent.start, last_person,
                                    bool(before))
            if carried is not None:
                subject = None
            if carried is None and before and len(before) > 1 and not self._is_person(before[-1].actor):
                people = [m for m in before if self._is_person(m.actor)]
                if people and _near(text, people[-1].end - sent.start, trig.start() + c_start):
                    subject = people[-1]
            if subject is not None and subject.end <= pos:
                # The subject's own verb, right after it, says what it did ("Zelenskyy said during a summit").
                for m in triggers:
                    gap = base + m.start() - subject.end
                    if 0 <= gap <= 30 and m.start() < trig.start() and _VERBISH.search(m.group(0)):
                        trig = m
                        break
        elif in_clause:
            subject = in_clause[0]
        subject_name = subject.actor if subject else carried
        if subject_name is None and last_person and _PRONOUN.search(clause[: (trig.start() if trig else len(clause))]):
            subject_name = last_person
        if subject_name is None and self._last_body and _IT.search(clause[: (trig.start() if trig else 0)]):
            subject_name = self._last_body
        if subject_name is None and trig is None:
            return None
        names = [m.actor for m in actors if not _addressee(text, m.start - sent.start)]
        if subject_name is not None:  # whom the subject spoke to comes last; with no subject, it is left out
            names += [m.actor for m in actors if m.actor not in names]
        ordered = ([subject_name] if subject_name else []) + [n for n in dict.fromkeys(names) if n != subject_name]
        event_type = self.word_type.get(trig.group(0).lower(), "other") if trig else "other"
        if ("future", c_start, c_end) not in memo:
            memo["future", c_start, c_end] = bool(_FUTURE.search(clause))
        future = memo["future", c_start, c_end] or (t.start_date is not None and doc.published is not None
                                                 and t.start_date > doc.published)
        summary = _summary(text, c_start, len(text))
        conf = 0.35 + (0.25 if subject_name else 0) + (0.2 if trig else 0) + \
            (0.1 if t.precision in ("day", "time") else 0) - (0.15 if sent.caption else 0) - (0.1 if not t.anchored else 0)
        return Event(
            event_id="",
            date=t.start_date, date_end=t.end_date,
            precision=t.precision if t.anchored else (t.precision or None),
            date_value=t.value, date_text=t.text,
            actors=ordered, event_type=event_type, summary=summary,
            confidence=round(max(0.05, min(conf, 1.0)), 2),
            planned=future, caption=sent.caption, anchored=t.anchored,
            mentions=[Mention(doc.doc_id, sent.start, sent.end, sent.text, t.start, t.end, sent.caption,
                              spans if spans is not None else [[m.start, m.end, m.actor] for m in actors])],
        )


def _heads(text: str, base: int, mentions: list[ActorMention]) -> list[ActorMention]:
    """The mentions that do not merely qualify the next one (see ``_QUALIFIES``); ``text`` starts at ``base``."""
    out = []
    for m, n in zip(mentions, mentions[1:]):
        if not (n.start - m.end <= 45 and n.start > m.end
                and _QUALIFIES.fullmatch(text, m.end - base, n.start - base)):
            out.append(m)
    return out + mentions[-1:]


def _addressee(text: str, at: int) -> bool:
    """Whether the mention at ``at`` of a sentence is whom someone spoke to ("told Sky News")."""
    return _ADDRESSEE.search(text, max(0, at - 40), at) is not None


def _near(text: str, a: int, b: int) -> bool:
    return 0 <= b - a <= 60


@lru_cache(maxsize=64)
def _breaks(text: str) -> tuple[list[int], list[int], list[int]]:
    """Clause breaks of a sentence: their starts, ends, and where the next clause begins."""
    starts, ends, nxt = [], [], []
    for m in _CLAUSE_BREAK.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
        nxt.append(m.start() + 1 if m.group(0).strip()[:1] in "\"“" else m.end())
    return starts, ends, nxt


def _clause(text: str, s: int, e: int) -> tuple[int, int]:
    """The clause around text[s:e]: between the nearest clause breaks on either side."""
    starts, ends, nxt = _breaks(text)
    i = bisect.bisect_right(ends, s) - 1          # the last break that ends before the expression
    j = bisect.bisect_left(starts, e)             # the first break that starts after it
    return (nxt[i] if i >= 0 else 0), (starts[j] if j < len(starts) else len(text))


def _summary(text: str, c_start: int, c_end: int) -> str:
    clause = text[c_start:c_end].strip(" ,;:—–-\"“”")
    base = clause if len(clause.split()) >= 4 else text.strip()
    if len(base) > _MAX_SUMMARY:
        base = base[:_MAX_SUMMARY].rsplit(" ", 1)[0] + "…"
    return base[:1].upper() + base[1:]


def _forms(word: str) -> list[str]:
    """A lexicon word and its regular inflections (a multi-word entry is taken as written)."""
    if " " in word or not word.isalpha():
        return [word]
    forms = [word, word + "s", word + "ed", word + "ing"]
    if word.endswith("e"):
        forms += [word + "d", word[:-1] + "ing"]
    if word.endswith("y"):
        forms += [word[:-1] + "ies", word[:-1] + "ied"]
    if word.endswith(("s", "sh", "ch", "x")):
        forms.append(word + "es")
    return forms
