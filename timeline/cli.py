"""Command line: ``python -m timeline extract|docs|timex|generate|chart|keydates ...``."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .extract.documents import DocumentError
from .extract.records import iso_day
from .knowledge import KnowledgeError
from .store.build import Corpus, build
from .store.edits import DamagedDatabase
from .timex import tag
from .views import keydates as kd
from .views.export import EXTRACT_FIELDS, csv_table, event_records, parquet_table

OUT_FORMATS = (".jsonl", ".csv", ".parquet")
EXIT_DAMAGED_DB = 3  # the edit database cannot be read (truncated or overwritten): nothing was written


class UsageError(Exception):
    pass


def write_events(corpus: Corpus, out: Path) -> int:
    """Write the corpus's events to ``out`` (.jsonl, .csv or .parquet); returns how many."""
    suffix = out.suffix.lower()
    if suffix not in OUT_FORMATS:
        raise UsageError(f"--out {out}: unknown format {suffix or '(none)'}; use one of {', '.join(OUT_FORMATS)}")
    records = event_records(corpus.events, corpus.mentions, fields=EXTRACT_FIELDS)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        csv_table(records, EXTRACT_FIELDS).to_csv(out, index=False)
    else:
        parquet_table(records, EXTRACT_FIELDS).to_parquet(out, index=False)
    return len(records)


def cmd_extract(args) -> int:
    if args.engine == "dask":
        from .store.distributed import build_on_dask

        if Path(args.out).suffix.lower() in OUT_FORMATS:
            raise UsageError(f"--out {args.out}: with --engine dask the output is a folder (partitioned Parquet)")
        corpus = build_on_dask(args.inputs, args.out, scheduler=args.scheduler, n_workers=args.workers or 2)
    elif args.scheduler:
        raise UsageError("--scheduler goes with --engine dask")
    else:
        corpus = build(args.inputs, cache_dir=args.cache, use_cache=not args.no_cache, workers=args.workers)
    for p in corpus.problems:
        print(str(p), file=sys.stderr)
    if corpus.documents.empty:
        print("no article could be read from " + ", ".join(map(str, args.inputs)) +
              " (expected .txt, .md or .html files)", file=sys.stderr)
        return 1
    if args.engine != "dask":  # analysts' edits (accept, reject, merge...) from the edit log
        from .store.loader import for_command_line

        corpus, notes = for_command_line(corpus, args.inputs, args.curated, args.db)
        for line in notes:
            print(line, file=sys.stderr)
    n = len(corpus.events) if args.engine == "dask" else write_events(corpus, Path(args.out))
    print(f"{n} events from {len(corpus.documents)} documents -> {args.out}", file=sys.stderr)
    return 0


def cmd_docs(args) -> int:
    corpus = build(args.inputs, cache_dir=args.cache, use_cache=not args.no_cache)
    for p in corpus.problems:
        print(str(p), file=sys.stderr)
    for d in corpus.documents.itertuples(index=False):
        date = iso_day(d.published) or "undated"
        print(f"{d.doc}\t{date}\t{d.published_source or '-'}\t{d.outlet or '-'}\t{d.n_events} events\t{d.title}")
    return 0


def cmd_timex(args) -> int:
    src = sys.stdin if args.inp == "-" else open(args.inp, encoding="utf-8")
    dst = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    n_docs = n_tx = 0
    with src, dst:
        for lineno, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text, doc = rec["text"], rec.get("doc", str(lineno))
                dct = rec.get("dct")
                anchor = dt.date.fromisoformat(str(dct)[:10]) if dct else None
            except (ValueError, KeyError, TypeError) as exc:
                print(f"{args.inp}:{lineno}: skipped ({exc}); each line needs {{\"doc\", \"dct\", \"text\"}}",
                      file=sys.stderr)
                continue
            n_docs += 1
            for t in tag(text, anchor):
                n_tx += 1
                dst.write(json.dumps({"doc": doc, "start": t.start, "end": t.end, "type": t.type, "value": t.value,
                                      "text": t.text}, ensure_ascii=False) + "\n")
    print(f"{n_tx} time expressions in {n_docs} documents", file=sys.stderr)
    return 0


def cmd_generate(args) -> int:
    from .bench.generate import generate

    words = generate(Path(args.out), args.n, seed=args.seed, sources=[Path(s) for s in args.sources] or None,
                     words=args.words)
    print(f"{args.n} articles, {words} words -> {args.out}", file=sys.stderr)
    return 0


