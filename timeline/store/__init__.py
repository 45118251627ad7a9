"""Building, keeping and loading corpora.

build        build planning and incremental runs: which articles to extract, the local engine, the merge
cache        the on-disk cache: atomic writes, the lock, manifests, snapshots of the last build, pruning,
             and the code versions that name what it holds
frames       the typed pandas frames: events, mentions, documents and actors
distributed  the same per-article extraction on a Dask cluster
output       the folder a Dask build writes (partitioned Parquet and its manifest), read back as a corpus
articles     sources.csv (read for every build, written by analysts), adding articles, documents' metadata
edits        the database of analysts' edits (SQLite or PostgreSQL, through SQLAlchemy)
curation     the edit log and its replay on freshly built frames
loader       the corpus of a data folder as people see it: built, with the edits applied (``load``)
"""


def __getattr__(name: str):
    # ``timeline.store.load``: imported on first use, as it brings in SQLAlchemy (the edit log)
    if name == "load":
        from .loader import load

        return load
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
