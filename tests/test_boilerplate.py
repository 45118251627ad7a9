"""Cutting copied web pages into story, captions, title, metadata and boilerplate."""
from __future__ import annotations

import pytest

from timeline.extract.boilerplate import segment

STORY = "Kremlin spokesman Dmitry Peskov said on Friday that Russia was ready for talks with Washington."


def kinds_of(text: str, title: str = "") -> dict[str, str]:
    return {text[b.start:b.end]: b.kind for b in segment(text, title)}


@pytest.mark.parametrize("line, kind", [
    ("Skip to content", "boilerplate"),
    ("Subscribe", "boilerplate"),
    ("* indicates required", "boilerplate"),
    ("Enter your email to subscribe", "boilerplate"),
    ("Thank you for signing up for this newsletter. We’ve sent you a confirmation email.", "boilerplate"),
    ("The Reuters Inside Track newsletter is your essential guide to the biggest events in global sport. Sign up here.",
     "boilerplate"),
    ("©2023-2024 California Insider All Rights Reserved.", "boilerplate"),
    ("Share This Article:", "boilerplate"),
    ("Link successfully copied", "boilerplate"),
    ("This audio is created with AI assistance", "boilerplate"),
    ("[](https://example.com/world/some-story-2026-02-10/)", "boilerplate"),
    ("## ___", "boilerplate"),
    ("Stand behind independent journalism when it’s needed most. Help us reach 20,000 members.", "boilerplate"),
    ("A man looks at a car destroyed in a strike on Kharkiv, Ukraine, Saturday, March 29, 2025. (AP Photo/Jane Doe)",
     "caption"),
    ("Vladimir Putin during a meeting in Moscow on Aug. 2, 2023. (Photo by John Smith/Pool/AFP via Getty Images)",
     "caption"),
    ("Leaders meet at the summit in Osaka, Japan June 28, 2019. REUTERS/Jane Doe/File Photo", "caption"),
    ("By Tom Ozimek", "meta"),
    ("by Tim Zadorozhnyy January 24, 2025 5:29 PM 2 min read", "meta"),
    ("11/8/2024Updated: 11/8/2024", "meta"),
    ("January 24, 2025 5:29 PM", "meta"),
    (STORY, "body"),
    ("The move reflected the country's refusal to engage, underscoring its position that peace talks must "
     "uphold its sovereignty and newsletter readers' interests alike, officials said.", "body"),
])
def test_line_kinds(line, kind):
    text = STORY + "\n\n" + line + "\n\n" + STORY.replace("Friday", "Monday")
    assert kinds_of(text)[line] == kind


def test_everything_after_a_news_feed_heading_is_boilerplate():
    text = (f"Title of the story\n\n{STORY}\n\nNews Feed\n\n10:13 AM\n\n"
            "Russian drone strike on civilian bus kills 9.\n\n"
            "Russia launched a drone strike on the region in the early morning of May 17, killing nine people.\n")
    k = kinds_of(text)
    assert k[STORY] == "body"
    assert k["Russia launched a drone strike on the region in the early morning of May 17, killing nine people."] \
        == "boilerplate"


def test_sign_off_ends_the_story():
    text = f"{STORY}\n\nReporting by Jane Doe; Editing by John Roe\n\nAnother headline about other news today\n"
    assert kinds_of(text)["Another headline about other news today"] == "boilerplate"


def test_teaser_for_another_story_before_a_furniture_box():
    teaser = "‘Utter nonsense’ — Ukraine rejects the demand to abandon a promise"
    blurb = "The response comes after a deputy minister criticized the 2008 summit declaration as a mistake."
    text = f"{STORY}\n\n{STORY}\n\n{teaser}\n{blurb}\n\nIndependent journalism needs a community —\nnot a paywall.\n"
    k = kinds_of(text)
    assert k[teaser] == "boilerplate" and k[blurb] == "boilerplate"
    assert k[STORY] == "body"


def test_subheads_inside_the_story_stay():
    sub = "Trump plans to talk to Putin"
    text = f"{STORY}\n\n{sub}\n\n{STORY}\n\n{STORY.replace('Friday', 'Sunday')}\n\n{STORY.replace('Friday', 'Monday')}\n"
    assert kinds_of(text)[sub] == "body"


def test_short_line_between_two_furniture_lines_is_furniture():
    mid = "We’re working hard to show the world the truth and keeping it free for everyone."
    text = f"{STORY}\n\nIndependent journalism needs a community —\n{mid}\nOur goal: reach 20,000 members.\n"
    assert kinds_of(text)[mid] == "boilerplate"


def test_header_prefix_and_dateline_are_split_off_the_story():
    text = "date 2025-01-20 Putin stated on January 20 that Moscow was open to dialogue.\n\n" \
           "MOSCOW, Feb 10 (Reuters) - Russia's foreign minister said on Monday that talks were possible.\n"
    blocks = segment(text)
    parts = {text[b.start:b.end]: b.kind for b in blocks}
    assert parts["date 2025-01-20"] == "meta"
    assert parts["Putin stated on January 20 that Moscow was open to dialogue."] == "body"
    assert parts["MOSCOW, Feb 10 (Reuters) -"] == "meta"
    assert parts["Russia's foreign minister said on Monday that talks were possible."] == "body"


def test_blocks_keep_offsets_and_never_overlap():
    text = open(__file__.replace("test_boilerplate.py", "fixtures/news/003_reuters_russia_hardball_peace_discussions.txt"),
                encoding="utf-8").read()
    blocks = segment(text)
    assert all(0 <= b.start < b.end <= len(text) for b in blocks)
    assert all(a.end <= b.start for a, b in zip(blocks, blocks[1:]))
    assert all(text[b.start:b.end].strip() == text[b.start:b.end] for b in blocks)
