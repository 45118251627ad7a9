"""Cutting an article's text into blocks: story, captions, title, metadata, boilerplate.

Works line by line on text as people copy it from web pages. Nothing is deleted:
every character keeps its offset and each block says what it is and why, so a reader
can see what was set aside.
"""
from __future__ import annotations

import re

from .records import BODY, BOILERPLATE, CAPTION, META, TITLE, Block
from ..timex.vocabulary import month_pattern

_I = re.I

# Lines that are page furniture wherever they stand (checked on short lines only).
_FURNITURE = re.compile(
    r"(?:\b(?:subscri(?:be|bed|ption)|newsletters?|sign(?:ing)?[ -]?up|log ?in to|create an account"
    r"|enter (?:your|a|correct) e-?mail|e-?mail address|indicates required|confirmation e-?mail"
    r"|skip to (?:main )?content|share (?:this|on|via)|link (?:successfully )?copied|copy link"
    r"|click here|purchase licensing|opens new tab|all rights reserved|copyright"
    r"|audio is (?:created|generated)|listen to (?:this )?(?:article|story)|\d+ min(?:ute)? read"
    r"|advertisement|cookies?|privacy policy|terms of (?:use|service)|follow us"
    r"|members-only|our standards|trust principles|independent journalism|paywalls?"
    r"|support (?:our|us|independent)|donat(?:e|ion)|become a (?:member|subscriber|patron)"
    r"|(?:reach|join) [\d,]+ members|don.t miss out|download (?:the|our) app)\b|learn more\b|©|^edit post$)",
    _I,
)
# Substrings (lowercase) of which every match of _FURNITURE contains one: lines without any skip the regex.
_FURNITURE_NEEDLES = (
    "subscri", "newsletter", "signup", "sign up", "sign-up", "signingup", "signing up", "signing-up", "login to",
    "log in to", "create an account", "enter your", "enter a", "enter correct", "mail address", "indicates required",
    "confirmation e", "skip to", "share this", "share on", "share via", "link copied", "link successfully copied",
    "copy link", "click here", "purchase licensing", "opens new tab", "all rights reserved", "copyright", "audio is",
    "listen to", "min read", "minute read", "advertisement", "cookie", "privacy policy", "terms of", "follow us",
    "members", "our standards", "trust principles", "independent journalism", "paywall", "support our",
    "support us", "support independent", "donat", "become a", "miss out", "download the app", "download our app",
    "learn more", "\u00a9", "edit post",
)
# Characters that match an ASCII letter under re.I although lower() does not turn them into it.
_FOLD_RISK = re.compile("[\u0130\u0131\u017f]")
# Single words that alone on a line are interface labels.
_UI_WORDS = {
    "comments", "comment", "share", "print", "email", "save", "listen", "menu", "search", "home", "advertisement",
    "subscribe", "login", "log in", "sign in", "more", "close", "next", "previous", "back to top", "show more",
    "read more", "see more", "load more", "watch", "video", "photos", "gallery",
}
# Headings after which the rest of the page is not the story.
_TRAILER = re.compile(
    r"^(?:#+\s*)?(?:news ?feed|related(?: articles| stories| coverage| news| content| links| topics)?|more news"
    r"|more from [\w .'-]+|more on this story|most (?:read|popular|viewed)|editors?.? picks|recommended(?: for you| stories)?"
    r"|read (?:more|next|also)|you (?:may|might) (?:also )?like|top stories|trending(?: now)?|latest(?: news| stories)?"
    r"|share this article|more stories|see also|what to read next|keep reading|further reading|up next)\s*:?\s*$",
    _I,
)
_SIGNOFF = re.compile(
    r"^(?:\(?(?:additional )?reporting by|writing by|editing by|compiled by|with reporting (?:from|by)"
    r"|contributing:|\(?this story has been corrected)", _I)
