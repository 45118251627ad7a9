"""The on-disk cache of builds, in ``$TIMELINE_CACHE`` (default ``~/.cache/timeline``).

    docs/<key>.json        the full document (text and blocks) of each extracted article, by its cache key
    raw/<name>/            the unmerged rows of every article of the last build (a snapshot); raw/LATEST names
                           the complete one
    corpus/<key>/          the merged frames of a build (events, mentions, documents), with problems.json: its
                           problems, the size and checksum of each file, and the version of the merge code
    stat.json              size, time and hash of each article file, so that unchanged files are not hashed again
    lock.sqlite            the reader/writer lock: taken shared by readers, exclusively by writers

Every file is written to a temporary name and renamed into place; a manifest written last marks a folder
complete, and a damaged or incomplete one is rebuilt, never loaded. Old snapshots are pruned.

An article's cache key includes ``CODE_VERSION``: a hash of every file of the code (and data) that decides
what one document yields; a build's includes ``MERGE_VERSION``: of the code that merges the documents.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import frames
from ..extract.records import Block, Document, Problem, iso_day
from ..extract.rows import RAW_DOC_COLUMNS, RAW_EVENT_COLUMNS


def default_cache_dir() -> Path:
    env = os.environ.get("TIMELINE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"
# ------------------------------------------------------------------ code versions

PACKAGE = Path(__file__).resolve().parent.parent
# What decides what one document yields (a change re-extracts every document), and what decides how the
# documents are combined (a change re-merges from the cached rows). Folders count with every file in them.
EXTRACTOR_PARTS = ("extract", "timex", "knowledge", "store/frames.py")
MERGE_PARTS = ("extract/merge.py", "store/frames.py", "store/build.py")


def code_version(parts: Iterable[str], root: Path = PACKAGE) -> str:
    """A hash of the files of ``parts`` of the package at ``root``: each part is a file, a folder (every
    file in it, code and data, at any depth; compiled files left out) or a module that is either (``timex``:
    the folder ``timex/`` or the file ``timex.py``). Files are hashed with their paths, in path order."""
    found: dict[str, Path] = {}
    for part in parts:
        path = root / part
        if path.is_dir():
            files = [f for f in path.rglob("*") if f.is_file() and "__pycache__" not in f.relative_to(root).parts
                     and f.suffix != ".pyc"]
        elif path.is_file():
            files = [path]
        elif path.with_suffix(".py").is_file():
            files = [path.with_suffix(".py")]
        else:
            raise FileNotFoundError(f"{path}: no such module, folder or file of the package")
        found.update((f.relative_to(root).as_posix(), f) for f in files)
    h = hashlib.sha256()
    for rel in sorted(found):
        data = found[rel].read_bytes()
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:16]


CODE_VERSION = code_version(EXTRACTOR_PARTS)
MERGE_VERSION = code_version(MERGE_PARTS)


# ------------------------------------------------------------------ writing in the background

_PENDING: dict[str, threading.Thread] = {}


def in_background(cache: Path, fn, *args) -> None:
    """Write the cache after the build has returned its frames (the process waits for it at exit)."""
    t = threading.Thread(target=fn, args=args, name="timeline-cache-writer", daemon=False)
    _PENDING[str(cache)] = t
    t.start()


def _at_exit() -> None:
    flush()


# Cache writes must finish before the interpreter stops the thread pools that Parquet writing uses.
if hasattr(threading, "_register_atexit"):
    threading._register_atexit(_at_exit)


def flush(cache: str | Path | None = None) -> None:
    """Wait until the cache writes of earlier builds (of ``cache``, or of every cache) are on disk."""
    for key in [str(cache)] if cache is not None else list(_PENDING):
        t = _PENDING.pop(key, None)
        if t is not None:
            t.join()


def save_build(cache: Path, corpus_key: str, raw_docs, raw_events, events: pd.DataFrame, mentions: pd.DataFrame,
               documents: pd.DataFrame, problems: list[Problem], stats: dict, complete: bool = True) -> None:
    """Save the rows of every extracted article; the merged frames only when no article failed (an
    incomplete build must not be loaded as this corpus next time: the failed articles are retried)."""
    with locked(cache):
        _save_raw(cache, corpus_key, raw_docs, raw_events)
        if complete:
            _save_frames(cache / "corpus" / corpus_key, events, mentions, documents, problems)
            _prune(cache / "corpus", keep={corpus_key})
        write_json(cache / "stat.json", stats)


@contextmanager
def locked(cache: Path, shared: bool = False):
    """Cache writers take the cache's lock exclusively, readers shared: a build never reads a snapshot another
    process (or thread) is writing, and two builds never write one at once. The lock is a reader/writer lock
    held in SQLite's file locks, so it goes with its process, even when that process is killed. A cache that
    cannot be locked is used without it."""
    import sqlite3

    from filelock import ReadWriteLock

    lock = None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        lock = ReadWriteLock(cache / "lock.sqlite", is_singleton=False)  # one per use: threads wait for each other
        (lock.acquire_read if shared else lock.acquire_write)()
    except (OSError, ValueError, sqlite3.Error):
        if lock is not None:
            lock.close()
        lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()
            lock.close()


# ------------------------------------------------------------------ documents

_DOC_FIELDS = [f.name for f in fields(Document)]


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def document_to_json(d: Document) -> dict:
    out = {f: getattr(d, f) for f in _DOC_FIELDS}
    out["published"] = iso_day(d.published)
    out["blocks"] = [[b.start, b.end, b.kind, b.reason] for b in d.blocks]
    out["problems"] = list(d.problems)
    return out


def document_from_json(o: dict) -> Document:
    o = dict(o)
    o["published"] = _date(o["published"])
    o["blocks"] = [Block(*b) for b in o["blocks"]]
    return Document(**o)


# ------------------------------------------------------------------ files

def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, obj) -> None:
    try:
        _atomic_write(path, json.dumps(obj, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only cache only costs speed


def _write_parquet(path: Path, df: pd.DataFrame) -> list[int]:
    """Write a frame atomically; returns its [size, crc32], which the snapshot's manifest records."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        if isinstance(df, pd.DataFrame):
            df.to_parquet(tmp, index=False)
        else:  # an Arrow table
            import pyarrow.parquet as pq

            pq.write_table(df, tmp)
        data = Path(tmp).read_bytes()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [len(data), zlib.crc32(data)]


