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
from timeline import app_data, charts_export, cli, export, images, query, report

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
        return app_data.load(ARTICLES)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def server():
    srv = images.ImageServer()
    yield srv
    srv.stop()


def view(data, **params) -> app_data.View:
    return app_data.make_view(data, charts_export.filters_for(params, data.domain))


def caption_bits(v: app_data.View) -> list[str]:
    s = charts_export.stats(v)
    return [f"{s['events']} events", f"{s['first']} – {s['last']}", "Vladimir Putin", "made "]


# ------------------------------------------------------------------ images

@needs_browser
def test_png_has_the_preset_size_resolution_and_caption(data, server):
    v = view(data, **PUTIN)
    png = charts_export.export("timeline", v, "png", "slide", server=server)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == images.PRESETS["slide"].png_size == (1920, 1080)
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    img.load()
    assert img.size == (1920, 1080) and round(img.info["dpi"][0]) == 144
    meta = images.png_text(png)
    cap = charts_export.caption(v)
    assert meta["Description"] == cap.replace("\n", " · ")
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
    svg = charts_export.export("actors", v, "svg", "column", server=server)
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
    pdf = charts_export.export("network", v, "pdf", "square", server=server)
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
    page = charts_export.export("heatmap", view(data), "html", "square").decode()
    assert "<script src=" not in page and "Plotly.newPlot" in page and "made " in page
    with pytest.raises(images.ExportUnavailable, match="apt-get install chromium"):
        images.ImageServer().render({"data": [], "layout": {}}, "png", 100, 100)


def test_chart_bad_input_gives_clear_messages(data):
    with pytest.raises(charts_export.ChartError, match="unknown chart kind"):
        charts_export.figure("pie", view(data))
    with pytest.raises(charts_export.ChartError, match="nothing to draw"):
        charts_export.export("timeline", view(data, q=["no-such-words-anywhere"]), "svg")
    with pytest.raises(charts_export.ChartError, match="“from” is after “to”"):
        view(data, **{"from": ["2025-02-01"], "to": ["2024-01-01"]})
    with pytest.raises(charts_export.ChartError, match="fits several|not in this corpus"):
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
    import exports_ui

    monkeypatch.setenv("TIMELINE_URL", "https://timeline.example.org/event")
    event_id = str(data.events["event_id"].iloc[0])
    f = query.Filters(event=event_id, lanes="type", color="side", actors=("Vladimir Putin",), view="event")
    link = exports_ui.share_link(f)
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
