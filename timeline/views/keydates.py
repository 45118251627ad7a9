"""Key dates: the few days a large corpus is about, each with a one-line headline and its evidence.

    >>> import timeline
    >>> from timeline.views.keydates import key_dates, write
    >>> kds = key_dates(timeline.build(["data/articles"]), k=10)
    >>> write(kds, "keydates.md")          # .jsonl, .csv or .md

Ranking (timeline summarization's date selection). Only day-precision dates (``day`` or ``time``) can be
key dates. Each candidate day ``d`` gets signals from the project's own extraction:

    referring   distinct articles with a sentence dated ``d`` in its content (captions left out, and a date
                only in a wire or place dateline is the article's time stamp, not a reference): one article
                that names the day a hundred times counts once
    later       of those, the articles published at least ``LATER_DAYS`` days after ``d``: a day that
                articles still look back to weeks later is a turning point, not a news-cycle blip
    published   articles published on ``d`` (the classic PubCount signal)
    outlets     distinct outlets among the referring articles (when outlets are known)

    score = log(1 + referring) + W_LATER * log(1 + later) + W_PUBLISHED * log(1 + published)
            + W_OUTLETS * log(1 + outlets)

Ties go to the day with more referring sentences, then the earlier day. In a sparse timeline (fewer dates
than one per ``SPARSE_DAYS`` days), a day next to one already chosen waits until no other day is left: the two
are usually one event, on the day it happened and the day it was reported. The weights were fitted on a
development sample of journalists' timelines (see ``docs/keydates.md`` and ``python -m timeline.bench
keydates DIR --fit``).

Summaries. Per key date, its dated sentences are the candidates (one per article and sentence; repeated
wire copy is kept once but counts towards centrality). Each gets a TF-IDF vector (IDF over the candidates of
all key dates, so words every date shares weigh little); centrality is the cosine to the centroid of the
date's articles (each article's sentences averaged first, so one long article does not dominate).
Sentences are then taken by maximal marginal relevance, skipping near-duplicates of those already taken.

Headlines. From the best of the most central sentences (a name as subject beats a pronoun; a leading
he/she/they becomes the event's named subject; when every central sentence starts with a pronoun, the day's
other sentences are read for one that names its subject). When the date is in a leading time clause ("Since
parliament passed the law on March 4, unions ..."), that clause is the day's event and the headline. The
wire dateline and the date words are removed; a reporting clause ("..., Peskov told reporters on Friday") is
cut and the content kept; when the content is a quote or an opinion ("X said BP is responsible") the
statement is the event and the speaker stays ("X: BP is responsible"); a pronoun subject of reported speech
("the commission said it found...") becomes the speaker, and so does a possessive ("X said his comments ..."
-> "X's comments ..."). The result is cut at a clause break to at most ``HEADLINE_WORDS`` words.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..extract import boilerplate
from ..extract.records import iso_day
from .text import csv_cell, markdown_text

# ------------------------------------------------------------------ fitted constants (see docs/keydates.md)
W_LATER = 0.5
W_PUBLISHED = 0.0
W_OUTLETS = 0.0
LATER_DAYS = 7
SPARSE_DAYS = 7    # a timeline with fewer dates than one a week spreads them (see select_days)
LEAD_CHARS = 260   # a dateline ends within this many characters of its sentence's start
SIGNALS = ["referring", "later", "published", "outlets", "sentences"]

DAY_PRECISIONS = ("day", "time")
HEADLINE_WORDS = 12
HEADLINE_POOL = 5  # central sentences a headline is chosen from
K_MIN, K_MAX = 3, 40
OUT_FORMATS = (".jsonl", ".csv", ".md")


@dataclass
class KeyDate:
    """One key date: its rank score, headline and summary, and the evidence behind them.

    ``sentences`` are the mention rows of the summary sentences (``doc``, ``sentence``, ``start``, ``end``
    offsets into the document, ``event_id``, ``published``, ``outlet``), in summary order; ``event_ids`` are all
    the events dated that day; ``signals`` the counts the score was made of."""

    date: str
    score: float
    headline: str
    summary: str
    event_ids: list[str] = field(default_factory=list)
    articles: int = 0
    outlets: list[str] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    signals: dict = field(default_factory=dict)
    headline_event: str = ""   # the event whose sentence the headline was made from

    def to_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------ input

def _frames(corpus_or_frames):
    """(events, mentions, documents) from a Corpus, a dict of frames or a 3-tuple."""
    src = corpus_or_frames
    if isinstance(src, dict):
        return src["events"], src["mentions"], src.get("documents")
    if isinstance(src, (tuple, list)):
        ev, me, *rest = src
        return ev, me, (rest[0] if rest else None)
    return src.events, src.mentions, getattr(src, "documents", None)


def _day(value) -> pd.Timestamp | None:
    if value is None:
        return None
    return pd.Timestamp(iso_day(value))


def dated_mentions(events: pd.DataFrame, mentions: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """The mention rows of day-precision events (captions left out), with the event's ``day``,
    ``event_type``, ``subject``, the article's ``lag`` (days from the date to the article's publication;
    NaN for undated articles) and ``in_lead`` (the date is in the sentence's wire or place dateline: the
    article's own time stamp, not a reference to the day), restricted to days in [start, end]."""
    cols = ["event_id", "doc", "sentence", "start", "end", "date_start", "date_end", "outlet", "published"]
    ev = events[events["precision"].astype("object").isin(DAY_PRECISIONS) & events["date"].notna()]
    ev = ev.reindex(columns=["event_id", "date", "event_type", "subject"])
    me = mentions[~mentions["caption"].astype(bool)] if "caption" in mentions else mentions
    m = me.reindex(columns=cols).merge(ev, on="event_id", how="inner")
    m["day"] = pd.to_datetime(m["date"]).dt.floor("D")
    lo, hi = _day(start), _day(end)
    if lo is not None:
        m = m[m["day"] >= lo]
    if hi is not None:
        m = m[m["day"] <= hi]
    pub = pd.to_datetime(m["published"]).dt.floor("D") if "published" in m else pd.Series(pd.NaT, index=m.index)
    m = m.assign(lag=(pub - m["day"]).dt.days, in_lead=_in_lead(m))
    return m.reset_index(drop=True)


def _in_lead(m: pd.DataFrame) -> np.ndarray:
    """Whether each mention's date lies in its sentence's dateline. Only dates near the sentence start can
    (a dateline is at most ``LEAD_CHARS`` long), so only those sentences are looked at."""
    out = np.zeros(len(m), dtype=bool)
    if m.empty:
        return out
    offset = (m["date_start"] - m["start"]).to_numpy()
    near = np.flatnonzero((offset >= 0) & (offset < LEAD_CHARS))
    sentences = m["sentence"].to_numpy()
    for i in near:
        out[i] = offset[i] < _content_offset(str(sentences[i]))
    return out


def date_signals(corpus_or_frames, start=None, end=None, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per candidate day (a day some article refers to): ``referring``, ``later``, ``published``,
    ``outlets``, ``sentences`` (dated sentences), indexed by day. References are counted from the sentences'
    content: a date found only in a dateline is the article's time stamp, which ``published`` counts."""
    events, me_all, documents = _frames(corpus_or_frames)
    m = mentions if mentions is not None else dated_mentions(events, me_all, start, end)
    m = m[~m["in_lead"]] if "in_lead" in m else m
    if m.empty:
        return pd.DataFrame(columns=SIGNALS, index=pd.DatetimeIndex([], name="day"))
    per_doc = m.drop_duplicates(["day", "doc"])
    sig = pd.DataFrame({
        "referring": per_doc.groupby("day").size(),
        "later": per_doc[per_doc["lag"] >= LATER_DAYS].groupby("day").size(),
        "outlets": per_doc.dropna(subset=["outlet"]).loc[lambda x: x["outlet"].astype(str).str.len() > 0]
        .groupby("day")["outlet"].nunique(),
        "sentences": m.drop_duplicates(["day", "doc", "start"]).groupby("day").size(),
    })
    if documents is not None and len(documents):
        pub = pd.to_datetime(documents["published"]).dt.floor("D").value_counts()
        sig["published"] = pub.reindex(sig.index)
    else:
        sig["published"] = 0
    sig = sig.fillna(0).astype("int64")
    sig.index.name = "day"
    return sig[SIGNALS]


def score(signals: pd.DataFrame, w_later: float = W_LATER, w_published: float = W_PUBLISHED,
          w_outlets: float = W_OUTLETS) -> pd.Series:
    """The rank score of each day of ``signals`` (see the module docstring)."""
    return (np.log1p(signals["referring"]) + w_later * np.log1p(signals["later"])
            + w_published * np.log1p(signals["published"]) + w_outlets * np.log1p(signals["outlets"]))


def rank_days(signals: pd.DataFrame, **weights) -> pd.DataFrame:
    """``signals`` with a ``score`` column, best first (ties: more dated sentences, then the earlier day)."""
    out = signals.assign(score=score(signals, **weights))
    out = out.assign(_t=out.index.asi8 if len(out) else [])
    out = out.sort_values(["score", "sentences", "_t"], ascending=[False, False, True], kind="mergesort")
    return out.drop(columns="_t")


def sparse(k: int, span_days: int) -> bool:
    """Whether ``k`` key dates over ``span_days`` days make a sparse timeline (fewer than one date per
    ``SPARSE_DAYS`` days on average), in which neighbouring days are one story."""
    return k > 0 and span_days / k >= SPARSE_DAYS


def select_days(ranked: pd.DataFrame, k: int, spread: bool) -> pd.DataFrame:
    """The ``k`` days to show, from ``ranked`` (best first). With ``spread``, a day next to one already
    chosen (the day before or after) waits until no other day is left: the two are usually one event, told
    on the day it happened and the day it was reported, and a journalist dates it once. Rows come in the
    order chosen."""
    k = max(0, int(k))
    if not spread or len(ranked) <= k:
        return ranked.head(k)
    one = pd.Timedelta(days=1)
    chosen: list[pd.Timestamp] = []
    taken: set[pd.Timestamp] = set()
    waiting: list[pd.Timestamp] = []
    for day in ranked.index:
        if len(chosen) >= k:
            break
        if day - one in taken or day + one in taken:
            waiting.append(day)
            continue
        chosen.append(day)
        taken.add(day)
    chosen += waiting[:k - len(chosen)]
    return ranked.loc[chosen]


def span_of(signals: pd.DataFrame, documents: pd.DataFrame | None, start=None, end=None) -> int:
    """Days the timeline covers: from ``start`` (else the first publication, else the first referred day) to
    ``end`` (else the last publication, else the last referred day), inclusive."""
    pub = None
    if documents is not None and len(documents) and "published" in documents:
        pub = pd.to_datetime(documents["published"]).dropna().dt.floor("D")
        pub = pub if len(pub) else None
    lo = _day(start) or (pub.min() if pub is not None else signals.index.min())
    hi = _day(end) or (pub.max() if pub is not None else signals.index.max())
    return max(1, (hi - lo).days + 1)


def default_k(signals: pd.DataFrame, start=None, end=None) -> int:
    """How many key dates suit a span: about 2·√(days spanned), between K_MIN and K_MAX, and never more
    than the days that at least two articles refer to (when there are at least K_MIN of them)."""
    if signals.empty:
        return 0
    lo = _day(start) or signals.index.min()
    hi = _day(end) or signals.index.max()
    span = max(1, (hi - lo).days + 1)
    k = min(K_MAX, max(K_MIN, round(2 * math.sqrt(span))))
    supported = int((signals["referring"] >= 2).sum())
    return min(k, supported if supported >= K_MIN else len(signals))


# ------------------------------------------------------------------ text helpers

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’-]*")
_STOP = frozenset("""a an the and or but if of to in on at by for with from as into onto over under about after
before since until during between against than then that this these those there here it its it's he she they we
you i me him her them us our your their his my is are was were be been being am do does did done has have had
having will would shall should can could may might must not no nor so too very just also only more most such
said says say told tell according what which who whom whose when where why how all any both each few other some
own same s t mr mrs ms one two new monday tuesday wednesday thursday friday saturday sunday today yesterday
tomorrow week month year""".split())


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP and len(t) > 1]