def _read_parquet(path: Path, check) -> pd.DataFrame:
    """A frame whose file must match its manifest entry (a damaged file may still parse, with wrong values)."""
    import pyarrow as pa

    data = path.read_bytes()
    if check is not None and check != [len(data), zlib.crc32(data)]:
        raise ValueError(f"{path.name} does not match its checksum")
    return frames.read_parquet(pa.BufferReader(data))


def _read_table(path: Path, check) -> "pa.Table":
    """An Arrow table whose file must match its manifest entry."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = path.read_bytes()
    if check is not None and check != [len(data), zlib.crc32(data)]:
        raise ValueError(f"{path.name} does not match its checksum")
    return pq.read_table(pa.BufferReader(data))


# ------------------------------------------------------------------ the merged frames of a build

_FRAMES = ("events", "mentions", "documents")


def _save_frames(folder: Path, events, mentions, documents, problems: list[Problem]) -> None:
    try:
        files = {f"{name}.parquet": _write_parquet(folder / f"{name}.parquet", df)
                 for name, df in zip(_FRAMES, (events, mentions, documents))}
        # written last: it marks the snapshot complete and records what its files must be
        _atomic_write(folder / "problems.json", json.dumps(
            {"problems": [[p.file, p.message] for p in problems], "files": files, "merge": MERGE_VERSION},
            ensure_ascii=False).encode())
    except OSError:
        pass


def load_frames(folder: Path, warnings: list[Problem]):
    if not (folder / "problems.json").exists():
        return None
    try:
        manifest = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
        probs = manifest["problems"]
        if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in probs):
            raise ValueError("problems.json")
        events, mentions, documents = (_read_parquet(folder / f"{name}.parquet", manifest["files"][f"{name}.parquet"])
                                       for name in _FRAMES)
    except Exception as exc:  # a damaged cache is rebuilt, whatever pyarrow says about it
        warnings.append(Problem(str(folder), f"cached build is damaged ({exc.__class__.__name__}); rebuilding it"))
        return None
    return events, mentions, documents, [Problem(f, m) for f, m in probs]


def merged_by(folder: Path) -> str | None:
    """The version of the merge code that made the saved frames in ``folder`` (None if unknown)."""
    manifest = read_json(folder / "problems.json")
    return manifest.get("merge") if isinstance(manifest, dict) else None


def read_stats(cache: Path, warnings: list[Problem]) -> dict:
    """The file stats of the last build ({path: [mtime_ns, size, sha256]}); damaged ones are dropped."""
    path = cache / "stat.json"
    if not path.exists():
        return {}
    stats = read_json(path)
    if isinstance(stats, dict) and all(isinstance(v, list) and len(v) == 3 and isinstance(v[0], int)
                                       and isinstance(v[1], int) and isinstance(v[2], str) for v in stats.values()):
        return stats
    warnings.append(Problem(str(path), "cached file stats are damaged; hashing every article again"))
    return {}


# ------------------------------------------------------------------ the rows of the last build

def _save_raw(cache: Path, name: str, docs: pd.DataFrame, events: pd.DataFrame) -> None:
    """The unmerged rows of the latest build, which the next build reuses for every unchanged document.

    Both tables go into a new folder; a pointer file, replaced atomically, names the complete one."""
    try:
        folder = cache / "raw" / name
        files = {f"{part}.parquet": _write_parquet(folder / f"{part}.parquet", df)
                 for part, df in (("docs", docs), ("events", events))}
        _atomic_write(folder / "files.json", json.dumps(files).encode())
        _atomic_write(cache / "raw" / "LATEST", name.encode())
        _prune(cache / "raw", keep={name})
    except OSError:
        pass


@dataclass
class Snapshot:
    """The unmerged rows of the last build, as Arrow tables (made into frames only where needed)."""

    name: str
    docs: "pa.Table"
    events: "pa.Table"


def load_snapshot(cache: Path, warnings: list[Problem]) -> Snapshot | None:
    if not (cache / "raw" / "LATEST").exists():
        return None
    try:
        name = (cache / "raw" / "LATEST").read_text().strip()
        if not re.fullmatch(r"[0-9a-f]{24}", name):  # names a snapshot folder, nothing else
            raise ValueError("LATEST")
        folder = cache / "raw" / name
        files = json.loads((folder / "files.json").read_text()) if (folder / "files.json").exists() else {}
        docs = _read_table(folder / "docs.parquet", files.get("docs.parquet"))
        events = _read_table(folder / "events.parquet", files.get("events.parquet"))
    except Exception as exc:  # damaged: every article is extracted again
        warnings.append(Problem(str(cache / "raw"), f"cached rows are damaged ({exc.__class__.__name__}); "
                                                    "extracting every article again"))
        return None
    if docs.column_names != RAW_DOC_COLUMNS or events.column_names != RAW_EVENT_COLUMNS:
        return None
    return Snapshot(name, docs, events)


def _prune(folder: Path, keep: set[str], spare: int = 2) -> None:
    """Remove all but the newest ``spare`` snapshot folders (and those in ``keep``)."""
    import shutil

    def age(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:  # removed meanwhile
            return 0.0

    try:
        subs = sorted((p for p in folder.iterdir() if p.is_dir() and p.name not in keep), key=age, reverse=True)
    except OSError:  # not made yet, or removed meanwhile
        return
    for old in subs[spare:]:
        shutil.rmtree(old, ignore_errors=True)
