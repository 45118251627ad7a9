"""Key dates against journalists' timelines (the timeline-summarization protocol of Timeline17).

    python -m timeline.bench keydates DIR [--fit] [--out FILE.jsonl]
    python -m timeline.bench keydates ARTICLES --scale     # seconds of key_dates on a (cached) corpus

DIR holds topics, each a folder with ``articles/`` (one article per file, its publication date readable by
the project, e.g. a ``date YYYY-MM-DD`` first line) and ``reference_*.json`` timelines
(``[{"date": "YYYY-MM-DD", "text": "..."}]``). Each reference timeline is one task: the input is the
topic's articles published between the reference's first and last date; the output has exactly as many dates
as the reference (k) and, per date, about as many sentences as the reference has on average.

Scores, per task and on average:
    Date-F1     exact date matches / k (precision = recall, since both sides have k dates)
    PubCount    Date-F1 of the baseline in the same run: days ranked by articles published that day
    R1, R2      ROUGE-1 and ROUGE-2 F (rouge-score, Porter stemming) of the whole timeline's summaries,
                concatenated, against the reference's text, concatenated
    seconds     time of :func:`timeline.views.keydates.key_dates` on the task

Each topic is built once (cached) and the frames are cut per task by publication date. ``--fit`` also grid-
searches the ranking weights on the tasks, on all of them and leaving one topic out at a time.

``--scale`` times :func:`timeline.views.keydates.key_dates` on one corpus instead (e.g. 10,000 generated
articles: ``python -m timeline generate /tmp/gen10k --n 10000 --seed 1``): the build is loaded from the cache
first, then each k is run ``--runs`` times; wall-clock and CPU seconds (the CPU figure is what a machine other
processes do not share would take), against ``SCALE_TARGET`` seconds.
"""
from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..views import keydates as kd

SCALE_TARGET = 5.0   # seconds of key_dates on 10,000 cached articles
GRID = {"w_later": (0.0, 0.25, 0.5, 1.0), "w_published": (0.0, 0.25, 0.5, 1.0), "w_outlets": (0.0, 0.25, 0.5),
        "sparse_days": (0, 3, 7, 14)}   # 0: neighbouring days never kept apart


@dataclass
class Task:
    topic: str
    name: str
    dates: list[str]
    texts: dict[str, str]
    frames: tuple
    sentences: int

    @property
    def k(self) -> int:
        return len(self.dates)


def load_reference(path: Path) -> dict[str, str]:
    """A reference timeline as {date: text} (texts of a repeated date joined)."""
    out: dict[str, str] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        day = str(item["date"])[:10]
        out[day] = (out.get(day, "") + " " + str(item.get("text", ""))).strip()
    return dict(sorted(out.items()))


def sentences_per_date(texts: dict[str, str]) -> int:
    from ..extract.sentences import split

    counts = [len(split(t)) or 1 for t in texts.values()]
    return max(1, round(statistics.mean(counts))) if counts else 1


def cut(frames: tuple, start: str, end: str) -> tuple:
    """The frames restricted to the articles published in [start, end]."""
    events, mentions, documents = frames
    pub = pd.to_datetime(documents["published"]).dt.floor("D")
    docs = documents[(pub >= pd.Timestamp(start)) & (pub <= pd.Timestamp(end))]
    keep = set(docs["doc"].astype(str))
    me = mentions[mentions["doc"].astype(str).isin(keep)]
    ev = events[events["event_id"].isin(set(me["event_id"]))]
    return ev, me, docs


