"""Where analysts' edits are kept: one SQLAlchemy database.

By default a SQLite file in the data folder (``.timeline-edits.sqlite``); any SQLAlchemy URL works the same
way (a hosted deployment points it at PostgreSQL, ``postgresql+psycopg://user:pass@host/db``). The schema is
created on first use. Nothing here imports streamlit: the dashboard hands over the engine of its
``st.connection(..., type="sql")``, the command line makes its own with :func:`engine`.
"""
from __future__ import annotations

import datetime as dt
import time
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

DB_FILE = ".timeline-edits.sqlite"  # hidden: the loader and the folder signature skip it

metadata = sa.MetaData()

edit_table = sa.Table(
    "timeline_edits", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("who", sa.String(200), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),          # ISO 8601, UTC
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("target", sa.String(1000), nullable=False),    # an event_id, or a file for document edits
    sa.Column("evidence", sa.Text, nullable=False),          # JSON list: mention keys of the target event
    sa.Column("previous", sa.Text, nullable=False),          # JSON: the value before the edit
    sa.Column("new", sa.Text, nullable=False),               # JSON: the value the edit sets
    sa.Column("undone", sa.Boolean, nullable=False, default=False),
    sa.Column("undone_by", sa.String(200)),
    sa.Column("undone_at", sa.String(40)),
)
sa.Index("timeline_edits_target", edit_table.c.target)


def default_url(folder: str | Path) -> str:
    """The SQLite file used when no database URL is configured."""
    return f"sqlite:///{(Path(folder) / DB_FILE).resolve()}"


def default_exists(folder: str | Path) -> bool:
    return (Path(folder) / DB_FILE).is_file()


# ------------------------------------------------------------------ a damaged database

# What SQLite says of a file that is not (or no longer) a whole database: truncated, overwritten, corrupted.
_DAMAGE = ("file is not a database", "database disk image is malformed", "malformed database schema",
           "file is encrypted or is not a database", "database corruption")


class DamagedDatabase(Exception):
    """The edit database cannot be read: its file was truncated or overwritten. ``moved_to`` is where the
    damaged file was set aside (None when it was left in place)."""

    def __init__(self, url: str, reason: str, moved_to: Path | None = None):
        self.url, self.reason, self.moved_to = url, reason, moved_to
        where = sqlite_path(url) or url.split("@")[-1]
        super().__init__(f"the edit database {where} is damaged ({reason})"
                         + (f"; it was set aside as {moved_to}" if moved_to else ""))


def is_damage(exc: BaseException) -> bool:
    """Whether a database error means a damaged file (not a busy or missing server)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return isinstance(exc, (sa.exc.DatabaseError, DamagedDatabase)) and any(d in text for d in _DAMAGE) \
        or isinstance(exc, DamagedDatabase)


def damage_reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases or in-memory SQLite)."""
    u = sa.engine.make_url(url)
    return Path(u.database) if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:") else None


def set_aside(path: Path) -> Path:
    """Rename a damaged database file (and its -wal, -shm, -journal companions) with a timestamp; never
    deletes anything. Returns the new name of the database file."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.rename(target)
    for extra in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(target.with_name(target.name + extra))
    return target


def check(eng: Engine) -> None:
    """Raise DamagedDatabase when the database cannot be read as a whole (SQLite's quick check)."""
    try:
        with eng.connect() as conn:
            if eng.dialect.name == "sqlite":
                found = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").all()]
                if found != ["ok"]:
                    raise DamagedDatabase(str(eng.url), "; ".join(map(str, found[:3])))
    except sa.exc.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedDatabase(str(eng.url), damage_reason(exc)) from None
        raise


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Autocommit at the driver level; transactions are opened by _sqlite_begin with BEGIN IMMEDIATE, so
    # two writers queue on the lock (busy_timeout) instead of failing when one upgrades a read to a write.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def configure(eng: Engine) -> Engine:
    """Make an engine safe for concurrent writers (SQLite: WAL, waiting on locks). Idempotent."""
    if eng.dialect.name == "sqlite" and not event.contains(eng, "connect", _sqlite_connect):
        event.listen(eng, "connect", _sqlite_connect)
        event.listen(eng, "begin", _sqlite_begin)
    return eng


def engine(url: str) -> Engine:
    """A configured engine for ``url`` with the schema in place; raises DamagedDatabase when its file is
    damaged (truncated, overwritten)."""
    eng = configure(sa.create_engine(url))
    check(eng)
    ensure_schema(eng)
    return eng


def ensure_schema(eng: Engine) -> None:
    """Create the tables when missing (two processes doing it at once is fine)."""
    for attempt in range(3):
        try:
            metadata.create_all(eng, checkfirst=True)
            return
        except sa.exc.SQLAlchemyError:
            if attempt == 2:
                raise
            time.sleep(0.2 * (attempt + 1))  # the other process created it meanwhile: check again


def lock_target(conn: Connection, target: str) -> None:
    """Serialize writers of one target until the transaction ends (SQLite's BEGIN IMMEDIATE already does)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(target.encode()) - 2**31})


@contextmanager
def transaction(eng: Engine) -> Iterator[Connection]:
    """One transaction, committed at the end of the block (rolled back on an error)."""
    with eng.begin() as conn:
        yield conn


def retrying(fn, attempts: int = 5):
    """Run ``fn()`` again when the database was busy (a lock held longer than the wait)."""
    for i in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if i == attempts - 1 or "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                raise
            time.sleep(0.1 * (i + 1))
