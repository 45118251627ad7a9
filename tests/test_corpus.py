"""Building a corpus: typed frames, the on-disk cache, sources.csv, and bad files among good ones."""
from __future__ import annotations

import json
import os
import shutil

import pandas as pd
import pytest

import timeline
from conftest import ARTICLES, NEWS
from timeline.store import cache


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


@pytest.mark.slow
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


@pytest.mark.slow
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


# ------------------------------------------------------------------ code versions in the cache keys

@pytest.fixture
def package_copy(tmp_path):
    """A copy of the package's code, to change without touching the real files."""
    root = tmp_path / "timeline"
    shutil.copytree(cache.PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return root


def _versions(root):
    return cache.code_version(cache.EXTRACTOR_PARTS, root), cache.code_version(cache.MERGE_PARTS, root)


def _timex_file(root):
    folder = root / "timex"
    return sorted(folder.rglob("*.py"))[0] if folder.is_dir() else root / "timex.py"


@pytest.mark.parametrize("where", ["extract/events.py", "extract/records.py", "extract/article.py",
                                   "knowledge/files.py", "store/frames.py", "timex"])
def test_one_byte_in_an_extractor_file_changes_the_code_version(package_copy, where):
    assert _versions(package_copy) == (cache.CODE_VERSION, cache.MERGE_VERSION)
    path = _timex_file(package_copy) if where == "timex" else package_copy / where
    original = path.read_bytes()
    path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    extractor, merger = _versions(package_copy)
    assert extractor != cache.CODE_VERSION
    assert (merger != cache.MERGE_VERSION) == (where == "store/frames.py")  # frames also type the merged rows
    path.write_bytes(original)
    assert _versions(package_copy) == (cache.CODE_VERSION, cache.MERGE_VERSION)


def test_files_added_later_to_an_extractor_folder_count(package_copy):
    (package_copy / "extract" / "new_stage.py").write_text("WORDS = ()\n", encoding="utf-8")
    assert _versions(package_copy)[0] != cache.CODE_VERSION
    (package_copy / "extract" / "new_stage.py").unlink()
    (package_copy / "knowledge" / "world.csv").write_text("name\n", encoding="utf-8")
    assert _versions(package_copy)[0] != cache.CODE_VERSION


def test_merge_code_changes_only_the_merge_version_where_it_decides_only_merging(package_copy):
    build = package_copy / "store" / "build.py"
    build.write_text(build.read_text(encoding="utf-8") + "\n# merged differently\n", encoding="utf-8")
    extractor, merger = _versions(package_copy)
    assert extractor == cache.CODE_VERSION and merger != cache.MERGE_VERSION
    merge = package_copy / "extract" / "merge.py"  # also fingerprints each article's sentences: both change
    merge.write_text(merge.read_text(encoding="utf-8") + "\n# merged differently\n", encoding="utf-8")
    assert _versions(package_copy)[0] != cache.CODE_VERSION


def test_views_and_compiled_files_do_not_change_the_code_versions(package_copy):
    figures = package_copy / "views" / "figures.py"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n# drawn differently\n", encoding="utf-8")
    (package_copy / "extract" / "__pycache__").mkdir()
    (package_copy / "extract" / "__pycache__" / "events.cpython-311.pyc").write_bytes(b"compiled")
    assert _versions(package_copy) == (cache.CODE_VERSION, cache.MERGE_VERSION)


def test_a_missing_part_is_an_error_not_an_empty_hash(package_copy):
    with pytest.raises(FileNotFoundError):
        cache.code_version(["extract/no_such_stage.py"], package_copy)