def load_tasks(root: Path, workers: int | None = None, log=print) -> list[Task]:
    import timeline

    tasks = []
    for topic in sorted(p for p in root.iterdir() if (p / "articles").is_dir()):
        t0 = time.perf_counter()
        c = timeline.build([topic / "articles"], workers=workers)
        log(f"# {topic.name}: {len(c.documents)} articles, {len(c.events)} events, built in "
            f"{time.perf_counter() - t0:.1f} s ({len(c.problems)} problems)")
        frames = (c.events, c.mentions, c.documents)
        for ref in sorted(topic.glob("reference_*.json"), key=lambda p: (len(p.name), p.name)):
            texts = load_reference(ref)
            if not texts:
                continue
            dates = list(texts)
            tasks.append(Task(topic.name, f"{topic.name}/{ref.stem}", dates, texts,
                              cut(frames, dates[0], dates[-1]), sentences_per_date(texts)))
    return tasks


def pubcount(documents: pd.DataFrame, k: int, start: str, end: str) -> list[str]:
    """The PubCount baseline: the k days in [start, end] with most articles published (ties: earlier day)."""
    pub = pd.to_datetime(documents["published"]).dt.floor("D")
    pub = pub[(pub >= pd.Timestamp(start)) & (pub <= pd.Timestamp(end))]
    counts = pub.value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [d.date().isoformat() for d, _ in order[:k]]


def pad(days: list[str], k: int, fallback: list[str]) -> list[str]:
    """``days`` filled up to k from ``fallback`` (the protocol asks for exactly k dates)."""
    out = list(days)
    for d in fallback:
        if len(out) >= k:
            break
        if d not in out:
            out.append(d)
    return out[:k]


def date_f1(predicted: list[str], gold: list[str]) -> float:
    """Exact date matches over the reference's size (both sides have k dates: F1 = precision = recall)."""
    return len(set(predicted) & set(gold)) / len(gold) if gold else 0.0


