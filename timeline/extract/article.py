"""One article through every stage of extraction: the job that the local engine (``timeline.store.build``)
and the Dask engine (``timeline.store.distributed``) both run, once per article.

``read_article`` reads a file into a ``Document`` (text, blocks, publication date, outlet, title);
``extract_article`` runs an ``ArticleJob`` through every stage and returns an ``ArticleResult``: the
article's rows, or the one-line problem that kept it out. An article whose extraction raises costs only
itself: it comes back as FAILED, is left out of the build and of the cache, and is tried again next time.
"""
from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import knowledge as knowledge_mod
from . import merge, metadata, rows
from .actors import ActorFinder
from .boilerplate import segment
from .documents import DocumentError, read_document
from .events import EventFinder
from .records import Document
from .sentences import sentences as split_sentences

OK = "ok"              # extracted: the result holds the article's rows
PROBLEM = "problem"    # the file cannot be read as an article (empty, binary, vanished...): one line says why
FAILED = "failed"      # extraction raised: a bug met by this article, reported in one line


@dataclass(frozen=True)
class ArticleJob:
    """What a worker needs to extract one article."""

    path: str                           # the article's file
    sources_row: dict                   # its row of the folder's sources.csv ({} when it has none)
    doc_id: str
    cache_key: str                      # names the article's rows (and its document in the cache)
    knowledge_dir: str | None = None    # the knowledge files (None: $TIMELINE_KNOWLEDGE, else data/)
    knowledge_fingerprint: str | None = None  # of those files when the build was planned


@dataclass(frozen=True)
class ArticleResult:
    """What came of one ``ArticleJob``."""

    status: str                         # OK, PROBLEM or FAILED
    message: str = ""                   # PROBLEM or FAILED: the reason, in one line
    document_row: dict | None = None    # OK: see ``rows.document_row``
    event_rows: list = field(default_factory=list)   # OK: see ``rows.event_rows``
    document: Document | None = None    # OK: the full document (text and blocks)


def read_article(path: Path, sources_row: dict[str, str], know: knowledge_mod.Knowledge, doc_id: str) -> Document:
    """Read and describe one file: its text cut into blocks, its publication date, outlet, title and URL
    (``sources_row`` first, then what the page says). Raises DocumentError for a file that is no article."""
    raw = read_document(path)
    title_hint = raw.fields.get("title") or raw.fields.get("front:title") or raw.fields.get("field:title") or ""
    blocks = segment(raw.text, title_hint, tuple(v for v in raw.fields.values() if v))
    outlets = _outlets_of(know.outlets)
    published, p_src, p_text = metadata.publication_date(raw.text, blocks, raw.fields,
                                                         sources_row.get("published", ""))
    outlet, o_src = metadata.outlet_of(raw.text, blocks, raw.fields, outlets, sources_row.get("outlet", ""))
    title, t_src = metadata.title_of(raw.text, blocks, raw.fields, path, sources_row.get("title", ""))
    url = sources_row.get("url") or metadata.url_of(raw.fields)
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
def _outlets_of(outlet_rows: tuple) -> metadata.Outlets:
    """The outlet table of a knowledge folder's rows (built once, not per article)."""
    return metadata.Outlets([(o, list(a)) for o, a in outlet_rows])


def extract_article(job: ArticleJob) -> ArticleResult:
    """Read and extract one article. Never raises: a file that cannot be read is a PROBLEM, an error in
    extraction a FAILED result, each with its line for the user."""
    try:
        return _extract(job)
    except Exception as exc:  # one article never costs the others
        return ArticleResult(FAILED, failure_message(exc))


def failure_message(exc: BaseException) -> str:
    """An unexpected error while extracting an article, in one line (with the traceback after it when
    ``TIMELINE_DEBUG=1``)."""
    line = (f"extraction failed ({exc.__class__.__name__}: {str(exc)[:300]}); the other articles are built, this "
            "one is tried again on the next build (TIMELINE_DEBUG=1 shows the traceback)")
    if os.environ.get("TIMELINE_DEBUG", "") not in ("", "0"):
        import traceback

        line += "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return line


# The knowledge and event finder of each knowledge folder this process has used, by (folder, fingerprint).
_FINDERS: dict[tuple, tuple[knowledge_mod.Knowledge, EventFinder]] = {}


def _finder(job: ArticleJob) -> tuple[knowledge_mod.Knowledge, EventFinder]:
    """The finder for the knowledge files as they were when the build was planned (their fingerprint is part
    of every cache key); without a fingerprint, or when that finder is not here, as the files are now."""
    folder = job.knowledge_dir
    found = _FINDERS.get((folder, job.knowledge_fingerprint)) if job.knowledge_fingerprint else None
    if found is None:
        know = knowledge_mod.load(folder)  # memoized while its files are unchanged
        found = _FINDERS.get((folder, know.fingerprint))
        if found is None:
            if len(_FINDERS) >= 4:  # finders for knowledge files that have changed since
                _FINDERS.pop(next(iter(_FINDERS)))
            found = _FINDERS[(folder, know.fingerprint)] = (know, EventFinder(know, ActorFinder(know)))
            # The finder's tables (tens of thousands of actors and names) live as long as the process: frozen,
            # they are no longer walked by every full collection of the garbage collector.
            gc.freeze()
    return found


def _extract(job: ArticleJob) -> ArticleResult:
    know, finder = _finder(job)
    try:
        doc = read_article(Path(job.path), job.sources_row, know, job.doc_id)
    except DocumentError as exc:
        return ArticleResult(PROBLEM, str(exc))
    except (OSError, UnicodeError, RecursionError) as exc:  # vanished mid-build, odd bytes: one problem line
        return ArticleResult(PROBLEM, f"cannot read it ({exc.__class__.__name__}: {exc})")
    sentences = split_sentences(doc)
    events = finder.events(doc, sentences)
    fingerprints = merge.fingerprints([s.text for s in sentences if not s.caption])
    who = rows.actor_rows(doc.text, events, finder.mentions, finder.actors.describe)
    return ArticleResult(OK, document_row=rows.document_row(doc, job.cache_key, fingerprints, who),
                         event_rows=rows.event_rows(job.doc_id, events), document=doc)