_ONLY_LINKS = re.compile(r"^(?:[*\-•]\s*)?(?:\[[^\]]*\]\([^)]*\)\s*)+$|^<?https?://\S+>?$|^\S+@\S+\.\w+$")
_SEPARATOR = re.compile(r"^[#\s_*=~\-–—.·•|]*$")
_CAPTION = re.compile(
    r"\((?:[^()]*[/,;]\s*)?(?:[^()]*\b(?:photo|photograph|pool|getty|afp|ap|reuters|epa|sputnik|tass|images?"
    r"|file|credit|courtesy|handout|ria novosti|anadolu|bloomberg|shutterstock)\b[^()]*)\)\s*$"
    r"|\(photo by [^)]*\)|\b(?:reuters|afp|epa|getty images)/[A-Z]|\bap photo\b|^(?:photo|image|picture)(?: source)?:"
    r"|\bimage caption\b|\bphoto credit\b|\bpurchase licensing rights\b",
    _I,
)
# Every match of _CAPTION contains one of these characters, or one of the phrases after them.
_CAPTION_NEEDLES = ("ap photo", "image caption", "photo credit", "purchase licensing rights")
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+[A-Z][\w.'’-]+", _I)
_MONTH = r"(?:" + month_pattern() + r")\.?"  # a month name or abbreviation (case-insensitive)
_DATEBITS = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?|\b\d{1,2}\s+" + _MONTH + r",?\s+\d{4}"
    r"|\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|UTC|GMT))?|\b\d{4}\b"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
    r"|\b(?:updated|published|posted|last updated|first published|modified|on)\b:?|\bmin read\b|\d+",
    _I,
)
HEADER_DATE = re.compile(r"^\s*(?:date|published|pubdate|posted)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?\s*", _I)
DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?),?\s+)?"
    r"(?P<date>(?i:" + _MONTH + r")\s+\d{1,2}(?:,\s*\d{4})?\s+)?"
    r"\((?P<agency>[A-Z][\w&.'’ -]{0,30})\)\s*[-—–]{1,2}\s*")


# A dateline at the start of a sentence: a wire's "PLACE (Agency) - " (with what wire copy puts before it, such as
# "LONDON | Tue Apr 28, 2009 9:03 pm BST") or a place's "NEW ORLEANS -- ". Matched at a position (no ``^``).
WIRE_LEAD = re.compile(r".{0,250}?\((?:[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)\)\s*[-–—]+\s*")
PLACE_LEAD = re.compile(r"[A-Z][A-Z .,'/]{2,40}\s*[-–—:]+\s*")


def lead_end(text: str, start: int = 0, end: int | None = None) -> int:
    """Where the content of the sentence ``text[start:end]`` starts, after its dateline (``start`` when it has
    none, or when little would be left after it)."""
    end = len(text) if end is None else end
    m = None
    if text.find("(", start, min(end, start + 250)) != -1:
        m = WIRE_LEAD.match(text, start, end)
    if m is None and text[start:start + 1].isupper():
        m = PLACE_LEAD.match(text, start, end)
    return m.end() if m and end - m.end() > 20 else start


_DIGIT = re.compile(r"\d")
_NON_WORD = re.compile(r"\W+")
_WORD_RUN = re.compile(r"\w+")


