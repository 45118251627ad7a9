"""Building, keeping and loading corpora.

build        build planning and incremental runs: which articles to extract, the local engine, the merge
cache        the on-disk cache: atomic writes, the lock, manifests, snapshots of the last build, pruning
frames       the typed pandas frames: events, mentions, documents and actors
distributed  the same per-article extraction on a Dask cluster
output       the folder a Dask build writes (partitioned Parquet and its manifest), read back as a corpus
articles     sources.csv (read for every build, written by analysts) and adding articles to a data folder
edits        the database of analysts' edits (SQLite or PostgreSQL, through SQLAlchemy)
curation     the edit log and its replay on freshly built frames
loader       the corpus of a data folder as the dashboard and the command line see it: built, with the edits
             applied
"""
