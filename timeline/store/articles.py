"""A data folder's ``sources.csv`` and its articles: reading the file for a build, adding articles, and
correcting documents' metadata.

* :func:`read_sources` reads the rows a build uses (publication date, outlet, URL and title per file).
* :func:`save_article` stores an uploaded or pasted article under a safe, new file name (the base name
  only, safe characters, an allowed extension, never over another file: ``name-2.txt``, ``name-3.txt``...),
  written to a temporary file first and then linked into place, so a reader never sees half a file.
* :func:`set_metadata` sets a document's publication date, outlet, title or URL in ``sources.csv``, which
  the loader reads before anything the text says (and re-anchors relative dates on). Other rows, other
  columns and the order of the file are kept; the write is atomic and serialized by a lock file.
* :func:`add_article`, :func:`set_document` and :func:`undo_last_edit` do the same as analysts' edits: each is
  recorded in the edit log (who, when, the previous value), and undoing one puts the files back.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from filelock import FileLock

from ..extract import metadata
from ..extract.records import Problem, iso_day

if TYPE_CHECKING:
    from .curation import Edit, Log

SOURCES_FILE = "sources.csv"
COLUMNS = ("file", "published", "outlet", "url", "title")
META_FIELDS = ("published", "outlet", "title", "url")
ALLOWED = (".txt", ".md", ".html")
MAX_BYTES = 5 * 2 ** 20
MAX_NAME = 80
MAX_NAME_BYTES = 200
LOCK_FILE = ".sources.lock"
UPLOAD_PREFIX, SOURCES_PREFIX, TEMP_SUFFIX = ".upload-", ".sources-", ".tmp"  # hidden: the loader skips them
TRASH = ".removed"  # undone uploads go here (hidden: the loader skips it)


class ArticleError(ValueError):
    """A file that cannot be added, with a message for the user."""


def safe_name(name: str, default: str = "article.txt") -> str:
    """A harmless base name: no folders, only letters (of any script), digits, '-' and '_' in the stem, an
    allowed extension. Control characters (NUL...) are dropped; ``доклад.txt`` stays ``доклад.txt``."""
    base = unicodedata.normalize("NFKC", str(name or ""))
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = re.split(r"[\\/]", base)[-1].strip()
    stem, ext = os.path.splitext(base)
    ext = ext.lower()
    if ext == ".htm":
        ext = ".html"
    if not ext:
        ext = os.path.splitext(default)[1]
    if ext not in ALLOWED:
        raise ArticleError(f"{base}: only {', '.join(ALLOWED)} files can be added (this one is {ext or 'untyped'})")
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-_.")[:MAX_NAME]
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:  # file systems count bytes
        stem = stem[:-1]
    return (stem.strip("-_.") or os.path.splitext(default)[0]) + ext


def slug(title: str) -> str:
    s = unicodedata.normalize("NFKC", title or "").lower()
    return re.sub(r"[\W_]+", "-", s).strip("-")[:60].strip("-")


def _taken(folder: Path) -> set[str]:
    """Stems in use (lower case): a new file must not clash with any, whatever its extension."""
    return {os.path.splitext(p.name)[0].lower() for p in folder.iterdir() if not p.name.startswith(".")}


def _umask() -> int:
    """The process's umask (read, not changed, where /proc tells it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_temp(folder: Path, prefix: str, data: bytes) -> str:
    """``data`` in a new hidden temporary file of ``folder`` (synced), with the mode any new file gets
    (0666 less the umask, as ``open`` gives); returns its path."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def check_article(name: str, data: bytes) -> str:
    """The safe file name for an article, or ArticleError (type, size, empty, binary) with a clear message."""
    fname = safe_name(name)
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{fname}: {len(data) / 2 ** 20:.1f} MB is over the {MAX_BYTES // 2 ** 20} MB limit "
                           f"for one article")
    if not data.strip():
        raise ArticleError(f"{fname}: the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{fname}: this looks like a binary file, not text or HTML")
    return fname


def _free_names(folder: Path, fname: str):
    """Candidate paths for ``fname`` in ``folder`` whose stem no file uses: name.txt, name-2.txt..."""
    stem, ext = os.path.splitext(fname)
    taken = _taken(folder)
    for n in range(1, 10_000):
        cand = f"{stem}{'' if n == 1 else f'-{n}'}"
        if cand.lower() not in taken:
            yield folder / (cand + ext)
    raise ArticleError(f"{fname}: no free file name left")


def save_article(folder: str | Path, name: str, data: bytes, before_link=None) -> Path:
    """Store one article; returns its path. Raises ArticleError (type, size, empty) with a clear message.

    ``before_link(path)`` is called with the chosen path before the file appears there (to log it first);
    when it returns a function, that is called if the name was taken meanwhile and another is tried."""
    folder = Path(folder)
    fname = check_article(name, data)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(folder, UPLOAD_PREFIX, data)
    try:
        for target in _free_names(folder, fname):
            cancel = before_link(target) if before_link else None
            try:
                os.link(tmp, target)  # fails if the name was taken meanwhile: never overwrites
            except FileExistsError:
                if cancel:
                    cancel()
                continue
            return target
        raise ArticleError(f"{fname}: no free file name left")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def clean_temp_files(folder: str | Path, older_than: float = 3600) -> list[Path]:
    """Remove the temporary files an interrupted upload or sources.csv write left in ``folder`` (those
    older than ``older_than`` seconds: a younger one may belong to a write under way); returns them."""
    folder = Path(folder)
    removed = []
    now = dt.datetime.now().timestamp()
    for prefix in (UPLOAD_PREFIX, SOURCES_PREFIX):
        for p in folder.glob(f"{prefix}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if p.is_file() and not p.is_symlink() and now - p.stat().st_mtime > older_than:
                    p.unlink()
                    removed.append(p)
    return removed


def paste_name(title: str = "") -> str:
    return (slug(title) or "pasted-article") + ".txt"


def remove_article(folder: str | Path, rel: str) -> Path | None:
    """Move an article out of the corpus (into the hidden TRASH folder); returns where it went."""
    folder = Path(folder)
    src = (folder / rel).resolve()
    if folder.resolve() not in src.parents or not src.is_file():
        return None
    trash = folder / TRASH
    trash.mkdir(exist_ok=True)
    dst = trash / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{src.name}"
    os.replace(src, dst)
    return dst


# ------------------------------------------------------------------------------ sources.csv

def read_sources(folder: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The rows of a folder's sources.csv for a build, by file name, with the problems of the file (dates
    that are not dates are dropped, with a line saying so)."""
    path = folder / SOURCES_FILE
    if not path.is_file():
        return {}, []
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(str(path), f"unreadable ({exc}); save it as UTF-8 CSV")]
    reader = csv.DictReader(text.splitlines())
    if "file" not in (reader.fieldnames or []):
        return {}, [Problem(str(path), f"needs a 'file' column; columns can be {', '.join(COLUMNS)}")]
    unknown = [c for c in reader.fieldnames or [] if c and c not in COLUMNS]
    if unknown:
        problems.append(Problem(str(path), f"ignoring unknown column(s) {', '.join(unknown)}; "
                                           f"valid: {', '.join(COLUMNS)}"))
    rows: dict[str, dict[str, str]] = {}
    is_date: dict[str, bool] = {}  # dates repeat: each distinct one is parsed once
    for n, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        clean = {c: (row.get(c) or "").strip() for c in COLUMNS}
        published = clean["published"]
        if published and published not in is_date:
            is_date[published] = bool(metadata.parse_date(published, fallback=True))
        if published and not is_date[published]:
            problems.append(Problem(str(path), f"line {n}: published {clean['published']!r} is not a date "
                                               f"(write it as YYYY-MM-DD); using the text's date instead"))
            clean["published"] = ""
        rows[name] = clean
    return rows, problems



