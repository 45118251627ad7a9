"""Typed records passed between the stages of the pipeline, and the one way their dates become text.

Every span carries character offsets into ``Document.text``, so each event can be
traced back to the exact sentence (and words) that produced it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

# Kinds of text block a document is cut into.
BODY = "body"            # the story itself: events come from here
CAPTION = "caption"      # photo captions: events are flagged and hidden by default
TITLE = "title"          # the headline
META = "meta"            # front matter, wrapper fields, bylines, date lines
BOILERPLATE = "boilerplate"  # subscribe boxes, related links, footers...: never read for events

BLOCK_KINDS = (BODY, CAPTION, TITLE, META, BOILERPLATE)


def iso_day(value) -> str | None:
    """A date, datetime, Timestamp or ISO string as ``YYYY-MM-DD`` (years 1-9999 padded to four digits);
    None for a missing value. The one way dates become text."""
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value[:10]
    return pd.Timestamp(value).date().isoformat()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input file, said in one line."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class Block:
    """A line or paragraph of a document and what it is."""

    start: int
    end: int
    kind: str
    reason: str = ""


@dataclass(slots=True)
class Document:
    """One article: its text (as read, markup removed) cut into blocks, plus metadata."""

    doc_id: str
    path: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    title_source: str = ""
    outlet: str = ""
    outlet_source: str = ""
    url: str = ""
    published: dt.date | None = None
    published_source: str = ""   # sources.csv, field, header, byline, dateline, url, front matter
    published_text: str = ""     # the date as written where it was found
    encoding: str = ""
    sha256: str = ""
    problems: list[str] = field(default_factory=list)

    def blocks_of(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    start: int
    end: int
    text: str
    caption: bool = False


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int          # offsets into the document text
    end: int
    text: str
    actor: str          # canonical name
    how: str = "name"   # name, alias, role, title, pronoun, discovered


@dataclass(slots=True)
class Mention:
    """One sentence of one document that reports an event."""

    doc_id: str
    start: int            # sentence offsets in the document text
    end: int
    sentence: str
    date_start: int       # offsets of the time expression in the document text
    date_end: int
    caption: bool = False
    actor_spans: list[list] = field(default_factory=list)  # [start, end, actor] in the document text


@dataclass(slots=True)
class Event:
    event_id: str
    date: dt.date | None
    date_end: dt.date | None
    precision: str | None
    date_value: str          # TIMEX3 value
    date_text: str           # the expression as written
    actors: list[str]        # subject or speaker first
    event_type: str
    summary: str
    confidence: float
    planned: bool = False    # stated as a plan or expectation rather than a fact
    caption: bool = False    # every mention comes from a photo caption
    anchored: bool = True    # False: relative date in an undated document
    mentions: list[Mention] = field(default_factory=list)
    sources: int = 1
