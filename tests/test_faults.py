"""Faults in the cache: builds killed with SIGKILL at chosen moments, damaged cache files, concurrent builds.

Every case ends with a build whose frames equal a clean build's (no cache) on the same articles. The builds
that are killed or run concurrently are real `python -m timeline extract` processes.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import timeline
from conftest import ARTICLES, NEWS, ROOT
from timeline import cli
from timeline.store import build as corpus
from timeline.store.cache import flush, locked

FIGURES: list[str] = []  # what each case did, printed at the end of the module (pytest -s)


def _emit(line: str) -> None:
    FIGURES.append(line)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A folder that held the sample articles when ``base`` (a complete cache) was built, and now also holds
    the news fixtures; ``clean`` is a build of its current state without any cache."""
    root = tmp_path_factory.mktemp("faults")
    folder = root / "articles"
    shutil.copytree(ARTICLES, folder)
    base = root / "base"
    timeline.build([folder], cache_dir=base, workers=1)
    flush(base)
    for f in NEWS.glob("*.txt"):
        shutil.copy(f, folder)
    clean = timeline.build([folder], use_cache=False, workers=1)
    reference = root / "reference.jsonl"
    cli.write_events(clean, reference)
    return folder, base, clean, reference, root


def _same(a, b) -> None:
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
    pd.testing.assert_frame_equal(a.documents, b.documents)


def _file_problems(c) -> list[str]:
    return [str(p) for p in c.problems if "cache" not in p.message]


def _cache_warnings(c) -> list[str]:
    return [p.message for p in c.problems if "cache" in p.message]


