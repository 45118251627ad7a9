"""Benchmarks: speed and scale of the whole tool, and the time-expression tagger against TimeML gold.

    python -m timeline.bench [scale] [--quick] [--runs N] [--record docs/benchmarks.md]
    python -m timeline.bench timex CORPUS_DIR [--scorer PATH] [--out FILE.jsonl]
    python -m timeline.bench robustness DIR [DIR ...]
    python -m timeline.bench keydates DIR [--fit] [--out FILE.jsonl]
    python -m timeline.bench browser [--sizes sample,2000,20000,100000events] [--runs N]

``scale`` (the default) prints one table: the machine, each figure with its target, and the baseline
measured in the same run with the ratio (see ``timeline.bench.scale``).

``timex`` tags every TimeML document (``*.tml``, searched recursively) under
CORPUS_DIR with :func:`timeline.timex.tag`, anchored on the document creation
time, writes the system output as JSONL, runs the TempEval-3 scorer on it and
reports the tagging speed (median of three runs).

``robustness`` builds whole folders of real articles cold, makes every export and figure of them and
prints, per folder, articles, events, problems by kind, crashes and seconds (see ``timeline.bench.robustness``).

``keydates`` scores the key dates against journalists' timelines (see ``timeline.bench.keydates``).

``browser`` measures, in headless chromium, what a person waits for: first load, filter changes and page
switches until the chart is drawn and the app idle (see ``timeline.bench.browser``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent.parent
_DEFAULT_SCORER = _ROOT.parent / "shared" / "tools" / "timex_score.py"

_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT_RE = re.compile(r"<DCT>.*?<TIMEX3\b[^>]*?\bvalue\s*=\s*[\"']([^\"']*)[\"']", re.S)
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_WORD_RE = re.compile(r"\S+")


def load_timeml(path: Path) -> tuple[str, dt.date | None, str]:
    """Return (document id, anchor date, de-tagged TEXT content) of a TimeML file."""
    raw = path.read_text(encoding="utf-8")
    m = _TEXT_RE.search(raw)
    body = m.group(1) if m else ""
    text = html.unescape(_TAG_RE.sub("", body))
    anchor = None
    dm = _DCT_RE.search(raw)
    if dm:
        try:
            anchor = dt.date.fromisoformat(dm.group(1)[:10])
        except ValueError:
            anchor = None
    return path.stem, anchor, text


def _tag_all(docs):
    from ..timex import tag
    return [(doc, tag(text, anchor)) for doc, anchor, text in docs]


def bench_timex(args: argparse.Namespace) -> int:
    files = sorted(Path(args.corpus).rglob("*.tml"))
    if not files:
        print(f"no .tml files under {args.corpus}", file=sys.stderr)
        return 2
    docs = [load_timeml(p) for p in files]
    words = sum(len(_WORD_RE.findall(t)) for _, _, t in docs)
    times, results = [], None
    for _ in range(3):
        t0 = time.perf_counter()
        results = _tag_all(docs)
        times.append(time.perf_counter() - t0)
    secs = statistics.median(times)

    out = args.out or os.path.join(tempfile.mkdtemp(prefix="timex-bench-"), "system.jsonl")
    with open(out, "w", encoding="utf-8") as fh:
        for doc, timexes in results:
            for t in timexes:
                fh.write(json.dumps({"doc": doc, "start": t.start, "end": t.end, "type": t.type,
                                     "value": t.value, "text": t.text}) + "\n")
    cmd = [sys.executable, str(args.scorer), "score", str(args.corpus), "--system", out]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
    print(f"documents: {len(docs)}  words: {words}  seconds: {secs:.3f}  "
          f"words/second: {words / secs:,.0f}  (system output: {out})")
    return proc.returncode


def bench_scale(args: argparse.Namespace) -> int:
    from . import scale

    head = scale.machine()
    print(head, flush=True)
    rows = scale.run(quick=args.quick, runs=args.runs, work=args.work)
    text = scale.table(rows)
    print(text)
    if args.record:
        path = Path(args.record)
        old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
        path.write_text(old.rstrip() + f"\n\n## {head}\n\n`python -m timeline.bench"
                        f"{' --quick' if args.quick else ''}`\n\n{text}\n", encoding="utf-8")
    return 0 if all(r.met is not False for r in rows) else 1


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m timeline.bench", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command")
    s = sub.add_parser("scale", help="speed and scale figures (the default)")
    for q in (p, s):
        q.add_argument("--quick", action="store_true", help="small sizes, for a first look")
        q.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
        q.add_argument("--work", help="folder for generated corpora and caches (default: a temp folder)")
        q.add_argument("--record", metavar="FILE", help="append the table to FILE (e.g. docs/benchmarks.md)")
    s.set_defaults(func=bench_scale)
    p.set_defaults(func=bench_scale)
    t = sub.add_parser("timex", help="time-expression tagging against TimeML gold")
    t.add_argument("corpus", help="directory of TimeML .tml files (searched recursively)")
    t.add_argument("--scorer", default=str(_DEFAULT_SCORER), help="path to timex_score.py")
    t.add_argument("--out", help="write the system JSONL here (default: a temporary file)")
    t.set_defaults(func=bench_timex)
    from . import browser, keydates, robustness

    robustness.add_parser(sub)
    browser.add_parser(sub)
    keydates.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)

