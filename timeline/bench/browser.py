"""What a person waits for in the dashboard, measured in a real browser (headless chromium driven by Playwright).

    python -m timeline.bench browser [--sizes sample,2000,20000,100000events] [--pages timeline,actors]
                                     [--runs 5] [--work DIR] [--record FILE]

For each corpus size the corpus is made (the bundled sample; N generated articles, ``N``; or N synthetic events
written as a build output folder, ``Nevents``), its cache is built, and ``streamlit run app.py`` is started on a
free port with ``TIMELINE_DATA`` pointing at it. Then, per page:

- first load: a new tab opens the page until its chart is drawn and the app is idle (the first tab after the
  server started is reported on its own: it also reads the corpus from the cache);
- filter change: one actor picked in the sidebar, one event type picked, the filters reset: from the click
  until the page's chart is redrawn and the app is idle;
- page switch: a click on the page in the sidebar until its chart is drawn and the app is idle.

"Idle" means the script is not running (streamlit's status widget is gone) and nothing in the main area has
changed for a short quiet period; the time reported is that of the last change, not the end of the quiet
period. Every figure is a median over ``--runs`` repetitions. Besides time, each action reports the bytes the
browser received over the websocket (figure JSON and the other elements) and the server's CPU seconds.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "data" / "articles"
CHROMIUM = Path(os.environ.get("BROWSER_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
QUIET_MS = 500      # nothing changed in the main area for this long: the page is drawn
WAIT_MS = 180_000   # the longest any one action may take before the run is abandoned
TARGETS = {"sample": 0.4, 2000: 0.8, "100000events": 1.5}  # filter change, median seconds
FIRST_TARGET = {2000: 3.0}                                   # first page, median seconds

# What shows that a page is drawn: its first chart (or its table).
DRAWN = {"timeline": ".js-plotly-plot .main-svg", "actors": ".js-plotly-plot .main-svg",
         "events": '[data-testid="stDataFrame"]', "sources": '[data-testid="stDataFrame"]'}
TITLES = {"timeline": "Timeline", "actors": "Actors", "events": "Events", "sources": "Sources"}
VIEW = {"timeline": "chronology", "actors": "actor", "events": "event", "sources": "source"}

# Installed in every page before its scripts run: watches the script state and the main area.
MONITOR = """
(() => {
  const t = window.__tl = {lastMain: 0, idleAt: 0, busySeen: false, start: -1, armed: false};
  const busy = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute('data-test-script-state') : 'initial';
    return !app || state === 'running' || state === 'initial' || state === 'rerunRequested'
      || !!document.querySelector('[data-testid="stStatusWidget"]');
  };
  t.busy = busy;
  let was = true;
  setInterval(() => {
    const b = busy();
    if (b && t.start >= 0) t.busySeen = true;
    if (was && !b) t.idleAt = performance.now();
    was = b;
  }, 5);
  const arm = () => { if (t.armed) { t.armed = false; t.start = performance.now(); t.busySeen = false; } };
  document.addEventListener('pointerdown', arm, true);
  document.addEventListener('keydown', arm, true);
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest('[data-testid="stMain"]')) { t.lastMain = performance.now(); return; }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""

DONE = """([selector, quiet]) => {
  const t = window.__tl;
  if (!t || t.start < 0 || t.busy() || !document.querySelector(selector)) return false;
  // the rerun has not started yet (or it changed nothing on the page: then 2 s without a sign of it end the wait)
  if (!t.busySeen && t.lastMain <= t.start) return performance.now() - t.start > 2000;
  return performance.now() - Math.max(t.lastMain, t.idleAt) > quiet;
}"""


@dataclass
class Sample:
    seconds: float
    received: int = 0      # bytes over the websocket
    server_cpu: float = 0.0
    script: float = 0.0    # seconds the browser spent running JavaScript
    layout: float = 0.0    # seconds the browser spent on style and layout