@contextlib.contextmanager
def locked(folder: Path):
    """Serialize read-modify-write of sources.csv between sessions and processes."""
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(folder / LOCK_FILE):
        yield


def read_table(folder: Path) -> tuple[list[str], list[dict], str | None]:
    """(columns, rows, raw text or None when there is no file)."""
    path = Path(folder) / SOURCES_FILE
    if not path.is_file():
        return list(COLUMNS), [], None
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    rows = [dict(r) for r in reader]
    cols = [c for c in (reader.fieldnames or []) if c is not None]
    return cols or list(COLUMNS), rows, text


def _write_table(folder: Path, cols: list[str], rows: list[dict]) -> None:
    cols = cols + [c for c in COLUMNS if c not in cols]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c) or "" for c in cols})
    tmp = _write_temp(folder, SOURCES_PREFIX, buf.getvalue().encode("utf-8"))
    try:
        os.replace(tmp, folder / SOURCES_FILE)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _find(rows: list[dict], rel: str) -> int | None:
    """The row the loader uses for ``rel``: by relative path, then file name, then name without extension."""
    name = os.path.basename(rel)
    for want in (rel, name, os.path.splitext(name)[0]):
        hits = [i for i, r in enumerate(rows) if (r.get("file") or "").strip() == want]
        if hits:
            return hits[-1]
    return None


def check_date(value: str) -> str:
    """YYYY-MM-DD or ArticleError."""
    try:
        return iso_day(dt.date.fromisoformat(str(value).strip()[:10]))
    except ValueError:
        raise ArticleError(f"{value!r} is not a date: write it as YYYY-MM-DD") from None