def _words(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    s = line.rstrip()
    return _words(s) >= 6 and bool(re.search(r"[.!?…][\"'”’)\]]*$|[\"”’]$", s))


def is_headline(line: str) -> bool:
    s = line.strip().lstrip("#").strip()
    if not (2 <= _words(s) <= 24) or not s[:1].isupper() and s[:1] not in "\"'‘“":
        return False
    return not re.search(r"[.,;:]$", s)


def is_date_line(line: str, words: int | None = None) -> bool:
    """A line that is only a date/time stamp (possibly 'Updated:' and a reading time)."""
    if (_words(line) if words is None else words) > 14 or not _DIGIT.search(line):
        return False
    rest = _DATEBITS.sub(" ", line)
    rest = re.sub(r"[\s,|·•:()\-–—/]+", " ", rest).strip()
    return len(rest.split()) <= 1 and bool(
        re.search(r"\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|" + _MONTH + r"\s+\d{1,2}", line, _I))


def _foldable(text: str) -> bool:
    """Whether ``text.lower()`` keeps every character's place and is the only way its characters match an
    ASCII letter under re.IGNORECASE: then a lowercase ASCII word is in the text, ignoring case, exactly
    when it is in ``text.lower()``."""
    return (text.isascii() or len(text.lower()) == len(text)) and not _FOLD_RISK.search(text)



def _may_contain(line: str, lowered: str, needles: tuple[str, ...], foldable: bool | None = None) -> bool:
    """False only when a case-insensitive pattern needing one of ``needles`` (lowercase ASCII) cannot match
    ``line``: a quick test in C before a slow regex scan. Lines with characters that case-fold to ASCII
    letters other than through ``lower()`` are always passed on to the regex."""
    if not (_foldable(line) if foldable is None else foldable):
        return True
    for n in needles:
        if n in lowered:
            return True
    return False


def furniture_reason(line: str, words: int | None = None, foldable: bool | None = None,
                     needles: tuple[str, ...] = _FURNITURE_NEEDLES) -> str:
    """Why a line is page furniture ("" if it is not). ``words`` (its number of words) and ``foldable``
    (``_foldable`` of it or of the whole text) may be given when known, and ``needles``: the furniture
    needles that occur in the lowercased whole text the line is from, when it is foldable."""
    s = line.strip()
    sl = s.lower()
    low = sl.strip(" :*")
    if low in _UI_WORDS:
        return "interface label"
    if _ONLY_LINKS.match(s):
        return "links"
    n = _words(s) if words is None else words
    if n > 40:
        return ""
    if not _may_contain(s, sl, needles, foldable):
        return ""
    cues = {m.group(0).lower() for m in _FURNITURE.finditer(s)}
    if cues and (n <= 20 or len(cues) >= 2):
        return "page furniture (" + sorted(cues)[0] + ")"
    return ""


def _lines(text: str):
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield pos + lead, pos + lead + len(stripped), stripped
        pos += len(raw) + 1


def segment(text: str, title_hint: str = "", meta_values: tuple[str, ...] = ()) -> list[Block]:
    """Cut ``text`` into classified blocks, one per non-empty line (or line part)."""
    front = re.match(r"\A\s*---[ \t]*\n.*?\n---[ \t]*\n", text, re.S)
    front_end = front.end() if front else 0
    items: list[list] = []  # [start, end, kind, reason]
    for start, end, line in _lines(text):
        if start < front_end:
            items.append([start, end, META, "front matter"])
            continue
        hm = HEADER_DATE.match(line)
        if hm and hm.end() > 0:
            items.append([start, start + len(line[:hm.end()].rstrip()), META, "date header"])
            start += hm.end()
            line = line[hm.end():]
            if not line.strip():
                continue
        dm = DATELINE.match(line)
        if dm and (dm.group("place") or dm.group("date")):
            items.append([start, start + len(line[:dm.end()].rstrip()), META, "dateline"])
            start += dm.end()
            line = line[dm.end():]
        items.append([start, end, None, ""])
    _classify(text, items, title_hint, meta_values)
    return [Block(s, e, k, r) for s, e, k, r in items]


def _classify(text: str, items: list[list], title_hint: str, meta_values: tuple[str, ...]) -> None:
    title_norm = _norm(title_hint)
    metas = {_norm(v) for v in meta_values if v}
    foldable = _foldable(text)
    # the needles a line can hold are among those of the whole text (its lowercase keeps every place)
    lowered = text.lower() if foldable else ""
    furniture = tuple(x for x in _FURNITURE_NEEDLES if x in lowered) if foldable else _FURNITURE_NEEDLES
    captions = tuple(x for x in _CAPTION_NEEDLES if x in lowered) if foldable else _CAPTION_NEEDLES
    n = len(items)
    trailer = False
    seen_body = False
    title_done = False
    for it in items:
        if it[2] is not None:
            continue
        line = text[it[0]:it[1]]
        if trailer:
            it[2], it[3] = BOILERPLATE, "after the end of the story"
            continue
        if _TRAILER.match(line) or _SIGNOFF.match(line):
            trailer = seen_body
            it[2], it[3] = BOILERPLATE, "end of story: " + line[:40].lower()
            continue
        words = _words(line)
        why = furniture_reason(line, words, foldable, furniture)
        if _SEPARATOR.match(line):
            it[2], it[3] = BOILERPLATE, "separator"
        elif _BYLINE.match(line) and words <= 16 and not is_prose(line):
            it[2], it[3] = META, "byline"
        elif 4 <= words <= 120 and _caption_like(line, foldable, captions):  # captions are short: bounded search
            it[2], it[3] = CAPTION, "photo caption"
        elif why:
            it[2], it[3] = BOILERPLATE, why
        elif title_norm and _first_word(line) == title_norm.split(" ", 1)[0] and _norm(line) == title_norm:
            it[2], it[3] = TITLE, "headline"
            title_done = True
        elif metas and _norm(line) in metas:
            it[2], it[3] = META, "page field"
        elif is_date_line(line, words):
            it[2], it[3] = META, "date line"
        elif not seen_body and not title_done and not title_norm and is_headline(line):
            it[2], it[3] = TITLE, "headline"
            title_done = True
            title_norm = _norm(line.lstrip("# "))
        else:
            it[2], it[3] = BODY, ""
            seen_body = seen_body or is_prose(line)
    _sandwiches(text, items)
    _teasers(text, items)


def _teasers(text: str, items: list[list]) -> None:
    """A headline, at most two lines, then a separator or nothing but furniture: a link to another story."""
    n = len(items)
    for i, it in enumerate(items):
        if it[2] != BODY:
            continue
        j = i + 1
        while j < n and j <= i + 3 and items[j][2] in (BODY, CAPTION):
            j += 1
        if j >= n or j > i + 3 or items[j][2] != BOILERPLATE:
            continue
        line = text[it[0]:it[1]]
        if not is_headline(line) or is_prose(line):
            continue
        story_goes_on = any(x[2] == BODY for x in items[j:])
        if items[j][3] == "separator" or not story_goes_on:
            for k in range(i, j):
                items[k][2], items[k][3] = BOILERPLATE, "teaser for another story"


def _sandwiches(text: str, items: list[list]) -> None:
    """One or two short lines between two pieces of page furniture belong to the same box."""
    n = len(items)
    i = 0
    while i < n:
        if items[i][2] == BOILERPLATE:
            j = i + 1
            while j < n and j <= i + 3 and items[j][2] == BODY and _words(text[items[j][0]:items[j][1]]) <= 40:
                j += 1
            if i + 1 < j <= i + 3 and j < n and items[j][2] == BOILERPLATE:
                for k in range(i + 1, j):
                    items[k][2], items[k][3] = BOILERPLATE, "inside a box of page furniture"
            i = max(j, i + 1)
        else:
            i += 1


def _caption_like(line: str, foldable: bool | None = None, needles: tuple[str, ...] = _CAPTION_NEEDLES) -> bool:
    """``_CAPTION.search(line)``, skipped when the line has none of the characters or words it needs."""
    if "(" in line or "/" in line or ":" in line or _may_contain(line, line.lower(), needles, foldable):
        return _CAPTION.search(line) is not None
    return False


def _first_word(line: str) -> str:
    """The first word of ``_norm(line)``, found without normalizing the whole line: the first run of word
    characters, lowercased ("" if there is none)."""
    m = _WORD_RUN.search(line)
    return m.group(0).lower() if m else ""


def _norm(s: str) -> str:
    return _NON_WORD.sub(" ", s).strip().lower()
