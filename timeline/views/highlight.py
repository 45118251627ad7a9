"""Escaped HTML for evidence: a sentence or a whole document with its extracted spans marked, and an
event's card with every mention.

Everything taken from a document goes through ``text.html_text`` and the output carries only
inline styles (no scripts, no links, no markdown): callers show it with ``st.html``, which does
not interpret markdown, so a document cannot add markup, scripts or formatting to the page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import pandas as pd

from . import query
from .text import html_text
from .view import Data
from ..extract.records import Document, iso_day

STYLES = {
    "date": "background:#FFE9A8;border-bottom:2px solid #E0A100;border-radius:3px;padding:0 2px;",
    "actor": "background:#DCE8F7;border-bottom:2px solid #2C5AA0;border-radius:3px;padding:0 2px;",
    "sentence": "background:#F1F7EE;box-shadow:inset 0 -1px 0 #9CCB86;",
    "focus": "background:#E3F2DA;box-shadow:inset 0 -2px 0 #54A24B;",
}
BLOCK_STYLES = {
    "body": "color:#262730;",
    "title": "color:#262730;font-weight:600;font-size:1.08em;",
    "meta": "color:#6B6F76;font-size:0.92em;",
    "caption": "color:#4A4F57;font-style:italic;border-left:3px solid #D5D9E0;padding-left:8px;",
    "boilerplate": "color:#A3A8B0;background:#F6F7F9;text-decoration:line-through;text-decoration-color:#C9CDD3;",
}
BLOCK_LABELS = {"title": "headline", "meta": "metadata", "caption": "photo caption", "boilerplate": "removed"}
MAX_DOC_CHARS = 300_000
_WRAP = ("font-family:'Source Sans Pro',sans-serif;font-size:15px;line-height:1.6;white-space:pre-wrap;"
         "word-wrap:break-word;")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str          # a key of STYLES
    title: str = ""    # tooltip (plain text; escaped on output)


_PRIORITY = {"date": 3, "actor": 2, "focus": 1, "sentence": 0}


def mark(text: str, spans: Iterable[Span], offset: int = 0) -> str:
    """``text`` escaped, with ``spans`` (offsets relative to ``offset``) wrapped in styled ``<span>``s.

    Overlapping spans are flattened: each piece of text gets the style of the most specific span
    covering it (date over actor over sentence).
    """
    n = len(text)
    clipped = []
    for s in spans:
        a, b = max(0, s.start - offset), min(n, s.end - offset)
        if b > a:
            clipped.append((a, b, s))
    if not clipped:
        return html_text(text)
    cuts = sorted({0, n, *(a for a, _, _ in clipped), *(b for _, b, _ in clipped)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html_text(text[a:b])
        over = [s for x, y, s in clipped if x <= a and y >= b]
        if not over:
            out.append(piece)
            continue
        kinds = {s.kind for s in over}
        top = max(over, key=lambda s: _PRIORITY.get(s.kind, 0))
        style = STYLES.get(top.kind, "")
        if top.kind in ("date", "actor") and kinds & {"focus", "sentence"}:
            style += "font-weight:600;"
        titles = [s.title for s in sorted(over, key=lambda s: -_PRIORITY.get(s.kind, 0)) if s.title]
        tip = f' title="{html_text(" · ".join(dict.fromkeys(titles)))}"' if titles else ""
        out.append(f'<span style="{style}"{tip}>{piece}</span>')
    return "".join(out)


def mention_spans(row) -> list[Span]:
    """Date and actor spans of one row of ``corpus.mentions`` (document offsets)."""
    spans = []
    if row["date_end"] > row["date_start"]:
        spans.append(Span(int(row["date_start"]), int(row["date_end"]), "date", "time expression"))
    for a in row["actor_spans"] or []:
        spans.append(Span(int(a["start"]), int(a["end"]), "actor", str(a["actor"])))
    return spans


def mark_sentence(row) -> str:
    """One mention's sentence with its time expression and actors highlighted."""
    text = str(row["sentence"])
    start = int(row["start"])
    body = mark(text, mention_spans(row), offset=start)
    return f'<div style="{_WRAP}">{body}</div>'


def legend() -> str:
    items = [("date", "time expression"), ("actor", "actor"), ("sentence", "sentence with an event")]
    parts = [f'<span style="{STYLES[k]}">{html_text(label)}</span>' for k, label in items]
    parts.append(f'<span style="{BLOCK_STYLES["boilerplate"]}">removed boilerplate</span>')
    parts.append(f'<span style="{BLOCK_STYLES["caption"]}">photo caption</span>')
    return f'<div style="font-size:13px;color:#6B6F76;display:flex;gap:12px;flex-wrap:wrap;">{"".join(parts)}</div>'


