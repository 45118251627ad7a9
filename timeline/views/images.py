"""Static chart images (PNG, SVG, PDF) for reports: size presets, a print theme, and one export server.

Images are drawn by kaleido, which drives a headless Chromium (Debian's ``chromium`` package, or any
Chrome found on the PATH or named by ``$BROWSER_PATH``). Starting the browser takes a few seconds, so a
process keeps a single server alive (``server()``) and every image after the first takes a fraction
of a second. Without a browser, ``browser_problem()`` says what to install; interactive HTML needs
no browser at all (``html_bytes``).
"""
from __future__ import annotations

import atexit
import copy
import io
import os
import re
import shutil
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from . import printlegend
from .docinfo import DocInfo, stamp_pdf, stamp_png, stamp_svg
from .text import html_text

FORMATS = ("png", "svg", "pdf", "html")
IMAGE_FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html"}
INSTALL_HINT = ("PNG, SVG and PDF export needs a Chromium browser: install Debian's chromium "
                "(`sudo apt-get install chromium`, or `bash setup.sh --browser`), or set BROWSER_PATH to a "
                "Chrome or Chromium executable. On Streamlit Community Cloud, list `chromium` in packages.txt. "
                "Interactive HTML export works without it.")
START_TIMEOUT = 90.0     # seconds for the browser to start and draw a first image
PRINT_FONT = "Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif"
INK = "#1F2328"
MUTED = "#57606A"


@dataclass(frozen=True)
class Preset:
    """A chart size: ``width`` x ``height`` layout pixels (CSS pixels, 96 per inch), PNG drawn at ``scale``."""

    name: str
    label: str
    width: int
    height: int
    scale: float
    font: int          # base font size in layout pixels

    @property
    def png_size(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)

    @property
    def dpi(self) -> int:
        return round(96 * self.scale)

    @property
    def pdf_points(self) -> tuple[float, float]:
        return self.width * 0.75, self.height * 0.75


PRESETS = {
    # 13.33 x 7.5 in, the size of a widescreen slide; PNG 1920 x 1080
    "slide": Preset("slide", "Slide 16:9", 1280, 720, 1.5, 15),
    # 160 x 100 mm: the text column of an A4 or US Letter page with usual margins; PNG at 288 dpi
    "column": Preset("column", "A4 / Letter column", 605, 378, 3.0, 10),
    # a square social card; PNG 1080 x 1080
    "square": Preset("square", "Square social card", 720, 720, 1.5, 14),
}
DEFAULT_PRESET = "slide"


class ExportUnavailable(RuntimeError):
    """Static images cannot be made here (no browser, or it failed to start); the message says why."""


