from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
NEWS = ROOT / "tests" / "fixtures" / "news"


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


@pytest.fixture
def corpus_dir(tmp_path):
    """A writable copy of the sample articles."""
    d = tmp_path / "articles"
    shutil.copytree(ARTICLES, d)
    return d
