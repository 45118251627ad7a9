"""The same per-document extraction on a Dask cluster, for corpora one machine cannot handle.

``extract(inputs, out, scheduler=None)`` sends one task per article to a dask.distributed
cluster (a LocalCluster when no scheduler address is given), merges the rows in this
process exactly as a local build does, and writes partitioned Parquet (``events/``,
``mentions/``, ``documents/``, one part per publication year) plus ``timeline.json``.
``load(out)`` reads such a folder back as a ``Corpus``; the dashboard does so when its data
folder holds a ``timeline.json``.

The workers must be able to import this package (same environment) and read the article
paths (a shared file system) — as for any Dask job.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd

from . import build as corpus_mod, frames
from .. import knowledge as knowledge_mod
from ..extract.records import Problem

MANIFEST = "timeline.json"
TABLES = ("events", "mentions", "documents")


def extract(inputs: list[str | Path], out: str | Path, scheduler: str | None = None, n_workers: int = 2,
            knowledge_dir: str | Path | None = None, batch: int = 64) -> corpus_mod.Corpus:
    from dask.distributed import Client, LocalCluster

    know = knowledge_mod.load(knowledge_dir)
    plan, problems, _ = corpus_mod.plan_inputs(inputs, know)
    jobs = [(str(f), row, doc_id, key, str(knowledge_dir) if knowledge_dir else None, None)
            for f, doc_id, row, key in plan]
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        chunks = [jobs[i:i + batch] for i in range(0, len(jobs), batch)]
        futures = client.map(_extract_batch, chunks, pure=False)
        results = []
        for chunk, future in zip(chunks, futures):
            try:
                results += future.result()
            except Exception as exc:  # a lost worker or batch costs only its own articles
                results += [("failed", corpus_mod.failure_message(exc))] * len(chunk)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    new_docs, new_events = [], []
    for job, (status, result) in zip(jobs, results):
        if status != "ok":
            problems.append(Problem(job[0], result))
            continue
        doc_row, event_rows, _ = result
        new_docs.append(doc_row)
        new_events += event_rows
    ev, me, do, _, _ = corpus_mod.assemble(plan, new_docs, new_events, problems)
    write(Path(out), ev, me, do, problems)
    return corpus_mod.Corpus(ev, me, do, problems, knowledge_dir=Path(knowledge_dir) if knowledge_dir else None)


def _extract_batch(jobs: list) -> list:
    """Runs on a worker: the documents come back without their full text (it stays in the files)."""
    out = []
    for job in jobs:
        status, result = corpus_mod._extract_one(job)
        out.append((status, (result[0], result[1], None) if status == "ok" else result))
    return out


def _year(s: pd.Series) -> pd.Series:
    return s.dt.year.astype("Int64").astype("string").fillna("undated")


def write(out: Path, ev: pd.DataFrame, me: pd.DataFrame, do: pd.DataFrame, problems: list[Problem]) -> None:
    """Partitioned Parquet: one file per publication (or event) year in each table's folder."""
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    do = do.assign(_order=range(len(do)))
    for name, df, by in (("events", ev, ev["date"]), ("mentions", me, me["published"]),
                         ("documents", do, do["published"])):
        folder = tmp / name
        folder.mkdir(parents=True)
        years = _year(by)
        for year in sorted(set(years)):
            df[(years == year).to_numpy()].to_parquet(folder / f"year={year}.parquet", index=False)
        if df.empty:
            df.to_parquet(folder / "year=none.parquet", index=False)
    (tmp / MANIFEST).write_text(json.dumps({
        "format": "timeline", "tables": list(TABLES), "events": len(ev), "mentions": len(me), "documents": len(do),
        "problems": [[p.file, p.message] for p in problems]}, indent=1), encoding="utf-8")
    if out.exists():
        old = out.with_name(out.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def is_output(folder: str | Path) -> bool:
    return (Path(folder) / MANIFEST).is_file()


def load(folder: str | Path) -> corpus_mod.Corpus:
    """A folder written by ``extract`` (or ``write``) as a Corpus, in the order a local build gives."""
    folder = Path(folder)
    meta = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    parts = {}
    for name in TABLES:
        files = sorted((folder / name).glob("*.parquet"))
        parts[name] = pd.concat([frames.read_parquet(f) for f in files], ignore_index=True)
    ev = parts["events"]
    ev = ev.sort_values(["date", "event_id"], na_position="last", kind="stable").reset_index(drop=True)
    order = {e: i for i, e in enumerate(ev["event_id"])}
    me = parts["mentions"]
    me = me.assign(_o=me["event_id"].map(order)).sort_values(["_o", "doc", "start"], kind="stable") \
        .drop(columns="_o").reset_index(drop=True)
    do = parts["documents"].sort_values("_order").drop(columns="_order").reset_index(drop=True)
    for c in ("precision", "event_type"):
        ev[c] = ev[c].astype("category")
    return corpus_mod.Corpus(ev, me, do, [Problem(f, m) for f, m in meta.get("problems", [])], from_cache=True)