def set_metadata(folder: str | Path, rel: str, values: dict) -> dict:
    """Set fields of ``rel``'s row (blank = let the loader use the text's value). Returns what is needed to
    undo it: ``{"row": previous row or None, "sources_csv": previous file text or None}``."""
    folder = Path(folder)
    values = {k: ("" if v is None else str(v).strip()) for k, v in values.items() if k in META_FIELDS}
    if values.get("published"):
        values["published"] = check_date(values["published"])
    with locked(folder):
        cols, rows, text = read_table(folder)
        i = _find(rows, rel)
        previous = dict(rows[i]) if i is not None else None
        if i is None:
            rows.append({"file": rel, **values})
        else:
            rows[i].update(values)
        _write_table(folder, cols, rows)
    return {"row": previous, "sources_csv": text}


def restore_row(folder: str | Path, rel: str, previous: dict | None) -> None:
    """Put ``rel``'s row back as it was (removed when there was none)."""
    folder = Path(folder)
    with locked(folder):
        cols, rows, _ = read_table(folder)
        i = _find(rows, rel)
        if previous is None:
            if i is not None:
                rows.pop(i)
        elif i is None:
            rows.append(dict(previous))
        else:
            rows[i] = dict(previous)
        _write_table(folder, cols, rows)


def row_of(folder: str | Path, rel: str) -> dict | None:
    _, rows, _ = read_table(Path(folder))
    i = _find(rows, rel)
    return rows[i] if i is not None else None


# ------------------------------------------------------------------------------ logged edits

def rel_path(folder: str | Path, path: str | Path) -> str:
    """A document's path inside the data folder, as sources.csv names it."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()
    except ValueError:
        return Path(path).name


def add_article(log: Log, folder: str | Path, who: str, name: str, data: bytes,
                meta: dict | None = None) -> Path:
    """Store an uploaded or pasted article, give it its metadata, and log who added it.

    The log row is written before the file appears under its name, so an article is never in the corpus
    without the edit that undoes it (an interruption leaves at most a row whose file never came, which undo
    passes over, and a temporary file that ``clean_temp_files`` removes)."""
    meta = {k: v for k, v in (meta or {}).items() if v not in (None, "")}
    if meta.get("published"):
        meta["published"] = check_date(meta["published"])  # refuse before anything is written
    asked = "".join(c for c in str(name) if unicodedata.category(c)[0] != "C")

    def log_first(path: Path):
        rel = rel_path(folder, path)
        edit_id = log.record(who, "upload", rel, new={"file": rel, "asked_as": asked, **meta, "bytes": len(data),
                                                      "sha256": hashlib.sha256(data).hexdigest()},
                             previous={"row": row_of(folder, rel), "sources_csv": None})
        return lambda: log.withdraw(edit_id, "(name taken meanwhile)")

    path = save_article(folder, name, data, before_link=log_first)
    if meta:
        set_metadata(folder, rel_path(folder, path), meta)
    return path


def set_document(log: Log, folder: str | Path, who: str, document: pd.Series, values: dict) -> bool:
    """Set a document's publication date, outlet, title or URL. Returns False when nothing changes."""
    rel = rel_path(folder, document["path"])
    current = document_values(document)
    row = row_of(folder, rel) or {}
    changes = {}
    for k, v in values.items():
        if k not in META_FIELDS:
            continue
        v = "" if v is None else str(v).strip()
        if k == "published" and v:
            v = check_date(v)
        if v != current.get(k, "") or (v and v != (row.get(k) or "").strip()):
            changes[k] = v
    if not changes:
        return False
    undo = set_metadata(folder, rel, changes)
    log.record(who, "meta", rel, new={"file": rel, **changes},
               previous={"values": {k: current.get(k, "") for k in changes}, **undo})
    return True


def document_values(document: pd.Series) -> dict:
    """A row of the documents frame's editable metadata, as the text its form fields show."""
    pub = document.get("published")
    return {"published": iso_day(pub) or "",
            "outlet": "" if pd.isna(document.get("outlet")) else str(document.get("outlet") or ""),
            "title": "" if pd.isna(document.get("title")) else str(document.get("title") or ""),
            "url": "" if pd.isna(document.get("url")) else str(document.get("url") or "")}


def undo_last_edit(log: Log, folder: str | Path, who: str | None = None) -> Edit | None:
    """Undo the newest live edit (of ``who`` when given), files included; returns it."""
    edit = log.undo_last(who)
    if edit is None:
        return None
    previous = edit.previous if isinstance(edit.previous, dict) else {}
    if edit.action == "meta":
        restore_row(folder, edit.target, previous.get("row"))
    elif edit.action == "upload":
        if set(edit.new or {}) & set(META_FIELDS):  # it was given a sources.csv row
            restore_row(folder, edit.target, previous.get("row"))
        remove_article(folder, edit.target)
    return edit
