"""Curation in the dashboard through AppTest: each action, uploads, document dates, history, read-only mode."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from timeline.store import edits as edit_db, loader

PUTIN_JAN24 = "4ecf30af6c22"
PEACE_ZEL = "75815863f1d8"
TRUMP_NOV7 = "06c2a2e5a57a"
PESKOV = "e0ee09e59661"
UNDATED_DOC = "002_7990236add324fa1"


@pytest.fixture
def app(monkeypatch, corpus_dir):
    monkeypatch.delenv("TIMELINE_READONLY", raising=False)
    monkeypatch.delenv("TIMELINE_HOSTED", raising=False)

    def _make(page: str | None = None, params: dict | None = None, env: dict | None = None) -> AppTest:
        monkeypatch.setenv("TIMELINE_DATA", str(corpus_dir))
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for k, v in (params or {}).items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at
    return _make


def edits(corpus_dir):
    return loader.open_log(corpus_dir).history()


def event_ids(at) -> set[str]:
    return set(at.session_state["_curated"].events["event_id"])


def keys(at) -> set:
    return {b.key for b in at.button} | {b.key for b in at.get("form_submit_button") if hasattr(b, "key")}


def test_accept_reject_and_the_toggle(app, corpus_dir):
    at = app("pages/events.py", {"event": PUTIN_JAN24})
    at.button(key="cur_accept").click().run()
    assert not at.exception
    h = edits(corpus_dir)
    assert list(h["action"]) == ["accept"] and list(h["who"]) == ["local"]
    at.sidebar.text_input(key="who").set_value("ann").run()
    at.button(key="cur_reject").click().run()
    assert PUTIN_JAN24 not in event_ids(at)  # hidden by default
    assert edits(corpus_dir).iloc[0]["who"] == "ann"
    at.sidebar.toggle(key="show_rejected").set_value(True).run()
    assert PUTIN_JAN24 in event_ids(at)


def test_edit_an_event(app, corpus_dir):
    at = app("pages/events.py", {"event": PUTIN_JAN24})
    at.text_input(key="cur_actors").set_value("Vladimir Putin, Donald Trump")
    at.text_area(key="cur_summary").set_value("Putin offers talks")
    at.selectbox(key="cur_type").set_value("meeting")
    at.button(key="cur_save").click().run()
    assert not at.exception
    e = at.session_state["_curated"].events.set_index("event_id").loc[PUTIN_JAN24]
    assert e["summary"] == "Putin offers talks" and list(e["actors"]) == ["Vladimir Putin", "Donald Trump"]
    assert e["event_type"] == "meeting"
    prev = json.loads(edits(corpus_dir).iloc[0]["previous"])
    assert prev["event_type"] == "statement" and "Russia" in prev["actors"]


@pytest.mark.slow
def test_merge_split_and_undo(app, corpus_dir):
    at = app("pages/events.py", {"event": PEACE_ZEL})
    at.selectbox(key="cur_merge_with").set_value(TRUMP_NOV7).run()
    at.button(key="cur_merge").click().run()
    assert TRUMP_NOV7 not in event_ids(at)
    at = app("pages/events.py", {"event": PESKOV})
    at.multiselect(key="cur_split_mentions").set_value([0]).run()
    at.button(key="cur_split").click().run()
    assert any(e.startswith("split-") for e in event_ids(at))
    at.sidebar.button(key="undo").click().run()
    assert not any(e.startswith("split-") for e in event_ids(at))
    h = edits(corpus_dir)
    assert list(h["action"]) == ["split", "merge"] and h.iloc[0]["undone"].startswith("undone by local")
    history = [t.value for t in at.table if "change" in t.value.columns and "undone" in t.value.columns]
    assert history and "merge" in history[0]["action"].tolist()
    # the undo is said under its button, naming the event split by its date and headline
    undo_note = [m.value for m in at.sidebar.success if m.value.startswith("Undone")]
    assert undo_note and "split off into a new event" in undo_note[0]
    assert "2024\\-11\\-08 · The Kremlin spokesperson clarified" in undo_note[0]
    # history rows name their event by date and headline, and the merge names the event merged in
    merge = history[0][history[0]["action"] == "merge"].iloc[0]
    assert PEACE_ZEL not in merge["what"] and merge["what"][:4].isdigit() and " · " in merge["what"]
    assert merge["change"].startswith("merged in the same event reported elsewhere") and TRUMP_NOV7 not in \
        merge["change"]


def test_add_an_event_by_hand(app, corpus_dir):
    at = app("pages/events.py")
    at.selectbox(key="add_doc").set_value("003_b7da2a06324abc62").run()
    at.text_area(key="add_quote").set_value("Moscow was open to dialogue")
    at.text_input(key="add_actors").set_value("Vladimir Putin")
    at.text_input(key="add_summary").set_value("Putin open to dialogue (by hand)")
    at.button(key="add_submit").click().run()
    assert not at.exception
    ev = at.session_state["_curated"].events
    manual = ev[ev["summary"] == "Putin open to dialogue (by hand)"]
    assert len(manual) == 1 and manual.iloc[0]["subject"] == "Vladimir Putin"
    # a sentence that is not in the document is refused
    at.text_area(key="add_quote").set_value("Words nobody wrote")
    at.button(key="add_submit").click().run()
    assert any("not in the document" in e.value for e in at.error)


def test_timeline_selection_reject(app, corpus_dir):
    at = app("pages/timeline.py")
    at.session_state["timeline_chart"] = {"selection": {"points": [{"customdata": [PUTIN_JAN24], "curve_number": 0,
                                                                    "point_number": 0, "point_index": 0}],
                                                        "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    at.button(key="sel_reject_0").click().run()
    assert PUTIN_JAN24 not in event_ids(at)
    assert [t.value for t in at.toast] and "Event rejected" in at.toast[0].value  # its panel is gone


def test_date_an_undated_document(app, corpus_dir):
    at = app("pages/sources.py")
    assert any("no publication date" in w.value for w in at.warning)
    before = at.session_state["_curated"].events
    n_undated = int(before["date"].isna().sum())
    at.date_input(key="undated_date_002_7990236add324fa1").set_value("2025-01-10")
    at.button(key="undated_save_002_7990236add324fa1").click().run()
    assert not at.exception
    docs = at.session_state["_curated"].documents.set_index("doc")
    assert str(docs.loc[UNDATED_DOC, "published"])[:10] == "2025-01-10"
    assert int(at.session_state["_curated"].events["date"].isna().sum()) < n_undated - 3  # re-anchored at once
    assert "2025-01-10" in (corpus_dir / "sources.csv").read_text()


def test_correct_metadata_of_a_document(app, corpus_dir):
    at = app("pages/sources.py", {"doc": "004_818d8616ca24f288"})
    at.text_input(key="meta_outlet").set_value("Epoch Times (print)")
    at.text_input(key="meta_url").set_value("https://example.org/putin-talks")
    at.button(key="meta_save").click().run()
    assert not at.exception
    d = at.session_state["_curated"].documents.set_index("doc").loc["004_818d8616ca24f288"]
    assert d["outlet"] == "Epoch Times (print)" and d["url"] == "https://example.org/putin-talks"
    assert edits(corpus_dir).iloc[0]["action"] == "meta"


@pytest.mark.slow
def test_upload_and_paste_articles(app, corpus_dir):
    at = app("pages/sources.py")
    n_docs = len(at.session_state["_curated"].documents)
    at.text_input(key="paste_title").set_value("Lavrov on talks")
    at.text_input(key="paste_outlet").set_value("TASS")
    at.date_input(key="paste_date").set_value("2025-02-03")
    at.text_area(key="paste_text").set_value("Russian Foreign Minister Sergey Lavrov said on Monday that talks "
                                             "with the United States could start soon.")
    at.button(key="paste_add").click().run()
    assert not at.exception
    docs = at.session_state["_curated"].documents
    assert len(docs) == n_docs + 1 and (corpus_dir / "lavrov-on-talks.txt").is_file()
    new = docs[docs["doc"] == "lavrov-on-talks"].iloc[0]
    assert new["outlet"] == "TASS" and str(new["published"])[:10] == "2025-02-03"
    ev = at.session_state["_curated"].events
    assert ((ev["subject"] == "Sergey Lavrov") & (ev["date"].astype(str).str.startswith("2025-02-03"))).any()
    # the same title again: a new file, the first one untouched
    at.text_input(key="paste_title").set_value("Lavrov on talks")
    at.text_area(key="paste_text").set_value("Another text.")
    at.button(key="paste_add").click().run()
    assert (corpus_dir / "lavrov-on-talks-2.txt").read_text() == "Another text."
    assert "Sergey Lavrov said on Monday" in (corpus_dir / "lavrov-on-talks.txt").read_text()
    h = edits(corpus_dir)
    assert list(h["action"]) == ["upload", "upload"]
    # undo removes the last added article from the corpus (kept aside, not deleted)
    at.sidebar.button(key="undo").click().run()
    assert not (corpus_dir / "lavrov-on-talks-2.txt").exists() and list((corpus_dir / ".removed").iterdir())


@pytest.mark.slow
def test_orphaned_edits_are_listed_on_the_sources_page(app, corpus_dir):
    at = app("pages/events.py", {"event": "b88330724fb9"})
    at.button(key="cur_reject").click().run()
    (corpus_dir / "003_b7da2a06324abc62.txt").unlink()
    at = app("pages/sources.py")
    table = next(d.value for d in at.dataframe if "why" in d.value.columns)
    assert list(table["event"]) == ["b88330724fb9"] and list(table["action"]) == ["reject"]


def test_hosted_deployment_is_read_only(app, corpus_dir):
    at = app("pages/events.py", {"event": PUTIN_JAN24}, env={"TIMELINE_HOSTED": "1"})
    assert "cur_accept" not in keys(at) and "undo" not in keys(at)
    at.switch_page("pages/sources.py").run()
    assert not at.exception and "upload_add" not in keys(at) and "paste_add" not in keys(at)
    assert any("Editing is off" in c.value for c in at.sidebar.caption)
    at = app("pages/events.py", {"event": PUTIN_JAN24}, env={"TIMELINE_READONLY": "1"})
    assert "cur_accept" not in keys(at)
    assert not edit_db.default_exists(corpus_dir) or edits(corpus_dir).empty


def test_edit_password_unlocks_editing(app, corpus_dir, monkeypatch):
    monkeypatch.setenv("TIMELINE_DATA", str(corpus_dir))
    monkeypatch.setenv("TIMELINE_HOSTED", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["timeline"] = {"edit_password": "s3cret"}
    at.query_params["event"] = PUTIN_JAN24
    at.run()
    at.switch_page("pages/events.py").run()
    assert "cur_accept" not in keys(at)
    at.sidebar.text_input(key="edit_password").set_value("wrong")
    at.sidebar.button(key="unlock").click().run()
    assert "cur_accept" not in keys(at) and any("Wrong password" in e.value for e in at.sidebar.error)
    at.sidebar.text_input(key="edit_password").set_value("s3cret")
    at.sidebar.button(key="unlock").click().run()
    at.button(key="cur_accept").click().run()
    assert list(edits(corpus_dir)["action"]) == ["accept"]


def test_database_url_from_the_secrets(app, corpus_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("TIMELINE_DATA", str(corpus_dir))
    for f in corpus_dir.glob(edit_db.DB_FILE + "*"):  # only the configured database may be used
        f.unlink()
    url = f"sqlite:///{tmp_path / 'hosted.sqlite'}"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["connections"] = {"timeline": {"url": url}}
    at.query_params["event"] = PUTIN_JAN24
    at.run()
    at.switch_page("pages/events.py").run()
    at.button(key="cur_reject").click().run()
    assert not edit_db.default_exists(corpus_dir)
    assert list(loader.open_log(corpus_dir, url).history()["action"]) == ["reject"]


@pytest.mark.slow
def test_two_sessions_editing_one_event_see_a_conflict_with_both_values(app, corpus_dir):
    ann = app("pages/events.py", {"event": PEACE_ZEL})
    bob = app("pages/events.py", {"event": PEACE_ZEL})   # both have the event's edit form open
    ann.sidebar.text_input(key="who").set_value("ann").run()
    bob.sidebar.text_input(key="who").set_value("bob").run()
    ann.text_area(key="cur_summary").set_value("ann's summary")
    ann.button(key="cur_save").click().run()
    assert not ann.exception
    bob.text_area(key="cur_summary").set_value("bob's summary")
    bob.button(key="cur_save").click().run()
    assert not bob.exception
    warning = " ".join(w.value for w in bob.warning)
    assert "ann" in warning and "ann's summary" in warning and "bob's summary" in warning
    # nothing reverted: ann's summary stands, bob's is in the history as a proposal
    assert bob.session_state["_curated"].events.set_index("event_id").loc[PEACE_ZEL, "summary"] == "ann's summary"
    h = edits(corpus_dir)
    assert list(h["action"]) == ["conflict", "edit"] and list(h["who"]) == ["bob", "ann"]
    bob.button(key="cur_save_anyway").click().run()
    assert not bob.exception and not bob.warning
    assert bob.session_state["_curated"].events.set_index("event_id").loc[PEACE_ZEL, "summary"] == "bob's summary"
    assert list(edits(corpus_dir)["action"]) == ["edit", "conflict", "edit"]


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
@pytest.mark.slow
def test_a_damaged_edit_database_is_set_aside_and_the_app_runs_on_the_extracted_events(app, corpus_dir, damage):
    log = loader.open_log(corpus_dir)
    for i in range(60):  # enough edits for a file of several pages
        log.record("ann", "reject", PUTIN_JAN24, {"status": "rejected"}, {"status": ""}, [f"evidence {i} " * 20])
    log.engine.dispose()
    db = corpus_dir / edit_db.DB_FILE
    for companion in corpus_dir.glob(edit_db.DB_FILE + "-*"):
        companion.unlink()  # the WAL was checkpointed into the file when the last connection closed
    whole = db.read_bytes()
    broken = whole[: len(whole) // 3] if damage == "truncated" else b"<html>not a database</html>\n" * 200
    db.write_bytes(broken)
    for page in ("pages/events.py", "pages/sources.py"):
        at = app(page, {"event": PUTIN_JAN24})
        assert not at.exception, at.exception
        warning = " ".join(w.value for w in at.warning)
        assert "edit database" in warning and "damaged" in warning and "set aside as" in warning
        assert PUTIN_JAN24 in event_ids(at)  # the extracted events: the rejection is in the damaged file
    aside = list(corpus_dir.glob(edit_db.DB_FILE + ".damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == broken and str(aside[0]) in warning
    assert not db.exists()
    # editing works again, on a new database
    at = app("pages/events.py", {"event": PUTIN_JAN24})
    at.button(key="cur_reject").click().run()
    assert not at.exception and list(edits(corpus_dir)["action"]) == ["reject"]


def test_messages_show_next_to_their_action_once(app, corpus_dir):
    at = app("pages/events.py", {"event": PUTIN_JAN24})
    at.button(key="cur_accept").click().run()
    assert [m.value.replace("\\", "") for m in at.main.success] == ["Event accepted."]
    assert not [m for m in at.sidebar.success]  # not at the foot of the sidebar any more
    at.run()  # shown once: the next run (any widget) has no stale message
    assert not [m for m in at.main.success]
    # a rejected event leaves the table and its panel: the message comes as a toast
    at.button(key="cur_reject").click().run()
    assert [t.value for t in at.toast] and "Event rejected" in at.toast[0].value
    assert not [m for m in at.main.success]
    at.run()
    assert not at.toast
