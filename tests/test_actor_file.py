"""Adding a discovered actor to data/actors.csv: the user's file kept byte for byte, a backup, one click on the
Actors page (for sessions allowed to edit), and the next build knowing the actor."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

import timeline
from conftest import ROOT
from timeline import knowledge
from timeline.knowledge import adding
from timeline.store import frames

STORY = """date 2025-03-10

The Zorbl Liberation Front (ZLF) seized the port of Amara on Monday, residents said.

The ZLF said on Tuesday that it would hold the port until talks resumed.
"""
HEADER = "name,aliases,kind,side,role"


def knowledge_folder(tmp_path, actors: str):
    know = tmp_path / "know"
    know.mkdir()
    for name in ("outlets.csv", "event_types.csv", "person_titles.txt"):
        shutil.copy(knowledge.PROJECT_DATA / name, know / name)
    (know / "actors.csv").write_bytes(actors.encode("utf-8"))
    return know


@pytest.mark.parametrize("before", [
    f"{HEADER}\nAlpha Corp,Alpha|Alpha Corp,organization,Norway,\n",
    f"{HEADER},note\r\nAlpha Corp,Alpha,organization,Norway,,\"keep, this\"\r\n",   # an extra column, CRLF
    f"\ufeff{HEADER}\nAlpha Corp,Alpha,organization,Norway,",                         # a BOM, no final newline
    f"{HEADER}\n\"Alpha, Corp\",\"Alpha|Alpha, Corp\",organization,Norway,\"CEO|chief\"\n",
])
def test_the_user_file_is_kept_and_one_row_added(tmp_path, before):
    know = knowledge_folder(tmp_path, before)
    backup = adding.add_actor(know, "Zorbl Liberation Front", ["ZLF", "Zorbl Liberation Front"], "armed group",
                              "Zorbland")
    after = (know / "actors.csv").read_bytes()
    assert after.startswith(before.encode("utf-8"))
    assert backup.read_bytes() == before.encode("utf-8")
    added = {a.name: a for a in knowledge.files.load_actors(know / "actors.csv")}["Zorbl Liberation Front"]
    assert (added.aliases, added.kind, added.side) == (("Zorbl Liberation Front", "ZLF"), "armed group", "Zorbland")
    assert after.count(b"\r\n") in (0, after.count(b"\n"))  # the file's own line endings
    assert not [p for p in know.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name, aliases, kind, problem", [
    ("alpha corp", (), "organization", "already listed"),
    ("Beta", (), "wizard", "kind 'wizard'"),
    ("", (), "person", "needs a name"),
    ("Beta|Gamma", (), "person", "holds '|'"),
])
def test_a_bad_addition_names_the_file_and_changes_nothing(tmp_path, name, aliases, kind, problem):
    before = f"{HEADER}\nAlpha Corp,Alpha,organization,Norway,\n"
    know = knowledge_folder(tmp_path, before)
    with pytest.raises(knowledge.KnowledgeError, match=problem) as err:
        adding.add_actor(know, name, aliases, kind)
    assert "actors.csv" in str(err.value)
    assert (know / "actors.csv").read_text(encoding="utf-8") == before
    assert not (know / "actors.csv.bak").exists()


def test_an_alias_another_actor_holds_is_left_out(tmp_path):
    know = knowledge_folder(tmp_path, f"{HEADER}\nAlpha Corp,Alpha,organization,Norway,\n")
    adding.add_actor(know, "Alpha Group", ["Alpha", "AG"], "organization")
    added = {a.name: a for a in knowledge.files.load_actors(know / "actors.csv")}["Alpha Group"]
    assert added.aliases == ("Alpha Group", "AG")


def test_a_broken_file_is_reported_not_extended(tmp_path):
    before = f"{HEADER}\nAlpha Corp,Alpha,wizard,Norway,\n"
    know = knowledge_folder(tmp_path, before)
    with pytest.raises(knowledge.KnowledgeError, match=r"actors.csv:2: kind 'wizard'"):
        adding.add_actor(know, "Beta", (), "person")
    assert (know / "actors.csv").read_text(encoding="utf-8") == before


@pytest.fixture
def corpus_env(tmp_path, monkeypatch):
    know = knowledge_folder(tmp_path, (knowledge.PROJECT_DATA / "actors.csv").read_text(encoding="utf-8"))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "story.txt").write_text(STORY, encoding="utf-8")
    for var in ("TIMELINE_READONLY", "TIMELINE_HOSTED", "TIMELINE_EDIT_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TIMELINE_KNOWLEDGE", str(know))
    monkeypatch.setenv("TIMELINE_DATA", str(articles))
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    return know, articles


def test_discovered_actors_carry_their_kind_and_origin(corpus_env):
    know, articles = corpus_env
    actors = timeline.build([articles], knowledge_dir=know, workers=1).actors.set_index("actor")
    row = actors.loc["Zorbl Liberation Front"]
    assert (row["origin"], row["kind"], row["aliases"]) == ("discovered", "armed group", "ZLF")
    assert list(frames.ACTOR_COLUMNS) == list(actors.reset_index().columns)


def actors_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/actors.py").run()
    return at


def add_button(at, name: str):
    from dashboard.discovered import _key

    hits = [b for b in at.button if b.key == _key(name)]
    return hits[0] if hits else None


@pytest.mark.slow
def test_one_click_adds_a_discovered_actor_and_the_corpus_is_rebuilt_with_it(corpus_env):
    know, _ = corpus_env
    at = actors_page()
    assert not at.exception
    table = at.dataframe[0].value.set_index("actor")
    assert table.loc["Zorbl Liberation Front", "known from"] == "found in the text"
    assert any("discovered" in m.value and "Zorbl Liberation Front" in m.value for m in at.markdown)
    button = add_button(at, "Zorbl Liberation Front")
    assert button is not None and not button.disabled
    button.click().run()
    assert not at.exception
    added = {a.name: a for a in knowledge.load(know).actors}["Zorbl Liberation Front"]
    assert (added.kind, added.aliases) == ("armed group", ("Zorbl Liberation Front", "ZLF"))
    assert (know / "actors.csv.bak").exists()
    assert any("Added Zorbl Liberation Front" in s.value for s in at.success)
    table = at.dataframe[0].value.set_index("actor")
    assert table.loc["Zorbl Liberation Front", "known from"] == "your list"
    assert add_button(at, "Zorbl Liberation Front") is None


@pytest.mark.slow
def test_a_read_only_session_cannot_add(corpus_env, monkeypatch):
    know, _ = corpus_env
    monkeypatch.setenv("TIMELINE_READONLY", "1")
    before = (know / "actors.csv").read_bytes()
    at = actors_page()
    button = add_button(at, "Zorbl Liberation Front")
    assert button is not None and button.disabled
    assert "read-only" in button.help
    assert (know / "actors.csv").read_bytes() == before
