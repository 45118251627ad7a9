"""The same per-article extraction on a Dask cluster, for corpora one machine cannot handle.

``build_on_dask(inputs, out, scheduler=None)`` sends the articles' jobs (``timeline.extract.article``), in
batches, to a dask.distributed cluster (a LocalCluster when no scheduler address is given), merges the rows
in this process exactly as a local build does, and writes the folder ``timeline.store.output`` describes:
partitioned Parquet plus ``timeline.json``, which the dashboard and ``output.read`` read back.

The workers must be able to import this package (same environment) and read the article
paths (a shared file system) — as for any Dask job.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import output
from .build import Corpus, assemble, plan_inputs
from .. import knowledge as knowledge_mod
from ..extract.article import FAILED, OK, ArticleJob, ArticleResult, extract_article, failure_message
from ..extract.records import Problem


def build_on_dask(inputs: list[str | Path], out: str | Path, scheduler: str | None = None, n_workers: int = 2,
                  knowledge_dir: str | Path | None = None, batch: int = 64) -> Corpus:
    """Extract every article under ``inputs`` on a Dask cluster, merge, and write the output folder ``out``."""
    from dask.distributed import Client, LocalCluster

    know = knowledge_mod.load(knowledge_dir)
    jobs, problems, _ = plan_inputs(inputs, know, knowledge_dir=knowledge_dir)
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
                results += [ArticleResult(FAILED, failure_message(exc))] * len(chunk)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    new_docs, new_events = [], []
    for job, result in zip(jobs, results):
        if result.status != OK:
            problems.append(Problem(job.path, result.message))
            continue
        new_docs.append(result.document_row)
        new_events += result.event_rows
    events, mentions, documents, _, _ = assemble(jobs, new_docs, new_events, problems)
    output.write(Path(out), events, mentions, documents, problems)
    return Corpus(events, mentions, documents, problems, knowledge_dir=Path(knowledge_dir) if knowledge_dir else None)


def _extract_batch(jobs: list[ArticleJob]) -> list[ArticleResult]:
    """Runs on a worker: the documents come back without their full text (it stays in the files)."""
    return [replace(extract_article(job), document=None) for job in jobs]
