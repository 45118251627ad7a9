"""Timeline: dated events (who did or said what, and when) from news articles.

    >>> import timeline
    >>> corpus = timeline.build(["data/articles"])
    >>> corpus.events          # one row per event
    >>> corpus.mentions        # one row per sentence that reports an event
    >>> corpus.documents       # one row per article, with its publication date and problems
    >>> timeline.tag("Putin spoke on Thursday.", anchor=datetime.date(2024, 11, 8))
"""
from .extract.documents import DocumentError
from .extract.records import Document, Event, Mention, Problem
from .knowledge import KnowledgeError
from .store.build import Corpus, build
from .timex import Timex, normalize, tag

__all__ = ["Corpus", "build", "tag", "normalize", "Timex", "Document", "Event", "Mention", "Problem",
           "DocumentError", "KnowledgeError"]
