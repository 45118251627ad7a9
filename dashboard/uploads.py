"""Who may send files to the server.

Streamlit stores whatever is PUT to ``/_stcore/upload_file/<session>/<file id>`` in memory for any open session,
whether or not its page shows a file uploader. The app lets a session upload only while it may edit and is
showing the *Add articles* uploader: every other upload is refused with 403 before it is stored, and an
allowed session holds at most ``MAX_FILES`` files at a time, each at most ``MAX_MB`` MB: the one limit the
uploader states (its label and its own hint, through ``max_upload_size``) and the server enforces, whatever
``server.maxUploadSize`` says (``.streamlit/config.toml`` sets it to the same value).
"""
from __future__ import annotations

import threading

from streamlit import runtime
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner import get_script_run_ctx

from timeline.store.articles import MAX_BYTES, ArticleError, safe_name

MAX_FILES = 20  # files one session may hold on the server before adding them
MAX_MB = MAX_BYTES // 2 ** 20
LOG = get_logger("timeline.uploads")

_allowed: set[str] = set()  # sessions showing the uploader to an editor
_lock = threading.Lock()


def _manager():
    return runtime.get_instance().uploaded_file_mgr if runtime.exists() else None


def guard() -> None:
    """Install the check on the server's uploaded-file store (once per process; nothing outside a server)."""
    mgr = _manager()
    if mgr is None or getattr(mgr, "_timeline_guarded", False):
        return
    with _lock:
        if getattr(mgr, "_timeline_guarded", False):
            return
        store = mgr.add_file

        def add_file(session_id, file, *args, **kwargs):
            from starlette.exceptions import HTTPException

            if session_id not in _allowed:
                LOG.warning("upload refused: session %s may not upload (%s, %d bytes)", session_id[:8],
                            file.name[:80], len(file.data))
                raise HTTPException(status_code=403, detail="Uploads are off for this session")
            try:
                if "\0" in file.name:
                    raise ArticleError("a NUL character in the file name")
                safe_name(file.name)  # the uploader's own types: a name it refuses is not stored either
            except ArticleError as exc:
                LOG.warning("upload refused: session %s sent %r (%s)", session_id[:8], file.name[:80], exc)
                raise HTTPException(status_code=400, detail="Not a .txt, .md or .html file name") from None
            if len(file.data) > MAX_BYTES:  # the uploader says so too; a changed server.maxUploadSize does not
                LOG.warning("upload refused: session %s sent %d bytes (%s)", session_id[:8], len(file.data),
                            file.name[:80])
                raise HTTPException(status_code=413, detail=f"Each file at most {MAX_MB} MB")
            if len(getattr(mgr, "file_storage", {}).get(session_id, {})) >= MAX_FILES:
                LOG.warning("upload refused: session %s already holds %d files", session_id[:8], MAX_FILES)
                raise HTTPException(status_code=413, detail=f"At most {MAX_FILES} files at a time")
            return store(session_id, file, *args, **kwargs)

        mgr.add_file = add_file
        mgr._timeline_guarded = True


def _session() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def allow(on: bool) -> None:
    """Let this session upload (while it shows the uploader) or not; refused sessions' files are dropped."""
    session = _session()
    if session is None:
        return
    with _lock:
        if on:
            _allowed.add(session)
            if len(_allowed) > 200:  # forget sessions that have closed
                _allowed.intersection_update({s for s in _allowed if runtime.get_instance().is_active_session(s)})
        else:
            _allowed.discard(session)
    if not on:
        forget()


def forget() -> None:
    """Drop every file this session holds on the server (once its articles are added)."""
    mgr, session = _manager(), _session()
    if mgr is not None and session is not None:
        mgr.remove_session_files(session)
