"""Building a corpus: files -> documents -> events -> merged frames, cached on disk.

Each document's extraction is cached by the hash of its bytes, its ``sources.csv`` row,
the knowledge files and the extractor's own code, so an unchanged corpus loads from
Parquet and a new article re-extracts only that article.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from . import frames, knowledge as knowledge_mod, merge, metadata
from .actors import ActorFinder
from .boilerplate import segment
from .documents import DocumentError, find_files, read_document
from .events import EventFinder
from .records import Block, Document, Event, Mention, Problem
from .sentences import sentences as split_sentences

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "published", "outlet", "url", "title")


def _code_version() -> str:
    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


CODE_VERSION = _code_version()


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
        return _doc_from(entry["document"]) if entry else None


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
    for n, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        clean = {c: (row.get(c) or "").strip() for c in SOURCES_COLUMNS}
        if clean["published"] and not metadata.parse_date(clean["published"], fallback=True):
            problems.append(Problem(str(path), f"line {n}: published {clean['published']!r} is not a date "
                                               f"(write it as YYYY-MM-DD); using the text's date instead"))
            clean["published"] = ""
        rows[name] = clean
    return rows, problems


def _row_for(rows: dict[str, dict[str, str]], folder: Path, f: Path) -> dict[str, str]:
    rel = f.relative_to(folder).as_posix() if f.is_relative_to(folder) else f.name
    return rows.get(rel) or rows.get(f.name) or rows.get(f.stem) or {}


# ------------------------------------------------------------------- one file

def prepare(path: Path, row: dict[str, str], know: knowledge_mod.Knowledge, doc_id: str) -> Document:
    """Read and describe one file (raises DocumentError)."""
    raw = read_document(path)
    title_hint = raw.fields.get("title") or raw.fields.get("front:title") or raw.fields.get("field:title") or ""
    blocks = segment(raw.text, title_hint, tuple(v for v in raw.fields.values() if v))
    outlets = metadata.Outlets([(o, list(a)) for o, a in know.outlets])
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


def extract(doc: Document, finder: EventFinder) -> list[Event]:
    return finder.events(doc, split_sentences(doc))


# ---------------------------------------------------------------- the corpus

def default_cache_dir() -> Path:
    env = os.environ.get("TIMELINE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"


def build(inputs: list[str | Path], cache_dir: str | Path | None = None, use_cache: bool = True,
          knowledge_dir: str | Path | None = None, workers: int | None = None) -> Corpus:
    """Build (or load from the cache) the events of every article under ``inputs``.

    Articles not in the cache are extracted in ``workers`` processes (default: one per core,
    or ``$TIMELINE_WORKERS``; small batches stay in this process).
    """
    know = knowledge_mod.load(knowledge_dir)
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    files, missing = find_files(list(inputs))
    problems = [Problem(f, m) for f, m in missing]
    folders = [Path(i) for i in inputs if Path(i).is_dir()]
    rows_by_folder: dict[Path, dict] = {}
    for folder in folders:
        rows_by_folder[folder], probs = read_sources(folder)
        problems += probs
    ids = _doc_ids(files, folders)
    stats = _read_json(cache / "stat.json") or {} if use_cache else {}
    new_stats: dict = {}
    plan = []  # (path, doc_id, row, key or None)
    for f in files:
        folder = next((d for d in folders if f.is_relative_to(d)), f.parent)
        row = _row_for(rows_by_folder.get(folder, {}), folder, f)
        try:
            st = f.stat()
            rec = stats.get(str(f.resolve()))
            if rec and rec[0] == st.st_mtime_ns and rec[1] == st.st_size:
                sha = rec[2]
            else:
                sha = hashlib.sha256(f.read_bytes()).hexdigest() if st.st_size <= 20 * 2 ** 20 else "big"
            new_stats[str(f.resolve())] = [st.st_mtime_ns, st.st_size, sha]
        except OSError as exc:
            problems.append(Problem(str(f), f"cannot read it ({exc.strerror or exc})"))
            continue
        key = hashlib.sha256(json.dumps([sha, row, ids[f], know.fingerprint, CODE_VERSION]).encode()).hexdigest()[:24]
        plan.append((f, ids[f], row, key))
    corpus_key = hashlib.sha256(json.dumps([p[3] for p in plan] + [str(p) for p in problems]).encode()).hexdigest()[:24]
    if use_cache:
        loaded = _load_frames(cache / "corpus" / corpus_key)
        if loaded is not None:
            _write_json(cache / "stat.json", new_stats)
            ev, me, do, probs = loaded
            return Corpus(ev, me, do, probs, cache_dir=cache, from_cache=True,
                          knowledge_dir=Path(knowledge_dir) if knowledge_dir else None)
    entries: dict[str, dict] = {}
    todo = []
    for f, doc_id, row, key in plan:
        entry = _read_json(cache / "docs" / f"{key}.json") if use_cache else None
        if entry is not None and "document" in entry and "events" in entry:
            entries[key] = entry
        else:
            todo.append((str(f), row, doc_id, key, str(knowledge_dir) if knowledge_dir else None))
    for (path, _, _, key, _), (ok, result) in zip(todo, _extract_all(todo, workers)):
        if not ok:
            problems.append(Problem(path, result))
            continue
        entries[key] = result
        if use_cache:
            _write_json(cache / "docs" / f"{key}.json", result)
    docs: list[Document] = []
    keys: dict[str, str] = {}
    per_doc: dict[str, list[Event]] = {}
    for f, doc_id, row, key in plan:
        if key not in entries:
            continue
        doc = _doc_from(entries[key]["document"])
        docs.append(doc)
        keys[doc.doc_id] = key
        per_doc[doc.doc_id] = [_event_from(e) for e in entries[key]["events"]]
        problems += [Problem(str(f), p) for p in doc.problems]
    events = merge.merge(per_doc, merge.source_keys(docs))
    by_id = {d.doc_id: d for d in docs}
    n_events: dict[str, int] = {}
    for e in events:
        for d in {m.doc_id for m in e.mentions}:
            n_events[d] = n_events.get(d, 0) + 1
    ev = frames.events_frame(events)
    me = frames.mentions_frame(events, by_id)
    do = frames.documents_frame(docs, n_events)
    do["cache_key"] = pd.Series([keys[d] for d in do["doc"]], dtype="string")
    if use_cache:
        _save_frames(cache / "corpus" / corpus_key, ev, me, do, problems)
        _write_json(cache / "stat.json", new_stats)
    return Corpus(ev, me, do, problems, cache_dir=cache if use_cache else None,
                  knowledge_dir=Path(knowledge_dir) if knowledge_dir else None,
                  _docs={} if use_cache else by_id)


_WORKER_STATE: dict = {}


def _extract_one(job) -> tuple[bool, dict | str]:
    """Read and extract one file: (True, cache entry) or (False, the problem in one line)."""
    path, row, doc_id, _key, know_dir = job
    state = _WORKER_STATE.get(know_dir)
    if state is None:
        know = knowledge_mod.load(know_dir)
        state = _WORKER_STATE[know_dir] = (know, EventFinder(know, ActorFinder(know)))
    know, finder = state
    try:
        doc = prepare(Path(path), row, know, doc_id)
    except DocumentError as exc:
        return False, str(exc)
    except (OSError, ValueError, RecursionError) as exc:  # vanished mid-build, odd bytes: one problem line
        return False, f"cannot read it ({exc.__class__.__name__}: {exc})"
    evs = extract(doc, finder)
    return True, {"document": _doc_to(doc), "events": [_event_to(e) for e in evs]}


def _extract_all(jobs: list, workers: int | None) -> list:
    if workers is None:
        workers = int(os.environ.get("TIMELINE_WORKERS") or os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs) // 20))
    if workers == 1:
        return [_extract_one(j) for j in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_extract_one, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 8)))))


def _doc_ids(files: list[Path], folders: list[Path]) -> dict[Path, str]:
    ids: dict[Path, str] = {}
    taken: set[str] = set()
    for f in files:
        base = f.stem
        folder = next((d for d in folders if f.is_relative_to(d)), None)
        cand = base if base not in taken else (
            f.relative_to(folder).with_suffix("").as_posix() if folder else f"{f.parent.name}/{base}")
        n = 2
        while cand in taken:
            cand = f"{base}~{n}"
            n += 1
        taken.add(cand)
        ids[f] = cand
    return ids


# ------------------------------------------------------------ serialization

_DOC_FIELDS = [f.name for f in fields(Document)]
_EVENT_FIELDS = [f.name for f in fields(Event)]
_MENTION_FIELDS = [f.name for f in fields(Mention)]

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


def _event_to(e: Event) -> dict:
    out = {f: getattr(e, f) for f in _EVENT_FIELDS}
    out["date"], out["date_end"] = _iso(e.date), _iso(e.date_end)
    out["actors"] = list(e.actors)
    out["mentions"] = [{f: getattr(m, f) for f in _MENTION_FIELDS} for m in e.mentions]
    return out


def _event_from(o: dict) -> Event:
    o = dict(o)
    o["date"], o["date_end"] = _date(o["date"]), _date(o["date_end"])
    o["mentions"] = [Mention(**m) for m in o["mentions"]]
    return Event(**o)


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


def _save_frames(folder: Path, ev, me, do, problems: list[Problem]) -> None:
    try:
        for name, df in (("events", ev), ("mentions", me), ("documents", do)):
            path = folder / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            os.close(fd)
            df.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        _write_json(folder / "problems.json", [[p.file, p.message] for p in problems])
    except OSError:
        pass


def _load_frames(folder: Path):
    probs = _read_json(folder / "problems.json")
    if probs is None:
        return None
    try:
        ev = frames.restore_lists(pd.read_parquet(folder / "events.parquet"))
        me = frames.restore_lists(pd.read_parquet(folder / "mentions.parquet"))
        do = frames.restore_lists(pd.read_parquet(folder / "documents.parquet"))
    except Exception:  # a damaged cache is rebuilt, whatever pyarrow says about it
        return None
    return ev, me, do, [Problem(f, m) for f, m in probs]
