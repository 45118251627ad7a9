"""The session's corpus: the data folder, its build (made once per version of the folder and shared by every
session), the edit log (through ``st.connection``) and the curated data the pages show.

The work is done by ``timeline.store.loader``: ``read`` builds the corpus, ``curate`` applies the edit log.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import filters
from dashboard.access import setting
from timeline.store import articles, curation, edits, loader
from timeline.store.build import Corpus
from timeline.views.view import Data, corpus_data

CONNECTION = "timeline"
DB_URL_ENV = "TIMELINE_DB_URL"
ss = st.session_state


def data_folder() -> Path:
    folder = loader.data_folder(setting("data"))
    _tidy(str(folder))
    return folder


@st.cache_resource(show_spinner=False)
def _tidy(folder: str) -> int:
    """Once per folder and server process: remove the temporary files an interrupted upload left."""
    return len(articles.clean_temp_files(folder, older_than=60)) if Path(folder).is_dir() else 0


@st.cache_data(show_spinner="Reading the articles…", max_entries=4)
def _read(folder: str, signature: str) -> Corpus:
    return loader.read_corpus(folder)


def edit_log(folder: Path, create: bool = True) -> curation.Log | None:
    """The edit log: ``$TIMELINE_DB_URL``, else ``[connections.timeline]`` from the secrets, else the SQLite
    file in the data folder (made by the first edit: with ``create=False`` and no file yet, None)."""
    try:
        configured = dict(st.secrets.get("connections", {}).get(CONNECTION, {}))
    except Exception:  # no secrets.toml
        configured = {}
    if os.environ.get(DB_URL_ENV, "").strip():
        configured = {"url": os.environ[DB_URL_ENV].strip()}
    if configured and not configured.get("url"):  # dialect, host, username... given one by one
        conn = st.connection(CONNECTION, type="sql")
    else:
        if not configured.get("url") and not create and not edits.default_exists(folder):
            return None
        conn = st.connection(CONNECTION, type="sql", url=configured.get("url") or edits.default_url(folder))
    logs = _logs()
    key = id(conn.engine)
    if key not in logs:
        logs[key] = curation.Log(conn.engine)
    return logs[key]


@st.cache_resource
def _logs() -> dict:
    return {}


def curated_data(folder: Path) -> Data:
    """The corpus with every edit applied (rejected events left out unless the sidebar shows them): read once
    per version of the folder, curated again when the edit log changes or the rejected events are shown."""
    key = (str(folder), loader.signature(folder))
    if ss.get("_corpus_key") != key:  # one deserialized copy per session and corpus version
        ss["_corpus"], ss["_corpus_key"] = _read(*key), key
    corpus: Corpus = ss["_corpus"]
    if corpus.documents.empty:
        return corpus_data(corpus, key[0])
    log = edit_log(folder, create=False)
    show_rejected = bool(ss.get("show_rejected"))
    curated_key = (key, log.revision() if log else "", show_rejected)
    if ss.get("_curated_key") != curated_key:
        curated = loader.curate(corpus, log, show_rejected)
        before = ss.get("_curated")
        ss["_curation"] = curated.curation
        ss["_curated"] = corpus_data(curated.corpus, key[0])
        ss["_curated_key"] = curated_key
        filters.follow_dates(before, ss["_curated"])
    ss["_folder"] = str(folder)
    return ss["_curated"]


def curation_state() -> curation.Curated | None:
    """Every event of the session's corpus with its review status, and the edits that found no event."""
    return ss.get("_curation")
