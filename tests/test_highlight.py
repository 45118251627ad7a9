"""Evidence HTML: spans marked, boilerplate greyed, and nothing from a document ever becomes markup."""
from __future__ import annotations

import re
from html import unescape

import pandas as pd

from timeline.views import highlight
from timeline.views.view import make_data
from timeline.views.highlight import Span
from timeline.extract.records import Block

HOSTILE = ('Putin said on Monday <script>alert(1)</script> that **talks** & <img src=x onerror=alert(1)> '
           '![x](http://example.com/x.png) [a](javascript:alert(1)) "quoted" \'single\'')


def visible(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def tags(html: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<\s*([a-zA-Z]+)", html)}


def test_mark_escapes_everything_and_keeps_the_text():
    spans = [Span(0, 5, "actor", 'Vladimir "<b>" Putin'), Span(14, 20, "date", "time expression")]
    out = highlight.mark(HOSTILE, spans)
    assert visible(out) == HOSTILE
    assert tags(out) == {"span"}
    assert "<script" not in out and "<img" not in out
    assert 'title="Vladimir &quot;&lt;b&gt;&quot; Putin"' in out


def test_overlapping_spans_are_flattened_with_the_most_specific_style():
    text = "On Monday Putin spoke."
    spans = [Span(0, 22, "sentence"), Span(3, 9, "date"), Span(3, 15, "actor", "x")]
    out = highlight.mark(text, spans)
    assert visible(out) == text
    pieces = re.findall(r'<span style="([^"]*)"[^>]*>([^<]*)</span>', out)
    style = {t: s for s, t in pieces}
    assert style["Monday"].startswith(highlight.STYLES["date"])
    assert style[" Putin"].startswith(highlight.STYLES["actor"])
    assert style[" spoke."] == highlight.STYLES["sentence"]


def test_spans_are_clipped_to_the_text():
    out = highlight.mark("abc", [Span(-5, 2, "date"), Span(2, 99, "actor"), Span(7, 9, "date")], offset=0)
    assert visible(out) == "abc"
    assert highlight.mark("", [Span(0, 3, "date")]) == ""


def test_sentence_uses_document_offsets():
    text = "Lead. Trump spoke on Friday about <b>tariffs</b>."
    start = text.index("Trump")
    row = pd.Series({"sentence": text[start:], "start": start, "end": len(text),
                     "date_start": text.index("Friday"), "date_end": text.index("Friday") + 6,
                     "actor_spans": [{"start": start, "end": start + 5, "actor": "Donald Trump"}]})
    out = highlight.mark_sentence(row)
    assert visible(out) == text[start:]
    assert re.search(r'<span style="[^"]*#FFE9A8[^"]*"[^>]*>Friday</span>', out)
    assert re.search(r'title="Donald Trump">Trump</span>', out)
    assert "&lt;b&gt;tariffs" in out and "<b>" not in out


def test_document_greys_boilerplate_and_marks_event_sentences():
    text = f"Title here\n\n{HOSTILE}\n\nSubscribe to our newsletter!\n"
    body = text.index("Putin")
    blocks = [Block(0, 10, "title", ""), Block(body, body + len(HOSTILE), "body", ""),
              Block(text.index("Subscribe"), len(text) - 1, "boilerplate", "newsletter <promo>")]
    mentions = pd.DataFrame([{"event_id": "e1", "start": body, "end": body + 40, "date_start": body + 14,
                              "date_end": body + 20, "actor_spans": [{"start": body, "end": body + 5,
                                                                      "actor": "Vladimir Putin"}]}])
    out = highlight.mark_document(text, blocks, mentions, focus=["e1"], summaries={"e1": "statement <x>"})
    assert visible(out) == text
    assert tags(out) == {"div", "span"}
    assert 'text-decoration:line-through' in out and 'title="removed · newsletter &lt;promo&gt;"' in out
    assert highlight.STYLES["focus"] in out and 'statement &lt;x&gt;' in out


def test_very_long_documents_are_cut():
    text = "x" * (highlight.MAX_DOC_CHARS + 10)
    out = highlight.mark_document(text, [Block(0, len(text), "body", "")])
    assert "not shown" in out and len(visible(out)) < len(text) + 100


def test_the_sample_documents_render_completely(seeds):
    data = make_data(seeds.events, seeds.mentions, seeds.documents, seeds.actors, cache_dir=str(seeds.cache_dir))
    for doc_id in seeds.documents["doc"]:
        doc = seeds.document(doc_id)
        out = highlight.document_html(data, doc)
        assert visible(out) == doc.text
        assert tags(out) <= {"div", "span"}
    event_id = seeds.events["event_id"].iloc[0]
    card = highlight.evidence_html(data, event_id)
    assert tags(card) <= {"div", "span", "b"}
    for sentence in seeds.mentions.loc[seeds.mentions["event_id"] == event_id, "sentence"]:
        assert sentence in visible(card)
