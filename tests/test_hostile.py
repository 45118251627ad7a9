"""Hostile and broken input: generated documents (hypothesis) and a folder of bad files among good ones."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import timeline
from conftest import ARTICLES
from timeline import corpus, knowledge
from timeline.boilerplate import segment
from timeline.events import EventFinder
from timeline.records import Document
from timeline.sentences import sentences

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
    assert len(lines.get("oneline.txt", [])) == 1 and "dated events" in lines["oneline.txt"][0]  # capped, said so
    docs = set(c.documents["doc"])
    assert {p.stem for p in ARTICLES.glob("*.txt")} <= docs
    assert {"utf16", "oneline"} <= docs
    assert (c.events["docs"].map(lambda x: "004_818d8616ca24f288" in x)).any()
    assert secs < 120, secs          # bounds: about 30 s on a loaded 2-core machine
    assert grown < 1500, grown       # MB
