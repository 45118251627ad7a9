"""World knowledge: the generated tables under ``data/world/`` (countries, actors, offices and who held them).

The tables are made by ``scripts/build_world_knowledge.py``; the user's ``data/actors.csv`` wins over them (an
actor or alias named there is left out here). Offices resolve by date: ``holder("prime minister", "Israel",
date(2012, 5, 1))`` is the one holder whose period covers the day, from the user's file first (role phrases
with ``from``/``until``), then from the generated periods.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .files import Actor, Knowledge

FILES = ("countries.csv", "actors.csv", "offices.csv", "corrections.csv")


@dataclass
class World:
    actors: dict[str, Actor] = field(default_factory=dict)          # name -> actor (countries included)
    surnames: dict[str, set[str]] = field(default_factory=dict)     # surname -> people it may stand for
    adjectives: dict[str, str] = field(default_factory=dict)        # "Japanese" -> "Japan"
    offices: dict[tuple[str, str], list[tuple[dt.date | None, dt.date | None, str]]] = field(default_factory=dict)
    held: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # holder -> {(office, country)}
    country_names: dict[str, str] = field(default_factory=dict)     # "britain" -> "United Kingdom"
    fingerprint: str = ""
    _demonyms: dict[str, str] = field(default_factory=dict, repr=False)  # country -> its first adjective

    def holder(self, office: str, country: str, when: dt.date | None) -> str | None:
        """The one holder of ``office`` in ``country`` on ``when`` (None when none or several)."""
        if when is None:
            return None
        who = {h for s, e, h in self.offices.get((office, country), ())
               if (s is None or s <= when) and (e is None or when < e)}
        return next(iter(who)) if len(who) == 1 else None

    def office_of(self, phrase: str) -> tuple[str, str] | None:
        """(office, country) of a phrase such as "Japanese prime minister", "Egypt's foreign minister" or
        "the president of France" (None when it names no known office and country)."""
        p = " ".join(phrase.replace("’", "'").split())
        p = p[4:] if p[:4].lower() == "the " else p
        low = p.lower()
        for o in sorted(self.office_names, key=len, reverse=True):
            if low.endswith(" " + o):
                c = self.country_of(p[:-len(o)].strip().removesuffix("'s"))
                return (o, c) if c else None
            if low.startswith(o + " of "):
                rest = p[len(o) + 4:]
                c = self.country_of(rest[4:] if rest[:4].lower() == "the " else rest)
                return (o, c) if c else None
        return None

    def adjective_of(self, country: str) -> str:
        """The first adjective listed for a country ("Sudanese"), else the country's name."""
        if not self._demonyms:
            for adj, c in self.adjectives.items():  # in file order: a country's first adjective comes first
                self._demonyms.setdefault(c, adj)
        return self._demonyms.get(country, country)

    def country_of(self, word: str) -> str | None:
        """The country an adjective ("Japanese"), name or short name stands for."""
        if word in self.adjectives:
            return self.adjectives[word]
        return self.country_names.get(word.lower())

    @property
    def office_names(self) -> set[str]:
        return {o for o, _ in self.offices} | set(GENERIC_OFFICES)


GENERIC_OFFICES = ("president", "prime minister", "foreign minister", "defense minister", "defence minister",
                    "interior minister", "finance minister", "trade minister", "economy minister", "health minister",
                    "vice president", "king", "chancellor", "army chief", "military chief", "ambassador",
                    "spokesperson", "spokesman", "spokeswoman", "envoy", "leader", "opposition leader")


def _date(s: str) -> dt.date | None:
    s = (s or "").strip()
    if not s:
        return None
    parts = [int(p) for p in s.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _read(path: Path) -> list[dict]:
    try:
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    except FileNotFoundError:
        return []


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple, user: tuple[Actor, ...]) -> World:
    d = Path(folder)
    h = hashlib.sha256()
    for f in FILES:
        p = d / f
        if p.exists():
            h.update(f.encode() + p.read_bytes())
    w = World(fingerprint=h.hexdigest()[:16])
    taken = {al.lower() for a in user for al in a.aliases} | {a.name.lower() for a in user}
    user_names = {a.name for a in user}
    fixes = {r["name"]: r for r in _read(d / "corrections.csv")}  # kept by hand: names the sources lack
    for r in _read(d / "countries.csv"):
        name = r["name"]
        fix = fixes.get(name)
        if fix:
            r = dict(r, aliases="|".join(filter(None, (r["aliases"], fix["aliases"]))),
                     adjectives="|".join(filter(None, (r["adjectives"], fix["adjectives"]))))
        aliases = [x for x in [name, *r["aliases"].split("|"), r["capital"]] if x and x.lower() not in taken]
        for adj in filter(None, r["adjectives"].split("|")):
            w.adjectives.setdefault(adj, name)
        for x in (name, *r["aliases"].split("|")):
            if x:
                w.country_names.setdefault(x.lower(), name)
        if name not in user_names:
            w.actors[name] = Actor(name, tuple(dict.fromkeys(aliases)), "country", name, ())
    for r in _read(d / "actors.csv"):
        name = r["name"]
        if name in user_names or name.lower() in taken or name in w.actors:
            continue
        aliases = []
        for al in r["aliases"].split("|"):
            if al.startswith("~"):
                if al[1:].lower() not in taken:
                    w.surnames.setdefault(al[1:], set()).add(name)
            elif al and al.lower() not in taken:
                aliases.append(al)
        w.actors[name] = Actor(name, tuple(aliases), r["kind"], r["side"], ())
    for r in _read(d / "offices.csv"):
        w.offices.setdefault((r["office"], r["country"]), []).append((_date(r["start"]), _date(r["end"]), r["holder"]))
        w.held.setdefault(r["holder"], set()).add((r["office"], r["country"]))
    # The user's periods ("Japanese prime minister from 2024-10-01") come first: they cut the generated ones.
    for a in user:
        if a.kind == "country":
            for x in a.aliases:
                w.country_names.setdefault(x.lower(), a.name)
    for a in user:
        for role, start, end in a.periods:
            key = w.office_of(role)
            if not key:
                continue
            rows = [(s, e, hh) for s, e, hh in w.offices.get(key, ()) if hh == a.name or
                    not ((start is None or e is None or start < e) and (end is None or s is None or s < end))]
            w.offices[key] = [(start, end, a.name)] + rows
            w.held.setdefault(a.name, set()).add(key)
    return w


def load(knowledge: Knowledge, folder: str | Path | None = None) -> World:
    """The world tables of ``folder`` (default: ``world/`` beside the knowledge files), memoized."""
    from .files import data_dir, world_folder
    d = Path(folder) if folder else world_folder(data_dir())
    stamp = tuple((f, (d / f).stat().st_mtime_ns) for f in FILES if (d / f).exists())
    return _load(str(d), stamp, knowledge.actors)