def _vectors(token_lists: list[list[str]], idf: dict[str, float]) -> list[dict[str, float]]:
    out = []
    for toks in token_lists:
        tf = Counter(toks)
        v = {t: (1 + math.log(c)) * idf.get(t, 0.0) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({t: x / norm for t, x in v.items()})
    return out


def _cos(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


_MIN_WORDS, _MAX_WORDS = 6, 70
REDUNDANT = 0.5
MMR = 0.7


def _content_offset(sentence: str) -> int:
    """Where a sentence's content starts, after a wire dateline ("LONDON | Tue Apr 28, 2009 9:03 pm BST LONDON
    (Reuters) - ") or a place dateline ("NEW ORLEANS -- ")."""
    return boilerplate.lead_end(sentence)


def _candidates(rows: pd.DataFrame) -> pd.DataFrame:
    """A date's dated sentences, one per (article, sentence), with ``text`` (the sentence after its dateline)
    and ``lead`` (the dateline's length). Sentences whose date is only in their dateline, or outside
    ``_MIN_WORDS``..``_MAX_WORDS`` words, are left out while others remain."""
    rows = rows.drop_duplicates(["doc", "start"])
    sentence = rows["sentence"].astype(str)
    lead = sentence.map(_content_offset)
    rows = rows.assign(lead=lead.to_numpy(), text=[s[i:] for s, i in zip(sentence, lead)])
    in_content = (rows["date_start"] - rows["start"]) >= rows["lead"]
    words = rows["text"].str.split().str.len()
    for keep in (in_content & (words >= _MIN_WORDS) & (words <= _MAX_WORDS), in_content):
        if keep.any():
            return rows[keep]
    return rows


def _text_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _summarize(cands: pd.DataFrame, idf: dict, n: int, used: set[str] | None = None) -> tuple[list[int], list[int]]:
    """Positions (into ``cands``) of up to ``n`` central, mutually non-redundant sentences (none of whose text
    is in ``used``), and every position from the most central to the least."""
    texts = cands["text"].astype(str).tolist()
    keys = [_text_key(t) for t in texts]
    tokens = cands["tokens"].tolist() if "tokens" in cands else [_tokens(t) for t in texts]
    vecs = _vectors(tokens, idf)
    docs = cands["doc"].astype(str).tolist()
    # centroid of per-article means, so each article weighs the same
    per_doc: dict[str, Counter] = {}
    count: Counter = Counter()
    for d, v in zip(docs, vecs):
        acc = per_doc.setdefault(d, Counter())
        for t, x in v.items():
            acc[t] += x
        count[d] += 1
    centroid: Counter = Counter()
    for d, acc in per_doc.items():
        for t, x in acc.items():
            centroid[t] += x / count[d]
    norm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    centroid = {t: x / norm for t, x in centroid.items()}
    central = [_cos(v, centroid) for v in vecs]
    order = sorted(range(len(texts)), key=lambda i: (-central[i], docs[i], i))
    chosen: list[int] = []
    seen_text: set[str] = set(used or ())
    red = [0.0] * len(texts)  # each sentence's highest cosine to one already chosen
    while len(chosen) < n:
        best, best_val = None, None
        for i in order:
            if best_val is not None and MMR * central[i] <= best_val:
                break  # the rest are less central: none can score higher
            if keys[i] in seen_text or red[i] > REDUNDANT:
                continue
            val = MMR * central[i] - (1 - MMR) * red[i]
            if best_val is None or val > best_val:
                best, best_val = i, val
        if best is None:
            break
        chosen.append(best)
        seen_text.add(keys[best])
        for i in order:
            if red[i] <= REDUNDANT and keys[i] not in seen_text:
                red[i] = max(red[i], _cos(vecs[i], vecs[best]))
    return chosen, order


# ------------------------------------------------------------------ headlines

_WIRE = re.compile(r"^.{0,250}?\((?:[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)\)\s*[-–—]+\s*")  # "PLACE (Agency) - "
_LEAD_PLACE = re.compile(r"^[A-Z][A-Z .,'/]{2,40}\s*[-–—:]+\s*")                        # "NEW ORLEANS -- "
_LIST_DATE = re.compile(r"^(?:[-–—*•]+\s*)?(?:(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?"
                        r"\s*[-–—:]+\s*)?")                                                    # "June 14 - "
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_RELATIVE = re.compile(
    rf"\s*,?\b(?:(?:on|late|early|by|since|until|from)\s+)?(?:(?:late|early)\s+)?(?:{_WEEKDAY}|today|yesterday|tonight"
    rf"|tomorrow|this (?:morning|afternoon|evening|week)|last (?:night|week)|earlier (?:today|this week))"
    rf"(?:\s+(?:morning|afternoon|evening|night))?\b,?", re.I)
_SPEECH = (r"(?:said|says|say|told|tells|added|adds|announced|announces|stated|states|confirmed|confirms"
           r"|reported|reports|warned|warns|claimed|claims|insisted|insists|explained|explains|declared|declares"
           r"|acknowledged|admitted|argued|argues|noted|notes|wrote|writes|testified|predicted)")
_SAY = (r"(?:said|says|say|added|adds|stated|states|warned|warns|claimed|claims|insisted|insists"
        r"|explained|explains|declared|declares|acknowledged|admitted|argued|argues|noted|notes|wrote|writes"
        r"|testified|predicted|(?:announced|announces|confirmed|confirms|reported|reports)(?=\s+that\b))")
_NAMEWORD = r"[\w.'’&-]+"
_TRAIL_ATTRIB = re.compile(
    rf"^(?P<content>.+?)(?:,(?P<q1>[\"”’'])?|(?P<q2>[\"”’']),?)\s+(?:(?P<speaker>(?:{_NAMEWORD},?\s+){{0,7}}?{_NAMEWORD})"
    rf"\s+{_SPEECH}|{_SPEECH}\s+(?P<speaker2>(?:{_NAMEWORD},?\s*){{1,9}}))\b(?P<tail>[^\"“”]*)$")
_ACCORDING = re.compile(r"^(?P<content>.+?),?\s+according to\s+(?P<speaker>[^,]{2,80})$", re.I)
_LEAD_ATTRIB = re.compile(
    rf"^(?P<speaker>(?:{_NAMEWORD},?\s+){{0,9}}?{_NAMEWORD}),?\s+(?:{_SAY}|(?:told|tells)\s+(?:reporters|journalists|"
    rf"lawmakers|senators|parliament|congress|(?:a|the) (?:news|press) conference|the [\w-]+|[A-Z][\w.'’-]+"
    rf"(?: [A-Z][\w.'’-]+)?))(?:\s+(?:in|on|at|during|after) [^,\"“]{{1,60}}?(?=\s+that\b|[,:]))?[,:]?\s+"
    rf"(?:that\s+)?(?P<rest>.+)$")
_LEAD_CLAUSE = re.compile(
    r"^(?:After|Before|When|While|As|Although|Though|Since|If|Once|Following|Despite|Amid|In|On|At|With|Under|"
    r"During|By|Earlier|Later|Meanwhile|However|But|And|Also|Separately|Still|Yet|Now|Then|Asked|Pressed|"
    r"[A-Z][a-z]+ing)\b[^,\"“]{0,120},\s+(?P<rest>.+)$")
_APPOSITIVE = re.compile(r"^(?P<np>[A-Z][^,\"“]{1,60}?),\s+(?P<app>[^\"“]{2,100}?),\s+(?P<rest>[a-z].+)$")
_PRONOUN = re.compile(r"^(?:it|he|she|they|we)\b\s*", re.I)
_POSSESSIVE = re.compile(r"^(?:its|his|her|their|our)\s+(?=[a-z])", re.I)
_OPINION = re.compile(r"^(?:\S+\s+){0,5}?(?:is|are|will|would|could|should|must|may|might|can|has to|"
                      r"have to|needs?|remains?|seems?|(?:was|were)\s+(?:a|an|not|too|very|so|more|less|\w+ly)\b)\b",
                      re.I)
_VERB_IN_NP = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does)\b")
_CLAUSE_CUTS = re.compile(r"\s(?:which|who|whom|where|while|whereas|because|although|though|as|after|before|when|"
                          r"amid|despite|but|and|saying|adding)\s|;\s|\s[-–—]+\s|,\s")
_TRAILING_WEAK = frozenset("""a an the and or but of to in on at by for with from as that this its his her their our
which who whom while after before when than is are was were be has have had will would said says each every some
all any more most about into over under""".split())


def _tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r",(?=[,.;:])", "", s)
    s = re.sub(r"^[,;:\s\-–—]+", "", s)
    s = re.sub(r"\(\s*\)", "", s)
    return s.strip()


