"""The session's corpus: the data folder, its build (made once per version of the folder and shared by every
session), the edit log (through ``st.connection``) and the curated data the pages show.

The work is done by ``timeline.store.loader``: ``read`` builds the corpus, ``curate`` applies the edit log.
"""
from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
import streamlit as st

from dashboard import filters
from dashboard.access import setting
from timeline import knowledge
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
        try:
            edits.check(conn.engine)
        except edits.DamagedDatabase:
            conn.engine.dispose()
            raise
        logs[key] = curation.Log(conn.engine)
    return logs[key]


@st.cache_resource
def _notices() -> dict:
    """Messages about a folder's edit database every visitor should see (a damaged file set aside)."""
    return {}


def _set_aside(folder: Path, exc: BaseException) -> str:
    """A damaged edit database: the folder's SQLite file is renamed with a timestamp (never deleted) and the
    app goes on with the extracted events. Returns the message shown on every page."""
    reason = edits.damage_reason(exc)
    for log in _logs().values():
        log.engine.dispose()  # pooled connections would keep reading the damaged file
    _logs().clear()
    path = Path(folder) / edits.DB_FILE
    configured = _configured_url()
    if configured or not path.exists():
        where = f" ({configured.split('@')[-1]})" if configured else ""
        message = (f"The edit database{where} is damaged ({reason}): showing the extracted events without the "
                   f"analysts' edits until it is repaired.")
    else:
        moved = edits.set_aside(path)
        message = (f"The edit database was damaged ({reason}) and has been set aside as {moved}: showing the "
                   f"extracted events without the analysts' edits; the next edit starts a new database.")
    _notices()[str(folder)] = message
    return message


def _configured_url() -> str:
    try:
        return str(dict(st.secrets.get("connections", {}).get(CONNECTION, {})).get("url") or "")
    except Exception:  # no secrets.toml
        return ""


def database_notice(folder: Path) -> None:
    """Say (on every page, to every visitor) that the edit database was found damaged and where it went."""
    message = _notices().get(str(folder))
    if message:
        st.warning(message, icon=":material/warning:")


@st.cache_resource
def _logs() -> dict:
    return {}


def curated_data(folder: Path) -> Data:
    """The corpus with every edit applied (rejected events left out unless the sidebar shows them): read once
    per version of the folder, curated again when the edit log changes or the rejected events are shown."""
    # the knowledge files are part of the key: an actor added to data/actors.csv rebuilds the corpus
    key = (str(folder), f"{loader.signature(folder)}-{knowledge.load().fingerprint}")
    if ss.get("_corpus_key") != key:  # one deserialized copy per session and corpus version
        ss["_corpus"], ss["_corpus_key"] = _read(*key), key
    corpus: Corpus = ss["_corpus"]
    if corpus.documents.empty:
        return corpus_data(corpus, key[0])
    show_rejected = bool(ss.get("show_rejected"))
    try:
        log = edit_log(folder, create=False)
        revision = log.revision() if log else ""
    except (sa.exc.DatabaseError, edits.DamagedDatabase) as exc:
        if not edits.is_damage(exc):
            raise
        _set_aside(folder, exc)
        log, revision = None, "damaged"
    curated_key = (key, revision, show_rejected)
    if ss.get("_curated_key") != curated_key:
        try:
            curated = loader.curate(corpus, log, show_rejected)
        except sa.exc.DatabaseError as exc:
            if not edits.is_damage(exc):
                raise
            _set_aside(folder, exc)
            curated = loader.curate(corpus, None, show_rejected)
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
