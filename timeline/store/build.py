"""Building a corpus: article files -> per-article rows (``timeline.extract``) -> merged, typed frames.

``plan_inputs`` finds the articles and gives each its ``ArticleJob``, named by a cache key: the hash of its
bytes, its ``sources.csv`` row, its id, the knowledge files and the extractor's code. ``build`` reuses the rows
of every article whose key is in the cache (``timeline.store.cache``), extracts the others (in one process
per core), and merges: onto the last build's frames when only a few articles are new, else from all the rows.
An unchanged corpus loads from Parquet; a new article re-extracts only that article.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from . import cache as cache_mod, frames
from .articles import read_sources
from .. import knowledge as knowledge_mod
from ..extract import linking, merge
from ..extract.article import FAILED, OK, ArticleJob, ArticleResult, extract_article, read_article
from ..extract.documents import DocumentError, walk_inputs
from ..extract.records import Document, Problem


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
        return frames.actors_frame(self.events, {a.name: a for a in know.actors}, self.documents)

    def document(self, doc_id: str) -> Document | None:
        """The full document (text and blocks) of one row of ``documents``."""
        if doc_id in self._docs:
            return self._docs[doc_id]
        row = self.documents[self.documents["doc"] == doc_id]
        if row.empty or self.cache_dir is None:
            return None
        entry = cache_mod.read_json(self.cache_dir / "docs" / f"{row.iloc[0]['cache_key']}.json")
        try:
            return cache_mod.document_from_json(entry)
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # not cached (or damaged): read the file again
        try:
            return read_article(Path(row.iloc[0]["path"]), {}, knowledge_mod.load(self.knowledge_dir), doc_id)
        except (DocumentError, OSError):
            return None


# ---------------------------------------------------------------- the plan

def plan_inputs(inputs: list[str | Path], know: knowledge_mod.Knowledge, stats: dict | None = None,
                knowledge_dir: str | Path | None = None) -> tuple[list[ArticleJob], list[Problem], dict]:
    """The articles to build (one job each, in input order), the problems met finding them, and file stats.

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
    plan = []
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
        key = hashlib.sha256(json.dumps([sha, row, doc_id, know.fingerprint, cache_mod.CODE_VERSION]).encode()
                             ).hexdigest()[:24]
        plan.append(ArticleJob(str(Path(f.path)), row, doc_id, key, str(knowledge_dir) if knowledge_dir else None,
                               know.fingerprint))
    return plan, problems, new_stats


def build(inputs: list[str | Path], cache_dir: str | Path | None = None, use_cache: bool = True,
          knowledge_dir: str | Path | None = None, workers: int | None = None) -> Corpus:
    """Build (or load from the cache) the events of every article under ``inputs``.

    Articles not in the cache are extracted in ``workers`` processes (default: one per core,
    or ``$TIMELINE_WORKERS``; small batches stay in this process).
    """
    know = knowledge_mod.load(knowledge_dir)
    cache = Path(cache_dir) if cache_dir else cache_mod.default_cache_dir()
    cache_mod.flush(cache)
    warnings: list[Problem] = []  # about the cache itself: reported now, never saved with the build
    stats = cache_mod.read_stats(cache, warnings) if use_cache else {}
    plan, problems, new_stats = plan_inputs(inputs, know, stats, knowledge_dir)
    # the paths are part of the build (an article's row names its file) but not of an article's cache key: a
    # copy of an article elsewhere reuses its extraction, with its own path
    corpus_key = hashlib.sha256(json.dumps([cache_mod.MERGE_VERSION] + [[job.cache_key, job.path] for job in plan]
                                           + [str(p) for p in problems]).encode()).hexdigest()[:24]
    if use_cache:
        with cache_mod.locked(cache, shared=True):
            loaded = cache_mod.load_frames(cache / "corpus" / corpus_key, warnings)
        if loaded is not None:
            cache_mod.write_json(cache / "stat.json", new_stats)
            events, mentions, documents, saved_problems = loaded
            _LAST[str(cache)] = (corpus_key, events.copy(), mentions.copy(), documents.copy())
            return Corpus(events, mentions, documents, saved_problems + warnings, cache_dir=cache, from_cache=True,
                          knowledge_dir=Path(knowledge_dir) if knowledge_dir else None)
    snap = None
    if use_cache:
        with cache_mod.locked(cache, shared=True):
            snap = cache_mod.load_snapshot(cache, warnings)
    wanted = {job.cache_key for job in plan}
    have = set(snap.docs.column("cache_key").to_pylist()) & wanted if snap is not None else set()
    todo = [job for job in plan if job.cache_key not in have]
    new_docs, new_events, kept_docs = [], [], {}
    failed = False  # an article whose extraction raised: this build is not cached as complete
    for job, result in zip(todo, _extract_all(todo, workers, str(cache / "docs") if use_cache else None)):
        if result.status != OK:
            problems.append(Problem(job.path, result.message))
            failed |= result.status == FAILED
            continue
        new_docs.append(result.document_row)
        new_events += result.event_rows
        if result.document is not None:
            kept_docs[result.document.doc_id] = result.document
    built = None
    if have:
        with cache_mod.locked(cache, shared=True):
            built = _assemble_onto(snap, cache / "corpus" / snap.name, plan, new_docs, new_events, problems)
    if built is None:
        previous = (frames.from_table(snap.docs), frames.from_table(snap.events)) if have else None
        built = assemble(plan, new_docs, new_events, problems, previous, have)
    events, mentions, documents, raw_docs, raw_events = built
    if use_cache:
        _LAST.pop(str(cache), None)
        cache_mod.in_background(cache, cache_mod.save_build, cache, corpus_key, raw_docs, raw_events, events,
                                mentions, documents, list(problems), new_stats, not failed)
        _LAST[str(cache)] = (corpus_key, events.copy(), mentions.copy(), documents.copy())
    return Corpus(events, mentions, documents, problems + warnings, cache_dir=cache if use_cache else None,
                  knowledge_dir=Path(knowledge_dir) if knowledge_dir else None, _docs=kept_docs)


