"""The start sets that choose which expression classes to try at a candidate: shipped up to date, read from
the patterns as a superset (never dropping a match), and the same results when computed afresh."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from timeline.timex import patterns, starts, tag


@pytest.mark.slow
def test_shipped_start_sets_fit_the_patterns():
    data = json.loads(starts.STARTS_FILE.read_text(encoding="utf-8"))
    assert data["signature"] == starts.starts_signature(), \
        "class patterns changed: run python -c 'from timeline.timex import starts; starts.write_start_sets()'"
    assert data["sets"] == {lead: starts.start_sets(lead) for lead in starts.LEAD_WORDS}


TEXTS = [
    "The talks ended on Thursday, the third day, and the next round is set for the first week of March 2025.",
    "This week Putin said that the past three months were hard; a year ago, an official spoke of the 1990s.",
    "THE SUMMIT OF 12/05/2024 WAS MOVED TO THE END OF THE YEAR, OFFICIALS SAID ON MONDAY.",
    "the\u00a0day before, the\tnext morning, a\ncouple of weeks later, an hour ago, this  afternoon, '90s.",
    "Kelvin \u212a and long \u017f: the \u017fame day, \u0130n May, ſummer 2024 and the 4th quarter.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_class_that_matches_is_tried(text):
    """At every candidate start, each class whose pattern matches there is among those the sets allow."""
    for m in patterns.START.finditer(text):
        s = m.start()
        tried = {name for name, _ in starts.matchers("", text[s:s + 2].lower())}
        for lead in starts.LEADS.get(text[s:s + 2].lower(), ()):
            if text[s:s + len(lead)].lower() == lead:
                tried = {name for name, _ in starts.matchers(lead, text[s + len(lead):s + len(lead) + 2].lower()
                                                             .translate(starts.COARSE))}
                break
        for name, pattern in patterns.CLASS_RE.items():
            cm = pattern.match(text, s)
            if cm is not None and cm.end() > s:
                assert name in tried, (text[s:s + 20], name)


@pytest.mark.slow
def test_sets_computed_afresh_give_the_same_tags(monkeypatch):
    text = " ".join(TEXTS)
    shipped = [(t.start, t.end, t.value) for t in tag(text, dt.date(2025, 1, 24))]
    monkeypatch.setattr(starts, "START_SETS", {})
    monkeypatch.setattr(starts, "MATCHER_TABLE", {})
    assert [(t.start, t.end, t.value) for t in tag(text, dt.date(2025, 1, 24))] == shipped
    assert set(starts.START_SETS) >= {""}


@pytest.mark.parametrize("word", ["\u017fummer", "\u017fpring", "\u212aalends", "\u0130ndependence Day", "Chri\u017ftmas"])
def test_words_matched_only_by_case_folding_never_raise(word):
    """re.IGNORECASE lets "\u017f" (long s) match "s": such a word is read as no expression, not a crash."""
    for t in tag(f"In {word} 2024, the talks went on.", dt.date(2025, 1, 24)):
        assert t.end > t.start
