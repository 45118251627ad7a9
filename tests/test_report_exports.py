"""Report-ready chart images, really drawn by kaleido + chromium: a title and subtitle of one's own that never
overlap the legend (whatever its number of rows), a footnote naming the sources, and the title, description,
filters and date in the PDF, SVG and PNG metadata."""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from conftest import ARTICLES, ROOT
from timeline.store.loader import read_corpus
from timeline.views import charts, docinfo, footnote, images, printlegend, query, story
from timeline.views.view import corpus_data, make_view

SVG_NS = "{http://www.w3.org/2000/svg}"
LONG_TITLE = ("Ceasefire talks, prisoner exchanges and new sanctions: how the negotiations moved from one capital "
              "to the next over the winter")
LONG_SUBTITLE = ("Every dated statement, meeting and decision the articles report, by actor, with the outlets that "
                 "reported them and the days they were published")

_no_image_browser = pytest.mark.skipif(images.browser_problem() is not None,
                                       reason="no Chromium for image export: bash setup.sh --browser")


def needs_browser(test):
    return pytest.mark.browser(_no_image_browser(test))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("TIMELINE_CACHE", str(tmp_path_factory.mktemp("report-export-cache")))
    try:
        return corpus_data(read_corpus(ARTICLES), ARTICLES)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def server():
    srv = images.ImageServer()
    yield srv
    srv.stop()


def view(data, **params):
    return make_view(data, charts.filters_for(params, data.domain))


# ------------------------------------------------------------------ geometry read from the drawn files

def _float_attr(el, name: str) -> float:
    return float(el.get(name) or 0)


def svg_boxes(svg: bytes) -> dict:
    """From plotly's SVG: the plot area (top, bottom), the legend box (top, bottom) and the y of its rows."""
    root = ET.fromstring(svg)
    out: dict = {}
    for cp in root.iter(f"{SVG_NS}clipPath"):
        if (cp.get("class") == "axesclip") and cp.get("id", "").endswith("xy"):
            r = cp.find(f"{SVG_NS}rect")
            out["plot"] = (_float_attr(r, "y"), _float_attr(r, "y") + _float_attr(r, "height"))
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class") == "legend":
            y = float(re.search(r"translate\(\s*[-\d.]+\s*,\s*([-\d.]+)\)", g.get("transform")).group(1))
            bg = next(r for r in g.iter(f"{SVG_NS}rect") if r.get("class") == "bg")
            out["legend"] = (y, y + _float_attr(bg, "height"))
            out["rows"] = sorted({round(float(re.search(r"translate\([-\d.]+,\s*([-\d.]+)\)", t.get("transform"))
                                              .group(1))) for t in g.iter(f"{SVG_NS}g") if t.get("class") == "traces"})
    return out


