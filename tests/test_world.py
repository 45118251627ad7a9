"""World knowledge and discovery: countries, capitals and adjectives, offices by date, bodies and acronyms."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import timeline
from timeline import knowledge
from timeline.knowledge import world
from timeline.extract.actors import ActorFinder

FIXTURES = Path(__file__).parent / "fixtures" / "world"


@pytest.fixture(scope="module")
def finder():
    return ActorFinder(knowledge.load())


def found(finder, text, when=dt.date(2025, 5, 1)):
    return [(m.text, m.actor) for m in finder.find(text, [(0, len(text))], when)]


@pytest.mark.parametrize("text, actor", [
    ("Tokyo said Friday it would retaliate.", "Japan"),
    ("Benjamin Netanyahu spoke first. Netanyahu said more.", "Benjamin Netanyahu"),
    ("The World Health Organization said it was alarmed.", "World Health Organization"),
    ("Hamas said it would answer.", "HAMAS"),
    ("Turkish state media warned on Thursday.", "Turkish state media"),
    ("Sudan's army said it had retaken the bridge.", "Sudanese army"),
    ("The M23 rebels seized the airport on Sunday.", "M23 rebels"),
    ("The Rapid Support Forces (RSF) advanced. The RSF said it held the town.", "Rapid Support Forces"),
])
def test_world_names_and_bodies(finder, text, actor):
    assert actor in [a for _, a in found(finder, text)]


@pytest.mark.parametrize("text, actor", [
    ("This was similar to the briefing yesterday by the CDC in Atlanta.", "CDC"),
    ("The rules were set by the FAA on Monday.", "FAA"),
    ("The Zambian Miners Federation has called a strike for Wednesday.", "Zambian Miners Federation"),
    ("The Pacific Fisheries Commission had imposed a quota on Friday.", "Pacific Fisheries Commission"),
    ("Justice Department officials said they would appeal.", "Justice Department"),
    ("Britain said it would send aid.", "United Kingdom"),
    ("The UK government agreed to the plan.", "United Kingdom"),
])
def test_bodies_found_with_no_list(finder, text, actor):
    assert actor in [a for _, a in found(finder, text)]


@pytest.mark.parametrize("text, not_actor", [
    ("Cases rose during the SARS outbreak in 2003.", "SARS"),
    ("Nothing changed in the US on Monday.", "US"),
    ("Officials said on Monday the road was closed.", "Officials"),
    ("Federal officials said the beaches were open.", "Federal"),
    ("The CEO said profits would fall.", "CEO"),
])
def test_no_body_made_of_a_disease_a_place_or_a_plural(finder, text, not_actor):
    assert not_actor not in [a for _, a in found(finder, text)]


def test_a_surname_alone_needs_the_full_name_or_a_title(finder):
    assert "Benjamin Netanyahu" not in [a for _, a in found(finder, "Netanyahu spoke.")]
    assert "Benjamin Netanyahu" in [a for _, a in found(finder, "Prime Minister Netanyahu spoke.")]


def test_ordinary_words_are_not_names(finder):
    text = "Rice prices rose and Hope faded in May as the police said."
    assert [m for m in finder.find(text, [(0, len(text))]) if m.how in ("name", "alias")] == []


def test_an_adjective_alone_is_not_a_country(finder):
    assert found(finder, "A Japanese car was parked outside.") == []


def test_capital_after_a_preposition_is_a_place(finder):
    assert "Japan" not in [a for _, a in found(finder, "The envoy arrived in Tokyo on Monday.")]


def test_office_resolves_by_the_articles_date(finder):
    text = "The Israeli prime minister said on Monday that talks would resume."
    assert ("Israeli prime minister", "Ehud Olmert") in found(finder, text, dt.date(2007, 6, 1)) or \
        ("Israeli prime minister", "Benjamin Netanyahu") not in found(finder, text, dt.date(2007, 6, 1))
    assert ("Israeli prime minister", "Benjamin Netanyahu") in found(finder, text, dt.date(2012, 6, 1))


def test_an_office_without_a_known_holder_is_named_by_office_and_country(finder):
    assert ("Egypt's foreign minister", "Foreign minister of Egypt") in found(finder, "Egypt's foreign minister said.")


def test_a_dated_role_in_the_users_file_wins(tmp_path):
    for name in ("outlets.csv", "event_types.csv", "person_titles.txt"):
        (tmp_path / name).write_text((knowledge.PROJECT_DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "actors.csv").write_text(
        "name,aliases,kind,side,role\n"
        "Shigeru Ishiba,Ishiba|Shigeru Ishiba,person,Japan,Japanese prime minister from 2024-10-01 until 2025-10-21\n",
        encoding="utf-8")
    k = knowledge.load(tmp_path)
    assert k.actors[0].periods == (("Japanese prime minister", dt.date(2024, 10, 1), dt.date(2025, 10, 21)),)
    f = ActorFinder(k)
    text = "The Japanese prime minister told parliament on Thursday that talks had failed."
    assert ("Japanese prime minister", "Shigeru Ishiba") in found(f, text, dt.date(2025, 5, 8))
    assert ("Japanese prime minister", "Shigeru Ishiba") not in found(f, text, dt.date(2026, 5, 8))


def test_the_world_files_are_part_of_the_knowledge_fingerprint(tmp_path):
    for name in ("actors.csv", "outlets.csv", "event_types.csv", "person_titles.txt"):
        (tmp_path / name).write_text((knowledge.PROJECT_DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "world").mkdir()
    for name in world.FILES:
        (tmp_path / "world" / name).write_text((knowledge.PROJECT_DATA / "world" / name).read_text(encoding="utf-8"),
                                               encoding="utf-8")
    before = knowledge.load(tmp_path).fingerprint
    with open(tmp_path / "world" / "offices.csv", "a", encoding="utf-8") as f:
        f.write("president,Japan,Someone Else,2020-01-01,\n")
    assert knowledge.load(tmp_path).fingerprint != before


@pytest.mark.parametrize("day, first_actor", [
    ("2025-03-11", "Foreign minister of Egypt"),
    ("2025-03-09", "Rapid Support Forces"),
    ("2025-03-10", "Rapid Support Forces"),
    ("2025-03-05", "Sudanese army"),
    ("2025-03-10", "Sudanese army"),
    ("2025-03-06", "Turkish state media"),
    ("2025-03-15", "Turkish state media"),
    ("2025-05-09", "Japan"),
    ("2025-05-07", "World Trade Organization"),
    ("2025-05-06", "Brazil"),
])
def test_fixture_articles_first_actors(tmp_path_factory, day, first_actor):
    c = _built(tmp_path_factory)
    ev = c.events[c.events["date"].astype(str).str[:10] == day]
    assert first_actor in [a[0] for a in ev["actors"] if len(a)], ev[["actors", "summary"]].to_string()


_CORPUS = {}


def _built(tmp_path_factory):
    if "c" not in _CORPUS:
        _CORPUS["c"] = timeline.build([FIXTURES], cache_dir=tmp_path_factory.mktemp("cache"), use_cache=False,
                                      workers=1)
    return _CORPUS["c"]


@pytest.mark.parametrize("country, adjective", [("Sudan", "Sudanese"), ("Turkey", "Turkish"), ("Japan", "Japanese"),
                                                ("Nowhere Land", "Nowhere Land")])
def test_a_body_of_a_country_is_named_with_its_adjective(country, adjective):
    w = world.load(knowledge.load())
    assert w.adjective_of(country) == adjective