def browser_path() -> str | None:
    """The Chrome/Chromium kaleido would use, or None."""
    explicit = os.environ.get("BROWSER_PATH", "").strip()
    if explicit:
        return explicit if os.path.isfile(explicit) and os.access(explicit, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # any failure of the search means: no usable browser
        return None


def browser_problem() -> str | None:
    """None when static images can be made, else what is missing and how to install it."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "PNG, SVG and PDF export needs the kaleido package (pip install -r requirements.txt). " \
               "Interactive HTML export works without it."
    explicit = os.environ.get("BROWSER_PATH", "").strip()
    if explicit and browser_path() is None:
        return f"BROWSER_PATH is set to {explicit}, which is not an executable file. " + INSTALL_HINT
    if browser_path() is None:
        return "No Chromium browser was found. " + INSTALL_HINT
    return None


class ImageServer:
    """One kaleido server (one headless browser) for the whole process, started on first use.

    Thread-safe: renders are serialized, since the server handles one request at a time.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False
        self._broken: str | None = None
        self.start_seconds: float | None = None

    @property
    def running(self) -> bool:
        return self._started

    def problem(self) -> str | None:
        return self._broken or browser_problem()

    def _start(self) -> None:
        import time

        import kaleido

        problem = self.problem()
        if problem:
            raise ExportUnavailable(problem)
        t0 = time.perf_counter()
        # mathjax=False: no request to a CDN (the charts use no LaTeX); plotly.js comes from the plotly package
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        self._started = True
        atexit.register(self.stop)
        # If the browser dies while starting, kaleido's server thread ends and a request would wait
        # forever: draw a first tiny image with a deadline.
        box: dict = {}

        def warm() -> None:
            try:
                box["ok"] = kaleido.calc_fig_sync(go.Figure().to_dict(), opts=dict(format="svg", width=10, height=10))
            except Exception as exc:  # reported below
                box["error"] = exc

        t = threading.Thread(target=warm, daemon=True)
        t.start()
        t.join(START_TIMEOUT)
        if "ok" not in box:
            why = box.get("error") or f"no answer within {START_TIMEOUT:.0f} s"
            self._broken = f"The browser for image export did not start ({why}). " + INSTALL_HINT
            raise ExportUnavailable(self._broken)
        self.start_seconds = time.perf_counter() - t0

    def render(self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1.0) -> bytes:
        """The figure as ``fmt`` bytes (png, svg or pdf) at ``width`` x ``height`` layout pixels."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(IMAGE_FORMATS)}")
        import kaleido

        spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
        with self._lock:
            if self._broken:
                raise ExportUnavailable(self._broken)
            if not self._started:
                self._start()
            try:
                return kaleido.calc_fig_sync(spec, opts=dict(format=fmt, width=width, height=height, scale=scale))
            except Exception as exc:
                raise ExportUnavailable(f"The {fmt.upper()} image could not be drawn: {exc}") from exc

    def stop(self) -> None:
        with self._lock:
            if self._started:
                import kaleido

                try:
                    kaleido.stop_sync_server(silence_warnings=True)
                finally:
                    self._started = False


_SERVER: ImageServer | None = None
_SERVER_LOCK = threading.Lock()


def server() -> ImageServer:
    """The process's image server (not started until the first image)."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is None:
            _SERVER = ImageServer()
        return _SERVER


# ----------------------------------------------------------------- print theme

CHAR_EM = 0.5           # average width of a character of the print font, in ems (bold titles: BOLD_EM)
BOLD_EM = 0.55
LINE = 1.3              # plotly's line height for text with <br>, in ems
MAX_HEADING_LINES = 3   # a longer title or subtitle is cut with "…"


def wrap(text: str, width_px: float, size: float, em: float = CHAR_EM, max_lines: int | None = None) -> list[str]:
    """``text`` (newlines kept) broken into lines that fit ``width_px`` at font ``size``; plain text."""
    chars = max(12, int(width_px / (size * em)))
    lines: list[str] = []
    for para in text.splitlines():
        if para.strip():
            lines += textwrap.wrap(" ".join(para.split()), chars, break_long_words=True, break_on_hyphens=False)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return lines


@dataclass(frozen=True)
class Frame:
    """Where the title, subtitle and footnote of a printed chart go, in layout pixels from the top and bottom."""

    title: list[str]
    subtitle: list[str]
    footnote: list[str]
    font: int

    @property
    def title_size(self) -> int:
        return round(self.font * 1.3)

    @property
    def subtitle_size(self) -> int:
        return self.font

    @property
    def pad(self) -> int:
        return round(self.font * 0.7)

    @property
    def title_pad(self) -> int:
        """The space above the title. plotly draws a title of several lines 0.7 em higher than one of a single
        line (its first line would be cut at the top edge): that much more padding puts it where a single line
        would be."""
        return self.pad + (round(0.7 * self.title_size) if len(self.title) > 1 else 0)

    @property
    def header(self) -> int:
        """The height above the legend and plot: padding, the title's lines, the subtitle's lines, a gap."""
        h = self.title_pad + LINE * self.title_size * max(1, len(self.title))
        if self.subtitle:
            # plotly puts the subtitle 1.5 of its ems under the title's box (SUBTITLE_PADDING_EM)
            h += 1.5 * self.subtitle_size + LINE * self.subtitle_size * len(self.subtitle)
        return int(h + self.font * 0.5)

    @property
    def footnote_size(self) -> int:
        return self.font - 1

    @property
    def footer(self) -> int:
        """The footnote's height (its lines and a bottom padding)."""
        return int(len(self.footnote) * LINE * self.footnote_size + self.font * 0.9)


def frame(preset: Preset, title: str, subtitle: str, caption: str) -> Frame:
    """The lines of title, subtitle and footnote wrapped to ``preset``'s width."""
    f = preset.font
    usable = preset.width - 20
    return Frame(wrap(title, usable, round(f * 1.3), BOLD_EM, MAX_HEADING_LINES),
                 wrap(subtitle, usable, f, CHAR_EM, MAX_HEADING_LINES), wrap(caption, usable, f - 1), f)


def _lines_html(lines: list[str]) -> str:
    return "<br>".join(html_text(x) for x in lines)


def print_figure(fig: go.Figure, preset: Preset, title: str, caption: str, interactive: bool = False,
                 subtitle: str = "") -> go.Figure:
    """A copy of ``fig`` sized for ``preset`` in a light print theme, with a title, a subtitle and a footnote.

    Title and subtitle wrap to the width; the legend (horizontal, any number of rows) starts under them and
    plotly pushes the plot area down below its last row, so none of them overlap; a legend taller than its share
    of the picture is set smaller, then cut to its first entries (``printlegend``). The footnote (plain text,
    statements separated by newlines) wraps too and is written under the x axis; the bottom margin grows with
    its lines. The range slider and range buttons are removed; a static image (``interactive=False``) also
    loses hover boxes and dragging.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    f = preset.font
    legend_size, kept, left_out = printlegend.fit(out, preset.width - 20, preset.height, f - 1)
    if left_out:  # a legend taller than its share: its first entries, and a line saying so
        printlegend.keep_only(out, kept)
        caption = f"{caption}\nThe legend shows the first {len(kept)} of {len(kept) + left_out} entries."
    fr = frame(preset, title, subtitle, caption)
    # tick labels (two lines on a date axis: day, then the year under the first tick of each year), axis title
    xaxes = list(out.select_xaxes())
    axis_h = int(f * (3.4 if any(ax.type == "date" for ax in xaxes) else 2.4))
    axis_h += int(f * 1.5) if any(ax.title.text for ax in xaxes) else 0
    margin = out.layout.margin
    left = max(margin.l or 0, 10, _label_width(out, f - 1))
    legend_top = 1 - fr.header / preset.height
    heading = dict(text=f"<b>{_lines_html(fr.title)}</b>", x=0, xref="container", xanchor="left", y=1,
                   yref="container", yanchor="top", pad=dict(t=fr.title_pad, l=10),
                   font=dict(size=fr.title_size, color=INK))
    if fr.subtitle:
        heading["subtitle"] = dict(text=_lines_html(fr.subtitle), font=dict(size=fr.subtitle_size, color=MUTED))
    out.update_layout(
        width=preset.width, height=preset.height, autosize=False,
        paper_bgcolor="white", plot_bgcolor="white",
        font=dict(family=PRINT_FONT, size=f, color=INK),
        title=heading,
        # in container coordinates, under the subtitle: plotly moves the plot's top edge below the legend
        legend=dict(orientation="h", x=0, xref="container", xanchor="left", y=legend_top, yref="container",
                    yanchor="top", font=dict(size=legend_size), bgcolor="rgba(255,255,255,0)", title_text="",
                    indentation=10),
        margin=dict(l=left, r=max(margin.r or 0, 16), t=fr.header + int(f * 0.4), b=axis_h + fr.footer,
                    autoexpand=True),
    )
    if not interactive:
        out.update_layout(dragmode=False, hovermode=False)
    # Annotations of the chart itself keep their place; the footnote goes under the x axis.
    out.add_annotation(text=_lines_html(fr.footnote), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", yshift=-axis_h, xshift=10 - left, align="left", showarrow=False,
                       font=dict(size=fr.footnote_size, color=MUTED), name="caption")
    for ax in out.select_xaxes():
        if ax.type == "date" or ax.rangeslider.visible:
            ax.update(rangeslider=dict(visible=False), rangeselector=dict(visible=False))
        ax.update(tickfont=dict(size=f - 1, color=INK), title_font=dict(size=f, color=INK))
    for ax in out.select_yaxes():
        ax.update(tickfont=dict(size=f - 1, color=INK), title_font=dict(size=f, color=INK))
    for t in out.select_traces(selector=dict(type="heatmap")):
        if t.colorbar is not None:
            t.colorbar.update(len=0.8, thickness=max(8, f - 2), tickfont=dict(size=f - 2))
    return out


def _label_width(fig: go.Figure, size: int) -> int:
    """A generous estimate of the width of the y-axis labels, so the plot area's left edge is known
    and title and caption can line up with the figure's left edge."""
    labels: list[str] = []
    for ax in fig.select_yaxes():
        if ax.visible is not False and ax.ticktext:
            labels += [str(x) for x in ax.ticktext]
    for t in fig.data:
        y = getattr(t, "y", None) if t.type in ("bar", "heatmap") else None
        y = [] if y is None else list(y)
        if y and isinstance(y[0], str):
            labels += [str(v) for v in y]
    if not labels:
        return 0
    longest = max(len(re.sub(r"<[^>]*>|&[a-z#0-9]+;", "x", x)) for x in labels)
    return int(longest * size * 0.56 + 14)


# -------------------------------------------------------------------- bytes

def tag_png(png: bytes, dpi: int, text: dict[str, str]) -> bytes:
    """``png`` with its physical resolution (pHYs) and text entries (iTXt, UTF-8) added."""
    from PIL import Image, PngImagePlugin

    try:
        img = Image.open(io.BytesIO(png), formats=["PNG"])
        img.load()
    except (OSError, SyntaxError, ValueError):  # not a PNG (Pillow reports bad data as any of these)
        return png
    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info, dpi=(dpi, dpi))
    return out.getvalue()


