"""Publication date, outlet and title: where each comes from and in which order."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline import knowledge
from timeline.extract.boilerplate import segment
from timeline.extract.metadata import Outlets, outlet_of, parse_date, publication_date, title_of

BODY = "\n\nKremlin spokesman Dmitry Peskov said on Friday that talks were possible, officials said.\n"


def pubdate(text: str, fields: dict | None = None, given: str = ""):
    fields = fields or {}
    d, source, _ = publication_date(text, segment(text), fields, given)
    return d, source


@pytest.mark.parametrize("text, fields, given, expected, source", [
    (" date 2025-01-24 This audio is created with AI assistance" + BODY, {}, "", "2025-01-24", "date header"),
    ("Headline of the story\n\nby Tim Zadorozhnyy January 24, 2025 5:29 PM 2 min read" + BODY, {}, "",
     "2025-01-24", "byline"),
    ("Headline of the story\nBy Tom Ozimek\n11/8/2024Updated: 11/8/2024" + BODY, {}, "", "2024-11-08", "date line"),
    ("MOSCOW, Feb 10 (Reuters) - Russia said on Monday that it was ready." + BODY,
     {"front:date": "2019-06-28", "front:source": "https://www.reuters.com/world/story-2025-02-10/"}, "",
     "2025-02-10", "dateline (year from URL)"),
    ("KYIV, March 3, 2025 (AFP) - Ukraine said on Monday that it was ready." + BODY, {}, "", "2025-03-03", "dateline"),
    ("Story text." + BODY, {"front:source": "https://example.com/2024/11/08/story"}, "", "2024-11-08", "url"),
    ("Story text." + BODY, {"front:date": "2025-05-19T22:44:02"}, "", "2025-05-19", "front matter"),
    ("Story text." + BODY, {"field:publication_date": "2025-03-30T08:02:36", "front:date": "2020-01-01"}, "",
     "2025-03-30", "page field"),
    (" date 2025-01-24 Story." + BODY, {}, "2025-01-23", "2025-01-23", "sources.csv"),
    ("Story with no date at all." + BODY, {}, "", None, ""),
    ("A caption from 2023. (Photo by Jane Doe/AFP via Getty Images)" + BODY, {}, "", None, ""),
])
def test_publication_date_order(text, fields, given, expected, source):
    d, src = pubdate(text, fields, given)
    assert (d.isoformat() if d else None) == expected
    assert src == source


@pytest.mark.parametrize("written, expected", [
    ("2025-01-24", "2025-01-24"),
    ("11/8/2024", "2024-11-08"),
    ("January 24, 2025 5:29 PM", "2025-01-24"),
    ("Jan. 24, 2025", "2025-01-24"),
    ("24 January 2025", "2025-01-24"),
    ("Sept 3rd, 2024", "2024-09-03"),
    ("2025-02-30", None),
    ("no date here", None),
])
def test_parse_date(written, expected):
    got = parse_date(written)
    assert (got[0].isoformat() if got else None) == expected


@pytest.mark.parametrize("written, expected", [
    ("31.03.2025", "2025-03-31"),
    ("8 ноября 2024", "2024-11-08"),
    ("Mon 31 Mar 2025 06.41 BST", "2025-03-31"),
    ("2 hours ago", None),       # relative: never resolved against today
    ("yesterday", None),
    ("March 2025", None),        # no day: not a publication date
])
def test_parse_date_fallback_formats(written, expected):
    got = parse_date(written, fallback=True)
    assert (got[0].isoformat() if got else None) == expected


@pytest.fixture(scope="module")
def outlets():
    return Outlets([(o, list(a)) for o, a in knowledge.load().outlets])


@pytest.mark.parametrize("text, fields, expected, source", [
    ("WASHINGTON (AP) — President said on Sunday that it was fine." + BODY, {}, "Associated Press", "dateline"),
    ("Story." + BODY, {"field:title": "Why it matters | Donald Trump News | Al Jazeera"}, "Al Jazeera", "title"),
    ("Story." + BODY, {"front:source": "https://www.reuters.com/world/x"}, "Reuters", "url"),
    ("Story." + BODY + "\nShare This Article:\nTom Ozimek is a senior reporter for The Epoch Times. He writes.\n", {},
     "The Epoch Times", "author note"),
    ("Story." + BODY, {}, "", ""),
])
def test_outlet(outlets, text, fields, expected, source):
    assert outlet_of(text, segment(text), fields, outlets) == (expected, source)


def test_outlet_given_in_sources_csv_wins(outlets):
    text = "WASHINGTON (AP) — x said on Sunday that it was fine." + BODY
    assert outlet_of(text, segment(text), {}, outlets, given="My Outlet") == ("My Outlet", "sources.csv")


@pytest.mark.parametrize("fields, text, expected", [
    ({"front:title": "Breaking: Trump's call with Putin exposes shifting ground"}, "x" + BODY,
     "Trump's call with Putin exposes shifting ground"),
    ({"field:title": "Russia plays hardball | Reuters"}, "x" + BODY, "Russia plays hardball"),
    ({}, "Putin Open to Talks With Trump on Ending Ukraine War: Kremlin\nComments" + BODY,
     "Putin Open to Talks With Trump on Ending Ukraine War: Kremlin"),
])
def test_title(fields, text, expected):
    got, _ = title_of(text, segment(text, fields.get("front:title", fields.get("field:title", ""))), fields,
                      Path("000_71d70e9661b67c44.txt"))
    assert got == expected


LEAD = ("Editor's note: The story was updated with a comment from the ministry.\n\n"
        "The ministry said on Tuesday that the bridge would reopen in May after two years of repairs. "
        "Officials said more work was needed.\n\n")


@pytest.mark.parametrize("text, name, expected, source", [
    # a heading between paragraphs, when the page has no headline
    ("The council met on Monday and voted on the budget for the coming year.\n\nBudget passes after long debate"
     "\n\nMembers argued for six hours before the vote was taken.\n", "123_9f8e7d6c5b4a3921.txt",
     "Budget passes after long debate", "first heading in the text"),
    # no heading: the story's first sentence (a labelled note skipped), never a file name of digits and hex
    (LEAD, "000_71d70e9661b67c44.txt",
     "The ministry said on Tuesday that the bridge would reopen in May after two years of repairs.", "first sentence"),
    # a file name made of words is the user's own title
    (LEAD, "bridge-reopens-in-may.txt", "bridge reopens in may", "file name"),
    # a long first sentence is cut at a word
    ("Officials from the regional transport authority said on Tuesday that the long-awaited bridge across the "
     "river would finally reopen to traffic in May after two years of repairs and delays.\n", "a1b2c3.txt",
     "Officials from the regional transport authority said on Tuesday that the long-awaited bridge across the "
     "river would…", "first sentence"),
])
def test_title_without_a_headline(text, name, expected, source):
    assert title_of(text, segment(text), {}, Path(name)) == (expected, source)


STORY = ("\n\nThe minister said on Friday that talks would resume next week, officials said.\n\n"
         "Both sides confirmed the meeting in separate statements on Saturday.\n")


@pytest.mark.parametrize("text, fields, expected, source", [
    # copyright lines in a footer: a known outlet by its first words, else the holder's name
    ("Talks resume" + STORY + "\n© 2025 Fox News Network, LLC. All rights reserved.\n", {}, "Fox News",
     "copyright line"),
    ("Talks resume" + STORY + "\nCopyright 2024 The Associated Press. All rights reserved.\n", {},
     "Associated Press", "copyright line"),
    ("Talks resume" + STORY + "\n©2023-2024 Harbor Gazette All Rights Reserved.\n", {}, "Harbor Gazette",
     "copyright line"),
    # a masthead: the outlet's name alone on a line at the top or the foot of the page
    ("Kyiv Independent\nTalks resume" + STORY, {}, "The Kyiv Independent", "masthead"),
    ("Talks resume" + STORY + "\nMore stories\n— REUTERS —\n", {}, "Reuters", "masthead"),
    # the site's name after the headline's separator
    ("Talks resume after a month | The Epoch Times" + STORY, {}, "The Epoch Times", "title"),
    ("Talks resume after a month - Kyiv Post" + STORY, {}, "Kyiv Post", "title"),
    # a known outlet stated by the page outranks an unknown name
    ("Talks resume" + STORY + "\nJane Roe is a reporter for Deutsche Welle.\n© 2025 Harbor Gazette\n", {},
     "Deutsche Welle", "author note"),
    # a report the opening paragraphs credit: only when the page names no outlet of its own
    ("Talks resume\n\nThe minister will travel to Geneva next week, NBC News reported on Friday.\n" + STORY, {},
     "NBC News", "credited in the opening paragraphs"),
    ("Talks resume\n\nThe talks were first reported by the Financial Times on Friday evening, officials said.\n"
     + STORY, {}, "Financial Times", "credited in the opening paragraphs"),
    ("Talks resume\n\nThe minister will travel to Geneva, NBC News reported.\n" + STORY + "\n© 2025 Harbor "
     "Gazette\n", {}, "Harbor Gazette", "copyright line"),
    # an outlet quoted further down is not the page's outlet; nor is a lowercase 'copyright' in a sentence
    ("Talks resume" + STORY + "\nThe plan was described in more detail later that day.\n\n"
     "More detail about the agenda came on Monday from the ministry.\n\n"
     "This was reported by CNN, citing sources.\n", {}, "", ""),
    ("Talks resume\n\nThe court ruled on copyright claims brought by authors against the company.\n" + STORY,
     {}, "", ""),
    ("Talks resume" + STORY + "\nThe US Copyright Office declined to comment.\n(c) The Ministry of Defence said "
     "so.\n", {}, "", ""),
])
def test_outlet_stated_in_the_text(outlets, text, fields, expected, source):
    assert outlet_of(text, segment(text), fields, outlets) == (expected, source)


def test_outlet_list_is_extendable(tmp_path):
    text = "Talks resume" + STORY + "\n© 2025 Harbor Gazette Media Group\n"
    mine = Outlets([(o, list(a)) for o, a in knowledge.load().outlets] + [("The Harbor Gazette",
                                                                             ["Harbor Gazette"])])
    assert outlet_of(text, segment(text), {}, mine) == ("The Harbor Gazette", "copyright line")


def test_sample_titles_and_outlets(seeds):
    """The sample's articles: no title is a file name; outlets where the text states them."""
    docs = seeds.documents.set_index("doc")
    assert not any(str(t).startswith(("000 ", "001 ", "002 ", "003 ", "004 ")) for t in docs["title"])
    assert docs.loc["000_71d70e9661b67c44", "title"].startswith("Russian President Vladimir Putin told reporters")
    assert docs.loc["003_b7da2a06324abc62", "title"] == "Putin set to discuss “Ukrainian conflict” with Trump"
    assert docs.loc["001_2e68f2e274573102", "title"].startswith("Putin claims Russia ready for Ukraine peace talks")
    outlets = {d: (o if isinstance(o, str) else "") for d, o in docs["outlet"].items()}
    assert outlets["002_7990236add324fa1"] == "Fox News"      # 'Fox News reported Friday' in its opening
    assert outlets["004_818d8616ca24f288"] == "The Epoch Times"  # the author note outranks the copyright holder
    # 003 quotes CNN further down and names no outlet of its own; 000 and 001 name none
    assert outlets["003_b7da2a06324abc62"] == outlets["000_71d70e9661b67c44"] == ""


