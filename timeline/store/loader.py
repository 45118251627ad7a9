"""The corpus of a data folder as people see it: built (or read from a Dask output folder), with the
analysts' edits of its edit log applied. The dashboard and the command line both get it from here.

``read_corpus(folder)`` builds the corpus as extracted; ``curate(corpus, log)`` applies an edit log to it;
``load(folder)`` does both, with the folder's own edit database when it has one:

    >>> from timeline.store import load
    >>> curated = load("data/articles")          # curated.corpus: the events analysts see
    >>> curated.curation.orphans                 # edits whose event a rebuild no longer has
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from . import curation, edits, output
from .articles import SOURCES_FILE
from .build import Corpus, build
from ..extract.documents import SUFFIXES

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATA = ROOT / "data" / "articles"
ENV_DATA = "TIMELINE_DATA"


# ------------------------------------------------------------------------------- the folder

def data_folder(setting: str | None = None) -> Path:
    """The articles folder: $TIMELINE_DATA, else the ``[timeline] data`` setting, else data/articles.

    A relative environment value is read from the working directory; a relative setting from
    the project folder (where app.py is).
    """
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        return Path(env).expanduser()
    if setting:
        p = Path(str(setting)).expanduser()
        return p if p.is_absolute() else ROOT / p
    return DEFAULT_DATA


def signature(folder: Path) -> str:
    """A cheap fingerprint of a folder: names, sizes and modification times of its article files."""
    h = hashlib.sha256(str(folder.resolve()).encode())
    if not folder.is_dir():
        return h.hexdigest()[:16] + "-missing"
    entries = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not (name.lower().endswith(SUFFIXES)
                                            or name in (SOURCES_FILE, output.MANIFEST)):
                continue
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            entries.append(f"{os.path.relpath(os.path.join(root, name), folder)}|{st.st_size}|{st.st_mtime_ns}")
    for e in sorted(entries):
        h.update(e.encode())
    return f"{h.hexdigest()[:16]}-{len(entries)}"


def read_corpus(folder: str | Path) -> Corpus:
    """The corpus of ``folder`` as extracted: built (or loaded from the on-disk cache); a folder written by
    ``python -m timeline extract --engine dask`` is read as it is."""
    return output.read(folder) if output.is_output(folder) else build([folder])


# ------------------------------------------------------------------------------- the edits

def open_log(folder: str | Path, url: str | None = None) -> curation.Log:
    """The edit log of a data folder: ``url`` when given, else the SQLite file in the folder (made on first use)."""
    return curation.Log(edits.engine(url or edits.default_url(folder)))


@dataclass
class CuratedCorpus:
    """A corpus with the analysts' edits applied."""

    corpus: Corpus               # the events people see: edited, rejected ones left out unless asked for
    curation: curation.Curated   # every event with its review status, and the edits that found no event


def curate(corpus: Corpus, log: curation.Log | None, show_rejected: bool = False) -> CuratedCorpus:
    """``corpus`` with every live edit of ``log`` replayed on it (none when ``log`` is None)."""
    curated = curation.apply_edits(corpus.events, corpus.mentions, log.edits() if log is not None else [],
                                   corpus.documents)
    events, mentions = curated.visible(show_rejected)
    return CuratedCorpus(Corpus(events, mentions, corpus.documents, corpus.problems, cache_dir=corpus.cache_dir,
                                from_cache=corpus.from_cache, knowledge_dir=corpus.knowledge_dir), curated)


def load(folder: str | Path, db_url: str | None = None, show_rejected: bool = False) -> CuratedCorpus:
    """The curated corpus of ``folder``: its edit database at ``db_url``, else the folder's own SQLite file
    when there is one (else no edits)."""
    log = open_log(folder, db_url) if db_url or edits.default_exists(folder) else None
    return curate(read_corpus(folder), log, show_rejected)


def for_command_line(corpus: Corpus, inputs, curated: bool | None,
                     url: str | None = None) -> tuple[Corpus, list[str]]:
    """The corpus the command line writes: curated when asked (``--curated``), or by default when an edit
    database exists (``url``, else the SQLite file of an input folder). Returns it with lines for stderr."""
    if curated is False:
        return corpus, []
    if url is None:
        found = [Path(i) for i in inputs if Path(i).is_dir() and edits.default_exists(i)]
        if not found:
            return corpus, (["--curated: no edit database in " + ", ".join(map(str, inputs)) +
                             f" ({edits.DB_FILE}); writing the extracted events as they are"] if curated else [])
        url = edits.default_url(found[0])
    result = curate(corpus, curation.Log(edits.engine(url)))
    notes = [f"curated: {result.curation.applied} edit(s) applied, "
             f"{len(corpus.events) - len(result.corpus.events)} event(s) rejected or merged away"]
    for edit, why in result.curation.orphans:
        notes.append(f"edit {edit.id} ({edit.action} {edit.target} by {edit.who}) not applied: {why}")
    return result.corpus, notes