@dataclass
class Row:
    size: str
    events: int
    page: str
    action: str
    samples: list[Sample] = field(default_factory=list)
    target: float | None = None
    code: str = ""         # which code was measured, when several are compared

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples) if self.samples else float("nan")

    def cells(self) -> list[str]:
        if not self.samples:
            return [self.size, f"{self.events:,}", self.page, self.action, self.code, "–"] + [""] * 6
        kb = statistics.median(s.received for s in self.samples) / 1024
        cpu = statistics.median(s.server_cpu for s in self.samples)
        script = statistics.median(s.script for s in self.samples)
        layout = statistics.median(s.layout for s in self.samples)
        spread = f"{min(s.seconds for s in self.samples):.2f}–{max(s.seconds for s in self.samples):.2f}"
        met = "" if self.target is None else ("yes" if self.median <= self.target else "NO")
        target = "" if self.target is None else f"≤ {self.target:g} s"
        return [self.size, f"{self.events:,}", self.page, self.action, self.code, f"{self.median:.2f} s", spread,
                f"{kb:,.0f} KB", f"{cpu:.2f} s", f"{script:.2f} s", f"{layout:.2f} s", f"{target} {met}".strip()]


ACTIONS = ["first load, new server", "first load", "pick one actor", "reset", "pick one event type", "page switch"]
HEADER = ["corpus", "events", "page", "action", "code", "median", "range", "received", "server CPU", "browser JS",
          "browser layout", "target"]


def table(rows: list[Row]) -> str:
    keep = [i for i, h in enumerate(HEADER) if h != "code" or any(r.code for r in rows)]
    lines = ["| " + " | ".join(HEADER[i] for i in keep) + " |", "|" + "---|" * len(keep)]
    lines += ["| " + " | ".join(r.cells()[i] for i in keep) + " |" for r in rows]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ corpora

class BenchError(RuntimeError):
    """A corpus or server the benchmark could not prepare: the message says which and why."""


def parse_size(text: str) -> str | int:
    text = text.strip().lower()
    if text == "sample":
        return "sample"
    if text.endswith("events") and text[:-6].isdigit():
        return text
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise BenchError(f"unknown corpus size “{text}”: use sample, a number of articles (2000) or of synthetic "
                     f"events (100000events)")


def size_label(size: str | int) -> str:
    if size == "sample":
        return "sample"
    if isinstance(size, int):
        return f"{size:,} articles"
    return f"{int(size[:-6]):,} synthetic events"


def prepare(size: str | int, work: Path) -> tuple[Path, Path, int]:
    """The corpus folder of ``size`` under ``work`` with its cache built: (data folder, cache folder, events)."""
    cache = work / "cache"
    if size == "sample":
        folder = work / "sample"
        if not folder.exists():
            shutil.copytree(SAMPLE, folder)  # the server may write its edit database next to the articles
    elif isinstance(size, int):
        from .generate import generate

        folder = work / f"generated-{size}"
        done = folder / ".complete"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            print(f"generating {size:,} articles…", file=sys.stderr, flush=True)
            generate(folder, size, seed=0)
            done.write_text("ok")
    else:
        return _synthetic(int(size[:-6]), work)
    from ..store.build import build

    t0 = time.perf_counter()
    corpus = build([folder], cache_dir=cache)
    print(f"{size_label(size)}: {len(corpus.events):,} events, cache ready in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr, flush=True)
    return folder, cache, len(corpus.events)


def _synthetic(n: int, work: Path) -> tuple[Path, Path, int]:
    import pandas as pd

    from ..store import output
    from .synthetic import synthetic_frames

    folder = work / f"synthetic-{n}" / "build"
    if not output.is_output(folder):
        ev, me, do, _ = synthetic_frames(n, seed=5)
        do = do.assign(published=pd.NaT, title=do["doc"], outlet="", published_source="", problems=[[]] * len(do))
        output.write(folder, ev, me, do, [])
    return folder, work / "cache", n


# ------------------------------------------------------------------------------------------------ the server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(data: Path, cache: Path, log_path: Path, timeout: float = 60, root: Path = ROOT):
    """``streamlit run app.py`` (of the code in ``root``) over ``data``: yields (url, process id); stopped at
    the end."""
    port = _free_port()
    env = dict(os.environ, TIMELINE_DATA=str(data), TIMELINE_CACHE=str(cache))
    env.pop("TIMELINE_DB_URL", None)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.headless",
                                 "true", "--server.port", str(port), "--browser.gatherUsageStats", "false",
                                 "--server.fileWatcherType", "none"],
                                cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://localhost:{port}"
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = log_path.read_text(errors="replace")[-1500:]
                    raise BenchError(f"streamlit did not start over {data} (log {log_path}):\n{tail}")
                time.sleep(0.2)
            yield url, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------------------------ the browser

