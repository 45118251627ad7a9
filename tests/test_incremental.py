"""Adding articles to a cached corpus merges only the events the new rows join, and gives what a full merge of
every row gives, event for event."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

import timeline
from timeline.store import build as corpus
from timeline.store.cache import flush
from conftest import ARTICLES, NEWS


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    for f in sorted(ARTICLES.glob("*.txt")) + sorted(NEWS.glob("*.txt")):
        shutil.copy(f, d / f.name)
    return d


def _built_both_ways(folder, cache, monkeypatch, from_disk=False):
    """The build of ``folder`` on a copy of ``cache``: merged onto the last build (when it can be; its frames
    kept in memory, or read back from the cache), and merged in full from every row. Also says whether the
    first was merged incrementally."""
    flush(cache)
    if from_disk:
        corpus._LAST.clear()
    full_cache = cache.with_name(cache.name + "-full")
    shutil.rmtree(full_cache, ignore_errors=True)
    shutil.copytree(cache, full_cache)
    real = corpus._assemble_onto
    used = []

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        used.append(out is not None)
        return out

    monkeypatch.setattr(corpus, "_assemble_onto", spy)
    incremental = timeline.build([folder], cache_dir=cache)
    monkeypatch.setattr(corpus, "_assemble_onto", lambda *args, **kwargs: None)
    full = timeline.build([folder], cache_dir=full_cache)
    monkeypatch.setattr(corpus, "_assemble_onto", real)
    flush()
    return incremental, full, used == [True]


def _assert_same(a, b):
    assert len(a.events) and len(a.mentions)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


def _add(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_new_articles_merge_like_a_full_merge(folder, tmp_path, monkeypatch):
    cache = tmp_path / "c"
    first = timeline.build([folder], cache_dir=cache)
    peskov = first.events[first.events["subject"] == "Dmitry Peskov"]
    assert len(peskov)
    # A new story that reports an event already in the corpus (and new ones), then one that sorts first,
    # then a copy of an existing article with a sentence more (it shares most sentences with it).
    _add(folder, "zz_new.txt", "date 2025-02-03\n\nKremlin spokesman Dmitry Peskov said on Monday that no call "
                               "was planned. Putin met Lukashenko in Minsk on Sunday.\n")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch)
    assert incremental
    _assert_same(inc, full)
    assert len(inc.documents) == len(first.documents) + 1
    _add(folder, "000_first.txt", "date 2024-11-09\n\nPutin said on Friday that he was ready to talk to Trump.\n")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch, from_disk=True)
    assert incremental
    _assert_same(inc, full)
    src = sorted(NEWS.glob("*.txt"))[0]
    _add(folder, "zz_copy.txt", src.read_text(encoding="utf-8") + "\n\nSergey Lavrov spoke to Rubio on Tuesday.\n")
    inc, full, _ = _built_both_ways(folder, cache, monkeypatch)
    _assert_same(inc, full)
    again = timeline.build([folder], cache_dir=cache)  # what the incremental build saved loads as it was
    assert again.from_cache
    _assert_same(again, inc)


def test_outlets_for_every_article(folder, tmp_path, monkeypatch):
    names = sorted(p.name for p in folder.glob("*.txt"))
    (folder / "sources.csv").write_text("file,published,outlet,url,title\n" + "".join(
        f"{n},,Outlet {i % 3},," + "\n" for i, n in enumerate(names)), encoding="utf-8")
    cache = tmp_path / "c"
    timeline.build([folder], cache_dir=cache)
    (folder / "sources.csv").write_text((folder / "sources.csv").read_text(encoding="utf-8")
                                        + "zz_new.txt,2025-02-03,Outlet 1,,\n", encoding="utf-8")
    # sources.csv changed, but only for the new article: the others keep their cache keys
    _add(folder, "zz_new.txt", "Dmitry Peskov said on Monday that Putin and Lukashenko would meet on Sunday.\n")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch, from_disk=True)
    assert incremental
    _assert_same(inc, full)


def test_changed_or_removed_articles_merge_everything(folder, tmp_path, monkeypatch):
    cache = tmp_path / "c"
    timeline.build([folder], cache_dir=cache)
    victim = sorted(folder.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\nPutin spoke on Thursday.\n", encoding="utf-8")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch)
    assert not incremental
    _assert_same(inc, full)
    victim.unlink()
    _add(folder, "zz_new.txt", "date 2025-02-03\n\nPeskov said on Monday that no call was planned.\n")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch)
    assert not incremental
    _assert_same(inc, full)


def test_an_article_that_cannot_be_read_keeps_the_rest(folder, tmp_path, monkeypatch):
    cache = tmp_path / "c"
    timeline.build([folder], cache_dir=cache)
    (folder / "zz_empty.txt").write_bytes(b"")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch)  # no new rows at all
    assert incremental
    _assert_same(inc, full)
    _add(folder, "zz_quiet.txt", "Nothing happened here, and nobody said anything about it.\n")  # no event
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch, from_disk=True)
    assert incremental
    _assert_same(inc, full)
    _add(folder, "zz_new.txt", "date 2025-02-03\n\nPeskov said on Monday that no call was planned.\n")
    inc, full, incremental = _built_both_ways(folder, cache, monkeypatch)
    assert incremental
    _assert_same(inc, full)
    assert any("zz_empty" in p.file for p in inc.problems)


def test_a_copy_of_the_folder_names_its_own_files(folder, tmp_path):
    cache = tmp_path / "c"
    first = timeline.build([folder], cache_dir=cache)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    _add(copy, "zz_new.txt", "date 2025-02-03\n\nPeskov said on Monday that no call was planned.\n")
    for target in (copy, folder):  # the copy (extractions reused), then the first folder again
        built = timeline.build([target], cache_dir=cache)
        assert all(p.startswith(str(target) + "/") for p in built.documents["path"]), built.documents["path"]
        assert all(p.file.startswith(str(target)) for p in built.problems if p.file.endswith(".txt"))
    assert len(first.documents) + 1 == len(timeline.build([copy], cache_dir=cache).documents)
