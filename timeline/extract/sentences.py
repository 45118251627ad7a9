"""Sentence splitting with character offsets, inside the story and caption blocks only."""
from __future__ import annotations

import re

from .records import BODY, CAPTION, Document, Sentence

# Words whose trailing period does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "gov", "sen", "rep",
    "rev", "st", "jr", "sr", "pres", "amb", "hon", "vs", "etc", "inc", "ltd", "co", "corp", "no", "nos", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "approx", "est", "dept", "univ", "ave",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "i.e", "e.g", "d.c", "fla", "calif", "mass", "wash", "ky", "ga",
}
MAX_SENTENCE = 1500  # characters: a longer run without sentence ends (a list, a table, a broken page) is cut up
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)\.$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def split(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``, shifted by ``offset``."""
    spans = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if text[m.start()] == ".":
            word = _LAST_WORD.search(text[max(start, m.start() - 40):m.start() + 1])
            w = word.group(1).lower() if word else ""
            if w in _ABBREV or (len(w) == 1 and w.isalpha()) or _INITIALS.fullmatch(w):
                continue
        seg = text[start:end].strip()
        if seg:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            spans.append((offset + start + lead, offset + start + lead + len(seg)))
        start = end
    seg = text[start:].strip()
    if seg:
        lead = len(text[start:]) - len(text[start:].lstrip())
        spans.append((offset + start + lead, offset + start + lead + len(seg)))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most MAX_SENTENCE characters, at a semicolon, comma or space
    where there is one, so that work per sentence stays bounded whatever the input."""
    out = []
    while end - start > MAX_SENTENCE:
        window = text[start:start + MAX_SENTENCE]
        cut = -1
        for sep in ("; ", ", ", " "):
            cut = window.rfind(sep, MAX_SENTENCE // 2)
            if cut > 0:
                cut += len(sep) - 1
                break
        cut = start + (cut if cut > 0 else MAX_SENTENCE)
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            out.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def sentences(doc: Document) -> list[Sentence]:
    out = []
    for b in doc.blocks:
        if b.kind not in (BODY, CAPTION):
            continue
        for s, e in split(doc.text[b.start:b.end], b.start):
            for s2, e2 in _bounded(doc.text, s, e) if e - s > MAX_SENTENCE else ((s, e),):
                out.append(Sentence(doc.doc_id, s2, e2, doc.text[s2:e2], caption=b.kind == CAPTION))
    return out