class Tab:
    """One browser tab on the dashboard, with the monitor installed and the websocket bytes counted."""

    def __init__(self, browser, url: str, pid: int):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.add_init_script(MONITOR)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.url, self.pid, self.received = url, pid, 0
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("websocket", self._socket)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")

    def _metrics(self) -> tuple[float, float]:
        m = {x["name"]: x["value"] for x in self.cdp.send("Performance.getMetrics")["metrics"]}
        return m.get("ScriptDuration", 0.0), m.get("LayoutDuration", 0.0) + m.get("RecalcStyleDuration", 0.0)

    def _socket(self, ws) -> None:
        ws.on("framereceived", lambda payload: self._count(payload))

    def _count(self, payload) -> None:
        self.received += len(payload)

    def close(self) -> None:
        self.context.close()

    def _finish(self, selector: str, received: int, cpu: float, browser: tuple[float, float]) -> Sample:
        self.page.wait_for_function(DONE, arg=[selector, QUIET_MS], timeout=WAIT_MS, polling=50)
        t = self.page.evaluate("() => [window.__tl.start, window.__tl.lastMain, window.__tl.idleAt]")
        start, last, idle = t
        last, idle = max(last, start), max(idle, start)  # nothing changed after the action: no wait at all
        script, layout = self._metrics()
        return Sample(max(last, idle) - start, self.received - received, _cpu(self.pid) - cpu,
                      script - browser[0], layout - browser[1])

    def open(self, page: str) -> Sample:
        """Open ``page`` in this tab: navigation start to drawn and idle."""
        received, cpu = self.received, _cpu(self.pid)
        self.page.goto(f"{self.url}/?view={VIEW[page]}", wait_until="commit")
        self.page.evaluate("() => { window.__tl.start = 0; }")
        s = self._finish(DRAWN[page], received, cpu, (0.0, 0.0))
        s.seconds /= 1000
        return s

    def _timed(self, page: str, act) -> Sample:
        self.page.evaluate("() => { window.__tl.armed = true; window.__tl.start = -1; }")
        received, cpu, browser = self.received, _cpu(self.pid), self._metrics()
        act()
        s = self._finish(DRAWN[page], received, cpu, browser)
        s.seconds /= 1000
        return s

    def _pick(self, label: str, page: str, nth: int) -> Sample | None:
        box = self.page.get_by_role("combobox", name=label)
        box.click()
        options = self.page.get_by_role("option")
        try:
            options.first.wait_for(timeout=10_000)
        except Exception:
            self.page.keyboard.press("Escape")
            return None  # no choices (a corpus without event types, say)
        option = options.nth(nth % options.count())  # of the options drawn (the list is virtual)
        s = self._timed(page, option.click)
        self.page.keyboard.press("Escape")
        return s

    def pick_actor(self, page: str, nth: int = 0) -> Sample | None:
        """Pick the ``nth`` actor of the list (most frequent first)."""
        return self._pick("Actors", page, nth)

    def pick_type(self, page: str, nth: int = 0) -> Sample | None:
        return self._pick("Event types", page, nth)

    def reset(self, page: str) -> Sample:
        button = self.page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Reset filters")
        return self._timed(page, button.click)

    def switch(self, page: str) -> Sample:
        link = self.page.locator('[data-testid="stSidebarNav"] a', has_text=TITLES[page]).first
        return self._timed(page, link.click)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise BenchError(f"no chromium at {CHROMIUM}: install Debian's chromium (bash setup.sh --browser) or set "
                         f"BROWSER_PATH")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def measure(size: str | int, pages: list[str], runs: int, work: Path,
            codes: list[tuple[str, Path]] | None = None) -> list[Row]:
    """Every figure of one corpus size, ``runs`` times each. With several ``codes`` (name, source folder with its
    app.py), one server per code is started and their rounds alternate, so that each is measured under the same
    load of the machine."""
    data, cache, n_events = prepare(size, work)
    codes = codes or [("", ROOT)]
    label = size_label(size)
    key = "100000events" if size == f"{100_000}events" else size
    rows: dict[tuple[str, str, str], Row] = {}

    def add(code: str, page: str, action: str, sample: Sample | None, target: float | None = None) -> None:
        row = rows.setdefault((page, action, code), Row(label, n_events, page, action, target=target, code=code))
        if sample is not None:
            row.samples.append(sample)

    with ExitStack() as stack:
        browser = stack.enter_context(chromium())
        servers = []
        for name, root in codes:
            log = work / f"server-{size}{'-' + name.replace(' ', '-') if name else ''}.log"
            url, pid = stack.enter_context(server(data, cache, log, root=root))
            servers.append((name, url, pid))
            tab = Tab(browser, url, pid)
            add(name, pages[0], "first load, new server", tab.open(pages[0]))
            tab.close()
        for page in pages:
            for run in range(runs):
                for name, url, pid in servers:
                    tab = Tab(browser, url, pid)
                    add(name, page, "first load", tab.open(page), FIRST_TARGET.get(key))
                    # another actor and type in each round and page: filters no session has asked for yet, whose
                    # figures and key dates are not in the server's caches
                    nth = run + runs * pages.index(page)
                    add(name, page, "pick one actor", tab.pick_actor(page, nth), TARGETS.get(key))
                    add(name, page, "reset", tab.reset(page), TARGETS.get(key))
                    add(name, page, "pick one event type", tab.pick_type(page, nth), TARGETS.get(key))
                    add(name, page, "reset", tab.reset(page), TARGETS.get(key))
                    others = [p for p in pages if p != page] or [p for p in TITLES if p != page][:1]
                    tab.switch(others[0])
                    add(name, page, "page switch", tab.switch(page))
                    if tab.errors:
                        raise BenchError(f"errors in the page ({label}, {page}, {name or 'code'}): {tab.errors[:3]}")
                    tab.close()
    return sorted(rows.values(), key=lambda r: (pages.index(r.page), ACTIONS.index(r.action),
                                                [c for c, _ in codes].index(r.code)))


