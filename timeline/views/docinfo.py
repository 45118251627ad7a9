"""Document metadata written into exported chart files: title, description (the sources), keywords (the
filters) and the time the file was made.

- PDF: a new document information dictionary (Title, Subject, Keywords, Creator, Producer, CreationDate),
  appended as an incremental update, so the browser's own bytes are left as they are;
- SVG: ``<title>``, ``<desc>`` and an RDF/Dublin Core ``<metadata>`` block as the first children of ``<svg>``;
- PNG: text chunks Title, Description, Keywords, Creation Time and Software (``tEXt`` when the text is Latin-1,
  ``iTXt`` in UTF-8 otherwise).

Each function returns the input unchanged when it is not a file of its format.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

SOFTWARE = "Timeline"


@dataclass(frozen=True)
class DocInfo:
    title: str
    description: str = ""          # plain text; newlines separate statements
    keywords: str = ""             # the filters in words
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))

    @property
    def one_line_description(self) -> str:
        return " · ".join(x.strip() for x in self.description.splitlines() if x.strip())

    @property
    def aware_created(self) -> dt.datetime:
        c = self.created
        return c if c.tzinfo else c.astimezone()


# ------------------------------------------------------------------------ PDF

def _pdf_text(value: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, written in hex (any character, nothing to escape)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(when: dt.datetime) -> str:
    """``D:YYYYMMDDHHmmSS+HH'mm'``, the PDF date format."""
    off = when.utcoffset() or dt.timedelta(0)
    sign = "-" if off < dt.timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.S)


def stamp_pdf(pdf: bytes, info: DocInfo) -> bytes:
    """``pdf`` with ``info`` as its document information dictionary (an incremental update of a PDF with a
    classic cross-reference table, as Chromium writes them)."""
    found = _TRAILER.search(pdf[-4096:])
    if not pdf.startswith(b"%PDF-") or not found:
        return pdf
    trailer, prev = found.group(1), int(found.group(2))
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer)
    if not size or not root:
        return pdf
    old_info = re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer)
    n_size = int(size.group(1))
    num = int(old_info.group(1)) if old_info else n_size
    made = pdf_date(info.aware_created)
    entries = [(b"Title", _pdf_text(info.title)), (b"Subject", _pdf_text(info.one_line_description)),
               (b"Keywords", _pdf_text(info.keywords)), (b"Creator", _pdf_text(SOFTWARE)),
               (b"Producer", _pdf_text(f"{SOFTWARE} (plotly, kaleido, Chromium)")),
               (b"CreationDate", b"(" + made.encode("ascii") + b")"), (b"ModDate", b"(" + made.encode("ascii") + b")")]
    body = bytearray(_blank_object(pdf, num) if old_info else pdf)
    if not body.endswith(b"\n"):
        body += b"\n"
    offset = len(body)
    body += f"{num} 0 obj\n<<".encode("ascii") + b"\n".join(b"/" + k + b" " + v for k, v in entries) + b">>\nendobj\n"
    xref = len(body)
    # the section starts with the head of the free list (object 0), as readers expect a table to
    body += f"xref\n0 1\n0000000000 65535 f \n{num} 1\n{offset:010d} 00000 n \n".encode("ascii")
    body += (f"trailer\n<</Size {max(n_size, num + 1)}\n/Root ".encode("ascii") + root.group(1) +
             f"\n/Info {num} 0 R\n/Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n".encode("ascii"))
    return bytes(body)


def _blank_object(pdf: bytes, num: int) -> bytes:
    """``pdf`` with the dictionary of object ``num`` (the old information dictionary) overwritten by spaces, so
    that its text (the browser's own title) is gone; every byte keeps its place, so the cross-reference table
    stays right."""
    found = re.search(rb"(?:^|[\r\n])" + str(num).encode() + rb" 0 obj\s*<<(.*?)>>\s*endobj", pdf, re.S)
    if not found or b"stream" in found.group(1):
        return pdf
    a, b = found.span(1)
    return pdf[:a] + b" " * (b - a) + pdf[b:]


# ------------------------------------------------------------------------ SVG

_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def stamp_svg(svg: bytes, info: DocInfo) -> bytes:
    """``svg`` with ``<title>``, ``<desc>`` and Dublin Core ``<metadata>`` right after its opening tag."""
    head = _SVG_OPEN.search(svg[:4096])
    if not head:
        return svg
    made = info.aware_created.isoformat()
    meta = ("<metadata><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><rdf:Description rdf:about=\"\">"
            f"<dc:title>{escape(info.title)}</dc:title><dc:description>{escape(info.one_line_description)}"
            f"</dc:description><dc:subject>{escape(info.keywords)}</dc:subject><dc:date>{escape(made)}</dc:date>"
            f"<dc:creator>{SOFTWARE}</dc:creator><dc:format>image/svg+xml</dc:format>"
            "</rdf:Description></rdf:RDF></metadata>")
    block = (f"<title>{escape(info.title)}</title><desc>{escape(info.description.strip())}</desc>" + meta)
    return svg[: head.end()] + block.encode("utf-8") + svg[head.end():]


# ------------------------------------------------------------------------ PNG

def png_entries(info: DocInfo) -> dict[str, str]:
    return {"Title": info.title, "Description": info.one_line_description, "Keywords": info.keywords,
            "Creation Time": email.utils.format_datetime(info.aware_created), "Software": SOFTWARE}


def stamp_png(png: bytes, info: DocInfo, dpi: int | None = None) -> bytes:
    """``png`` with text chunks for ``info`` (and its resolution when ``dpi`` is given); the pixels are kept."""
    from PIL import Image, PngImagePlugin

    try:
        img = Image.open(io.BytesIO(png), formats=["PNG"])
        img.load()
    except (OSError, SyntaxError, ValueError):  # not a PNG (Pillow reports bad data as any of these)
        return png
    chunks = PngImagePlugin.PngInfo()
    for key, value in png_entries(info).items():
        if value:
            chunks.add_text(key, value)   # tEXt when Latin-1 can hold it, else iTXt (UTF-8)
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=chunks, **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) of each chunk of a PNG, in file order (for checks)."""
    out, pos = [], 8
    while pos + 8 <= len(png):
        n = int.from_bytes(png[pos: pos + 4], "big")
        out.append((png[pos + 4: pos + 8], png[pos + 8: pos + 8 + n]))
        pos += 12 + n
    return out
