"""Who may edit in this session, the sidebar's edit-password form, and how fast a password may be guessed.

Editing is allowed:
* never when ``TIMELINE_READONLY=1`` or ``[timeline] readonly = true`` (secrets);
* after the password is entered when ``TIMELINE_EDIT_PASSWORD`` or ``[timeline] edit_password`` is set;
* otherwise only when the app is not hosted: ``TIMELINE_HOSTED=1``, ``[timeline] hosted = true`` or running on
  Streamlit Community Cloud (the app under /mount/src) make a deployment hosted, and a hosted deployment
  without an edit password is read-only.

Wrong passwords are counted per session and per client address in one store shared by every session of the
server process (so a reload or a second tab does not start afresh): after ``FREE_GUESSES`` wrong guesses the
next guess waits ``FIRST_DELAY`` seconds, each further one twice as long (up to ``MAX_DELAY``), and
``LOCKOUT_AFTER`` wrong guesses lock the form for ``LOCKOUT`` seconds. While a wait runs no password is checked,
the right one included. Every wrong guess and every refused one is written to the server log.
"""
from __future__ import annotations

import hmac
import math
import os
import threading
import time
import uuid
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from timeline.store.curation import DEFAULT_USER, clean_name

ss = st.session_state
_TRUE = ("1", "true", "yes", "on")
LOG = get_logger("timeline.access")

FREE_GUESSES = 3      # wrong guesses before any wait
FIRST_DELAY = 5.0     # seconds: the wait after the last free guess, doubled by each further wrong one ...
MAX_DELAY = 60.0      # ... up to this
LOCKOUT_AFTER = 10    # wrong guesses in a row that lock the form ...
LOCKOUT = 15 * 60.0   # ... for this many seconds


def setting(key: str, default=None):
    """A value under ``[timeline]`` in the app's secrets (the secrets file is optional)."""
    try:
        return st.secrets.get("timeline", {}).get(key, default)
    except Exception:  # no secrets.toml
        return default


def _flag(env: str, key: str) -> bool:
    return os.environ.get(env, "").strip().lower() in _TRUE or str(setting(key, "")).strip().lower() in _TRUE


def hosted() -> bool:
    return _flag("TIMELINE_HOSTED", "hosted") or str(Path.cwd()).startswith("/mount/src")


def read_only() -> bool:
    return _flag("TIMELINE_READONLY", "readonly")


def edit_password() -> str:
    """``TIMELINE_EDIT_PASSWORD``, else ``[timeline] edit_password`` from the secrets, else ""."""
    return os.environ.get("TIMELINE_EDIT_PASSWORD", "") or str(setting("edit_password") or "")


def edit_state() -> tuple[bool, str]:
    """(may this session edit?, why not)."""
    if read_only():
        return False, "This deployment is read-only."
    if edit_password():
        return ss.get("_edit_unlocked") is True, "Enter the edit password in the sidebar to edit."
    if hosted():
        return False, "Editing is off on this hosted deployment (its owner can set an edit password)."
    return True, ""


def can_edit() -> bool:
    return edit_state()[0]


def who() -> str:
    """The name edits are recorded under (the sidebar's *Your name*, cleaned: see ``clean_name``)."""
    return clean_name(ss.get("who"))


# ------------------------------------------------------------------------------ password guessing

class Throttle:
    """Wrong guesses per key (a session, a client address), shared by every thread that holds it."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[int, float]] = {}  # key -> (wrong guesses in a row, no guess before)

    def wait(self, keys) -> float:
        """Seconds until every one of ``keys`` may guess again (0: now)."""
        now = self._clock()
        with self._lock:
            return max([self._keys.get(k, (0, 0.0))[1] - now for k in keys] + [0.0])

    def failed(self, keys) -> tuple[int, float]:
        """Count a wrong guess for each key; (the most wrong guesses of any key, the wait it now has)."""
        now = self._clock()
        worst = 0
        with self._lock:
            for k in keys:
                n = self._keys.get(k, (0, 0.0))[0] + 1
                self._keys[k] = (n, now + self.delay(n))
                worst = max(worst, n)
        return worst, self.delay(worst)

    def succeeded(self, keys) -> None:
        with self._lock:
            for k in keys:
                self._keys.pop(k, None)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()

    @staticmethod
    def delay(wrong: int) -> float:
        """The wait after ``wrong`` wrong guesses in a row."""
        if wrong >= LOCKOUT_AFTER:
            return LOCKOUT
        if wrong < FREE_GUESSES:
            return 0.0
        return min(FIRST_DELAY * 2.0 ** (wrong - FREE_GUESSES), MAX_DELAY)


THROTTLE = Throttle()  # one per server process: every session's guesses count together


def client_address() -> str:
    """The client's address as the server sees it (``localhost`` for a local browser)."""
    try:
        return st.context.ip_address or "localhost"
    except Exception:  # no client (a bare script run)
        return "localhost"


def _guess_keys() -> list[str]:
    session = ss.setdefault("_session_key", uuid.uuid4().hex)
    return [f"session:{session}", f"client:{client_address()}"]


def _wait_text(seconds: float) -> str:
    seconds = math.ceil(seconds)
    return f"{seconds} s" if seconds < 120 else f"{math.ceil(seconds / 60)} min"


def password_form() -> bool:
    """The edit-password field and its button, when a password would unlock editing; True when shown."""
    if can_edit() or not edit_password() or read_only():
        return False
    pw = st.text_input("Edit password", type="password", key="edit_password")
    if st.button("Unlock editing", key="unlock") and pw:
        keys = _guess_keys()
        wait = THROTTLE.wait(keys)
        if wait > 0:
            LOG.warning("edit password: guess from %s refused, %.0f s to wait", client_address(), wait)
            st.error(f"Too many wrong passwords: try again in {_wait_text(wait)}.")
        elif hmac.compare_digest(str(pw).encode(), edit_password().encode()):
            THROTTLE.succeeded(keys)
            LOG.info("edit password: editing unlocked from %s", client_address())
            ss["_edit_unlocked"] = True
            st.rerun()
        else:
            wrong, wait = THROTTLE.failed(keys)
            LOG.warning("edit password: wrong guess %d from %s", wrong, client_address())
            st.error("Wrong password." + (f" Next try in {_wait_text(wait)}." if wait else ""))
    return True


# ------------------------------------------------------------------------------ what visitors see

def shown_path(path, folder) -> str:
    """A file or the data folder as this session may see it: the full path for editors, for visitors only the
    part inside the data folder (the folder itself by its name)."""
    return shown_paths([path], folder)[0]


def shown_paths(paths, folder) -> list[str]:
    """``shown_path`` for many paths (the documents of a corpus: the session is asked once)."""
    texts = ["" if p is None else str(p) for p in paths]
    if can_edit():
        return texts
    base = os.path.normpath(str(folder))
    name = os.path.basename(base)
    shown = []
    for text in texts:
        norm = os.path.normpath(text) if text else ""
        if norm == base:
            shown.append(name)
        elif norm.startswith(base + os.sep):
            shown.append(norm[len(base) + 1:])
        else:
            shown.append(os.path.basename(norm))
    return shown
