"""Reading article files: size and type checks, encoding detection, HTML main text.

``read_document(path)`` returns the decoded text (markup removed) plus the fields a
page or a crawler wrapper states (title, date, url...), or raises ``DocumentError``
with a one-line message that says what is wrong and what to do.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024

_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx file)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}


class DocumentError(Exception):
    """A file that cannot be read as an article; the message names the problem and the fix."""


@dataclass(slots=True)
class RawDocument:
    path: Path
    text: str
    encoding: str
    sha256: str
    fields: dict[str, str] = field(default_factory=dict)  # stated by the page/wrapper: title, date, url...


@dataclass(frozen=True, slots=True)
class Found:
    path: str           # as given or joined under its folder
    folder: str | None  # the input folder it was found in (None for a file given directly)
    rel: str            # its path relative to that folder (the file name for a file given directly)


def walk_inputs(inputs: list[str | Path]) -> tuple[list[Found], list[tuple[str, str]]]:
    """Article files under the given files and folders (hidden ones skipped, links to folders not
    followed), sorted within each folder, each listed once. Returns (found, problems)."""
    found: list[Found] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in inputs:
        top = os.fspath(item)
        if os.path.isdir(top):
            inside = os.path.realpath(top)
            batch = []
            stack = [(top, "")]
            while stack:
                root, prefix = stack.pop()
                try:
                    entries = list(os.scandir(root))
                except OSError as exc:
                    problems.append((root, f"cannot list this folder ({exc.strerror or exc})"))
                    continue
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, prefix + entry.name + "/"))
                    elif entry.name.lower().endswith(SUFFIXES):
                        try:
                            regular = entry.is_file()  # follows links: a pipe or a device is not a file
                        except OSError:                # a link loop
                            regular = False
                        if regular and entry.is_symlink() and not _within(os.path.realpath(entry.path), inside):
                            problems.append((entry.path, "a link to a file outside the folder: skipped"))
                        elif regular:
                            batch.append(Found(entry.path, top, prefix + entry.name))
                        else:
                            problems.append((entry.path, "not a regular file (a broken link, a link loop, "
                                                         "a pipe or a device): skipped"))
            batch.sort(key=lambda f: f.rel)
        elif os.path.isfile(top):
            batch = [Found(top, None, os.path.basename(top))]
        else:
            problems.append((top, _not_a_file(top)))
            continue
        for f in batch:
            key = os.path.realpath(f.path) if os.path.islink(f.path) or f.folder is None else \
                os.path.abspath(f.path)
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found, problems


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def _not_a_file(path: str) -> str:
    """Why a path given on the command line is neither a file nor a folder (never opened: a FIFO would block)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a broken link" if os.path.islink(path) else "no such file or folder"
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}): skipped"


