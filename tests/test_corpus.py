"""Building a corpus: typed frames, the on-disk cache, sources.csv, and bad files among good ones."""
from __future__ import annotations

import json
import os
import shutil

import pandas as pd
import pytest

import timeline
from conftest import ARTICLES, NEWS


def test_frames_are_typed(seeds):
    ev = seeds.events
    assert str(ev["date"].dtype).startswith("datetime64") and str(ev["date_end"].dtype).startswith("datetime64")
    assert isinstance(ev["event_type"].dtype, pd.CategoricalDtype)
    assert isinstance(ev["precision"].dtype, pd.CategoricalDtype)
    assert all(isinstance(a, list) for a in ev["actors"])
    assert ev["sources"].dtype == "int64" and ev["caption"].dtype == bool
    assert (ev["date_end"].dropna() >= ev.loc[ev["date_end"].notna(), "date"]).all()
    assert ev["event_id"].is_unique
    assert set(seeds.mentions["event_id"]) == set(ev["event_id"])
    assert all(isinstance(s, list) for s in seeds.mentions["actor_spans"])


def test_cache_round_trip_gives_the_same_frames(corpus_dir, tmp_path):
    first = timeline.build([corpus_dir], cache_dir=tmp_path / "c")
    again = timeline.build([corpus_dir], cache_dir=tmp_path / "c")
    assert not first.from_cache and again.from_cache
    pd.testing.assert_frame_equal(first.events, again.events)
    pd.testing.assert_frame_equal(first.mentions, again.mentions)
    pd.testing.assert_frame_equal(first.documents, again.documents)
    assert [str(p) for p in first.problems] == [str(p) for p in again.problems]
    doc = again.document("004_818d8616ca24f288")
    assert doc is not None and "Peskov" in doc.text and doc.blocks


def test_new_article_reextracts_only_itself(corpus_dir, tmp_path):
    cache = tmp_path / "c"
    timeline.build([corpus_dir], cache_dir=cache)
    before = {p.name: p.stat().st_mtime_ns for p in (cache / "docs").iterdir()}
    (corpus_dir / "005_new.txt").write_text(
        "date 2025-02-03\n\nKremlin spokesman Dmitry Peskov said on Monday that no call was planned.\n",
        encoding="utf-8")
    c = timeline.build([corpus_dir], cache_dir=cache)
    after = {p.name: p.stat().st_mtime_ns for p in (cache / "docs").iterdir()}
    assert len(after) == len(before) + 1
    assert all(after[k] == v for k, v in before.items())  # the others were read from the cache, not rewritten
    assert ((c.events["date"] == pd.Timestamp("2025-02-03")) & (c.events["subject"] == "Dmitry Peskov")).any()


def test_corrupt_cache_is_rebuilt(corpus_dir, tmp_path):
    cache = tmp_path / "c"
    first = timeline.build([corpus_dir], cache_dir=cache)
    timeline.store.cache.flush(cache)  # the cache is written in the background
    for p in (cache / "corpus").rglob("*.parquet"):
        p.write_bytes(b"not parquet")
    for p in (cache / "raw").rglob("*.parquet"):
        p.write_bytes(b"not parquet")
    for p in (cache / "docs").iterdir():
        p.write_text("{broken", encoding="utf-8")
    again = timeline.build([corpus_dir], cache_dir=cache)
    assert not again.from_cache
    pd.testing.assert_frame_equal(first.events, again.events)
    warned = [p.message for p in again.problems if "damaged" in p.message]
    assert any("cached build is damaged" in w for w in warned) and any("cached rows are damaged" in w for w in warned)
    third = timeline.build([corpus_dir], cache_dir=cache)  # rebuilt: no warning any more
    assert third.from_cache and not any("damaged" in p.message for p in third.problems)
    doc = again.document("004_818d8616ca24f288")  # its cached copy is damaged: read from the file again
    assert doc is not None and doc.text.startswith("Putin Open to Talks")