def machine() -> str:
    import psutil

    return (f"{platform.node()} · {os.cpu_count()} cores · {psutil.virtual_memory().total / 2 ** 30:.0f} GB · "
            f"Python {platform.python_version()} · load {os.getloadavg()[0]:.1f} · "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def cmd_browser(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the server and the browser are closed too
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        pages = [p.strip() for p in args.pages.split(",") if p.strip()]
        unknown = [p for p in pages if p not in DRAWN]
        if unknown:
            raise BenchError(f"unknown page “{unknown[0]}”: choose among {', '.join(DRAWN)}")
        codes = None
        if args.baseline:
            base = Path(args.baseline).resolve()
            if not (base / "app.py").is_file():
                raise BenchError(f"--baseline {args.baseline}: no app.py in that folder")
            codes = [("baseline", base), ("this code", ROOT)]
        work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="timeline-browser-"))
        work.mkdir(parents=True, exist_ok=True)
        head = machine()
        print(head, flush=True)
        rows: list[Row] = []
        for size in sizes:
            rows += measure(size, pages, args.runs, work, codes)
            print(table(rows), flush=True)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = table(rows)
    print(text)
    if args.record:
        path = Path(args.record)
        old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
        path.write_text(old.rstrip() + f"\n\n## In the browser: {head}\n\n`python -m timeline.bench browser "
                        f"--sizes {args.sizes} --runs {args.runs}`\n\n{text}\n", encoding="utf-8")
    return 0 if all(r.target is None or r.median <= r.target for r in rows if r.samples) else 1


def add_parser(sub) -> None:
    p = sub.add_parser("browser", help="what a person waits for, measured in headless chromium",
                       description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="sample,2000,20000,100000events",
                   help="comma-separated corpora: sample, N generated articles, N synthetic events (Nevents)")
    p.add_argument("--pages", default="timeline,actors", help="comma-separated pages: " + ", ".join(DRAWN))
    p.add_argument("--runs", type=int, default=5, help="repetitions per figure (median)")
    p.add_argument("--work", help="folder for the corpora, their cache and the server logs (kept; reused when "
                                  "given again)")
    p.add_argument("--baseline", metavar="DIR", help="another checkout of the project (e.g. `git archive main | tar "
                                                    "-x -C DIR`): measured too, its rounds alternating with this "
                                                    "code's, so both see the same load of the machine")
    p.add_argument("--record", metavar="FILE", help="append the table to FILE (e.g. docs/benchmarks.md)")
    p.set_defaults(func=cmd_browser)