def mark_document(text: str, blocks: Sequence, mentions=None, focus: Iterable[str] = (),
             summaries: dict[str, str] | None = None) -> str:
    """A whole document: blocks styled by kind (boilerplate greyed), event sentences, dates and actors marked.

    ``blocks`` are objects with start/end/kind/reason; ``mentions`` rows of ``corpus.mentions`` for
    this document; sentences of events in ``focus`` are marked more strongly.
    """
    focus = set(focus)
    summaries = summaries or {}
    spans: list[Span] = []
    if mentions is not None:
        for _, m in mentions.iterrows():
            tip = summaries.get(str(m["event_id"]), "")
            kind = "focus" if str(m["event_id"]) in focus else "sentence"
            spans.append(Span(int(m["start"]), int(m["end"]), kind, tip))
            spans.extend(mention_spans(m))
    truncated = len(text) > MAX_DOC_CHARS
    if truncated:
        text = text[:MAX_DOC_CHARS]
    parts = []
    pos = 0
    for b in sorted(blocks, key=lambda b: b.start):
        if b.start >= len(text):
            break
        if b.start > pos:
            parts.append(mark(text[pos:b.start], spans, offset=pos))
        end = min(b.end, len(text))
        inner = mark(text[b.start:end], spans, offset=b.start)
        label = BLOCK_LABELS.get(b.kind, "")
        tip = " · ".join(x for x in (label, b.reason) if x)
        tip_attr = f' title="{html_text(tip)}"' if tip else ""
        parts.append(f'<span style="{BLOCK_STYLES.get(b.kind, "")}"{tip_attr}>{inner}</span>')
        pos = max(pos, end)
    if pos < len(text):
        parts.append(mark(text[pos:], spans, offset=pos))
    tail = ('<div style="color:#A3A8B0">… (the rest of this very long document is not shown)</div>'
            if truncated else "")
    return f'<div style="{_WRAP}">{"".join(parts)}</div>{tail}'


# ------------------------------------------------------------------ evidence of a corpus

def _doc_line(doc: pd.Series | None, m: pd.Series) -> str:
    title = doc["title"] if doc is not None else m["doc"]
    outlet = m["outlet"] or query.NO_OUTLET
    pub = iso_day(m["published"]) or "publication date unknown"
    extra = " · photo caption" if m["caption"] else ""
    return (f'<div style="color:#6B6F76;font-size:13px;margin:2px 0 10px 0">{html_text(title)} · '
            f'{html_text(outlet)} · {html_text(pub)}{extra}</div>')


def evidence_html(data: Data, event_id: str) -> str:
    """An event card: its date (as written and resolved), summary and every mention, highlighted."""
    rows = data.events[data.events["event_id"] == event_id]
    if rows.empty:
        return ""
    e = rows.iloc[0]
    if pd.isna(e["date"]):
        when = "undated" + ("" if e["anchored"] else " (relative date in an undated article)")
    elif e["date_end"] is not pd.NaT and not pd.isna(e["date_end"]) and e["date_end"] != e["date"]:
        when = f"{iso_day(e['date'])} – {iso_day(e['date_end'])} ({e['precision']})"
    else:
        when = iso_day(e["date"])
    flags = [x for x, on in (("planned", e["planned"]), ("photo caption only", e["caption"])) if on]
    docs = data.documents.set_index("doc")
    ms = data.mentions[data.mentions["event_id"] == event_id]
    parts = [
        '<div style="border:1px solid #E3E6EB;border-radius:8px;padding:12px 14px;margin:6px 0;background:#FFF">',
        f'<div style="font-size:15px"><b>{html_text(e["date_text"])}</b> '
        f'<span style="color:#6B6F76">→ {html_text(when)} · {html_text(e["event_type"])} · '
        f'{int(e["sources"])} source(s) · {int(e["n_mentions"])} mention(s)'
        f'{" · " + html_text(", ".join(flags)) if flags else ""}</span></div>',
        f'<div style="color:#31333F;font-size:13px;margin:2px 0 8px 0">Actors: '
        f'{html_text(", ".join(e["actors"]) or "none found")}</div>',
    ]
    for _, m in ms.iterrows():
        parts.append(mark_sentence(m))
        parts.append(_doc_line(docs.loc[m["doc"]] if m["doc"] in docs.index else None, m))
    parts.append("</div>")
    return "".join(parts)


def document_html(data: Data, doc: Document, focus=()) -> str:
    """The cleaned text of ``doc`` with blocks, event sentences, dates and actors marked (escaped)."""
    ms = data.mentions[data.mentions["doc"] == doc.doc_id]
    events = data.events.set_index("event_id")
    summaries = {}
    for eid in ms["event_id"].astype(str).unique():
        if eid in events.index:
            e = events.loc[eid]
            summaries[eid] = f"{e['event_type']} · {e['date_text']} → {iso_day(e['date']) or 'undated'}"
    return mark_document(doc.text, doc.blocks, ms, focus=focus, summaries=summaries)
