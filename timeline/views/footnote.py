"""The sources under an exported chart: the outlets (or, for a handful of articles, each article) the view's
events come from, when those articles were published, and the filters — plain text, one statement a line.

A chart image carries this footnote (wrapped to its width), and the same text is written into the file's
metadata (PDF Subject, SVG <desc>, PNG Description), so a picture copied out of a report still says where it
came from.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import query
from .view import View
from ..extract.records import iso_day

ARTICLES_LISTED = 4     # up to this many articles, each is named (outlet, title, date); above, outlets with counts
OUTLETS_LISTED = 12     # outlets named before "and N more"
TITLE_CHARS = 70        # an article title is cut after this many characters


@dataclass(frozen=True)
class Article:
    outlet: str
    title: str
    published: str      # YYYY-MM-DD, or "" when unknown


@dataclass(frozen=True)
class Sources:
    """The articles behind a view's events, grouped by outlet (most articles first)."""

    articles: tuple[Article, ...]
    outlets: tuple[tuple[str, int], ...]   # (outlet, articles), NO_OUTLET for articles of unknown outlet
    first: str                            # first and last publication day ("" when no article is dated)
    last: str

    @property
    def span(self) -> str:
        if not self.first:
            return "publication dates unknown"
        return self.first if self.first == self.last else f"{self.first} – {self.last}"


def _clean(value) -> str:
    missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
    return "" if missing else str(value).strip()


def sources_of(view: View) -> Sources:
    """The articles the view's events were found in."""
    ids = set(view.events["event_id"].astype(str))
    ms = view.data.mentions
    docs_used = set(ms.loc[ms["event_id"].astype(str).isin(ids), "doc"].astype(str))
    docs = view.data.documents
    docs = docs[docs["doc"].astype(str).isin(docs_used)]
    arts = []
    for d in docs.itertuples(index=False):
        title = " ".join(_clean(d.title).split())
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        arts.append(Article(_clean(d.outlet) or query.NO_OUTLET, title, iso_day(d.published) or ""))
    arts.sort(key=lambda a: (a.published or "9999", a.outlet, a.title))
    counts: dict[str, int] = {}
    for a in arts:
        counts[a.outlet] = counts.get(a.outlet, 0) + 1
    outlets = sorted(counts.items(), key=lambda kv: (kv[0] == query.NO_OUTLET, -kv[1], kv[0].lower()))
    days = sorted(a.published for a in arts if a.published)
    return Sources(tuple(arts), tuple(outlets), days[0] if days else "", days[-1] if days else "")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _name(outlet: str) -> str:
    return "unknown outlet" if outlet == query.NO_OUTLET else outlet


def sources_line(src: Sources) -> str:
    """"Sources: N articles from M outlets, published ...: " then each article when there are few, else the outlets
    with their article counts."""
    n = len(src.articles)
    if not n:
        return "Sources: none"
    named = [o for o in src.outlets if o[0] != query.NO_OUTLET]
    unknown = sum(c for o, c in src.outlets if o == query.NO_OUTLET)
    head = (f"Sources: {_plural(n, 'article')} from {_plural(len(named), 'outlet')}"
            + (f" ({unknown:,} of unknown outlet)" if unknown else "") + f", published {src.span}: ")
    if n <= ARTICLES_LISTED:
        items = [", ".join(x for x in (_name(a.outlet), f"“{a.title}”" if a.title else "", a.published) if x)
                 for a in src.articles]
        return head + "; ".join(items)
    shown = src.outlets[:OUTLETS_LISTED]
    items = [f"{_name(name)} ({count:,})" for name, count in shown]
    rest = src.outlets[OUTLETS_LISTED:]
    if rest:
        items.append(f"and {_plural(len(rest), 'more outlet')} ({sum(c for _, c in rest):,})")
    return head + ", ".join(items)