def ink_runs(png: bytes, top: int, bottom: int) -> list[tuple[int, int]]:
    """The bands of rows between ``top`` and ``bottom`` (PNG pixels) holding dark pixels: one band per text line."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    w = img.size[0]
    runs: list[list[int]] = []
    for y in range(top, bottom):
        if img.crop((0, y, w, y + 1)).getextrema()[0] < 160:
            if runs and runs[-1][1] == y - 1:
                runs[-1][1] = y
            else:
                runs.append([y, y])
    return [(a, b) for a, b in runs]


def rightmost_ink(png: bytes, top: int, bottom: int) -> int:
    from PIL import Image, ImageOps

    img = Image.open(io.BytesIO(png)).convert("L")
    band = ImageOps.invert(img.crop((0, top, img.size[0], bottom)))
    box = band.point(lambda v: 255 if v > 95 else 0).getbbox()
    return box[2] if box else 0


def legend_figure(n: int) -> go.Figure:
    fig = go.Figure()
    for i in range(n):
        fig.add_scatter(x=[0, 1], y=[i, i + 1], mode="lines+markers", name=f"Outlet or actor number {i}")
    return fig


# ------------------------------------------------------------------ layout: title, subtitle, legend, plot

@needs_browser
@pytest.mark.parametrize("items, rows", [(3, 1), (8, 2), (60, 8)])
def test_title_subtitle_legend_and_plot_never_overlap(server, items, rows):
    preset = images.PRESETS["slide"]
    fig = legend_figure(items)
    cap = "Filters: none (all events)\nSources: " + ", ".join(f"Outlet {i} ({i})" for i in range(1, 40))
    svg = images.image_bytes(fig, "svg", preset, LONG_TITLE, cap, srv=server, subtitle=LONG_SUBTITLE)
    png = images.image_bytes(fig, "png", preset, LONG_TITLE, cap, srv=server, subtitle=LONG_SUBTITLE)
    box = svg_boxes(svg)
    fr = images.frame(preset, LONG_TITLE, LONG_SUBTITLE, cap)
    assert len(fr.title) == 2 and len(fr.subtitle) >= 1  # the case asked for: a title on two lines
    assert len(box["rows"]) >= rows if rows > 2 else len(box["rows"]) == rows
    legend_top, legend_bottom = box["legend"]
    plot_top, plot_bottom = box["plot"]
    assert legend_bottom <= plot_top + 0.5          # the plot starts under the legend's last row
    assert plot_bottom - plot_top > 60              # and still has room to draw in
    # every line of title and subtitle is drawn, whole and apart, above the legend's box
    s = preset.scale
    head = ink_runs(png, 0, int(legend_top * s))
    assert head and head[0][0] > 2, "the title's first line is cut at the top edge"
    assert len(head) == len(fr.title) + len(fr.subtitle)
    assert head[-1][1] < legend_top * s - 2
    # the legend's text is inside its box, the footnote is under the plot (nothing drawn over the x axis labels)
    legend_ink = ink_runs(png, int(legend_top * s), int(plot_top * s))
    assert len(legend_ink) == len(box["rows"])
    below = ink_runs(png, int(plot_bottom * s) + 2, preset.png_size[1])
    assert len(below) == 1 + len(fr.footnote)      # tick labels, then each footnote line
    # wrapped lines stay inside the picture (nothing cut at the right edge)
    width = preset.png_size[0]
    assert rightmost_ink(png, 0, int(legend_top * s)) < width - 6
    assert rightmost_ink(png, below[1][0], below[-1][1] + 1) < width - 6


@needs_browser
def test_footnote_lines_wrap_and_push_the_plot_up(server):
    preset = images.PRESETS["column"]
    fig = legend_figure(2)
    short = images.image_bytes(fig, "svg", preset, "Title", "Sources: one outlet (3)", srv=server)
    many = "Sources: " + ", ".join(f"Outlet number {i} ({i})" for i in range(1, 30))
    long = images.image_bytes(fig, "svg", preset, "Title", many, srv=server)
    assert len(images.frame(preset, "Title", "", many).footnote) >= 4
    assert svg_boxes(long)["plot"][1] < svg_boxes(short)["plot"][1] - 40
    text = " ".join(ET.fromstring(long).itertext())
    assert "Outlet number 1 (1)" in text and "Outlet number 29 (29)" in text  # wrapped, not cut


def test_long_headings_wrap_and_stop_after_three_lines():
    preset = images.PRESETS["column"]
    fr = images.frame(preset, "word " * 200, "sub " * 5, "")
    assert len(fr.title) == images.MAX_HEADING_LINES and fr.title[-1].endswith("…")
    assert fr.subtitle == ["sub sub sub sub sub"]
    assert images.frame(preset, "Short", "", "").header < fr.header


# ------------------------------------------------------------------ sources in the footnote

def test_footnote_lists_outlets_articles_and_publication_dates(data):
    v = view(data)
    docs = data.documents
    cap = charts.caption(v, made=dt.date(2026, 1, 2))
    lines = cap.splitlines()
    assert lines[0] == f"Filters: {charts.describe(v.filters)}"
    sources = lines[-1]
    days = docs["published"].dropna().sort_values()
    assert f"published {days.iloc[0].date()} – {days.iloc[-1].date()}" in sources
    assert f"{len(docs)} articles" in sources
    counts = docs["outlet"].fillna("").replace("", query.NO_OUTLET).value_counts()
    for outlet, n in counts.items():
        name = "unknown outlet" if outlet == query.NO_OUTLET else outlet
        assert f"{name} ({n})" in sources
    assert "made 2026-01-02" in cap


def test_footnote_names_each_article_when_there_are_few(data):
    v = view(data, actor=["Sergey Lavrov"])
    src = footnote.sources_of(v)
    assert 1 <= len(src.articles) <= footnote.ARTICLES_LISTED
    line = footnote.sources_line(src)
    for a in src.articles:
        assert f"“{a.title[:30]}" in line and (a.published in line)


def test_footnote_counts_the_rest_beyond_the_listed_outlets():
    arts = tuple(footnote.Article(f"Outlet {i:02d}", "t", "2024-01-01") for i in range(20))
    src = footnote.Sources(arts, tuple((a.outlet, 1) for a in arts), "2024-01-01", "2024-01-01")
    line = footnote.sources_line(src)
    assert "20 articles from 20 outlets, published 2024-01-01" in line
    assert f"and {20 - footnote.OUTLETS_LISTED} more outlets" in line and "Outlet 19" not in line


# ------------------------------------------------------------------ metadata

@needs_browser
def test_pdf_info_has_the_title_filters_sources_and_date(data, server):
    from pypdf import PdfReader

    v = view(data, actor=["Vladimir Putin"])
    title = "Путин and the “peace plan” (draft)"
    pdf = charts.export("timeline", v, "pdf", "column", server=server, heading=title, sub="Winter talks")
    reader = PdfReader(io.BytesIO(pdf), strict=True)   # strict: a damaged cross-reference table raises
    meta = reader.metadata
    assert meta.title == title and b"Kaleido" not in pdf     # the browser's own title is gone from the bytes
    assert "Vladimir Putin" in meta["/Keywords"] and "Winter talks" in meta.subject
    assert "Sources:" in meta.subject and "published" in meta.subject
    assert abs(meta.creation_date.replace(tzinfo=None) - dt.datetime.now()) < dt.timedelta(days=1)
    text = reader.pages[0].extract_text()
    assert "Winter talks" in text and "Sources:" in text     # the page itself still reads


def test_pdf_stamp_is_an_incremental_update_readers_follow(caplog):
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 100)
    w.add_metadata({"/Title": "old"})
    buf = io.BytesIO()
    w.write(buf)
    info = docinfo.DocInfo("New title ✓", "line one\nline two", "filters: none",
                           dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))))
    out = docinfo.stamp_pdf(buf.getvalue(), info)
    old = buf.getvalue()
    # an update appended to the file; the old dictionary blanked in place (every other byte where it was)
    assert len(out) > len(old) and out[:200] != old[:200] and out[len(old) - 60: len(old)] == old[-60:]
    assert b"(old)" not in out and b"/Title (old)" in old
    with caplog.at_level("WARNING", logger="pypdf"):
        r = PdfReader(io.BytesIO(out), strict=True)
        assert r.metadata.title == "New title ✓"
    assert not caplog.records, "the reader repaired the file: " + "; ".join(x.getMessage() for x in caplog.records)
    assert r.metadata.subject == "line one · line two" and r.metadata["/Keywords"] == "filters: none"
    assert r.metadata["/CreationDate"] == "D:20250301093000-05'00'" and len(r.pages) == 1
    assert docinfo.stamp_pdf(b"not a pdf", info) == b"not a pdf"


@needs_browser
def test_svg_has_title_desc_and_metadata(data, server):
    v = view(data)
    svg = charts.export("actors", v, "svg", "slide", server=server, heading="Who <acts> & when", sub="")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG_NS}title").text == "Who <acts> & when"
    desc = root.find(f"{SVG_NS}desc").text
    assert desc.startswith("Filters: none") and "Sources:" in desc
    md = root.find(f"{SVG_NS}metadata")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert next(md.iter(f"{dc}title")).text == "Who <acts> & when"
    assert next(md.iter(f"{dc}date")).text[:10] == dt.date.today().isoformat()
    # the subtitle was asked to be empty: none is drawn
    assert not [t for t in root.iter(f"{SVG_NS}text") if t.get("class") == "gtitle-subtitle"]


@needs_browser
def test_png_has_text_chunks_title_description_and_creation_time(data, server):
    v = view(data, actor=["Vladimir Putin"])
    png = charts.export("timeline", v, "png", "square", server=server, heading="Putin in the talks")
    chunks = docinfo.png_chunks(png)
    latin = dict(d.decode("latin-1").split("\0", 1) for t, d in chunks if t == b"tEXt")
    assert latin["Title"] == "Putin in the talks" and "Creation Time" in latin
    text = images.png_text(png)      # tEXt and iTXt (the description has an en dash: UTF-8 iTXt)
    assert "Sources:" in text["Description"] and charts.subtitle(v) in text["Description"]
    assert text["Creation Time"][-5:] in ("+0000", "-0000") or re.search(r"[+-]\d{4}$", text["Creation Time"])
    assert "Vladimir Putin" in text["Keywords"]
    assert [t for t, _ in chunks][0] == b"IHDR" and b"IDAT" in [t for t, _ in chunks]


def test_png_text_that_latin1_cannot_hold_goes_to_itxt():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, "PNG")
    out = docinfo.stamp_png(buf.getvalue(), docinfo.DocInfo("Зеленский", "x"))
    kinds = {d.split(b"\0", 1)[0]: t for t, d in docinfo.png_chunks(out) if t in (b"tEXt", b"iTXt")}
    assert kinds[b"Title"] == b"iTXt" and kinds[b"Description"] == b"tEXt"
    assert images.png_text(out)["Title"] == "Зеленский"


# ------------------------------------------------------------------ key events and the command line

@needs_browser
def test_few_key_dates_are_all_labelled_in_the_image(data, server):
    v = view(data, mode="key")
    kds = story.key_dates_of(v)
    assert 1 <= len(kds) <= 6
    svg = charts.export("timeline", v, "svg", "column", server=server, heading=LONG_TITLE, sub=LONG_SUBTITLE)
    text = " ".join(ET.fromstring(svg).itertext())
    for kd in kds:
        first = kd.headline.split()[0]
        assert first in text, f"no label for the key date {kd.date}"


@needs_browser
@pytest.mark.slow
def test_cli_chart_takes_title_and_subtitle(tmp_path):
    out = tmp_path / "chart.svg"
    r = subprocess.run([sys.executable, "-m", "timeline", "chart", "timeline", "--data", str(ARTICLES), "--out",
                        str(out), "--title", "Diplomacy, week by week", "--subtitle", "From five articles"],
                       cwd=ROOT, capture_output=True, text=True, timeout=240,
                       env={**__import__("os").environ, "TIMELINE_CACHE": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr
    root = ET.fromstring(out.read_bytes())
    assert root.find(f"{SVG_NS}title").text == "Diplomacy, week by week"
    drawn = {t.get("class"): "".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")
             if t.get("class") in ("gtitle", "gtitle-subtitle")}
    assert drawn == {"gtitle": "Diplomacy, week by week", "gtitle-subtitle": "From five articles"}


# ------------------------------------------------------------------ the dashboard's fields

def test_dashboard_title_and_subtitle_fields_show_defaults_and_keep_their_text(monkeypatch, data):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TIMELINE_DATA", str(ARTICLES))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    v = view(data)
    heading, sub = at.text_input(key="export_timeline_title"), at.text_input(key="export_timeline_subtitle")
    assert heading.placeholder == charts.title("timeline", v) and heading.value == ""
    assert sub.placeholder == charts.subtitle(v)
    assert at.text_input(key="export_report_title").placeholder == "Timeline report"
    heading.set_value("Talks, week by week").run()
    at.checkbox(key="export_timeline_no_subtitle").check().run()
    assert not at.exception
    assert at.text_input(key="export_timeline_title").value == "Talks, week by week"
    assert at.text_input(key="export_timeline_subtitle").disabled
    assert at.session_state["export_timeline_title"] == "Talks, week by week"


def test_report_has_its_own_title_subtitle_and_sources(data):
    from timeline.views import report

    v = view(data, actor=["Vladimir Putin"])
    page = report.report_html(v, title="Putin & the talks", subtitle="Winter <2025>")
    assert "<h1>Putin &amp; the talks</h1>" in page and "<title>Putin &amp; the talks ·" in page
    assert "Winter &lt;2025&gt;" in page
    src = footnote.sources_of(v)
    assert f"<b>Sources:</b> {len(src.articles)} articles from" in page
    assert all(f"{html_escape(name)} ({n})" in page for name, n in src.outlets if name != query.NO_OUTLET)
    default = report.report_html(v)
    assert "<h1>Timeline report</h1>" in default and html_escape(charts.subtitle(v)) in default
    assert "class='subtitle'" not in report.report_html(v, subtitle="")


def html_escape(text: str) -> str:
    return images.html_text(text)


def test_html_chart_page_carries_title_description_and_filters(data):
    v = view(data, actor=["Vladimir Putin"])
    page = charts.export("heatmap", v, "html", "square", heading="Putin's <weeks>", sub="").decode()
    assert "<title>Putin&#x27;s &lt;weeks&gt;</title>" in page
    desc = re.search(r"<meta name='description' content='([^']*)'>", page).group(1)
    assert desc.startswith("Filters: actor Vladimir Putin") and "Sources: " in desc
    assert "content='Timeline; filters: actor Vladimir Putin'" in page


@needs_browser
@pytest.mark.parametrize("preset_name", ["column", "square"])
def test_a_legend_too_tall_for_its_share_is_set_smaller_then_cut_and_says_so(server, preset_name):
    preset = images.PRESETS[preset_name]
    fig = legend_figure(60)
    alone = svg_boxes(images.image_bytes(legend_figure(1), "svg", preset, "Title", "Sources: one", srv=server))
    svg = images.image_bytes(fig, "svg", preset, "Title", "Sources: one", srv=server)
    box = svg_boxes(svg)
    top, bottom = box["legend"]
    assert bottom - top <= printlegend.SHARE * preset.height + 2
    root = ET.fromstring(svg)
    shown = [t for t in root.iter(f"{SVG_NS}text") if t.get("class") == "legendtext"]
    assert 1 <= len(shown) < 60
    text = " ".join(root.itertext())
    assert f"The legend shows the first {len(shown)} of 60 entries." in text
    # every trace is still drawn; the plot keeps at least half the height it has with no legend at all
    assert len([g for g in root.iter(f"{SVG_NS}g") if (g.get("class") or "").startswith("trace scatter")]) == 60
    assert box["plot"][1] - box["plot"][0] >= 0.5 * (alone["plot"][1] - alone["plot"][0])
