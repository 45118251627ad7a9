"""Hostile and broken input: generated documents (hypothesis) and a folder of bad files among good ones."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import timeline
from conftest import ARTICLES
from timeline import knowledge
from timeline.extract.boilerplate import segment
from timeline.extract.events import EventFinder
from timeline.extract.records import Document
from timeline.extract.sentences import sentences

FINDER = EventFinder(knowledge.load())

NEWSY = ["Putin", "Mr. Trump", "Zelenskyy", "Deputy Foreign Minister Alexander Grushko", "the Kremlin spokesperson",
         "said", "told reporters", "met", "on Thursday", "Jan. 24", "Dec. 29, 2024", "11/8/2024", "2022", "last month",
         "yesterday", "in November", "at the end of September", "Christmas Day", "three years ago", "the 1990s",
         "spring", "Q3", "every Monday", "he", ".", ",", "—", "\u201c", "\u201d", "(AP Photo/X)", "Subscribe",
         "\n", "\n\n", "date 2025-01-24", "MOSCOW, Feb 10 (Reuters) -", "$27", "50%", "1,200", "May", "march"]
WEIRD = st.characters(blacklist_categories=("Cs",))  # any code point a str can hold: RTL, emoji, marks, controls, NUL


def documents():
    words = st.lists(st.one_of(st.sampled_from(NEWSY), st.text(WEIRD, max_size=12)), max_size=300)
    return st.one_of(
        words.map(" ".join),
        st.text(WEIRD, max_size=2000),
        st.builds(lambda w, n: (w + " ") * n, st.sampled_from(NEWSY), st.integers(1, 2000)),  # long lines
        st.builds(lambda n: "Putin spoke on Jan. 24, 2025 and on Friday. " * n, st.integers(50, 400)),  # many dates
    )


def extract(text: str, anchor: dt.date | None):
    doc = Document("d", "d.txt", text, segment(text), published=anchor)
    return doc, FINDER.events(doc, sentences(doc))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=documents(), anchor=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))))
def test_generated_documents(text, anchor):
    doc, events = extract(text, anchor)
    for e in events:
        for m in e.mentions:
            assert doc.text[m.start:m.end] == m.sentence
            assert m.start <= m.date_start < m.date_end <= m.end
            for a, b, _ in m.actor_spans:
                assert m.start <= a < b <= m.end
        if e.date is not None:
            assert dt.date(1000, 1, 1) <= e.date <= dt.date(2200, 12, 31)
            assert e.date_end is None or e.date_end >= e.date
        if anchor is None and not e.anchored:
            assert e.date is None  # nothing is ever resolved against today
    again = extract(text, anchor)[1]
    assert [(e.date, e.event_type, e.actors, e.mentions[0].start) for e in events] == \
        [(e.date, e.event_type, e.actors, e.mentions[0].start) for e in again]


@pytest.mark.slow
def test_a_folder_of_bad_files_among_good_ones(tmp_path):
    """Each bad file gives one problem line; the good ones all load; time and memory stay bounded."""
    import psutil

    d = tmp_path / "mixed"
    shutil.copytree(ARTICLES, d)
    (d / "empty.txt").write_bytes(b"")
    (d / "scan.txt").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    (d / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    (d / "latin.txt").write_bytes(b"Caf\xe9 na\xefve " * 10 + bytes(range(0x80, 0x100)) * 30)
    (d / "utf16.txt").write_bytes("Putin said on Monday, Jan. 6, 2025, that talks were possible.".encode("utf-16"))
    with (d / "huge.txt").open("wb") as fh:
        fh.write(b"Putin spoke on Monday. " * (50 * 2 ** 20 // 23))   # 50 MB: over the limit
    (d / "oneline.txt").write_text("Putin spoke on Monday about talks " * 150_000, encoding="utf-8")  # 5 M chars
    (d / "nested.html").write_text("<html><body>" + "<div>" * 50_000 + "Putin spoke on Monday." + "</div>" * 50_000
                                   + "</body></html>", encoding="utf-8")
    os.symlink("loop_b.txt", d / "loop_a.txt")
    os.symlink("loop_a.txt", d / "loop_b.txt")
    os.mkfifo(d / "pipe.txt")                              # would block a naive reader forever
    (d / "folder.txt").mkdir()                             # a folder named like an article
    before = psutil.Process().memory_info().rss
    t0 = time.monotonic()
    c = timeline.build([d], cache_dir=tmp_path / "cache", workers=1)
    secs = time.monotonic() - t0
    grown = (psutil.Process().memory_info().rss - before) / 2 ** 20
    lines: dict[str, list[str]] = {}
    for p in c.problems:
        lines.setdefault(os.path.basename(p.file), []).append(p.message)
    for name, words in [("empty.txt", "empty"), ("scan.txt", "PDF"), ("photo.md", "PNG"), ("huge.txt", "too large"),
                        ("loop_a.txt", "link loop"), ("loop_b.txt", "link loop"), ("pipe.txt", "pipe")]:
        assert len(lines.get(name, [])) == 1 and words in lines[name][0], (name, lines.get(name))
    assert "latin.txt" not in lines or len(lines["latin.txt"]) == 1
    assert "nested.html" not in lines or len(lines["nested.html"]) == 1
    assert "folder.txt" not in lines  # a folder is walked into, not read
    assert any("dated events" in m for m in lines.get("oneline.txt", []))  # capped, and said so
    docs = set(c.documents["doc"])
    assert {p.stem for p in ARTICLES.glob("*.txt")} <= docs
    assert {"utf16", "oneline"} <= docs
    assert (c.events["docs"].map(lambda x: "004_818d8616ca24f288" in x)).any()
    assert secs < 120, secs          # bounds: about 30 s on a loaded 2-core machine
    assert grown < 1500, grown       # MB


def _without_root_file_access():
    """For a child process run as root: drop the capabilities that let root read any file, so that file
    permissions apply to it as to any user (a no-op when not root)."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, dropped from the bounding set before exec
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.slow
def test_an_unreadable_file_gives_one_problem_line(tmp_path):
    """A real `extract` run that is not allowed to read one article: one line for it, the others load."""
    import subprocess
    import sys

    d = tmp_path / "mixed"
    shutil.copytree(ARTICLES, d)
    (d / "secret.txt").write_text("date 2025-01-24\n\nPutin said on Monday that talks could start.\n", encoding="utf-8")
    os.chmod(d / "secret.txt", 0)
    out = tmp_path / "events.jsonl"
    run = subprocess.run([sys.executable, "-m", "timeline", "extract", str(d), "--out", str(out), "--cache",
                          str(tmp_path / "cache"), "--workers", "1"], capture_output=True, text=True, timeout=300,
                         preexec_fn=_without_root_file_access)
    assert run.returncode == 0, run.stderr
    lines = [ln for ln in run.stderr.splitlines() if "secret.txt" in ln]
    assert len(lines) == 1 and "cannot read it" in lines[0] and "ermission denied" in lines[0], run.stderr
    docs = {json.loads(ln)["mentions"][0]["doc"] for ln in out.read_text(encoding="utf-8").splitlines()}
    assert "secret" not in docs and "004_818d8616ca24f288" in docs