def _extract(folder: Path, cache: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "timeline", "extract", str(folder), "--out", str(out), "--cache",
                             str(cache), "--workers", "1"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _entries(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def _tmp_files(cache: Path) -> list[str]:
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*.tmp"))


# Moments to kill a build at, each a test over its cache folder (``base`` is the listing it started from).
def _after(seconds):
    return lambda cache, base, t: t >= seconds


def _extracting(cache, base, t):
    return len(_entries(cache / "docs")) > len(base["docs"])


def _writing_raw(cache, base, t):
    return bool(_entries(cache / "raw") - base["raw"] - {"LATEST"})


def _latest_replaced(cache, base, t):
    try:
        return (cache / "raw" / "LATEST").read_bytes() != base["latest"]
    except OSError:
        return False


def _writing_frames(cache, base, t):
    return bool(_entries(cache / "corpus") - base["corpus"])


def _frames_written(cache, base, t):
    return any((cache / "corpus" / n / "problems.json").exists() for n in _entries(cache / "corpus") - base["corpus"])


MOMENTS = [("starting up (0.5 s)", _after(0.5)), ("extracting the new articles", _extracting),
           ("writing the raw rows", _writing_raw), ("after LATEST was replaced", _latest_replaced),
           ("writing the merged frames", _writing_frames), ("after the frames, before stat.json", _frames_written)]


def _listing(cache: Path) -> dict:
    latest = cache / "raw" / "LATEST"
    return {"docs": _entries(cache / "docs"), "raw": _entries(cache / "raw"), "corpus": _entries(cache / "corpus"),
            "latest": latest.read_bytes() if latest.exists() else b""}


@pytest.mark.slow
def test_builds_killed_at_any_moment_leave_a_usable_cache(setup):
    folder, base, clean, _, root = setup
    cases = []
    for start in ("previous", "empty"):
        for name, moment in MOMENTS:
            if start == "empty" and name.startswith("extracting"):
                continue
            cache = root / f"kill-{start}-{len(cases)}"
            if start == "previous":
                shutil.copytree(base, cache)
            else:
                cache.mkdir()
            cases.append({"start": start, "moment": name, "test": moment, "cache": cache,
                          "base": _listing(cache)})
    # Run them three at a time; one loop watches every cache folder and kills each build at its moment.
    pending = list(cases)
    running = []
    while pending or running:
        while pending and len(running) < 3:
            case = pending.pop(0)
            case["proc"] = _extract(folder, case["cache"], case["cache"].parent / f"{case['cache'].name}.jsonl")
            case["t0"] = time.monotonic()
            running.append(case)
        for case in list(running):
            t = time.monotonic() - case["t0"]
            if case["proc"].poll() is not None:
                case["killed_at"] = None
                running.remove(case)
            elif case["test"](case["cache"], case["base"], t):
                case["proc"].send_signal(signal.SIGKILL)
                case["proc"].wait()
                case["killed_at"] = t
                running.remove(case)
            elif t > 120:
                case["proc"].kill()
                pytest.fail(f"{case['moment']}: the build never got there")
        time.sleep(0.001)
    for case in cases:
        case["proc"].stderr.close()
        assert case["killed_at"] is not None, f"{case['start']} / {case['moment']}: finished before the kill"
        left = _tmp_files(case["cache"])
        again = timeline.build([folder], cache_dir=case["cache"], workers=1)
        _same(again, clean)
        assert _file_problems(again) == _file_problems(clean)
        assert not _cache_warnings(again), _cache_warnings(again)  # nothing damaged: a kill leaves complete files
        flush(case["cache"])
        third = timeline.build([folder], cache_dir=case["cache"], workers=1)
        assert third.from_cache and not _cache_warnings(third)
        _same(third, clean)
        _emit(f"SIGKILL {case['start']} cache, {case['moment']}: killed at {case['killed_at']:.2f} s, "
              f"{len(left)} temp file(s) left {left[:3]}; next build "
              f"{'loaded the cache' if again.from_cache else 'rebuilt'} with frames equal to a clean build")


def _corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "flipped":  # one byte changed in the middle: same size, still parses
        mid = len(data) // 2
        path.write_bytes(data[:mid] + bytes([data[mid] ^ 0x55]) + data[mid + 1:])
    else:
        path.write_bytes(how.encode())


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert found, pattern
    return found[0]


# (file, how it is damaged, whether the cached frames must be missed so that the raw rows are read)
DAMAGE = [
    ("corpus/*/events.parquet", "truncated", False),
    ("corpus/*/mentions.parquet", "empty", False),
    ("corpus/*/documents.parquet", "flipped", False),
    ("corpus/*/events.parquet", "flipped", False),
    ("corpus/*/problems.json", "truncated", False),
    ("corpus/*/problems.json", '[["a.txt"]]', False),
    ("corpus/*/problems.json", "{}", False),
    ("raw/*/docs.parquet", "truncated", True),
    ("raw/*/events.parquet", "flipped", True),
    ("raw/LATEST", "truncated", True),
    ("raw/LATEST", "", True),
    ("raw/LATEST", "../../../../../../etc", True),
    ("stat.json", "truncated", False),
    ("stat.json", '{"x": 5, "y": [1]}', False),
    ("stat.json", "[1, 2]", False),
]


@pytest.mark.parametrize("target,how,raw", DAMAGE, ids=[f"{t}-{h[:12]}" for t, h, _ in DAMAGE])
def test_a_damaged_cache_file_is_detected_and_rebuilt(setup, tmp_path, target, how, raw):
    folder, base, clean, _, root = setup
    cache = tmp_path / "c"
    if raw:  # a cache of the earlier state of the folder: its merged frames do not fit, its raw rows are read
        shutil.copytree(base, cache)
    else:
        full = root / "full"
        if not full.exists():
            timeline.build([folder], cache_dir=full, workers=1)
            flush(full)
        shutil.copytree(full, cache)
    path = cache / target if "*" not in target else _one(cache, target)
    _corrupt(path, how)
    again = timeline.build([folder], cache_dir=cache, workers=1)
    _same(again, clean)
    assert _file_problems(again) == _file_problems(clean)
    warned = _cache_warnings(again)
    assert len(warned) == 1 and "damaged" in warned[0], warned
    flush(cache)
    third = timeline.build([folder], cache_dir=cache, workers=1)
    assert third.from_cache and not _cache_warnings(third)
    _same(third, clean)
    _emit(f"damaged {target} ({how[:24]!r}): warned {warned[0]!r}; rebuilt equal to a clean build")


@pytest.mark.slow
def test_concurrent_builds_on_one_cache_folder(setup, tmp_path):
    folder, base, clean, reference, root = setup
    other = tmp_path / "other"  # a second corpus, built into the same cache at the same time
    other.mkdir()
    for f in sorted(NEWS.glob("*.txt"))[:4]:
        shutil.copy(f, other)
    other_clean = timeline.build([other], use_cache=False, workers=1)
    other_ref = tmp_path / "other.jsonl"
    cli.write_events(other_clean, other_ref)
    for start in ("empty", "previous"):
        cache = tmp_path / f"shared-{start}"
        if start == "previous":
            shutil.copytree(base, cache)
        jobs = [(folder, reference), (folder, reference), (other, other_ref)]
        procs = [_extract(f, cache, tmp_path / f"{start}-{i}.jsonl") for i, (f, _) in enumerate(jobs)]
        for i, p in enumerate(procs):
            _, err = p.communicate(timeout=300)
            assert p.returncode == 0, err.decode(errors="replace")
            assert b"Traceback" not in err and b"damaged" not in err, err.decode(errors="replace")
            assert (tmp_path / f"{start}-{i}.jsonl").read_bytes() == jobs[i][1].read_bytes()
        for f, ref in ((folder, clean), (other, other_clean)):
            again = timeline.build([f], cache_dir=cache, workers=1)
            assert not _cache_warnings(again)
            _same(again, ref)
        _emit(f"3 concurrent builds (2 of one corpus, 1 of another) on a {start} cache: all equal to clean builds, "
              f"{len(_tmp_files(cache))} temp files left")


# ------------------------------------------------------------------ the cache's reader/writer lock

HOLDER = """
import sys, time
from pathlib import Path
from timeline.store.cache import locked
with locked(Path(sys.argv[1]), shared=sys.argv[2] == "shared"):
    print("held", flush=True)
    time.sleep(600)
"""


def _holder(cache: Path, mode: str) -> subprocess.Popen:
    """Another process that takes the cache's lock (``shared`` or ``exclusive``) and keeps it until killed."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(cache), mode], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


class _Taker:
    """A thread of this process that takes the cache's lock, holds it until ``release()``."""

    def __init__(self, cache: Path, shared: bool):
        self.got, self.done = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, args=(cache, shared), daemon=True)
        self.thread.start()

    def _run(self, cache: Path, shared: bool) -> None:
        with locked(cache, shared=shared):
            self.got.set()
            self.done.wait(60)

    def holds(self, seconds: float) -> bool:
        return self.got.wait(seconds)

    def release(self) -> None:
        self.done.set()
        self.thread.join(10)


@pytest.mark.slow
def test_a_killed_writer_releases_the_cache_lock(tmp_path):
    cache = tmp_path / "cache"
    writer = _holder(cache, "exclusive")
    try:
        reader = _Taker(cache, shared=True)
        assert not reader.holds(0.5)  # readers wait for the writer
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        assert reader.holds(10)  # the lock went with the killed process
        reader.release()
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.slow
def test_readers_share_the_cache_lock_and_a_writer_waits_for_them(tmp_path):
    cache = tmp_path / "cache"
    other = _holder(cache, "shared")
    try:
        reader = _Taker(cache, shared=True)
        assert reader.holds(10)  # two readers at once
        reader.release()
        writer = _Taker(cache, shared=False)
        assert not writer.holds(0.5)  # a writer waits for the reader
        other.send_signal(signal.SIGKILL)
        other.wait(10)
        assert writer.holds(10)
        writer.release()
    finally:
        other.kill()
        other.wait()


@pytest.mark.slow
def test_threads_of_one_process_wait_for_each_others_writes(tmp_path):
    cache = tmp_path / "cache"
    with locked(cache):
        reader = _Taker(cache, shared=True)
        assert not reader.holds(0.5)
    assert reader.holds(10)
    reader.release()
    with locked(cache, shared=True):
        writer = _Taker(cache, shared=False)
        assert not writer.holds(0.5)
    assert writer.holds(10)
    writer.release()


@pytest.mark.parametrize("lock", ["not a database", "a folder"])
def test_a_cache_whose_lock_cannot_be_taken_is_used_without_it(tmp_path, lock):
    cache = tmp_path / "cache"
    cache.mkdir()
    if lock == "a folder":
        (cache / "lock.sqlite").mkdir()
    else:
        (cache / "lock.sqlite").write_bytes(b"this is not an SQLite database file, just text" * 50)
    with locked(cache, shared=True):
        writer = _Taker(cache, shared=False)
        assert writer.holds(10)  # no lock at all: nothing waits
        writer.release()
    c = timeline.build([ARTICLES], cache_dir=cache, workers=1)
    flush(cache)
    again = timeline.build([ARTICLES], cache_dir=cache, workers=1)
    assert again.from_cache and not _cache_warnings(again)
    _same(again, c)


def teardown_module():
    if FIGURES:
        print("\n" + "\n".join(FIGURES))
