"""Building a corpus: files -> documents -> events -> merged frames, cached on disk.

Each document's extraction is cached by the hash of its bytes, its ``sources.csv`` row,
the knowledge files and the extractor's own code, so an unchanged corpus loads from
Parquet and a new article re-extracts only that article.
"""
from __future__ import annotations

import csv
import gc
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import frames, knowledge as knowledge_mod, merge, metadata
from .actors import ActorFinder
from .boilerplate import segment
from .documents import DocumentError, read_document, walk_inputs
from .events import EventFinder
from .records import Block, Document, Event, Problem
from .sentences import sentences as split_sentences

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "published", "outlet", "url", "title")


# The modules whose code decides what one document yields (a change re-extracts every document), and
# those that only decide how the documents are combined (a change re-merges from the cached rows).
_EXTRACTOR_MODULES = ("documents", "boilerplate", "metadata", "sentences", "timex", "actors", "events", "frames",
                      "records", "knowledge")
_MERGE_MODULES = ("merge", "frames", "corpus")


def _code_version(modules, root: Path = Path(__file__).parent) -> str:
    """Hash of the modules' code: ``m.py``, or every file of the package folder ``m`` (code and data)."""
    h = hashlib.sha256()
    for m in modules:
        folder = root / m
        if folder.is_dir():
            files = sorted(f for f in folder.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
        else:
            files = [root / f"{m}.py"]
        for f in files:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


CODE_VERSION = _code_version(_EXTRACTOR_MODULES)
MERGE_VERSION = _code_version(_MERGE_MODULES)


@dataclass
class Corpus:
    """A built corpus: typed frames plus the problems met while reading it.

    events     one row per event (date, date_end, precision, actors, event_type, summary, sources...)
    mentions   one row per sentence reporting an event (doc, sentence, offsets, actor_spans...)
    documents  one row per article (title, outlet, published and where each came from, problems...)
    actors     one row per actor seen in an event (kind, side, role, known, n_events)
    """

    events: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    cache_dir: Path | None = None
    from_cache: bool = False
    knowledge_dir: Path | None = None
    _docs: dict = field(default_factory=dict, repr=False)

    @property
    def actors(self) -> pd.DataFrame:
        know = knowledge_mod.load(self.knowledge_dir)
        return frames.actors_frame(self.events, {a.name: a for a in know.actors})

    def document(self, doc_id: str) -> Document | None:
        """The full document (text and blocks) of one row of ``documents``."""
        if doc_id in self._docs:
            return self._docs[doc_id]
        row = self.documents[self.documents["doc"] == doc_id]
        if row.empty or self.cache_dir is None:
            return None
        entry = _read_json(self.cache_dir / "docs" / f"{row.iloc[0]['cache_key']}.json")
        try:
            return _doc_from(entry)
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # not cached (or damaged): read the file again
        try:
            return prepare(Path(row.iloc[0]["path"]), {}, knowledge_mod.load(self.knowledge_dir), doc_id)
        except (DocumentError, OSError):
            return None


# ------------------------------------------------------------------ sources.csv

def read_sources(folder: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    path = folder / SOURCES_FILE
    if not path.is_file():
        return {}, []
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(str(path), f"unreadable ({exc}); save it as UTF-8 CSV")]
    reader = csv.DictReader(text.splitlines())
    if "file" not in (reader.fieldnames or []):
        return {}, [Problem(str(path), f"needs a 'file' column; columns can be {', '.join(SOURCES_COLUMNS)}")]
    unknown = [c for c in reader.fieldnames or [] if c and c not in SOURCES_COLUMNS]
    if unknown:
        problems.append(Problem(str(path), f"ignoring unknown column(s) {', '.join(unknown)}; "
                                           f"valid: {', '.join(SOURCES_COLUMNS)}"))
    rows: dict[str, dict[str, str]] = {}
    is_date: dict[str, bool] = {}  # dates repeat: each distinct one is parsed once
    for n, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        clean = {c: (row.get(c) or "").strip() for c in SOURCES_COLUMNS}
        published = clean["published"]
        if published and published not in is_date:
            is_date[published] = bool(metadata.parse_date(published, fallback=True))
        if published and not is_date[published]:
            problems.append(Problem(str(path), f"line {n}: published {clean['published']!r} is not a date "
                                               f"(write it as YYYY-MM-DD); using the text's date instead"))
            clean["published"] = ""
        rows[name] = clean
    return rows, problems


# ------------------------------------------------------------------- one file

def prepare(path: Path, row: dict[str, str], know: knowledge_mod.Knowledge, doc_id: str) -> Document:
    """Read and describe one file (raises DocumentError)."""
    raw = read_document(path)
    title_hint = raw.fields.get("title") or raw.fields.get("front:title") or raw.fields.get("field:title") or ""
    blocks = segment(raw.text, title_hint, tuple(v for v in raw.fields.values() if v))
    outlets = _outlets_of(know.outlets)
    published, p_src, p_text = metadata.publication_date(raw.text, blocks, raw.fields, row.get("published", ""))
    outlet, o_src = metadata.outlet_of(raw.text, blocks, raw.fields, outlets, row.get("outlet", ""))
    title, t_src = metadata.title_of(raw.text, blocks, raw.fields, path, row.get("title", ""))
    url = row.get("url") or metadata.url_of(raw.fields)
    doc = Document(doc_id=doc_id, path=str(path), text=raw.text, blocks=blocks, title=title, title_source=t_src,
                   outlet=outlet, outlet_source=o_src, url=url, published=published, published_source=p_src,
                   published_text=p_text, encoding=raw.encoding, sha256=raw.sha256)
    if not any(b.kind == "body" for b in blocks):
        doc.problems.append("no story text found (everything looks like page furniture)")
    if published is None:
        doc.problems.append("no publication date found: relative dates stay unresolved until you give one "
                            "(published column of sources.csv)")
    return doc


@lru_cache(maxsize=4)
def _outlets_of(rows: tuple) -> metadata.Outlets:
    """The outlet table of a knowledge folder's rows (built once, not per article)."""
    return metadata.Outlets([(o, list(a)) for o, a in rows])


def extract(doc: Document, finder: EventFinder) -> list[Event]:
    return finder.events(doc, split_sentences(doc))


# ---------------------------------------------------------------- the corpus

def default_cache_dir() -> Path:
    env = os.environ.get("TIMELINE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"


def plan_inputs(inputs: list[str | Path], know: knowledge_mod.Knowledge, stats: dict | None = None):
    """The articles to build: [(path, doc_id, sources.csv row, cache key)], problems, and file stats.

    ``stats`` maps absolute paths to [mtime_ns, size, sha256] from an earlier run: files whose size and
    time are unchanged are not hashed again."""
    stats = stats or {}
    found, missing = walk_inputs(list(inputs))
    problems = [Problem(f, m) for f, m in missing]
    rows_by_folder: dict[str, dict] = {}
    for folder in dict.fromkeys(f.folder for f in found if f.folder):
        rows_by_folder[folder], probs = read_sources(Path(folder))
        problems += probs
    ids = _doc_ids(found)
    new_stats: dict = {}
    plan = []  # (path, doc_id, sources.csv row, cache key)
    absdirs: dict[str, str] = {}  # os.path.abspath of each folder, computed once
    for f in found:
        rows = rows_by_folder.get(f.folder, {}) if f.folder else {}
        name = os.path.basename(f.rel)
        row = rows.get(f.rel) or rows.get(name) or rows.get(os.path.splitext(name)[0]) or {}
        head, tail = os.path.split(f.path)
        if head not in absdirs:
            absdirs[head] = os.path.abspath(head)
        where = os.path.join(absdirs[head], tail)
        try:
            st = os.stat(f.path)
            rec = stats.get(where)
            if rec and rec[0] == st.st_mtime_ns and rec[1] == st.st_size:
                sha = rec[2]
            else:
                sha = hashlib.sha256(Path(f.path).read_bytes()).hexdigest() if st.st_size <= 20 * 2 ** 20 else "big"
            new_stats[where] = [st.st_mtime_ns, st.st_size, sha]
        except OSError as exc:
            problems.append(Problem(f.path, f"cannot read it ({exc.strerror or exc})"))
            continue
        doc_id = ids[f.path]
        key = hashlib.sha256(json.dumps([sha, row, doc_id, know.fingerprint, CODE_VERSION]).encode()).hexdigest()[:24]
        plan.append((Path(f.path), doc_id, row, key))
    return plan, problems, new_stats


def build(inputs: list[str | Path], cache_dir: str | Path | None = None, use_cache: bool = True,
          knowledge_dir: str | Path | None = None, workers: int | None = None) -> Corpus:
    """Build (or load from the cache) the events of every article under ``inputs``.

    Articles not in the cache are extracted in ``workers`` processes (default: one per core,
    or ``$TIMELINE_WORKERS``; small batches stay in this process).
    """
    know = knowledge_mod.load(knowledge_dir)
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    flush(cache)
    warnings: list[Problem] = []  # about the cache itself: reported now, never saved with the build
    stats = _read_stats(cache, warnings) if use_cache else {}
    plan, problems, new_stats = plan_inputs(inputs, know, stats)
    # the paths are part of the build (an article's row names its file) but not of an article's cache key: a
    # copy of an article elsewhere reuses its extraction, with its own path
    corpus_key = hashlib.sha256(json.dumps([MERGE_VERSION] + [[p[3], str(p[0])] for p in plan]
                                           + [str(p) for p in problems]).encode()).hexdigest()[:24]
    if use_cache:
        with _locked(cache, shared=True):
            loaded = _load_frames(cache / "corpus" / corpus_key, warnings)
        if loaded is not None:
            _write_json(cache / "stat.json", new_stats)
            ev, me, do, probs = loaded
            _LAST[str(cache)] = (corpus_key, ev.copy(), me.copy(), do.copy())
            return Corpus(ev, me, do, probs + warnings, cache_dir=cache, from_cache=True,
                          knowledge_dir=Path(knowledge_dir) if knowledge_dir else None)
    snap = None
    if use_cache:
        with _locked(cache, shared=True):
            snap = _load_raw_tables(cache, warnings)
    wanted = {key for *_, key in plan}
    have = set(snap.docs.column("cache_key").to_pylist()) & wanted if snap is not None else set()
    todo = [(str(f), row, doc_id, key, str(knowledge_dir) if knowledge_dir else None,
             str(cache / "docs") if use_cache else None, know.fingerprint)
            for f, doc_id, row, key in plan if key not in have]
    new_docs, new_events, kept_docs = [], [], {}
    failed = False  # an article whose extraction raised: this build is not cached as complete
    for job, (status, result) in zip(todo, _extract_all(todo, workers)):
        if status != "ok":
            problems.append(Problem(job[0], result))
            failed |= status == "failed"
            continue
        doc_row, event_rows, full = result
        new_docs.append(doc_row)
        new_events += event_rows
        if full is not None:
            kept_docs[full.doc_id] = full
    built = None
    if have:
        with _locked(cache, shared=True):
            built = _assemble_onto(snap, cache / "corpus" / snap.name, plan, new_docs, new_events, problems)
    if built is None:
        previous = (frames.from_table(snap.docs), frames.from_table(snap.events)) if have else None
        built = assemble(plan, new_docs, new_events, problems, previous, have)
    ev, me, do, raw_docs, raw_events = built
    if use_cache:
        _LAST.pop(str(cache), None)
        _in_background(cache, _save_all, cache, corpus_key, raw_docs, raw_events, ev, me, do, list(problems),
                       new_stats, not failed)
        _LAST[str(cache)] = (corpus_key, ev.copy(), me.copy(), do.copy())
    return Corpus(ev, me, do, problems + warnings, cache_dir=cache if use_cache else None,
                  knowledge_dir=Path(knowledge_dir) if knowledge_dir else None, _docs=kept_docs)


def assemble(plan: list, new_docs: list[dict], new_events: list[dict], problems: list[Problem],
             previous=None, have: set[str] = frozenset()):
    """Raw rows of the new documents (plus the reused rows of ``previous`` for the keys in ``have``)
    -> merged, typed frames. Appends each document's own problems to ``problems``."""
    parts_d = [frames.raw_docs_frame(new_docs)]
    parts_e = [frames.raw_events_frame(new_events)]
    if previous is not None:
        prev_docs, prev_events = previous
        old = prev_docs[prev_docs["cache_key"].isin(have)]
        parts_d.insert(0, old)
        parts_e.insert(0, prev_events[prev_events["doc"].isin(set(old["doc"]))])
    raw_docs = pd.concat([p for p in parts_d if len(p)] or parts_d[-1:], ignore_index=True)
    raw_events = pd.concat([p for p in parts_e if len(p)] or parts_e[-1:], ignore_index=True)
    order = {key: i for i, (*_, key) in enumerate(plan)}
    raw_docs = raw_docs.assign(_o=raw_docs["cache_key"].map(order)).sort_values("_o").drop(columns="_o") \
        .reset_index(drop=True)
    paths = {key: str(path) for path, _, _, key in plan}
    raw_docs["path"] = raw_docs["cache_key"].map(paths).fillna(raw_docs["path"])
    for path, probs in zip(raw_docs["path"], raw_docs["problems"]):
        problems += [Problem(path, p) for p in probs]
    merged, mentions = merge.merge(raw_events, merge.source_keys(raw_docs))
    ev = frames.events_frame(merged)
    me = frames.mentions_frame(mentions, raw_docs)
    do = frames.documents_frame(raw_docs, me)
    return ev, me, do, raw_docs, raw_events


def _assemble_onto(snap: "_Snapshot", frames_dir: Path, plan: list, new_docs: list[dict], new_events: list[dict],
                   problems: list[Problem]):
    """What ``assemble`` gives for the last build's documents plus the new ones, computed from the last
    build's merged frames: only the events the new documents' rows belong to are merged again (from all
    their rows). Returns None, and changes nothing, when that could differ from a full merge or the
    saved frames do not fit: an earlier document changed or went, the frames were merged by other code,
    or a new article changes which source an earlier one counts as. The raw tables come back as Arrow
    tables (written as they are)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    prev_keys = snap.docs.column("cache_key").to_pylist()
    order = {key: i for i, (*_, key) in enumerate(plan)}
    if (not prev_keys or len(set(prev_keys)) != len(prev_keys) or any(k not in order for k in prev_keys)
            or len(new_docs) > max(20, len(prev_keys) // 4)
            or _merged_by(frames_dir) != MERGE_VERSION):
        return None
    kept = _LAST.get(str(frames_dir.parent.parent))
    if kept is not None and kept[0] == snap.name:
        prev_ev, prev_me, prev_do = kept[1:]  # this process built them: no need to read them back
    else:
        loaded = _load_frames(frames_dir, [])
        if loaded is None:
            return None
        prev_ev, prev_me, prev_do, _ = loaded
    paths = {key: str(path) for path, _, _, key in plan}
    if prev_do["cache_key"].tolist() != prev_keys or [paths[k] for k in prev_keys] != prev_do["path"].tolist():
        return None  # not the frames of these rows, or the articles were read from elsewhere
    new_d = frames.raw_docs_frame(new_docs)
    new_e = frames.raw_events_frame(new_events)
    prev_ids = snap.docs.column("doc").to_pylist()
    if set(new_d["doc"]) & set(prev_ids):
        return None
    # Which source each document counts as: its outlet, else its group of copies. Only which documents
    # count as the same source matters (the number of sources of an event), not the group's name.
    prev_outlets = snap.docs.column("outlet").to_pylist()
    new_outlets = new_d["outlet"].tolist()
    named = [isinstance(o, str) and bool(o) for o in new_outlets]
    if all(isinstance(o, str) and o for o in prev_outlets) and named.count(False) <= 1:
        # Every earlier article counts as its outlet, whatever it shares with the new one; a new article
        # without an outlet is a source of its own (the others in its group of copies count as their outlets).
        source_of = {d: "outlet:" + o.lower() for d, o in zip(prev_ids, prev_outlets)}
        source_of.update({d: "outlet:" + o.lower() if ok else "copy:" + d
                          for d, o, ok in zip(new_d["doc"], new_outlets, named)})
    else:
        cols = ["doc", "outlet", "fingerprints"]
        before = frames.from_table(snap.docs.select(cols))
        both = pd.concat([before, new_d[cols]], ignore_index=True)
        both = both.iloc[np.argsort([order[k] for k in prev_keys + new_d["cache_key"].tolist()], kind="stable")]
        source_of = merge.source_keys(both)
        pairs = {(s, source_of[d]) for d, s in merge.source_keys(before).items()}
        if len(pairs) != len({a for a, _ in pairs}) or len(pairs) != len({b for _, b in pairs}):
            return None  # the new articles join or split earlier groups of copies
    # The earlier events that new rows join, and every raw row of them.
    keys = set(merge.event_keys(new_e)) if len(new_e) else set()
    hit = prev_ev["event_id"].isin({merge.event_id(k) for k in keys}).to_numpy()
    touched = {d for ds in prev_ev.loc[hit, "docs"] for d in ds}
    parts = [new_e]
    meta = [new_d[["doc", "outlet", "published"]]]
    if touched:
        value_set = pa.array(sorted(touched), type=snap.events.schema.field("doc").type)
        rows = frames.from_table(snap.events.filter(pc.is_in(snap.events.column("doc"), value_set=value_set)))
        parts.insert(0, rows[[k in keys for k in merge.event_keys(rows)]])
        meta.insert(0, frames.from_table(snap.docs.select(["doc", "outlet", "published"]).filter(
            pc.is_in(snap.docs.column("doc"), value_set=value_set))))
    raw = pd.concat([p for p in parts if len(p)] or parts[-1:], ignore_index=True)
    merged, mentions = merge.merge(raw, source_of)
    ev_new = frames.events_frame(merged)
    me_new = frames.mentions_frame(mentions, pd.concat(meta, ignore_index=True))
    do_new = frames.documents_frame(new_d, me_new)
    # Put them together in the order a full merge gives.
    if len(ev_new):
        ev = pd.concat([prev_ev[~hit], ev_new], ignore_index=True)
        ev = frames.events_frame(ev.sort_values(["date", "event_id"], na_position="last", kind="stable"))
        position = pd.Series(np.arange(len(ev)), index=ev["event_id"].to_numpy(object))
        me = pd.concat([prev_me[~prev_me["event_id"].isin(set(prev_ev.loc[hit, "event_id"]))], me_new],
                       ignore_index=True)
        me = me.take(np.argsort(me["event_id"].map(position).to_numpy(np.int64), kind="stable"))
        me = me.reset_index(drop=True)
    else:  # no new events: the earlier ones stay as they are
        ev, me = prev_ev.copy(), prev_me.copy()
    do = pd.concat([prev_do, do_new], ignore_index=True) if len(do_new) else prev_do.copy()
    rank = np.argsort(do["cache_key"].map(order).to_numpy(np.int64), kind="stable")
    do = do.take(rank).reset_index(drop=True)
    raw_docs = pa.concat_tables([snap.docs, _table_of(new_d, snap.docs.schema)], promote_options="permissive")
    raw_docs = raw_docs.take(pa.array(rank))
    raw_events = pa.concat_tables([snap.events, _table_of(new_e, snap.events.schema)], promote_options="permissive")
    for path, probs in zip(do["path"], do["problems"]):
        problems += [Problem(path, p) for p in probs]
    return ev, me, do, raw_docs, raw_events


def _merged_by(folder: Path) -> str | None:
    """The version of the merge code that made the saved frames in ``folder`` (None if unknown)."""
    manifest = _read_json(folder / "problems.json")
    return manifest.get("merge") if isinstance(manifest, dict) else None


def _table_of(df: pd.DataFrame, like) -> "pa.Table":
    """New raw rows as an Arrow table that can follow ``like`` (the same columns, in the same types where
    it can)."""
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    try:
        return table.cast(pa.schema([f for f in like], metadata=table.schema.metadata))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
        return table


_PENDING: dict[str, threading.Thread] = {}
# The frames of the last build of each cache in this process (copies: callers may change theirs), by name of
# the snapshot they were saved as, so that the next build can merge onto them without reading them back.
_LAST: dict[str, tuple] = {}


def _in_background(cache: Path, fn, *args) -> None:
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


def _save_all(cache, corpus_key, raw_docs, raw_events, ev, me, do, problems, stats, complete=True) -> None:
    """Save the rows of every extracted article; the merged frames only when no article failed (an
    incomplete build must not be loaded as this corpus next time: the failed articles are retried)."""
    with _locked(cache):
        _save_raw(cache, corpus_key, raw_docs, raw_events)
        if complete:
            _save_frames(cache / "corpus" / corpus_key, ev, me, do, problems)
            _prune(cache / "corpus", keep={corpus_key})
        _write_json(cache / "stat.json", stats)


@contextmanager
def _locked(cache: Path, shared: bool = False):
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


_WORKER_STATE: dict = {}


def _extract_one(job) -> tuple[str, tuple | str]:
    """Read and extract one file: ("ok", (document row, raw event rows, Document or None)), ("problem", the
    problem in one line) for a file that cannot be read, or ("failed", the error in one line) when
    extraction raised: that article is left out of this build and of the cache, so the next build tries it
    again. With a cache folder, the full document is written there."""
    try:
        return _extract_checked(job)
    except Exception as exc:  # one article never costs the others
        return "failed", failure_message(exc)


def failure_message(exc: BaseException) -> str:
    """An unexpected error while extracting an article, in one line (with the traceback after it when
    ``TIMELINE_DEBUG=1``)."""
    line = (f"extraction failed ({exc.__class__.__name__}: {str(exc)[:300]}); the other articles are built, this "
            "one is tried again on the next build (TIMELINE_DEBUG=1 shows the traceback)")
    if os.environ.get("TIMELINE_DEBUG", "") not in ("", "0"):
        import traceback

        line += "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return line


def _extract_checked(job) -> tuple[str, tuple | str]:
    path, row, doc_id, key, know_dir, docs_dir, *planned = job
    # the finder for the knowledge files as they were when the build was planned (their fingerprint is part
    # of every cache key); without one, or when that finder is not here, as they are now
    state = _WORKER_STATE.get((know_dir, planned[0])) if planned else None
    if state is None:
        know = knowledge_mod.load(know_dir)  # memoized while its files are unchanged
        state = _WORKER_STATE.get((know_dir, know.fingerprint))
    if state is None:
        if len(_WORKER_STATE) >= 4:  # finders for knowledge files that have changed since
            _WORKER_STATE.pop(next(iter(_WORKER_STATE)))
        state = _WORKER_STATE[(know_dir, know.fingerprint)] = (know, EventFinder(know, ActorFinder(know)))
        # The finder's tables (tens of thousands of actors and names) live as long as the process: frozen, they are
        # no longer walked by every full collection of the garbage collector.
        gc.freeze()
    know, finder = state
    try:
        doc = prepare(Path(path), row, know, doc_id)
    except DocumentError as exc:
        return "problem", str(exc)
    except (OSError, UnicodeError, RecursionError) as exc:  # vanished mid-build, odd bytes: one problem line
        return "problem", f"cannot read it ({exc.__class__.__name__}: {exc})"
    sents = split_sentences(doc)
    evs = finder.events(doc, sents)
    prints = merge.fingerprints([s.text for s in sents if not s.caption])
    if docs_dir:
        _write_json(Path(docs_dir) / f"{key}.json", _doc_to(doc))
    return "ok", (frames.raw_doc_row(doc, key, prints), frames.raw_event_rows(doc_id, evs),
                  None if docs_dir else doc)


def _extract_all(jobs: list, workers: int | None) -> list:
    if workers is None:
        workers = int(os.environ.get("TIMELINE_WORKERS") or os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs) // 20))
    if workers == 1:
        return [_extract_one(j) for j in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_extract_one, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 8)))))


def _doc_ids(found) -> dict[str, str]:
    """Document ids: the file name without extension; on a clash, the path in its folder, then a number."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for f in found:
        base = os.path.splitext(os.path.basename(f.rel))[0]
        cand = base if base not in taken else os.path.splitext(f.rel)[0]
        n = 2
        while cand in taken:
            cand = f"{base}~{n}"
            n += 1
        taken.add(cand)
        ids[f.path] = cand
    return ids


# ------------------------------------------------------------ serialization

_DOC_FIELDS = [f.name for f in fields(Document)]

def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _doc_to(d: Document) -> dict:
    out = {f: getattr(d, f) for f in _DOC_FIELDS}
    out["published"] = _iso(d.published)
    out["blocks"] = [[b.start, b.end, b.kind, b.reason] for b in d.blocks]
    out["problems"] = list(d.problems)
    return out


def _doc_from(o: dict) -> Document:
    o = dict(o)
    o["published"] = _date(o["published"])
    o["blocks"] = [Block(*b) for b in o["blocks"]]
    return Document(**o)


def _read_json(path: Path):
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


def _write_json(path: Path, obj) -> None:
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


_FRAMES = ("events", "mentions", "documents")


def _save_frames(folder: Path, ev, me, do, problems: list[Problem]) -> None:
    try:
        files = {f"{name}.parquet": _write_parquet(folder / f"{name}.parquet", df)
                 for name, df in zip(_FRAMES, (ev, me, do))}
        # written last: it marks the snapshot complete and records what its files must be
        _atomic_write(folder / "problems.json", json.dumps(
            {"problems": [[p.file, p.message] for p in problems], "files": files, "merge": MERGE_VERSION},
            ensure_ascii=False).encode())
    except OSError:
        pass


def _load_frames(folder: Path, warnings: list[Problem]):
    if not (folder / "problems.json").exists():
        return None
    try:
        manifest = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
        probs = manifest["problems"]
        if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in probs):
            raise ValueError("problems.json")
        ev, me, do = (_read_parquet(folder / f"{name}.parquet", manifest["files"][f"{name}.parquet"])
                      for name in _FRAMES)
    except Exception as exc:  # a damaged cache is rebuilt, whatever pyarrow says about it
        warnings.append(Problem(str(folder), f"cached build is damaged ({exc.__class__.__name__}); rebuilding it"))
        return None
    return ev, me, do, [Problem(f, m) for f, m in probs]


def _read_stats(cache: Path, warnings: list[Problem]) -> dict:
    """The file stats of the last build ({path: [mtime_ns, size, sha256]}); damaged ones are dropped."""
    path = cache / "stat.json"
    if not path.exists():
        return {}
    stats = _read_json(path)
    if isinstance(stats, dict) and all(isinstance(v, list) and len(v) == 3 and isinstance(v[0], int)
                                       and isinstance(v[1], int) and isinstance(v[2], str) for v in stats.values()):
        return stats
    warnings.append(Problem(str(path), "cached file stats are damaged; hashing every article again"))
    return {}


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
class _Snapshot:
    """The unmerged rows of the last build, as Arrow tables (made into frames only where needed)."""

    name: str
    docs: "pa.Table"
    events: "pa.Table"


def _load_raw_tables(cache: Path, warnings: list[Problem]) -> _Snapshot | None:
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
    if docs.column_names != frames.RAW_DOC_COLUMNS or events.column_names != frames.RAW_EVENT_COLUMNS:
        return None
    return _Snapshot(name, docs, events)


def _read_table(path: Path, check) -> "pa.Table":
    """An Arrow table whose file must match its manifest entry."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = path.read_bytes()
    if check is not None and check != [len(data), zlib.crc32(data)]:
        raise ValueError(f"{path.name} does not match its checksum")
    return pq.read_table(pa.BufferReader(data))


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
