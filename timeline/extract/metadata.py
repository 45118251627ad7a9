"""Publication date, outlet and title of a document, and where each came from.

Order for the date: ``sources.csv``, then what the page states (a publication field,
a ``date`` header line, a byline or date line, a dateline, a date in the URL, front
matter), else the document is undated. Front matter comes last because crawlers fill
it with crawl dates and caption dates.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from . import outlet_sources
from .boilerplate import DATELINE, is_headline, is_prose
from .records import BODY, META, TITLE, Block
from .sentences import split as split_sentences
from ..timex.vocabulary import MONTHS, month_pattern

_MONTHS = MONTHS  # month names and abbreviations (lowercase) -> month number
_MON = r"(?P<mon>" + month_pattern() + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?<!\d)(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"),
    re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})", re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>\d{4})", re.I),
]
_MONTH_DAY = re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})\b", re.I)
_URL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/_]?(?P<m>0[1-9]|1[0-2])[-/_]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_YEAR = re.compile(r"(?<![\d$€£.,])(?:19[5-9]\d|20\d\d)(?![\d%])")
_BIO = re.compile(r"\bis an? (?:[\w-]+ ){0,3}(?:reporter|correspondent|writer|editor|journalist|columnist)"
                  r" (?:for|at|with) (?P<outlet>(?:The )?[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,4})")
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")  # 'Story | Site', 'Story - Site', 'Story — Site'
_HEADING_WITHIN = 12  # body lines searched for a heading when the page has no headline
_HEADING_WORDS = 16   # a heading is short
_NAME_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,}(?![^\W\d_])")  # a word of letters in a file name
_LABELLED = re.compile(r"^[A-Z][\w'’ ]{0,24}:\s")  # 'Editor's note: ...', 'Update: ...'
_TITLE_PREFIX = re.compile(r"^(?:breaking(?: news)?|exclusive|live|watch|update[d]?|analysis)\s*[:|-]\s*", re.I)


_FALLBACK_LANGUAGES = ["en", "ru", "uk", "de", "fr", "es", "it", "pl"]


@lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> dt.date | None:
    """Other absolute formats and languages ('31.03.2025', '8 ноября 2024'), via dateparser.

    Only absolute parsers are allowed and day, month and year are required, so nothing
    here can ever be resolved against today's date.
    """
    import dateparser

    settings = {"PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    if re.fullmatch(r"\s*\d{1,2}[./]\d{1,2}[./]\d{4}\s*", text):
        settings["DATE_ORDER"] = "DMY"  # dotted numeric dates are day-first outside the US
    d = dateparser.parse(text, languages=_FALLBACK_LANGUAGES, settings=settings)
    return d.date() if d else None


def parse_date(text: str, fallback: bool = False) -> tuple[dt.date, str] | None:
    """First full calendar date written in ``text`` (ISO, m/d/yyyy, 'Jan 24, 2025', '24 January 2025').

    With ``fallback``, a short string in another format or language is handed to dateparser.
    """
    best = None
    for pat in _DATE_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        gd = m.groupdict()
        month = _MONTHS[gd["mon"].lower()] if gd.get("mon") else int(gd["m"])
        try:
            d = dt.date(int(gd["y"]), month, int(gd["d"]))
        except ValueError:
            continue
        if best is None or m.start() < best[2]:
            best = (d, m.group(0), m.start())
    if best is None and fallback and 6 <= len(text.strip()) <= 60:
        d = _dateparser_date(text.strip())
        return (d, text.strip()) if d else None
    return (best[0], best[1]) if best else None


class Outlets:
    """Outlet names and their aliases (domains, agency codes), from ``data/outlets.csv``."""

    def __init__(self, rows: list[tuple[str, list[str]]]):
        self.by_alias: dict[str, str] = {}
        self._written: set[str] = set()  # names and aliases as written (domains left out): found in running text
        for name, aliases in rows:
            for a in [name, *aliases]:
                self.by_alias[a.lower()] = name
                if "." not in a and a.strip():
                    self._written.add(a.strip())
        self._pattern: str | None = None

    def text_pattern(self) -> str | None:
        """A regular expression (no groups) matching any name or alias as written, as a whole word."""
        if self._pattern is None and self._written:
            alts = "|".join(re.escape(a) for a in sorted(self._written, key=len, reverse=True))
            self._pattern = r"(?<![\w&])(?:" + alts + r")(?![\w&])"
        return self._pattern

    def lookup(self, text: str) -> str:
        return self.by_alias.get(text.strip().lower(), "")

    def from_url(self, url: str) -> str:
        host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
        host = host[4:] if host.startswith("www.") else host
        while host:
            if host in self.by_alias:
                return self.by_alias[host]
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        return ""


def url_of(fields: dict[str, str]) -> str:
    for k in ("url", "front:source", "front:url", "front:link", "front:canonical_url", "field:url", "field:link",
              "field:source"):
        if fields.get(k, "").startswith(("http://", "https://", "www.")):
            return fields[k]
    return ""


def publication_date(text: str, blocks: list[Block], fields: dict[str, str], given: str = ""):
    """(date or None, source, as written). ``given`` is the sources.csv value."""
    if given:
        p = parse_date(given, fallback=True)
        if p:
            return p[0], "sources.csv", given
    for k in ("date", "field:publication_date", "field:published", "field:date", "field:pubdate"):
        if fields.get(k):
            p = parse_date(fields[k], fallback=True)
            if p:
                return p[0], "page field", fields[k]
    header = [b for b in blocks if b.kind == META and b.reason in ("date header", "byline", "date line")]
    for b in sorted(header, key=lambda b: (b.reason != "date header", b.start)):
        p = parse_date(text[b.start:b.end])
        if p:
            return p[0], b.reason, text[b.start:b.end]
    url = url_of(fields)
    url_m = _URL_DATE.search(url)
    url_date = None
    if url_m:
        try:
            url_date = dt.date(int(url_m["y"]), int(url_m["m"]), int(url_m["d"]))
        except ValueError:
            url_date = None
    front = parse_date(fields.get("front:date", "")) if fields.get("front:date") else None
    for b in (b for b in blocks if b.kind == META and b.reason == "dateline"):
        line = text[b.start:b.end]
        dm = DATELINE.match(line)
        written = (dm.group("date") or "").strip() if dm else ""
        if not written:
            continue
        full = parse_date(written)
        if full:
            return full[0], "dateline", line
        md = _MONTH_DAY.search(written)
        if md:
            month, day = _MONTHS[md["mon"].lower()], int(md["d"])
            year, how = _dateline_year(text, blocks, month, day, url_date, front)
            if year:
                try:
                    return dt.date(year, month, day), f"dateline (year from {how})", line
                except ValueError:
                    pass
    if url_date:
        return url_date, "url", url
    if front:
        return front[0], "front matter", fields["front:date"]
    return None, "", ""


def _dateline_year(text, blocks, month, day, url_date, front):
    for cand, how in ((url_date, "URL"), (front[0] if front else None, "front matter")):
        if cand and (cand.month, cand.day) == (month, day):
            return cand.year, how
    if url_date:
        return url_date.year, "URL"
    years = [int(y) for b in blocks if b.kind == "body" for y in _YEAR.findall(text[b.start:b.end])]
    if front:
        return front[0].year, "front matter"
    return (max(years), "the latest year in the text") if years else (None, "")


def outlet_of(text: str, blocks: list[Block], fields: dict[str, str], outlets: Outlets, given: str = ""):
    """(outlet, where it was found). What the page says of its publisher comes first, a known outlet before a
    name the outlet list does not hold; last, a known outlet the opening paragraphs credit with the report."""
    if given:
        return given, "sources.csv"
    if fields.get("outlet"):
        return outlets.lookup(fields["outlet"]) or fields["outlet"], "page field"
    for b in (b for b in blocks if b.kind == META and b.reason == "dateline"):
        dm = DATELINE.match(text[b.start:b.end])
        if dm and outlets.lookup(dm.group("agency")):
            return outlets.lookup(dm.group("agency")), "dateline"
    heads = [fields.get(k, "") for k in ("title", "front:title", "field:title")]
    for head in heads + [text[b.start:b.end] for b in blocks if b.kind == TITLE]:
        name = _title_site(head, outlets)
        if name:
            return name, "title"
    url = url_of(fields)
    if url and outlets.from_url(url):
        return outlets.from_url(url), "url"
    stated = [(outlet_sources.masthead(text, blocks, outlets), "masthead"),
              (outlet_sources.copyright(text, outlets), "copyright line"),
              (_author_note(text, outlets), "author note")]
    for (name, known), source in stated:
        if name and known:
            return name, source
    for (name, known), source in stated:
        if name:
            return name, source
    credited = outlet_sources.credited(text, blocks, outlets)
    if credited:
        return credited, "credited in the opening paragraphs"
    return "", ""


def _title_site(head: str, outlets: Outlets) -> str:
    """The site name after a title's last separator ('Story | The Epoch Times', 'Story - Reuters')."""
    for seg in reversed(_SITE_SEPARATOR.split(head)[1:]):
        if outlets.lookup(seg.strip()):
            return outlets.lookup(seg.strip())
    return ""


