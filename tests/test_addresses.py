"""Page addresses and the chips above every page, without a browser: which page an address names, which page
streamlit may put at the root address, and what the chips say."""
from __future__ import annotations

import pytest

from conftest import ARTICLES, ROOT
from dashboard import chips, navigation
from timeline.store.loader import read_corpus
from timeline.views import query
from timeline.views.view import corpus_data, make_view


def test_every_page_is_addressed_by_its_file_name_in_pages():
    # streamlit's legacy pages/ pass (a server's first request) knows a page file by its name: the same address
    for path, _, _, view in navigation.PAGES:
        assert (ROOT / path).is_file() and path.startswith("pages/")
        assert navigation.URL_PATHS[view] == (ROOT / path).stem
    assert set(navigation.URL_PATHS) == set(query.VIEWS)


@pytest.mark.parametrize("url, named", [
    ("http://localhost:8501/actors", "actors"),
    ("http://localhost:8501/events/", "events"),
    ("https://example.org/base/path/sources", "sources"),
    ("http://localhost:8501/source", "source"),      # an earlier address
    ("http://localhost:8501/", None),
    ("http://localhost:8501", None),
    ("http://localhost:8501/elsewhere", None),
    ("", None),
    (None, None),
])
def test_the_page_an_address_names(url, named):
    assert navigation.address_page(url) == named


def test_the_default_page_is_never_the_one_the_address_names():
    # the root address opens the page its query names
    for view in query.VIEWS:
        assert navigation.default_page(None, view) == view
    # an address naming a page: streamlit would move that page to the root and answer "Page not found"
    for view in query.VIEWS:
        for named in (navigation.URL_PATHS[view], navigation.OLD_PATHS[view]):
            for asked in query.VIEWS:
                default = navigation.default_page(named, asked)
                assert default in query.VIEWS and navigation.URL_PATHS[default] != named


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("TIMELINE_CACHE", str(tmp_path_factory.mktemp("chips-cache")))
    try:
        return corpus_data(read_corpus(ARTICLES), ARTICLES)
    finally:
        mp.undo()


def test_chips_show_the_count_and_each_active_filter(data):
    everything = make_view(data, query.Filters())
    html = chips.chips_html(everything)
    kept = int(everything.keep.sum())  # (events seen only in photo captions are left out by default)
    assert f"{kept:,} of {len(data.events):,} events" in html and html.count("class='tl-chip'") == 0

    actor = data.options["actors"][0]
    f = query.Filters(actors=(actor,), types=("statement",), min_sources=2, undated=False, q="talks")
    view = make_view(data, f)
    html = chips.chips_html(view)
    assert f"{int(view.keep.sum()):,} of {len(data.events):,} events" in html
    assert [kind for kind, _ in chips.filter_labels(f)] == ["search", "actor", "type", "sources", "undated"]
    assert html.count("class='tl-chip'") == 5


def test_chips_escape_what_they_show_and_stop_at_a_few(data):
    f = query.Filters(actors=tuple(f"<i>actor {i}</i>" for i in range(chips.MAX_CHIPS + 3)))
    html = chips.chips_html(make_view(data, f))
    assert "<i>" not in html and "&lt;i&gt;actor 0&lt;/i&gt;" in html
    assert "+3 more" in html
    dates = chips.filter_labels(query.Filters(start=data.domain.first))
    assert dates == [("dates", f"{data.domain.first.isoformat()} – …")]
