"""A corpus ready for views (``Data``: its frames, filter index and domain) and one filtered view of it
(``View``: the corpus, the filters and the events they keep), which every page, chart and export works on."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import query
from ..extract.records import Document
from ..store.build import Corpus, build


@dataclass
class Data:
    """A loaded corpus with everything the pages need precomputed."""

    folder: str
    events: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    actors: pd.DataFrame
    problems: list[tuple[str, str]]
    index: query.Index
    domain: query.Domain
    sides: dict[str, str]
    cache_dir: str | None = None
    from_cache: bool = False
    options: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.documents.empty

    def corpus(self) -> Corpus:
        return Corpus(self.events, self.mentions, self.documents, cache_dir=Path(self.cache_dir)
                      if self.cache_dir else None)


def make_data(events: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame, actors: pd.DataFrame,
              problems=(), folder: str = "", cache_dir: str | None = None, from_cache: bool = False) -> Data:
    """The frames of a corpus with their filter index, domain and the choices the filter widgets offer."""
    events = events.reset_index(drop=True)
    index = query.build_index(events, mentions, actors)
    domain = query.domain_of(events, mentions, documents, actors, index)
    counts = actors.set_index("actor")["n_events"] if not actors.empty else pd.Series(dtype=int)
    options = {
        "actors": sorted(domain.actors, key=lambda a: (-int(counts.get(a, 0)), a)),
        "sides": sorted(domain.sides, key=lambda s: (s == query.NO_SIDE, s)),
        "types": sorted(domain.types),
        "outlets": sorted(domain.outlets, key=lambda s: (s == query.NO_OUTLET, s)),
    }
    return Data(folder=folder, events=events, mentions=mentions, documents=documents, actors=actors,
                problems=[(p.file, p.message) if hasattr(p, "file") else tuple(p) for p in problems],
                index=index, domain=domain, sides=query.side_map(actors), cache_dir=cache_dir,
                from_cache=from_cache, options=options)


def corpus_data(corpus: Corpus, folder: str | Path = "") -> Data:
    """``make_data`` of a built (or curated) corpus."""
    return make_data(corpus.events, corpus.mentions, corpus.documents, corpus.actors, corpus.problems,
                     folder=str(folder), cache_dir=str(corpus.cache_dir) if corpus.cache_dir else None,
                     from_cache=corpus.from_cache)


def full_document(data: Data, doc_id: str) -> Document | None:
    """The text and blocks of one document (re-read when the on-disk cache was cleared meanwhile)."""
    doc = data.corpus().document(doc_id)
    if doc is None and data.folder and doc_id in data.domain.docs:
        doc = build([data.folder]).document(doc_id)
    return doc


def docs_of(data: Data, event_id: str) -> list[str]:
    """The documents an event was found in, in the order of its mentions."""
    return list(dict.fromkeys(data.mentions.loc[data.mentions["event_id"] == event_id, "doc"].astype(str)))


@dataclass
class View:
    """What every page works on: the corpus, the filters and the events they keep."""

    data: Data
    filters: query.Filters
    keep: np.ndarray
    key_dates: list | None = None   # the view's key dates once computed (views.story.key_dates_of)

    @cached_property
    def events(self) -> pd.DataFrame:
        return self.data.events[self.keep]

    @cached_property
    def pairs(self) -> pd.DataFrame:
        return self.data.index.pairs(self.keep)

    @property
    def count(self) -> str:
        return count_line(int(self.keep.sum()), len(self.data.events))

    def link_params(self, **changes) -> dict:
        """Query parameters of this view with some fields changed (for links to another page)."""
        return query.serialize(replace(self.filters, **changes))


def make_view(data: Data, f: query.Filters) -> View:
    return View(data, f, query.mask(f, data.events, index=data.index))


def count_line(kept: int, total: int) -> str:
    """How many events a view keeps, in words."""
    return f"{kept:,} of {total:,} events" if kept != total else f"all {total:,} events"