# ---------------------------------------------------------------- merging

def assemble(plan: list[ArticleJob], new_docs: list[dict], new_events: list[dict], problems: list[Problem],
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
    order = {job.cache_key: i for i, job in enumerate(plan)}
    raw_docs = raw_docs.assign(_o=raw_docs["cache_key"].map(order)).sort_values("_o").drop(columns="_o") \
        .reset_index(drop=True)
    paths = {job.cache_key: job.path for job in plan}
    raw_docs["path"] = raw_docs["cache_key"].map(paths).fillna(raw_docs["path"])
    for path, probs in zip(raw_docs["path"], raw_docs["problems"]):
        problems += [Problem(path, p) for p in probs]
    links = linking.surname_links(raw_docs["actor_info"])  # "Hayward" -> "Tony Hayward" across articles
    merged, merged_mentions = merge.merge(linking.apply(raw_events, links), merge.source_keys(raw_docs))
    events = frames.events_frame(merged)
    mentions = frames.mentions_frame(merged_mentions, raw_docs)
    documents = frames.documents_frame(raw_docs, mentions)
    return events, mentions, documents, raw_docs, raw_events


def _assemble_onto(snap: cache_mod.Snapshot, frames_dir: Path, plan: list[ArticleJob], new_docs: list[dict],
                   new_events: list[dict], problems: list[Problem]):
    """What ``assemble`` gives for the last build's documents plus the new ones, computed from the last
    build's merged frames: only the events the new documents' rows belong to are merged again (from all
    their rows). Returns None, and changes nothing, when that could differ from a full merge or the
    saved frames do not fit: an earlier document changed or went, the frames were merged by other code,
    or a new article changes which source an earlier one counts as. The raw tables come back as Arrow
    tables (written as they are)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    prev_keys = snap.docs.column("cache_key").to_pylist()
    order = {job.cache_key: i for i, job in enumerate(plan)}
    if (not prev_keys or len(set(prev_keys)) != len(prev_keys) or any(k not in order for k in prev_keys)
            or len(new_docs) > max(20, len(prev_keys) // 4)
            or cache_mod.merged_by(frames_dir) != cache_mod.MERGE_VERSION):
        return None
    kept = _LAST.get(str(frames_dir.parent.parent))
    if kept is not None and kept[0] == snap.name:
        prev_events, prev_mentions, prev_documents = kept[1:]  # this process built them: not read back
    else:
        loaded = cache_mod.load_frames(frames_dir, [])
        if loaded is None:
            return None
        prev_events, prev_mentions, prev_documents, _ = loaded
    paths = {job.cache_key: job.path for job in plan}
    if (prev_documents["cache_key"].tolist() != prev_keys
            or [paths[k] for k in prev_keys] != prev_documents["path"].tolist()):
        return None  # not the frames of these rows, or the articles were read from elsewhere
    new_d = frames.raw_docs_frame(new_docs)
    new_e = frames.raw_events_frame(new_events)
    prev_ids = snap.docs.column("doc").to_pylist()
    if set(new_d["doc"]) & set(prev_ids):
        return None
    # One-word names linked across the corpus: the new articles must not change what an earlier one's link to.
    prev_info = snap.docs.column("actor_info").to_pylist()
    before, links = linking.surname_links(prev_info), linking.surname_links(prev_info + new_d["actor_info"].tolist())
    earlier = {r["actor"] for cell in prev_info for r in cell or () if r.get("bare")}
    if any(links.get(n, n) != before.get(n, n) for n in earlier):
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
    hit = prev_events["event_id"].isin({merge.event_id(k) for k in keys}).to_numpy()
    touched = {d for ds in prev_events.loc[hit, "docs"] for d in ds}
    parts = [new_e]
    meta = [new_d[["doc", "outlet", "published"]]]
    if touched:
        value_set = pa.array(sorted(touched), type=snap.events.schema.field("doc").type)
        rows = frames.from_table(snap.events.filter(pc.is_in(snap.events.column("doc"), value_set=value_set)))
        parts.insert(0, rows[[k in keys for k in merge.event_keys(rows)]])
        meta.insert(0, frames.from_table(snap.docs.select(["doc", "outlet", "published"]).filter(
            pc.is_in(snap.docs.column("doc"), value_set=value_set))))
    raw = pd.concat([p for p in parts if len(p)] or parts[-1:], ignore_index=True)
    merged, merged_mentions = merge.merge(linking.apply(raw, links), source_of)
    remerged_events = frames.events_frame(merged)
    remerged_mentions = frames.mentions_frame(merged_mentions, pd.concat(meta, ignore_index=True))
    added_documents = frames.documents_frame(new_d, remerged_mentions)
    # Put them together in the order a full merge gives.
    if len(remerged_events):
        events = pd.concat([prev_events[~hit], remerged_events], ignore_index=True)
        events = frames.events_frame(events.sort_values(["date", "event_id"], na_position="last", kind="stable"))
        position = pd.Series(np.arange(len(events)), index=events["event_id"].to_numpy(object))
        replaced = prev_mentions["event_id"].isin(set(prev_events.loc[hit, "event_id"]))
        mentions = pd.concat([prev_mentions[~replaced], remerged_mentions], ignore_index=True)
        mentions = mentions.take(np.argsort(mentions["event_id"].map(position).to_numpy(np.int64), kind="stable"))
        mentions = mentions.reset_index(drop=True)
    else:  # no new events: the earlier ones stay as they are
        events, mentions = prev_events.copy(), prev_mentions.copy()
    documents = (pd.concat([prev_documents, added_documents], ignore_index=True) if len(added_documents)
                 else prev_documents.copy())
    rank = np.argsort(documents["cache_key"].map(order).to_numpy(np.int64), kind="stable")
    documents = documents.take(rank).reset_index(drop=True)
    raw_docs = pa.concat_tables([snap.docs, _table_of(new_d, snap.docs.schema)], promote_options="permissive")
    raw_docs = raw_docs.take(pa.array(rank))
    raw_events = pa.concat_tables([snap.events, _table_of(new_e, snap.events.schema)], promote_options="permissive")
    for path, probs in zip(documents["path"], documents["problems"]):
        problems += [Problem(path, p) for p in probs]
    return events, mentions, documents, raw_docs, raw_events


def _table_of(df: pd.DataFrame, like) -> "pa.Table":
    """New raw rows as an Arrow table that can follow ``like`` (the same columns, in the same types where
    it can)."""
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    try:
        return table.cast(pa.schema([f for f in like], metadata=table.schema.metadata))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
        return table


# The frames of the last build of each cache in this process (copies: callers may change theirs), by name of
# the snapshot they were saved as, so that the next build can merge onto them without reading them back.
_LAST: dict[str, tuple] = {}


# ---------------------------------------------------------------- the local engine

def _extract_all(jobs: list[ArticleJob], workers: int | None, docs_dir: str | None = None) -> list[ArticleResult]:
    """Every job's result, in order: in this process, or in ``workers`` processes for larger batches."""
    if workers is None:
        workers = int(os.environ.get("TIMELINE_WORKERS") or os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs) // 20))
    run = partial(_extract_and_keep, docs_dir=docs_dir)
    if workers == 1:
        return [run(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, jobs, chunksize=max(1, min(32, len(jobs) // (workers * 8)))))


def _extract_and_keep(job: ArticleJob, docs_dir: str | None) -> ArticleResult:
    """One article, in a worker; with a cache, its full document goes to the cache's ``docs/`` folder
    instead of back to the building process."""
    result = extract_article(job)
    if docs_dir and result.document is not None:
        cache_mod.write_json(Path(docs_dir) / f"{job.cache_key}.json", cache_mod.document_to_json(result.document))
        result = replace(result, document=None)
    return result


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
