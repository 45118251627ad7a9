"""Key dates: ranking, summaries, headlines, records, writers, the command and the bench protocol."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

import timeline
from timeline import cli
from timeline.bench import keydates as kb, main as bench_main
from timeline.views import keydates as kd

# A small story: a law passed on Monday 4 March 2024, reported the next day by three outlets and recalled
# weeks later; a lesser day (10 March) that one article names; a month-level mention many articles share.
ARTICLES = {
    "a1.txt": ("2024-03-05", "Parliament passed the pension reform law on Monday after a night of debate. "
               "The vote was 301 to 250. Protesters gathered outside in March 2024 as they had for weeks."),
    "a2.txt": ("2024-03-05", "Lawmakers approved the pension reform on Monday, the speaker said. "
               "Unions promised more strikes in March 2024."),
    "a3.txt": ("2024-03-06", "The pension reform passed by parliament on March 4 drew angry reactions. "
               "The finance minister will visit Brussels on March 10 to present the budget."),
    "a4.txt": ("2024-03-25", "Since parliament passed the pension reform on March 4, unions have held "
               "three strikes. Their leaders met the prime minister in March 2024."),
    "a5.txt": ("2024-04-02", "The reform adopted by parliament on March 4 takes effect next year. "
               "Critics said in March 2024 that it was rushed."),
}


def _write(folder, articles=ARTICLES):
    folder.mkdir(parents=True, exist_ok=True)
    for name, (date, text) in articles.items():
        (folder / name).write_text(f"date {date}\n{text}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    folder = _write(tmp_path_factory.mktemp("story") / "articles")
    return timeline.build([folder], cache_dir=tmp_path_factory.mktemp("story-cache"))


# ------------------------------------------------------------------ ranking

def test_the_day_most_articles_refer_to_ranks_first(story):
    counts = {}
    for d, g in kd.dated_mentions(story.events, story.mentions).groupby("day"):
        counts[d.date().isoformat()] = g["doc"].nunique()
    best = max(counts.values())
    top = kd.key_dates(story, k=1)
    assert len(top) == 1
    assert counts[top[0].date] == best
    assert top[0].articles == best


def test_k_records_best_first_and_only_day_precision(story):
    kds = kd.key_dates(story, k=3, spread=False)
    assert 1 <= len(kds) <= 3
    assert [x.score for x in kds] == sorted((x.score for x in kds), reverse=True)
    day_events = story.events[story.events["precision"].astype(str).isin(kd.DAY_PRECISIONS)]
    day_dates = {d.date().isoformat() for d in day_events["date"]}
    assert {x.date for x in kds} <= day_dates
    month_only = story.events[story.events["precision"].astype(str) == "month"]
    assert len(month_only), "the story should have month-precision events"
    for x in kds:  # a month mention never becomes a key date
        assert set(x.event_ids) <= set(day_events["event_id"])


def test_start_and_end_bound_the_dates(story):
    all_dates = sorted(x.date for x in kd.key_dates(story, k=10))
    assert len(all_dates) >= 2
    later = kd.key_dates(story, k=10, start=all_dates[1])
    assert later and all(x.date >= all_dates[1] for x in later)
    assert all_dates[0] not in {x.date for x in later}
    only = kd.key_dates(story, k=10, start=all_dates[0], end=all_dates[0])
    assert [x.date for x in only] == [all_dates[0]]


def test_later_references_break_a_tie_in_referring_articles():
    days = pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-03"], name="day")
    sig = pd.DataFrame({"referring": [4, 4, 4], "later": [0, 3, 0], "published": [0, 0, 0], "outlets": [0, 0, 0],
                        "sentences": [4, 4, 4]}, index=days)
    ranked = kd.rank_days(sig)
    assert ranked.index[0] == pd.Timestamp("2024-01-02")
    # with no weight on later articles, the tie falls back to the earlier day
    assert kd.rank_days(sig, w_later=0.0).index[0] == pd.Timestamp("2024-01-01")


# Behaviour table of the score: (referring, later, published) of two days -> which ranks first. Later
# references are articles looking back a week or more; published is that day's publication count.
RANK_TABLE = [
    # a day many later articles refer to outranks a busy publication day that fewer articles refer to
    ((4, 4, 0), (5, 0, 12), "first"),
    # more referring articles win when neither is looked back to
    ((6, 0, 1), (3, 0, 9), "first"),
    # a busy publication day alone is no key date: publication count carries no weight
    ((3, 0, 1), (3, 0, 20), "first"),  # tie on the score: the earlier day
    # references still win over looking back when they are many more
    ((2, 2, 0), (12, 0, 3), "second"),
]


@pytest.mark.parametrize("first,second,winner", RANK_TABLE)
def test_rank_table(first, second, winner):
    days = pd.DatetimeIndex(["2024-01-01", "2024-01-20"], name="day")
    sig = pd.DataFrame([first, second], columns=["referring", "later", "published"], index=days)
    sig = sig.assign(outlets=0, sentences=sig["referring"])
    top = kd.rank_days(sig).index[0]
    assert top == (days[0] if winner == "first" else days[1])


LOOKED_BACK = {  # a law passed on 4 March 2024, recalled by articles published weeks later
    f"later{i}.txt": (f"2024-04-{10 + i:02d}", f"Since parliament passed the pension law on March 4, unions have "
                      f"held {i + 2} strikes against it across the country.")
    for i in range(3)}
BUSY_DAY = {  # five articles published on Wednesday 20 March 2024 about that day's minor news
    f"busy{i}.txt": ("2024-03-20", f"Mayor Anna Berg announced new parking fees on Wednesday, {i + 2} weeks "
                     f"after the council debate.")
    for i in range(5)}


def test_a_day_later_articles_refer_to_outranks_a_busy_publication_day(tmp_path):
    corpus = timeline.build([_write(tmp_path / "articles", {**LOOKED_BACK, **BUSY_DAY})],
                            cache_dir=tmp_path / "cache")
    sig = kd.date_signals(corpus)
    recalled, busy = sig.loc["2024-03-04"], sig.loc["2024-03-20"]
    assert busy["published"] == 5 and busy["referring"] > recalled["referring"] and recalled["later"] == 3
    top = kd.key_dates(corpus, k=1)[0]
    assert top.date == "2024-03-04" and top.signals["later"] == 3


def _frames_of(rows, published=None):
    """Frames from (event_id, day, doc, sentence, date words) rows: one day-precision event per event_id."""
    ev = pd.DataFrame([{"event_id": e, "date": pd.Timestamp(d), "precision": "day", "event_type": "other",
                        "subject": subj} for e, d, subj in {(r[0], r[1], r[5] if len(r) > 5 else None)
                                                           for r in rows}])
    me = []
    for r in rows:
        e, _, doc, sentence, words = r[:5]
        i = sentence.index(words)
        me.append({"event_id": e, "doc": doc, "sentence": sentence, "start": 0, "end": len(sentence),
                   "date_start": i, "date_end": i + len(words), "caption": False, "outlet": "",
                   "published": pd.Timestamp(published or "2024-06-30")})
    me = pd.DataFrame(me)
    docs = pd.DataFrame({"doc": sorted(me["doc"].unique())})
    docs["published"] = pd.Timestamp(published or "2024-06-30")
    return ev, me, docs


def test_a_date_in_a_wire_dateline_is_a_time_stamp_not_a_reference():
    stamp = ("HOUSTON | Tue Jun 1, 2024 7:25 pm EDT HOUSTON (Reuters) - The company said it would try a new "
             "cap on the well next week.")
    rows = [("e1", "2024-06-01", f"d{i}", stamp, "Tue Jun 1, 2024 7:25 pm EDT") for i in range(4)]
    rows += [("e2", "2024-05-20", f"r{i}", "The well blew out on May 20 and has leaked ever since.", "May 20")
             for i in range(2)]
    ev, me, docs = _frames_of(rows)
    m = kd.dated_mentions(ev, me)
    assert m.groupby("event_id")["in_lead"].all().to_dict() == {"e1": True, "e2": False}
    sig = kd.date_signals((ev, me, docs))
    assert list(sig.index) == [pd.Timestamp("2024-05-20")] and sig.iloc[0]["referring"] == 2
    assert [x.date for x in kd.key_dates((ev, me, docs), k=2)] == ["2024-05-20"]


# ------------------------------------------------------------------ neighbouring days

def _ranked(days):
    idx = pd.DatetimeIndex(days, name="day")
    n = len(days)
    return pd.DataFrame({"referring": range(n, 0, -1), "later": 0, "published": 0, "outlets": 0,
                         "sentences": 1, "score": [float(x) for x in range(n, 0, -1)]}, index=idx)


SPREAD_TABLE = [
    # ranked days, k, spread -> the days chosen, in the order chosen
    (["2024-03-04", "2024-03-05", "2024-03-20", "2024-04-02"], 2, True, ["2024-03-04", "2024-03-20"]),
    (["2024-03-04", "2024-03-05", "2024-03-20", "2024-04-02"], 2, False, ["2024-03-04", "2024-03-05"]),
    (["2024-03-05", "2024-03-04", "2024-03-06", "2024-03-20"], 3, True,  # both neighbours wait
     ["2024-03-05", "2024-03-20", "2024-03-04"]),
    (["2024-03-04", "2024-03-05"], 2, True, ["2024-03-04", "2024-03-05"]),  # nothing else: neighbours fill in
    (["2024-03-04", "2024-03-06", "2024-03-05"], 3, True, ["2024-03-04", "2024-03-06", "2024-03-05"]),
]


@pytest.mark.parametrize("days,k,spread,chosen", SPREAD_TABLE)
def test_neighbouring_days_wait_in_a_spread_selection(days, k, spread, chosen):
    out = kd.select_days(_ranked(days), k, spread)
    assert [d.date().isoformat() for d in out.index] == chosen


def test_sparse_means_fewer_dates_than_one_a_week():
    assert kd.sparse(10, 70) and kd.sparse(3, 365)
    assert not kd.sparse(10, 69) and not kd.sparse(30, 31) and not kd.sparse(0, 100)


def test_key_dates_keep_neighbours_apart_only_in_a_sparse_timeline():
    """A blow-out reported on its day and the next (both with many references) and a lesser day a few days
    later: two key dates over a whole year are the blow-out and the lesser day; over a fortnight (one date a
    week is not sparse), the two busy neighbouring days."""
    rows = [("e1", "2024-05-20", f"a{i}", "The well blew out on May 20 and oil began to leak.", "May 20")
            for i in range(6)]
    rows += [("e2", "2024-05-21", f"b{i}", "Crews fought the fire on May 21 as the rig listed.", "May 21")
             for i in range(5)]
    rows += [("e3", "2024-05-25", f"c{i}", "Engineers fitted a cap to the well on May 25 after days.",
              "May 25") for i in range(3)]
    frames = _frames_of(rows)
    year = kd.key_dates(frames, k=2, start="2024-01-01", end="2024-12-31")
    assert [x.date for x in year] == ["2024-05-20", "2024-05-25"]
    fortnight = kd.key_dates(frames, k=2, start="2024-05-15", end="2024-05-27")
    assert [x.date for x in fortnight] == ["2024-05-20", "2024-05-21"]
    assert [x.date for x in kd.key_dates(frames, k=2, start="2024-01-01", end="2024-12-31", spread=False)] == \
        ["2024-05-20", "2024-05-21"]


def test_one_article_naming_a_day_often_counts_once():
    ev = pd.DataFrame({"event_id": ["e1", "e2"], "date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                       "precision": ["day", "day"], "event_type": ["other", "other"], "subject": [None, None]})
    rows = [("e1", "d1", i * 100) for i in range(10)] + [("e2", "d2", 0), ("e2", "d3", 0)]
    me = pd.DataFrame({"event_id": [r[0] for r in rows], "doc": [r[1] for r in rows],
                       "sentence": ["Something happened on that day, officials said."] * len(rows),
                       "start": [r[2] for r in rows], "end": [r[2] + 50 for r in rows],
                       "date_start": [r[2] + 20 for r in rows], "date_end": [r[2] + 31 for r in rows],
                       "caption": False, "outlet": "", "published": pd.Timestamp("2024-01-05")})
    docs = pd.DataFrame({"doc": ["d1", "d2", "d3"], "published": pd.to_datetime(["2024-01-05"] * 3)})
    sig = kd.date_signals({"events": ev, "mentions": me, "documents": docs})
    assert sig.loc["2024-01-01", "referring"] == 1
    assert sig.loc["2024-01-02", "referring"] == 2
    assert kd.key_dates((ev, me, docs), k=1)[0].date == "2024-01-02"


def test_default_k_grows_with_the_span_and_is_bounded():
    def sig(n_days, referring=3):
        idx = pd.date_range("2020-01-01", periods=n_days, freq="D", name="day")
        return pd.DataFrame({"referring": referring, "later": 0, "published": 1, "outlets": 0, "sentences": 1},
                            index=idx)
    week, month, year = kd.default_k(sig(7)), kd.default_k(sig(30)), kd.default_k(sig(365))
    assert kd.K_MIN <= week < month < year <= kd.K_MAX
    assert kd.default_k(sig(3000)) == kd.K_MAX
    # never more than the days at least two articles refer to
    s = sig(365)
    s["referring"] = 1
    s.iloc[:5, 0] = 2
    assert kd.default_k(s) == 5


# ------------------------------------------------------------------ records and evidence

def test_records_carry_their_evidence(story):
    kds = kd.key_dates(story, k=3)
    ids = set(story.events["event_id"])
    for x in kds:
        assert x.event_ids and set(x.event_ids) <= ids
        assert 1 <= len(x.sentences) <= 3
        assert x.summary == " ".join(s["sentence"] for s in x.sentences)
        assert 0 < len(x.headline.split()) <= kd.HEADLINE_WORDS
        for s in x.sentences:
            doc = story.document(s["doc"])
            assert doc.text[s["start"]:s["end"]] == s["sentence"]
            assert s["event_id"] in x.event_ids
            # the sentence's date expression is the key date
            ev = story.events.set_index("event_id").loc[s["event_id"]]
            assert ev["date"].date().isoformat() == x.date


def test_the_headline_names_the_event_it_was_made_from(story):
    """The story's evidence link and TimelineJS's headline go to this event: one of the day's, whose sentence
    gives the headline."""
    kds = kd.key_dates(story, k=5)
    ms = story.mentions
    for x in kds:
        assert x.headline_event in x.event_ids
        sentences = ms.loc[ms["event_id"] == x.headline_event, "sentence"].astype(str)
        first = x.headline.split(":")[0].split()[-1].strip('"“')
        assert any(first in s for s in sentences), (x.headline, list(sentences))
    assert json.loads(kd.to_jsonl(kds).splitlines()[0])["headline_event"] == kds[0].headline_event


def test_a_sentence_tells_one_date(story):
    kds = kd.key_dates(story, k=10)
    seen = [s["sentence"] for x in kds for s in x.sentences]
    assert len(seen) == len(set(seen))


def test_summary_picks_central_sentences_not_outliers():
    ev = pd.DataFrame({"event_id": ["e1"], "date": pd.to_datetime(["2024-01-01"]), "precision": ["day"],
                       "event_type": ["other"], "subject": [None]})
    texts = ["The central bank raised interest rates by half a point on Monday.",
             "On Monday the central bank raised its interest rates by half a point.",
             "Interest rates were raised by the central bank on Monday, by half a point.",
             "A football match was postponed on Monday because of heavy snow in the north."]
    me = pd.DataFrame({"event_id": "e1", "doc": [f"d{i}" for i in range(4)], "sentence": texts, "start": 0,
                       "end": [len(t) for t in texts], "date_start": 0, "date_end": 5, "caption": False,
                       "outlet": "", "published": pd.Timestamp("2024-01-02")})
    one = kd.key_dates((ev, me, None), k=1, sentences=1)[0]
    assert "bank" in one.summary  # the most central sentence, not the outlier
    two = kd.key_dates((ev, me, None), k=1, sentences=2)[0]
    assert two.sentences[0]["sentence"] == one.summary
    # redundancy removed: a second restatement of the same fact is not taken
    assert sum("bank" in s["sentence"] for s in two.sentences) == 1


# ------------------------------------------------------------------ headlines

def _span(sentence, words):
    i = sentence.index(words)
    return i, i + len(words)


def test_headline_drops_the_reporting_clause():
    s = "The Kremlin has no plans for talks with the new government, Peskov told reporters on Friday."
    h = kd.headline(s, _span(s, "Friday"))
    assert h.startswith("The Kremlin has no plans")
    assert "Peskov" not in h and "told" not in h and "Friday" not in h
    assert len(h.split()) <= kd.HEADLINE_WORDS


def test_headline_keeps_the_quote_and_its_speaker():
    s = '"We will make the company pay for the damage," the president said on Tuesday.'
    h = kd.headline(s, _span(s, "Tuesday"))
    assert h.lower().startswith("president:")
    assert '"We will make the company pay' in h


def test_headline_reported_speech_content_and_pronoun():
    s = "Peskov said on Friday that Putin congratulated Trump on his victory."
    h = kd.headline(s, _span(s, "Friday"))
    assert h.startswith("Putin congratulated Trump")
    s = "The oil spill commission said on Monday it found no evidence of sabotage."
    h = kd.headline(s, _span(s, "Monday"))
    assert h.startswith("Oil spill commission found no evidence")
    s = "Obama said on Monday the spill is the worst environmental disaster the country has faced."
    h = kd.headline(s, _span(s, "Monday"))
    assert h.startswith("Obama: the spill is")


def test_headline_dateline_appositive_and_length():
    s = ("LONDON (Reuters) - Tony Hayward, the company's chief executive, resigned on Tuesday after months "
         "of criticism over his handling of the spill that fouled hundreds of miles of coastline.")
    h = kd.headline(s, _span(s, "Tuesday"))
    assert h.startswith("Tony Hayward resigned")
    assert "Reuters" not in h and "LONDON" not in h
    assert len(h.split()) <= kd.HEADLINE_WORDS
    assert h.split()[-1].lower() not in kd._TRAILING_WEAK


PRONOUN_TABLE = [
    # headline, the event's subject -> headline shown
    ("He has visited the coast seven times since the spill", "Barack Obama",
     "Barack Obama has visited the coast seven times since the spill"),
    ("She: the company must pay for the damage", "Lisa Jackson", "Lisa Jackson: the company must pay for the damage"),
    ("They promised to rebuild the wetlands", "Gulf States", "Gulf States promised to rebuild the wetlands"),
    # the subject already in the headline: "he" is someone else
    ("He told Tony Hayward to resign", "Tony Hayward", "He told Tony Hayward to resign"),
    # "it" is most often "it is/was": no one to name; contractions are left alone
    ("It seemed inevitable that oil would reach the shore", "Coast Guard",
     "It seemed inevitable that oil would reach the shore"),
    ("He'd still recognize the island", "Dan Whittle", "He'd still recognize the island"),
    ("He resigned", "", "He resigned"),   # no subject named
]


@pytest.mark.parametrize("head,subject,shown", PRONOUN_TABLE)
def test_a_leading_pronoun_becomes_the_named_subject(head, subject, shown):
    assert kd.resolve_pronoun(head, subject) == shown


def test_a_pronoun_headline_gives_way_to_a_named_one():
    """The day's most central sentences all start with "It" (no one to name): the headline comes from a
    sentence with a named subject, the least central of the day (beyond the headline pool)."""
    vague = ["It was the worst day for the coast since the well blew out on May 20, residents said.",
             "It was a grim day on the coast when oil from the well reached the marshes on May 20.",
             "It is hard to forget how the well blew out on May 20 and the coast went dark.",
             "It began on May 20, when the well blew out and fishermen on the coast lost their season.",
             "It all changed on May 20, the day the well blew out off the coast, one fisherman recalled.",
             "It felt like the end of the coast as we knew it on May 20, when the well blew out."]
    named = "Coast Guard crews closed the shipping channel on May 20 as the slick spread."
    rows = [("e1", "2024-05-20", f"d{i}", v, "May 20", "Residents") for i, v in enumerate(vague)]
    rows += [("e2", "2024-05-20", "n1", named, "May 20")]
    x = kd.key_dates(_frames_of(rows), k=1, sentences=1)[0]
    assert x.summary == vague[0]  # the summary still tells the day's most central sentence
    assert x.headline.startswith("Coast Guard crews closed the shipping channel")
    assert x.headline_event == "e2"
    # with nothing better, the pronoun headline stays
    only = kd.key_dates(_frames_of(rows[:3]), k=1)[0]
    assert only.headline.startswith("It ")


def test_a_pronoun_subject_named_by_the_extraction_is_resolved():
    s = "He ordered a halt to deepwater drilling on May 27 until a safety review is done."
    x = kd.key_dates(_frames_of([("e1", "2024-05-27", f"d{i}", s, "May 27", "Barack Obama") for i in range(2)]),
                     k=1)[0]
    assert x.headline.startswith("Barack Obama ordered a halt to deepwater drilling")
    assert len(x.headline.split()) <= kd.HEADLINE_WORDS


def test_headline_speaker_possessive():
    s = 'In a statement on Friday, Gutfeld said his comments "may have been misunderstood" by viewers.'
    assert kd.headline(s, _span(s, "Friday")).startswith("Gutfeld's comments")


def test_headline_of_a_date_in_a_leading_time_clause_is_that_clause():
    s = "Since parliament passed the pension law on March 4, unions have held three strikes."
    assert kd.headline(s, _span(s, "March 4")) == "Parliament passed the pension law"
    s = "NEW ORLEANS (Reuters) - After BP capped the well on July 15, no oil has flowed into the Gulf."
    assert kd.headline(s, _span(s, "July 15")) == "BP capped the well"
    # the date outside the clause, or the clause only a date and a noun: the main clause is the event
    s = "After weeks of failed attempts, BP capped the well on July 15."
    assert kd.headline(s, _span(s, "July 15")).startswith("BP capped the well")
    s = "Before the vote on Tuesday, the senator called the bill flawed."
    assert kd.headline(s, _span(s, "Tuesday")).startswith("The senator called the bill")


# ------------------------------------------------------------------ writers

def test_writers(story, tmp_path):
    kds = kd.key_dates(story, k=3)
    lines = kd.write(kds, tmp_path / "k.jsonl").read_text(encoding="utf-8").splitlines()
    recs = [json.loads(line) for line in lines]
    assert [r["date"] for r in recs] == [x.date for x in kds]
    for r in recs:
        assert {"date", "score", "headline", "summary", "event_ids", "articles", "outlets", "sentences"} <= set(r)
    rows = list(csv.DictReader(io.StringIO(kd.write(kds, tmp_path / "k.csv").read_text(encoding="utf-8"))))
    assert [r["date"] for r in rows] == [x.date for x in kds]
    assert json.loads(rows[0]["sentences"])[0]["doc"] == kds[0].sentences[0]["doc"]
    md = kd.write(kds, tmp_path / "k.md").read_text(encoding="utf-8")
    for x in kds:
        assert x.date in md
    with pytest.raises(ValueError):
        kd.write(kds, tmp_path / "k.txt")


def test_markdown_escapes_table_and_empty_corpus():
    x = kd.KeyDate(date="2024-01-01", score=1.0, headline="A | B", summary="s",
                   sentences=[{"doc": "d", "sentence": "x | y", "published": None, "outlet": None}])
    md = kd.to_markdown([x])
    assert "A \\| B" in md and "x \\| y" in md
    assert "No day-precision dates" in kd.to_markdown([])


def test_one_markdown_writer_ranked_or_in_date_order():
    """The key-dates file (ranked, with scores) and a view's story (date order, filters) come from one writer:
    the same sections, evidence and escaping, in their own order."""
    from timeline.views import story

    def one(date, score, head, outlets=()):
        return kd.KeyDate(date=date, score=score, headline=head, summary=f"What happened on {date}.", articles=3,
                          outlets=list(outlets), sentences=[{"doc": f"doc-{date}", "sentence": f"Said on {date}.",
                                                             "published": date, "outlet": "Wire_Service"}])
    kds = [one("2024-03-04", 3.5, "Parliament *passes* the law", ["AP"]), one("2024-02-01", 2.0, "Talks open")]
    ranked = kd.to_markdown(kds)
    heads = [line for line in ranked.splitlines() if line.startswith("## ")]
    assert heads == ["## 1. 2024-03-04 — Parliament \\*passes\\* the law", "## 2. 2024-02-01 — Talks open"]
    assert "*3 articles\\: AP; score 3.50*" in ranked
    told = story.to_markdown(kds, filters="actor: Parliament")
    heads = [line for line in told.splitlines() if line.startswith("## ")]
    assert heads == ["## 2024-02-01 — Talks open", "## 2024-03-04 — Parliament \\*passes\\* the law"]
    assert told.startswith("# Story") and "*Filters: actor\\: Parliament*" in told and "score" not in told
    for md in (ranked, told):   # the same evidence lines, escaped the same way
        assert "- Said on 2024\\-03\\-04\\. (Wire\\_Service, 2024\\-03\\-04, doc\\-2024\\-03\\-04)" in md
        assert md.count("What happened on") == 2
    assert story.NO_STORY in story.to_markdown([]) and kd.MD_EMPTY in kd.to_markdown([])


# ------------------------------------------------------------------ command

def test_command(story, tmp_path, capsys):
    folder = _write(tmp_path / "articles")
    out = tmp_path / "kd.jsonl"
    assert cli.main(["keydates", str(folder), "--k", "2", "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert cli.main(["keydates", str(folder), "--k", "1"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# Key dates") and "## 1." in printed and "## 2." not in printed
    assert cli.main(["keydates", str(folder), "--start", "2024-03-10", "--end", "2024-03-01"]) == 2
    assert cli.main(["keydates", str(folder), "--out", str(tmp_path / "kd.xlsx")]) == 2
    with pytest.raises(SystemExit):
        cli.main(["keydates", str(folder), "--k", "0"])


def test_the_command_line_defines_the_subcommand():
    args = cli.parser().parse_args(["keydates", "x", "--k", "4", "--start", "2024-01-01"])
    assert args.k == 4 and str(args.start) == "2024-01-01" and args.func is cli.cmd_keydates


# ------------------------------------------------------------------ bench protocol

def test_bench_measures():
    assert kb.date_f1(["2024-01-01", "2024-01-02"], ["2024-01-02", "2024-01-05"]) == 0.5
    assert kb.pad(["b"], 3, ["a", "b", "c"]) == ["b", "a", "c"]
    docs = pd.DataFrame({"doc": list("abcdef"),
                         "published": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-01-03", "2024-01-01",
                                                      "2024-01-03", "2024-01-09"])})
    assert kb.pubcount(docs, 2, "2024-01-01", "2024-01-05") == ["2024-01-02", "2024-01-03"]
    ev, me, cut_docs = kb.cut((pd.DataFrame({"event_id": []}), pd.DataFrame({"doc": [], "event_id": []}), docs),
                              "2024-01-02", "2024-01-03")
    assert sorted(cut_docs["doc"]) == ["a", "b", "c", "e"]


def test_bench_runs_the_protocol(tmp_path, capsys):
    pytest.importorskip("rouge_score")
    topic = tmp_path / "tls" / "reform"
    _write(topic / "articles")
    ref = [{"date": "2024-03-04", "text": "Parliament passes the pension reform."},
           {"date": "2024-03-10", "text": "The finance minister presents the budget in Brussels."}]
    (topic / "reference_1.json").write_text(json.dumps(ref), encoding="utf-8")
    assert bench_main(["keydates", str(tmp_path / "tls"), "--fit", "--out", str(tmp_path / "r.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "reform/reference_1" in out and "average" in out and "leave one topic out" in out
    rec = json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert rec["k"] == 2 and len(rec["keydates"]) <= 2
    assert 0.0 <= rec["f1"] <= 1.0 and 0.0 <= rec["pubcount"] <= 1.0
    assert rec["f1"] == kb.date_f1(kb.pad([x["date"] for x in rec["keydates"]], 2,
                                          kb.pubcount(kb.load_tasks(tmp_path / "tls", log=lambda *a: None)[0]
                                                      .frames[2], 2, "2024-03-04", "2024-03-10")),
                                   ["2024-03-04", "2024-03-10"])


def test_minimal_and_empty_frames():
    ev = pd.DataFrame({"event_id": ["e1", "e2"], "date": pd.to_datetime(["2024-01-01", "2024-02-01"]),
                       "precision": ["day", "month"]})
    me = pd.DataFrame({"event_id": ["e1", "e2"], "doc": ["d1", "d1"],
                       "sentence": ["The council approved the plan on Monday after a long debate."] * 2,
                       "start": [0, 0], "end": [60, 60], "date_start": [32, 32], "date_end": [41, 41]})
    kds = kd.key_dates({"events": ev, "mentions": me, "documents": None})
    assert [x.date for x in kds] == ["2024-01-01"]
    assert kds[0].outlets == [] and kds[0].headline
    assert kd.key_dates((ev.iloc[:0], me.iloc[:0], None)) == []
    assert kd.key_dates((ev, me, None), k=0) == []


def test_bench_times_key_dates_on_one_corpus(tmp_path, capsys):
    folder = _write(tmp_path / "articles")
    assert bench_main(["keydates", str(folder), "--scale", "--runs", "2"]) == 0
    out = capsys.readouterr().out
    assert "5 articles" in out and "| default |" in out and "| 100 |" in out
    rows = kb.scale(folder, ks=(2,), runs=2, log=lambda *a: None)
    assert [r["dates"] for r in rows] == [2] and rows[0]["cpu_best"] <= rows[0]["cpu"]
