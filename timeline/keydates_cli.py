"""The ``keydates`` command: the key dates of a corpus, best first, each with a headline and its evidence.

    python -m timeline keydates INPUT... [--k K] [--start DATE --end DATE] [--out FILE]
    python -m timeline.keydates_cli INPUT... (the same, on its own)
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import keydates as kd

HELP = "the key dates of a corpus, best first, with headlines and evidence"
DESCRIPTION = f"""One record per key date, best first: date, score, headline (at most {kd.HEADLINE_WORDS} words,
who did what), summary (1-3 central sentences), event_ids, articles, outlets and the mention rows (doc,
sentence, offsets) of the summary sentences. Days are ranked by the articles that refer to them, articles
published a week or more later counting extra (see docs/keydates.md)."""
K_HELP = (f"number of key dates (default: about 2 x the square root of the days spanned, between {kd.K_MIN} and "
          f"{kd.K_MAX}, and no more than the days at least two articles refer to: a week gives 5, a month 11, "
          f"a year 38)")


def _date(text: str) -> dt.date:
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


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders (.txt, .md, .html)")
    p.add_argument("--k", type=_positive, metavar="K", help=K_HELP)
    p.add_argument("--start", type=_date, metavar="DATE", help="first day a key date may fall on (YYYY-MM-DD)")
    p.add_argument("--end", type=_date, metavar="DATE", help="last day a key date may fall on (YYYY-MM-DD)")
    p.add_argument("--sentences", type=_positive, metavar="N", help="summary sentences per date (default 1-3)")
    p.add_argument("--out", metavar="FILE", help="output file: .jsonl, .csv or .md (default: Markdown on stdout)")
    p.add_argument("--cache", metavar="DIR", help="cache folder (default: $TIMELINE_CACHE or ~/.cache/timeline)")
    p.add_argument("--no-cache", action="store_true", help="extract everything again and write no cache")
    p.set_defaults(func=cmd_keydates)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``keydates`` subcommand to ``subparsers`` (of ``python -m timeline``)."""
    p = subparsers.add_parser("keydates", help=HELP, description=DESCRIPTION)
    add_arguments(p)
    return p


def cmd_keydates(args: argparse.Namespace) -> int:
    import timeline

    if args.start and args.end and args.start > args.end:
        print(f"error: --start {args.start} is after --end {args.end}", file=sys.stderr)
        return 2
    if args.out and Path(args.out).suffix.lower() not in kd.OUT_FORMATS:
        print(f"error: --out {args.out}: use one of {', '.join(kd.OUT_FORMATS)}", file=sys.stderr)
        return 2
    c = timeline.build(args.inputs, cache_dir=args.cache, use_cache=not args.no_cache)
    for p in c.problems:
        print(str(p), file=sys.stderr)
    if c.documents.empty:
        print("no article could be read from " + ", ".join(map(str, args.inputs)), file=sys.stderr)
        return 1
    kds = kd.key_dates(c, k=args.k, start=args.start, end=args.end, sentences=args.sentences)
    if args.out:
        kd.write(kds, args.out)
        print(f"{len(kds)} key dates from {len(c.documents)} documents -> {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(kd.to_markdown(kds))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m timeline.keydates_cli", description=DESCRIPTION)
    add_arguments(p)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