def _short_speaker(sp: str) -> str:
    """A speaker named briefly: "Tony Hayward, BP's chief executive" -> "Tony Hayward", "Coast Guard Adm. Thad
    Allen" -> "Adm. Thad Allen", "the White House oil spill commission" -> "White House oil spill commission"."""
    sp = re.split(r",\s", sp.strip(" ,"), maxsplit=1)[0]
    sp = re.sub(r"^(?:the|a|an)\s+", "", sp.strip(), flags=re.I)
    words = sp.split()
    if words and words[-1][:1].isupper():
        run = 0
        for w in reversed(words):
            if not w[:1].isupper():
                break
            run += 1
        if run == len(words) or run >= 2:
            words = words[-min(run, 3):]
    words = words[-5:]
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _compress(text: str, limit: int) -> str:
    return _cut(text, limit)[0]


def _cut(text: str, limit: int) -> tuple[str, bool]:
    """``text`` in at most ``limit`` words, cut at a clause break where one fits; the flag says whether it
    ended naturally (whole, or at a clause break) rather than mid-phrase."""
    text = re.sub(r"\s*\([^)]{0,80}\)", "", text)  # parentheticals
    words = text.split()
    if len(words) <= limit:
        return text.rstrip(" ,;:."), True
    # cut at the last clause break that leaves at least half the budget
    best = None
    for m in _CLAUSE_CUTS.finditer(text):
        n = len(text[:m.start()].split())
        if max(3, limit // 2) <= n <= limit:
            best = m.start()
    if best is not None:
        return text[:best].rstrip(" ,;:."), True
    words = words[:limit]
    while len(words) > 3 and words[-1].lower().strip(",;:") in _TRAILING_WEAK:
        words.pop()
    return " ".join(words).rstrip(" ,;:."), False


def _strip_quotes(s: str) -> str:
    """A quote without its quotation marks: the opening and closing double quotes, when they wrap it or when
    one of them has no partner (a quote running on into the next sentence)."""
    s = s.strip()
    n = len(re.findall(r"[\"“”]", s))
    opens, closes = s[:1] in "\"“", s[-1:] in "\"”"
    if opens and closes and n == 2:
        return s[1:-1].strip()
    if n % 2 and opens:
        return s[1:].strip()
    if n % 2 and closes:
        return s[:-1].strip()
    return s


def _quoted(speaker: str, content: str, limit: int) -> str:
    sp = _short_speaker(speaker)
    return f"{sp}: \"{_compress(_strip_quotes(content), max(3, limit - len(sp.split())))}\""


def _clean(sentence: str, date_span: tuple[int, int] | None) -> str:
    """The sentence without its time expression, wire dateline, list-date prefix and relative day words."""
    s = sentence
    if date_span and 0 <= date_span[0] < date_span[1] <= len(s):
        a, b = date_span
        pre = re.search(r"(?:\b(?:on|at|in|late|early|by|since|until|from|of|this|last)\s+)+$", s[:a], re.I)
        a = pre.start() if pre else a
        post = re.match(r"\s*,?\s*\d{4}\b", s[b:])  # the year after "May 2"
        b = b + post.end() if post else b
        s = s[:a] + " " + s[b:]
    m = _WIRE.match(s)
    if m and len(s) - m.end() > 20:
        s = s[m.end():]
    else:
        m = _LEAD_PLACE.match(s)
        if m and len(s) - m.end() > 20:
            s = s[m.end():]
    s = _LIST_DATE.sub("", s, count=1)
    s = _RELATIVE.sub(" ", s)
    return _tidy(s).rstrip(".!?")


_TIME_CLAUSE = re.compile(r"(?:After|Since|When|Before|Once|Until)\s+(?P<clause>[^,;:\"“”]{8,160}?),\s+"
                          r"(?=\S)")


def _dated_clause(sentence: str, date_span: tuple[int, int] | None) -> tuple[str, tuple[int, int]] | None:
    """The leading time clause of ``sentence`` (after its dateline) when the date is in it and it says more
    than the date (at least two other words that are not articles or prepositions), with the date span moved
    into it; None otherwise."""
    if not date_span:
        return None
    m = _TIME_CLAUSE.match(sentence, boilerplate.lead_end(sentence))
    if not m or not m.start("clause") <= date_span[0] < date_span[1] <= m.end("clause"):
        return None
    a, b = m.span("clause")
    rest = sentence[a:date_span[0]] + sentence[date_span[1]:b]
    if re.match(r"['’]s\b", sentence[date_span[1]:b]):
        return None  # "last night's decision": the date is a possessive, not the clause's time
    if len([w for w in rest.split() if w.lower() not in _TRAILING_WEAK]) < 2:
        return None
    return sentence[a:b], (date_span[0] - a, date_span[1] - a)


def headline(sentence: str, date_span: tuple[int, int] | None = None, limit: int = HEADLINE_WORDS) -> str:
    """A headline of at most ``limit`` words saying who did what, from one sentence (see :func:`_headline`)."""
    return _headline(sentence, date_span, limit)[0]


def _headline(sentence: str, date_span: tuple[int, int] | None = None,
              limit: int = HEADLINE_WORDS) -> tuple[str, bool]:
    """A headline of at most ``limit`` words saying who did what, from one sentence.

    ``date_span`` is the (start, end) of the sentence's time expression (offsets into ``sentence``), which is
    removed with its preposition. A reporting clause is cut and its content kept; a quote, or a claim the
    speaker makes (a copula or modal verb: "X said BP is responsible"), keeps its speaker: ``X: "..."``. When
    the date is in a leading time clause ("Since parliament passed the law on March 4, unions ..."), that
    clause is the day's event and becomes the headline."""
    clause = _dated_clause(sentence, date_span)
    if clause is not None:
        sentence, date_span = clause
    s = _clean(sentence, date_span)
    m = _LEAD_CLAUSE.match(s)
    if m and len(m.group("rest").split()) >= 4:
        s = m.group("rest")
    out = None
    m = _ACCORDING.match(s)
    if m and len(m.group("content").split()) >= 4:
        out = m.group("content")
    if out is None:
        m = _TRAIL_ATTRIB.match(s)
        after = ((m.group("speaker2") or "") + " " + m.group("tail")).split() if m else []
        if m and len(m.group("content").split()) >= 4 and len(after) <= 10 \
                and not (m.group("speaker2") and _PRONOUN.match(m.group("speaker2"))):
            content = m.group("content").rstrip(" ,")
            speaker = (m.group("speaker") or m.group("speaker2") or "").rstrip(" ,")
            quoted = bool(m.group("q1") or m.group("q2")) or content.lstrip()[:1] in "\"“‘'"
            if quoted and re.match(r"(?:[A-Z]|(?:the|a|an) )", speaker) and not _VERB_IN_NP.search(speaker):
                return _quoted(speaker, content, limit), True
            out = _strip_quotes(content)
    if out is None:
        m = _LEAD_ATTRIB.match(s)
        if m and not _VERB_IN_NP.search(m.group("speaker")) and len(m.group("rest").split()) >= 3:
            speaker, rest = _short_speaker(m.group("speaker")), m.group("rest").strip()
            budget = limit - len(speaker.split())
            if rest[:1] in "\"“‘":
                return _quoted(speaker, rest, limit), True
            if _PRONOUN.match(rest):
                out = speaker + " " + _PRONOUN.sub("", rest, count=1)
            elif _POSSESSIVE.match(rest) and not speaker.endswith("s"):  # "X said his ..." -> "X's ..."
                out = speaker + "'s " + _POSSESSIVE.sub("", rest, count=1)
            elif _OPINION.match(rest) and budget >= 4:
                text, clean = _cut(rest, budget)
                return f"{speaker}: {text}", clean
            else:
                out = rest
    if out is None:
        out = s
    m = _APPOSITIVE.match(out)
    if m and len(m.group("np").split()) <= 6 and not _VERB_IN_NP.search(m.group("np")):
        out = m.group("np") + " " + m.group("rest")
    out, clean = _cut(_tidy(out), limit)
    return out[:1].upper() + out[1:], clean


# ------------------------------------------------------------------ the method

def _n_sentences(articles: int) -> int:
    return 1 if articles < 3 else 2 if articles < 10 else 3


def key_dates(corpus_or_frames, k: int | None = None, start=None, end=None, sentences: int | None = None,
              spread: bool | None = None, **weights) -> list[KeyDate]:
    """The ``k`` key dates of a corpus (a Corpus, a dict of ``events``/``mentions``/``documents`` frames or a
    tuple of them), each dated between ``start`` and ``end`` (inclusive, any date-like), in the order chosen:
    best first, except that a day kept waiting as a chosen day's neighbour comes after the others.

    Without ``k``, :func:`default_k` chooses. ``sentences`` fixes the summary length (default 1-3, more for
    days more articles refer to). ``spread`` keeps neighbouring days apart (:func:`select_days`); by default
    it does so in a sparse timeline (:func:`sparse`). ``weights`` override the fitted ``w_later``,
    ``w_published``, ``w_outlets``."""
    events, mentions, documents = _frames(corpus_or_frames)
    m = dated_mentions(events, mentions, start, end)
    sig = date_signals((events, mentions, documents), start, end, mentions=m)
    if sig.empty:
        return []
    ranked = rank_days(sig, **weights)
    if k is None:
        k = default_k(sig, start, end)
    if spread is None:
        spread = sparse(int(k), span_of(sig, documents, start, end))
    top = select_days(ranked, k, spread)
    if top.empty:
        return []
    chosen = m[m["day"].isin(top.index)]
    by_day = {d: g for d, g in chosen.groupby("day", sort=False)}
    cands = {d: _candidates(g) for d, g in by_day.items()}
    cands = {d: c.assign(tokens=[_tokens(t) for t in c["text"].astype(str)]) for d, c in cands.items()}
    # IDF over the candidate sentences of all key dates
    df_count: Counter = Counter()
    n_docs = 0
    for c in cands.values():
        for toks in c["tokens"]:
            df_count.update(set(toks))
            n_docs += 1
    idf = {t: math.log((1 + n_docs) / (1 + c)) + 1.0 for t, c in df_count.items()}
    out = []
    used: set[str] = set()  # a sentence tells one date's story, the best-ranked one's
    for day, row in top.iterrows():
        g = by_day[day]
        c = cands[day].reset_index(drop=True)
        n = sentences if sentences is not None else _n_sentences(int(row["referring"]))
        picked, by_centrality = _summarize(c, idf, max(HEADLINE_POOL, int(n)), used)
        rows = [c.iloc[i] for i in picked]
        head, head_event = _headline_of(rows)
        if _weak(head) and len(c) > len(picked):  # look further down the day's sentences for a named subject
            more = [c.iloc[i] for i in by_centrality if i not in picked][:HEADLINE_POOL * 3]
            other, other_event = _headline_of(more)
            if not _weak(other):
                head, head_event = other, other_event
        rows = rows[:max(1, int(n))]
        used.update(_text_key(r["text"]) for r in rows)
        sents = [_mention_record(r) for r in rows]
        outlets = sorted({str(o) for o in g["outlet"].dropna() if str(o)}) if "outlet" in g else []
        out.append(KeyDate(
            date=iso_day(day), score=round(float(row["score"]), 4), headline=head,
            summary=" ".join(s["sentence"] for s in sents),
            event_ids=sorted(g["event_id"].astype(str).unique().tolist()),
            articles=int(row["referring"]), outlets=outlets, sentences=sents,
            signals={"referring": int(row["referring"]), "later": int(row["later"]),
                     "published": int(row["published"]), "outlets": int(row["outlets"]),
                     "sentences": int(row["sentences"])},
            headline_event=head_event))
    return out


_WEAK_START = re.compile(r"^(?:it|we|he|she|they|this|that|these|those|his|her|their|its|there|i|you)\b", re.I)
# A personal pronoun as the headline's subject ("He told ...", "They've ...", "She: ..."), followed by a word
# or a speaker's colon; not "It" (most often "it is", "it was": no one to name).
_PRONOUN_SUBJECT = re.compile(r"^(?:he|she|they)(?=\s+[a-z]|:)", re.I)


def _subject_name(row) -> str:
    """The event's subject when it is a name ("Barack Obama", "BP"): empty otherwise."""
    subject = row.get("subject")
    if subject is None or pd.isna(subject):
        return ""
    subject = re.sub(r"\s+", " ", str(subject)).strip()
    words = subject.split()
    if not 1 <= len(words) <= 4 or not words[0][:1].isupper() or _WEAK_START.fullmatch(words[0]):
        return ""
    return subject


def resolve_pronoun(head: str, subject: str, limit: int = HEADLINE_WORDS) -> str:
    """``head`` with a leading he/she/they replaced by ``subject`` (the name the extraction gave the event's
    subject), when the name is not already in the headline (then the pronoun likely means someone else).
    Unchanged when there is nothing to resolve."""
    m = _PRONOUN_SUBJECT.match(head)
    if not m or not subject:
        return head
    rest = head[m.end():]
    if re.search(r"\b" + re.escape(subject.split()[-1]) + r"\b", rest, re.I):
        return head
    return _cut(subject + rest, limit)[0]


def _headline_quality(head: str, clean: bool, row) -> int:
    """How well a headline says who did what: it starts with a name rather than a pronoun (weighs most: a
    headline starting "He ..." or "It ..." tells the reader nothing on its own), its event has a subject, it
    has at least four words, it ends naturally rather than mid-phrase."""
    q = 4 if head[:1].isupper() and not _WEAK_START.match(head) else 0
    q += 2 if _subject_name(row) else 0
    q += 1 if len(head.split()) >= 4 else 0
    q += 1 if clean else 0
    return q


def _headline_of(rows: list) -> tuple[str, str]:
    """The best headline of a date's most central sentences (summary order breaks ties), and its event. A
    leading personal pronoun is replaced by the event's subject where the extraction named one; a headline
    that still starts with a pronoun loses to any that starts with a name."""
    best, best_q, event = "", -1, ""
    for r in rows:
        base = int(r["start"]) + int(r["lead"])
        h, clean = _headline(str(r["text"]), (int(r["date_start"]) - base, int(r["date_end"]) - base))
        h = resolve_pronoun(h, _subject_name(r))
        q = _headline_quality(h, clean, r)
        if q > best_q:
            best, best_q, event = h, q, str(r["event_id"])
    return best, event


def _weak(head: str) -> bool:
    return not head or bool(_WEAK_START.match(head))


def _mention_record(r) -> dict:
    return {"doc": str(r["doc"]), "event_id": str(r["event_id"]), "sentence": str(r["text"]),
            "start": int(r["start"]) + int(r["lead"]), "end": int(r["end"]), "date_start": int(r["date_start"]),
            "date_end": int(r["date_end"]), "published": iso_day(r.get("published")),
            "outlet": None if r.get("outlet") is None or pd.isna(r.get("outlet")) else str(r.get("outlet"))}


# ------------------------------------------------------------------ writers

CSV_COLUMNS = ["rank", "date", "score", "headline", "summary", "articles", "outlets", "event_ids", "sentences"]


def to_jsonl(kds: list[KeyDate]) -> str:
    return "".join(json.dumps(dict(rank=i, **kd.to_dict()), ensure_ascii=False) + "\n"
                   for i, kd in enumerate(kds, start=1))


def to_csv(kds: list[KeyDate]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for i, kd in enumerate(kds, start=1):
        w.writerow([csv_cell(v) for v in (
            i, kd.date, kd.score, kd.headline, kd.summary, kd.articles, "; ".join(kd.outlets),
            " ".join(kd.event_ids), json.dumps(kd.sentences, ensure_ascii=False))])
    return buf.getvalue()


def sources_line(kd: KeyDate, max_outlets: int = 6) -> str:
    """"12 articles: AP, Reuters, ..." (plain text, not escaped)."""
    n = f"{kd.articles:,} article{'s' if kd.articles != 1 else ''}"
    if not kd.outlets:
        return n
    more = f" and {len(kd.outlets) - max_outlets} more" if len(kd.outlets) > max_outlets else ""
    return f"{n}: {', '.join(kd.outlets[:max_outlets])}{more}"


MD_EMPTY = "No day-precision dates found."


def to_markdown(kds: list[KeyDate], title: str = "Key dates", filters: str = "", by_date: bool = False,
                empty: str = MD_EMPTY) -> str:
    """Key dates as Markdown, the one writer of both the key-dates file and a view's story: per date a
    heading with its headline (numbered by rank, or in date order with ``by_date``), the summary, the sources
    (and the score, when ranked), then the sentences behind it with their outlet, day and article. Every
    document string is escaped so that it shows literally."""
    lines = [f"# {markdown_text(title)}", ""]
    if filters:
        lines += [f"*Filters: {markdown_text(filters)}*", ""]
    if not kds:
        return "\n".join(lines + [empty, ""])
    ordered = sorted(kds, key=lambda x: x.date) if by_date else kds
    for i, kd in enumerate(ordered, start=1):
        rank = "" if by_date else f"{i}. "
        score = "" if by_date else f"; score {kd.score:.2f}"
        lines += [f"## {rank}{kd.date} — {markdown_text(kd.headline)}", ""]
        if kd.summary:
            lines += [markdown_text(kd.summary), ""]
        lines += [f"*{markdown_text(sources_line(kd, max_outlets=20))}{score}*", ""]
        for s in kd.sentences:
            src = ", ".join(str(x) for x in (s.get("outlet"), s.get("published"), s.get("doc")) if x)
            lines.append(f"- {markdown_text(s['sentence'])} ({markdown_text(src)})")
        lines.append("")
    return "\n".join(lines)


def write(kds: list[KeyDate], out: str | Path) -> Path:
    """Write key dates to ``out``: JSONL, CSV or Markdown by its extension."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in OUT_FORMATS:
        raise ValueError(f"{out}: unknown format {suffix or '(none)'}; use one of {', '.join(OUT_FORMATS)}")
    text = to_jsonl(kds) if suffix == ".jsonl" else to_csv(kds) if suffix == ".csv" else to_markdown(kds)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="" if suffix == ".csv" else None)
    return out
