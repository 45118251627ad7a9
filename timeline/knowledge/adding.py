"""Adding an actor to the user's ``data/actors.csv`` without losing anything already in it.

The file is the user's: its bytes are kept as they are (rows, extra columns, quoting, line endings, a byte
order mark) and one row is appended, filled by the header's own column names. Before the file is replaced a
copy of it is kept beside it (``actors.csv.bak``); the new file is written to a temporary file in the same
folder, read back with the same checks as every build, and only then moved over the old one in one step, so
that a crash or a bad row never leaves a half-written file. Two writers in one process, or in two processes
on one machine, take turns.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from .files import ACTOR_KINDS, KnowledgeError, _split, load_actors

BACKUP_SUFFIX = ".bak"
_LOCK = threading.Lock()


@contextmanager
def _locked(path: Path):
    """This process's threads, then other processes (a lock file beside ``path`` where the system has flock)."""
    with _LOCK:
        try:
            import fcntl
        except ImportError:  # no flock (Windows): one process at a time is the common case there
            yield
            return
        with open(path.with_name("." + path.name + ".lock"), "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _clean(value: str, what: str, path: Path) -> str:
    value = " ".join(str(value or "").split())
    if "|" in value and what != "aliases":
        raise KnowledgeError(f"{path}: the {what} {value!r} holds '|', which separates aliases")
    return value


def add_actor(folder: str | Path, name: str, aliases=(), kind: str = "person", side: str = "",
              role: str = "") -> Path:
    """Append ``name`` (with its ``aliases``, ``kind``, ``side`` and ``role``) to ``folder/actors.csv``.

    Aliases already used by another actor of the file are left out (the file's first claim would win anyway).
    Returns the backup of the file as it was. Raises ``KnowledgeError`` (naming the file) when the name is
    already listed, the kind is not one the file allows, or the file cannot be read or written."""
    path = Path(folder) / "actors.csv"
    name = _clean(name, "name", path)
    kind = _clean(kind, "kind", path).lower()
    side, role = _clean(side, "side", path), _clean(role, "role", path)
    if not name:
        raise KnowledgeError(f"{path}: an actor needs a name")
    if kind not in ACTOR_KINDS:
        raise KnowledgeError(f"{path}: kind {kind!r} for {name!r} is not one of {', '.join(ACTOR_KINDS)}")
    with _locked(path):
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KnowledgeError(f"{path}: missing; restore it from the project before adding actors") from None
        except OSError as exc:
            raise KnowledgeError(f"{path}: unreadable ({exc.strerror or exc})") from None
        existing = load_actors(path)  # the same checks as a build: a broken file is reported, not extended
        taken = {a.name.lower(): a.name for a in existing}
        if name.lower() in taken:
            raise KnowledgeError(f"{path}: {taken[name.lower()]!r} is already listed")
        used = {al.lower() for a in existing for al in a.aliases} | set(taken)
        kept = [name] + [al for al in dict.fromkeys(_clean(x, "aliases", path) for x in aliases)
                         if al and "|" not in al and al.lower() not in used and al != name]
        text = raw.decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text)), [])
        values = {"name": name, "aliases": "|".join(kept), "kind": kind, "side": side, "role": role}
        newline = "\r\n" if "\r\n" in text else "\n"
        out = io.StringIO()
        csv.writer(out, lineterminator=newline).writerow([values.get(c.strip(), "") for c in header])
        row = out.getvalue().encode("utf-8")
        if raw and not raw.endswith(b"\n"):
            row = newline.encode() + row
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw + row)
                fh.flush()
                os.fsync(fh.fileno())
            shutil.copymode(path, tmp)
            if name not in {a.name for a in load_actors(Path(tmp))}:
                raise KnowledgeError(f"{path}: the new row for {name!r} could not be read back; file left as it was")
            shutil.copy2(path, backup)
            os.replace(tmp, path)
        except OSError as exc:
            raise KnowledgeError(f"{path}: cannot write it ({exc.strerror or exc}); file left as it was") from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return backup


def aliases_of(cell: str | None) -> tuple[str, ...]:
    """The aliases of an actors-frame cell ("|"-separated, as in the file)."""
    return _split(cell)