def _author_note(text: str, outlets: Outlets) -> tuple[str, bool]:
    m = _BIO.search(text)
    if not m:
        return "", False
    name = m.group("outlet").rstrip(".")
    return (outlets.lookup(name), True) if outlets.lookup(name) else (name, False)


def title_of(text: str, blocks: list[Block], fields: dict[str, str], path: Path, given: str = ""):
    """(title, where it was found): sources.csv, a title field, the headline, else the first heading-like line
    of the story, else a file name made of words, else the story's first sentence."""
    if given:
        return given, "sources.csv"
    raw = fields.get("title") or fields.get("front:title") or fields.get("field:title") or ""
    if raw:
        return clean_title(raw), "page field"
    for b in blocks:
        if b.kind == TITLE:
            return clean_title(text[b.start:b.end].lstrip("# ")), "text"
    body = [text[b.start:b.end] for b in blocks if b.kind == BODY]
    for line in body[:_HEADING_WITHIN]:
        if _heading(line):
            return clean_title(line.lstrip("# ")), "first heading in the text"
    named = re.sub(r"[_-]+", " ", path.stem).strip()
    words = _NAME_WORD.findall(named)
    if len(words) >= 2 and sum(map(len, words)) >= 0.6 * len(named.replace(" ", "")):
        return named, "file name"
    lead = next((line for line in body if is_prose(line) and not _LABELLED.match(line)), "")
    if lead:
        return _shorten(_first_sentence(lead)), "first sentence"
    return named, "file name"


def _heading(line: str) -> bool:
    s = line.strip().lstrip("#").strip()
    return is_headline(s) and not is_prose(s) and 3 <= len(s.split()) <= _HEADING_WORDS and not _LABELLED.match(s)


def _first_sentence(paragraph: str) -> str:
    spans = split_sentences(paragraph)
    return paragraph[spans[0][0]:spans[0][1]].strip() if spans else paragraph.strip()


def _shorten(sentence: str, most: int = 120) -> str:
    if len(sentence) <= most:
        return sentence
    return sentence[:most].rsplit(" ", 1)[0].rstrip(",;:—–- ") + "…"


def clean_title(raw: str) -> str:
    title = raw.split(" | ")[0].strip()
    return _TITLE_PREFIX.sub("", title).strip()
