"""The session's corpus: the data folder, its build with the edits applied (made once per version of the folder and
of the edit log, shared by every session), the edit log (through ``st.connection``) and the data the pages show.

The work is done by ``timeline.store.loader``: ``read`` builds the corpus, ``curate`` applies the edit log.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa
import streamlit as st

from dashboard import filters
from dashboard.access import setting
from timeline import knowledge
from timeline.store import articles, curation, edits, loader
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
def _curated(folder: str, signature: str, revision: str, show_rejected: bool,
             _log: curation.Log | None) -> tuple[Data, curation.Curated | None]:
    """The corpus with the edit log's ``revision`` applied, ready for the pages: made once per version of the
    folder and of the log and shared by every session (each session gets its own copy)."""
    corpus = loader.read_corpus(folder)
    if corpus.documents.empty:  # nothing to curate: the page says how to add articles
        return corpus_data(corpus, folder), None
    curated = loader.curate(corpus, _log, show_rejected)
    return corpus_data(curated.corpus, folder), curated.curation


FULL_CHECK_EVERY = 10.0  # seconds between two full signatures of an unchanged folder


@st.cache_resource(show_spinner=False)
def _signatures() -> dict:
    """Per folder: (its folders' modification times, when the signature was made, the signature)."""
    return {}


def _folders_stamp(folder: Path) -> str:
    """The modification times of ``folder`` and its sub-folders: a file added, removed or replaced (every
    write the app makes is a replace) changes them, at the cost of listing the folders without a file's stat."""
    stamps = []
    for root, dirs, _ in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        try:
            stamps.append(f"{root}|{os.stat(root).st_mtime_ns}")
        except OSError:
            stamps.append(f"{root}|gone")
    return "\n".join(stamps)


def signature(folder: Path) -> str:
    """``loader.signature`` of ``folder`` without stat-ing every article on every rerun: made again when a folder
    changed, and otherwise at most every ``FULL_CHECK_EVERY`` seconds (an article rewritten in place, keeping
    its name, is noticed that late at most)."""
    stamp = _folders_stamp(folder)
    known = _signatures().get(str(folder))
    now = time.monotonic()
    if known and known[0] == stamp and now - known[1] < FULL_CHECK_EVERY:
        return known[2]
    value = loader.signature(folder)
    _signatures()[str(folder)] = (stamp, now, value)
    return value


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
    key = (str(folder), f"{signature(folder)}-{knowledge.load().fingerprint}")
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
    if ss.get("_curated_key") != curated_key:  # one deserialized copy per session and corpus version
        try:
            data, curation_state = _curated(*key, revision, show_rejected, log)
        except sa.exc.DatabaseError as exc:
            if not edits.is_damage(exc):
                raise
            _set_aside(folder, exc)
            data, curation_state = _curated(*key, "damaged", show_rejected, None)
        before = ss.get("_curated")
        ss["_curation"] = curation_state
        ss["_curated"] = data
        ss["_curated_key"] = curated_key
        filters.follow_dates(before, ss["_curated"])
    ss["_folder"] = str(folder)
    return ss["_curated"]


def curation_state() -> curation.Curated | None:
    """Every event of the session's corpus with its review status, and the edits that found no event."""
    return ss.get("_curation")
