"""Real archives never stop a build: dates of any year from 1 to 9999 flow from the text to every export, and
an article whose extraction raises costs nothing but itself (local engine, Dask engine, CLI, dashboard)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

import timeline
from conftest import ARTICLES, ROOT
from timeline import cli
from timeline.bench import robustness
from timeline.extract.events import EventFinder
from timeline.store import build as corpus
from timeline.store.cache import flush
from timeline.views import export, images, query, report
from timeline.views.view import make_data, make_view

MARK = "RAISE-INSIDE-EXTRACTION"


@pytest.fixture
def fragile(monkeypatch):
    """Extraction raises for any article whose text holds MARK (a fault put in on purpose, not a mock: the
    rest of the extraction runs for real). Worker processes are forked, so they raise too."""
    real = EventFinder.events

    def events(self, doc, sents):
        if MARK in doc.text:
            raise RuntimeError("injected fault")
        return real(self, doc, sents)

    monkeypatch.setattr(EventFinder, "events", events)
    return monkeypatch


def _folder_with_bad_article(tmp_path: Path, n_copies: int = 1) -> tuple[Path, Path]:
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    bad = folder / "zz-bad.txt"
    bad.write_text(f"Breaking\n\nThe minister said on Friday that {MARK} happened.\n", encoding="utf-8")
    return folder, bad


def _failed(problems, path: Path) -> list:
    return [p for p in problems if Path(p.file).name == path.name and "extraction failed" in p.message]


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_raising_inside_extraction_costs_only_itself(tmp_path, fragile, workers):
    folder, bad = _folder_with_bad_article(tmp_path)
    cache = tmp_path / "cache"
    built = timeline.build([folder], cache_dir=cache, workers=workers)
    flush(cache)
    clean = timeline.build([ARTICLES], use_cache=False, workers=1)
    # Every other article is extracted and merged as if the bad one were not there.
    assert sorted(built.events["event_id"]) == sorted(clean.events["event_id"])
    assert len(built.documents) == len(clean.documents)
    failed = _failed(built.problems, bad)
    assert len(failed) == 1 and "RuntimeError: injected fault" in failed[0].message
    assert "\n" not in failed[0].message  # one line, unless TIMELINE_DEBUG is set

    # The failed article is tried again on the next build; the others come from the cache.
    fragile.undo()
    tried = []
    real_all = corpus._extract_all
    fragile.setattr(corpus, "_extract_all",
                    lambda jobs, *rest: tried.extend(j.path for j in jobs) or real_all(jobs, *rest))
    again = timeline.build([folder], cache_dir=cache, workers=workers)
    assert [Path(p).name for p in tried] == [bad.name]
    assert not _failed(again.problems, bad)
    assert bad.stem in set(again.documents["doc"])
    assert len(again.events) > len(built.events)


def test_debug_setting_adds_the_traceback(tmp_path, fragile):
    fragile.setenv("TIMELINE_DEBUG", "1")
    folder, bad = _folder_with_bad_article(tmp_path)
    built = timeline.build([folder], use_cache=False, workers=1)
    (failed,) = _failed(built.problems, bad)
    assert "Traceback" in failed.message and "injected fault" in failed.message.splitlines()[-1]


def test_cli_exit_code_stays_zero_and_names_the_file(tmp_path, fragile, capsys):
    folder, bad = _folder_with_bad_article(tmp_path)
    out = tmp_path / "events.jsonl"
    assert cli.main(["extract", str(folder), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if bad.name in ln]
    assert len(lines) == 1 and "extraction failed" in lines[0]
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(rows) == len(timeline.build([ARTICLES], use_cache=False).events)


def test_dask_engine_isolates_a_failing_article(tmp_path, fragile):
    pytest.importorskip("dask.distributed")
    import dask

    from timeline.store import distributed, output

    folder, bad = _folder_with_bad_article(tmp_path)
    # forked workers carry the injected fault, as a real bug would be carried by the package
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
        remote = distributed.build_on_dask([folder], tmp_path / "out", n_workers=2, batch=2)
    assert len(_failed(remote.problems, bad)) == 1
    clean = timeline.build([ARTICLES], use_cache=False, workers=1)
    assert sorted(remote.events["event_id"]) == sorted(clean.events["event_id"])
    back = output.read(tmp_path / "out")
    assert len(_failed(back.problems, bad)) == 1


def test_sources_page_lists_the_failed_article(tmp_path, fragile):
    from streamlit.testing.v1 import AppTest

    folder, bad = _folder_with_bad_article(tmp_path)
    fragile.setenv("TIMELINE_DATA", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    shown = pd.concat([df.value for df in at.dataframe if "problem" in df.value.columns], ignore_index=True)
    rows = shown[shown["file"].astype(str).str.endswith(bad.name)]
    assert len(rows) == 1 and "extraction failed" in rows["problem"].iloc[0]


# ------------------------------------------------------------------- dates of any year, numbers of any size

UNITS = ["second", "minute", "hour", "day", "week", "fortnight", "weekend", "month", "quarter", "year", "decade",
         "century", "millennium"]
FORMS = ["{n} {u}s ago", "{n} {u}s from now", "{n} {u}s later", "{n} {u}s earlier", "in {n} {u}s",
         "{n} {u}s before the vote", "{n} {u}s after the vote", "the past {n} {u}s", "within {n} {u}s"]
numbers = st.one_of(st.integers(0, 10 ** 40), st.integers(0, 10 ** 6),
                    st.floats(0, 1e12, allow_nan=False, allow_infinity=False))


def _spell(n) -> str:
    return f"{n:,}" if isinstance(n, int) else f"{n:.2f}"


DAY0, DAY9 = dt.date(1, 1, 1), dt.date(9999, 12, 31)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example is a build: no slow shrinking
@given(published=st.dates(min_value=DAY0, max_value=DAY9),
       phrases=st.lists(st.tuples(numbers, st.sampled_from(UNITS), st.sampled_from(FORMS)), min_size=1, max_size=6),
       year=st.integers(1, 12000))
@pytest.mark.slow
def test_any_year_and_any_number_flow_through_frames_cache_and_exports(published, phrases, year):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        said = "The minister said on Friday that the talks had failed."
        body = " ".join(f"The council said the flood came {f.format(n=_spell(n), u=u)}." for n, u, f in phrases)
        (folder / "a.txt").write_text(f"Archive\n\n{said} {body} In the year {year} the treaty was signed. "
                                      f"The envoy met the king on June 3, {year}.\n", encoding="utf-8")
        (folder / "sources.csv").write_text(f"file,published,outlet,url,title\na.txt,{published.isoformat()},"
                                            "Gazette,,Archive\n", encoding="utf-8")
        cache = Path(tmp) / "cache"
        built = timeline.build([folder], cache_dir=cache, workers=1)
        flush(cache)
        assert not [p for p in built.problems if "extraction failed" in p.message], built.problems
        ev = built.events
        assert str(ev["date"].dtype) == "datetime64[s]" and str(ev["date_end"].dtype) == "datetime64[s]"
        dated = ev[ev["date"].notna()]
        assert (dated["date"] >= pd.Timestamp(DAY0)).all() and (dated["date_end"] <= pd.Timestamp(DAY9)).all()
        assert (dated["date"] <= dated["date_end"]).all()
        friday = ev[ev["date_text"] == "Friday"]
        if published >= dt.date(1, 1, 8):  # "said on Friday": the Friday on or before the publication day
            assert len(friday) == 1
            day = friday["date"].iloc[0].date()
            assert 0 <= (published - day).days <= 6 and day.weekday() == 4
        # The Parquet cache gives the same frames back.
        again = timeline.build([folder], cache_dir=cache, workers=1)
        assert again.from_cache
        pd.testing.assert_frame_equal(again.events, ev)
        # The date filter and every export keep the dates as they are.
        data = make_data(ev, built.mentions, built.documents, built.actors, built.problems, folder=str(folder))
        view = make_view(data, query.Filters())
        days = [d.date().isoformat() for d in dated["date"]]
        table = list(csv.DictReader(io.StringIO(export.to_csv(view).decode("utf-8-sig"))))
        assert sorted(r["date"] for r in table if r["date"]) == sorted(days)
        records = json.loads(export.to_json(view))["events"]
        assert sorted(r["date"] for r in records if r["date"]) == sorted(days)
        back = pd.read_parquet(io.BytesIO(export.to_parquet(view)))
        assert sorted(str(d.date()) if hasattr(d, "date") else str(d)[:10] for d in back["date"].dropna()) \
            == sorted(days)
        tl = json.loads(export.to_timelinejs(view))
        assert sorted(int(e["start_date"]["year"]) for e in tl["events"]) == sorted(int(d[:4]) for d in days)
        assert export.mentions_csv(view)
        assert "<html" in report.report_html(view, charts=()).lower()
        if len(friday):
            day = friday["date"].iloc[0].date()
            kept = make_view(data, query.Filters(start=day, end=day)).events
            assert friday["event_id"].iloc[0] in set(kept["event_id"])


@pytest.mark.parametrize("year", [1, 1005, 1654, 1994, 9999])
def test_old_and_far_dates_in_figures(tmp_path, year):
    from timeline.views import charts

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Archive\n\nThe minister said on Friday that the talks had failed. The king met "
                                  "the envoy on Thursday in the capital.\n", encoding="utf-8")
    published = dt.date(year, 6, 15) if year < 9999 else dt.date(9999, 12, 30)
    (folder / "sources.csv").write_text(f"file,published,outlet,url,title\na.txt,{published.isoformat()},Gazette,,\n",
                                        encoding="utf-8")
    built = timeline.build([folder], use_cache=False)
    assert len(built.events) == 2 and (built.events["date"].dt.year == year).all()
    data = make_data(built.events, built.mentions, built.documents, built.actors, folder=str(folder))
    view = make_view(data, query.Filters())
    for kind in charts.KINDS:
        spec = json.loads(charts.figure(kind, view).to_json())
        if kind == "timeline":
            xs = [x for t in spec["data"] for x in (t.get("x") or []) if isinstance(x, str)]
            assert xs and all(x.startswith(f"{year:04d}-") for x in xs)
    assert f"{year:04d}-" in charts.caption(view)


def test_robustness_command_counts_articles_events_problems_and_crashes(tmp_path, fragile, capsys):
    from timeline import bench

    folder, bad = _folder_with_bad_article(tmp_path)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    code = bench.main(["robustness", str(folder), str(ARTICLES), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 1  # a crash anywhere
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in out.splitlines() if line.startswith("| ") and "folder" not in line}
    head = [c.strip() for c in out.splitlines()[0].split("|")[1:-1]]
    mine = dict(zip(head[1:], rows[str(folder)]))
    sample = dict(zip(head[1:], rows[str(ARTICLES)]))
    n_sample = len(list(ARTICLES.glob("*.txt")))
    assert mine["articles"] == str(n_sample + 2) and sample["articles"] == str(n_sample)
    assert mine["crashes"] == "1" and sample["crashes"] == "0"
    assert mine["problems: no text"] == "1"
    assert int(mine["events"]) == int(sample["events"]) > 0


def test_robustness_reads_timeml_folders_as_articles(tmp_path):
    tml = tmp_path / "tml"
    tml.mkdir()
    (tml / "doc1.tml").write_text(
        '<?xml version="1.0" ?>\n<TimeML><DOCID>doc1</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-04" '
        'functionInDocument="CREATION_TIME">03/04/1998</TIMEX3></DCT><TEXT>The minister said on '
        '<TIMEX3 tid="t1" type="DATE" value="1998-03-02">Monday</TIMEX3> that the talks failed.</TEXT></TimeML>\n',
        encoding="utf-8")
    out = tmp_path / "articles"
    assert robustness.timeml_as_articles(tml, out) == 1
    built = timeline.build([out], use_cache=False)
    assert built.events["date"].iloc[0].date() == dt.date(1998, 3, 2)
    assert built.documents["published"].iloc[0].date() == dt.date(1998, 3, 4)


def test_a_pasted_article_raising_inside_extraction_is_kept_and_listed(corpus_dir, fragile):
    from streamlit.testing.v1 import AppTest

    for name in ("TIMELINE_READONLY", "TIMELINE_HOSTED"):
        fragile.delenv(name, raising=False)
    fragile.setenv("TIMELINE_DATA", str(corpus_dir))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/sources.py").run()
    n_events = len(at.session_state["_curated"].events)
    at.text_input(key="paste_title").set_value("Odd report")
    at.text_area(key="paste_text").set_value(f"The minister said on Monday that {MARK} happened.")
    at.button(key="paste_add").click().run()
    assert not at.exception
    assert (corpus_dir / "odd-report.txt").is_file()  # what the user gave is kept
    assert len(at.session_state["_curated"].events) == n_events
    shown = pd.concat([df.value for df in at.dataframe if "problem" in df.value.columns], ignore_index=True)
    rows = shown[shown["file"].astype(str).str.endswith("odd-report.txt")]
    assert len(rows) == 1 and "extraction failed" in rows["problem"].iloc[0]


@pytest.mark.browser
@pytest.mark.skipif(images.browser_problem() is not None,
                    reason="no Chromium for image export: bash setup.sh --browser")
def test_old_dates_in_chart_images(tmp_path):
    from timeline.views import charts

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Archive\n\nThe minister said on Friday that the talks had failed. The king met "
                                  "the envoy on Thursday in the capital.\n", encoding="utf-8")
    (folder / "sources.csv").write_text("file,published,outlet,url,title\na.txt,1005-06-15,Gazette,,\n",
                                        encoding="utf-8")
    built = timeline.build([folder], use_cache=False)
    data = make_data(built.events, built.mentions, built.documents, built.actors, folder=str(folder))
    view = make_view(data, query.Filters())
    svg = charts.export("timeline", view, "svg").decode("utf-8")
    assert "1005" in svg and "Jun" in svg  # the axis and the caption name the year
    assert charts.export("timeline", view, "pdf").startswith(b"%PDF")


def test_dashboard_filters_and_draws_events_of_any_year(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, published in (("old.txt", "1005-06-15"), ("new.txt", "1994-12-06"), ("far.txt", "9999-12-30")):
        (folder / name).write_text("Archive\n\nThe minister said on Friday that the talks had failed. The king met "
                                   "the envoy on Thursday in the capital.\n", encoding="utf-8")
    (folder / "sources.csv").write_text("file,published,outlet,url,title\nold.txt,1005-06-15,Gazette,,\n"
                                        "new.txt,1994-12-06,Gazette,,\nfar.txt,9999-12-30,Gazette,,\n", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_DATA", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "all 6 events" in at.sidebar.markdown[0].value
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    years = {x[:4] for t in spec["data"] for x in (t.get("x") or []) if isinstance(x, str)}
    assert years == {"1005", "1994", "9999"}
    first = at.session_state["dates"][0]
    assert first.year == 1005
    at.sidebar.date_input(key="dates").set_value((first, dt.date(1005, 12, 31))).run()
    assert not at.exception
    assert re.sub(r"<[^>]+>", "", at.sidebar.markdown[0].value) == "### 2 of 6 events"
    assert at.query_params["to"] == "1005-12-31"