def cmd_keydates(args) -> int:
    if args.start and args.end and args.start > args.end:
        print(f"error: --start {args.start} is after --end {args.end}", file=sys.stderr)
        return 2
    if args.out and Path(args.out).suffix.lower() not in kd.OUT_FORMATS:
        print(f"error: --out {args.out}: use one of {', '.join(kd.OUT_FORMATS)}", file=sys.stderr)
        return 2
    corpus = build(args.inputs, cache_dir=args.cache, use_cache=not args.no_cache)
    for p in corpus.problems:
        print(str(p), file=sys.stderr)
    if corpus.documents.empty:
        print("no article could be read from " + ", ".join(map(str, args.inputs)), file=sys.stderr)
        return 1
    key_dates = kd.key_dates(corpus, k=args.k, start=args.start, end=args.end, sentences=args.sentences)
    if args.out:
        kd.write(key_dates, args.out)
        print(f"{len(key_dates)} key dates from {len(corpus.documents)} documents -> {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(kd.to_markdown(key_dates))
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


KEYDATES_DESCRIPTION = f"""One record per key date, in the order chosen (best first, a day next to a chosen one waiting in sparse
timelines): date, score, headline (at most {kd.HEADLINE_WORDS}
words, who did what), summary (1-3 central sentences), event_ids, articles, outlets and the mention rows (doc,
sentence, offsets) of the summary sentences. Days are ranked by the articles that refer to them, articles
published a week or more later counting extra (see docs/keydates.md)."""
K_HELP = (f"number of key dates (default: about 2 x the square root of the days spanned, between {kd.K_MIN} and "
          f"{kd.K_MAX}, and no more than the days at least two articles refer to: a week gives 5, a month 11, "
          f"a year 38)")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m timeline", description="Dated events from news articles.",
                                 epilog="Exit codes: 0 done, 1 no article could be read, 2 bad arguments or input, "
                                        f"{EXIT_DAMAGED_DB} the edit database is damaged (truncated or overwritten).")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_build_args(p):
        p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders (.txt, .md, .html)")
        p.add_argument("--cache", metavar="DIR", help="cache folder (default: $TIMELINE_CACHE or ~/.cache/timeline)")
        p.add_argument("--no-cache", action="store_true", help="extract everything again and write no cache")

    p = sub.add_parser("extract", help="extract the events of a corpus into a file")
    add_build_args(p)
    p.add_argument("--out", required=True, metavar="FILE", help="output file: .jsonl, .csv or .parquet "
                   "(a folder of partitioned Parquet with --engine dask)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: start a local cluster)")
    p.add_argument("--workers", type=int, metavar="N", help="processes (local) or workers (local Dask cluster)")
    p.add_argument("--curated", action=argparse.BooleanOptionalAction, default=None,
                   help="apply the analysts' edits (default: on when the folder has an edit database)")
    p.add_argument("--db", metavar="URL", help="edit database URL (default: the folder's .timeline-edits.sqlite)")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("docs", help="list the documents with their publication dates and outlets")
    add_build_args(p)
    p.set_defaults(func=cmd_docs)
    p = sub.add_parser("timex", help="tag time expressions: JSONL {doc, dct, text} in, JSONL timexes out")
    p.add_argument("--in", dest="inp", required=True, metavar="FILE", help="input JSONL ('-' for stdin)")
    p.add_argument("--out", required=True, metavar="FILE", help="output JSONL ('-' for stdout)")
    p.set_defaults(func=cmd_timex)
    p = sub.add_parser("generate", help="make a large realistic corpus from real articles (for benchmarks)")
    p.add_argument("out", metavar="DIR")
    p.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--words", type=int, default=700, help="words per article (default 700)")
    p.add_argument("--from", dest="sources", action="append", default=[], metavar="DIR",
                   help="real articles to draw from (default: the sample and the test fixtures)")
    p.set_defaults(func=cmd_generate)
    from .views import charts

    charts.add_arguments(sub.add_parser("chart", help="a chart for reports (.png, .svg, .pdf or .html), "
                                               "with the dashboard's filters"))
    p = sub.add_parser("keydates", help="the key dates of a corpus, most important first, with headlines and evidence",
                       description=KEYDATES_DESCRIPTION)
    add_build_args(p)
    p.add_argument("--k", type=_positive, metavar="K", help=K_HELP)
    p.add_argument("--start", type=_day, metavar="DATE", help="first day a key date may fall on (YYYY-MM-DD)")
    p.add_argument("--end", type=_day, metavar="DATE", help="last day a key date may fall on (YYYY-MM-DD)")
    p.add_argument("--sentences", type=_positive, metavar="N", help="summary sentences per date (default 1-3)")
    p.add_argument("--out", metavar="FILE", help="output file: .jsonl, .csv or .md (default: Markdown on stdout)")
    p.set_defaults(func=cmd_keydates)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DamagedDatabase as exc:
        print(f"error: {exc}; nothing was written (move the file away, or use --no-curated for the extracted "
              f"events)", file=sys.stderr)
        return EXIT_DAMAGED_DB
    except (UsageError, KnowledgeError, DocumentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
