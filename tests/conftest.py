from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
NEWS = ROOT / "tests" / "fixtures" / "news"

# ------------------------------------------------------------------ the browser (Playwright + Debian's chromium)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
WAIT = 30_000  # ms: the longest any single wait in a page may take


def _chromium_problem() -> str | None:
    if not CHROMIUM.exists():
        return "no /usr/bin/chromium: install Debian's chromium (bash setup.sh --browser)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright)"
    return None


# for tests that drive /usr/bin/chromium with Playwright: skipped, with the reason, when either is missing
needs_chromium = pytest.mark.skipif(_chromium_problem() is not None, reason=str(_chromium_problem()))


@contextmanager
def chromium():
    """A headless chromium driven by Playwright, closed at the end of the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser():
    """One chromium for every test of a module (each test opens its own pages)."""
    with chromium() as b:
        yield b


# ------------------------------------------------------------------ the dashboard served by `streamlit run`

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _streamlit(data: Path, folder: Path, env: dict[str, str | None] | None = None, timeout: float = 30):
    port = free_port()
    environ = dict(os.environ, TIMELINE_DATA=str(data), TIMELINE_CACHE=str(folder / "cache"))
    for key, value in (env or {}).items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    log_path = folder / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
                                 "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                                cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://localhost:{port}"
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"streamlit did not start: {log_path.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def streamlit_server():
    """Starts the dashboard: ``with streamlit_server(data, folder, env=None, timeout=30) as url``.

    ``streamlit run app.py`` on a free port over the articles (or build output) in ``data``, with its cache and
    ``server.log`` in ``folder``; ``env`` adds variables to the server's environment (None removes one). The
    block starts once ``/_stcore/health`` answers (the test fails with the log's end if it does not within
    ``timeout`` seconds) and the server is stopped when it ends."""
    return _streamlit


# ------------------------------------------------------------------ the dashboard run in-process (AppTest)

@pytest.fixture(autouse=True, scope="session")
def _component_scan_once():
    """Streamlit's AppTest looks through every installed distribution for custom components each time a new app
    is made (about a quarter of a second here). The installed packages do not change during a test session:
    the scan is made once and its result reused."""
    if "streamlit" not in sys.modules:  # no test module uses streamlit: not worth importing it
        yield
        return
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # another streamlit: nothing to reuse
        yield
        return
    scan = getattr(manifest_scanner, "scan_component_manifests", None)
    if scan is None:
        yield
        return
    found = scan()
    mp = pytest.MonkeyPatch()
    mp.setattr(manifest_scanner, "scan_component_manifests", lambda *args, **kwargs: list(found))
    yield
    mp.undo()


@pytest.fixture(autouse=True)
def _main_module_kept():
    """Streamlit's script runner (AppTest) installs the script it runs as ``sys.modules["__main__"]`` and leaves
    it there; a later test that starts worker processes with the spawn method would then run app.py in every
    worker. Each test ends with the test process's own main module back in place."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


# ------------------------------------------------------------------ corpora and caches

@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder: nothing leaks between tests or into ~/.cache."""
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def seeds(tmp_path_factory):
    import timeline

    return timeline.build([ARTICLES], cache_dir=tmp_path_factory.mktemp("seed-cache"))


@pytest.fixture(scope="session")
def news(tmp_path_factory):
    import timeline

    return timeline.build([NEWS], cache_dir=tmp_path_factory.mktemp("news-cache"))


@pytest.fixture(scope="session")
def big():
    """100,000 synthetic events, prepared as the dashboard prepares a corpus (read only)."""
    from timeline.bench.synthetic import synthetic_frames
    from timeline.views.view import make_data

    return make_data(*synthetic_frames(100_000))


@pytest.fixture
def corpus_dir(tmp_path):
    """A writable copy of the sample articles."""
    d = tmp_path / "articles"
    shutil.copytree(ARTICLES, d)
    return d
