"""Adding articles to the data folder and correcting documents' metadata through its ``sources.csv``.

* :func:`save_article` stores an uploaded or pasted article under a safe, new file name (the base name
  only, safe characters, an allowed extension, never over another file: ``name-2.txt``, ``name-3.txt``...),
  written to a temporary file first and then linked into place, so a reader never sees half a file.
* :func:`set_metadata` sets a document's publication date, outlet, title or URL in ``sources.csv``, which
  the loader reads before anything the text says (and re-anchors relative dates on). Other rows, other
  columns and the order of the file are kept; the write is atomic and serialized by a lock file.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from filelock import FileLock

SOURCES_FILE = "sources.csv"
COLUMNS = ("file", "published", "outlet", "url", "title")
META_FIELDS = ("published", "outlet", "title", "url")
ALLOWED = (".txt", ".md", ".html")
MAX_BYTES = 5 * 2 ** 20
MAX_NAME = 80
LOCK_FILE = ".sources.lock"
TRASH = ".removed"  # undone uploads go here (hidden: the loader skips it)


class ArticleError(ValueError):
    """A file that cannot be added, with a message for the user."""


def safe_name(name: str, default: str = "article.txt") -> str:
    """A harmless base name: no folders, only letters, digits, '-', '_' and '.', an allowed extension."""
    base = re.split(r"[\\/]", str(name or ""))[-1].strip()
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, ext = os.path.splitext(base)
    ext = ext.lower()
    if ext == ".htm":
        ext = ".html"
    if not ext:
        ext = os.path.splitext(default)[1]
    if ext not in ALLOWED:
        raise ArticleError(f"{name}: only {', '.join(ALLOWED)} files can be added (this one is {ext or 'untyped'})")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:MAX_NAME] or os.path.splitext(default)[0]
    return stem + ext


def slug(title: str) -> str:
    s = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60]


def _taken(folder: Path) -> set[str]:
    """Stems in use (lower case): a new file must not clash with any, whatever its extension."""
    return {os.path.splitext(p.name)[0].lower() for p in folder.iterdir() if not p.name.startswith(".")}


def save_article(folder: str | Path, name: str, data: bytes) -> Path:
    """Store one article; returns its path. Raises ArticleError (type, size, empty) with a clear message."""
    folder = Path(folder)
    fname = safe_name(name)
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{name}: {len(data) / 2 ** 20:.1f} MB is over the {MAX_BYTES // 2 ** 20} MB limit "
                           f"for one article")
    if not data.strip():
        raise ArticleError(f"{name}: the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{name}: this looks like a binary file, not text or HTML")
    folder.mkdir(parents=True, exist_ok=True)
    stem, ext = os.path.splitext(fname)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        taken = _taken(folder)
        for n in range(1, 10_000):
            cand = f"{stem}{'' if n == 1 else f'-{n}'}"
            if cand.lower() in taken:
                continue
            target = folder / (cand + ext)
            try:
                os.link(tmp, target)  # fails if the name was taken meanwhile: never overwrites
            except FileExistsError:
                taken.add(cand.lower())
                continue
            return target
        raise ArticleError(f"{name}: no free file name left")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


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
    fd, tmp = tempfile.mkstemp(prefix=".sources-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
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
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
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
