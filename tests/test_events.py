"""Events from the sample articles and the news fixtures: dates, actors, types, evidence, merging."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import timeline
from timeline import knowledge
from timeline.extract.article import read_article
from timeline.extract.events import EventFinder


def on(corpus, day: str, actor: str, event_type: str | None = None) -> pd.DataFrame:
    ev = corpus.events
    mask = (ev["date"] == pd.Timestamp(day)) & ev["actors"].map(lambda a: actor in a)
    if event_type:
        mask &= ev["event_type"] == event_type
    return ev[mask]


@pytest.mark.parametrize("day, actor, event_type, words", [
    ("2024-11-08", "Dmitry Peskov", "statement", "Peskov said on Nov. 8"),
    ("2025-01-20", "Vladimir Putin", "statement", "on January 20"),
    ("2025-01-24", "Vladimir Putin", "statement", "told reporters on Jan. 24"),
])
def test_design_card_events(seeds, day, actor, event_type, words):
    hits = on(seeds, day, actor, event_type)
    assert len(hits) == 1
    row = hits.iloc[0]
    assert row["actors"][0] == actor  # the subject comes first
    sentences = seeds.mentions[seeds.mentions["event_id"] == row["event_id"]]["sentence"]
    assert any(words in s for s in sentences)


def test_every_mention_slices_its_document(seeds):
    for m in seeds.mentions.itertuples():
        doc = seeds.document(m.doc)
        assert doc.text[m.start:m.end] == m.sentence
        assert m.start <= m.date_start < m.date_end <= m.end
        for span in m.actor_spans:
            assert m.start <= span["start"] < span["end"] <= m.end


def test_duplicate_article_does_not_double_events(seeds):
    jan24 = on(seeds, "2025-01-24", "Vladimir Putin", "statement").iloc[0]
    docs = set(seeds.mentions[seeds.mentions["event_id"] == jan24["event_id"]]["doc"])
    assert docs == {"000_71d70e9661b67c44", "001_2e68f2e274573102"}
    assert jan24["sources"] == 1  # the same article twice is one source
    story = seeds.events[seeds.events["docs"].map(lambda d: "000_71d70e9661b67c44" in d)]
    assert all("001_2e68f2e274573102" in d for d in story["docs"])


def test_undated_article_gets_nothing_dated_from_today(seeds):
    ev = seeds.events[seeds.events["docs"].map(lambda d: d == ["002_7990236add324fa1"])]
    assert len(ev) >= 4
    relative = ev[~ev["anchored"]]
    assert len(relative) >= 3 and relative["date"].isna().all()
    today = pd.Timestamp(dt.date.today())
    assert not (seeds.events["date"] >= pd.Timestamp("2025-03-01")).any()
    assert not (seeds.events["date"] == today).any()


@pytest.mark.parametrize("words", ["May 17", "May 16", "Bucharest Summit", "2008", "Rosstat", "Sumy"])
def test_nothing_from_the_news_feed_teaser_or_boxes(seeds, words):
    assert not seeds.mentions["sentence"].str.contains(words, regex=False).any()


def test_captions_are_flagged(seeds):
    caps = seeds.events[seeds.events["caption"]]
    assert set(caps["date"].dt.date) >= {dt.date(2018, 7, 16), dt.date(2023, 8, 2)}
    story = seeds.mentions[~seeds.mentions["caption"]]["sentence"]
    assert not story.str.contains("Photo by").any()


def test_reported_speech_keeps_both_times_apart(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2024-11-08\n\nKremlin spokesperson Dmitry Peskov said on Friday that Vladimir Putin "
                 "congratulated Donald Trump on Thursday.\n", encoding="utf-8")
    know = knowledge.load()
    doc = read_article(f, {}, know, "a")
    from timeline.extract.sentences import sentences
    events = EventFinder(know).events(doc, sentences(doc))
    got = {(e.date.isoformat(), e.actors[0], e.event_type) for e in events}
    assert got == {("2024-11-08", "Dmitry Peskov", "statement"), ("2024-11-07", "Vladimir Putin", "statement")}


def test_pronoun_after_a_named_person(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2025-01-26\n\nAndriy Yermak dismissed the remarks on Friday as empty words.\n\n"
                 "He added on Saturday that Europe must have a seat at the table.\n", encoding="utf-8")
    c = timeline.build([tmp_path], cache_dir=tmp_path / "c")
    sat = c.events[c.events["date"] == pd.Timestamp("2025-01-25")]
    assert list(sat["subject"]) == ["Andriy Yermak"]


def test_news_fixture_events(news):
    assert len(on(news, "2025-03-30", "Donald Trump")) >= 1
    assert len(on(news, "2025-05-19", "Donald Trump")) >= 1
    assert len(on(news, "2025-02-09", "Dmitry Peskov", "statement")) == 1
    # Nothing from the footers dated 2026, nothing after the latest article.
    assert not (news.events["date"] > pd.Timestamp("2025-08-16")).any()
    assert not news.mentions["sentence"].str.contains("Guanipa|Lutnick|TikTok").any()


def test_same_event_in_two_outlets_counts_two_sources(news):
    feb22 = news.events[(news.events["date_value"] == "2022-02")]
    assert (feb22["sources"] >= 2).any()