def test_news_fixture_dates_match_provenance(news):
    expected = {
        "003_reuters_russia_hardball_peace_discussions": "2025-02-10",
        "004_reuters_galuzin_no_satisfactory_proposals": "2025-02-10",
        "010_ap_trump_finds_fault_putin_zelenskyy": "2025-03-30",
        "011_bbc_trump_very_angry_with_putin": "2025-03-31",
        "012_aljazeera_why_trump_very_angry_secondary_tariffs": "2025-03-31",
        "014_bbc_via_thebadely_trump_putin_call_shifting_ground": "2025-05-19",
        "015_bbc_via_thebadely_alaska_summit_no_ceasefire_no_deal": "2025-08-16",
    }
    got = {r.doc: r.published.date().isoformat() for r in news.documents.itertuples()}
    assert got == expected


def test_seed_dates(seeds):
    got = {r.doc: (r.published.date().isoformat() if r.published == r.published else None)
           for r in seeds.documents.itertuples()}
    assert got == {"000_71d70e9661b67c44": "2025-01-24", "001_2e68f2e274573102": "2025-01-24",
                   "002_7990236add324fa1": None, "003_b7da2a06324abc62": "2025-01-20",
                   "004_818d8616ca24f288": "2024-11-08"}
    assert dt.date(2024, 11, 8) == seeds.documents.set_index("doc").loc["004_818d8616ca24f288", "published"].date()
