"""Robustness on real archives: build whole folders and count what went wrong, stage by stage.

    python -m timeline.bench robustness DIR [DIR ...] [--workers N]

Each folder is built cold (a fresh cache), then every data export (CSV, JSON, Parquet, TimelineJS,
mentions), the HTML report and every chart figure are made from it. A folder of TimeML files
(``*.tml``, as in TempEval-3) is read as articles: each file's text, published on its document
creation time. The table gives, per folder: articles, events, problems by kind, crashes (articles
whose extraction raised, plus any stage that raised for the whole folder), the seconds of the build and
of everything.
"""
from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..extract.records import iso_day

# Problem kinds, by the start of the problem's message (see documents, metadata and corpus).
_KINDS = (
    ("crash", re.compile(r"extraction failed")),
    ("undated", re.compile(r"no publication date")),
    ("no text", re.compile(r"empty file|no story text|no text left|no readable article text")),
    ("unreadable", re.compile(r"cannot read|binary file|not decodable|too large|byte-order mark|not a regular")),
    ("sources.csv", re.compile(r"line \d+: published|needs a 'file' column|ignoring unknown column|unreadable \(")),
    ("too many events", re.compile(r"more than [\d,]+ dated events")),
)


def kind_of(message: str) -> str:
    """The kind of a problem line: crash, undated, no text, unreadable, sources.csv, too many events, other."""
    for name, pattern in _KINDS:
        if pattern.search(message):
            return name
    return "other"


@dataclass
class Result:
    folder: str
    articles: int = 0
    events: int = 0
    problems: Counter = field(default_factory=Counter)
    crashes: int = 0
    failed_stages: list[str] = field(default_factory=list)
    build_seconds: float = 0.0
    seconds: float = 0.0


def timeml_as_articles(folder: Path, out: Path) -> int:
    """Write every TimeML file under ``folder`` as a text article in ``out``, with a ``sources.csv`` giving
    its document creation time as the publication date. Returns the number of files."""
    from .cli import load_timeml

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, path in enumerate(sorted(folder.rglob("*.tml"))):
        doc, anchor, text = load_timeml(path)
        name = f"{i:05d}_{re.sub(r'[^A-Za-z0-9_.-]+', '_', doc)[:80]}.txt"
        (out / name).write_text(text.strip() + "\n", encoding="utf-8")
        rows.append([name, iso_day(anchor) or "", "", "", doc])
    with open(out / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "published", "outlet", "url", "title"])
        w.writerows(rows)
    return len(rows)


def _stage(result: Result, name: str, fn, debug: bool):
    try:
        return fn()
    except Exception as exc:
        result.crashes += 1
        result.failed_stages.append(f"{name}: {exc.__class__.__name__}: {str(exc)[:200]}")
        if debug:
            traceback.print_exc()
        return None


def run_folder(folder: str | Path, workers: int | None = None, debug: bool = False) -> Result:
    """Build one folder cold and make every export and figure of it; count what went wrong."""
    from ..store import build as corpus, cache
    from ..views import charts, export, query, report
    from ..views.view import make_data, make_view

    folder = Path(folder)
    result = Result(str(folder))
    work = Path(tempfile.mkdtemp(prefix="timeline-robustness-"))
    try:
        articles = folder
        if not any(folder.rglob("*.txt")) and any(folder.rglob("*.tml")):
            articles = work / "articles"
            timeml_as_articles(folder, articles)
        t0 = time.perf_counter()
        built = _stage(result, "build", lambda: corpus.build([articles], cache_dir=work / "cache", workers=workers),
                       debug)
        result.build_seconds = time.perf_counter() - t0
        if built is not None:
            cache.flush(work / "cache")
            result.articles = len(built.documents) + sum(1 for p in built.problems
                                                         if kind_of(p.message) in ("crash", "unreadable", "no text")
                                                         and p.file not in set(built.documents["path"]))
            result.events = len(built.events)
            result.problems = Counter(kind_of(p.message) for p in built.problems)
            result.crashes += result.problems.get("crash", 0)
            data = _stage(result, "load", lambda: make_data(built.events, built.mentions, built.documents,
                                                            built.actors, built.problems, folder=articles),
                          debug)
            if data is not None:
                view = make_view(data, query.Filters())
                for fmt in ("csv", "json", "parquet", "timelinejs", "mentions"):
                    _stage(result, f"export {fmt}", lambda fmt=fmt: export.data_bytes(view, fmt), debug)
                _stage(result, "report", lambda: report.report_html(view, charts=()), debug)
                for kind in charts.KINDS:
                    _stage(result, f"figure {kind}", lambda kind=kind: charts.figure(kind, view).to_json(),
                           debug)
        result.seconds = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def table(results: list[Result]) -> str:
    kinds = sorted({k for r in results for k in r.problems if k != "crash"})
    head = ["folder", "articles", "events", *[f"problems: {k}" for k in kinds], "crashes", "build s", "all s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [r.folder, f"{r.articles:,}", f"{r.events:,}", *[str(r.problems.get(k, 0)) for k in kinds],
                 str(r.crashes), f"{r.build_seconds:.1f}", f"{r.seconds:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def add_parser(sub) -> None:
    p = sub.add_parser("robustness", help="build real archives and count problems and crashes per folder",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("folders", nargs="+", metavar="DIR", help="article folders (or TimeML folders)")
    p.add_argument("--workers", type=int, help="extraction processes (default: one per core)")
    p.add_argument("--debug", action="store_true", help="print the traceback of every crash")
    p.set_defaults(func=cmd_robustness)


def cmd_robustness(args: argparse.Namespace) -> int:
    results = []
    for folder in args.folders:
        if not Path(folder).is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            return 2
        r = run_folder(folder, workers=args.workers, debug=args.debug)
        for line in r.failed_stages:
            print(f"{folder}: {line}", file=sys.stderr)
        results.append(r)
    print(table(results))
    return 1 if any(r.crashes for r in results) else 0