def test_a_file_removed_during_the_build_gives_one_problem_line(tmp_path):
    """A separate process deletes the last article once the build has started extracting: the build says so
    in one line and loads every other article."""
    import subprocess
    import sys

    d = tmp_path / "many"
    d.mkdir()
    src = sorted(ARTICLES.glob("*.txt"))
    for i in range(8):
        for f in src:
            shutil.copy(f, d / f"{i}_{f.name}")
    last = d / "zz_last.txt"
    shutil.copy(src[-1], last)
    cache = tmp_path / "cache"
    deleter = subprocess.Popen([sys.executable, "-c", (
        "import os, sys, time\n"
        "docs, target = sys.argv[1], sys.argv[2]\n"
        "deadline = time.monotonic() + 120\n"
        "while not (os.path.isdir(docs) and os.listdir(docs)) and time.monotonic() < deadline:\n"
        "    time.sleep(0.002)\n"
        "os.unlink(target)\n"), str(cache / "docs"), str(last)])
    try:
        c = timeline.build([d], cache_dir=cache, workers=1)
    finally:
        assert deleter.wait(timeout=130) == 0
    assert not last.exists()
    lines = [p.message for p in c.problems if os.path.basename(p.file) == "zz_last.txt"]
    assert len(lines) == 1 and "cannot read it" in lines[0] and "No such file" in lines[0], c.problems
    assert "zz_last" not in set(c.documents["doc"])
    assert set(c.documents["doc"]) == {f"{i}_{f.stem}" for i in range(8) for f in src}
    timeline.store.cache.flush(cache)
    again = timeline.build([d], cache_dir=cache, workers=1)  # the file is gone: no line for it any more
    assert not any("zz_last" in p.file for p in again.problems)
    clean = timeline.build([d], use_cache=False, workers=1)
    import pandas as pd

    pd.testing.assert_frame_equal(again.events, clean.events)
