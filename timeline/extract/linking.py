"""One-word person names linked across the corpus: a bare "Hayward" in one article is the "Tony Hayward" another
article names in full, when the corpus names exactly one person with that surname (or several whose first names
are short forms of one another, "Ken" and "Kenneth": the one most documents name).

Each article's ``actor_info`` (see ``rows.actor_rows``) marks its one-word names: ``bare`` 1 after Mr, Ms, Dr...
(a person for sure: kept as written when no full name is found), 2 only before a speech verb (dropped then:
"Officials said" names no one). The links are applied to the raw event rows before they are merged, so that
"Hayward said on Friday" and "Tony Hayward said on Friday" in two articles make one event.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd


def surname_links(infos: Iterable) -> dict[str, str | None]:
    """One-word name -> the full name it stands for, or None for a word to drop, from the ``actor_info`` cells
    of every document of a corpus."""
    full: dict[str, dict[str, int]] = {}  # surname -> full name -> documents that name it
    bare: dict[str, int] = {}
    for cell in infos:
        for r in cell if cell is not None else ():
            name, level = r["actor"], r.get("bare") or 0
            if level:
                bare[name] = min(bare.get(name, 9), level)
            elif r["kind"] == "person" and " " in name:
                names = full.setdefault(name.split()[-1], {})
                names[name] = names.get(name, 0) + 1
    links: dict[str, str | None] = {}
    for name, level in bare.items():
        who = full.get(name, {})
        if len(who) == 1:
            links[name] = next(iter(who))
        elif who and _one_person(list(who)):  # "Ken Feinberg" and "Kenneth Feinberg": the commoner spelling
            links[name] = max(sorted(who), key=lambda w: who[w])
        elif not who and level == 2:
            links[name] = None
    return links


def _one_person(names: list[str]) -> bool:
    """Whether full names with one surname differ only by a short form of the first name ("Ken", "Kenneth")."""
    firsts = [n.split()[0].rstrip(".").lower() for n in names]
    rests = {tuple(n.split()[1:]) for n in names}
    longest = max(firsts, key=len)
    return len(rests) == 1 and all(longest.startswith(f) and len(f) >= 2 for f in firsts)


def relink(names: list[str], links: dict[str, str | None]) -> list[str]:
    """A list of actor names with the links applied (dropped names left out, no name twice)."""
    out = [links.get(n, n) if n in links else n for n in names]
    return list(dict.fromkeys(n for n in out if n is not None))


def apply(raw: pd.DataFrame, links: dict[str, str | None]) -> pd.DataFrame:
    """Raw event rows with every linked name replaced in ``actors`` and ``actor_spans`` (a copy; ``raw`` itself
    is left as extracted, so that the next build links again from what every article says)."""
    if not links or raw.empty:
        return raw
    actors = raw["actors"].tolist()
    hit = [i for i, lst in enumerate(actors) if any(n in links for n in lst)]
    if not hit:
        return raw
    raw = raw.copy()
    spans = raw["actor_spans"].tolist()
    actors = list(actors)
    for i in hit:
        actors[i] = relink(list(actors[i]), links)
        spans[i] = [dict(s, actor=links[s["actor"]]) if s["actor"] in links else s for s in spans[i] or []
                    if links.get(s["actor"], s["actor"]) is not None]
    raw["actors"] = actors
    raw["actor_spans"] = spans
    return raw