def _rouge():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def concat_rouge(scorer, predicted: dict[str, str], reference: dict[str, str]) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 F of all summaries against all reference text, each concatenated by date."""
    sys_text = " ".join(predicted[d] for d in sorted(predicted))
    ref_text = " ".join(reference[d] for d in sorted(reference))
    s = scorer.score(ref_text, sys_text)
    return s["rouge1"].fmeasure, s["rouge2"].fmeasure


def run_task(task: Task, scorer, **weights) -> dict:
    start, end = task.dates[0], task.dates[-1]
    t0 = time.perf_counter()
    kds = kd.key_dates(task.frames, k=task.k, start=start, end=end, sentences=task.sentences, **weights)
    secs = time.perf_counter() - t0
    base = pubcount(task.frames[2], task.k, start, end)
    ours = pad([x.date for x in kds], task.k, base)
    r1, r2 = concat_rouge(scorer, {x.date: x.summary for x in kds}, task.texts)
    return {"task": task.name, "k": task.k, "f1": date_f1(ours, task.dates), "pubcount": date_f1(base, task.dates),
            "r1": r1, "r2": r2, "seconds": secs, "padded": task.k - len(kds),
            "keydates": [x.to_dict() for x in kds]}


def table(rows: list[dict]) -> str:
    head = f"| {'timeline':<22} | {'k':>4} | {'Date-F1':>7} | {'PubCount':>8} | {'ratio':>5} | {'R1':>5} | {'R2':>5} | {'s':>5} |"
    lines = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]

    def ratio(a, b):
        return f"{a / b:5.2f}" if b else "  inf"

    for r in rows:
        lines.append(f"| {r['task']:<22} | {r['k']:>4} | {r['f1']:7.3f} | {r['pubcount']:8.3f} | "
                     f"{ratio(r['f1'], r['pubcount'])} | {r['r1']:5.3f} | {r['r2']:5.3f} | {r['seconds']:5.2f} |")
    if rows:
        m = {c: statistics.mean(r[c] for r in rows) for c in ("f1", "pubcount", "r1", "r2", "seconds")}
        lines.append(f"| {'average':<22} | {'':>4} | {m['f1']:7.3f} | {m['pubcount']:8.3f} | "
                     f"{ratio(m['f1'], m['pubcount'])} | {m['r1']:5.3f} | {m['r2']:5.3f} | {m['seconds']:5.2f} |")
    return "\n".join(lines)


# ------------------------------------------------------------------ fitting the ranking weights

def _signal_tables(tasks: list[Task]) -> list[tuple[Task, pd.DataFrame, list[str], int]]:
    out = []
    for t in tasks:
        sig = kd.date_signals(t.frames, t.dates[0], t.dates[-1])
        span = kd.span_of(sig, t.frames[2], t.dates[0], t.dates[-1])
        out.append((t, sig, pubcount(t.frames[2], t.k, t.dates[0], t.dates[-1]), span))
    return out


def _f1_with(tables, weights: dict) -> dict[str, float]:
    """Date-F1 per task of the ranking with ``weights`` (and ``sparse_days``: the spacing below which
    neighbouring days are kept apart, 0 for never; the shipped rule when absent)."""
    weights = dict(weights)
    sparse_days = weights.pop("sparse_days", kd.SPARSE_DAYS)
    res = {}
    for t, sig, base, span in tables:
        ranked = kd.rank_days(sig, **weights)
        spread = bool(sparse_days) and span / t.k >= sparse_days
        days = [d.date().isoformat() for d in kd.select_days(ranked, t.k, spread).index]
        res[t.name] = date_f1(pad(days, t.k, base), t.dates)
    return res


def fit(tasks: list[Task], grid: dict = GRID) -> dict:
    """Grid search of the weights maximizing mean Date-F1: on all tasks, and per held-out topic (fitted on
    the other topics, scored on the held-out one)."""
    tables = _signal_tables(tasks)
    combos = [dict(zip(grid, vals)) for vals in itertools.product(*grid.values())]
    scores = [(w, _f1_with(tables, w)) for w in combos]

    def best(names: set[str]):
        # ties: the simplest weights (smallest sum of the signal weights), then the grid's order
        return max(scores, key=lambda ws: (statistics.mean(ws[1][n] for n in names),
                                           -sum(v for g, v in ws[0].items() if g.startswith("w_"))))[0]

    all_names = {t.name for t in tasks}
    out = {"all": best(all_names), "all_f1": statistics.mean(_f1_with(tables, best(all_names)).values()),
           "current": statistics.mean(_f1_with(tables, {}).values()), "loto": {}}
    topics = sorted({t.topic for t in tasks})
    for held in topics:
        train = {t.name for t in tasks if t.topic != held}
        test = {t.name for t in tasks if t.topic == held}
        if not train:
            continue
        w = best(train)
        f = _f1_with(tables, w)
        fixed = _f1_with(tables, {})
        out["loto"][held] = {"weights": w, "f1": statistics.mean(f[n] for n in test),
                             "f1_current": statistics.mean(fixed[n] for n in test),
                             "pubcount": statistics.mean(date_f1(b, t.dates) for t, _, b, _ in tables
                                                         if t.name in test),
                             "tasks": {n: f[n] for n in sorted(test)}}
    held_out = [v for r in out["loto"].values() for v in r["tasks"].values()]
    if held_out:  # every timeline scored with weights fitted without its topic
        out["loto_f1"] = statistics.mean(held_out)
        out["loto_pubcount"] = statistics.mean(date_f1(b, t.dates) for t, _, b, _ in tables
                                               if t.topic in out["loto"])
    return out


# ------------------------------------------------------------------ speed on a large corpus

def scale(root: Path, ks=(None, 100), runs: int = 3, workers: int | None = None, log=print) -> list[dict]:
    """Seconds of ``key_dates`` on the corpus under ``root`` for each k (None: the default k), the median
    and best of ``runs``, wall-clock and CPU."""
    import timeline

    t0 = time.perf_counter()
    c = timeline.build([root], workers=workers)
    log(f"# {root}: {len(c.documents):,} articles, {len(c.events):,} events, {len(c.mentions):,} mentions, "
        f"built or loaded in {time.perf_counter() - t0:.1f} s")
    rows = []
    for k in ks:
        wall, cpu, n = [], [], 0
        for _ in range(max(1, runs)):
            w0, c0 = time.perf_counter(), time.process_time()
            n = len(kd.key_dates(c, k=k))
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
        rows.append({"k": "default" if k is None else k, "dates": n, "wall": statistics.median(wall),
                     "wall_best": min(wall), "cpu": statistics.median(cpu), "cpu_best": min(cpu)})
    return rows


def scale_table(rows: list[dict]) -> str:
    lines = [f"| k | dates | wall s (median, best) | CPU s (median, best) | under {SCALE_TARGET:g} s |",
             "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['k']} | {r['dates']} | {r['wall']:.2f}, {r['wall_best']:.2f} | {r['cpu']:.2f}, "
                     f"{r['cpu_best']:.2f} | {'yes' if r['cpu'] < SCALE_TARGET else 'NO'} |")
    return "\n".join(lines)


# ------------------------------------------------------------------ command line

def add_parser(sub) -> None:
    """The ``keydates`` subcommand of ``python -m timeline.bench``."""
    p = sub.add_parser("keydates", help="key dates against journalists' timelines (Date-F1, ROUGE)",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("root", metavar="DIR", help="folder of topics (each with articles/ and reference_*.json)")
    p.add_argument("--fit", action="store_true", help="also grid-search the ranking weights (leave-one-topic-out)")
    p.add_argument("--out", metavar="FILE", help="write every task's key dates and scores as JSONL")
    p.add_argument("--workers", type=int, help="extraction processes for the builds (default: one per core)")
    p.add_argument("--scale", action="store_true",
                   help="DIR is one corpus of articles: time key_dates on it (default k and k=100)")
    p.add_argument("--runs", type=int, default=3, help="runs per k with --scale (default 3; the median is shown)")
    p.set_defaults(func=cmd_keydates)


def cmd_keydates(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not root.is_dir():
        print(f"{root}: not a folder", file=sys.stderr)
        return 2
    if getattr(args, "scale", False):
        print(scale_table(scale(root, runs=args.runs, workers=args.workers)))
        return 0
    tasks = load_tasks(root, workers=args.workers)
    if not tasks:
        print(f"no topic with articles/ and reference_*.json under {root}", file=sys.stderr)
        return 2
    scorer = _rouge()
    rows = [run_task(t, scorer) for t in tasks]
    print(f"weights: w_later={kd.W_LATER} w_published={kd.W_PUBLISHED} w_outlets={kd.W_OUTLETS} "
          f"(later = at least {kd.LATER_DAYS} days after); neighbouring days kept apart when there are fewer "
          f"dates than one per {kd.SPARSE_DAYS} days")
    print(table(rows))
    padded = sum(r["padded"] for r in rows)
    if padded:
        print(f"({padded} dates padded from PubCount where fewer than k days were referred to)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.fit:
        f = fit(tasks)
        print(f"\nfit on all tasks: {f['all']} -> Date-F1 {f['all_f1']:.3f} (current weights {f['current']:.3f})")
        print("leave one topic out (weights fitted on the other topics):")
        for held, r in f["loto"].items():
            print(f"  {held:<12} fitted {r['weights']} -> {r['f1']:.3f}; current weights {r['f1_current']:.3f}; "
                  f"PubCount {r['pubcount']:.3f}")
            print("    " + ", ".join(f"{n} {v:.3f}" for n, v in r["tasks"].items()))
        if "loto_f1" in f:
            ratio = f["loto_f1"] / f["loto_pubcount"] if f["loto_pubcount"] else float("inf")
            print(f"leave one topic out, per timeline: Date-F1 {f['loto_f1']:.3f}, PubCount {f['loto_pubcount']:.3f} "
                  f"({ratio:.2f}x)")
    return 0