def png_text(png: bytes) -> dict[str, str]:
    """The iTXt/tEXt entries of a PNG (for checks)."""
    from PIL import Image

    with Image.open(io.BytesIO(png), formats=["PNG"]) as img:
        return {str(k): str(v) for k, v in img.text.items()}


def html_bytes(fig: go.Figure, title: str, inline_js: bool = True, info: DocInfo | None = None) -> bytes:
    """An interactive chart as a standalone HTML page (plotly.js inline: works offline), with ``info`` as the
    page's description, keywords and date."""
    body = pio.to_html(fig, include_plotlyjs=True if inline_js else "cdn", full_html=False,
                       config={"displaylogo": False, "responsive": True})
    meta = "" if info is None else (
        f"<meta name='description' content='{html_text(info.one_line_description)}'>"
        f"<meta name='keywords' content='{html_text(info.keywords)}'>"
        f"<meta name='date' content='{html_text(info.aware_created.isoformat())}'>")
    page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html_text(title)}</title>{meta}"
            "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
            f"<body style='margin:16px;background:white'>{body}</body></html>")
    return page.encode("utf-8")


def image_bytes(fig: go.Figure, fmt: str, preset: Preset, title: str, caption: str,
                srv: ImageServer | None = None, subtitle: str = "", info: DocInfo | None = None) -> bytes:
    """``fig`` in the print theme with its title, subtitle and footnote (``caption``), as png/svg/pdf/html bytes
    of ``preset``'s size, with ``info`` (by default: the title, the caption as description) as the file's
    metadata."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    printed = print_figure(fig, preset, title, caption, interactive=(fmt == "html"), subtitle=subtitle)
    info = info or DocInfo(title, "\n".join(x for x in (subtitle, caption) if x.strip()))
    if fmt == "html":
        return html_bytes(printed, info.title, info=info)
    srv = srv or server()
    data = srv.render(printed, fmt, preset.width, preset.height, preset.scale if fmt == "png" else 1.0)
    if fmt == "png":
        return stamp_png(data, info, preset.dpi)
    if fmt == "svg":
        return stamp_svg(data, info)
    return stamp_pdf(data, info)


def write(path: str | Path, data: bytes) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p
