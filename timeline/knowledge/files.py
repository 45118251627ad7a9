"""The editable knowledge under ``data/``: actors, outlets, event-type words, person titles.

Files are plain CSV/text so that anyone can edit them in a spreadsheet or an editor.
A malformed file raises ``KnowledgeError`` naming the file, the line and the fix.
"""
from __future__ import annotations

import csv
import hashlib
import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_DATA = Path(__file__).resolve().parent.parent.parent / "data"
ACTOR_KINDS = ("person", "organization", "country", "armed group")
# A role held in a period: "Japanese prime minister from 2024-10-01 until 2025-10-21" (either bound may be left out).
_PERIOD = re.compile(r"\s+(?:from\s+(\d{4}(?:-\d\d){0,2}))?\s*(?:(?:until|to)\s+(\d{4}(?:-\d\d){0,2}))?\s*$")


class KnowledgeError(Exception):
    """A data file under data/ that cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    aliases: tuple[str, ...]
    kind: str
    side: str
    roles: tuple[str, ...]   # role phrases ("Kremlin spokesperson"); the first is the display role
    periods: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()  # (role, from, until) of dated roles

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else ""


@dataclass(frozen=True)
class Knowledge:
    actors: tuple[Actor, ...]
    outlets: tuple[tuple[str, tuple[str, ...]], ...]
    event_words: tuple[tuple[str, tuple[str, ...]], ...]   # (event_type, words) in file order
    titles: tuple[str, ...]
    fingerprint: str       # changes whenever any file changes: part of the cache key


def data_dir() -> Path:
    return Path(os.environ.get("TIMELINE_KNOWLEDGE", PROJECT_DATA))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KnowledgeError(f"{path}: missing; restore it from the project (it lists {', '.join(required)})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path}: unreadable ({exc}); save it as UTF-8 CSV") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise KnowledgeError(f"{path}: missing column(s) {', '.join(missing)}; the header must be {','.join(required)}")
    return [(i, row) for i, row in enumerate(reader, start=2) if any((v or "").strip() for v in row.values()
                                                                     if isinstance(v, str))]


def load_actors(path: Path) -> tuple[Actor, ...]:
    actors = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, ("name", "aliases", "kind", "side", "role")):
        name = (row["name"] or "").strip()
        kind = (row["kind"] or "").strip().lower()
        if not name:
            raise KnowledgeError(f"{path}:{line}: empty name")
        if kind not in ACTOR_KINDS:
            raise KnowledgeError(f"{path}:{line}: kind {kind!r} for {name!r} is not one of {', '.join(ACTOR_KINDS)}")
        if name in seen:
            raise KnowledgeError(f"{path}:{line}: {name!r} is listed twice (also on line {seen[name]}); merge the rows")
        seen[name] = line
        aliases = _split(row["aliases"])
        if name not in aliases:
            aliases = (name, *aliases)
        roles, periods = [], []
        for r in _split(row["role"]):
            m = _PERIOD.search(r)
            if m and (m.group(1) or m.group(2)):
                try:
                    start, end = _day(m.group(1)), _day(m.group(2))
                except ValueError:
                    raise KnowledgeError(f"{path}:{line}: role {r!r}: dates are written YYYY, YYYY-MM or "
                                         "YYYY-MM-DD") from None
                r = r[:m.start()].strip()
                periods.append((r, start, end))
            roles.append(r)
        actors.append(Actor(name, aliases, kind, (row["side"] or "").strip(), tuple(roles), tuple(periods)))
    return tuple(actors)


def _day(s: str | None) -> dt.date | None:
    if not s:
        return None
    parts = [int(p) for p in s.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def world_folder(folder: Path) -> Path:
    """The generated world tables used with a knowledge folder: its own ``world/``, else the project's."""
    return folder / "world" if (folder / "world").is_dir() else PROJECT_DATA / "world"


def load_outlets(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(((row["outlet"] or "").strip(), _split(row["aliases"]))
                 for _, row in _rows(path, ("outlet", "aliases")) if (row["outlet"] or "").strip())


def load_event_words(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for line, row in _rows(path, ("event_type", "words")):
        et = (row["event_type"] or "").strip().lower()
        if not et or not _split(row["words"]):
            raise KnowledgeError(f"{path}:{line}: needs an event_type and at least one word")
        out.append((et, tuple(w.lower() for w in _split(row["words"]))))
    return tuple(out)


def load_titles(path: Path) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return ()
    return tuple(dict.fromkeys(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")))


@lru_cache(maxsize=8)
def _load(folder: str, stamp: tuple) -> Knowledge:
    d = Path(folder)
    files = ["actors.csv", "outlets.csv", "event_types.csv", "person_titles.txt"]
    h = hashlib.sha256()
    for f in files:
        p = d / f
        h.update(f.encode())
        if p.exists():
            h.update(p.read_bytes())
    w = world_folder(d)
    for p in sorted(w.glob("*.csv")):  # the world tables are part of what the extractor knows
        h.update(p.name.encode() + p.read_bytes())
    return Knowledge(
        actors=load_actors(d / "actors.csv"),
        outlets=load_outlets(d / "outlets.csv"),
        event_words=load_event_words(d / "event_types.csv"),
        titles=load_titles(d / "person_titles.txt"),
        fingerprint=h.hexdigest()[:16],
    )


def load(folder: str | Path | None = None) -> Knowledge:
    """Load (and memoize until a file changes) the knowledge files of ``folder`` (default: data/)."""
    d = Path(folder) if folder else data_dir()
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(d.glob("*")) if f.is_file()) \
        if d.is_dir() else ()
    stamp += tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(world_folder(d).glob("*.csv")))
    return _load(str(d), stamp)