def find_files(inputs: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand folders into article files. Returns (files, problems)."""
    found, problems = walk_inputs(inputs)
    return [Path(f.path) for f in found], problems


def file_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"cannot read it ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise DocumentError(f"too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // 2**20} MB): split it into articles")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read it ({exc.strerror or exc})") from None


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: BOMs first, then strict UTF-8, then a detected single-byte code page."""
    if not data.strip():
        raise DocumentError("empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DocumentError(f"binary file ({what}), not text: save the article as .txt, .md or .html")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise DocumentError(f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    if b"\x00" in data[:4096]:
        raise DocumentError("binary file (contains NUL bytes), not text: save the article as .txt, .md or .html")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "cp1251", "cp1250", "iso-8859-1", "koi8-r", "cp1253",
                                          "cp1254", "iso-8859-2"]).best()
    if best is None or best.encoding is None:
        raise DocumentError("not decodable as text (neither UTF-8 nor a known code page): re-save it as UTF-8")
    text = str(best)
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    if bad > max(3, len(text) // 100):
        raise DocumentError("not decodable as text (looks binary): save the article as .txt, .md or .html")
    return text, best.encoding


_CTRL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\f", "\n").replace("\xa0", " ").replace("\ufeff", "")
    return _CTRL.sub(" ", text)


def read_document(path: str | Path) -> RawDocument:
    path = Path(path)
    data = file_bytes(path)
    text, encoding = decode(data)
    sha = hashlib.sha256(data).hexdigest()
    fields: dict[str, str] = {}
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html_page(text):
        text, fields = html_main_text(text)
        if not text.strip():
            raise DocumentError("an HTML page with no readable article text")
    else:
        text = normalize_text(text)
        text, fields = unwrap_fields(text)
    if not text.strip():
        raise DocumentError("no text left after reading it")
    return RawDocument(path=path, text=text, encoding=encoding, sha256=sha, fields=fields)


def _looks_like_html_page(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


# ---------------------------------------------------------------- HTML pages

_META_KEYS = {
    "title": ("og:title", "twitter:title", "title", "headline"),
    "date": ("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
             "publish-date", "publication_date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date"),
    "outlet": ("og:site_name", "application-name", "publisher", "twitter:site"),
    "url": ("og:url",),
}


def html_main_text(html: str) -> tuple[str, dict[str, str]]:
    """Main text of an HTML page (trafilatura) and the fields its <head> states."""
    import trafilatura
    from lxml import html as lxml_html

    fields: dict[str, str] = {}
    try:
        tree = lxml_html.fromstring(html.encode("utf-8", errors="replace"))
    except Exception:  # lxml raises several types on garbage; any of them means "no metadata"
        tree = None
    if tree is not None:
        metas: dict[str, str] = {}
        for m in tree.iter("meta"):
            key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
            val = (m.get("content") or "").strip()
            if key and val and key not in metas:
                metas[key] = val
        for t in tree.iter("time"):
            if t.get("datetime") and "time" not in metas:
                metas["time"] = t.get("datetime").strip()
        for name, keys in _META_KEYS.items():
            for k in keys:
                if metas.get(k):
                    fields[name] = metas[k]
                    break
        if "date" not in fields and metas.get("time"):
            fields["date"] = metas["time"]
        if "title" not in fields:
            t = tree.find(".//title")
            if t is not None and (t.text or "").strip():
                fields["title"] = t.text.strip()
        canon = tree.find(".//link[@rel='canonical']")
        if "url" not in fields and canon is not None and canon.get("href"):
            fields["url"] = canon.get("href").strip()
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True,
                               deduplicate=False) or ""
    return normalize_text(text), fields


# ------------------------------------------------- crawler wrappers in .txt/.md

_FRONT = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_FIELD_LINE = re.compile(r"^[ \t]*<([A-Za-z_][\w-]*)>(.*?)</\1>[ \t]*$", re.M)
_LONE_TAG = re.compile(r"^[ \t]*</?(?:article|document|doc|item|entry|content|body|text)>[ \t]*$\n?", re.M | re.I)
_EDGE_TAG = re.compile(r"</?(?:content|body|text)>", re.I)


def unwrap_fields(text: str) -> tuple[str, dict[str, str]]:
    """Take crawler wrappers off a plain-text article.

    YAML-style front matter stays in the text (it is shown as metadata) but its fields
    are read; XML-like wrappers (``<title>..</title>``, ``<content>``) are reduced to
    their contents.
    """
    fields: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            lm = _FRONT_LINE.match(line)
            if lm and lm.group(2):
                fields.setdefault("front:" + lm.group(1).lower(), lm.group(2).strip().strip("\"'"))
    if "</" in text:
        for fm in _FIELD_LINE.finditer(text):
            fields.setdefault("field:" + fm.group(1).lower(), fm.group(2).strip())
        text = _FIELD_LINE.sub(lambda fm: fm.group(2), text)
        text = _LONE_TAG.sub("", text)
        text = _EDGE_TAG.sub("", text)
    return text, fields
