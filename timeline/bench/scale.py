"""Speed and scale figures: extraction against a dateparser baseline, large and incremental builds (1,000 and
10,000 articles), dashboard reruns at 100,000 and 1,000,000 events, and the growth between sizes.

Run through ``python -m timeline.bench`` (all figures, one table) or ``python -m timeline.bench scale``.
Every figure is a median of several runs unless the table says otherwise; memory is the peak resident
size of this process and its children, sampled while the step runs.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..extract.records import iso_day


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    target: str = ""
    baseline: float | None = None
    met: bool | None = None
    note: str = ""

    def cells(self) -> list[str]:
        ratio = f"{self.value / self.baseline:.1f}×" if self.baseline else ""
        return [self.figure, _fmt(self.value, self.unit), self.target,
                _fmt(self.baseline, self.unit) if self.baseline else "", ratio,
                {True: "yes", False: "NO", None: ""}[self.met], self.note]


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return ""
    if unit == "words/s":
        return f"{v:,.0f} words/s"
    if unit == "s":
        return f"{v:.2f} s" if v < 100 else f"{v:.0f} s"
    if unit == "MB":
        return f"{v:,.0f} MB"
    return f"{v:,.2f} {unit}"


class PeakMemory:
    """Peak resident memory (MB) of this process and its children while the block runs."""

    def __init__(self, every: float = 0.02):
        import psutil

        self.proc = psutil.Process()
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()

    def _rss(self) -> float:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except Exception:  # a child that just ended
                pass
        return total / 2 ** 20

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            self._stop.wait(self.every)

    def __enter__(self):
        self.peak = self._rss()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self._rss())


def median_seconds(fn, runs: int, setup=None) -> tuple[float, list[float]]:
    times = []
    for i in range(runs):
        if setup:
            setup(i)
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def machine() -> str:
    import psutil

    return (f"{platform.node() or 'this machine'}: {os.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2 ** 30:.0f} GB memory, Python {platform.python_version()}, "
            f"{platform.machine()}; {iso_day(dt.date.today())}")


def _words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))


def extraction(work: Path, n: int, baseline_n: int, runs: int) -> list[Row]:
    """Files -> events frame on one core, against dateparser.search_dates over the same articles."""
    import dateparser.search

    import timeline
    from .generate import generate

    folder = work / f"gen{n}"
    if not folder.exists():
        generate(folder, n, seed=7)
    words = _words(folder)
    timeline.build([folder], use_cache=False, workers=1)  # warm-up: imports and compiled patterns
    secs, _ = median_seconds(lambda: timeline.build([folder], use_cache=False, workers=1), runs)
    rows = pd.read_csv(folder / "sources.csv").head(baseline_n)
    texts = [((folder / f).read_text(encoding="utf-8"), dt.datetime.fromisoformat(p)) for f, p in
             zip(rows["file"], rows["published"])]
    base_words = sum(len(t.split()) for t, _ in texts)
    dateparser.search.search_dates("He came on Friday, March 22, 2013.", languages=["en"])  # loads its data

    def baseline():
        for text, when in texts:
            dateparser.search.search_dates(text, languages=["en"], settings={"RELATIVE_BASE": when})

    baseline()  # warm-up, as for ours
    base_secs, _ = median_seconds(baseline, runs)
    ours, theirs = words / secs, base_words / base_secs
    return [Row(f"extraction, files -> events, 1 core ({n} articles, {words:,} words)", ours, "words/s",
                ">= 50,000 and >= 6x baseline", theirs, ours >= 50_000 and ours >= 6 * theirs,
                f"baseline: dateparser.search_dates per article ({baseline_n} articles)")]


def large_build(work: Path, n: int, runs: int) -> list[Row]:
    """A cold build on every core, then the cached load and adding one article."""
    import timeline
    from ..store.cache import flush
    from .generate import generate

    folder = work / f"gen{n}"
    if not folder.exists():
        generate(folder, n, seed=11)
    words = _words(folder)
    cache = work / f"cache{n}"
    shutil.rmtree(cache, ignore_errors=True)
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        c = timeline.build([folder], cache_dir=cache)
        cold = time.perf_counter() - t0
        flush(cache)
    rows = [Row(f"cold build, {os.cpu_count()} processes ({n:,} articles, {words:,} words, {len(c.events):,} events)",
                cold, "s", "< 90 s for 10,000" if n >= 10_000 else "", met=cold < 90 if n >= 10_000 else None,
                note=f"{words / cold:,.0f} words/s; 1 run"),
            Row(f"peak memory of that build ({n:,} articles)", mem.peak, "MB",
                "< 2 GB for 10,000" if n >= 10_000 else "", met=mem.peak < 2048 if n >= 10_000 else None,
                note="this process and its workers")]
    load, _ = median_seconds(lambda: timeline.build([folder], cache_dir=cache), runs)
    rows.append(Row(f"unchanged corpus from the cache ({n:,} articles)", load, "s",
                    "< 2 s for 10,000" if n >= 10_000 else "", met=load < 2 if n >= 10_000 else None))
    sample = sorted(folder.glob("*.txt"))

    def add(i):
        flush(cache)
        src = sample[i % len(sample)].read_text(encoding="utf-8")
        (folder / f"zz_added_{i}.txt").write_text(src + f"\n\nAdded on Monday, run {i}.\n", encoding="utf-8")

    one, _ = median_seconds(lambda: timeline.build([folder], cache_dir=cache), runs, setup=add)
    flush(cache)
    for p in folder.glob("zz_added_*.txt"):
        p.unlink()
    rows.append(Row(f"adding one article to {n:,} (re-extracts only it)", one, "s",
                    "< 1 s for 10,000" if n >= 10_000 else "", met=one < 1 if n >= 10_000 else None))
    return rows


def dashboard(n: int, runs: int) -> list[Row]:
    """A filter change and every figure of the Timeline and Actors pages, as the pages call them."""
    from .synthetic import synthetic_frames
    from ..views import figures, query
    from ..views.view import make_data, make_view

    data = make_data(*synthetic_frames(n, seed=3))
    actors = data.options["actors"]
    target, limit = ("< 0.3 s", 0.3) if n <= 100_000 else ("< 1.5 s, < 3 GB", 1.5)

    def rerun(i):
        f = query.Filters(actors=(actors[i % 5],)) if i % 2 else query.Filters(types=("statement", "meeting"))
        view = make_view(data, f)
        timeline_fig = figures.timeline(view.events, lanes="actor", color="type", sides=data.sides,
                                        prefer=view.filters.actors, pairs=view.pairs)
        timeline_fig.to_json()
        return view

    def actors_page(i):
        view = make_view(data, query.Filters(types=("statement",)) if i % 2 else query.Filters())
        for fig in (figures.actor_bars(view.events, pairs=view.pairs),
                    figures.cooccurrence(view.events, data.sides, pairs=view.pairs),
                    figures.actor_heatmap(view.events, pairs=view.pairs),
                    figures.speakers(view.events, pairs=view.pairs)):
            fig.to_json()

    out = []
    for name, fn in (("Timeline", rerun), ("Actors", actors_page)):
        times = []
        with PeakMemory() as mem:
            for i in range(runs):
                t0 = time.perf_counter()
                fn(i)
                times.append(time.perf_counter() - t0)
        secs = statistics.median(times)
        out.append(Row(f"dashboard rerun, {name} page, {n:,} events (filter change + all figures)", secs, "s",
                       target, met=secs < limit and (n <= 100_000 or mem.peak < 3072),
                       note=f"peak {mem.peak:,.0f} MB"))
    return out


def growth(label: str, small: int, large: int, pairs: list[tuple[str, Row, Row]]) -> list[Row]:
    """How each figure grows from the small size to the large one (linear growth is the size ratio)."""
    size = large / small
    return [Row(f"growth {small:,} -> {large:,} {label}: {what}", b.value / a.value, "×",
                f"linear would be {size:.0f}×",
                note=f"{_fmt(a.value, a.unit)} -> {_fmt(b.value, b.unit)}")
            for what, a, b in pairs if a.value > 0]


def run(quick: bool = False, runs: int = 3, work: str | None = None) -> list[Row]:
    base = Path(work) if work else Path(tempfile.gettempdir()) / "timeline-bench"
    base.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    rows += extraction(base, 100 if quick else 400, 20 if quick else 40, runs)
    builds, boards = {}, {}
    for n in ((100, 300) if quick else (1_000, 10_000)):
        builds[n] = large_build(base, n, runs)
        rows += builds[n]
    for n in ((2_000, 20_000) if quick else (100_000, 1_000_000)):
        boards[n] = dashboard(n, runs)
        rows += boards[n]
    (s, b), (ds, db) = sorted(builds), sorted(boards)
    names = ("cold build", "peak memory", "cached load", "adding one article")
    rows += growth("articles", s, b, [(w, x, y) for w, x, y in zip(names, builds[s], builds[b])])
    rows += growth("events", ds, db, [(w, x, y) for w, x, y in zip(("Timeline page", "Actors page"), boards[ds],
                                                                    boards[db])])
    return rows


def table(rows: list[Row]) -> str:
    head = ["figure", "measured", "target", "baseline", "ratio", "met", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)