def test_sources_csv_gives_dates_outlets_and_titles(corpus_dir, tmp_path):
    (corpus_dir / "sources.csv").write_text(
        "file,published,outlet,url,title\n"
        "002_7990236add324fa1.txt,2024-12-27,Lib Fails,https://example.com/a,Putin ready for talks\n"
        "004_818d8616ca24f288,not a date,,,\n", encoding="utf-8")
    c = timeline.build([corpus_dir], cache_dir=tmp_path / "c")
    doc = c.documents.set_index("doc").loc["002_7990236add324fa1"]
    assert doc["published"] == pd.Timestamp("2024-12-27") and doc["published_source"] == "sources.csv"
    assert doc["outlet"] == "Lib Fails" and doc["title"] == "Putin ready for talks"
    # Now that the article is dated, its relative dates resolve against that date.
    ev = c.events[c.events["docs"].map(lambda d: d == ["002_7990236add324fa1"])]
    assert ev["anchored"].all()
    assert (ev["date"] == pd.Timestamp("2024-12-26")).any()  # "on Thursday" before Friday Dec 27
    assert (ev["date"] == pd.Timestamp("2024-12-25")).any()  # "On Christmas Day"
    jan = ev[ev["date_text"] == "January"]
    assert list(jan["date"]) == [pd.Timestamp("2025-01-01")]  # "prepares for a January trip": a plan
    msgs = [str(p) for p in c.problems]
    assert any("sources.csv" in m and "line 3" in m and "not a date" in m for m in msgs)
    # The bad row falls back to the text's own date.
    assert c.documents.set_index("doc").loc["004_818d8616ca24f288", "published"] == pd.Timestamp("2024-11-08")


def test_bad_files_are_reported_and_the_rest_loads(corpus_dir, tmp_path):
    (corpus_dir / "empty.txt").write_bytes(b"")
    (corpus_dir / "scan.txt").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    (corpus_dir / "latin.txt").write_bytes(bytes(range(128, 256)) * 50)
    (corpus_dir / "notes.md").write_text("Nothing here has a date, nor an actor.\n", encoding="utf-8")
    big = corpus_dir / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(21 * 2 ** 20)
    c = timeline.build([corpus_dir, tmp_path / "missing"], cache_dir=tmp_path / "c")
    msgs = {m.file.rsplit("/", 1)[-1]: m.message for m in c.problems}
    assert "empty" in msgs["empty.txt"]
    assert "PDF" in msgs["scan.txt"]
    assert "too large" in msgs["huge.txt"]
    assert "no such file" in msgs["missing"]
    assert "decodable" in msgs["latin.txt"] or "binary" in msgs["latin.txt"]
    assert "no publication date" in msgs["notes.md"]
    assert {"000_71d70e9661b67c44", "004_818d8616ca24f288", "notes"} <= set(c.documents["doc"])
    assert len(c.events) >= 15


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(f"date 2025-01-0{1 if sub == 'a' else 2}\n\nPutin spoke on "
                                                  f"Monday about {sub}.\n", encoding="utf-8")
    c = timeline.build([tmp_path / "a", tmp_path / "b"], cache_dir=tmp_path / "c")
    assert sorted(c.documents["doc"]) == ["story", "story~2"]


def test_knowledge_change_invalidates_the_cache(corpus_dir, tmp_path):
    know = tmp_path / "know"
    shutil.copytree(timeline.knowledge.PROJECT_DATA, know, ignore=shutil.ignore_patterns("articles"))
    c1 = timeline.build([corpus_dir], cache_dir=tmp_path / "c", knowledge_dir=know)
    assert c1.actors.set_index("actor").loc["Sergey Lavrov", "known"]
    rows = (know / "actors.csv").read_text(encoding="utf-8").splitlines()
    (know / "actors.csv").write_text("\n".join(r for r in rows if not r.startswith("Sergey Lavrov")) + "\n",
                                     encoding="utf-8")
    c2 = timeline.build([corpus_dir], cache_dir=tmp_path / "c", knowledge_dir=know)
    assert not c2.from_cache
    assert not c2.actors.set_index("actor")["known"].get("Sergey Lavrov", False)


def test_parallel_build_equals_serial_build(tmp_path):
    src = sorted(ARTICLES.glob("*.txt")) + sorted(NEWS.glob("*.txt"))
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4):
        for f in src:
            (folder / f"{i}_{f.name}").write_text(f.read_text(encoding="utf-8") + f"\n\nCopy {i}.\n", encoding="utf-8")
    serial = timeline.build([folder], use_cache=False, workers=1)
    parallel = timeline.build([folder], use_cache=False, workers=2)
    assert len(serial.documents) == 4 * len(src)
    pd.testing.assert_frame_equal(serial.events, parallel.events)
    pd.testing.assert_frame_equal(serial.mentions, parallel.mentions)
