"""The edit history as people read it: events named by date and headline, documents by title, changes in full."""
from __future__ import annotations

import pandas as pd

from timeline.store.curation import Edit
from timeline.store.history import HEADLINE_CHARS, headline, history_table

LONG = ("The council approved the new budget after a six-hour debate in which members argued over school "
        "funding, road repairs and the pay of the city's firefighters, and the mayor promised a review.")
EVENTS = pd.DataFrame({"event_id": ["e1", "e2"], "date": [pd.Timestamp("2024-03-04"), pd.NaT],
                       "summary": ["Council passes the budget", "Mayor resigns"]})
DOCS = pd.DataFrame({"path": ["/data/news/council.txt"], "title": ["Budget passes after long debate"]})


def edits() -> list[Edit]:
    return [
        Edit(1, "ann", "2026-12-04T18:00:05+00:00", "accept", "e1", new={"status": "accepted"}),
        Edit(2, "ann", "2026-12-04T18:01:00+00:00", "edit", "e1", new={"summary": LONG, "date": "2024-03-05"},
             previous={"summary": "Council passes the budget", "date": "2024-03-04"}),
        Edit(3, "bob", "2026-12-04T18:02:00+00:00", "merge", "e1", new={"other": "gone1"},
             previous={"other": {"date": "2024-03-04", "summary": "Budget vote in the council"}}),
        Edit(4, "bob", "2026-12-04T18:03:00+00:00", "meta", "council.txt",
             new={"file": "council.txt", "outlet": "Harbor Gazette"}, previous={"values": {"outlet": ""}}),
        Edit(5, "bob", "2026-12-04T18:04:00+00:00", "reject", "lost9", new={"status": "rejected"},
             undone=True, undone_by="ann", undone_at="2026-12-04T18:05:00+00:00"),
        Edit(6, "cy", "2026-12-04T18:06:00+00:00", "add", "man1",
             new={"event_id": "man1", "date": "2024-03-06", "summary": "Protest outside city hall"}),
    ]


def test_history_names_events_and_documents_and_shows_changes_in_full():
    t = history_table(edits(), EVENTS, DOCS)
    assert list(t["who"]) == ["cy", "bob", "bob", "bob", "ann", "ann"]  # newest first
    rows = t.set_index(t["target"] + ":" + t["action"])
    # an event is named by its date and headline, never by its bare id
    assert rows.loc["e1:accept", "what"] == "2024-03-04 · Council passes the budget"
    assert rows.loc["e1:accept", "change"] == "accepted"
    # the change in full, with the value it replaced
    change = rows.loc["e1:edit", "change"]
    assert LONG in change and "summary: Council passes the budget → " in change and "date: 2024-03-04 → " \
        "2024-03-05" in change
    # a merge names the event merged in (gone from the frames) by what the edit recorded
    assert rows.loc["e1:merge", "change"].endswith("2024-03-04 · Budget vote in the council")
    # a document by its title and file
    assert rows.loc["council.txt:meta", "what"] == "Budget passes after long debate (council.txt)"
    assert rows.loc["council.txt:meta", "change"] == "outlet: (none) → Harbor Gazette"
    # an event no frame has and no edit described still says so; an added event by what it was given
    assert rows.loc["lost9:reject", "what"] == "event lost9 (no longer found)"
    assert rows.loc["lost9:reject", "undone"] == "undone by ann at 2026-12-04 18:05 UTC"
    assert rows.loc["man1:add", "what"] == "2024-03-06 · Protest outside city hall"
    assert t.iloc[0]["when"] == "2026-12-04 18:06 UTC"


def test_an_event_edited_away_is_named_by_its_last_recorded_values():
    t = history_table(edits()[:2], None, None)
    assert set(t["what"]) == {headline("2024-03-05", LONG)}


def test_headline_is_short_and_says_undated():
    h = headline(None, LONG)
    assert h.startswith("undated · The council approved") and h.endswith("…")
    assert len(h) <= len("undated · ") + HEADLINE_CHARS + 1
    assert headline(pd.NaT, "") == "undated · (no summary)"
